/**
 * A run without the CLI, for the HTTP tests: a Tracer, a NetEnv and the
 * resources to close, like src/runtime/run.ts sets up, plus small helpers to
 * talk to a server with raw bytes.
 */
import net from "node:net";
import type { NetEnv } from "../src/net/env.js";
import { Resources } from "../src/runtime/resources.js";
import type { HttpEvent, NoteEvent, TraceEvent } from "../src/trace/events.js";
import { Tracer } from "../src/trace/tracer.js";

export interface Harness {
  env: NetEnv;
  tracer: Tracer;
  events: TraceEvent[];
  http(actor?: string): HttpEvent[];
  notes(key?: string): NoteEvent[];
  close(): Promise<void>;
}

export function harness(): Harness {
  const tracer = new Tracer();
  const resources = new Resources();
  const abort = new AbortController();
  const env: NetEnv = {
    tracer,
    track: resources.track,
    signal: abort.signal,
  };
  return {
    env,
    tracer,
    events: tracer.events,
    http: (actor) =>
      tracer.events.filter(
        (e): e is HttpEvent => e.kind === "http" && (!actor || e.actor === actor),
      ),
    notes: (key) =>
      tracer.events.filter((e): e is NoteEvent => e.kind === "note" && (!key || e.key === key)),
    async close() {
      abort.abort();
      await resources.closeAll();
    },
  };
}

/**
 * Send raw bytes (in pieces, if given several) and collect everything the
 * server sends until it closes or `timeoutMs` passes (then we close).
 */
export function rawExchange(
  port: number,
  pieces: (string | Buffer)[],
  opts: { timeoutMs?: number; gapMs?: number; end?: boolean } = {},
): Promise<{ data: string; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: "127.0.0.1", port, allowHalfOpen: true });
    const got: Buffer[] = [];
    let closedByServer = false;
    const timer = setTimeout(() => sock.destroy(), opts.timeoutMs ?? 5000);
    sock.on("data", (d) => got.push(d));
    sock.on("end", () => {
      closedByServer = true;
      sock.end();
    });
    sock.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "ECONNRESET") closedByServer = true;
      else reject(err);
    });
    sock.on("close", () => {
      clearTimeout(timer);
      resolve({ data: Buffer.concat(got).toString("latin1"), closedByServer });
    });
    sock.on("connect", async () => {
      for (const piece of pieces) {
        if (sock.destroyed) return;
        sock.write(piece);
        if (opts.gapMs) await new Promise((r) => setTimeout(r, opts.gapMs));
      }
      if (opts.end) sock.end();
    });
  });
}

/** Status codes at the start of each response in a raw byte string. */
export function statuses(raw: string): number[] {
  return [...raw.matchAll(/HTTP\/1\.[01] (\d{3})/g)].map((m) => Number(m[1]));
}
