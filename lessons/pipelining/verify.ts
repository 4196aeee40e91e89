import { type HttpResponse, Wire } from "../../src/http/index.js";
import {
  defineChecks,
  type Rerun,
  type VerifyContext,
  type VerifyModule,
} from "../../src/runtime/verify.js";

/**
 * `sockstep verify pipelining`: a student's HTTP/1.1 server must answer
 * requests that arrive back to back, in one write or cut across two, in the
 * order they came, even when the first is slow. As in the lesson's server,
 * each answer's body names its path and GET /slow?ms=N answers after N ms.
 */

const text = {
  en: {
    "verify.wire.notHttp": "the answer to {request} is not an HTTP response: {detail}",
    "verify.wire.hint.notHttp":
      "Start each answer with a status line such as HTTP/1.1 200 OK\\r\\n, one header field per line, then an empty line.",
    "step.in-order": "Three requests in one write, a slow one first: three answers, in order",
    "step.split": "A request cut in two, the next one right behind it",
    "verify.pl.contract":
      "These checks expect what the lesson's server does: each answer's body names the path it answers, and GET /slow?ms=N answers after N ms.",
    "verify.pl.outOfOrder":
      "answer {index} is for {got}, but request {index} was {expected}: pipelined requests must be answered in the order they came",
    "verify.pl.hint.outOfOrder":
      "Answer the requests of one connection one after another, in the order they arrived. A slow one makes those behind it wait: that is head-of-line blocking, and it is the rule.",
    "verify.pl.noPath": "answer {index} names none of the requested paths ({paths})",
    "verify.pl.hint.noPath":
      "Put the request's path in each answer's body (for example \"GET /a: this is /a\"), so answers can be matched to requests.",
    "verify.pl.missing": "request {index} of {sent}, {request}, got no answer",
    "verify.pl.hint.missing":
      "Several requests can arrive in one recv(): keep the bytes after the end of the first request and read the next request from them, instead of taking each recv() as one request.",
    "verify.pl.inOrder": "{count} answers in order on connection {conn}: {order}.",
    "verify.pl.split":
      "The server joined the two pieces of the first request and found the next one right behind it: {order}.",
    "plan.inOrder":
      "expect three answers in the order asked, /slow?ms=300, /a, /b (each body names its path), within {seconds} s each",
    "plan.split":
      "send GET /c cut in two (20 B, then the rest) with GET /d right behind the second piece",
    "plan.splitOrder": "expect the answer for /c, then the one for /d, within {seconds} s each",
  },
  ko: {
    "verify.wire.notHttp": "{request}에 대한 답이 HTTP 응답이 아닙니다: {detail}",
    "verify.wire.hint.notHttp":
      "응답마다 HTTP/1.1 200 OK\\r\\n 같은 상태 라인으로 시작하고, 헤더 필드를 한 줄에 하나씩 쓴 뒤 빈 줄을 보내세요.",
    "step.in-order": "한 번에 쓴 요청 셋, 첫 요청이 느림: 응답 셋이 순서대로",
    "step.split": "둘로 잘린 요청, 그 바로 뒤의 다음 요청",
    "verify.pl.contract":
      "이 검사는 레슨의 서버가 하는 대로를 기대합니다. 응답 본문마다 답하는 경로를 밝히고, GET /slow?ms=N은 N ms 뒤에 답합니다.",
    "verify.pl.outOfOrder":
      "{index}번째 응답은 {got}에 대한 것인데 {index}번째 요청은 {expected} 요청이었습니다. 파이프라인 요청에는 도착한 순서대로 답해야 합니다",
    "verify.pl.hint.outOfOrder":
      "한 연결의 요청에는 도착한 순서대로 하나씩 답하세요. 느린 요청 뒤의 요청은 기다립니다. 그것이 HOL 블로킹이고, 규칙입니다.",
    "verify.pl.noPath": "{index}번째 응답이 요청한 경로({paths}) 중 어느 것도 밝히지 않습니다",
    "verify.pl.hint.noPath":
      '응답 본문마다 요청의 경로를 넣으세요(예: "GET /a: this is /a"). 그래야 응답을 요청과 짝지을 수 있습니다.',
    "verify.pl.missing": "요청 {sent}개 중 {index}번째인 {request}에 응답이 없습니다",
    "verify.pl.hint.missing":
      "recv() 한 번에 요청 여러 개가 올 수 있습니다. recv()마다 요청 하나로 여기지 말고, 첫 요청이 끝난 뒤의 바이트를 남겨 두었다가 거기서 다음 요청을 읽으세요.",
    "verify.pl.inOrder": "연결 {conn}에서 응답 {count}개가 순서대로: {order}.",
    "verify.pl.split":
      "서버가 첫 요청의 두 조각을 이어 붙였고, 그 바로 뒤에서 다음 요청을 찾았습니다: {order}.",
    "plan.inOrder":
      "요청한 순서대로, /slow?ms=300, /a, /b의 응답 셋을(본문마다 경로를 밝힘) 각각 {seconds}초 안에 기대한다",
    "plan.split":
      "GET /c를 둘로 잘라(20 B, 그리고 나머지) 보내고, 두 번째 조각 바로 뒤에 GET /d를 붙인다",
    "plan.splitOrder": "각각 {seconds}초 안에 /c의 응답, 그다음 /d의 응답을 기대한다",
  },
} satisfies Record<"en" | "ko", Record<string, string>>;

