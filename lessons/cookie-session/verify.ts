import { randomBytes, randomInt } from "node:crypto";
import { Cookie } from "tough-cookie";
import { ConnectionClosed, HttpError } from "../../src/http/index.js";
import type { Addr } from "../../src/net/address.js";
import { SockError } from "../../src/net/env.js";
import { TIMEOUT } from "../../src/net/fail.js";
import {
  defineChecks,
  type PlanStep,
  type VerifyContext,
  type VerifyModule,
} from "../../src/runtime/verify.js";
import { ShopClient, type Visit } from "./client.js";

/**
 * `sockstep verify cookie-session -- python3 shop.py {port}`: a student's shop
 * against the lesson's rules, checked by the lesson's own client and jar.
 * The checks follow one visitor through the shop, then try a stranger, a
 * forged sid and a logout; each failure names the rule that was broken.
 */

const text = {
  en: {
    "step.first-visit": "The first visit gets a session cookie with its attributes",
    "step.sid-random": "Session ids are long and never repeat",
    "step.cookie-returns": "The cookie comes back and the session is found",
    "step.login": "POST /login answers 303 to /, and / greets the user",
    "step.cart": "POST /cart answers 303 to /, and /cart lists the item",
    "step.stranger": "Without the cookie you are a stranger",
    "step.forged": "A forged sid gets a fresh session",
    "step.logout": "POST /logout deletes the session and expires the cookie",

    "vc.notHttp": "the answer to {request} is not valid HTTP: {detail}",
    "vc.hint.notHttp":
      "Answer with a status line, header fields, an empty line and a body whose length Content-Length gives.",
    "vc.closed": "the server closed the connection without answering {request}",
    "vc.noAnswer": "no answer to {request} within {seconds} s",
    "vc.hint.noAnswer":
      "Read the request up to its empty line (\\r\\n\\r\\n) and the Content-Length bytes of body after it, then send the response: a status line, the header fields, an empty line and the body.",
    "plan.first":
      "expect Set-Cookie: sid=… with HttpOnly, SameSite=Lax, Max-Age and Path=/, and Cache-Control: private",
    "plan.second": "as a second new visitor (no cookie), send GET / again",
    "plan.distinct": "expect a sid of 16 characters or more, different from the first visitor's",
    "plan.cookieBack": "send GET / with the cookie the server set (Cookie: sid=…)",
    "plan.sameSession": "expect 200 and no new sid: the server found the session",
    "plan.login": "send POST /login with the form field user=<a new name>",
    "plan.greets": "send GET / with the cookie; expect the page to show that name",
    "plan.cart": "send POST /cart with the form field item=<a new item>",
    "plan.lists": "send GET /cart with the cookie; expect the item in the page",
    "plan.stranger": "send GET / without any cookie; expect a page that does not show the name",
    "plan.forged": "send GET / with Cookie: sid=<a made-up id>; user=<the name>",
    "plan.fresh": "expect 200, a new sid, and no greeting for the name",
    "plan.logout":
      "send POST /logout; expect 303 and Set-Cookie: sid=… that expires it (Max-Age=0)",
    "plan.oldSid": "send GET / with the old sid; expect a new session, not the user's",
    "vc.hint.closed":
      "Read the whole request (headers, then Content-Length bytes of body) and always send a response before closing.",
    "vc.status": "{request} answered {got}",
    "vc.hint.status.200": "GET / and GET /cart answer 200 OK with an HTML page.",
    "vc.hint.status.303":
      "After a POST, answer 303 See Other with Location: / so the browser loads / with a GET.",
    "vc.location": "the 303 after {request} sends the browser to {got}",
    "vc.hint.location": "Send Location: / with the 303.",
    "vc.noSetCookie": "the first visit got no Set-Cookie: the server made no session",
    "vc.hint.noSetCookie":
      "When a request has no valid sid, create a session and answer Set-Cookie: sid=<random id>; Path=/; HttpOnly; SameSite=Lax; Max-Age=1800.",
    "vc.notSid": "the server set {names}, but no cookie named sid",
    "vc.hint.notSid": "Name the session cookie sid, as the lesson's rules do.",
    "vc.attrMissing": "the sid cookie lacks {attr}",
    "vc.hint.HttpOnly":
      "Add HttpOnly: page scripts (and a script injected by XSS) then cannot read the sid.",
    "vc.hint.SameSite":
      "Add SameSite=Lax: the cookie then stays home when another site makes the browser post here (CSRF).",
    "vc.hint.Max-Age":
      "Add Max-Age=<seconds>, the session's lifetime: without it the sid lives as long as the browser runs.",
    "vc.hint.Path": "Add Path=/ so the cookie goes with every page of the shop.",
    "vc.cacheControl": "a response that sets a cookie has no Cache-Control: private",
    "vc.hint.cacheControl":
      'Send Cache-Control: private, no-cache="Set-Cookie" with every Set-Cookie, so no shared cache hands one visitor\'s cookie to another.',
    "vc.shortSid": "the sid {sid} has only {chars} characters",
    "vc.hint.shortSid":
      "Make ids of 16 random bytes or more from a secure source: secrets.token_urlsafe(16) in Python.",
    "vc.sameSid": "two new visitors got the same sid {sid}",
    "vc.hint.sameSid": "Every new session needs its own random id (secrets.token_urlsafe).",
    "vc.lost": "the server did not find the session: it answered Cookie: {cookie} with a new sid",
    "vc.hint.lost":
      "Read sid from the Cookie header, look it up in the session store, and only make a new session when it is not there.",
    "vc.noName": "after login, GET / does not show the name {user}",
    "vc.hint.noName":
      "At POST /login store the form's user field in the session; on GET / greet the session's user.",
    "vc.noItem": "GET /cart does not list {item}",
    "vc.hint.noItem":
      "At POST /cart append the form's item field to the session's cart; GET /cart lists them.",
    "vc.strangerKnown": "a request without any cookie was greeted as {user}",
    "vc.hint.strangerKnown":
      "Who is logged in comes from the session found by sid, never from anything else.",
    "vc.forgedKept": "the forged sid {sid} was answered without a new Set-Cookie",
    "vc.forgedUser": "a forged cookie (sid={sid}; user={user}) was greeted as {user}",
    "vc.hint.forged":
      "An unknown sid is not a session: start a fresh one with a new random id, and never take the client's word for who it is.",
    "vc.forgedAdopted": "the server adopted the forged sid {sid} as a session id",
    "vc.logoutCookie": "logout did not expire the sid cookie",
    "vc.hint.logoutCookie":
      "Answer POST /logout with Set-Cookie: sid=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0.",
    "vc.logoutAlive": "after logout the old sid still finds {user}'s session",
    "vc.hint.logoutAlive":
      "Delete the session from the store at logout: expiring the cookie alone leaves every copy of the sid working.",

    "vc.ok.first":
      "Set-Cookie: {header}. HttpOnly, SameSite={sameSite}, Max-Age={maxAge} and Path=/ are all there, and Cache-Control: {cacheControl}.",
    "vc.ok.random": "Two new visitors got {a} and {b}: {chars} characters each, different.",
    "vc.ok.found": "Cookie: {cookie} found the session: no new sid came back.",
    "vc.ok.login": "The page greets {user}{rotated}.",
    "vc.ok.rotated": ", and the sid changed at login",
    "vc.ok.cart": "/cart lists {item}.",
    "vc.ok.stranger": "Without the cookie the page does not know {user}.",
    "vc.ok.forged":
      "sid={forged} got a fresh session {sid}; user={user} in the cookie changed nothing.",
    "vc.ok.logout": "Logout expired the cookie and the old sid opens nothing any more.",
  },
  ko: {
    "step.first-visit": "첫 방문에 속성을 갖춘 세션 쿠키를 받는다",
    "step.sid-random": "세션 ID는 길고 겹치지 않는다",
    "step.cookie-returns": "쿠키가 돌아오면 세션을 찾는다",
    "step.login": "POST /login은 /로 303을 답하고, /는 사용자를 맞이한다",
    "step.cart": "POST /cart는 /로 303을 답하고, /cart는 상품을 보여 준다",
    "step.stranger": "쿠키가 없으면 처음 보는 손님이다",
    "step.forged": "위조한 sid는 새 세션을 받는다",
    "step.logout": "POST /logout은 세션을 지우고 쿠키를 만료시킨다",

    "vc.notHttp": "{request}에 대한 답이 올바른 HTTP가 아닙니다: {detail}",
    "vc.hint.notHttp":
      "상태 라인, 헤더 필드, 빈 줄, 그리고 Content-Length가 알려 주는 길이의 본문으로 답하세요.",
    "vc.closed": "서버가 {request}에 답하지 않고 연결을 닫았습니다",
    "vc.noAnswer": "{request}에 {seconds}초 안에 응답이 없습니다",
    "vc.hint.noAnswer":
      "요청을 빈 줄(\\r\\n\\r\\n)까지, 그리고 그 뒤 Content-Length 바이트의 본문까지 읽은 다음 응답을 보내세요: 상태 라인, 헤더 필드, 빈 줄, 본문.",
    "plan.first":
      "HttpOnly, SameSite=Lax, Max-Age, Path=/가 붙은 Set-Cookie: sid=…와 Cache-Control: private를 기대한다",
    "plan.second": "두 번째 새 방문자로(쿠키 없이) GET /을 다시 보낸다",
    "plan.distinct": "16글자 이상이고 첫 방문자의 것과 다른 sid를 기대한다",
    "plan.cookieBack": "서버가 설정한 쿠키(Cookie: sid=…)와 함께 GET /을 보낸다",
    "plan.sameSession": "새 sid 없는 200을 기대한다: 서버가 세션을 찾았다",
    "plan.login": "폼 필드 user=<새 이름>과 함께 POST /login을 보낸다",
    "plan.greets": "쿠키와 함께 GET /을 보내고, 페이지에 그 이름이 나오기를 기대한다",
    "plan.cart": "폼 필드 item=<새 물건>과 함께 POST /cart를 보낸다",
    "plan.lists": "쿠키와 함께 GET /cart를 보내고, 페이지에 그 물건이 있기를 기대한다",
    "plan.stranger": "쿠키 없이 GET /을 보내고, 그 이름이 없는 페이지를 기대한다",
    "plan.forged": "Cookie: sid=<지어낸 ID>; user=<그 이름>과 함께 GET /을 보낸다",
    "plan.fresh": "200과 새 sid를 기대하고, 그 이름으로 맞이하지 않기를 기대한다",
    "plan.logout":
      "POST /logout을 보내고, 303과 쿠키를 만료시키는 Set-Cookie: sid=…(Max-Age=0)를 기대한다",
    "plan.oldSid": "예전 sid로 GET /을 보내고, 그 사용자의 것이 아닌 새 세션을 기대한다",
    "vc.hint.closed":
      "요청 전체(헤더, 그다음 Content-Length 바이트의 본문)를 읽고, 닫기 전에 반드시 응답을 보내세요.",
    "vc.status": "{request}이(가) {got}(으)로 답했습니다",
    "vc.hint.status.200": "GET /와 GET /cart는 HTML 페이지와 함께 200 OK로 답합니다.",
    "vc.hint.status.303":
      "POST 뒤에는 303 See Other와 Location: /로 답하세요. 그러면 브라우저가 /를 GET으로 불러옵니다.",
    "vc.location": "{request} 뒤의 303이 브라우저를 {got}(으)로 보냅니다",
    "vc.hint.location": "303과 함께 Location: /를 보내세요.",
    "vc.noSetCookie": "첫 방문에 Set-Cookie가 없습니다. 서버가 세션을 만들지 않았습니다",
    "vc.hint.noSetCookie":
      "요청에 유효한 sid가 없으면 세션을 만들고 Set-Cookie: sid=<무작위 ID>; Path=/; HttpOnly; SameSite=Lax; Max-Age=1800으로 답하세요.",
    "vc.notSid": "서버가 {names}을(를) 설정했지만 sid라는 쿠키는 없습니다",
    "vc.hint.notSid": "레슨의 규칙대로 세션 쿠키의 이름을 sid로 하세요.",
    "vc.attrMissing": "sid 쿠키에 {attr}이(가) 없습니다",
    "vc.hint.HttpOnly":
      "HttpOnly를 붙이세요. 그러면 페이지의 스크립트(XSS로 주입된 스크립트 포함)가 sid를 읽지 못합니다.",
    "vc.hint.SameSite":
      "SameSite=Lax를 붙이세요. 그러면 다른 사이트가 브라우저를 시켜 이곳에 POST하게 해도 쿠키가 따라가지 않습니다(CSRF).",
    "vc.hint.Max-Age":
      "세션 수명인 Max-Age=<초>를 붙이세요. 없으면 sid가 브라우저가 켜져 있는 동안 계속 살아 있습니다.",
    "vc.hint.Path": "Path=/를 붙여서 쿠키가 상점의 모든 페이지에 함께 가게 하세요.",
    "vc.cacheControl": "쿠키를 설정하는 응답에 Cache-Control: private가 없습니다",
    "vc.hint.cacheControl":
      'Set-Cookie를 보낼 때마다 Cache-Control: private, no-cache="Set-Cookie"도 보내세요. 그래야 공유 캐시가 한 방문자의 쿠키를 다른 사람에게 넘기지 않습니다.',
    "vc.shortSid": "sid {sid}이(가) {chars}글자뿐입니다",
    "vc.hint.shortSid":
      "안전한 난수원에서 16바이트 이상으로 ID를 만드세요. 파이썬이라면 secrets.token_urlsafe(16)입니다.",
    "vc.sameSid": "새 방문자 둘이 같은 sid {sid}을(를) 받았습니다",
    "vc.hint.sameSid": "새 세션마다 자기만의 무작위 ID가 필요합니다(secrets.token_urlsafe).",
    "vc.lost": "서버가 세션을 찾지 못했습니다. Cookie: {cookie}에 새 sid로 답했습니다",
    "vc.hint.lost":
      "Cookie 헤더에서 sid를 읽어 세션 저장소에서 찾고, 없을 때만 새 세션을 만드세요.",
    "vc.noName": "로그인 뒤 GET /에 이름 {user}이(가) 나오지 않습니다",
    "vc.hint.noName":
      "POST /login에서 폼의 user 필드를 세션에 저장하고, GET /에서 세션의 사용자를 맞이하세요.",
    "vc.noItem": "GET /cart에 {item}이(가) 없습니다",
    "vc.hint.noItem":
      "POST /cart에서 폼의 item 필드를 세션의 장바구니에 더하고, GET /cart에서 보여 주세요.",
    "vc.strangerKnown": "쿠키가 전혀 없는 요청을 {user}(으)로 맞이했습니다",
    "vc.hint.strangerKnown":
      "누가 로그인했는지는 sid로 찾은 세션에서만 나와야 합니다. 다른 어떤 것도 믿으면 안 됩니다.",
    "vc.forgedKept": "위조한 sid {sid}에 새 Set-Cookie 없이 답했습니다",
    "vc.forgedUser": "위조한 쿠키(sid={sid}; user={user})를 {user}(으)로 맞이했습니다",
    "vc.hint.forged":
      "모르는 sid는 세션이 아닙니다. 새 무작위 ID로 새 세션을 시작하고, 클라이언트가 자기가 누구라고 하는 말을 믿지 마세요.",
    "vc.forgedAdopted": "서버가 위조한 sid {sid}을(를) 세션 ID로 받아들였습니다",
    "vc.logoutCookie": "로그아웃이 sid 쿠키를 만료시키지 않았습니다",
    "vc.hint.logoutCookie":
      "POST /logout에 Set-Cookie: sid=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0으로 답하세요.",
    "vc.logoutAlive": "로그아웃 뒤에도 예전 sid로 {user}의 세션을 찾을 수 있습니다",
    "vc.hint.logoutAlive":
      "로그아웃 때 저장소에서 세션을 지우세요. 쿠키만 만료시키면 sid의 사본이 모두 계속 통합니다.",

    "vc.ok.first":
      "Set-Cookie: {header}. HttpOnly, SameSite={sameSite}, Max-Age={maxAge}, Path=/가 모두 있고 Cache-Control: {cacheControl}도 있습니다.",
    "vc.ok.random":
      "새 방문자 둘이 {a}와(과) {b}을(를) 받았습니다. 각각 {chars}글자이고 서로 다릅니다.",
    "vc.ok.found": "Cookie: {cookie}(으)로 세션을 찾았습니다. 새 sid가 오지 않았습니다.",
    "vc.ok.login": "페이지가 {user}을(를) 맞이합니다{rotated}.",
    "vc.ok.rotated": ". 로그인 때 sid도 바뀌었습니다",
    "vc.ok.cart": "/cart에 {item}이(가) 있습니다.",
    "vc.ok.stranger": "쿠키가 없으면 페이지는 {user}을(를) 모릅니다.",
    "vc.ok.forged":
      "sid={forged}은(는) 새 세션 {sid}을(를) 받았고, 쿠키의 user={user}은(는) 아무것도 바꾸지 못했습니다.",
    "vc.ok.logout": "로그아웃이 쿠키를 만료시켰고, 예전 sid로는 이제 아무것도 열리지 않습니다.",
  },
} satisfies Record<"en" | "ko", Record<string, string>>;

