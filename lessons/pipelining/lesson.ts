import type { ClientResponse, HttpServer, PersistReason, Route } from "../../src/http/index.js";
import {
  connectionsFor,
  IDEMPOTENT_METHODS,
  measureStrategy,
  parallelMs,
  pipelinedMs,
  pipelineRounds,
  resendMs,
  routeTo,
  serialMs,
  upstreamError,
  waitConnectionsClosed,
} from "../../src/http/index.js";
import type { MessageKey } from "../../src/i18n/messages.js";
import { type Addr, formatAddr } from "../../src/net/address.js";
import { SockError } from "../../src/net/env.js";
import {
  type ConnectTarget,
  defineLesson,
  type LessonContext,
  type Step,
} from "../../src/runtime/lesson.js";
import { get, parallel, pipelined, post, type Run, serial } from "./client.js";
import { meta } from "./meta.js";
import { quiz } from "./quiz.js";
import { pipeliningServer, type RequestTiming } from "./server.js";
import { text } from "./text.js";

type Ctx = LessonContext<typeof text.en>;

/** Requests per strategy: one slow, then quick ones. */
const N = 5;
/** Parallel connections in the comparison (browsers allowed 6 per host; fewer than N shows the queue). */
const K = 3;
/** The server in the server-closes step answers this many requests per connection. */
const CLOSE_AFTER = 2;

const NAMES = {
  serial: "pipelining.serial",
  pipelined: "pipelining.pipelined",
  parallel: "pipelining.parallel",
  post: "pipelining.post",
  closes: "pipelining.server-closes",
} as const;

type Compared = "serial" | "pipelined" | "parallel";

/** What the steps share: where the requests go, the server's own record, what was measured. */
interface State {
  route: Route;
  /** The lesson's own server (replay); null against someone else's (--connect). */
  own: HttpServer | null;
  /** How long /slow takes on the lesson's own server, in ms. */
  slow: number;
  paths: string[];
  /** When each request reached the own server, and when its answer was ready and sent. */
  timings: RequestTiming[];
  measured: Record<Compared, number>;
}

/** How long /slow takes in the lesson: long enough to stand out against the RTT. */
function slowFor(rttMs: number): number {
  return Math.max(150, Math.round(3 * rttMs));
}

