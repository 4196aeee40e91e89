import {
  emitHttp,
  HttpError,
  type HttpResponse,
  ResponseParser,
  serializeRequest,
} from "../../src/http/index.js";
import { formatAddr } from "../../src/net/address.js";
import { SockError } from "../../src/net/env.js";
import { TIMEOUT } from "../../src/net/fail.js";
import {
  defineChecks,
  type PlanStep,
  type VerifyContext,
  type VerifyModule,
} from "../../src/runtime/verify.js";
import { parseEtag, parseHttpDate } from "./validators.js";

/**
 * `sockstep verify conditional-get`: a student's server must serve GET / with
 * ETag and Last-Modified, answer 304 without a body when If-None-Match names
 * its ETag (and when If-Modified-Since is its Last-Modified), send the page
 * when the tag differs even if the date matches, and answer HEAD without a
 * body. Each check is one request on its own connection (Connection: close),
 * read to the end, so bytes after a 304 or a HEAD answer cannot hide.
 */

const text = {
  en: {
    "step.validators": "GET / : 200 with ETag and Last-Modified",
    "step.inm-match": "If-None-Match with the page's ETag: 304, no body",
    "step.inm-differs": "If-None-Match with another tag, If-Modified-Since matching: 200",
    "step.ims-match": "If-Modified-Since with the page's Last-Modified: 304",
    "step.head": "HEAD / : the same header fields, no body",
    "verify.cg.noResponse": "no response to {request} within {seconds} s",
    "verify.cg.hint.noResponse":
      "Read the request up to the empty line (\\r\\n\\r\\n), then send a status line, the header fields, an empty line and the body.",
    "verify.cg.notHttp": "the answer to {request} is not an HTTP response: {detail}",
    "verify.cg.hint.notHttp":
      "Start the answer with a status line such as HTTP/1.1 200 OK\\r\\n, one header field per line, then an empty line.",
    "verify.cg.status": "{request} was answered {got}, not {expected}",
    "verify.cg.hint.get": "GET / must serve the page: 200 OK with the HTML as the body.",
    "verify.cg.noEtag": "the 200 has no valid ETag (got {value})",
    "verify.cg.hint.etag":
      'Send ETag with a quoted tag that changes when the page does, e.g. ETag: "3f2a9c" (a hash of the body works).',
    "verify.cg.noLastModified": "the 200 has no valid Last-Modified (got {value})",
    "verify.cg.hint.lastModified":
      "Send Last-Modified with the time the page last changed as an HTTP date, e.g. Sun, 06 Nov 1994 08:49:37 GMT (email.utils.formatdate(t, usegmt=True)).",
    "verify.cg.validators": "ETag {etag}, Last-Modified {lm}, body {bytes} B.",
    "verify.cg.ignoresInm": "If-None-Match named the page's own ETag and the answer was {got}",
    "verify.cg.hint.inm":
      "Compare each tag in If-None-Match with your ETag (ignoring a W/ prefix) and answer 304 Not Modified, with no body, when one matches.",
    "verify.cg.bodyAfter": "{what} was followed by {bytes} B: it must end with its empty line",
    "verify.cg.hint.bodyAfter":
      "A 304 and an answer to HEAD carry the header fields only: send nothing after the empty line, even though Content-Length may say how large the page is.",
    "verify.cg.what304": "the 304",
    "verify.cg.whatHead": "the answer to HEAD",
    "verify.cg.notModified": "304 with no body: {headers}.",
    "verify.cg.inmLost": "If-None-Match named another tag, yet the answer was {got}",
    "verify.cg.hint.inmFirst":
      "When If-None-Match is present it decides: no tag matches, so send the page (200), whatever If-Modified-Since says (RFC 9110 §13.2.2).",
    "verify.cg.inmWins": "200 with {bytes} B: If-None-Match decided, as it must.",
    "verify.cg.ignoresIms":
      "If-Modified-Since carried the page's own Last-Modified and the answer was {got}",
    "verify.cg.hint.ims":
      "Without If-None-Match, parse If-Modified-Since as an HTTP date and answer 304 when your Last-Modified is not later than it.",
    "verify.cg.headEtag": "HEAD brought ETag {got}, GET brought {expected}",
    "verify.cg.headLength": "HEAD brought Content-Length {got}, but GET's body was {expected} B",
    "verify.cg.hint.head":
      "Answer HEAD with exactly the header fields GET would get (ETag, Last-Modified, Content-Length of the body…), then stop.",
    "verify.cg.head": "HEAD: ETag and Content-Length as for GET, no body.",
    "plan.validators": "expect an ETag (a quoted tag) and a Last-Modified (an HTTP date)",
    "plan.inm": "send GET / with If-None-Match: <the page's ETag>",
    "plan.inmOther":
      'send GET / with If-None-Match: "sockstep-not-this-one" and If-Modified-Since: <the page\'s Last-Modified>',
    "plan.ims": "send GET / with If-Modified-Since: <the page's Last-Modified>",
    "plan.nothingAfter": "expect nothing after the empty line that ends the header fields",
    "plan.head": "expect the ETag and Content-Length GET brought, and no body",
  },
  ko: {
    "step.validators": "GET / : ETag와 Last-Modified가 있는 200",
    "step.inm-match": "페이지의 ETag를 담은 If-None-Match: 본문 없는 304",
    "step.inm-differs": "다른 태그의 If-None-Match와 일치하는 If-Modified-Since: 200",
    "step.ims-match": "페이지의 Last-Modified를 담은 If-Modified-Since: 304",
    "step.head": "HEAD / : 같은 헤더 필드, 본문 없음",
    "verify.cg.noResponse": "{request}에 {seconds}초 안에 응답이 없습니다",
    "verify.cg.hint.noResponse":
      "요청을 빈 줄(\\r\\n\\r\\n)까지 읽은 뒤 상태 라인, 헤더 필드, 빈 줄, 본문을 보내세요.",
    "verify.cg.notHttp": "{request}에 대한 답이 HTTP 응답이 아닙니다: {detail}",
    "verify.cg.hint.notHttp":
      "응답은 HTTP/1.1 200 OK\\r\\n 같은 상태 라인으로 시작하고, 헤더 필드를 한 줄에 하나씩 쓴 뒤 빈 줄로 끝내세요.",
    "verify.cg.status": "{request}에 대한 응답이 {expected}이(가) 아니라 {got}입니다",
    "verify.cg.hint.get": "GET /은 페이지를 보내야 합니다: HTML을 본문으로 담은 200 OK.",
    "verify.cg.noEtag": "200에 올바른 ETag가 없습니다(받은 값: {value})",
    "verify.cg.hint.etag":
      '페이지가 바뀌면 함께 바뀌는 따옴표 친 태그를 ETag로 보내세요. 예: ETag: "3f2a9c" (본문의 해시면 됩니다).',
    "verify.cg.noLastModified": "200에 올바른 Last-Modified가 없습니다(받은 값: {value})",
    "verify.cg.hint.lastModified":
      "페이지가 마지막으로 바뀐 시각을 HTTP 날짜로 Last-Modified에 보내세요. 예: Sun, 06 Nov 1994 08:49:37 GMT (email.utils.formatdate(t, usegmt=True)).",
    "verify.cg.validators": "ETag {etag}, Last-Modified {lm}, 본문 {bytes} B.",
    "verify.cg.ignoresInm": "If-None-Match에 페이지의 ETag를 담았는데 응답이 {got}입니다",
    "verify.cg.hint.inm":
      "If-None-Match의 태그를 하나씩 ETag와 비교하고(W/ 접두사는 무시), 하나라도 같으면 본문 없이 304 Not Modified로 답하세요.",
    "verify.cg.bodyAfter": "{what} 뒤에 {bytes} B가 더 왔습니다. 빈 줄에서 끝나야 합니다",
    "verify.cg.hint.bodyAfter":
      "304와 HEAD에 대한 응답에는 헤더 필드만 있습니다. Content-Length가 페이지 크기를 알려 주더라도 빈 줄 뒤에는 아무것도 보내지 마세요.",
    "verify.cg.what304": "304",
    "verify.cg.whatHead": "HEAD에 대한 응답",
    "verify.cg.notModified": "본문 없는 304: {headers}.",
    "verify.cg.inmLost": "If-None-Match에 다른 태그를 담았는데 응답이 {got}입니다",
    "verify.cg.hint.inmFirst":
      "If-None-Match가 있으면 그것이 결정합니다. 일치하는 태그가 없으니 If-Modified-Since와 상관없이 페이지를 보내세요(200, RFC 9110 §13.2.2).",
    "verify.cg.inmWins": "{bytes} B와 함께 200: 규칙대로 If-None-Match가 결정했습니다.",
    "verify.cg.ignoresIms":
      "If-Modified-Since에 페이지의 Last-Modified를 담았는데 응답이 {got}입니다",
    "verify.cg.hint.ims":
      "If-None-Match가 없으면 If-Modified-Since를 HTTP 날짜로 해석하고, Last-Modified가 그보다 늦지 않으면 304로 답하세요.",
    "verify.cg.headEtag": "HEAD는 ETag {got}을(를), GET은 {expected}을(를) 주었습니다",
    "verify.cg.headLength":
      "HEAD는 Content-Length {got}을(를) 주었지만 GET의 본문은 {expected} B였습니다",
    "verify.cg.hint.head":
      "HEAD에는 GET이 받을 헤더 필드(ETag, Last-Modified, 본문의 Content-Length 등)를 그대로 보내고 거기서 멈추세요.",
    "verify.cg.head": "HEAD: GET과 같은 ETag와 Content-Length, 본문 없음.",
    "plan.validators": "ETag(따옴표 친 태그)와 Last-Modified(HTTP 날짜)를 기대한다",
    "plan.inm": "If-None-Match: <페이지의 ETag>와 함께 GET /을 보낸다",
    "plan.inmOther":
      'If-None-Match: "sockstep-not-this-one"과 If-Modified-Since: <페이지의 Last-Modified>와 함께 GET /을 보낸다',
    "plan.ims": "If-Modified-Since: <페이지의 Last-Modified>와 함께 GET /을 보낸다",
    "plan.nothingAfter": "헤더 필드를 끝내는 빈 줄 뒤에는 아무것도 오지 않기를 기대한다",
    "plan.head": "GET이 가져온 것과 같은 ETag와 Content-Length, 그리고 본문 없음을 기대한다",
  },
} satisfies Record<"en" | "ko", Record<string, string>>;