/** sid from the cookie lines of a response, parsed by tough-cookie. */
function sidCookie(v: Visit): { header: string; cookie: Cookie } | undefined {
  for (const header of v.setCookies) {
    const cookie = Cookie.parse(header);
    if (cookie?.key === "sid") return { header, cookie };
  }
  return undefined;
}

/** The visitor the checks follow, made before the first: its sid is the one the server last gave it. */
interface Visitor {
  client: ShopClient;
  user: string;
  sid: string;
}

/** The lesson's client, waiting for each answer no longer than a check does. */
function shop(ctx: VerifyContext, target: Addr, name?: string): ShopClient {
  return new ShopClient(ctx, target, name, { responseTimeoutMs: ctx.timeouts.replyMs });
}

/** A plain GET / as the plan shows it; the wire shows what was really sent. */
const GET_ROOT = "GET / HTTP/1.1\r\nHost: {address}\r\n\r\n";

const expect200: PlanStep = { key: "verify.plan.expectStatus", facts: { status: "200 OK" } };
const expect303: PlanStep = {
  key: "verify.plan.expectStatus",
  facts: { status: "303 See Other, Location: /" },
};

/** curl with a cookie jar file, as a browser keeps one. */
const JAR = "curl -s -o /dev/null -c jar.txt -b jar.txt";

