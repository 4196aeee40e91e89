import type { ClientResponse, HttpServer } from "../../src/http/index.js";
import { hostHeader, IDEMPOTENT_METHODS, parseUrl } from "../../src/http/index.js";
import type { MessageKey } from "../../src/i18n/messages.js";
import { type Addr, formatAddr } from "../../src/net/address.js";
import { SockError } from "../../src/net/env.js";
import type { Relay } from "../../src/net/relay.js";
import type { LessonContext, LessonModule } from "../../src/runtime/lesson.js";
import type { HttpEvent, NoteEvent, TraceEvent } from "../../src/trace/events.js";
import { type Target, throughEmulator, upstreamFailure } from "../keep-alive/client.js";
import { chart, measureStrategy, settle } from "../keep-alive/measure.js";
import {
  connectionsFor,
  parallelMs,
  pipelinedMs,
  pipelineRounds,
  resendMs,
  serialMs,
} from "../keep-alive/model.js";
import { findLesson } from "../registry.js";
import { get, parallel, pipelined, post, type Run, serial } from "./client.js";
import { quiz } from "./quiz.js";
import { pipeliningServer } from "./server.js";
import { text } from "./text.js";

const steps = [
  "setup",
  "serial",
  "pipelined",
  "parallel",
  "compare",
  "post",
  "server-closes",
  "why",
] as const;

/** Requests per strategy: one slow, then quick ones. */
export const N = 5;
/** Parallel connections in the comparison (browsers allowed 6 per host; fewer than N shows the queue). */
export const K = 3;
/** The server in the server-closes step answers this many requests per connection. */
const CLOSE_AFTER = 2;

export const NAMES = {
  serial: "pipelining.serial",
  pipelined: "pipelining.pipelined",
  parallel: "pipelining.parallel",
  post: "pipelining.post",
  closes: "pipelining.server-closes",
} as const;

/** How long /slow takes in the lesson: long enough to stand out against the RTT. */
export function slowFor(rttMs: number): number {
  return Math.max(150, Math.round(3 * rttMs));
}

function defaultRtt(): number {
  return findLesson("pipelining")?.defaultRttMs ?? 40;
}

interface Session {
  ctx: LessonContext;
  rtt: number;
  target: Target;
  server: Addr;
  own: HttpServer | null;
  slow: number;
  paths: string[];
}

function workOf(paths: readonly string[], slow: number): number[] {
  return paths.map((p) => (p.startsWith("/slow") ? slow : 0));
}

/** The request-target of the request a response answers. */
function targetOf(res: ClientResponse): string {
  return res.request.startLine.split(" ")[1] ?? "";
}

function shortName(res: ClientResponse): string {
  return `${res.request.method} ${targetOf(res)}`;
}

function eventsSince(ctx: LessonContext, since: number): TraceEvent[] {
  return ctx.tracer.events.filter((e) => e.t >= since);
}

function measure(s: Session, name: string, label: string, run: Run, model: number): number {
  return measureStrategy(
    s.ctx,
    {
      name,
      label,
      start: run.start,
      last: run.last,
      connects: run.connects,
      requests: run.responses.length,
      ...(s.rtt > 0 ? { model } : {}),
    },
    s.rtt,
  );
}

function modelText(s: Session, model: number): string {
  return s.rtt > 0 ? `${Math.round(model)} ms` : "—";
}

async function setupStep(s: Session): Promise<void> {
  const { ctx } = s;
  ctx.note(s.own ? "note.setup" : "note.connectTarget", {
    server: formatAddr(s.server),
    n: N,
    slow: s.slow,
    list: s.paths.join(", "),
  });
  if (s.rtt > 0) ctx.note("note.rtt", { rtt: s.rtt, default: defaultRtt() });
  else ctx.note("note.noRtt");
}

async function serialStep(s: Session): Promise<number> {
  const { ctx } = s;
  const run = await serial(
    ctx,
    s.target,
    s.paths.map((p) => get(s.target, p)),
  );
  await settle(ctx, s.own, s.rtt);
  const model = serialMs(workOf(s.paths, s.slow), s.rtt);
  const measured = measure(s, NAMES.serial, ctx.say("label.serial"), run, model);
  const last = run.responses.at(-1);
  ctx.note("note.serialResult", {
    n: run.responses.length,
    connects: run.connects,
    measured: Math.round(measured),
    model: modelText(s, model),
  });
  if (last) {
    ctx.note("note.persistentKnown", {
      version: last.version,
      rule: ctx.env.say(`http.persist.${last.persist.reason}` as MessageKey),
      keep: last.persist.keep,
    });
  }
  return measured;
}

