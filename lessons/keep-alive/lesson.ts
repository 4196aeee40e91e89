import { readFile } from "node:fs/promises";
import type { ClientResponse, HttpServer, Route } from "../../src/http/index.js";
import {
  connectionsFor,
  HttpClient,
  http10Ms,
  keepAliveMs,
  measureStrategy,
  persistentMs,
  routeTo,
  upstreamError,
  waitConnectionsClosed,
} from "../../src/http/index.js";
import { type Addr, formatAddr } from "../../src/net/address.js";
import { SockError } from "../../src/net/env.js";
import { TIMEOUT } from "../../src/net/fail.js";
import {
  type ConnectTarget,
  defineLesson,
  type LessonContext,
  type Step,
} from "../../src/runtime/lesson.js";
import { runStrategy, type Strategy } from "./client.js";
import { compareNotes } from "./compare.js";
import { meta } from "./meta.js";
import { quiz } from "./quiz.js";
import { DEFAULTS, hopByHop, keepAliveServer, NO_LENGTH_PATH } from "./server.js";
import { text } from "./text.js";

type Ctx = LessonContext<typeof text.en>;

/** Requests per run. */
const N = 5;
/** The idle step's server closes after this many silent seconds (short, so the lesson stays quick). */
const IDLE_SECONDS = 1;
/** In --connect, how long the idle step waits for a server that did not say its timeout (Apache's 5 s, and a second). */
const IDLE_WAIT_CAP_S = 6;

const STRATEGY_NAMES: Record<Strategy, string> = {
  http10: "keep-alive.http10",
  keepalive: "keep-alive.http10-keepalive",
  http11: "keep-alive.http11",
};

/** What the steps share: where the requests go, and what the three runs measured. */
interface State {
  route: Route;
  /** The lesson's own server (replay); null against someone else's (--connect). */
  own: HttpServer | null;
  paths: string[];
  /** The framing step's request: the own server's /no-length, or the --connect URL's path. */
  noLengthPath: string;
  measured: Record<Strategy, number>;
  /** Connections each run opened. */
  connects: Record<Strategy, number>;
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

function settle(ctx: Ctx, s: State): Promise<void> {
  return waitConnectionsClosed(s.own, ctx.opts.rttMs, ctx.signal);
}

/** Keep-Alive values of the answers that came on a run's first connection, in order. */
function firstConnectionKeepAlive(responses: readonly ClientResponse[]): string[] {
  const conn = responses[0]?.conn;
  const values: string[] = [];
  for (const r of responses) {
    if (r.conn !== conn || (values.length > 0 && !r.reused)) break;
    values.push(header(r, "keep-alive") ?? `Connection: ${header(r, "connection") ?? "—"}`);
  }
  return values;
}

async function strategyStep(ctx: Ctx, s: State, strategy: Strategy): Promise<number> {
  const rtt = ctx.opts.rttMs;
  const run = await runStrategy(ctx, s.route, strategy, s.paths);
  await settle(ctx, s);
  const first = run.responses[0];
  let model: number;
  let predicted: number;
  let max = Number.POSITIVE_INFINITY;
  /** Requests a connection may carry: the first answer's max counts those after it. */
  let perConnection = Number.POSITIVE_INFINITY;
  const echoed = first !== undefined && first.persist.reason === "http10KeepAlive";
  if (strategy === "http10") {
    predicted = N;
    model = http10Ms(N, rtt);
  } else if (strategy === "keepalive") {
    max = echoed ? keepAliveMax(first) : 0;
    perConnection = max + 1;
    predicted = connectionsFor(N, perConnection);
    model = keepAliveMs(N, perConnection, rtt);
  } else {
    predicted = 1;
    model = persistentMs(N, rtt);
  }
  const measured = measureStrategy(
    ctx,
    {
      name: STRATEGY_NAMES[strategy],
      label: ctx.say(`label.${strategy}`),
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
  s.connects[strategy] = run.connects;
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
      const counted = firstConnectionKeepAlive(run.responses);
      if (counted.length > 1) ctx.note("note.keepaliveCountdown", { values: counted.join(" · ") });
      if (closer) {
        ctx.note("note.keepaliveMax", {
          index: run.responses.indexOf(closer) + 1,
          conn: closer.conn,
          connection: header(closer, "connection") ?? "—",
        });
      } else if (run.connects === 1) {
        ctx.note("note.keepaliveNoMax");
      } else {
        ctx.note("note.keepaliveClosedSilently", {
          n: run.responses.length,
          connects: run.connects,
        });
      }
    } else {
      ctx.note("note.keepaliveNotEchoed", {
        connection: first ? (header(first, "connection") ?? "—") : "—",
      });
    }
    if (!echoed) ctx.note("note.keepaliveResultClose", facts);
    else if (Number.isFinite(perConnection))
      ctx.note("note.keepaliveResult", { ...facts, max, per: perConnection });
    else ctx.note("note.keepaliveResultNoMax", facts);
  }
  if (strategy === "http11")
    ctx.note(run.connects === 1 ? "note.http11Result" : "note.http11ResultMany", facts);
  if (run.connects !== predicted) {
    ctx.note("note.unexpectedConnects", { connects: run.connects, predicted });
  }
  return measured;
}

async function notEchoedStep(ctx: Ctx, s: State): Promise<void> {
  if (!s.own) {
    ctx.note("note.notEchoedConnect");
    return;
  }
  /** Answers after which the old server closed the connection (its own record). */
  let closedAfterAnswer = 0;
  const legacy = await keepAliveServer(ctx, {
    host: ctx.opts.host,
    port: 0,
    idleSeconds: DEFAULTS.idleSeconds,
    max: DEFAULTS.max,
    knowsKeepAlive: false,
    name: "oldServerSocket",
    onExchange: (exchange) => {
      if (!exchange.persist.keep) closedAfterAnswer++;
    },
  });
  const route = await routeTo(ctx, legacy.address, ctx.opts.rttMs);
  try {
    ctx.note("note.legacySetup", { server: formatAddr(legacy.address) });
    const run = await runStrategy(ctx, route, "keepalive", [s.paths[0]!, s.paths[1]!]);
    const [a, b] = run.responses;
    // The old server closed after every answer: a second request on conn1 would have found it closed.
    const everyAnswer = closedAfterAnswer === run.responses.length;
    ctx.note(everyAnswer ? "note.legacyResultClosed" : "note.legacyResult", {
      status: a?.startLine ?? "—",
      conn1: a?.conn ?? "—",
      conn2: b?.conn ?? "—",
      connects: run.connects,
    });
  } finally {
    route.relay?.close();
    await legacy.close();
  }
}

async function noLengthStep(ctx: Ctx, s: State): Promise<void> {
  const client = new HttpClient(ctx, { host: s.route.via.host, port: s.route.via.port });
  try {
    const first = await client.request({
      target: s.noLengthPath,
      headers: [["Host", s.route.host]],
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
        ["Host", s.route.host],
        ["Connection", "close"],
      ],
    });
    client.close();
    await settle(ctx, s);
    ctx.note(second.reused ? "note.noLengthReused" : "note.noLengthReconnect", {
      conn1: first.conn,
      conn2: second.conn,
    });
  } finally {
    client.close();
  }
}