function requestLine(method: string, target: string): string {
  return `${method} ${target}`;
}

/** One request; a broken answer is a failed check with a reason, not an exception. */
async function call(
  ctx: VerifyContext,
  client: ShopClient,
  method: string,
  target: string,
  opts: { form?: Record<string, string>; cookie?: string; store?: boolean } = {},
): Promise<Visit> {
  const request = requestLine(method, target);
  try {
    return await client.request(method, target, { ...opts, follow: false });
  } catch (err) {
    if (err instanceof HttpError) {
      ctx.failCheck({
        reason: ctx.say("vc.notHttp", { request, detail: err.detail }),
        hint: ctx.say("vc.hint.notHttp"),
        teaches: "first-visit",
      });
    }
    if (err instanceof ConnectionClosed) {
      ctx.failCheck({
        reason: ctx.say("vc.closed", { request }),
        hint: ctx.say("vc.hint.closed"),
        teaches: "first-visit",
      });
    }
    if (err instanceof SockError && err.code === TIMEOUT) {
      ctx.failCheck({
        reason: ctx.say("vc.noAnswer", { request, seconds: ctx.timeouts.replyMs / 1000 }),
        hint: ctx.say("vc.hint.noAnswer"),
        teaches: "first-visit",
      });
    }
    throw err;
  }
}

