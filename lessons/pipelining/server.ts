import { setTimeout as sleep } from "node:timers/promises";
import type { HttpRequest, HttpServer, ResponseInit } from "../../src/http/index.js";
import { httpServer } from "../../src/http/index.js";
import type { LessonContext } from "../../src/runtime/lesson.js";
import type { text } from "./text.js";

export interface PipeServerOptions {
  host: string;
  port: number;
  /** After this many requests on a connection the server answers Connection: close and closes. */
  maxRequestsPerConnection?: number;
  name?: string;
  /** Where to record each request's times (the replay's head-of-line table); none in --serve. */
  timings?: RequestTiming[];
}

/** One request as the server lived it, on the trace's clock. */
export interface RequestTiming {
  conn: number | null;
  /** 1 for the first request on its connection, 2 for the next, … */
  index: number;
  /** Method and target. */
  request: string;
  arrived: number;
  /** When its answer was ready but had to wait for one before it (only if it did). */
  held?: number;
  /** When its answer was written. */
  sent?: number;
}

/** How long /slow takes when the request does not say (?ms=). */
export const SLOW_DEFAULT_MS = 1000;
/** The most /slow will sleep, whatever ?ms= asks. */
export const SLOW_MAX_MS = 10_000;

export function splitTarget(target: string): { path: string; query: URLSearchParams } {
  const q = target.indexOf("?");
  return q < 0
    ? { path: target, query: new URLSearchParams() }
    : { path: target.slice(0, q), query: new URLSearchParams(target.slice(q + 1)) };
}

/** The delay /slow asks for: ?ms=, clamped; the default when absent or not a number. */
export function slowMs(target: string): number {
  const raw = splitTarget(target).query.get("ms");
  const n = raw === null || !/^\d{1,6}$/.test(raw) ? SLOW_DEFAULT_MS : Number(raw);
  return Math.min(n, SLOW_MAX_MS);
}

/**
 * The lesson's server. GET /slow?ms=N answers after N ms; every other path
 * answers at once with a short text naming it, so a response is easy to
 * match to its request by eye. POST answers with the size of what it got.
 * Pipelined requests are worked on side by side (the HTTP server does that)
 * but answered in order; when an answer is ready while one before it is not,
 * the server says so: that wait is head-of-line blocking.
 */
export async function pipeliningServer(
  ctx: LessonContext<typeof text.en>,
  opts: PipeServerOptions,
): Promise<HttpServer> {
  /** Per connection: requests taken in whose answer is not ready yet, by their index on it. */
  const open = new Map<number | null, Map<number, string>>();
  const track = (conn: number | null) => {
    let m = open.get(conn);
    if (!m) {
      // A server running for hours forgets connections that died mid-pipeline.
      if (open.size > 1000) open.clear();
      m = new Map();
      open.set(conn, m);
    }
    return m;
  };
  /** Timings whose answer is not written yet, by connection and index. */
  const unsent = new Map<string, RequestTiming>();
  // Closing the server (or Ctrl-C) cuts short any /slow still sleeping.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  ctx.signal.addEventListener("abort", onAbort, { once: true });
  const server = await httpServer(ctx, {
    host: opts.host,
    port: opts.port,
    name: opts.name ?? "serverSocket",
    ...(opts.maxRequestsPerConnection !== undefined
      ? { maxRequestsPerConnection: opts.maxRequestsPerConnection }
      : {}),
    async handler(request, info) {
      const pending = track(info.conn);
      const name = `${request.method} ${request.target}`;
      pending.set(info.index, name);
      let timing: RequestTiming | undefined;
      if (opts.timings) {
        timing = { conn: info.conn, index: info.index, request: name, arrived: info.at };
        opts.timings.push(timing);
        unsent.set(`${info.conn}/${info.index}`, timing);
      }
      const response = await answer(request, stop.signal);
      pending.delete(info.index);
      // Held only behind an answer that is not even ready: being next in line to be written is no wait.
      const before = [...pending.keys()].filter((i) => i < info.index).sort((a, b) => a - b);
      if (before.length > 0) {
        if (timing) timing.held = ctx.now();
        ctx.note(
          "note.readyHeld",
          {
            conn: info.conn,
            readyIndex: info.index,
            request: name,
            behind: pending.get(before[0]!) ?? "—",
            count: before.length,
          },
          "server",
        );
      }
      return response;
    },
    // One recv() can bring more requests than the server takes: say what became of the rest.
    onSplit(split) {
      if (split.whole <= split.taken) return;
      const facts = {
        whole: split.whole,
        taken: split.taken,
        rest: split.whole - split.taken,
        conn: split.conn,
      };
      if (split.stopped === "limit" && opts.maxRequestsPerConnection !== undefined)
        ctx.note("note.splitLimit", { ...facts, max: opts.maxRequestsPerConnection }, "server");
      else ctx.note("note.splitClose", facts, "server");
    },
    onExchange(exchange) {
      const key = `${exchange.info.conn}/${exchange.info.index}`;
      const timing = unsent.get(key);
      if (timing) {
        timing.sent = exchange.sentAt;
        unsent.delete(key);
      }
      const pending = open.get(exchange.info.conn);
      if (pending && (pending.size === 0 || !exchange.persist.keep))
        open.delete(exchange.info.conn);
    },
  });
  const close = server.close.bind(server);
  return Object.assign(server, {
    async close() {
      stop.abort();
      ctx.signal.removeEventListener("abort", onAbort);
      await close();
    },
  });
}

export async function answer(request: HttpRequest, signal?: AbortSignal): Promise<ResponseInit> {
  const { path } = splitTarget(request.target);
  const headers = { "Content-Type": "text/plain; charset=utf-8" };
  if (request.method === "POST") {
    return {
      status: 200,
      headers,
      body: `POST ${path}: got ${request.body.length} B\n`,
    };
  }
  if (path === "/slow") {
    const ms = slowMs(request.target);
    // Cut short only when the server is closing; the answer then goes nowhere.
    await sleep(ms, undefined, signal ? { signal } : {}).catch(() => {});
    return {
      status: 200,
      headers,
      body: `${request.method} ${request.target}: answered after ${ms} ms\n`,
    };
  }
  return { status: 200, headers, body: `${request.method} ${request.target}: this is ${path}\n` };
}
