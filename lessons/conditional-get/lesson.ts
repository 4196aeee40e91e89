import {
  type ClientResponse,
  ConnectionClosed,
  HttpClient,
  HttpError,
  parseUrl,
} from "../../src/http/index.js";
import { awaitEvent } from "../../src/net/env.js";
import type { LessonContext, LessonModule } from "../../src/runtime/lesson.js";
import { freshness } from "./cache.js";
import { CachingClient, type Loaded, secs } from "./client.js";
import { clockTime, Page, type PageRenderer, type PageState } from "./page.js";
import { quiz } from "./quiz.js";
import { type PageServer, shown, startPageServer } from "./server.js";
import { text } from "./text.js";

const steps = [
  "page",
  "first-get",
  "revalidate",
  "changed",
  "same-second",
  "dates-vs-etag",
  "inm-wins",
  "fresh",
  "stale",
  "head",
  "summary",
] as const;

/** The lines of reference/server.py each step stands for (a test keeps them in step with the file). */
export const PY: Record<string, string[]> = {
  page: [
    "self.etag = '\"' + base64.urlsafe_b64encode(digest).decode()[:16] + '\"'",
    "self.last_modified = int(now)",
  ],
  revalidate: [
    "return any(opaque(tag) == opaque(page.etag) for tag in tags)",
    'respond(conn, 304, "Not Modified", validators)',
  ],
  "dates-vs-etag": ["return page.last_modified <= since"],
  "inm-wins": [
    'inm = fields.get("if-none-match")',
    "if inm is not None:",
    "    return any(opaque(tag) == opaque(page.etag) for tag in tags)",
  ],
  head: ['respond(conn, 200, "OK", headers, page.body, send_body=(method == "GET"))'],
};

/** Seconds a copy stays fresh: short, so the lesson sees it go stale without a long wait. */
export const DEFAULT_MAX_AGE = 2;
/** A kept-alive connection may idle through a student's pause between steps. */
const REPLAY_IDLE_MS = 10 * 60_000;

function maxAgeOf(ctx: LessonContext): number {
  return ctx.opts.maxAge ?? DEFAULT_MAX_AGE;
}

function renderer(ctx: LessonContext): PageRenderer {
  return (version, edited) => ctx.say("page.html", { version, edited });
}

function lastSeq(ctx: LessonContext): number {
  return ctx.tracer.events.at(-1)?.seq ?? 0;
}

/** Bytes the client's recv() calls returned since `mark`: what really arrived. */
function received(ctx: LessonContext, mark: number): number {
  let sum = 0;
  for (const e of ctx.tracer.events) {
    if (e.seq > mark && e.kind === "call" && e.actor === "client" && e.call === "recv")
      sum += e.bytes ?? 0;
  }
  return sum;
}

/** Socket calls the client made since `mark` (connect, send, recv, …). */
function clientCalls(ctx: LessonContext, mark: number): number {
  return ctx.tracer.events.filter((e) => e.seq > mark && e.kind === "call" && e.actor === "client")
    .length;
}

/** Wait until the client's clock reads `atMs`, with a spinner saying why; Ctrl-C ends it. */
function waitUntil(ctx: LessonContext, atMs: number, label: string): Promise<void> {
  const ms = Math.max(0, atMs - Date.now());
  return awaitEvent<void>(
    ctx.env,
    "client",
    { label },
    (resolve) => {
      const timer = setTimeout(resolve, ms);
      return () => clearTimeout(timer);
    },
    () => new Error("unreachable"),
  );
}

function expect(ctx: LessonContext, res: ClientResponse | null, status: number): ClientResponse {
  if (!res || res.status !== status) {
    ctx.fail(ctx.say("fail.unexpected", { expected: status, status: res?.status ?? "—" }));
  }
  return res;
}

interface Tally {
  loads: number;
  full: number;
  fullBytes: number;
  notModified: number;
  savedBytes: number;
  fromCache: number;
}

function count(tally: Tally, loaded: Loaded): void {
  tally.loads++;
  if (loaded.outcome === "cache") tally.fromCache++;
  else if (loaded.outcome === "notModified") {
    tally.notModified++;
    tally.savedBytes += loaded.entry?.body.length ?? 0;
  } else if (loaded.response && loaded.response.status === 200) {
    tally.full++;
    tally.fullBytes += loaded.response.body.length;
  }
}

