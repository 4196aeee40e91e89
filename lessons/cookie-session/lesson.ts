import { setTimeout as sleep } from "node:timers/promises";
import { Cookie } from "tough-cookie";
import { HttpError, type HttpServer, httpServer, parseUrl } from "../../src/http/index.js";
import { formatAddr } from "../../src/net/address.js";
import { Interrupted } from "../../src/net/env.js";
import type { LessonContext, LessonModule } from "../../src/runtime/lesson.js";
import { ShopClient, type Visit } from "./client.js";
import { Jar } from "./jar.js";
import { quiz } from "./quiz.js";
import { COOKIE_NAME, LIFETIME_S, Shop } from "./server.js";
import { type TextKey, text } from "./text.js";

const steps = [
  "shop-opens",
  "first-visit",
  "attributes",
  "cookie-returns",
  "login",
  "forged",
  "cart",
  "logout",
  "expiry",
  "side-by-side",
  "several-servers",
] as const;

/** The lines of reference/shop.py each step stands for. */
const PY = {
  "shop-opens": [
    "server = ThreadingHTTPServer(('127.0.0.1', port), Shop)",
    "server.serve_forever()",
  ],
  "first-visit": [
    "sid = secrets.token_urlsafe(16)",
    "SESSIONS[sid] = {'expires': time.time() + LIFETIME_S, 'visits': 0, ...}",
    "self.send_header('Set-Cookie', session_cookie(sid))",
  ],
  "cookie-returns": ["jar.load(header); sid = jar['sid'].value", "session = find_session(sid)"],
  login: [
    "del SESSIONS[sid]; sid = secrets.token_urlsafe(16); SESSIONS[sid] = session",
    "session['user'] = user",
    "return 303, ..., [('Location', '/')], session_cookie(sid)",
  ],
  forged: ["session = find_session(sid)  # None: never issued", "sid = new_session()"],
  cart: ["session['cart'].append(item)"],
  logout: ["del SESSIONS[sid]", "return 303, ..., [('Location', '/')], EXPIRED_COOKIE"],
  expiry: ["if session['expires'] <= time.time(): del SESSIONS[sid]"],
} satisfies Record<string, string[]>;

/** The expiry step's session lifetime: long enough for two requests, short enough to wait out. */
const SHORT_LIFETIME_S = 1;
/** How far past the cookie's expiry the lesson waits, so no clock rounding can keep it alive. */
const EXPIRY_MARGIN_MS = 100;

