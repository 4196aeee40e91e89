import {
  type ClientResponse,
  ConnectionClosed,
  HttpClient,
  HttpError,
} from "../../src/http/index.js";
import { awaitEvent } from "../../src/net/env.js";
import { type ConnectTarget, defineLesson, type LessonContext } from "../../src/runtime/lesson.js";
import type { Facts } from "../../src/trace/events.js";
import { freshness } from "./cache.js";
import { CachingClient, type Loaded, secs, wireBytes } from "./client.js";
import { meta } from "./meta.js";
import { clockTime, Page, type PageRenderer, type PageState } from "./page.js";
import { quiz } from "./quiz.js";
import { type PageServer, shown, startPageServer } from "./server.js";
import { text } from "./text.js";

type Ctx = LessonContext<typeof text.en>;

/**
 * The fresh step's load must find its copy fresh: one with less than this
 * left is let go stale and revalidated first (a load takes microseconds; the
 * margin is for a busy machine).
 */
const FRESH_MARGIN_MS = 250;

/** A kept-alive connection may idle through a student's pause between steps. */
const REPLAY_IDLE_MS = 10 * 60_000;

/** Cache-Control: max-age the server sends; the command line fills in the meta's default. */
function maxAgeOf(ctx: Ctx): number {
  return ctx.opts.maxAge ?? meta.options.maxAge.default;
}

function renderer(ctx: Ctx): PageRenderer {
  return (version, edited) => ctx.say("page.html", { version, edited });
}

/** Wait until the client's clock reads `atMs`, with a spinner saying why; Ctrl-C ends it. */
function waitUntil(
  ctx: Ctx,
  atMs: number,
  key: "wait.stale" | "wait.second",
  facts: Facts = {},
): Promise<void> {
  const ms = Math.max(0, atMs - Date.now());
  return awaitEvent<void>(
    ctx.env,
    "client",
    { awaiting: { key, facts } },
    (resolve) => {
      const timer = setTimeout(resolve, ms);
      return () => clearTimeout(timer);
    },
    () => new Error("unreachable"),
  );
}

function expect(ctx: Ctx, res: ClientResponse | null, status: number): ClientResponse {
  if (!res || res.status !== status) {
    ctx.fail(ctx.say("fail.unexpected", { expected: status, status: res?.status ?? "—" }));
  }
  return res;
}

/** What the client sent and got in the whole lesson: every request on the wire, not only page loads. */
interface Tally {
  /** Page loads (load()), whether or not they asked the server. */
  loads: number;
  /** Page loads that sent nothing: the copy was fresh. */
  fromCache: number;
  /** Every request the client sent: page loads that asked, experiments, HEAD. */
  requests: number;
  /** Page loads that sent a request. */
  asked: number;
  /** Experiments with a single validator (probe()). */
  probes: number;
  heads: number;
  /** 200s that brought the page in their body, and those bodies' bytes. */
  full: number;
  fullBytes: number;
  /** 304s, and the bytes of the stored copies they confirmed: bodies not sent. */
  notModified: number;
  savedBytes: number;
  /** 304s that confirmed a copy older than the page. */
  wrong: number;
}

/** A response the client got: a whole page, or a 304 that spared the stored copy's bytes. */
function countResponse(tally: Tally, res: ClientResponse, copyBytes: number): void {
  if (res.status === 304) {
    tally.notModified++;
    tally.savedBytes += copyBytes;
  } else if (res.status === 200 && res.body.length > 0) {
    tally.full++;
    tally.fullBytes += res.body.length;
  }
}

function count(tally: Tally, loaded: Loaded, copyBytes: number): void {
  tally.loads++;
  if (loaded.requests === 0) {
    tally.fromCache++;
    return;
  }
  tally.requests += loaded.requests;
  tally.asked++;
  if (loaded.response) countResponse(tally, loaded.response, copyBytes);
}

