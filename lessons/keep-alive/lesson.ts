import type { ClientResponse, HttpServer } from "../../src/http/index.js";
import { HttpClient, hostHeader, parseUrl } from "../../src/http/index.js";
import { type Addr, formatAddr } from "../../src/net/address.js";
import { SockError } from "../../src/net/env.js";
import type { Relay } from "../../src/net/relay.js";
import type { LessonContext, LessonModule } from "../../src/runtime/lesson.js";
import { findLesson } from "../registry.js";
import {
  runStrategy,
  type Strategy,
  type Target,
  throughEmulator,
  upstreamFailure,
} from "./client.js";
import { chart, measureStrategy, settle } from "./measure.js";
import { connectionsFor, http10Ms, keepAliveMs, persistentMs } from "./model.js";
import { quiz } from "./quiz.js";
import { DEFAULTS, hopByHop, keepAliveServer, NO_LENGTH_PATH } from "./server.js";
import { text } from "./text.js";

const steps = [
  "setup",
  "http10",
  "keepalive",
  "not-echoed",
  "http11",
  "compare",
  "no-length",
  "idle",
  "hop-by-hop",
] as const;

/** Requests per run. */
export const N = 5;
/** The idle step's server closes after this many silent seconds (short, so the lesson stays quick). */
const IDLE_SECONDS = 1;
/** In --connect, how long the idle step waits for a server that did not say its timeout (Apache's 5 s, and a second). */
const IDLE_WAIT_CAP_S = 6;

export const STRATEGY_NAMES: Record<Strategy, string> = {
  http10: "keep-alive.http10",
  keepalive: "keep-alive.http10-keepalive",
  http11: "keep-alive.http11",
};

export function defaultRtt(): number {
  return findLesson("keep-alive")?.defaultRttMs ?? 40;
}

interface Session {
  ctx: LessonContext;
  rtt: number;
  /** Where requests go (the emulator when there is one) and the server's own address. */
  target: Target;
  server: Addr;
  /** The lesson's own server (replay); null against someone else's (--connect). */
  own: HttpServer | null;
  paths: string[];
  /** The path for single requests (the idle and framing steps). */
  path: (name: string) => string;
}

function header(res: ClientResponse, name: string): string | null {
  return res.headers.get(name) ?? null;
}

/** max=… of a Keep-Alive header, or Infinity when it promises no limit. */
function keepAliveMax(res: ClientResponse | undefined): number {
  const value = res ? header(res, "keep-alive") : null;
  const m = value ? /max\s*=\s*(\d+)/i.exec(value) : null;
  return m ? Number(m[1]) : Number.POSITIVE_INFINITY;
}

function keepAliveTimeout(res: ClientResponse | undefined): number | null {
  const value = res ? header(res, "keep-alive") : null;
  const m = value ? /timeout\s*=\s*(\d+)/i.exec(value) : null;
  return m ? Number(m[1]) : null;
}

async function setupStep(s: Session): Promise<void> {
  const { ctx, rtt } = s;
  if (s.own) {
    ctx.note("note.setup", { server: formatAddr(s.server), n: N });
  } else {
    ctx.note("note.connectTarget", { target: formatAddr(s.server), n: N });
  }
  if (rtt > 0) {
    ctx.note("note.rtt", { rtt, default: defaultRtt(), handshake: rtt, fresh: 2 * rtt });
  } else {
    ctx.note("note.noRtt");
  }
}

