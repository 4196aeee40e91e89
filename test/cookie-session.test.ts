import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { Jar } from "../lessons/cookie-session/jar.js";
import { escapeHtml } from "../lessons/cookie-session/pages.js";
import { Shop } from "../lessons/cookie-session/server.js";
import { parseCookieHeader, SessionStore } from "../lessons/cookie-session/store.js";
import { text } from "../lessons/cookie-session/text.js";
import { verify } from "../lessons/cookie-session/verify.js";
import { HeaderList, type HttpRequest } from "../src/http/index.js";
import { translator } from "../src/i18n/locale.js";
import type { HttpEvent, NoteEvent, TraceEvent } from "../src/trace/events.js";
import {
  eventually,
  hasPython,
  ROOT,
  runCli,
  type Served,
  serveCli,
  stepEvents,
} from "./helpers.js";
import { freePort, waitForPort } from "./peers.js";

const SHOP_PY = path.join(ROOT, "lessons", "cookie-session", "reference", "shop.py");
const python = await hasPython();
const curl = spawnSync("curl", ["--version"], { stdio: "ignore" }).status === 0;

function http_(events: TraceEvent[], actor: string, dir: "request" | "response"): HttpEvent[] {
  return events.filter(
    (e): e is HttpEvent => e.kind === "http" && e.actor === actor && e.dir === dir,
  );
}

function header(e: HttpEvent, name: string): string | undefined {
  return e.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
}

function notes(events: TraceEvent[], key: string): NoteEvent[] {
  return events.filter((e): e is NoteEvent => e.kind === "note" && e.key === key);
}

function sidOf(setCookie: string | undefined): string | undefined {
  return /^sid=([^;]*)/.exec(setCookie ?? "")?.[1];
}