/** What the steps pass along: the page, its server, the caching client, what the loads added up to. */
interface State {
  maxAge: number;
  page: Page;
  tally: Tally;
  server: PageServer;
  client: CachingClient;
  /** Bytes the first GET's 200 took on the wire. */
  wire200: number;
  /** The version the client's copy holds after the same-second step. */
  copy: PageState;
}

/** Open / as a browser would (a reload revalidates even a fresh copy), and count what happened. */
async function load(s: State, reload: boolean): Promise<Loaded> {
  const copy = s.client.cache.get("/")?.body.length ?? 0;
  const loaded = await s.client.load("/", { reload });
  count(s.tally, loaded, copy);
  return loaded;
}

/** A request outside a page load (an experiment, HEAD): counted like every other one. */
async function sent(s: State, res: Promise<ClientResponse>, kind: "probes" | "heads") {
  const copy = s.client.cache.get("/")?.body.length ?? 0;
  const answer = await res;
  s.tally.requests++;
  s.tally[kind]++;
  countResponse(s.tally, answer, copy);
  return answer;
}

export const lesson = defineLesson(meta, {
  text,
  quiz,
  init(ctx: Ctx): State {
    return {
      maxAge: maxAgeOf(ctx),
      page: new Page(renderer(ctx)),
      tally: {
        loads: 0,
        fromCache: 0,
        requests: 0,
        asked: 0,
        probes: 0,
        heads: 0,
        full: 0,
        fullBytes: 0,
        notModified: 0,
        savedBytes: 0,
        wrong: 0,
      },
      wire200: 0,
    } as State;
  },
  // The py lines are reference/server.py's (a test keeps them in step with the file).
  steps: [
    {
      id: "page",
      py: [
        "self.etag = '\"' + base64.urlsafe_b64encode(digest).decode()[:16] + '\"'",
        "self.last_modified = int(now)",
      ],
      async run(ctx, s) {
        s.server = await startPageServer(ctx, s.page, {
          maxAge: s.maxAge,
          idleTimeoutMs: REPLAY_IDLE_MS,
        });
        const current = s.page.current;
        ctx.note("note.page", {
          url: s.server.http.url,
          bytes: current.bytes,
          etag: current.etag,
          lm: current.lastModified,
          maxAge: s.maxAge,
        });
        const http = new HttpClient(ctx, { ...s.server.http.address, name: "clientSocket" });
        ctx.track(http);
        s.client = new CachingClient(ctx, http);
      },
    },
    {
      id: "first-get",
      headers: ["Last-Modified", "ETag", "Cache-Control"],
      async run(ctx, s) {
        const loaded = await load(s, false);
        const res = expect(ctx, loaded.response, 200);
        s.wire200 = wireBytes(res);
        ctx.note("note.firstGet", { bytes: res.body.length });
      },
    },
    {
      id: "revalidate",
      headers: ["If-None-Match", "If-Modified-Since", "ETag"],
      py: [
        "return any(opaque(tag) == opaque(page.etag) for tag in tags)",
        'respond(conn, 304, "Not Modified", validators)',
      ],
      async run(ctx, s) {
        const loaded = await load(s, true);
        const res = expect(ctx, loaded.response, 304);
        const wire304 = wireBytes(res);
        const bytes = loaded.entry?.body.length ?? 0;
        ctx.note("note.saved", {
          bytes,
          wire200: s.wire200,
          wire304,
          saved: s.wire200 - wire304,
        });
        ctx.measure("saved", ctx.say("measure.saved"), bytes - res.body.length, "B");
        const length = res.headers.get("content-length");
        const fields = res.headers
          .entries()
          .map(([name]) => name)
          .join(", ");
        if (length === undefined) ctx.note("note.304Headers", { fields });
        else ctx.note("note.304HeadersLength", { fields, length });
        ctx.note("note.slidesConditional");
      },
    },
    {
      id: "changed",
      headers: ["If-None-Match", "ETag", "Last-Modified"],
      async run(ctx, s) {
        await nextSecond(ctx, s.page.current.lastModifiedMs, "note.waitSecond");
        const before = s.client.cache.get("/")?.etag ?? null;
        s.server.edit();
        const loaded = await load(s, true);
        const res = expect(ctx, loaded.response, 200);
        ctx.note("note.changed", {
          bytes: res.body.length,
          before: shown(before ?? undefined),
          after: shown(res.headers.get("etag")),
        });
      },
    },
    {
      id: "same-second",
      headers: ["If-Modified-Since", "If-None-Match", "Last-Modified", "ETag"],
      async run(ctx, s) {
        // Both edits must fall within one second: with little of this second left, wait for the next.
        await nextSecond(ctx, 0, "note.alignSecond", 400);
        const first = s.server.edit().after;
        expect(ctx, (await load(s, true)).response, 200);
        s.copy = first;
        const second = s.server.edit().after;
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
      },
    },
    {
      id: "dates-vs-etag",
      headers: ["If-Modified-Since", "If-None-Match", "Last-Modified", "ETag"],
      py: ["return page.last_modified <= since"],
      async run(ctx, s) {
        const now = s.page.current;
        const byDate = expect(
          ctx,
          await sent(s, s.client.probe("/", "if-modified-since"), "probes"),
          304,
        );
        if (s.copy.version !== now.version) s.tally.wrong++;
        ctx.note("note.imsOnly", {
          status: `${byDate.status} ${byDate.reason}`,
          copyVersion: s.copy.version,
          version: now.version,
        });
        const byTag = expect(
          ctx,
          await sent(s, s.client.probe("/", "if-none-match"), "probes"),
          200,
        );
        ctx.note("note.inmOnly", {
          status: `${byTag.status} ${byTag.reason}`,
          etag: shown(byTag.headers.get("etag")),
        });
        ctx.note("note.lmWeak");
      },
    },
    {
      id: "inm-wins",
      headers: ["If-None-Match", "If-Modified-Since", "ETag"],
      py: [
        'inm = fields.get("if-none-match")',
        "if inm is not None:",
        "    return any(opaque(tag) == opaque(page.etag) for tag in tags)",
      ],
      async run(ctx, s) {
        const loaded = await load(s, true);
        const res = expect(ctx, loaded.response, 200);
        ctx.note("note.inmWins", {
          status: `${res.status} ${res.reason}`,
          version: s.page.current.version,
        });
      },
    },
    {
      id: "fresh",
      async run(ctx, s) {
        if (s.maxAge === 0) {
          // max-age=0: stale on arrival, so no load can skip the server.
          ctx.note("note.maxAgeZero");
          await load(s, false);
          return;
        }
        // The step keeps its own clock, from now on: after the pause and the question, however
        // long the student read (or --delay drew). A copy that is stale, or would go stale
        // within FRESH_MARGIN_MS, is first let go stale and revalidated, so the load below
        // finds a copy that is fresh for max-age from now, not one crossing the line halfway.
        for (let tries = 0; tries < 3; tries++) {
          let f = freshness(s.client.cache.get("/")!, Date.now());
          if (f.fresh && f.freshUntil - Date.now() >= FRESH_MARGIN_MS) break;
          if (f.fresh) {
            const seconds = secs(f.freshUntil - Date.now());
            await waitUntil(ctx, f.freshUntil + 20, "wait.stale", { seconds });
            f = freshness(s.client.cache.get("/")!, Date.now());
          }
          ctx.note("note.pausedStale", { age: secs(f.age * 1000) });
          await load(s, false);
        }
        const loaded = await load(s, false);
        if (loaded.outcome !== "cache")
          ctx.fail(
            ctx.say("fail.unexpected", {
              expected: "cache",
              status: loaded.response?.status ?? "—",
            }),
          );
        ctx.note("note.fresh", {
          calls: loaded.requests,
          age: secs((loaded.before?.age ?? 0) * 1000),
          maxAge: s.maxAge,
        });
        ctx.note("note.slidesCache", { maxAge: s.maxAge });
      },
    },
    {
      id: "stale",
      headers: ["If-None-Match", "ETag", "Cache-Control"],
      async run(ctx, s) {
        const entry = s.client.cache.get("/")!;
        const f = freshness(entry, Date.now());
        if (f.fresh) {
          const seconds = secs(f.freshUntil - Date.now());
          ctx.note("note.waitStale", { seconds });
          // A few ms past the boundary, so the copy is stale by any rounding.
          await waitUntil(ctx, f.freshUntil + 20, "wait.stale", { seconds });
        }
        const loaded = await load(s, false);
        const res = expect(ctx, loaded.response, 304);
        ctx.note("note.stale", { maxAge: s.maxAge, status: `${res.status} ${res.reason}` });
      },
    },
    {
      id: "head",
      headers: ["ETag", "Content-Length"],
      py: ['respond(conn, 200, "OK", headers, page.body, send_body=(method == "GET"))'],
      async run(ctx, s) {
        const res = expect(ctx, await sent(s, s.client.head("/"), "heads"), 200);
        const entry = s.client.cache.get("/")!;
        const etag = res.headers.get("etag");
        ctx.note("note.head", {
          etag: shown(etag),
          same: ctx.say(etag === entry.etag ? "word.yes" : "word.no"),
          length: shown(res.headers.get("content-length")),
          bytes: entry.body.length,
          body: res.body.length,
        });
      },
    },
    {
      id: "summary",
      async run(ctx, s) {
        s.client.http.close();
        await s.server.close();
        ctx.measure("savedTotal", ctx.say("measure.savedTotal"), s.tally.savedBytes, "B");
        ctx.note(s.tally.wrong > 0 ? "note.summaryWrong" : "note.summary", { ...s.tally });
      },
    },
  ],
  serve,
  connect,
});