/** What the first check learns about the page, for the checks after it (which run only if it passed). */
interface Learnt {
  etag: string;
  lastModified: string;
  bytes: number;
}

/** How long to wait for a stray body after a complete response on a connection the server keeps open. */
const LINGER_MS = 500;

interface Got {
  res: HttpResponse;
  /** Bytes that came after the complete response. */
  extra: number;
  request: string;
}

function statusOf(res: HttpResponse): string {
  return `${res.status} ${res.reason}`.trim();
}

/**
 * One request on a new connection with Connection: close, read until the
 * server closes (or, when it keeps the connection, a moment longer), so any
 * bytes after the response are counted.
 */
async function exchange(
  ctx: VerifyContext,
  method: "GET" | "HEAD",
  fields: [string, string][],
): Promise<Got> {
  const request = `${method} /${fields.length > 0 ? ` + ${fields.map(([n]) => n).join(", ")}` : ""}`;
  const sock = ctx.tcp("client");
  await sock.connect(ctx.target, { timeoutMs: ctx.timeouts.replyMs });
  const req = serializeRequest({
    method,
    target: "/",
    headers: [["Host", formatAddr(ctx.target)!], ...fields, ["Connection", "close"]],
  });
  await sock.send(req.bytes);
  emitHttp(ctx.env, "client", "request", req, sock.conn);
  const parser = new ResponseParser();
  parser.expect(method);
  let res: HttpResponse | null = null;
  try {
    for (;;) {
      let data: Buffer;
      try {
        data = await sock.recv(65536, { timeoutMs: res ? LINGER_MS : ctx.timeouts.replyMs });
      } catch (err) {
        if (!(err instanceof SockError) || err.code !== TIMEOUT) throw err;
        if (res) break;
        ctx.failCheck({
          reason: ctx.say("verify.cg.noResponse", {
            request,
            seconds: ctx.timeouts.replyMs / 1000,
          }),
          hint: ctx.say("verify.cg.hint.noResponse"),
        });
      }
      if (data.length === 0) {
        if (!res) {
          res = parser.end();
          if (res) emitHttp(ctx.env, "client", "response", res, sock.conn);
        }
        break;
      }
      parser.feed(data);
      if (!res) {
        res = parser.next();
        // Shown as soon as it is whole; what may trail it is counted below.
        if (res) emitHttp(ctx.env, "client", "response", res, sock.conn);
      }
    }
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    ctx.failCheck({
      reason: ctx.say("verify.cg.notHttp", { request, detail: err.detail }),
      hint: ctx.say("verify.cg.hint.notHttp"),
    });
  } finally {
    sock.close();
  }
  if (!res) {
    ctx.failCheck({
      reason: ctx.say("verify.cg.noResponse", { request, seconds: ctx.timeouts.replyMs / 1000 }),
      hint: ctx.say("verify.cg.hint.noResponse"),
    });
  }
  return { res, extra: parser.buffered, request };
}