async function strategyStep(s: Session, strategy: Strategy): Promise<number> {
  const { ctx, rtt } = s;
  const run = await runStrategy(ctx, s.target, strategy, s.paths);
  await settle(ctx, s.own, rtt);
  const first = run.responses[0];
  let model: number | undefined;
  let predicted: number;
  let max = Number.POSITIVE_INFINITY;
  if (strategy === "http10") {
    predicted = N;
    model = http10Ms(N, rtt);
  } else if (strategy === "keepalive") {
    const echoed = first !== undefined && first.persist.reason === "http10KeepAlive";
    max = echoed ? keepAliveMax(first) : 1;
    predicted = connectionsFor(N, max);
    model = keepAliveMs(N, max, rtt);
  } else {
    predicted = 1;
    model = persistentMs(N, rtt);
  }
  const label = ctx.say(`label.${strategy}`);
  const measured = measureStrategy(
    ctx,
    {
      name: STRATEGY_NAMES[strategy],
      label,
      start: run.start,
      last: run.last,
      connects: run.connects,
      requests: run.responses.length,
      ...(rtt > 0 ? { model } : {}),
    },
    rtt,
  );
  const facts = {
    n: run.responses.length,
    connects: run.connects,
    predicted,
    measured: Math.round(measured),
    model: rtt > 0 ? `${Math.round(model)} ms` : "—",
    rtt,
    carried: run.perConnection.join(" + "),
  };
  if (strategy === "http10") ctx.note("note.http10Result", facts);
  if (strategy === "keepalive") {
    if (first && first.persist.reason === "http10KeepAlive") {
      if (header(first, "keep-alive")) {
        ctx.note("note.keepaliveEcho", {
          connection: header(first, "connection") ?? "—",
          keepAlive: header(first, "keep-alive") ?? "—",
          timeout: keepAliveTimeout(first) ?? "—",
          max: Number.isFinite(max) ? max : "—",
        });
      } else {
        ctx.note("note.keepaliveEchoPlain", { connection: header(first, "connection") ?? "—" });
      }
      const closer = run.responses.find((r) => !r.persist.keep);
      if (closer) {
        ctx.note("note.keepaliveMax", {
          index: run.responses.indexOf(closer) + 1,
          conn: closer.conn,
          connection: header(closer, "connection") ?? "—",
        });
      } else {
        ctx.note("note.keepaliveNoMax");
      }
    } else {
      ctx.note("note.keepaliveNotEchoed", {
        connection: first ? (header(first, "connection") ?? "—") : "—",
      });
    }
    ctx.note("note.keepaliveResult", { ...facts, max: Number.isFinite(max) ? max : "∞" });
  }
  if (strategy === "http11") ctx.note("note.http11Result", facts);
  if (run.connects !== predicted) {
    ctx.note("note.unexpectedConnects", { connects: run.connects, predicted });
  }
  return measured;
}

async function notEchoedStep(s: Session): Promise<void> {
  const { ctx, rtt } = s;
  if (!s.own) {
    ctx.note("note.notEchoedConnect");
    return;
  }
  const legacy = await keepAliveServer(ctx, {
    host: ctx.opts.host,
    port: 0,
    idleSeconds: DEFAULTS.idleSeconds,
    max: DEFAULTS.max,
    knowsKeepAlive: false,
    name: "oldServerSocket",
  });
  const net = await throughEmulator(ctx, legacy.address, rtt);
  try {
    ctx.note("note.legacySetup", { server: formatAddr(legacy.address) });
    const target: Target = { via: net.via, host: hostHeader(legacy.address) };
    const run = await runStrategy(ctx, target, "keepalive", [s.paths[0]!, s.paths[1]!]);
    const [a, b] = run.responses;
    ctx.note("note.legacyResult", {
      status: a?.startLine ?? "—",
      conn1: a?.conn ?? "—",
      conn2: b?.conn ?? "—",
      connects: run.connects,
    });
  } finally {
    net.relay?.close();
    await legacy.close();
  }
}

async function compareStep(s: Session, measured: Record<Strategy, number>): Promise<void> {
  const { ctx, rtt } = s;
  chart(ctx, "note.timeline", Object.values(STRATEGY_NAMES));
  ctx.note("note.compare", {
    http10: Math.round(measured.http10),
    keepalive: Math.round(measured.keepalive),
    http11: Math.round(measured.http11),
    saved: Math.round(measured.http10 - measured.http11),
    handshakes: N - 1,
    rtt,
  });
  ctx.note("note.slowStart");
}