/**
 * Wait for the clock's next second when the last edit's second is still the
 * current one, or when fewer than `slackMs` ms of this second are left.
 * Last-Modified only has seconds: what the lesson shows depends on it.
 */
async function nextSecond(
  ctx: Ctx,
  lastModifiedMs: number,
  key: "note.waitSecond" | "note.alignSecond",
  slackMs = 0,
): Promise<void> {
  const now = Date.now();
  const second = Math.floor(now / 1000) * 1000;
  const late = now - second > 1000 - slackMs;
  if (second > lastModifiedMs && !late) return;
  const at = second + 1000 + 2;
  ctx.note(key, { ms: at - now });
  await waitUntil(ctx, at, "wait.second");
}

async function serve(ctx: Ctx): Promise<void> {
  const maxAge = maxAgeOf(ctx);
  const page = new Page(renderer(ctx));
  const server = await startPageServer(ctx, page, { maxAge });
  const s = page.current;
  ctx.note("note.serveHint", { url: server.http.url, etag: s.etag, lm: s.lastModified, maxAge });
  await server.http.done;
}

async function connect(ctx: Ctx, target: ConnectTarget): Promise<void> {
  const shownUrl = shown(target.text);
  const http = new HttpClient(ctx, { host: target.host, port: target.port, name: "clientSocket" });
  ctx.track(http);
  const client = new CachingClient(ctx, http);
  ctx.note("note.connectTarget", { url: shownUrl });
  try {
    const first = await client.load(target.path);
    const res = first.response!;
    if (res.status !== 200) ctx.fail(ctx.say("fail.notOk", { url: shownUrl, status: res.status }));
    ctx.note("note.firstGet", { bytes: res.body.length });
    const entry = first.entry;
    if (!entry || (entry.etag === null && entry.lastModified === null)) {
      ctx.note("note.connectNoValidators");
      return;
    }
    const again = await client.load(target.path, { reload: true });
    if (again.outcome === "notModified") {
      ctx.note("note.connectRevalidated", { bytes: again.entry?.body.length ?? 0 });
      ctx.measure("saved", ctx.say("measure.saved"), again.entry?.body.length ?? 0, "B");
    } else {
      ctx.note("note.connectChanged", { status: again.response?.status ?? "—" });
    }
    const head = await client.head(target.path);
    const stored = client.cache.get(target.path);
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
        const loaded = await client.load(target.path);
        ctx.note("note.fresh", {
          calls: loaded.requests,
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