function lessonPaths(slow: number): string[] {
  return [`/slow?ms=${slow}`, "/a", "/b", "/c", "/d"].slice(0, N);
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

/** The engine's sentence for a persistence rule (a lesson's text falls back to the engine's). */
function ruleText(ctx: Ctx, reason: PersistReason): string {
  return ctx.sayEngine(`http.persist.${reason}` as MessageKey);
}

function settle(ctx: Ctx, s: State): Promise<void> {
  return waitConnectionsClosed(s.own, ctx.opts.rttMs, ctx.signal);
}

function measure(ctx: Ctx, name: string, label: string, run: Run, model: number): number {
  const rtt = ctx.opts.rttMs;
  return measureStrategy(
    ctx,
    {
      name,
      label,
      start: run.start,
      last: run.last,
      connects: run.connects,
      requests: run.responses.length,
      ...(rtt > 0 ? { model } : {}),
    },
    rtt,
  );
}

function modelText(ctx: Ctx, model: number): string {
  return ctx.opts.rttMs > 0 ? `${Math.round(model)} ms` : "—";
}

async function serialStep(ctx: Ctx, s: State): Promise<number> {
  const run = await serial(
    ctx,
    s.route,
    s.paths.map((p) => get(s.route, p)),
  );
  await settle(ctx, s);
  const model = serialMs(workOf(s.paths, s.slow), ctx.opts.rttMs);
  const measured = measure(ctx, NAMES.serial, ctx.say("label.serial"), run, model);
  const last = run.responses.at(-1);
  ctx.note("note.serialResult", {
    n: run.responses.length,
    connects: run.connects,
    measured: Math.round(measured),
    model: modelText(ctx, model),
  });
  if (last) {
    ctx.note("note.persistentKnown", {
      version: last.version,
      rule: ruleText(ctx, last.persist.reason),
      keep: last.persist.keep,
    });
  }
  return measured;
}

/**
 * For each pipelined request, from the own server's record: when its answer
 * was ready and when it left, counted from the first request's arrival. The
 * requests since `since` came on one connection, the pipelined one.
 */
function holRows(ctx: Ctx, timings: readonly RequestTiming[], since: number): string[] {
  const recent = timings.filter((t) => t.arrived >= since);
  const conn = recent[0]?.conn;
  const rows = recent.filter((t) => t.conn === conn).sort((a, b) => a.index - b.index);
  const t0 = rows[0]?.arrived ?? since;
  return rows.map((row) => {
    const out = row.sent;
    const at = row.held ?? out;
    return ctx.say("note.holRow", {
      request: row.request,
      ready: at === undefined ? "—" : Math.round(at - t0),
      sent: out === undefined ? "—" : Math.round(out - t0),
      waited: at === undefined || out === undefined ? "—" : Math.round(out - at),
    });
  });
}

async function pipelinedStep(ctx: Ctx, s: State): Promise<number> {
  ctx.note("note.pipelineRule");
  const before = ctx.now();
  const run = await pipelined(
    ctx,
    s.route,
    s.paths.map((p) => get(s.route, p)),
  );
  await settle(ctx, s);
  const model = pipelinedMs(workOf(s.paths, s.slow), ctx.opts.rttMs);
  const measured = measure(ctx, NAMES.pipelined, ctx.say("label.pipelined"), run, model);
  ctx.note("note.inOrder", {
    order: run.responses.map((r) => targetOf(r)).join(", "),
    conn: run.responses[0]?.conn ?? "—",
  });
  const rows = s.own ? holRows(ctx, s.timings, before) : [];
  if (rows.length > 0) {
    ctx.note("note.hol", { slow: s.slow, rows: rows.join("; ") });
  } else {
    ctx.note("note.holClient", {
      rows: run.responses
        .map((r) => `${shortName(r)} +${Math.round(r.receivedAt - before)} ms`)
        .join("; "),
    });
  }
  ctx.note("note.pipelinedResult", {
    n: run.responses.length,
    connects: run.connects,
    measured: Math.round(measured),
    model: modelText(ctx, model),
  });
  return measured;
}

async function parallelStep(ctx: Ctx, s: State): Promise<number> {
  ctx.note("note.parallelIntro", { k: K });
  const run = await parallel(
    ctx,
    s.route,
    s.paths.map((p) => get(s.route, p)),
    K,
  );
  await settle(ctx, s);
  const model = parallelMs(workOf(s.paths, s.slow), K, ctx.opts.rttMs);
  const measured = measure(ctx, NAMES.parallel, ctx.say("label.parallel", { k: K }), run, model);
  const quick = run.responses.filter((r) => !targetOf(r).startsWith("/slow"));
  ctx.note("note.parallelResult", {
    k: K,
    connects: run.connects,
    measured: Math.round(measured),
    model: modelText(ctx, model),
    quick: quick.map((r) => targetOf(r)).join(", "),
  });
  return measured;
}

async function postStep(ctx: Ctx, s: State): Promise<void> {
  const rtt = ctx.opts.rttMs;
  const quick = s.paths.filter((p) => !p.startsWith("/slow"));
  const inits = [
    get(s.route, quick[0] ?? "/a"),
    post(s.route, "/form", "item=book&qty=1"),
    get(s.route, quick[1] ?? "/b"),
    get(s.route, quick[2] ?? "/c"),
  ];
  ctx.note("note.postIntro");
  const run = await pipelined(ctx, s.route, inits);
  await settle(ctx, s);
  const rounds = pipelineRounds(
    inits.map((i) => i.method ?? "GET"),
    IDEMPOTENT_METHODS,
  );
  const model = rtt + rounds * rtt;
  measure(ctx, NAMES.post, ctx.say("label.post"), run, model);
  const since = (t: number | undefined) => (t === undefined ? "—" : Math.round(t - run.start));
  const [firstAnswer, postAnswer, next] = run.responses;
  ctx.note("note.postResult", {
    firstAnswer: since(firstAnswer?.receivedAt),
    postSent: since(run.responses.find((r) => r.request.method === "POST")?.sentAt),
    postAnswer: since(postAnswer?.receivedAt),
    nextSent: since(next?.sentAt),
    rounds,
    model: modelText(ctx, model),
  });
  ctx.note("note.postTimeline");
  ctx.chart([NAMES.post]);
}

async function closesStep(ctx: Ctx, s: State): Promise<void> {
  const rtt = ctx.opts.rttMs;
  let server: HttpServer | null = null;
  let route = s.route;
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
      route = await routeTo(ctx, server.address, rtt);
      ctx.note("note.closesSetup", { server: formatAddr(server.address), max: CLOSE_AFTER });
    } else {
      ctx.note("note.closesConnect");
    }
    run = await pipelined(
      ctx,
      route,
      paths.map((p) => get(route, p)),
    );
  } finally {
    if (server) {
      route.relay?.close();
      await server.close();
    }
  }
  const perConn = new Map<number | null, number>();
  for (const r of run.responses) perConn.set(r.conn, (perConn.get(r.conn) ?? 0) + 1);
  const firstCount = [...perConn.values()][0] ?? paths.length;
  const max = run.connects > 1 ? firstCount : Number.POSITIVE_INFINITY;
  const model = resendMs(paths.length, max, rtt);
  measure(ctx, NAMES.closes, ctx.say("label.closes"), run, model);
  if (run.connects > 1) {
    ctx.note("note.closesResult", {
      connects: run.connects,
      predicted: connectionsFor(paths.length, max),
      split: [...perConn.values()].join(" + "),
      order: run.responses.map((r) => targetOf(r)).join(", "),
      model: modelText(ctx, model),
    });
  } else {
    ctx.note("note.closesNone", { n: run.responses.length });
  }
  ctx.note("note.closesRule");
  ctx.chart([NAMES.closes]);
}