/** For each pipelined request: when the server had its answer ready and when the answer left. */
function holRows(ctx: LessonContext, since: number, conn: number | null): string[] {
  const events = eventsSince(ctx, since);
  const relayed = new Map<number, number>();
  for (const e of events) {
    if (e.kind === "note" && e.key === "emulator.tcpConn") {
      const f = e.facts ?? {};
      if (typeof f.serverConn === "number" && typeof f.clientConn === "number") {
        relayed.set(f.serverConn, f.clientConn);
      }
    }
  }
  const mine = (c: number | null | undefined) =>
    c !== null && c !== undefined && (relayed.get(c) ?? c) === conn;
  const arrived = events.filter(
    (e): e is HttpEvent =>
      e.kind === "http" && e.actor === "server" && e.dir === "request" && mine(e.conn),
  );
  const sent = events.filter(
    (e): e is HttpEvent =>
      e.kind === "http" && e.actor === "server" && e.dir === "response" && mine(e.conn),
  );
  const ready = new Map<number, number>();
  for (const e of events) {
    if (e.kind !== "note" || e.actor !== "server" || e.key !== "note.readyHeld") continue;
    const f = (e as NoteEvent).facts ?? {};
    if (mine(f.conn as number) && typeof f.readyIndex === "number") ready.set(f.readyIndex, e.t);
  }
  const t0 = arrived[0]?.t ?? since;
  return arrived.map((req, i) => {
    const out = sent[i]?.t;
    const at = ready.get(i + 1) ?? out;
    const target = req.startLine.split(" ").slice(0, 2).join(" ");
    return ctx.say("note.holRow", {
      request: target,
      ready: at === undefined ? "—" : Math.round(at - t0),
      sent: out === undefined ? "—" : Math.round(out - t0),
      waited: at === undefined || out === undefined ? "—" : Math.round(out - at),
    });
  });
}

async function pipelinedStep(s: Session): Promise<number> {
  const { ctx } = s;
  ctx.note("note.pipelineRule");
  const before = ctx.tracer.now();
  const run = await pipelined(
    ctx,
    s.target,
    s.paths.map((p) => get(s.target, p)),
  );
  await settle(ctx, s.own, s.rtt);
  const model = pipelinedMs(workOf(s.paths, s.slow), s.rtt);
  const measured = measure(s, NAMES.pipelined, ctx.say("label.pipelined"), run, model);
  ctx.note("note.inOrder", {
    order: run.responses.map((r) => targetOf(r)).join(", "),
    conn: run.responses[0]?.conn ?? "—",
  });
  const conn = run.responses[0]?.conn ?? null;
  const rows = s.own ? holRows(ctx, before, conn) : [];
  if (rows.length > 0) {
    ctx.note("note.hol", { slow: s.slow, rows: rows.join("; ") });
  } else {
    ctx.note("note.holClient", {
      rows: run.responses
        .map((r, i) => `${shortName(r)} +${Math.round(arrivals(ctx, before, conn)[i] ?? 0)} ms`)
        .join("; "),
    });
  }
  ctx.note("note.pipelinedResult", {
    n: run.responses.length,
    connects: run.connects,
    measured: Math.round(measured),
    model: modelText(s, model),
  });
  return measured;
}

/** When the client got each response on `conn`, in ms after `since`. */
function arrivals(ctx: LessonContext, since: number, conn: number | null): number[] {
  return eventsSince(ctx, since)
    .filter(
      (e) => e.kind === "http" && e.actor === "client" && e.dir === "response" && e.conn === conn,
    )
    .map((e) => e.t - since);
}

async function parallelStep(s: Session): Promise<number> {
  const { ctx } = s;
  ctx.note("note.parallelIntro", { k: K });
  const run = await parallel(
    ctx,
    s.target,
    s.paths.map((p) => get(s.target, p)),
    K,
  );
  await settle(ctx, s.own, s.rtt);
  const model = parallelMs(workOf(s.paths, s.slow), K, s.rtt);
  const measured = measure(s, NAMES.parallel, ctx.say("label.parallel", { k: K }), run, model);
  const quick = run.responses.filter((r) => !targetOf(r).startsWith("/slow"));
  ctx.note("note.parallelResult", {
    k: K,
    connects: run.connects,
    measured: Math.round(measured),
    model: modelText(s, model),
    quick: quick.map((r) => targetOf(r)).join(", "),
  });
  return measured;
}

async function compareStep(s: Session, m: Record<"serial" | "pipelined" | "parallel", number>) {
  const { ctx } = s;
  chart(ctx, "note.timeline", [NAMES.serial, NAMES.pipelined, NAMES.parallel]);
  ctx.note("note.compare", {
    serial: Math.round(m.serial),
    pipelined: Math.round(m.pipelined),
    parallel: Math.round(m.parallel),
    k: K,
  });
  ctx.note("note.tradeoff", { k: K });
}

