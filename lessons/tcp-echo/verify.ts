import { type Addr, formatAddr } from "../../src/net/address.js";
import { SockError } from "../../src/net/env.js";
import { TIMEOUT } from "../../src/net/fail.js";
import type { TcpSocket } from "../../src/net/tcp.js";
import {
  checkEcho,
  echoText,
  holdReply,
  waitExit,
  waitPrinted,
} from "../../src/runtime/echo-checks.js";
import {
  defineChecks,
  type PlanStep,
  type Rerun,
  type StudentHandle,
  type VerifyContext,
  type VerifyModule,
} from "../../src/runtime/verify.js";
import { LECTURE_BACKLOG, listenSocket, readMessage, upper } from "./server.js";

/**
 * `sockstep verify tcp-echo`: a student's TCP uppercase echo server (or
 * client) against this lesson's peer. Like the lecture's server, the
 * student's server answers one message per connection and then closes it.
 * sockstep's client half-closes after its message, as the lesson's client
 * does, so a server that reads until EOF knows the message is complete; it
 * then reads the reply until the server's close (recv → 0 B).
 */

const text = {
  en: {
    ...echoText.en,
    "step.one-message": "One connection, one reply in capitals, then the server closes",
    "step.several": "Three connections one after another",
    "step.non-ascii": "Text beyond ASCII: 'héllo 안녕' comes back as 'HÉLLO 안녕'",
    "step.short": "A one-byte message",
    "step.long": "A long message (2000 B): more than one recv(1024)",
    "step.two-clients": "Two clients connected at once, each gets its own reply",
    "step.client-connects": "Your client connects",
    "step.client-sends": "Your client sends the message",
    "step.client-receives": "sockstep replies; your client receives and prints it",
    "step.client-closes": "Your client closes the connection and ends",
    "verify.tcp.refused": "the connection to {address} was refused: nothing listens there any more",
    "verify.tcp.noReply": "no reply within {seconds} s to the {bytes} B sent",
    "verify.tcp.hint.noReply":
      "After accept(), the server reads with connectionSocket.recv(1024), uppercases, and answers with connectionSocket.send() on that same connection socket.",
    "verify.tcp.neverClosed":
      "the reply arrived, but the server did not close the connection within {seconds} s",
    "verify.tcp.expectClose": "the server closes: recv() → 0 B (FIN)",
    "verify.tcp.gotOpen": "the connection still open {seconds} s after the reply",
    "verify.tcp.hint.close":
      "Close the connection socket after sending the reply (connectionSocket.close()): a client that reads until the end of the stream waits for it forever.",
    "verify.tcp.closed":
      "The server closed the connection after its reply: recv() returned 0 B, the end of the stream.",
    "verify.tcp.several":
      "Three connections from client ports {ports}, each accepted, answered and closed: the server's accept() runs in a loop.",
    "verify.tcp.twoClients":
      "Both connections go to server port {port}, from client ports {a} and {b}: the 4-tuples differ only in the client port. Both connect() calls returned before either reply came: the kernel finishes handshakes by itself, and accept() takes them from the backlog queue.",
    "verify.tcp.client.noConnect": "your client did not connect to {address} within {seconds} s",
    "verify.tcp.client.hint.connect":
      "The client calls clientSocket.connect((serverName, serverPort)) with the host and port it was given ({host} and {port} in its arguments, or HOST and PORT).",
    "verify.tcp.client.nothing": "your client sent nothing within {seconds} s of connecting",
    "verify.tcp.client.closedEmpty": "your client closed the connection without sending anything",
    "verify.tcp.client.hint.send":
      "After connect(), send the message with clientSocket.send(message.encode()): no address, the connection already knows its peer.",
    "verify.tcp.client.halfClose":
      "sockstep's server sent the reply and then its FIN (shutdown(SHUT_WR)), so it can still see your client close.",
    "verify.tcp.client.noClose":
      "your client did not close its connection within {seconds} s of the reply",
    "verify.tcp.client.hint.close":
      "Close the socket once the reply is printed (clientSocket.close()); that sends the FIN.",
    "verify.tcp.client.closed": "Your client closed its end: the server's recv() returned 0 B.",
    "verify.tcp.long":
      "All {bytes} B came back: the server read until the client's FIN, not just one recv(1024).",
    "verify.tcp.crash.recvfrom":
      "On a connection socket use recv(1024) and send(): recvfrom() returns a (data, address) pair, so its .decode() fails, and the connection already knows its peer, so there is no address to sendto().",
    "verify.tcp.crash.reset":
      "A client may close or reset its connection at any time: catch OSError around one connection's recv() and send(), close that connection socket, and go back to accept().",
    "verify.tcp.crash.listening":
      "Read and write on the socket accept() returned (connectionSocket), not on serverSocket: the listening socket only makes connections.",
    "plan.again": "the same on a new connection with {data}",
    "plan.twoConnect":
      "connect twice to {address}: clientA, then clientB, before either is answered",
    "plan.twoSend": "clientA sends {data}, then clientB sends its own message; both half-close",
    "plan.twoExpect":
      "expect each client its own reply in capitals, then a close, within {seconds} s",
    "plan.client.listen":
      "sockstep's server listens on {address}; expect your client to connect within {runSeconds} s",
    "plan.client.expectMessage":
      "expect {data} from your client within {seconds} s (up to a newline, its FIN or a pause)",
    "plan.client.reply":
      "wait 300 ms (a client that prints the reply meanwhile made it up), then send {data} back and a FIN (shutdown(SHUT_WR))",
    "plan.client.expectClose":
      "expect your client to close its end (recv() → 0 B) within {closeSeconds} s",
  },
  ko: {
    ...echoText.ko,
    "step.one-message": "연결 하나, 대문자 답장 하나, 그리고 서버가 연결을 닫는다",
    "step.several": "연결 셋을 차례로",
    "step.non-ascii": "ASCII 밖의 글자: 'héllo 안녕'은 'HÉLLO 안녕'으로 돌아와야 한다",
    "step.short": "1바이트 메시지",
    "step.long": "긴 메시지(2000 B): recv(1024) 한 번으로는 모자라다",
    "step.two-clients": "클라이언트 둘이 동시에 연결하고, 각자 자기 답장을 받는다",
    "step.client-connects": "클라이언트가 연결한다",
    "step.client-sends": "클라이언트가 메시지를 보낸다",
    "step.client-receives": "sockstep이 답하고, 클라이언트가 받아서 출력한다",
    "step.client-closes": "클라이언트가 연결을 닫고 끝난다",
    "verify.tcp.refused":
      "{address}에 연결이 거부되었습니다. 이제 그곳에서 리슨하는 소켓이 없습니다",
    "verify.tcp.noReply": "보낸 {bytes} B에 {seconds}초 안에 답장이 없습니다",
    "verify.tcp.hint.noReply":
      "서버는 accept() 뒤에 connectionSocket.recv(1024)로 읽고, 대문자로 바꾸고, 같은 연결 소켓의 connectionSocket.send()로 답합니다.",
    "verify.tcp.neverClosed": "답장은 왔지만 서버가 {seconds}초 안에 연결을 닫지 않았습니다",
    "verify.tcp.expectClose": "서버가 닫는다: recv() → 0 B (FIN)",
    "verify.tcp.gotOpen": "답장 뒤 {seconds}초가 지나도 연결이 열려 있음",
    "verify.tcp.hint.close":
      "답장을 보낸 뒤 연결 소켓을 닫으세요(connectionSocket.close()). 스트림 끝까지 읽는 클라이언트는 그렇지 않으면 영원히 기다립니다.",
    "verify.tcp.closed":
      "서버가 답장 뒤에 연결을 닫았습니다. recv()가 0 B, 즉 스트림의 끝을 돌려주었습니다.",
    "verify.tcp.several":
      "클라이언트 포트 {ports}에서 온 연결 셋이 각각 수락되고, 답을 받고, 닫혔습니다. 서버의 accept()가 반복문 안에서 돕니다.",
    "verify.tcp.twoClients":
      "두 연결 모두 서버 포트 {port}(으)로 가고, 클라이언트 포트는 {a}와(과) {b}입니다. 4-튜플은 클라이언트 포트만 다릅니다. 두 connect()는 어느 답장보다도 먼저 돌아왔습니다. 핸드셰이크는 커널이 알아서 끝내고, accept()는 백로그 큐에서 연결을 꺼낼 뿐입니다.",
    "verify.tcp.client.noConnect": "클라이언트가 {seconds}초 안에 {address}에 연결하지 않았습니다",
    "verify.tcp.client.hint.connect":
      "클라이언트는 주어진 호스트와 포트(인자의 {host}와(과) {port}, 또는 HOST와 PORT)로 clientSocket.connect((serverName, serverPort))를 부릅니다.",
    "verify.tcp.client.nothing":
      "클라이언트가 연결한 뒤 {seconds}초 동안 아무것도 보내지 않았습니다",
    "verify.tcp.client.closedEmpty": "클라이언트가 아무것도 보내지 않고 연결을 닫았습니다",
    "verify.tcp.client.hint.send":
      "connect() 뒤에 clientSocket.send(message.encode())로 메시지를 보내세요. 주소는 주지 않습니다. 연결이 이미 상대를 압니다.",
    "verify.tcp.client.halfClose":
      "sockstep의 서버는 답장을 보낸 뒤 FIN을 보냈습니다(shutdown(SHUT_WR)). 그래서 클라이언트가 닫는 것도 볼 수 있습니다.",
    "verify.tcp.client.noClose": "클라이언트가 답장을 받고 {seconds}초 안에 연결을 닫지 않았습니다",
    "verify.tcp.client.hint.close":
      "답장을 출력했으면 소켓을 닫으세요(clientSocket.close()). 그때 FIN이 나갑니다.",
    "verify.tcp.client.closed":
      "클라이언트가 자기 쪽을 닫았습니다. 서버의 recv()가 0 B를 돌려주었습니다.",
    "verify.tcp.long":
      "{bytes} B가 모두 돌아왔습니다. 서버가 recv(1024) 한 번이 아니라 클라이언트의 FIN까지 읽었습니다.",
    "verify.tcp.crash.recvfrom":
      "연결 소켓에서는 recv(1024)와 send()를 쓰세요. recvfrom()은 (데이터, 주소) 쌍을 돌려주므로 .decode()가 실패하고, 연결은 이미 상대를 알므로 sendto()에 줄 주소가 없습니다.",
    "verify.tcp.crash.reset":
      "클라이언트는 언제든 연결을 닫거나 리셋할 수 있습니다. 한 연결의 recv()와 send()를 try로 감싸 OSError를 잡고, 그 연결 소켓을 닫은 뒤 accept()로 돌아가세요.",
    "verify.tcp.crash.listening":
      "serverSocket이 아니라 accept()가 돌려준 소켓(connectionSocket)으로 읽고 쓰세요. 리슨 소켓은 연결을 만들기만 합니다.",
    "plan.again": "새 연결에서 {data}(으)로 똑같이 한다",
    "plan.twoConnect":
      "{address}에 두 번 연결한다: clientA, 그다음 clientB, 어느 쪽도 답을 받기 전에",
    "plan.twoSend":
      "clientA가 {data}을(를) 보내고, clientB도 자기 메시지를 보낸다. 둘 다 절반 끊기를 한다",
    "plan.twoExpect":
      "{seconds}초 안에 각 클라이언트가 자기 메시지의 대문자 답장을 받고, 이어서 연결이 닫히기를 기대한다",
    "plan.client.listen":
      "sockstep의 서버가 {address}에서 리슨한다. {runSeconds}초 안에 클라이언트가 연결하기를 기대한다",
    "plan.client.expectMessage":
      "{seconds}초 안에 클라이언트에게서 {data}이(가) 오기를 기대한다(줄바꿈, FIN, 또는 잠깐의 멈춤까지)",
    "plan.client.reply":
      "300 ms 기다린 뒤(그사이 답장을 출력하는 클라이언트는 답장을 지어낸 것) {data}을(를) 돌려보내고 FIN을 보낸다(shutdown(SHUT_WR))",
    "plan.client.expectClose":
      "{closeSeconds}초 안에 클라이언트가 자기 쪽을 닫기를(recv() → 0 B) 기대한다",
  },
} satisfies Record<"en" | "ko", Record<string, string>>;

