import { type HttpResponse, Wire, type WireRead } from "../../src/http/index.js";
import {
  defineChecks,
  type Rerun,
  type VerifyContext,
  type VerifyModule,
} from "../../src/runtime/verify.js";

/**
 * `sockstep verify keep-alive`: a student's HTTP/1.1 server must keep a
 * connection open across requests (every answer framed, no close unasked)
 * and close it once a request says Connection: close. All three checks use
 * one connection, as a browser would.
 */

const text = {
  en: {
    "verify.wire.noResponse": "no answer to {request} within {seconds} s",
    "verify.wire.hint.noResponse":
      "Read the request up to its empty line (\\r\\n\\r\\n), then send a status line, the header fields with Content-Length, an empty line and the body.",
    "verify.wire.notHttp": "the answer to {request} is not an HTTP response: {detail}",
    "verify.wire.hint.notHttp":
      "Start each answer with a status line such as HTTP/1.1 200 OK\\r\\n, one header field per line, then an empty line.",
    "verify.wire.closed": "connection {conn} was closed before {request} was answered",
    "verify.wire.hint.closed":
      "Keep reading requests from the same connection in a loop; close it only when a request says Connection: close, when the client closes, or after an idle timeout.",
    "step.first-answer": "GET / on a new connection: a framed answer that keeps it open",
    "step.same-connection": "Two more requests on the same connection",
    "step.close-on-request": "A request with Connection: close: answered, then closed",
    "verify.ka.noLength":
      "the answer to {request} has neither Content-Length nor chunked coding, so only the close can end it and the connection cannot carry another request",
    "verify.ka.hint.noLength":
      "Send Content-Length with every answer: the size of the body in bytes (len(body) of the encoded bytes).",
    "verify.ka.saidClose":
      "the answer to {request} says Connection: close, though the request did not ask for it",
    "verify.ka.hint.saidClose":
      "An HTTP/1.1 connection stays open unless a request says Connection: close; only then answer with close and end the connection.",
    "verify.ka.http10":
      "the answer is {version} without keep-alive, so a client must assume the connection closes",
    "verify.ka.hint.http10":
      'Answer an HTTP/1.1 request with HTTP/1.1 (in http.server: protocol_version = "HTTP/1.1").',
    "verify.ka.firstOk":
      "{status}, body {bytes} B framed by {framing}; connection {conn} stays open.",
    "verify.ka.closedAfterOne": "the server closed connection {conn} after answering one request",
    "verify.ka.reused": "{count} answers on connection {conn}: it stayed open across requests.",
    "verify.ka.stayedOpen":
      "after answering Connection: close, the server kept connection {conn} open for {seconds} s",
    "verify.ka.hint.stayedOpen":
      "When a request says Connection: close, send its answer (Connection: close in it is good manners) and then close the connection.",
    "verify.ka.closedOnRequest":
      "Connection: close was answered, then the server closed connection {conn}.",
    "plan.framed":
      "expect an answer within {seconds} s: HTTP/1.1, with Content-Length (or chunked), and no Connection: close",
    "plan.twoMore": "on the same connection, send GET /second, then GET /third",
    "plan.eachFramed": "expect each answer framed, and the connection still open after it",
    "plan.closes":
      "expect the answer, then the server's close (recv() → 0 B) within {closeSeconds} s",
  },
  ko: {
    "verify.wire.noResponse": "{request}에 {seconds}초 안에 응답이 없습니다",
    "verify.wire.hint.noResponse":
      "요청을 빈 줄(\\r\\n\\r\\n)까지 읽은 뒤 상태 라인, Content-Length를 포함한 헤더 필드, 빈 줄, 본문을 보내세요.",
    "verify.wire.notHttp": "{request}에 대한 답이 HTTP 응답이 아닙니다: {detail}",
    "verify.wire.hint.notHttp":
      "응답마다 HTTP/1.1 200 OK\\r\\n 같은 상태 라인으로 시작하고, 헤더 필드를 한 줄에 하나씩 쓴 뒤 빈 줄을 보내세요.",
    "verify.wire.closed": "{request}에 응답하기 전에 연결 {conn}이(가) 닫혔습니다",
    "verify.wire.hint.closed":
      "같은 연결에서 요청을 반복해서 읽으세요. 요청이 Connection: close라고 하거나, 클라이언트가 닫거나, 유휴 타임아웃이 지났을 때만 연결을 닫으세요.",
    "step.first-answer": "새 연결에서 GET /: 연결을 열어 두는, 길이를 밝힌 응답",
    "step.same-connection": "같은 연결로 요청 두 개 더",
    "step.close-on-request": "Connection: close 요청: 응답한 뒤 닫기",
    "verify.ka.noLength":
      "{request}에 대한 응답에 Content-Length도 chunked 코딩도 없어서, 연결을 닫아야만 끝나고 그 연결로는 다음 요청을 나를 수 없습니다",
    "verify.ka.hint.noLength":
      "응답마다 Content-Length를 보내세요. 본문의 바이트 수입니다(인코드한 바이트의 len(body)).",
    "verify.ka.saidClose":
      "요청이 원하지 않았는데 {request}에 대한 응답에 Connection: close가 있습니다",
    "verify.ka.hint.saidClose":
      "HTTP/1.1 연결은 요청이 Connection: close라고 하기 전까지 열려 있습니다. 그때에만 close로 답하고 연결을 끝내세요.",
    "verify.ka.http10":
      "응답이 keep-alive 없는 {version}(이)므로 클라이언트는 연결이 닫힌다고 가정해야 합니다",
    "verify.ka.hint.http10":
      'HTTP/1.1 요청에는 HTTP/1.1로 답하세요(http.server에서는 protocol_version = "HTTP/1.1").',
    "verify.ka.firstOk":
      "{status}, 본문 {bytes} B, 길이 표시는 {framing}. 연결 {conn}은(는) 열려 있습니다.",
    "verify.ka.closedAfterOne": "서버가 요청 하나에 답한 뒤 연결 {conn}을(를) 닫았습니다",
    "verify.ka.reused": "연결 {conn}에서 응답 {count}개: 요청이 바뀌어도 연결은 열려 있었습니다.",
    "verify.ka.stayedOpen":
      "Connection: close에 답한 뒤에도 서버가 연결 {conn}을(를) {seconds}초 동안 열어 두었습니다",
    "verify.ka.hint.stayedOpen":
      "요청이 Connection: close라고 하면 응답을 보내고(응답에도 Connection: close를 붙이면 좋습니다) 연결을 닫으세요.",
    "verify.ka.closedOnRequest":
      "Connection: close 요청에 답한 뒤 서버가 연결 {conn}을(를) 닫았습니다.",
    "plan.framed":
      "{seconds}초 안에 응답을 기대한다: HTTP/1.1, Content-Length(또는 chunked)가 있고 Connection: close는 없다",
    "plan.twoMore": "같은 연결에서 GET /second, 그다음 GET /third를 보낸다",
    "plan.eachFramed": "응답마다 길이가 밝혀져 있고, 그 뒤에도 연결이 열려 있기를 기대한다",
    "plan.closes":
      "응답을 받고, 이어서 {closeSeconds}초 안에 서버가 연결을 닫기를(recv() → 0 B) 기대한다",
  },
} satisfies Record<"en" | "ko", Record<string, string>>;