async function postStep(s: Session): Promise<void> {
  const { ctx } = s;
  const quick = s.paths.filter((p) => !p.startsWith("/slow"));
  const inits = [
    get(s.target, quick[0] ?? "/a"),
    post(s.target, "/form", "item=book&qty=1"),
    get(s.target, quick[1] ?? "/b"),
    get(s.target, quick[2] ?? "/c"),
  ];
  ctx.note("note.postIntro");
  const since = ctx.tracer.now();
  const run = await pipelined(ctx, s.target, inits);
  await settle(ctx, s.own, s.rtt);
  const rounds = pipelineRounds(
    inits.map((i) => i.method ?? "GET"),
    IDEMPOTENT_METHODS,
  );
  const model = s.rtt + rounds * s.rtt;
  measure(s, NAMES.post, ctx.say("label.post"), run, model);
  const seen = eventsSince(ctx, since).filter(
    (e): e is HttpEvent => e.kind === "http" && e.actor === "client",
  );
  const sent = seen.filter((e) => e.dir === "request");
  const answers = seen.filter((e) => e.dir === "response");
  const postSent = sent.find((e) => e.startLine.startsWith("POST "))?.t;
  const firstAnswer = answers[0]?.t;
  const postAnswer = answers[1]?.t;
  const nextSent = sent[2]?.t;
  ctx.note("note.postResult", {
    firstAnswer: firstAnswer === undefined ? "—" : Math.round(firstAnswer - run.start),
    postSent: postSent === undefined ? "—" : Math.round(postSent - run.start),
    postAnswer: postAnswer === undefined ? "—" : Math.round(postAnswer - run.start),
    nextSent: nextSent === undefined ? "—" : Math.round(nextSent - run.start),
    rounds,
    model: modelText(s, model),
  });
  chart(ctx, "note.postTimeline", [NAMES.post]);
}

async function closesStep(s: Session): Promise<void> {
  const { ctx } = s;
  let server: HttpServer | null = null;
  let relay: Relay | null = null;
  let target = s.target;
  const paths = ["/a", "/b", "/c", "/d", "/e"];
  let run: Run;
  try {
    if (s.own) {
      server = await pipeliningServer(ctx, {
        host: ctx.opts.host,
        port: 0,
        maxRequestsPerConnection: CLOSE_AFTER,
        name: "limitedServerSocket",
      });
      const net = await throughEmulator(ctx, server.address, s.rtt);
      relay = net.relay;
      target = { via: net.via, host: hostHeader(server.address) };
      ctx.note("note.closesSetup", { server: formatAddr(server.address), max: CLOSE_AFTER });
    } else {
      ctx.note("note.closesConnect");
    }
    run = await pipelined(
      ctx,
      target,
      paths.map((p) => get(target, p)),
    );
  } finally {
    relay?.close();
    await server?.close();
  }
  const perConn = new Map<number | null, number>();
  for (const r of run.responses) perConn.set(r.conn, (perConn.get(r.conn) ?? 0) + 1);
  const firstCount = [...perConn.values()][0] ?? paths.length;
  const max = run.connects > 1 ? firstCount : Number.POSITIVE_INFINITY;
  const model = resendMs(paths.length, max, s.rtt);
  measure(s, NAMES.closes, ctx.say("label.closes"), run, model);
  if (run.connects > 1) {
    ctx.note("note.closesResult", {
      connects: run.connects,
      predicted: connectionsFor(paths.length, max),
      split: [...perConn.values()].join(" + "),
      order: run.responses.map((r) => targetOf(r)).join(", "),
      model: modelText(s, model),
    });
  } else {
    ctx.note("note.closesNone", { n: run.responses.length });
  }
  ctx.note("note.closesRule");
  chart(ctx, "note.closesTimeline", [NAMES.closes]);
}

async function body(s: Session): Promise<void> {
  const { ctx } = s;
  const m = {} as Record<"serial" | "pipelined" | "parallel", number>;
  await ctx.step("setup", {}, () => setupStep(s));
  await ctx.step("serial", {}, async () => {
    m.serial = await serialStep(s);
  });
  await ctx.step("pipelined", {}, async () => {
    m.pipelined = await pipelinedStep(s);
  });
  await ctx.step("parallel", {}, async () => {
    m.parallel = await parallelStep(s);
  });
  await ctx.step("compare", {}, () => compareStep(s, m));
  await ctx.step("post", {}, () => postStep(s));
  await ctx.step("server-closes", {}, () => closesStep(s));
  await ctx.step("why", {}, async () => {
    ctx.note("note.whyGaveUp");
    ctx.note("note.h2");
  });
}

export function lessonPaths(slow: number): string[] {
  return [`/slow?ms=${slow}`, "/a", "/b", "/c", "/d"].slice(0, N);
}

async function replay(ctx: LessonContext): Promise<void> {
  const rtt = ctx.opts.rttMs;
  const server = await pipeliningServer(ctx, { host: ctx.opts.host, port: ctx.opts.port });
  const net = await throughEmulator(ctx, server.address, rtt);
  const slow = slowFor(rtt);
  try {
    await body({
      ctx,
      rtt,
      target: { via: net.via, host: hostHeader(server.address) },
      server: server.address,
      own: server,
      slow,
      paths: lessonPaths(slow),
    });
  } finally {
    net.relay?.close();
    await server.close();
  }
}

async function serve(ctx: LessonContext): Promise<void> {
  const server = await pipeliningServer(ctx, { host: ctx.opts.host, port: ctx.opts.port });
  ctx.note("note.serveHint", {
    host: server.address.host,
    port: server.address.port,
    url: server.url,
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
  const slow = slowFor(rtt);
  try {
    await body({
      ctx,
      rtt,
      target: { via: net.via, host: hostHeader(server) },
      server,
      own: null,
      slow,
      paths: lessonPaths(slow),
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