async function noLengthStep(s: Session): Promise<void> {
  const { ctx } = s;
  const client = new HttpClient(ctx, { host: s.target.via.host, port: s.target.via.port });
  try {
    const path = s.own ? NO_LENGTH_PATH : s.path(NO_LENGTH_PATH);
    const first = await client.request({
      target: path,
      headers: [["Host", s.target.host]],
    });
    if (first.framing === "close") {
      ctx.note("note.noLength", { conn: first.conn, bytes: first.body.length }, "client");
    } else {
      const framing =
        first.framing === "chunked"
          ? "Transfer-Encoding: chunked"
          : `Content-Length: ${header(first, "content-length") ?? "—"}`;
      ctx.note("note.noLengthFramed", { conn: first.conn, framing }, "client");
    }
    const second = await client.request({
      target: s.paths[0]!,
      headers: [
        ["Host", s.target.host],
        ["Connection", "close"],
      ],
    });
    client.close();
    await settle(ctx, s.own, s.rtt);
    ctx.note(second.reused ? "note.noLengthReused" : "note.noLengthReconnect", {
      conn1: first.conn,
      conn2: second.conn,
    });
  } finally {
    client.close();
  }
}

async function idleStep(s: Session): Promise<void> {
  const { ctx, rtt } = s;
  let server: HttpServer | null = null;
  let relay: Relay | null = null;
  let target = s.target;
  if (s.own) {
    server = await keepAliveServer(ctx, {
      host: ctx.opts.host,
      port: 0,
      idleSeconds: IDLE_SECONDS,
      max: DEFAULTS.max,
      name: "quickServerSocket",
    });
    const net = await throughEmulator(ctx, server.address, rtt);
    relay = net.relay;
    target = { via: net.via, host: hostHeader(server.address) };
    ctx.note("note.idleSetup", { server: formatAddr(server.address), seconds: IDLE_SECONDS });
  }
  const client = new HttpClient(ctx, { host: target.via.host, port: target.via.port });
  try {
    const first = await client.request({ target: s.paths[0]!, headers: [["Host", target.host]] });
    const advertised = keepAliveTimeout(first);
    // Servers close a little after what they advertise (node:http adds a second): allow for it.
    const waitS = advertised === null ? IDLE_WAIT_CAP_S : Math.min(2 * advertised + 1, 30);
    const keepAlive = header(first, "keep-alive");
    ctx.note(
      keepAlive ? "note.idleWait" : "note.idleWaitUnsaid",
      { keepAlive: keepAlive ?? "—", seconds: waitS, conn: first.conn },
      "client",
    );
    const socket = client.connection?.socket;
    const began = ctx.tracer.now();
    let closed = false;
    if (socket && !socket.peerClosed) {
      try {
        // The client sends nothing; a pool would learn of the close the same way, by reading.
        const data = await socket.recv(65536, { timeoutMs: waitS * 1000 });
        closed = data.length === 0;
      } catch (err) {
        if (!(err instanceof SockError)) throw err;
        closed = err.code !== "ETIMEDOUT";
      }
    } else closed = true;
    const waited = Math.round(ctx.tracer.now() - began);
    if (closed) ctx.note("note.idleClosed", { conn: first.conn, waited });
    else ctx.note("note.idleNoClose", { conn: first.conn, waited });
    const second = await client.request({
      target: s.paths[1] ?? s.paths[0]!,
      headers: [
        ["Host", target.host],
        ["Connection", "close"],
      ],
    });
    ctx.note(second.reused ? "note.idleReused" : "note.idleReconnect", {
      conn1: first.conn,
      conn2: second.conn,
    });
  } finally {
    client.close();
    relay?.close();
    await server?.close();
  }
}

