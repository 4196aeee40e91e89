import { setTimeout as sleep } from "node:timers/promises";
import { Cookie } from "tough-cookie";
import { HttpError, type HttpServer, httpServer } from "../../src/http/index.js";
import { formatAddr } from "../../src/net/address.js";
import { Interrupted } from "../../src/net/env.js";
import { type ConnectTarget, defineLesson, type LessonContext } from "../../src/runtime/lesson.js";
import { refusalFacts, ShopClient, type Visit } from "./client.js";
import { Jar } from "./jar.js";
import { meta } from "./meta.js";
import { quiz } from "./quiz.js";
import { COOKIE_NAME, LIFETIME_S, Shop } from "./server.js";
import { text } from "./text.js";

type Ctx = LessonContext<typeof text.en>;

/** The expiry step's session lifetime: long enough for two requests, short enough to wait out. */
const SHORT_LIFETIME_S = 1;
/** How far past the cookie's expiry the lesson waits, so no clock rounding can keep it alive. */
const EXPIRY_MARGIN_MS = 100;

function newShop(ctx: Ctx): Shop {
  // The shop picks its keys at run time; its own TextKey type keeps them to this lesson's table.
  const loose: LessonContext = ctx;
  return new Shop({
    locale: ctx.locale,
    say: (key, params) => loose.say(key, params),
    note: (key, params) => loose.note(key, params, "server"),
  });
}

/** The value of `name` among the cookies a visit stored, if it stored one. */
function storedValue(v: Visit, name = COOKIE_NAME): string | undefined {
  return v.change.stored.find((c) => c.name === name)?.value;
}

/** The visit a redirect led to, or the visit itself. */
function landed(v: Visit): Visit {
  return v.next ? landed(v.next) : v;
}