const steps: readonly Step<typeof text.en, State>[] = [
  {
    id: "setup",
    async run(ctx, s) {
      const rtt = ctx.opts.rttMs;
      ctx.note(s.own ? "note.setup" : "note.connectTarget", {
        server: formatAddr(s.route.server),
        n: N,
        slow: s.slow,
        list: s.paths.join(", "),
      });
      if (rtt > 0) ctx.note("note.rtt", { rtt, default: meta.options.rtt.default });
      else ctx.note("note.noRtt");
    },
  },
  {
    id: "serial",
    async run(ctx, s) {
      s.measured.serial = await serialStep(ctx, s);
    },
  },
  {
    id: "pipelined",
    async run(ctx, s) {
      s.measured.pipelined = await pipelinedStep(ctx, s);
    },
  },
  {
    id: "parallel",
    async run(ctx, s) {
      s.measured.parallel = await parallelStep(ctx, s);
    },
  },
  {
    id: "compare",
    async run(ctx, s) {
      const m = s.measured;
      ctx.note("note.timeline");
      ctx.chart([NAMES.serial, NAMES.pipelined, NAMES.parallel]);
      ctx.note("note.compare", {
        serial: Math.round(m.serial),
        pipelined: Math.round(m.pipelined),
        parallel: Math.round(m.parallel),
        k: K,
      });
      ctx.note("note.tradeoff", { k: K });
    },
  },
  { id: "post", run: postStep },
  { id: "server-closes", headers: ["Connection"], run: closesStep },
  {
    id: "why",
    async run(ctx) {
      ctx.note("note.whyGaveUp");
      ctx.note("note.h2");
    },
  },
];

/** Closes what a run opened: the emulator, and the lesson's own server. */
async function closeRun(_ctx: Ctx, s: State): Promise<void> {
  s.route.relay?.close();
  await s.own?.close();
}

export const lesson = defineLesson(meta, {
  text,
  quiz,
  async init(ctx: Ctx): Promise<State> {
    const timings: RequestTiming[] = [];
    const server = await pipeliningServer(ctx, {
      host: ctx.opts.host,
      port: ctx.opts.port,
      timings,
    });
    const slow = slowFor(ctx.opts.rttMs);
    return {
      route: await routeTo(ctx, server.address, ctx.opts.rttMs),
      own: server,
      slow,
      paths: lessonPaths(slow),
      timings,
      measured: { serial: 0, pipelined: 0, parallel: 0 },
    };
  },
  steps,
  finish: closeRun,
  serve,
  connect,
});

async function serve(ctx: Ctx): Promise<void> {
  const server = await pipeliningServer(ctx, { host: ctx.opts.host, port: ctx.opts.port });
  ctx.note("note.serveHint", {
    host: server.address.host,
    port: server.address.port,
    url: server.url,
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
  const slow = slowFor(ctx.opts.rttMs);
  const state: State = {
    route: await routeTo(ctx, server, ctx.opts.rttMs),
    own: null,
    slow,
    paths: lessonPaths(slow),
    timings: [],
    measured: { serial: 0, pipelined: 0, parallel: 0 },
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