async function idleStep(ctx: Ctx, s: State): Promise<void> {
  let server: HttpServer | null = null;
  let route = s.route;
  if (s.own) {
    server = await keepAliveServer(ctx, {
      host: ctx.opts.host,
      port: 0,
      idleSeconds: IDLE_SECONDS,
      max: DEFAULTS.max,
      name: "quickServerSocket",
    });
    route = await routeTo(ctx, server.address, ctx.opts.rttMs);
    ctx.note("note.idleSetup", { server: formatAddr(server.address), seconds: IDLE_SECONDS });
  }
  const client = new HttpClient(ctx, { host: route.via.host, port: route.via.port });
  try {
    const first = await client.request({ target: s.paths[0]!, headers: [["Host", route.host]] });
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
    const began = ctx.now();
    let closed = false;
    if (socket && !socket.peerClosed) {
      try {
        // The client sends nothing; a pool would learn of the close the same way, by reading.
        const data = await socket.recv(65536, { timeoutMs: waitS * 1000 });
        closed = data.length === 0;
      } catch (err) {
        if (!(err instanceof SockError)) throw err;
        closed = err.code !== TIMEOUT;
      }
    } else closed = true;
    const waited = Math.round(ctx.now() - began);
    if (closed) ctx.note("note.idleClosed", { conn: first.conn, waited });
    else ctx.note("note.idleNoClose", { conn: first.conn, waited });
    const second = await client.request({
      target: s.paths[1] ?? s.paths[0]!,
      headers: [
        ["Host", route.host],
        ["Connection", "close"],
      ],
    });
    ctx.note(second.reused ? "note.idleReused" : "note.idleReconnect", {
      conn1: first.conn,
      conn2: second.conn,
    });
  } finally {
    client.close();
    if (server) {
      route.relay?.close();
      await server.close();
    }
  }
}

async function hopStep(ctx: Ctx, s: State): Promise<void> {
  const client = new HttpClient(ctx, { host: s.route.via.host, port: s.route.via.port });
  try {
    const res = await client.request({
      target: s.paths[0]!,
      headers: [
        ["Host", s.route.host],
        ["Connection", "X-Trace-Hop, close"],
        ["X-Trace-Hop", "client-to-first-hop"],
        ["Accept", "text/plain"],
      ],
    });
    client.close();
    await settle(ctx, s);
    if (!s.own) ctx.note("note.hopClient", hopByHop(res.request.headers), "client");
    ctx.note("note.hopWhy");
  } finally {
    client.close();
  }
}