/** The connection the checks share, opened by the first. */
interface State {
  wire: Wire;
}

/** The next response, or how the wait ended; an answer that is not HTTP fails the check. */
async function read(
  ctx: VerifyContext,
  wire: Wire,
  request: string,
): Promise<Exclude<WireRead, { kind: "notHttp" }>> {
  const got = await wire.read();
  if (got.kind !== "notHttp") return got;
  ctx.failCheck({
    reason: ctx.say("verify.wire.notHttp", { request, detail: got.detail }),
    hint: ctx.say("verify.wire.hint.notHttp"),
  });
}

/** A response, or the check fails saying what came instead. */
async function expectResponse(
  ctx: VerifyContext,
  wire: Wire,
  request: string,
): Promise<HttpResponse> {
  const got = await read(ctx, wire, request);
  if (got.kind === "response") return got.res;
  const seconds = ctx.timeouts.replyMs / 1000;
  ctx.failCheck(
    got.kind === "timeout"
      ? {
          reason: ctx.say("verify.wire.noResponse", { request, seconds }),
          hint: ctx.say("verify.wire.hint.noResponse"),
        }
      : {
          reason: ctx.say("verify.wire.closed", { request, conn: wire.conn ?? "—" }),
          hint: ctx.say("verify.wire.hint.closed"),
        },
  );
}