function isCode(err: unknown, code: string): boolean {
  return err instanceof SockError && err.code === code;
}

async function connect(ctx: VerifyContext, name = "clientSocket"): Promise<TcpSocket> {
  const client = ctx.tcp("client", name);
  try {
    await client.connect(ctx.target, { timeoutMs: ctx.timeouts.replyMs });
  } catch (err) {
    if (!isCode(err, "ECONNREFUSED")) throw err;
    ctx.failCheck({
      reason: ctx.say("verify.tcp.refused", { address: formatAddr(ctx.target) }),
      hint: ctx.say("verify.hint.keepServing"),
    });
  }
  return client;
}

/**
 * Read until the server closes. A silent server fails after replyMs; one that
 * answered in full but keeps the connection open fails after closeMs.
 */
async function readToClose(ctx: VerifyContext, sock: TcpSocket, message: string): Promise<Buffer> {
  const expected = Buffer.byteLength(message.toUpperCase());
  const parts: Buffer[] = [];
  let size = 0;
  for (;;) {
    const complete = size >= expected;
    let chunk: Buffer;
    try {
      chunk = await sock.recv(4096, {
        timeoutMs: complete ? ctx.timeouts.closeMs : ctx.timeouts.replyMs,
      });
    } catch (err) {
      // An abortive close (RST) after the reply still ends the stream.
      if (isCode(err, "ECONNRESET") && size > 0) break;
      if (!isCode(err, TIMEOUT)) throw err;
      if (size === 0) {
        ctx.failCheck({
          reason: ctx.say("verify.tcp.noReply", {
            seconds: ctx.timeouts.replyMs / 1000,
            bytes: Buffer.byteLength(message),
          }),
          expected: ctx.shown(message.toUpperCase()),
          got: ctx.shown(null),
          hint: ctx.say("verify.tcp.hint.noReply"),
        });
      }
      const got = Buffer.concat(parts);
      // A wrong reply is the first thing to mend; the close comes after.
      checkEcho(ctx, message, got);
      const seconds = ctx.timeouts.closeMs / 1000;
      ctx.failCheck({
        reason: ctx.say("verify.tcp.neverClosed", { seconds }),
        expected: ctx.say("verify.tcp.expectClose"),
        got: ctx.say("verify.tcp.gotOpen", { seconds }),
        hint: ctx.say("verify.tcp.hint.close"),
      });
    }
    if (chunk.length === 0) break;
    parts.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(parts);
}

/** One connection: connect, send, half-close, read the reply up to the server's close, check it. */
async function oneExchange(ctx: VerifyContext, message: string, note = true): Promise<number> {
  const client = await connect(ctx);
  const port = client.localAddr?.port ?? 0;
  await client.send(message);
  client.shutdown("write");
  checkEcho(ctx, message, await readToClose(ctx, client, message));
  if (note) ctx.note("verify.tcp.closed");
  client.close();
  return port;
}

/** 2000 B of lowercase text: more than one recv(1024) can return, as in udp-echo. */
const LONG = "the quick brown fox jumps over the lazy dog; ".repeat(50).slice(0, 2000);
/** LONG as Python writes it, for the client printed to rerun the check by hand. */
const LONG_PY = "(b'the quick brown fox jumps over the lazy dog; ' * 50)[:2000]";

/** What one exchange does, in order. */
function exchangePlan(message: string): PlanStep[] {
  return [
    { key: "verify.plan.connect" },
    { key: "verify.plan.send", data: message },
    { key: "verify.plan.halfClose" },
    { key: "verify.plan.expectReply", data: message.toUpperCase() },
  ];
}

/** One exchange as a Python client: `bytes` is a Python bytes expression. */
function pythonClient(bytes: string): Rerun {
  return {
    python: [
      "from socket import *",
      "s = socket(AF_INET, SOCK_STREAM); s.connect(('{host}', {port}))",
      `s.sendall(${bytes}); s.shutdown(SHUT_WR)`,
      "reply = b''",
      "while chunk := s.recv(4096): reply += chunk",
      "print(len(reply), 'B:', reply)",
    ],
  };
}

const server = defineChecks({
  ready: "tcp",
  crashes: [
    {
      match: /recvfrom|sendto|'tuple' object has no attribute|address must be tuple/,
      hint: "verify.tcp.crash.recvfrom",
      step: "second-client",
    },
    {
      match: /ConnectionResetError|BrokenPipeError|ConnectionAbortedError/,
      hint: "verify.tcp.crash.reset",
      step: "close",
    },
    {
      match: /serverSocket\.(recv|send)|Transport endpoint is not connected/,
      hint: "verify.tcp.crash.listening",
      step: "new-socket",
    },
  ],
  exitStep: "new-socket",
  steps: [
    {
      id: "one-message",
      plan: exchangePlan("hello, server"),
      rerun: pythonClient("b'hello, server'"),
      teaches: "new-socket",
      async run(ctx) {
        await oneExchange(ctx, "hello, server");
      },
    },
    {
      id: "several",
      plan: [
        ...exchangePlan("one"),
        { key: "plan.again", data: "two!" },
        { key: "plan.again", data: "three" },
      ],
      rerun: pythonClient("b'one'"),
      teaches: "new-socket",
      async run(ctx) {
        const ports: number[] = [];
        for (const part of ["one", "two!", "three"]) {
          ports.push(await oneExchange(ctx, part, false));
        }
        ctx.note("verify.tcp.several", { ports: ports.join(", ") });
      },
    },
    {
      id: "non-ascii",
      plan: exchangePlan("héllo 안녕"),
      rerun: pythonClient("'héllo 안녕'.encode()"),
      run: (ctx) => oneExchange(ctx, "héllo 안녕").then(() => {}),
    },
    {
      id: "short",
      plan: exchangePlan("a"),
      rerun: pythonClient("b'a'"),
      run: (ctx) => oneExchange(ctx, "a", false).then(() => {}),
    },
    {
      id: "long",
      plan: exchangePlan(LONG),
      rerun: pythonClient(LONG_PY),
      teaches: "byte-stream",
      async run(ctx) {
        await oneExchange(ctx, LONG, false);
        ctx.note("verify.tcp.long", { bytes: LONG.length });
      },
    },
    {
      id: "two-clients",
      plan: [
        { key: "plan.twoConnect" },
        { key: "plan.twoSend", data: "from the first client" },
        { key: "plan.twoExpect" },
      ],
      rerun: pythonClient("b'from the first client'"),
      teaches: "second-client",
      async run(ctx) {
        // Both connect and send before either reads: a server that serves one
        // connection at a time (the lecture's) still answers both, in turn.
        const a = await connect(ctx, "clientA");
        const b = await connect(ctx, "clientB");
        const ma = "from the first client";
        const mb = "from the second client";
        await a.send(ma);
        await b.send(mb);
        a.shutdown("write");
        b.shutdown("write");
        const [ra, rb] = await Promise.all([readToClose(ctx, a, ma), readToClose(ctx, b, mb)]);
        checkEcho(ctx, ma, ra);
        checkEcho(ctx, mb, rb);
        ctx.note("verify.tcp.twoClients", {
          port: ctx.target.port,
          a: a.localAddr?.port ?? null,
          b: b.localAddr?.port ?? null,
        });
        a.close();
        b.close();
      },
    },
  ],
});

/** What the client checks pass along: sockstep's server, the student's client, its connection and message. */
interface ClientState {
  server: TcpSocket;
  address: Addr;
  student: StudentHandle;
  conn: TcpSocket;
  message: Buffer;
}

const client = defineChecks<ClientState>({
  rerun: { shell: "sockstep tcp-echo --serve --port {port}" },
  async init(ctx) {
    // The lesson's own server: socket, SO_REUSEADDR, bind, listen(1), as in the lecture.
    const server = await listenSocket(ctx, 0, ctx.opts.host, LECTURE_BACKLOG);
    return { server, address: server.localAddr! } as ClientState;
  },
  steps: [
    {
      id: "client-connects",
      plan: [{ key: "verify.plan.start" }, { key: "plan.client.listen" }],
      teaches: "handshake",
      async run(ctx, s) {
        s.student = await ctx.launch(s.address);
        try {
          s.conn = await ctx.whileRunning(s.server.accept({ timeoutMs: ctx.timeouts.runMs }));
        } catch (err) {
          if (!isCode(err, TIMEOUT)) throw err;
          ctx.failCheck({
            reason: ctx.say("verify.tcp.client.noConnect", {
              address: formatAddr(s.address),
              seconds: ctx.timeouts.runMs / 1000,
            }),
            hint: ctx.say("verify.tcp.client.hint.connect"),
          });
        }
      },
    },
    {
      id: "client-sends",
      plan: [{ key: "plan.client.expectMessage", data: "{message}" }],
      teaches: "second-client",
      async run(ctx, s) {
        if (!(await s.conn.readable(ctx.timeouts.replyMs))) {
          ctx.failCheck({
            reason: ctx.say("verify.tcp.client.nothing", { seconds: ctx.timeouts.replyMs / 1000 }),
            hint: ctx.say("verify.tcp.client.hint.send"),
          });
        }
        // The lesson's server reads a message up to a newline, the client's FIN or a pause.
        s.message = await readMessage(ctx, s.conn);
        if (s.message.length === 0) {
          ctx.failCheck({
            reason: ctx.say("verify.tcp.client.closedEmpty"),
            expected: ctx.shown(ctx.message),
            got: ctx.shown(null),
            hint: ctx.say("verify.tcp.client.hint.send"),
          });
        }
        if (!s.message.equals(Buffer.from(ctx.message))) {
          ctx.failCheck({
            reason: ctx.say("echo.client.wrongMessage"),
            expected: ctx.shown(ctx.message),
            got: ctx.shown(s.message),
            hint: ctx.say("echo.client.hint.message"),
          });
        }
      },
    },
    {
      id: "client-receives",
      plan: [
        { key: "plan.client.reply", data: "{MESSAGE}" },
        { key: "verify.plan.expectPrint", data: "{MESSAGE}" },
      ],
      teaches: "half-close",
      async run(ctx, s) {
        const answer = upper(s.message);
        await holdReply(ctx, s.student, answer.toString("utf8"));
        await s.conn.send(answer);
        s.conn.shutdown("write");
        ctx.note("verify.tcp.client.halfClose");
        await waitPrinted(ctx, s.student, answer.toString("utf8"));
        ctx.note("echo.client.printed", { to: formatAddr(s.conn.remoteAddr) });
      },
    },
    {
      id: "client-closes",
      plan: [{ key: "plan.client.expectClose" }, { key: "verify.plan.expectExit" }],
      teaches: "close",
      // Annotated: failCheck() ends the flow only for an explicitly typed ctx.
      async run(ctx: VerifyContext, s) {
        for (;;) {
          let chunk: Buffer;
          try {
            chunk = await s.conn.recv(1024, { timeoutMs: ctx.timeouts.closeMs });
          } catch (err) {
            if (isCode(err, "ECONNRESET")) break;
            if (!isCode(err, TIMEOUT)) throw err;
            ctx.failCheck({
              reason: ctx.say("verify.tcp.client.noClose", {
                seconds: ctx.timeouts.closeMs / 1000,
              }),
              hint: ctx.say("verify.tcp.client.hint.close"),
            });
          }
          if (chunk.length === 0) break;
        }
        ctx.note("verify.tcp.client.closed");
        s.conn.close();
        await waitExit(ctx, s.student);
        s.server.close();
      },
    },
  ],
});

export const verify: VerifyModule = {
  text,
  server,
  client,
  reference: {
    server: ["python3", "{ref}/TCPServer.py", "{port}"],
    client: ["python3", "{ref}/TCPClient.py", "{host}", "{port}", "{message}"],
  },
};