async function replay(ctx: LessonContext): Promise<void> {
  const maxAge = maxAgeOf(ctx);
  const page = new Page(renderer(ctx));
  const tally: Tally = {
    loads: 0,
    full: 0,
    fullBytes: 0,
    notModified: 0,
    savedBytes: 0,
    fromCache: 0,
  };
  let server!: PageServer;
  let client!: CachingClient;
  let wire200 = 0;
  const load = async (reload: boolean) => {
    const loaded = await client.load("/", { reload });
    count(tally, loaded);
    return loaded;
  };

  await ctx.step("page", { py: PY.page }, async () => {
    server = await startPageServer(ctx, page, { maxAge, idleTimeoutMs: REPLAY_IDLE_MS });
    const s = page.current;
    ctx.note("note.page", {
      url: server.http.url,
      bytes: s.bytes,
      etag: s.etag,
      lm: s.lastModified,
      maxAge,
    });
    const http = new HttpClient(ctx, { ...server.http.address, name: "clientSocket" });
    ctx.track(http);
    client = new CachingClient(ctx, http);
  });

  await ctx.step("first-get", {}, async () => {
    const mark = lastSeq(ctx);
    const loaded = await load(false);
    const res = expect(ctx, loaded.response, 200);
    wire200 = received(ctx, mark);
    ctx.note("note.firstGet", { bytes: res.body.length });
  });

  await ctx.step("revalidate", { py: PY.revalidate }, async () => {
    const mark = lastSeq(ctx);
    const loaded = await load(true);
    const res = expect(ctx, loaded.response, 304);
    const wire304 = received(ctx, mark);
    const bytes = loaded.entry?.body.length ?? 0;
    ctx.note("note.saved", { bytes, wire200, wire304, saved: wire200 - wire304 });
    ctx.measure("saved", ctx.say("measure.saved"), bytes - res.body.length, "B");
    ctx.note("note.304Headers");
    ctx.note("note.slidesConditional");
  });

  await ctx.step("changed", {}, async () => {
    await nextSecond(ctx, page.current.lastModifiedMs, "note.waitSecond");
    const before = client.cache.get("/")?.etag ?? null;
    server.edit();
    const loaded = await load(true);
    const res = expect(ctx, loaded.response, 200);
    ctx.note("note.changed", {
      bytes: res.body.length,
      before: shown(before ?? undefined),
      after: shown(res.headers.get("etag")),
    });
  });

  let copy!: PageState;
  await ctx.step("same-second", {}, async () => {
    // Both edits must fall within one second: with little of this second left, wait for the next.
    await nextSecond(ctx, 0, "note.alignSecond", 400);
    const first = server.edit().after;
    expect(ctx, (await load(true)).response, 200);
    copy = first;
    const second = server.edit().after;
    const gap = second.editedAtMs - first.editedAtMs;
    if (second.lastModified !== first.lastModified)
      ctx.fail(ctx.say("fail.crossedSecond", { gap }));
    ctx.note("note.sameSecond", {
      copyVersion: first.version,
      lm: first.lastModified,
      copyEtag: first.etag,
      version: second.version,
      etag: second.etag,
      gap,
      editedA: clockTime(first.editedAtMs),
      editedB: clockTime(second.editedAtMs),
    });
  });

  await ctx.step("dates-vs-etag", { py: PY["dates-vs-etag"] }, async () => {
    const now = page.current;
    const byDate = expect(ctx, await client.probe("/", "if-modified-since"), 304);
    ctx.note("note.imsOnly", {
      status: `${byDate.status} ${byDate.reason}`,
      copyVersion: copy.version,
      version: now.version,
    });
    const byTag = expect(ctx, await client.probe("/", "if-none-match"), 200);
    ctx.note("note.inmOnly", {
      status: `${byTag.status} ${byTag.reason}`,
      etag: shown(byTag.headers.get("etag")),
    });
    ctx.note("note.lmWeak");
  });

  await ctx.step("inm-wins", { py: PY["inm-wins"] }, async () => {
    const loaded = await load(true);
    const res = expect(ctx, loaded.response, 200);
    ctx.note("note.inmWins", {
      status: `${res.status} ${res.reason}`,
      version: page.current.version,
    });
  });

  await ctx.step("fresh", {}, async () => {
    if (maxAge === 0) {
      // max-age=0: stale on arrival, so no load can skip the server.
      ctx.note("note.maxAgeZero");
      await load(false);
      return;
    }
    const entry = client.cache.get("/")!;
    const f = freshness(entry, Date.now());
    if (!f.fresh) {
      // A student's pause outlasted max-age: get a fresh copy first, then show the point.
      ctx.note("note.pausedStale", { age: secs(f.age * 1000) });
      await load(false);
    }
    const mark = lastSeq(ctx);
    const loaded = await load(false);
    if (loaded.outcome !== "cache")
      ctx.fail(
        ctx.say("fail.unexpected", { expected: "cache", status: loaded.response?.status ?? "—" }),
      );
    ctx.note("note.fresh", {
      calls: clientCalls(ctx, mark),
      age: secs((loaded.before?.age ?? 0) * 1000),
      maxAge,
    });
    ctx.note("note.slidesCache", { maxAge });
  });

  await ctx.step("stale", {}, async () => {
    const entry = client.cache.get("/")!;
    const f = freshness(entry, Date.now());
    if (f.fresh) {
      const seconds = secs(f.freshUntil - Date.now());
      ctx.note("note.waitStale", { seconds });
      // A few ms past the boundary, so the copy is stale by any rounding.
      await waitUntil(ctx, f.freshUntil + 20, ctx.say("wait.stale", { seconds }));
    }
    const loaded = await load(false);
    const res = expect(ctx, loaded.response, 304);
    ctx.note("note.stale", { maxAge, status: `${res.status} ${res.reason}` });
  });

  await ctx.step("head", { py: PY.head }, async () => {
    const res = expect(ctx, await client.head("/"), 200);
    const entry = client.cache.get("/")!;
    const etag = res.headers.get("etag");
    ctx.note("note.head", {
      etag: shown(etag),
      same: ctx.say(etag === entry.etag ? "word.yes" : "word.no"),
      length: shown(res.headers.get("content-length")),
      bytes: entry.body.length,
      body: res.body.length,
    });
  });

  await ctx.step("summary", {}, async () => {
    client.http.close();
    await server.close();
    ctx.measure("savedTotal", ctx.say("measure.savedTotal"), tally.savedBytes, "B");
    ctx.note("note.summary", { ...tally });
  });
}