/** An answer that leaves the connection usable: framed, HTTP/1.1, and no close it was not asked for. */
function expectPersistent(ctx: VerifyContext, res: HttpResponse, request: string): void {
  if (res.framing === "close") {
    ctx.failCheck({
      reason: ctx.say("verify.ka.noLength", { request }),
      expected: "Content-Length: …",
      got: ctx.shown(null),
      hint: ctx.say("verify.ka.hint.noLength"),
      teaches: "no-length",
    });
  }
  if (res.headers.tokens("connection").includes("close")) {
    ctx.failCheck({
      reason: ctx.say("verify.ka.saidClose", { request }),
      expected: ctx.shown(null),
      got: `Connection: ${res.headers.get("connection")}`,
      hint: ctx.say("verify.ka.hint.saidClose"),
    });
  }
  if (res.version === "HTTP/1.0" && !res.headers.tokens("connection").includes("keep-alive")) {
    ctx.failCheck({
      reason: ctx.say("verify.ka.http10", { version: res.version }),
      expected: "HTTP/1.1",
      got: res.version,
      hint: ctx.say("verify.ka.hint.http10"),
      teaches: "http10",
    });
  }
}

async function nextOnSame(ctx: VerifyContext, wire: Wire, path: string): Promise<HttpResponse> {
  const request = `GET ${path}`;
  await wire.send([{ method: "GET", target: path }]);
  const got = await read(ctx, wire, request);
  if (got.kind === "closed") {
    ctx.failCheck({
      reason: ctx.say("verify.ka.closedAfterOne", { conn: wire.conn ?? "—" }),
      expected: ctx.say("verify.ka.reused", { count: 2, conn: wire.conn ?? "—" }),
      got: ctx.shown(null),
      hint: ctx.say("verify.wire.hint.closed"),
    });
  }
  if (got.kind === "timeout") {
    ctx.failCheck({
      reason: ctx.say("verify.wire.noResponse", {
        request,
        seconds: ctx.timeouts.replyMs / 1000,
      }),
      hint: ctx.say("verify.wire.hint.noResponse"),
    });
  }
  expectPersistent(ctx, got.res, request);
  return got.res;
}

/** curl reuses one connection for URLs of the same server, and says so ("Re-using existing connection"). */
const CURL_THREE: Rerun = { shell: "curl -v {url}/ {url}/second {url}/third" };

export const verify: VerifyModule = {
  text,
  reference: { server: ["python3", "{ref}/keepalive_server.py", "{port}"] },
  server: defineChecks<State>({
    ready: "tcp",
    init: () => ({}) as State,
    steps: [
      {
        id: "first-answer",
        plan: [
          { key: "verify.plan.connect" },
          { key: "verify.plan.send", data: "GET / HTTP/1.1\r\nHost: {address}\r\n\r\n" },
          { key: "plan.framed" },
        ],
        rerun: CURL_THREE,
        teaches: "http11",
        async run(ctx, s) {
          s.wire = await Wire.open(ctx, ctx.target, ctx.timeouts);
          await s.wire.send([{ method: "GET", target: "/" }]);
          const res = await expectResponse(ctx, s.wire, "GET /");
          expectPersistent(ctx, res, "GET /");
          ctx.note("verify.ka.firstOk", {
            status: `${res.status} ${res.reason}`.trim(),
            bytes: res.body.length,
            framing: res.framing === "chunked" ? "chunked" : "Content-Length",
            conn: s.wire.conn ?? "—",
          });
        },
      },
      {
        id: "same-connection",
        plan: [{ key: "plan.twoMore" }, { key: "plan.eachFramed" }],
        rerun: CURL_THREE,
        teaches: "http11",
        async run(ctx, s) {
          await nextOnSame(ctx, s.wire, "/second");
          await nextOnSame(ctx, s.wire, "/third");
          ctx.note("verify.ka.reused", { count: 3, conn: s.wire.conn ?? "—" });
        },
      },
      {
        id: "close-on-request",
        plan: [
          {
            key: "verify.plan.send",
            data: "GET /last HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n",
          },
          { key: "plan.closes" },
        ],
        rerun: { shell: "curl -v -H 'Connection: close' {url}/last" },
        teaches: "http11",
        async run(ctx, s) {
          const { wire } = s;
          await wire.send([{ method: "GET", target: "/last", headers: [["Connection", "close"]] }]);
          await expectResponse(ctx, wire, "GET /last + Connection: close");
          if (!(await wire.closes())) {
            ctx.failCheck({
              reason: ctx.say("verify.ka.stayedOpen", {
                conn: wire.conn ?? "—",
                seconds: ctx.timeouts.closeMs / 1000,
              }),
              expected: "FIN",
              got: ctx.shown(null),
              hint: ctx.say("verify.ka.hint.stayedOpen"),
            });
          }
          ctx.note("verify.ka.closedOnRequest", { conn: wire.conn ?? "—" });
          wire.close();
        },
      },
    ],
  }),
};