function expectStatus(
  ctx: VerifyContext,
  got: Got,
  status: number,
  reasonKey: string,
  hintKey: string,
) {
  if (got.res.status === status) return;
  ctx.failCheck({
    reason: ctx.say(reasonKey, {
      request: got.request,
      got: statusOf(got.res),
      expected: status === 304 ? "304 Not Modified" : "200 OK",
    }),
    expected: status === 304 ? "304 Not Modified" : "200 OK",
    got: statusOf(got.res),
    hint: ctx.say(hintKey),
  });
}

function expectNothingAfter(ctx: VerifyContext, got: Got, whatKey: string): void {
  if (got.extra === 0) return;
  ctx.failCheck({
    reason: ctx.say("verify.cg.bodyAfter", { what: ctx.say(whatKey), bytes: got.extra }),
    expected: ctx.shown(null),
    got: `${got.extra} B`,
    hint: ctx.say("verify.cg.hint.bodyAfter"),
  });
}

const status = (text: string): PlanStep => ({
  key: "verify.plan.expectStatus",
  facts: { status: text },
});

/** A header of GET / as curl reads it, in a shell variable (tr drops the CR of each line). */
const headerVar = (name: string, pattern: string) =>
  `${name}=$(curl -sI {url}/ | tr -d '\\r' | sed -n 's/^${pattern}: //p')`;