function newShop(ctx: LessonContext): Shop {
  return new Shop({
    locale: ctx.locale,
    say: (key, params) => ctx.say(key, params),
    note: (key, params) => ctx.note(key, params, "server"),
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

async function wait(ctx: LessonContext, ms: number): Promise<void> {
  const done = ctx.tracer.waiting("client", ctx.say("wait.expiry"), ms);
  try {
    await sleep(ms, undefined, { signal: ctx.signal });
  } catch {
    throw new Interrupted();
  } finally {
    done();
  }
}

async function replay(ctx: LessonContext): Promise<void> {
  const shop = newShop(ctx);
  const user = ctx.say("default.user");
  let server!: HttpServer;
  let alice!: ShopClient;
  let sid = "";
  let setCookieHeader = "";
  let cookieBytes = 0;
  let sessionBytes = 0;

  await ctx.step("shop-opens", { py: PY["shop-opens"] }, async () => {
    server = await httpServer(ctx, {
      host: ctx.opts.host,
      port: ctx.opts.port,
      handler: shop.handle,
    });
    ctx.note("note.shopListens", {
      address: formatAddr(server.address),
      lifetime: shop.store.lifetimeS,
      store: shop.store.size,
    });
    ctx.note("note.stateless");
  });

  await ctx.step("first-visit", { py: PY["first-visit"] }, async () => {
    alice = new ShopClient(ctx, server.address);
    const v = await alice.request("GET", "/", { explain: true });
    if (!v.res.request.headers.has("cookie"))
      ctx.note("note.firstNoCookie", { origin: alice.origin, cookie: null });
    const value = storedValue(v);
    if (value === undefined) ctx.fail(ctx.say("fail.noSetCookie"));
    sid = value;
    setCookieHeader = v.setCookies.find((h) => h.startsWith(`${COOKIE_NAME}=`)) ?? "";
    const bytes = Buffer.from(sid, "base64url").length;
    ctx.note("note.sidRandom", { sid, bytes, bits: bytes * 8, chars: sid.length });
    ctx.note("note.cacheControl", { value: v.res.headers.get("cache-control") ?? "—" });
  });

  await ctx.step("attributes", {}, async () => {
    const parsed = Cookie.parse(setCookieHeader);
    const host = server.address.host;
    const maxAge = typeof parsed?.maxAge === "number" ? parsed.maxAge : null;
    const contents = await alice.jar.contents(`${alice.origin}/`);
    const mine = contents.find((c) => c.name === COOKIE_NAME);
    ctx.note("note.attrIntro", { header: setCookieHeader });
    ctx.note("note.attrDomain", { host, domain: parsed?.domain ?? null });
    // Ask the real jar to take a cookie for another site, as if this server had sent it.
    const foreign = `${COOKIE_NAME}=stolen; Domain=example.com; Path=/`;
    const probe = await new Jar().take(`${alice.origin}/`, [foreign]);
    const refused = probe.rejected[0];
    if (refused)
      ctx.note("note.attrDomainRefused", { header: foreign, host, reason: refused.reason });
    ctx.note("note.attrPath", { path: parsed?.path ?? "/" });
    ctx.note("note.attrMaxAge", { maxAge, expires: mine?.expires ?? null });
    ctx.note("note.attrSecure", { host, secure: parsed?.secure ?? false });
    ctx.note("note.attrHttpOnly", { httpOnly: parsed?.httpOnly ?? false });
    // tough-cookie lower-cases the value; quote it as the server wrote it.
    const sameSite = /;\s*SameSite=([^;]*)/i.exec(setCookieHeader)?.[1]?.trim() ?? "—";
    ctx.note("note.attrSameSite", { sameSite });
  });

  await ctx.step("cookie-returns", { py: PY["cookie-returns"] }, async () => {
    const v = await alice.request("GET", "/", { explain: true });
    const sent = /(?:^|;\s*)sid=([^;]*)/.exec(v.cookie)?.[1] ?? null;
    ctx.note("note.sameSid", {
      sid: sent,
      set: sid,
      same: sent === sid,
      visits: pageFacts(v).visits,
    });
    if (v.setCookies.length === 0) ctx.note("note.noNewCookie");
  });

  await ctx.step("login", { py: PY.login }, async () => {
    const v = await alice.request("POST", "/login", { form: { user } });
    ctx.note("note.loginForm", { body: v.res.request.body.toString("utf8") });
    const fresh = storedValue(v);
    if (fresh !== undefined) {
      ctx.note("note.rotated", { old: sid, sid: fresh });
      sid = fresh;
    }
    ctx.note("note.seeOther", {
      status: `${v.res.status} ${v.res.reason}`,
      location: v.res.headers.get("location") ?? "—",
    });
    const page = pageFacts(landed(v));
    ctx.note("note.greeting", { greeting: page.greeting, visits: page.visits, user });
  });

  let mallory!: ShopClient;
  await ctx.step("forged", { py: PY.forged }, async () => {
    const forged = neighbour(sid);
    mallory = new ShopClient(ctx, server.address, "otherSocket");
    await mallory.jar.plant(`${mallory.origin}/`, `${COOKIE_NAME}=${forged}; Path=/`);
    await mallory.jar.plant(`${mallory.origin}/`, "user=admin; Path=/");
    ctx.note("note.forgedPlant", { forged, live: sid });
    await mallory.showJar();
    const v = await mallory.request("GET", "/", { explain: true });
    const given = storedValue(v) ?? null;
    ctx.note("note.forgedResult", {
      forged,
      sid: given,
      greeting: pageFacts(v).greeting,
      liveUntouched: shop.store.has(sid),
    });
    ctx.note("note.forgedOdds", { store: shop.store.size, bits: 128 });
  });

  await ctx.step("cart", { py: PY.cart }, async () => {
    await alice.request("POST", "/cart", { form: { item: ctx.say("default.item") } });
    const v = await alice.request("GET", "/cart");
    const items = pageFacts(v).items;
    ctx.note("note.cartPage", {
      count: items.length,
      items: items.join(", "),
      sidChars: sid.length,
    });
    cookieBytes = cookieLineBytes(v.cookie);
    const session = shop.store.find(sid).session;
    sessionBytes = session ? Buffer.byteLength(JSON.stringify(session)) : 0;
  });

  await ctx.step("logout", { py: PY.logout }, async () => {
    const old = sid;
    await alice.request("POST", "/logout", { follow: false });
    ctx.note("note.logoutDeleted", { old, inStore: shop.store.has(old) });
    const after = await alice.request("GET", "/", { explain: true });
    ctx.note("note.afterLogout", { cookie: after.cookie, sid: storedValue(after) ?? null });
    const replayed = await alice.request("GET", "/", {
      cookie: `${COOKIE_NAME}=${old}`,
      store: false,
    });
    ctx.note("note.oldSidDead", {
      old,
      sid: replayed.setCookies.length > 0 ? shop.last.sid : null,
      miss: shop.last.miss ?? null,
    });
  });

  let bob!: ShopClient;
  await ctx.step("expiry", { py: PY.expiry }, async () => {
    shop.store.lifetimeS = SHORT_LIFETIME_S;
    ctx.note("note.shortLifetime", { lifetime: SHORT_LIFETIME_S });
    bob = new ShopClient(ctx, server.address, "thirdSocket");
    const first = await bob.request("GET", "/");
    shop.store.lifetimeS = LIFETIME_S;
    const short = storedValue(first) ?? "";
    const again = await bob.request("GET", "/");
    if (again.cookie !== "") ctx.note("note.stillSent", { visits: pageFacts(again).visits });
    const cookie = (await bob.jar.contents(`${bob.origin}/`)).find((c) => c.name === COOKIE_NAME);
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
      reason: miss ? ctx.say(`miss.${miss}` as TextKey, { sid: short }) : "—",
    });
    ctx.note("note.lifetimeBack", { lifetime: shop.store.lifetimeS });
  });

  await ctx.step("side-by-side", {}, async () => {
    const jar = await alice.jar.contents(`${alice.origin}/`);
    ctx.note("vs.header");
    ctx.note("vs.where", { jarCount: jar.length, store: shop.store.size });
    ctx.note("vs.lifetime", { lifetime: LIFETIME_S });
    ctx.note("vs.size", { cookieBytes, sessionBytes });
    ctx.note("vs.security");
    ctx.note("vs.slides");
  });

  await ctx.step("several-servers", {}, async () => {
    ctx.note("multi.problem", { store: shop.store.size });
    ctx.note("multi.sticky");
    ctx.note("multi.shared");
    ctx.note("multi.stateless");
    alice.close();
    mallory.close();
    bob.close();
    await server.close();
  });
}

async function serve(ctx: LessonContext): Promise<void> {
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

async function connect(ctx: LessonContext, target: string): Promise<void> {
  const where = parseUrl(target);
  if (!where) ctx.fail(ctx.say("fail.badTarget", { value: target }));
  const base = new URL(
    `http://${where.host.includes(":") ? `[${where.host}]` : where.host}:${where.port}${where.target}`,
  );
  const client = new ShopClient(ctx, { host: where.host, port: where.port });
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

export const lesson: LessonModule = { text, steps, quiz, replay, serve, connect };