function unescapeHtml(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

/** What the shop's own pages say (the markup is ours: server.ts/pages.ts). */
function pageFacts(v: Visit): { greeting: string; visits: number | null; items: string[] } {
  const html = v.res.body.toString("utf8");
  const greeting = unescapeHtml(/<h1 id="greeting">([^<]*)<\/h1>/.exec(html)?.[1] ?? "");
  const visits = /<p id="visits">[^<]*?(\d+)<\/p>/.exec(html)?.[1];
  const items = [...html.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => unescapeHtml(m[1]!));
  return { greeting, visits: visits === undefined ? null : Number(visits), items };
}

/** The same id with its last character changed: a neighbour, as if ids were counted up. */
function neighbour(id: string): string {
  const last = id.at(-1) ?? "A";
  return `${id.slice(0, -1)}${last === "A" ? "B" : "A"}`;
}

function cookieLineBytes(cookie: string): number {
  return Buffer.byteLength(`Cookie: ${cookie}\r\n`);
}

/** Wait `ms` with the client's spinner saying why; Ctrl-C ends it. */
async function wait(ctx: Ctx, ms: number): Promise<void> {
  const done = ctx.env.tracer.waiting("client", "wait.expiry", {}, ms);
  try {
    await sleep(ms, undefined, { signal: ctx.signal });
  } catch {
    throw new Interrupted();
  } finally {
    done();
  }
}

/** What the steps pass along: the shop, its server, the three clients, the first client's sid. */
interface State {
  shop: Shop;
  user: string;
  server: HttpServer;
  alice: ShopClient;
  mallory: ShopClient;
  bob: ShopClient;
  sid: string;
  setCookieHeader: string;
  cookieBytes: number;
  sessionBytes: number;
}

export const lesson = defineLesson(meta, {
  text,
  quiz,
  init(ctx: Ctx): State {
    return {
      shop: newShop(ctx),
      user: ctx.say("default.user"),
      sid: "",
      setCookieHeader: "",
      cookieBytes: 0,
      sessionBytes: 0,
    } as State;
  },
  steps: [
    {
      id: "shop-opens",
      py: ["server = ThreadingHTTPServer(('127.0.0.1', port), Shop)", "server.serve_forever()"],
      async run(ctx, s) {
        s.server = await httpServer(ctx, {
          host: ctx.opts.host,
          port: ctx.opts.port,
          handler: s.shop.handle,
        });
        ctx.note("note.shopListens", {
          address: formatAddr(s.server.address),
          lifetime: s.shop.store.lifetimeS,
          store: s.shop.store.size,
        });
        ctx.note("note.stateless");
      },
    },
    {
      id: "first-visit",
      headers: ["Set-Cookie"],
      py: [
        "sid = secrets.token_urlsafe(16)",
        "SESSIONS[sid] = {'expires': time.time() + LIFETIME_S, 'visits': 0, ...}",
        "self.send_header('Set-Cookie', session_cookie(sid))",
      ],
      async run(ctx, s) {
        s.alice = new ShopClient(ctx, s.server.address);
        const v = await s.alice.request("GET", "/", { explain: true });
        if (!v.res.request.headers.has("cookie"))
          ctx.note("note.firstNoCookie", { origin: s.alice.origin, cookie: null });
        const value = storedValue(v);
        if (value === undefined) return ctx.fail(ctx.say("fail.noSetCookie"));
        s.sid = value;
        s.setCookieHeader = v.setCookies.find((h) => h.startsWith(`${COOKIE_NAME}=`)) ?? "";
        const bytes = Buffer.from(s.sid, "base64url").length;
        ctx.note("note.sidRandom", { sid: s.sid, bytes, bits: bytes * 8, chars: s.sid.length });
        ctx.note("note.cacheControl", { value: v.res.headers.get("cache-control") ?? "—" });
      },
    },
    {
      id: "attributes",
      async run(ctx, s) {
        const { alice, setCookieHeader } = s;
        const parsed = Cookie.parse(setCookieHeader);
        const host = s.server.address.host;
        const maxAge = typeof parsed?.maxAge === "number" ? parsed.maxAge : null;
        const contents = await alice.jar.contents(`${alice.origin}/`);
        const mine = contents.find((c) => c.name === COOKIE_NAME);
        ctx.note("note.attrIntro", { header: setCookieHeader });
        ctx.note("note.attrDomain", { host, domain: parsed?.domain ?? null });
        // Ask the real jar to take a cookie for another site, as if this server had sent it.
        const foreign = `${COOKIE_NAME}=stolen; Domain=example.com; Path=/`;
        const probe = await new Jar().take(`${alice.origin}/`, [foreign]);
        const refused = probe.rejected[0];
        if (refused) ctx.note("note.attrDomainRefused", { ...refusalFacts(ctx, refused), host });
        ctx.note("note.attrPath", { path: parsed?.path ?? "/" });
        ctx.note("note.attrMaxAge", { maxAge, expires: mine?.expires ?? null });
        ctx.note("note.attrSecure", { host, secure: parsed?.secure ?? false });
        ctx.note("note.attrHttpOnly", { httpOnly: parsed?.httpOnly ?? false });
        // tough-cookie lower-cases the value; quote it as the server wrote it.
        const sameSite = /;\s*SameSite=([^;]*)/i.exec(setCookieHeader)?.[1]?.trim() ?? "—";
        ctx.note("note.attrSameSite", { sameSite });
      },
    },
    {
      id: "cookie-returns",
      headers: ["Cookie"],
      py: ["jar.load(header); sid = jar['sid'].value", "session = find_session(sid)"],
      async run(ctx, s) {
        const v = await s.alice.request("GET", "/", { explain: true });
        const sent = /(?:^|;\s*)sid=([^;]*)/.exec(v.cookie)?.[1] ?? null;
        ctx.note("note.sameSid", {
          sid: sent,
          set: s.sid,
          same: sent === s.sid,
          visits: pageFacts(v).visits,
        });
        if (v.setCookies.length === 0) ctx.note("note.noNewCookie");
      },
    },
    {
      id: "login",
      headers: ["Cookie", "Set-Cookie", "Location"],
      py: [
        "del SESSIONS[sid]; sid = secrets.token_urlsafe(16); SESSIONS[sid] = session",
        "session['user'] = user",
        "return 303, ..., [('Location', '/')], session_cookie(sid)",
      ],
      async run(ctx, s) {
        const v = await s.alice.request("POST", "/login", { form: { user: s.user } });
        ctx.note("note.loginForm", { body: v.res.request.body.toString("utf8") });
        const fresh = storedValue(v);
        if (fresh !== undefined) {
          ctx.note("note.rotated", { old: s.sid, sid: fresh });
          s.sid = fresh;
        }
        ctx.note("note.seeOther", {
          status: `${v.res.status} ${v.res.reason}`,
          location: v.res.headers.get("location") ?? "—",
        });
        const page = pageFacts(landed(v));
        ctx.note("note.greeting", { greeting: page.greeting, visits: page.visits, user: s.user });
      },
    },
    {
      id: "forged",
      headers: ["Cookie", "Set-Cookie"],
      py: ["session = find_session(sid)  # None: never issued", "sid = new_session()"],
      async run(ctx, s) {
        const forged = neighbour(s.sid);
        const mallory = new ShopClient(ctx, s.server.address, "otherSocket");
        s.mallory = mallory;
        await mallory.jar.plant(`${mallory.origin}/`, `${COOKIE_NAME}=${forged}; Path=/`);
        await mallory.jar.plant(`${mallory.origin}/`, "user=admin; Path=/");
        ctx.note("note.forgedPlant", { forged, live: s.sid });
        await mallory.showJar();
        const v = await mallory.request("GET", "/", { explain: true });
        const given = storedValue(v) ?? null;
        ctx.note("note.forgedResult", {
          forged,
          sid: given,
          greeting: pageFacts(v).greeting,
          liveUntouched: s.shop.store.has(s.sid),
        });
        ctx.note("note.forgedOdds", { store: s.shop.store.size, bits: 128 });
      },
    },
    {
      id: "cart",
      headers: ["Cookie"],
      py: ["session['cart'].append(item)"],
      async run(ctx, s) {
        await s.alice.request("POST", "/cart", { form: { item: ctx.say("default.item") } });
        const v = await s.alice.request("GET", "/cart");
        const items = pageFacts(v).items;
        ctx.note("note.cartPage", {
          count: items.length,
          items: items.join(", "),
          sidChars: s.sid.length,
        });
        s.cookieBytes = cookieLineBytes(v.cookie);
        const session = s.shop.store.find(s.sid).session;
        s.sessionBytes = session ? Buffer.byteLength(JSON.stringify(session)) : 0;
      },
    },
    {
      id: "logout",
      headers: ["Cookie", "Set-Cookie"],
      py: ["del SESSIONS[sid]", "return 303, ..., [('Location', '/')], EXPIRED_COOKIE"],
      async run(ctx, s) {
        const old = s.sid;
        await s.alice.request("POST", "/logout", { follow: false });
        ctx.note("note.logoutDeleted", { old, inStore: s.shop.store.has(old) });
        const after = await s.alice.request("GET", "/", { explain: true });
        ctx.note("note.afterLogout", { cookie: after.cookie, sid: storedValue(after) ?? null });
        const replayed = await s.alice.request("GET", "/", {
          cookie: `${COOKIE_NAME}=${old}`,
          store: false,
        });
        ctx.note("note.oldSidDead", {
          old,
          sid: replayed.setCookies.length > 0 ? s.shop.last.sid : null,
          miss: s.shop.last.miss ?? null,
        });
      },
    },
    {
      id: "expiry",
      headers: ["Cookie"],
      py: ["if session['expires'] <= time.time(): del SESSIONS[sid]"],
      async run(ctx, s) {
        const { shop } = s;
        shop.store.lifetimeS = SHORT_LIFETIME_S;
        ctx.note("note.shortLifetime", { lifetime: SHORT_LIFETIME_S });
        const bob = new ShopClient(ctx, s.server.address, "thirdSocket");
        s.bob = bob;
        const first = await bob.request("GET", "/");
        shop.store.lifetimeS = LIFETIME_S;
        const short = storedValue(first) ?? "";
        const again = await bob.request("GET", "/");
        if (again.cookie !== "") ctx.note("note.stillSent", { visits: pageFacts(again).visits });
        const contents = await bob.jar.contents(`${bob.origin}/`);
        const cookie = contents.find((c) => c.name === COOKIE_NAME);
        const expiresAt = cookie?.expiresMs ?? Date.now();
        const ms = Math.max(0, expiresAt - Date.now()) + EXPIRY_MARGIN_MS;
        ctx.note("note.waiting", { ms, expires: cookie?.expires ?? null });
        await wait(ctx, ms);
        await bob.showJar();
        const later = await bob.request("GET", "/", { explain: true });
        ctx.note("note.expiredNotSent", { cookie: later.cookie });
        await bob.request("GET", "/", { cookie: `${COOKIE_NAME}=${short}`, store: false });
        const miss = shop.last.miss ?? null;
        ctx.note("note.serverExpired", {
          old: short,
          miss,
          reason: miss ? ctx.say(`miss.${miss}`, { sid: short }) : "—",
        });
        ctx.note("note.lifetimeBack", { lifetime: shop.store.lifetimeS });
      },
    },
    {
      id: "side-by-side",
      async run(ctx, s) {
        ctx.note("vs.header");
        // The jar as it is now, listed: the comparison quotes its count.
        const jar = await s.alice.showJar();
        ctx.note("vs.where", { jarCount: jar.length, store: s.shop.store.size });
        ctx.note("vs.lifetime", { lifetime: LIFETIME_S });
        ctx.note("vs.size", { cookieBytes: s.cookieBytes, sessionBytes: s.sessionBytes });
        ctx.note("vs.security");
        ctx.note("vs.slides");
      },
    },
    {
      id: "several-servers",
      async run(ctx, s) {
        ctx.note("multi.problem", { store: s.shop.store.size });
        ctx.note("multi.sticky");
        ctx.note("multi.shared");
        ctx.note("multi.stateless");
        s.alice.close();
        s.mallory.close();
        s.bob.close();
        await s.server.close();
      },
    },
  ],
  serve,
  connect,
});

async function serve(ctx: Ctx): Promise<void> {
  const shop = newShop(ctx);
  const server = await httpServer(ctx, {
    host: ctx.opts.host,
    port: ctx.opts.port,
    handler: shop.handle,
  });
  const shown =
    server.address.host === "0.0.0.0" ? { ...server.address, host: "127.0.0.1" } : server.address;
  ctx.note("serve.hint", { url: `http://${formatAddr(shown)}/`, lifetime: shop.store.lifetimeS });
  await server.done;
}

async function connect(ctx: Ctx, target: ConnectTarget): Promise<void> {
  const base = new URL(`http://${formatAddr(target)}${target.path}`);
  const client = new ShopClient(ctx, { host: target.host, port: target.port });
  const at = (route: string) => {
    const u = new URL(route, base);
    return u.pathname + u.search;
  };
  ctx.note("connect.target", { url: base.toString() });
  let last: Visit | undefined;
  try {
    await client.request("GET", at("./"), { explain: true });
    await client.request("GET", at("./"), { explain: true });
    await client.request("POST", at("login"), {
      form: { user: ctx.say("default.user") },
      explain: true,
    });
    await client.request("POST", at("cart"), {
      form: { item: ctx.say("default.item") },
      explain: true,
    });
    await client.request("GET", at("cart"), { explain: true });
    last = await client.request("POST", at("logout"), { follow: false, explain: true });
  } catch (err) {
    if (err instanceof HttpError)
      ctx.fail(ctx.say("connect.notHttp", { target: base.origin, reason: err.message }));
    throw err;
  }
  // The jar was just shown if the last answer changed it.
  const jar =
    last && last.setCookies.length > 0
      ? await client.jar.contents(`${client.origin}/`)
      : await client.showJar();
  if (client.setCookies === 0) ctx.note("connect.noCookie");
  ctx.note("connect.summary", {
    requests: client.requests,
    setCookies: client.setCookies,
    count: jar.length,
  });
  client.close();
}