function expectStatus(
  ctx: VerifyContext,
  v: Visit,
  method: string,
  target: string,
  status: 200 | 303,
) {
  if (v.res.status !== status) {
    ctx.failCheck({
      reason: ctx.say("vc.status", {
        request: requestLine(method, target),
        got: `${v.res.status} ${v.res.reason}`,
      }),
      expected: status === 200 ? "200 OK" : "303 See Other",
      got: `${v.res.status} ${v.res.reason}`,
      hint: ctx.say(`vc.hint.status.${status}`),
    });
  }
  if (status === 303) {
    const location = v.res.headers.get("location") ?? "";
    let path = "";
    try {
      path = new URL(location, v.url).pathname;
    } catch {
      path = "";
    }
    if (path !== "/") {
      ctx.failCheck({
        reason: ctx.say("vc.location", {
          request: requestLine(method, target),
          got: location === "" ? "—" : location,
        }),
        expected: "Location: /",
        got: location === "" ? "—" : `Location: ${location}`,
        hint: ctx.say("vc.hint.location"),
      });
    }
  }
}

function page(v: Visit): string {
  return v.res.body.toString("utf8");
}

/** The sid a response set (not an expiring one), if any. */
function newSid(v: Visit): string | undefined {
  const c = sidCookie(v);
  if (!c || c.cookie.value === "") return undefined;
  const maxAge = c.cookie.maxAge;
  if (typeof maxAge === "number" && maxAge <= 0) return undefined;
  return c.cookie.value;
}