/**
 * Wait for the clock's next second when the last edit's second is still the
 * current one, or when fewer than `slackMs` ms of this second are left.
 * Last-Modified only has seconds: what the lesson shows depends on it.
 */
async function nextSecond(
  ctx: LessonContext,
  lastModifiedMs: number,
  key: string,
  slackMs = 0,
): Promise<void> {
  const now = Date.now();
  const second = Math.floor(now / 1000) * 1000;
  const late = now - second > 1000 - slackMs;
  if (second > lastModifiedMs && !late) return;
  const at = second + 1000 + 2;
  ctx.note(key, { ms: at - now });
  await waitUntil(ctx, at, ctx.say("wait.second"));
}

async function serve(ctx: LessonContext): Promise<void> {
  const maxAge = maxAgeOf(ctx);
  const page = new Page(renderer(ctx));
  const server = await startPageServer(ctx, page, { maxAge });
  const s = page.current;
  ctx.note("note.serveHint", { url: server.http.url, etag: s.etag, lm: s.lastModified, maxAge });
  await server.http.done;
}

async function connect(ctx: LessonContext, target: string): Promise<void> {
  const url = parseUrl(target);
  if (!url) ctx.fail(ctx.say("fail.badTarget", { value: target }));
  const shownUrl = shown(target);
  const http = new HttpClient(ctx, { host: url.host, port: url.port, name: "clientSocket" });
  ctx.track(http);
  const client = new CachingClient(ctx, http);
  ctx.note("note.connectTarget", { url: shownUrl });
  try {
    const first = await client.load(url.target);
    const res = first.response!;
    if (res.status !== 200) ctx.fail(ctx.say("fail.notOk", { url: shownUrl, status: res.status }));
    ctx.note("note.firstGet", { bytes: res.body.length });
    const entry = first.entry;
    if (!entry || (entry.etag === null && entry.lastModified === null)) {
      ctx.note("note.connectNoValidators");
      return;
    }
    const again = await client.load(url.target, { reload: true });
    if (again.outcome === "notModified") {
      ctx.note("note.connectRevalidated", { bytes: again.entry?.body.length ?? 0 });
      ctx.measure("saved", ctx.say("measure.saved"), again.entry?.body.length ?? 0, "B");
    } else {
      ctx.note("note.connectChanged", { status: again.response?.status ?? "—" });
    }
    const head = await client.head(url.target);
    const stored = client.cache.get(url.target);
    if (stored && head.status === 200) {
      const etag = head.headers.get("etag");
      ctx.note("note.head", {
        etag: shown(etag),
        same: ctx.say(etag === stored.etag ? "word.yes" : "word.no"),
        length: shown(head.headers.get("content-length")),
        bytes: stored.body.length,
        body: head.body.length,
      });
    }
    if (stored) {
      const f = freshness(stored, Date.now());
      if (f.fresh) {
        const mark = lastSeq(ctx);
        const loaded = await client.load(url.target);
        ctx.note("note.fresh", {
          calls: clientCalls(ctx, mark),
          age: secs((loaded.before?.age ?? 0) * 1000),
          maxAge: f.lifetime.seconds,
        });
      } else {
        ctx.note("note.connectNoLifetime", {
          lifetime: f.lifetime.seconds,
          source: ctx.say(`lifetime.${f.lifetime.source}`),
        });
      }
    }
  } catch (err) {
    if (err instanceof HttpError)
      ctx.fail(ctx.say("fail.notHttp", { url: shownUrl, detail: err.detail }));
    if (err instanceof ConnectionClosed) ctx.fail(ctx.say("fail.closed", { url: shownUrl }));
    throw err;
  } finally {
    http.close();
  }
}

export const lesson: LessonModule = { text, steps, quiz, replay, serve, connect };