const ETAG = headerVar("etag", "[Ee][Tt][Aa][Gg]");
const LAST_MODIFIED = headerVar("lm", "[Ll]ast-[Mm]odified");

export const verify: VerifyModule = {
  text,
  reference: { server: ["python3", "{ref}/server.py", "{port}"] },
  server: defineChecks<Learnt>({
    ready: "tcp",
    init: () => ({ etag: "", lastModified: "", bytes: 0 }),
    steps: [
      {
        id: "validators",
        plan: [
          {
            key: "verify.plan.send",
            data: "GET / HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n",
          },
          status("200 OK"),
          { key: "plan.validators" },
        ],
        rerun: { shell: "curl -v {url}/" },
        teaches: "first-get",
        // Typed, so that failCheck() (never) narrows the header values below it.
        async run(ctx: VerifyContext, page) {
          const got = await exchange(ctx, "GET", []);
          expectStatus(ctx, got, 200, "verify.cg.status", "verify.cg.hint.get");
          const etag = got.res.headers.get("etag");
          if (etag === undefined || parseEtag(etag) === null) {
            ctx.failCheck({
              reason: ctx.say("verify.cg.noEtag", { value: ctx.shown(etag ?? null) }),
              hint: ctx.say("verify.cg.hint.etag"),
            });
          }
          const lm = got.res.headers.get("last-modified");
          if (lm === undefined || parseHttpDate(lm) === null) {
            ctx.failCheck({
              reason: ctx.say("verify.cg.noLastModified", { value: ctx.shown(lm ?? null) }),
              hint: ctx.say("verify.cg.hint.lastModified"),
            });
          }
          page.etag = etag;
          page.lastModified = lm;
          page.bytes = got.res.body.length;
          ctx.note("verify.cg.validators", { etag, lm, bytes: got.res.body.length });
        },
      },
      {
        id: "inm-match",
        plan: [{ key: "plan.inm" }, status("304 Not Modified"), { key: "plan.nothingAfter" }],
        rerun: { shell: `${ETAG}; curl -v -H "If-None-Match: $etag" {url}/` },
        teaches: "revalidate",
        async run(ctx, { etag }) {
          const got = await exchange(ctx, "GET", [["If-None-Match", etag]]);
          expectStatus(ctx, got, 304, "verify.cg.ignoresInm", "verify.cg.hint.inm");
          expectNothingAfter(ctx, got, "verify.cg.what304");
          ctx.note("verify.cg.notModified", {
            headers: got.res.headers
              .entries()
              .map(([n]) => n)
              .join(", "),
          });
        },
      },
      {
        id: "inm-differs",
        plan: [{ key: "plan.inmOther" }, status("200 OK")],
        rerun: {
          shell: `${LAST_MODIFIED}; curl -v -H 'If-None-Match: "sockstep-not-this-one"' -H "If-Modified-Since: $lm" {url}/`,
        },
        teaches: "inm-wins",
        async run(ctx, { lastModified }) {
          const got = await exchange(ctx, "GET", [
            ["If-None-Match", '"sockstep-not-this-one"'],
            ["If-Modified-Since", lastModified],
          ]);
          expectStatus(ctx, got, 200, "verify.cg.inmLost", "verify.cg.hint.inmFirst");
          ctx.note("verify.cg.inmWins", { bytes: got.res.body.length });
        },
      },
      {
        id: "ims-match",
        plan: [{ key: "plan.ims" }, status("304 Not Modified"), { key: "plan.nothingAfter" }],
        rerun: { shell: `${LAST_MODIFIED}; curl -v -H "If-Modified-Since: $lm" {url}/` },
        teaches: "revalidate",
        async run(ctx, { lastModified }) {
          const got = await exchange(ctx, "GET", [["If-Modified-Since", lastModified]]);
          expectStatus(ctx, got, 304, "verify.cg.ignoresIms", "verify.cg.hint.ims");
          expectNothingAfter(ctx, got, "verify.cg.what304");
        },
      },
      {
        id: "head",
        plan: [
          {
            key: "verify.plan.send",
            data: "HEAD / HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n",
          },
          status("200 OK"),
          { key: "plan.head" },
        ],
        rerun: { shell: "curl -v -I {url}/" },
        teaches: "head",
        async run(ctx, known) {
          const got = await exchange(ctx, "HEAD", []);
          expectStatus(ctx, got, 200, "verify.cg.status", "verify.cg.hint.head");
          expectNothingAfter(ctx, got, "verify.cg.whatHead");
          const etag = got.res.headers.get("etag");
          if (etag !== known.etag) {
            ctx.failCheck({
              reason: ctx.say("verify.cg.headEtag", { got: etag ?? "—", expected: known.etag }),
              expected: known.etag,
              got: etag ?? ctx.shown(null),
              hint: ctx.say("verify.cg.hint.head"),
            });
          }
          const length = got.res.headers.get("content-length");
          if (length !== undefined && length.trim() !== String(known.bytes)) {
            ctx.failCheck({
              reason: ctx.say("verify.cg.headLength", { got: length, expected: known.bytes }),
              expected: String(known.bytes),
              got: length,
              hint: ctx.say("verify.cg.hint.head"),
            });
          }
          ctx.note("verify.cg.head");
        },
      },
    ],
  }),
};