const steps: readonly Step<typeof text.en, State>[] = [
  {
    id: "setup",
    async run(ctx, s) {
      const rtt = ctx.opts.rttMs;
      const server = formatAddr(s.route.server);
      if (s.own) ctx.note("note.setup", { server, n: N });
      else ctx.note("note.connectTarget", { target: server, n: N });
      if (rtt > 0) {
        ctx.note("note.rtt", {
          rtt,
          default: meta.options.rtt.default,
          handshake: rtt,
          fresh: 2 * rtt,
        });
        // The next request reaches the server one RTT after its answer left: past the idle timeout?
        if (s.own && rtt >= DEFAULTS.idleSeconds * 1000)
          ctx.note("note.rttOverIdle", { rtt, idle: DEFAULTS.idleSeconds });
      } else {
        ctx.note("note.noRtt");
      }
    },
  },
  {
    id: "http10",
    headers: ["Connection"],
    py: [
      "for path in paths:",
      "    s = socket(); s.connect(addr); s.send(b'GET … HTTP/1.0'); …; s.close()",
    ],
    async run(ctx, s) {
      ctx.note("note.http10Intro", { n: N });
      s.measured.http10 = await strategyStep(ctx, s, "http10");
    },
  },
  {
    id: "keepalive",
    headers: ["Connection", "Keep-Alive"],
    async run(ctx, s) {
      ctx.note("note.keepaliveAsk");
      s.measured.keepalive = await strategyStep(ctx, s, "keepalive");
    },
  },
  { id: "not-echoed", headers: ["Connection"], run: notEchoedStep },
  {
    id: "http11",
    headers: ["Connection"],
    py: [
      "conn = http.client.HTTPConnection(host, port)",
      "for path in paths: conn.request('GET', path); conn.getresponse().read()",
    ],
    async run(ctx, s) {
      ctx.note("note.http11Intro");
      s.measured.http11 = await strategyStep(ctx, s, "http11");
    },
  },
  {
    id: "compare",
    async run(ctx, s) {
      ctx.note("note.timeline");
      ctx.chart(Object.values(STRATEGY_NAMES));
      for (const said of compareNotes({
        ms: s.measured,
        connects: s.connects,
        rttMs: ctx.opts.rttMs,
      })) {
        // compareNotes picks the key at run time; test/keep-alive-numbers.test.ts checks
        // that each key's sentence gets every fact it names.
        ctx.note(said.key, said.facts as never);
      }
      await slowStartNote(ctx);
    },
  },
  { id: "no-length", headers: ["Content-Length", "Connection"], run: noLengthStep },
  { id: "idle", headers: ["Connection", "Keep-Alive"], run: idleStep },
  { id: "hop-by-hop", headers: ["Connection", "X-Trace-Hop"], run: hopStep },
];

/** Where Linux keeps its slow-start-after-idle switch (RFC 5681 §4.1). */
const SLOW_START_AFTER_IDLE = "/proc/sys/net/ipv4/tcp_slow_start_after_idle";

/** Slow start on a real network, with this machine's setting for idle connections as read now. */
async function slowStartNote(ctx: Ctx): Promise<void> {
  let value: string;
  try {
    value = (await readFile(SLOW_START_AFTER_IDLE, "utf8")).trim();
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? String(err);
    ctx.note("note.slowStartUnknown", { reason });
    return;
  }
  ctx.note(value === "0" ? "note.slowStartOff" : "note.slowStart", { value });
}

function pagePaths(): string[] {
  return Array.from({ length: N }, (_, i) => `/page/${i + 1}`);
}

/** Closes what a run opened: the emulator, and the lesson's own server. */
async function closeRun(_ctx: Ctx, s: State): Promise<void> {
  s.route.relay?.close();
  await s.own?.close();
}

export const lesson = defineLesson(meta, {
  text,
  quiz,
  async init(ctx: Ctx): Promise<State> {
    const server = await keepAliveServer(ctx, {
      host: ctx.opts.host,
      port: ctx.opts.port,
      idleSeconds: DEFAULTS.idleSeconds,
      max: DEFAULTS.max,
    });
    return {
      route: await routeTo(ctx, server.address, ctx.opts.rttMs),
      own: server,
      paths: pagePaths(),
      noLengthPath: NO_LENGTH_PATH,
      measured: { http10: 0, keepalive: 0, http11: 0 },
      connects: { http10: 0, keepalive: 0, http11: 0 },
    };
  },
  steps,
  finish: closeRun,
  serve,
  connect,
});

async function serve(ctx: Ctx): Promise<void> {
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

/**
 * The same steps against another server: no step events (the runtime
 * announces steps only in the replay), the same narration and measures.
 */
async function connect(ctx: Ctx, target: ConnectTarget): Promise<void> {
  const server: Addr = { host: target.host, port: target.port };
  const state: State = {
    route: await routeTo(ctx, server, ctx.opts.rttMs),
    own: null,
    paths: Array.from({ length: N }, () => target.path),
    noLengthPath: target.path,
    measured: { http10: 0, keepalive: 0, http11: 0 },
    connects: { http10: 0, keepalive: 0, http11: 0 },
  };
  try {
    await ctx.replaySteps(state);
  } catch (err) {
    const refused = err instanceof SockError ? upstreamError(state.route) : null;
    if (refused) ctx.fail(ctx.explain(refused));
    throw err;
  } finally {
    await closeRun(ctx, state);
  }
}