/** Which requested path an answer's body names (the longest match, so /slow?ms=300 beats /slow). */
function named(res: HttpResponse, paths: readonly string[]): string | null {
  const body = res.body.toString("latin1");
  const hits = paths.filter((p) => body.includes(p));
  return hits.sort((a, b) => b.length - a.length)[0] ?? null;
}

/**
 * Send `paths` as GETs on one new connection (cut at `cutAt` if given; the
 * last says Connection: close), read one answer per request and check each
 * names the path of the request in its place.
 */
async function pipeline(
  ctx: VerifyContext,
  paths: string[],
  cutAt?: number,
): Promise<{ order: string; conn: number | string }> {
  const wire = await Wire.open(ctx, ctx.target, ctx.timeouts);
  try {
    await wire.send(
      paths.map((p, i) => ({
        method: "GET",
        target: p,
        ...(i === paths.length - 1
          ? { headers: [["Connection", "close"]] as [string, string][] }
          : {}),
      })),
      cutAt,
    );
    const order: string[] = [];
    for (const [i, path] of paths.entries()) {
      const got = await wire.read();
      if (got.kind === "notHttp") {
        ctx.failCheck({
          reason: ctx.say("verify.wire.notHttp", { request: `GET ${path}`, detail: got.detail }),
          hint: ctx.say("verify.wire.hint.notHttp"),
        });
      }
      if (got.kind !== "response") {
        ctx.failCheck({
          reason: ctx.say("verify.pl.missing", {
            index: i + 1,
            sent: paths.length,
            request: `GET ${path}`,
          }),
          expected: paths.slice(i).join(", "),
          got: order.join(", ") || ctx.shown(null),
          hint: ctx.say("verify.pl.hint.missing"),
        });
      }
      const which = named(got.res, paths);
      if (which === null) {
        ctx.failCheck({
          reason: ctx.say("verify.pl.noPath", { index: i + 1, paths: paths.join(", ") }),
          expected: path,
          got: ctx.shown(got.res.body),
          hint: ctx.say("verify.pl.hint.noPath"),
        });
      }
      if (which !== path) {
        ctx.failCheck({
          reason: ctx.say("verify.pl.outOfOrder", { index: i + 1, got: which, expected: path }),
          expected: paths.join(", "),
          got: [...order, which].join(", "),
          hint: ctx.say("verify.pl.hint.outOfOrder"),
        });
      }
      order.push(which);
    }
    return { order: order.join(", "), conn: wire.conn ?? "—" };
  } finally {
    wire.close();
  }
}

/** Pipelined requests as the wire carries them ({address} filled in by verify). */
const req = (path: string, last = false) =>
  `GET ${path} HTTP/1.1\r\nHost: {address}\r\n${last ? "Connection: close\r\n" : ""}\r\n`;

/** A Python client that writes `writes` (Python bytes expressions) and prints every byte back. */
function pythonClient(...writes: string[]): Rerun {
  return {
    python: [
      "import socket, time",
      "s = socket.create_connection(('{host}', {port}))",
      ...writes.map((w, i) => `s.sendall(${w})${i < writes.length - 1 ? "; time.sleep(0.2)" : ""}`),
      "while chunk := s.recv(65536): print(chunk.decode(errors='replace'), end='')",
    ],
  };
}

export const verify: VerifyModule = {
  text,
  reference: { server: ["python3", "{ref}/pipelining_server.py", "{port}"] },
  server: defineChecks({
    ready: "tcp",
    steps: [
      {
        id: "in-order",
        plan: [
          { key: "verify.plan.connect" },
          { key: "verify.plan.send", data: req("/slow?ms=300") + req("/a") + req("/b", true) },
          { key: "plan.inOrder" },
        ],
        rerun: pythonClient(
          "b'GET /slow?ms=300 HTTP/1.1\\r\\nHost: {address}\\r\\n\\r\\n'" +
            " b'GET /a HTTP/1.1\\r\\nHost: {address}\\r\\n\\r\\n'" +
            " b'GET /b HTTP/1.1\\r\\nHost: {address}\\r\\nConnection: close\\r\\n\\r\\n'",
        ),
        teaches: "pipelined",
        async run(ctx) {
          ctx.note("verify.pl.contract");
          const paths = ["/slow?ms=300", "/a", "/b"];
          const { order, conn } = await pipeline(ctx, paths);
          ctx.note("verify.pl.inOrder", { count: paths.length, conn, order });
        },
      },
      {
        id: "split",
        plan: [{ key: "verify.plan.connect" }, { key: "plan.split" }, { key: "plan.splitOrder" }],
        rerun: pythonClient(
          "b'GET /c HTTP/1.1\\r\\nHos'",
          "b't: {address}\\r\\n\\r\\nGET /d HTTP/1.1\\r\\nHost: {address}\\r\\nConnection: close\\r\\n\\r\\n'",
        ),
        teaches: "pipelined",
        async run(ctx) {
          // Cut inside the first request's Host line: neither half is a request on its own.
          const { order } = await pipeline(ctx, ["/c", "/d"], 20);
          ctx.note("verify.pl.split", { order });
        },
      },
    ],
  }),
};