async function hopStep(s: Session): Promise<void> {
  const { ctx } = s;
  const client = new HttpClient(ctx, { host: s.target.via.host, port: s.target.via.port });
  try {
    const res = await client.request({
      target: s.paths[0]!,
      headers: [
        ["Host", s.target.host],
        ["Connection", "X-Trace-Hop, close"],
        ["X-Trace-Hop", "client-to-first-hop"],
        ["Accept", "text/plain"],
      ],
    });
    client.close();
    await settle(ctx, s.own, s.rtt);
    if (!s.own) {
      const hop = hopByHop(res.request.headers);
      ctx.note("note.hopClient", hop, "client");
    }
    ctx.note("note.hopWhy");
  } finally {
    client.close();
  }
}

async function lessonBody(s: Session): Promise<void> {
  const { ctx } = s;
  const measured = {} as Record<Strategy, number>;
  await ctx.step("setup", {}, () => setupStep(s));
  await ctx.step(
    "http10",
    {
      py: [
        "for path in paths:",
        "    s = socket(); s.connect(addr); s.send(b'GET … HTTP/1.0'); …; s.close()",
      ],
    },
    async () => {
      ctx.note("note.http10Intro", { n: N });
      measured.http10 = await strategyStep(s, "http10");
    },
  );
  await ctx.step("keepalive", {}, async () => {
    ctx.note("note.keepaliveAsk");
    measured.keepalive = await strategyStep(s, "keepalive");
  });
  await ctx.step("not-echoed", {}, () => notEchoedStep(s));
  await ctx.step(
    "http11",
    {
      py: [
        "conn = http.client.HTTPConnection(host, port)",
        "for path in paths: conn.request('GET', path); conn.getresponse().read()",
      ],
    },
    async () => {
      ctx.note("note.http11Intro");
      measured.http11 = await strategyStep(s, "http11");
    },
  );
  await ctx.step("compare", {}, () => compareStep(s, measured));
  await ctx.step("no-length", {}, () => noLengthStep(s));
  await ctx.step("idle", {}, () => idleStep(s));
  await ctx.step("hop-by-hop", {}, () => hopStep(s));
}

function paths(): string[] {
  return Array.from({ length: N }, (_, i) => `/page/${i + 1}`);
}

async function replay(ctx: LessonContext): Promise<void> {
  const rtt = ctx.opts.rttMs;
  const server = await keepAliveServer(ctx, {
    host: ctx.opts.host,
    port: ctx.opts.port,
    idleSeconds: DEFAULTS.idleSeconds,
    max: DEFAULTS.max,
  });
  const net = await throughEmulator(ctx, server.address, rtt);
  try {
    await lessonBody({
      ctx,
      rtt,
      target: { via: net.via, host: hostHeader(server.address) },
      server: server.address,
      own: server,
      paths: paths(),
      path: (name) => name,
    });
  } finally {
    net.relay?.close();
    await server.close();
  }
}

async function serve(ctx: LessonContext): Promise<void> {
  const server = await keepAliveServer(ctx, {
    host: ctx.opts.host,
    port: ctx.opts.port,
    idleSeconds: DEFAULTS.idleSeconds,
    max: DEFAULTS.max,
  });
  ctx.note("note.serveHint", {
    url: server.url,
    timeout: DEFAULTS.idleSeconds,
    max: DEFAULTS.max,
  });
  ctx.note("note.serveNoRtt");
  await server.done;
}

async function connect(ctx: LessonContext, target: string): Promise<void> {
  const url = parseUrl(target);
  if (!url) ctx.fail(ctx.say("fail.badTarget", { value: target }));
  const server: Addr = { host: url.host, port: url.port };
  const rtt = ctx.opts.rttMs;
  const net = await throughEmulator(ctx, server, rtt);
  const base = url.target;
  try {
    await lessonBody({
      ctx,
      rtt,
      target: { via: net.via, host: hostHeader(server) },
      server,
      own: null,
      paths: Array.from({ length: N }, () => base),
      path: () => base,
    });
  } catch (err) {
    const why = err instanceof SockError ? upstreamFailure(ctx, server) : null;
    if (why) ctx.fail(why);
    throw err;
  } finally {
    net.relay?.close();
  }
}

export const lesson: LessonModule = { text, steps, quiz, replay, serve, connect };