describe("cookie-session: replay --json", () => {
  let events: TraceEvent[];
  let code: number | null;

  before(async () => {
    const r = await runCli(["cookie-session", "--json"]);
    events = r.events;
    code = r.code;
    assert.equal(r.stderr, "", r.stderr);
  });

  it("ends ok, every step in order", () => {
    assert.equal(code, 0);
    const end = events.at(-1);
    assert.equal(end?.kind, "end");
    assert.equal(end?.kind === "end" && end.ok, true);
    const steps = events.filter((e) => e.kind === "step").map((e) => e.kind === "step" && e.id);
    assert.deepEqual(steps, [
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
    ]);
  });

  it("the first request carries no Cookie; the answer sets sid with HttpOnly, SameSite=Lax, Max-Age", () => {
    const step = stepEvents(events, "first-visit");
    const [req] = http_(step, "client", "request");
    assert.ok(req);
    assert.equal(header(req, "cookie"), undefined);
    const [res] = http_(step, "client", "response");
    assert.ok(res);
    const setCookie = header(res, "set-cookie") ?? "";
    assert.match(setCookie, /^sid=[A-Za-z0-9_-]{22}; /);
    assert.match(setCookie, /; Path=\//);
    assert.match(setCookie, /; HttpOnly/);
    assert.match(setCookie, /; SameSite=Lax/);
    assert.match(setCookie, /; Max-Age=\d+/);
    assert.equal(header(res, "cache-control"), 'private, no-cache="Set-Cookie"');
    // The server side saw the same: no Cookie, new session, with the sid it sent.
    const created = notes(step, "srv.new")[0];
    assert.equal(created?.facts?.sid, sidOf(setCookie));
    assert.equal(created?.facts?.miss, "none");
    // The jar reports what it stored, field by field.
    const stored = notes(step, "jar.stored")[0];
    assert.equal(stored?.facts?.name, "sid");
    assert.equal(stored?.facts?.value, sidOf(setCookie));
    assert.equal(stored?.facts?.path, "/");
    assert.equal(stored?.facts?.httpOnly, true);
    assert.equal(stored?.facts?.hostOnly, true);
    assert.equal(stored?.facts?.sameSite, "lax");
    assert.equal(typeof stored?.facts?.expires, "string");
    // The sentence shows the flags in words and SameSite as the header spells it.
    assert.equal(stored?.facts?.httpOnlyShown, "yes");
    assert.equal(stored?.facts?.secureShown, "no");
    assert.equal(stored?.facts?.sameSiteShown, "SameSite=Lax");
  });

  it("the jar's refusal of another site's Domain is worded; tough-cookie's message stays a fact", () => {
    const refused = notes(stepEvents(events, "attributes"), "note.attrDomainRefused")[0];
    assert.ok(refused, "no note.attrDomainRefused");
    assert.equal(refused.facts?.code, "domain");
    assert.equal(refused.facts?.cookieDomain, "example.com");
    assert.equal(refused.facts?.requestHost, "127.0.0.1");
    assert.match(String(refused.facts?.toughCookie), /^Cookie not in this host's domain\./);
    assert.equal(
      refused.facts?.reason,
      "Domain=example.com does not cover the host that sent it, 127.0.0.1",
    );
  });

  it("the next request carries Cookie with the same sid and the server finds the session", () => {
    const first = header(
      http_(stepEvents(events, "first-visit"), "client", "response")[0]!,
      "set-cookie",
    );
    const step = stepEvents(events, "cookie-returns");
    const [req] = http_(step, "client", "request");
    assert.equal(header(req!, "cookie"), `sid=${sidOf(first)}`);
    const [serverSaw] = http_(step, "server", "request");
    assert.equal(header(serverSaw!, "cookie"), `sid=${sidOf(first)}`);
    const found = notes(step, "srv.found")[0];
    assert.equal(found?.facts?.sid, sidOf(first));
    assert.equal(found?.facts?.visits, 2);
    assert.equal(header(http_(step, "client", "response")[0]!, "set-cookie"), undefined);
  });

  it("login answers 303 to / with a new sid, and the next page greets the user", () => {
    const step = stepEvents(events, "login");
    const [post] = http_(step, "client", "request");
    assert.match(post!.startLine, /^POST \/login /);
    assert.equal(header(post!, "content-type"), "application/x-www-form-urlencoded");
    const [res, page] = http_(step, "client", "response");
    assert.match(res!.startLine, / 303 See Other$/);
    assert.equal(header(res!, "location"), "/");
    const rotated = notes(step, "note.rotated")[0];
    assert.ok(rotated?.facts?.old && rotated.facts.sid && rotated.facts.old !== rotated.facts.sid);
    assert.equal(sidOf(header(res!, "set-cookie")), rotated.facts.sid);
    const [, get] = http_(step, "client", "request");
    assert.equal(header(get!, "cookie"), `sid=${rotated.facts.sid}`);
    assert.match(page!.startLine, / 200 OK$/);
    assert.equal(notes(step, "note.greeting")[0]?.facts?.greeting, "Hello, alice!");
  });

  it("a forged sid gets a new Set-Cookie with a different sid", () => {
    const step = stepEvents(events, "forged");
    const [req] = http_(step, "client", "request");
    const sent = /sid=([^;]*)/.exec(header(req!, "cookie") ?? "")?.[1];
    assert.ok(sent);
    assert.match(header(req!, "cookie") ?? "", /user=admin/);
    const given = sidOf(header(http_(step, "client", "response")[0]!, "set-cookie"));
    assert.ok(given);
    assert.notEqual(given, sent);
    const made = notes(step, "srv.new")[0];
    assert.equal(made?.facts?.miss, "unknown");
    assert.equal(notes(step, "note.forgedResult")[0]?.facts?.greeting, "Hello, stranger.");
    assert.equal(notes(step, "note.forgedResult")[0]?.facts?.liveUntouched, true);
  });

  it("the cart lives in the session", () => {
    const step = stepEvents(events, "cart");
    assert.equal(notes(step, "srv.cart")[0]?.facts?.cart, 1);
    assert.equal(notes(step, "note.cartPage")[0]?.facts?.items, "coffee beans");
  });

  it("logout deletes the session, answers Max-Age=0, and the jar drops the cookie", () => {
    const step = stepEvents(events, "logout");
    const [res] = http_(step, "client", "response");
    assert.match(res!.startLine, / 303 See Other$/);
    assert.equal(header(res!, "location"), "/");
    const setCookie = header(res!, "set-cookie") ?? "";
    assert.match(setCookie, /^sid=; /);
    assert.match(setCookie, /Max-Age=0/);
    assert.equal(notes(step, "jar.removed")[0]?.facts?.name, "sid");
    assert.ok(notes(step, "jar.empty").length >= 1);
    assert.equal(notes(step, "note.logoutDeleted")[0]?.facts?.inStore, false);
    // The next request goes without Cookie, and the old sid opens nothing.
    const [, after, replayed] = http_(step, "client", "request");
    assert.equal(header(after!, "cookie"), undefined);
    const old = notes(step, "note.logoutDeleted")[0]?.facts?.old;
    assert.equal(header(replayed!, "cookie"), `sid=${old}`);
    assert.equal(notes(step, "note.oldSidDead")[0]?.facts?.miss, "unknown");
  });

  it("an expired cookie is not sent, and the server expired the session too", () => {
    const step = stepEvents(events, "expiry");
    const responses = http_(step, "client", "response");
    assert.match(header(responses[0]!, "set-cookie") ?? "", /Max-Age=1$/);
    const requests = http_(step, "client", "request");
    assert.equal(header(requests[0]!, "cookie"), undefined);
    const short = sidOf(header(responses[0]!, "set-cookie"));
    // The third request comes after the real wait: the jar dropped the cookie.
    const waited = notes(step, "note.waiting")[0];
    assert.ok(Number(waited?.facts?.ms) >= 0);
    assert.equal(header(requests[2]!, "cookie"), undefined);
    assert.equal(header(requests[3]!, "cookie"), `sid=${short}`);
    assert.equal(notes(step, "note.serverExpired")[0]?.facts?.miss, "expired");
  });

  it("nothing is left open: the server and every client socket closed", () => {
    const closes = events.filter((e) => e.kind === "call" && e.call === "close");
    const accepted = events.filter((e) => e.kind === "call" && e.call === "accept").length;
    const connected = events.filter((e) => e.kind === "call" && e.call === "connect").length;
    assert.ok(closes.length >= accepted + connected + 1);
  });
});

describe("cookie-session: Korean", () => {
  it("runs in Korean and says the step titles in Korean", async () => {
    const r = await runCli(["cookie-session", "--json", "--lang", "ko"]);
    assert.equal(r.code, 0);
    const titles = r.events
      .filter((e) => e.kind === "step")
      .map((e) => e.kind === "step" && e.title);
    assert.equal(titles[1], text.ko["step.first-visit"]);
    const page = r.events.find(
      (e): e is HttpEvent =>
        e.kind === "http" && e.dir === "response" && (e.body ?? "").includes("lang"),
    );
    assert.match(page?.body ?? "", /lang="ko"/);
    const refused = notes(r.events, "note.attrDomainRefused")[0];
    assert.equal(
      refused?.facts?.reason,
      "Domain=example.com은 이 쿠키를 보낸 호스트 127.0.0.1을 포함하지 않습니다",
    );
    const stored = notes(r.events, "jar.stored")[0];
    assert.equal(stored?.facts?.httpOnlyShown, "있음");
    assert.equal(stored?.facts?.secureShown, "없음");
    assert.equal(stored?.facts?.sameSiteShown, "SameSite=Lax");
  });
});

describe("cookie-session: the shop's rules (unit)", () => {
  const say = translator(text, "en");
  const made: string[] = [];
  const shop = new Shop({ locale: "en", say, note: (key) => made.push(key) });

  function req(
    method: string,
    target: string,
    headers: [string, string][] = [],
    body = "",
  ): HttpRequest {
    const buf = Buffer.from(body);
    return {
      method,
      target,
      version: "HTTP/1.1",
      headers: new HeaderList(headers),
      body: buf,
      trailers: new HeaderList(),
      startLine: `${method} ${target} HTTP/1.1`,
      framing: buf.length > 0 ? "length" : "none",
      headBytes: 0,
      wireBodyBytes: buf.length,
    };
  }

  it("escapes what users type", () => {
    assert.equal(escapeHtml(`<script>"&'`), "&lt;script&gt;&quot;&amp;&#39;");
    const first = shop.handle(req("GET", "/"));
    const sid = sidOf(new HeaderList(first.headers).get("set-cookie"));
    const cookie: [string, string] = ["Cookie", `sid=${sid}`];
    const login = shop.handle(
      req(
        "POST",
        "/login",
        [cookie, ["Content-Type", "application/x-www-form-urlencoded"]],
        "user=%3Cb%3Eeve%3C%2Fb%3E",
      ),
    );
    assert.equal(login.status, 303);
    const fresh = sidOf(new HeaderList(login.headers).get("set-cookie"));
    const page = shop.handle(req("GET", "/", [["Cookie", `sid=${fresh}`]]));
    assert.match(String(page.body), /Hello, &lt;b&gt;eve&lt;\/b&gt;!/);
    assert.doesNotMatch(String(page.body), /<b>eve/);
  });

  it("refuses bad forms, wrong methods and unknown paths without making sessions", () => {
    const before = shop.store.size;
    assert.equal(shop.handle(req("GET", "/nowhere")).status, 404);
    const wrong = shop.handle(req("GET", "/login"));
    assert.equal(wrong.status, 405);
    assert.equal(new HeaderList(wrong.headers).get("allow"), "POST");
    assert.equal(shop.store.size, before);
    assert.equal(shop.handle(req("POST", "/login", [], "user=x")).status, 415);
    const ctype: [string, string] = ["Content-Type", "application/x-www-form-urlencoded"];
    assert.equal(shop.handle(req("POST", "/login", [ctype], "user=")).status, 400);
    assert.equal(shop.handle(req("POST", "/login", [ctype], `user=${"x".repeat(41)}`)).status, 400);
    assert.equal(shop.handle(req("POST", "/cart", [ctype], "item=%07bell")).status, 400);
  });

  it("HEAD is answered like GET without counting a visit", () => {
    const first = shop.handle(req("GET", "/"));
    const sid = sidOf(new HeaderList(first.headers).get("set-cookie"))!;
    shop.handle(req("HEAD", "/", [["Cookie", `sid=${sid}`]]));
    assert.equal(shop.store.find(sid).session?.visits, 1);
  });

  it("logout without a session still expires the cookie", () => {
    const res = shop.handle(req("POST", "/logout", [["Cookie", "sid=nothing"]]));
    assert.equal(res.status, 303);
    assert.match(new HeaderList(res.headers).get("set-cookie") ?? "", /^sid=; .*Max-Age=0/);
  });

  it("the store forgets expired sessions, stays bounded, and evicts the least recently used", () => {
    let now = 1_000_000;
    const store = new SessionStore(10, 3, () => now, 5);
    const a = store.create().session!;
    assert.equal(store.find(a.id).session, a);
    now += 10_000;
    assert.equal(store.find(a.id).miss, "expired");
    assert.equal(store.find("made-up").miss, "unknown");
    assert.equal(store.find(undefined).miss, "none");
    const [x, y, z] = [store.create(), store.create(), store.create()].map((c) => c.session!);
    now += 6_000;
    // x is the oldest but was just used: y is the least recently used.
    assert.equal(store.find(x!.id).session, x);
    const w = store.create();
    assert.deepEqual(w.evicted, { id: y!.id, idleS: 6, user: null });
    assert.equal(store.has(x!.id), true);
    assert.equal(store.create().evicted?.id, z!.id);
    // x, w and the last one were all used in the last 5 s: no room is made at all.
    assert.deepEqual(store.create().full, { max: 3, recentS: 5 });
    assert.equal(store.size, 3);
    assert.equal(store.has(x!.id), true);
    const ids = Array.from({ length: 300 }, () => new SessionStore(10).create().session!.id);
    assert.match(ids[0]!, /^[A-Za-z0-9_-]{22}$/);
    assert.equal(new Set(ids).size, 300);
  });

  it("10,000 cookieless requests do not log out a user who is logged in: 503 when every session is recent", () => {
    const notes: string[] = [];
    const small = new Shop({ locale: "en", say, note: (key) => notes.push(key), maxSessions: 100 });
    const first = small.handle(req("GET", "/"));
    const anon = sidOf(new HeaderList(first.headers).get("set-cookie"))!;
    const ctype: [string, string] = ["Content-Type", "application/x-www-form-urlencoded"];
    const login = small.handle(
      req("POST", "/login", [ctype, ["Cookie", `sid=${anon}`]], "user=alice"),
    );
    const sid = sidOf(new HeaderList(login.headers).get("set-cookie"))!;
    const statuses = new Map<number, number>();
    for (let i = 0; i < 10_000; i++) {
      const status = small.handle(req("GET", "/")).status;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    assert.equal(statuses.get(200), 99);
    assert.equal(statuses.get(503), 10_000 - 99);
    assert.ok(notes.includes("srv.full"));
    assert.equal(small.store.size, 100);
    const back = small.handle(req("GET", "/", [["Cookie", `sid=${sid}`]]));
    assert.equal(back.status, 200);
    assert.match(String(back.body), /Hello, alice!/);
  });

  it("parses Cookie headers without trusting them", () => {
    assert.deepEqual(
      [...parseCookieHeader("sid=a; user=admin; sid=b")],
      [
        ["sid", "a"],
        ["user", "admin"],
      ],
    );
    assert.deepEqual([...parseCookieHeader('=x; ; junk; q="quoted"')], [["q", "quoted"]]);
    assert.equal(parseCookieHeader(undefined).size, 0);
  });

  it("the verify texts exist in both languages with the same placeholders", () => {
    const ph = (t: string) =>
      [...t.matchAll(/\{(\w+)\}/g)]
        .map((m) => m[1])
        .sort()
        .join();
    const { en, ko } = verify.text as { en: Record<string, string>; ko: Record<string, string> };
    assert.deepEqual(Object.keys(ko).sort(), Object.keys(en).sort());
    for (const key of Object.keys(en)) assert.equal(ph(ko[key]!), ph(en[key]!), key);
  });

  it("the jar drops a Max-Age=0 cookie and refuses another site's Domain", async () => {
    const jar = new Jar();
    const url = "http://127.0.0.1:9/";
    const set = await jar.take(url, ["sid=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=60"]);
    assert.equal(set.stored[0]?.ttlS, 60);
    assert.equal(await jar.cookieHeader(url), "sid=abc");
    const gone = await jar.take(url, ["sid=; Path=/; Max-Age=0"]);
    assert.equal(gone.removed[0]?.name, "sid");
    assert.deepEqual(await jar.contents(url), []);
    const foreign = await jar.take(url, ["sid=x; Domain=example.com"]);
    assert.equal(foreign.rejected.length, 1);
    assert.equal(foreign.rejected[0]?.code, "domain");
    assert.equal(foreign.rejected[0]?.cookieDomain, "example.com");
    const parse = await jar.take(url, ["=; Path=/"]);
    assert.deepEqual(
      parse.rejected.map((r) => r.code),
      ["parse"],
    );
  });
});

describe("cookie-session --serve, with curl and a cookie jar file", {
  skip: curl ? false : "curl is not installed",
}, () => {
  let served: Served;
  let dir: string;
  let base: string;

  before(async () => {
    served = await serveCli(["cookie-session", "--serve", "--json"]);
    base = `http://${served.host}:${served.port}`;
    dir = await mkdtemp(path.join(os.tmpdir(), "sockstep-curl-"));
  });

  after(async () => {
    const code = await served.stop();
    assert.equal(code, 130);
    await rm(dir, { recursive: true, force: true });
  });

  function curlRun(...args: string[]): { out: string; code: number | null } {
    const r = spawnSync("curl", ["-s", "--max-time", "10", ...args], { encoding: "utf8" });
    return { out: r.stdout, code: r.status };
  }

  it("login survives across requests; without the cookie or with a forged sid you are a stranger; logout expires it", async () => {
    const jar = path.join(dir, "jar.txt");
    const withJar = ["-c", jar, "-b", jar];
    assert.match(curlRun(...withJar, `${base}/`).out, /Hello, stranger\./);
    const login = curlRun(
      ...withJar,
      "-d",
      "user=bob",
      "-o",
      "/dev/null",
      "-w",
      "%{http_code} %{redirect_url}",
      `${base}/login`,
    );
    assert.equal(login.out, `303 ${base}/`);
    const page = curlRun(...withJar, `${base}/`).out;
    assert.match(page, /Hello, bob!/);
    assert.match(page, /Visits in this session: 2/);
    const file = await readFile(jar, "utf8");
    const line = file.split("\n").find((l) => /\tsid\t/.test(l));
    assert.ok(line, file);
    assert.ok(line.startsWith("#HttpOnly_"), "curl marks the cookie HttpOnly");
    const sid = line.split("\t").at(-1)!;
    // No cookie: a stranger. A forged sid: a stranger with a new sid.
    assert.match(curlRun(`${base}/`).out, /Hello, stranger\./);
    const forged = curlRun("-D", "-", "-b", `sid=${sid.slice(0, -1)}x`, `${base}/`).out;
    assert.match(forged, /Hello, stranger\./);
    const newSid = /Set-Cookie: sid=([^;]*)/i.exec(forged)?.[1];
    assert.ok(newSid);
    assert.notEqual(newSid, sid);
    // The cart, still logged in.
    curlRun(...withJar, "-d", "item=tea", "-o", "/dev/null", `${base}/cart`);
    assert.match(curlRun(...withJar, `${base}/cart`).out, /<li>tea<\/li>/);
    // Logout: Max-Age=0, curl drops the cookie, and the old sid is dead.
    const out = curlRun(...withJar, "-D", "-", "-d", "", "-o", "/dev/null", `${base}/logout`).out;
    assert.match(out, /^HTTP\/1\.1 303 See Other/);
    assert.match(out, /Set-Cookie: sid=; .*Max-Age=0/i);
    const after = await readFile(jar, "utf8");
    assert.ok(!/\tsid\t/.test(after), after);
    assert.match(curlRun("-b", `sid=${sid}`, `${base}/`).out, /Hello, stranger\./);
    // The narration showed curl's real Cookie header on the server side.
    const withCookie = () =>
      served.events.some(
        (e) =>
          e.kind === "http" &&
          e.actor === "server" &&
          e.dir === "request" &&
          header(e, "cookie") === `sid=${sid}`,
      );
    const loggedOut = () => served.events.some((e) => e.kind === "note" && e.key === "srv.logout");
    await eventually(() => withCookie() && loggedOut(), 5000);
    assert.ok(withCookie(), "the server's http event with the Cookie");
    assert.ok(loggedOut(), "srv.logout");
  });
});

describe("cookie-session --serve, with node:http", () => {
  let served: Served;

  before(async () => {
    served = await serveCli(["cookie-session", "--serve", "--json"]);
  });
  after(async () => {
    await served.stop();
  });

  function request(
    method: string,
    pathname: string,
    opts: { cookie?: string; form?: string } = {},
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
    return new Promise((resolve, reject) => {
      const headers: http.OutgoingHttpHeaders = {};
      if (opts.cookie) headers.cookie = opts.cookie;
      if (opts.form !== undefined) {
        headers["content-type"] = "application/x-www-form-urlencoded";
        headers["content-length"] = Buffer.byteLength(opts.form);
      }
      const req = http.request(
        { host: served.host, port: served.port, method, path: pathname, headers, agent: false },
        (res) => {
          let body = "";
          res.setEncoding("utf8").on("data", (d: string) => (body += d));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.on("error", reject);
      req.end(opts.form);
    });
  }

  it("sets the cookie once, finds the session by it, and answers 303 to every POST", async () => {
    const first = await request("GET", "/");
    assert.equal(first.status, 200);
    assert.match(String(first.headers["content-type"]), /^text\/html/);
    const setCookie = first.headers["set-cookie"]?.[0] ?? "";
    assert.match(setCookie, /; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    assert.equal(first.headers["cache-control"], 'private, no-cache="Set-Cookie"');
    const cookie = `sid=${sidOf(setCookie)}`;
    const again = await request("GET", "/", { cookie });
    assert.equal(again.headers["set-cookie"], undefined);
    assert.equal(again.headers["cache-control"], "private");
    assert.match(again.body, /Visits in this session: 2/);
    const login = await request("POST", "/login", { cookie, form: "user=%ED%95%9C" });
    assert.equal(login.status, 303);
    assert.equal(login.headers.location, "/");
    const rotated = `sid=${sidOf(login.headers["set-cookie"]?.[0])}`;
    assert.notEqual(rotated, cookie);
    assert.match((await request("GET", "/", { cookie: rotated })).body, /Hello, 한!/);
    // The old id died at login.
    assert.match((await request("GET", "/", { cookie })).body, /Hello, stranger\./);
    const cart = await request("POST", "/cart", { cookie: rotated, form: "item=%3Cimg%3E" });
    assert.equal(cart.status, 303);
    assert.match(
      (await request("GET", "/cart", { cookie: rotated })).body,
      /<li>&lt;img&gt;<\/li>/,
    );
    const out = await request("POST", "/logout", { cookie: rotated, form: "" });
    assert.equal(out.status, 303);
    assert.match(out.headers["set-cookie"]?.[0] ?? "", /^sid=; .*Max-Age=0/);
    assert.match((await request("GET", "/", { cookie: rotated })).body, /Hello, stranger\./);
  });

  it("survives garbage cookies and bad bodies", async () => {
    const odd = await request("GET", "/", { cookie: 'sid="; ; =;;\u00ff' });
    assert.equal(odd.status, 200);
    assert.equal((await request("POST", "/cart", { form: "item=" })).status, 400);
    assert.equal((await request("DELETE", "/cart")).status, 405);
    assert.equal((await request("GET", "/favicon.ico")).status, 404);
  });
});

/** A shop written here with node:http, to check the lesson's client against a server it did not write. */
async function nodeShop() {
  const sessions = new Map<string, { user: string | null; cart: string[] }>();
  const seen: { method: string; url: string; cookie: string | undefined }[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8").on("data", (d: string) => (body += d));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", cookie: req.headers.cookie });
      const sid = /(?:^|;\s*)sid=([^;]*)/.exec(req.headers.cookie ?? "")?.[1];
      let session = sid ? sessions.get(sid) : undefined;
      const headers: http.OutgoingHttpHeaders = { "content-type": "text/plain" };
      if (!session) {
        const id = randomBytes(16).toString("hex");
        session = { user: null, cart: [] };
        sessions.set(id, session);
        headers["set-cookie"] = `sid=${id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=600`;
      }
      const form = new URLSearchParams(body);
      if (req.method === "POST" && req.url === "/logout") {
        if (sid) sessions.delete(sid);
        res.writeHead(303, { location: "/", "set-cookie": "sid=; Path=/; Max-Age=0" }).end();
        return;
      }
      if (req.method === "POST") {
        if (req.url === "/login") session.user = form.get("user");
        if (req.url === "/cart") session.cart.push(form.get("item") ?? "");
        res.writeHead(303, { ...headers, location: "/" }).end();
        return;
      }
      res
        .writeHead(200, headers)
        .end(`user=${session.user ?? "-"} cart=${session.cart.join(",")}\n`);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe("cookie-session --connect (the lesson's client against other servers)", () => {
  it("against a node:http shop: the jar sends the sid back and drops it at logout", async () => {
    const shop = await nodeShop();
    try {
      const r = await runCli([
        "cookie-session",
        "--connect",
        `http://127.0.0.1:${shop.port}/`,
        "--json",
      ]);
      assert.equal(r.code, 0, r.stderr);
      const end = r.events.at(-1);
      assert.equal(end?.kind === "end" && end.ok, true);
      assert.equal(shop.seen[0]?.cookie, undefined);
      const sid = /sid=([0-9a-f]{32})/.exec(shop.seen[1]?.cookie ?? "")?.[1];
      assert.ok(sid, JSON.stringify(shop.seen));
      // Every later request until logout carried it.
      const logout = shop.seen.findIndex((s) => s.url === "/logout");
      assert.ok(logout > 0);
      for (const s of shop.seen.slice(1, logout + 1)) assert.equal(s.cookie, `sid=${sid}`);
      assert.ok(notes(r.events, "jar.stored").some((n) => n.facts?.value === sid));
      assert.equal(notes(r.events, "jar.removed")[0]?.facts?.name, "sid");
      const summary = notes(r.events, "connect.summary")[0];
      assert.equal(summary?.facts?.count, 0);
      assert.equal(summary?.facts?.requests, shop.seen.length);
    } finally {
      await shop.close();
    }
  });

  it("against the Python reference shop", {
    skip: python ? false : "python3 is not installed",
  }, async () => {
    const port = await freePort();
    const child: ChildProcess = spawn("python3", [SHOP_PY, String(port)], { stdio: "ignore" });
    try {
      await waitForPort(port);
      const r = await runCli([
        "cookie-session",
        "--connect",
        `http://127.0.0.1:${port}/`,
        "--json",
      ]);
      assert.equal(r.code, 0, r.stderr);
      const responses = r.events.filter(
        (e): e is HttpEvent => e.kind === "http" && e.actor === "client" && e.dir === "response",
      );
      assert.match(
        header(responses[0]!, "set-cookie") ?? "",
        /; HttpOnly; SameSite=Lax; Max-Age=1800$/,
      );
      const requests = r.events.filter(
        (e): e is HttpEvent => e.kind === "http" && e.actor === "client" && e.dir === "request",
      );
      assert.match(header(requests[1]!, "cookie") ?? "", /^sid=/);
      assert.equal(notes(r.events, "jar.removed")[0]?.facts?.name, "sid");
    } finally {
      child.kill("SIGTERM");
      if (child.exitCode === null) await once(child, "exit");
    }
  });

  it("a bad address is one line and exit 1; a closed port is ECONNREFUSED", async () => {
    const bad = await runCli(["cookie-session", "--connect", "ftp://x/"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout + bad.stderr, /--connect wants http:\/\/host:port\//);
    const port = await freePort();
    const refused = await runCli([
      "cookie-session",
      "--connect",
      `http://127.0.0.1:${port}/`,
      "--json",
    ]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /ECONNREFUSED|refused/i);
  });
});