export const verify: VerifyModule = {
  text,
  reference: { server: ["python3", "{ref}/shop.py", "{port}"] },
  server: defineChecks<Visitor>({
    ready: "tcp",
    init: (ctx) => ({
      client: shop(ctx, ctx.target),
      user: `student${randomInt(1000, 10000)}`,
      sid: "",
    }),
    steps: [
      {
        id: "first-visit",
        plan: [{ key: "verify.plan.send", data: GET_ROOT }, expect200, { key: "plan.first" }],
        rerun: { shell: "curl -v {url}/" },
        teaches: "attributes",
        async run(ctx, me) {
          const v = await call(ctx, me.client, "GET", "/");
          expectStatus(ctx, v, "GET", "/", 200);
          if (v.setCookies.length === 0) {
            ctx.failCheck({
              reason: ctx.say("vc.noSetCookie"),
              expected: "Set-Cookie: sid=…; Path=/; HttpOnly; SameSite=Lax; Max-Age=…",
              got: ctx.shown(null),
              hint: ctx.say("vc.hint.noSetCookie"),
            });
          }
          const sid = sidCookie(v);
          if (!sid) {
            const names = v.setCookies.map((h) => h.split("=")[0]!.trim()).join(", ");
            return ctx.failCheck({
              reason: ctx.say("vc.notSid", { names }),
              got: v.setCookies.map((h) => `Set-Cookie: ${h}`).join("\n"),
              hint: ctx.say("vc.hint.notSid"),
            });
          }
          const { cookie, header } = sid;
          const sameSite = /;\s*SameSite=([^;]*)/i.exec(header)?.[1]?.trim() ?? "";
          const missing: [string, boolean][] = [
            ["HttpOnly", cookie.httpOnly],
            ["SameSite", /^(lax|strict)$/i.test(sameSite)],
            ["Max-Age", typeof cookie.maxAge === "number" && cookie.maxAge > 0],
            ["Path", cookie.path === "/"],
          ];
          for (const [attr, ok] of missing) {
            if (ok) continue;
            const want = {
              HttpOnly: "HttpOnly",
              SameSite: "SameSite=Lax",
              "Max-Age": "Max-Age=<seconds>",
              Path: "Path=/",
            }[attr];
            ctx.failCheck({
              reason: ctx.say("vc.attrMissing", { attr: want ?? attr }),
              expected: want ?? attr,
              got: `Set-Cookie: ${header}`,
              hint: ctx.say(`vc.hint.${attr}`),
            });
          }
          const cacheControl = v.res.headers.get("cache-control") ?? "";
          if (!/(^|,)\s*(private|no-cache="?set-cookie"?)\s*(,|$)/i.test(cacheControl)) {
            ctx.failCheck({
              reason: ctx.say("vc.cacheControl"),
              expected: 'Cache-Control: private, no-cache="Set-Cookie"',
              got: cacheControl === "" ? ctx.shown(null) : `Cache-Control: ${cacheControl}`,
              hint: ctx.say("vc.hint.cacheControl"),
            });
          }
          me.sid = cookie.value;
          ctx.note("vc.ok.first", {
            header,
            sameSite,
            maxAge: Number(cookie.maxAge),
            cacheControl,
          });
        },
      },
      {
        id: "sid-random",
        plan: [{ key: "plan.second" }, { key: "plan.distinct" }],
        rerun: { shell: "curl -s -o /dev/null -D - {url}/ | grep -i set-cookie" },
        teaches: "first-visit",
        async run(ctx, me) {
          const other = shop(ctx, ctx.target, "otherSocket");
          const v = await call(ctx, other, "GET", "/");
          const a = me.sid;
          const b = newSid(v) ?? "";
          for (const sid of [a, b]) {
            if (sid.length < 16) {
              ctx.failCheck({
                reason: ctx.say("vc.shortSid", { sid, chars: sid.length }),
                hint: ctx.say("vc.hint.shortSid"),
              });
            }
          }
          if (a === b) {
            ctx.failCheck({
              reason: ctx.say("vc.sameSid", { sid: a }),
              hint: ctx.say("vc.hint.sameSid"),
            });
          }
          ctx.note("vc.ok.random", { a, b, chars: Math.min(a.length, b.length) });
          other.close();
        },
      },
      {
        id: "cookie-returns",
        plan: [{ key: "plan.cookieBack" }, { key: "plan.sameSession" }],
        rerun: { shell: `${JAR} {url}/ && curl -v -b jar.txt {url}/` },
        teaches: "cookie-returns",
        async run(ctx, me) {
          const v = await call(ctx, me.client, "GET", "/");
          expectStatus(ctx, v, "GET", "/", 200);
          const again = newSid(v);
          if (v.cookie === "" || (again !== undefined && again !== me.sid)) {
            ctx.failCheck({
              reason: ctx.say("vc.lost", { cookie: v.cookie || "—" }),
              expected: `sid=${me.sid}`,
              got: again ? `sid=${again}` : ctx.shown(null),
              hint: ctx.say("vc.hint.lost"),
            });
          }
          ctx.note("vc.ok.found", { cookie: v.cookie });
        },
      },
      {
        id: "login",
        plan: [{ key: "plan.login" }, expect303, { key: "plan.greets" }],
        rerun: {
          shell: `${JAR} {url}/ && ${JAR} -d user=student {url}/login && curl -v -b jar.txt {url}/`,
        },
        teaches: "login",
        async run(ctx, me) {
          const before = me.sid;
          const post = await call(ctx, me.client, "POST", "/login", { form: { user: me.user } });
          expectStatus(ctx, post, "POST", "/login", 303);
          me.sid = newSid(post) ?? me.sid;
          const v = await call(ctx, me.client, "GET", "/");
          expectStatus(ctx, v, "GET", "/", 200);
          if (!page(v).includes(me.user)) {
            ctx.failCheck({
              reason: ctx.say("vc.noName", { user: me.user }),
              expected: me.user,
              got: ctx.shown(page(v).slice(0, 200)),
              hint: ctx.say("vc.hint.noName"),
            });
          }
          ctx.note("vc.ok.login", {
            user: me.user,
            rotated: me.sid !== before ? ctx.say("vc.ok.rotated") : "",
          });
        },
      },
      {
        id: "cart",
        plan: [{ key: "plan.cart" }, expect303, { key: "plan.lists" }],
        rerun: {
          shell: `${JAR} {url}/ && ${JAR} -d item=tea {url}/cart && curl -v -b jar.txt {url}/cart`,
        },
        teaches: "cart",
        async run(ctx, me) {
          const item = `tea${randomInt(1000, 10000)}`;
          const post = await call(ctx, me.client, "POST", "/cart", { form: { item } });
          expectStatus(ctx, post, "POST", "/cart", 303);
          me.sid = newSid(post) ?? me.sid;
          const v = await call(ctx, me.client, "GET", "/cart");
          expectStatus(ctx, v, "GET", "/cart", 200);
          if (!page(v).includes(item)) {
            ctx.failCheck({
              reason: ctx.say("vc.noItem", { item }),
              expected: item,
              got: ctx.shown(page(v).slice(0, 200)),
              hint: ctx.say("vc.hint.noItem"),
            });
          }
          ctx.note("vc.ok.cart", { item });
        },
      },
      {
        id: "stranger",
        plan: [{ key: "plan.stranger" }],
        rerun: { shell: "curl -v {url}/" },
        teaches: "side-by-side",
        async run(ctx, me) {
          const stranger = shop(ctx, ctx.target, "strangerSocket");
          const v = await call(ctx, stranger, "GET", "/");
          expectStatus(ctx, v, "GET", "/", 200);
          if (page(v).includes(me.user)) {
            ctx.failCheck({
              reason: ctx.say("vc.strangerKnown", { user: me.user }),
              hint: ctx.say("vc.hint.strangerKnown"),
            });
          }
          ctx.note("vc.ok.stranger", { user: me.user });
          stranger.close();
        },
      },
      {
        id: "forged",
        plan: [{ key: "plan.forged" }, { key: "plan.fresh" }],
        rerun: { shell: "curl -v -H 'Cookie: sid=madeUpSessionId0123456; user=student' {url}/" },
        teaches: "forged",
        async run(ctx, me) {
          const forged = randomBytes(16).toString("base64url");
          const attacker = shop(ctx, ctx.target, "otherSocket");
          const cookie = `sid=${forged}; user=${me.user}`;
          const v = await call(ctx, attacker, "GET", "/", { cookie });
          expectStatus(ctx, v, "GET", "/", 200);
          if (page(v).includes(me.user)) {
            ctx.failCheck({
              reason: ctx.say("vc.forgedUser", { sid: forged, user: me.user }),
              hint: ctx.say("vc.hint.forged"),
            });
          }
          const given = newSid(v);
          if (given === undefined) {
            ctx.failCheck({
              reason: ctx.say("vc.forgedKept", { sid: forged }),
              expected: "Set-Cookie: sid=<new id>; …",
              got: ctx.shown(null),
              hint: ctx.say("vc.hint.forged"),
            });
          }
          if (given === forged) {
            ctx.failCheck({
              reason: ctx.say("vc.forgedAdopted", { sid: forged }),
              hint: ctx.say("vc.hint.forged"),
            });
          }
          ctx.note("vc.ok.forged", { forged, sid: given, user: me.user });
          attacker.close();
        },
      },
      {
        id: "logout",
        plan: [{ key: "plan.logout" }, { key: "plan.oldSid" }],
        rerun: {
          shell: `${JAR} {url}/ && curl -v -c jar.txt -b jar.txt -d '' {url}/logout`,
        },
        teaches: "logout",
        async run(ctx, me) {
          const old = me.sid;
          const post = await call(ctx, me.client, "POST", "/logout");
          expectStatus(ctx, post, "POST", "/logout", 303);
          const gone = post.change.removed.some((c) => c.name === "sid");
          if (!gone) {
            ctx.failCheck({
              reason: ctx.say("vc.logoutCookie"),
              expected: "Set-Cookie: sid=; Path=/; …; Max-Age=0",
              got: post.setCookies.map((h) => `Set-Cookie: ${h}`).join("\n") || ctx.shown(null),
              hint: ctx.say("vc.hint.logoutCookie"),
            });
          }
          // A copy of the old cookie must open nothing now.
          const v = await call(ctx, me.client, "GET", "/", { cookie: `sid=${old}`, store: false });
          const again = newSid(v);
          if (page(v).includes(me.user) || again === undefined || again === old) {
            ctx.failCheck({
              reason: ctx.say("vc.logoutAlive", { user: me.user }),
              hint: ctx.say("vc.hint.logoutAlive"),
            });
          }
          ctx.note("vc.ok.logout", {});
          me.client.close();
        },
      },
    ],
  }),
};
