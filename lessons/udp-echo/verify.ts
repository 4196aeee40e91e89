import { type Addr, formatAddr } from "../../src/net/address.js";
import { SockError } from "../../src/net/env.js";
import { TIMEOUT } from "../../src/net/fail.js";
import type { UdpSocket } from "../../src/net/udp.js";
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
import { serveForever } from "./server.js";

/**
 * `sockstep verify udp-echo`: a student's UDP uppercase echo server (or
 * client) against this lesson's peer. The uppercase checks are shared with
 * tcp-echo (src/runtime/echo-checks.ts).
 */

const text = {
  en: {
    ...echoText.en,
    "step.one-message": "One message, one reply in capitals",
    "step.several": "Three datagrams in a row, three replies",
    "step.non-ascii": "Text beyond ASCII: 'héllo 안녕' comes back as 'HÉLLO 안녕'",
    "step.short": "A one-byte message",
    "step.long": "A long message (2000 B)",
    "step.two-clients": "Two clients at once, each gets its own reply",
    "step.client-sends": "Your client sends the message",
    "step.client-receives": "sockstep replies; your client receives and prints it",
    "step.client-exits": "Your client ends by itself",
    "verify.udp.noReply": "no reply within {seconds} s to the datagram of {bytes} B",
    "verify.udp.hint.noReply":
      "The server must answer every datagram: recvfrom(2048), uppercase, then sendto(reply, clientAddress) to the address recvfrom returned.",
    "verify.udp.someReplies": "only {got} of {sent} datagrams were answered within {seconds} s",
    "verify.udp.wrongPort": "the reply came from port {from}, not from the server's port {port}",
    "verify.udp.hint.wrongPort":
      "Reply with the same socket that received the datagram (serverSocket.sendto): a client expects its answer from the address it wrote to.",
    "verify.udp.boundaries":
      "Each datagram got its own reply ({sizes} B): UDP kept the boundaries, and the server answered each recvfrom() separately.",
    "verify.udp.long":
      "{bytes} B fit in the lecture's recvfrom(2048); a server reading with a smaller buffer loses the rest of the datagram.",
    "verify.udp.twoClients":
      "The replies came back to ports {a} and {b}: each to the port its datagram came from. The server keeps no connection; recvfrom() tells it where to answer.",
    "verify.udp.client.nothing": "your client sent nothing to {address} within {seconds} s",
    "verify.udp.client.hint.nothing":
      "The client sends with clientSocket.sendto(message.encode(), (serverName, serverPort)), to the host and port it was given ({host} and {port} in its arguments, or HOST and PORT).",
    "verify.udp.crash.recvfrom":
      "recvfrom() returns a pair: message, clientAddress = serverSocket.recvfrom(2048). Decode the message, and answer with sendto(reply, clientAddress).",
    "plan.several": "from one socket, send three datagrams in a row: {data}, 'two!', 'three'",
    "plan.severalExpect":
      "expect three replies, one per datagram, each in capitals, within {seconds} s",
    "plan.twoSockets":
      "from two new sockets, clientA and clientB, each send a datagram: {data} first",
    "plan.twoExpect": "expect each socket its own reply in capitals within {seconds} s",
    "plan.client.listen":
      "sockstep's server is bound to {address}; expect a datagram from your client within {runSeconds} s",
    "plan.client.expect": "expect the datagram to hold {data}",
    "plan.client.reply":
      "wait 300 ms (a client that prints the reply meanwhile made it up), then send {data} back to the address the datagram came from",
  },
  ko: {
    ...echoText.ko,
    "step.one-message": "메시지 하나, 대문자 답장 하나",
    "step.several": "연달아 보낸 데이터그램 셋, 답장 셋",
    "step.non-ascii": "ASCII 밖의 글자: 'héllo 안녕'은 'HÉLLO 안녕'으로 돌아와야 한다",
    "step.short": "1바이트 메시지",
    "step.long": "긴 메시지(2000 B)",
    "step.two-clients": "클라이언트 둘이 동시에, 각자 자기 답장을 받는다",
    "step.client-sends": "클라이언트가 메시지를 보낸다",
    "step.client-receives": "sockstep이 답하고, 클라이언트가 받아서 출력한다",
    "step.client-exits": "클라이언트가 스스로 끝난다",
    "verify.udp.noReply": "{bytes} B 데이터그램에 {seconds}초 안에 답장이 없습니다",
    "verify.udp.hint.noReply":
      "서버는 데이터그램마다 답해야 합니다. recvfrom(2048)으로 받고, 대문자로 바꾸고, recvfrom이 돌려준 주소로 sendto(reply, clientAddress) 하세요.",
    "verify.udp.someReplies": "데이터그램 {sent}개 중 {got}개만 {seconds}초 안에 답장을 받았습니다",
    "verify.udp.wrongPort": "답장이 서버 포트 {port}이(가) 아니라 포트 {from}에서 왔습니다",
    "verify.udp.hint.wrongPort":
      "데이터그램을 받은 바로 그 소켓으로 답하세요(serverSocket.sendto). 클라이언트는 자기가 보낸 주소에서 답이 오기를 기대합니다.",
    "verify.udp.boundaries":
      "데이터그램마다 따로 답장이 왔습니다({sizes} B). UDP가 경계를 지켰고, 서버는 recvfrom()마다 따로 답했습니다.",
    "verify.udp.long":
      "{bytes} B는 강의의 recvfrom(2048)에 들어갑니다. 더 작은 버퍼로 읽는 서버는 데이터그램의 나머지를 잃습니다.",
    "verify.udp.twoClients":
      "답장은 포트 {a}와(과) {b}(으)로 돌아왔습니다. 각 데이터그램이 온 포트로 간 것입니다. 서버는 연결을 유지하지 않고, 어디로 답할지는 recvfrom()이 알려 줍니다.",
    "verify.udp.client.nothing":
      "클라이언트가 {seconds}초 안에 {address}(으)로 아무것도 보내지 않았습니다",
    "verify.udp.client.hint.nothing":
      "클라이언트는 clientSocket.sendto(message.encode(), (serverName, serverPort))로, 주어진 호스트와 포트(인자의 {host}와(과) {port}, 또는 HOST와 PORT)로 보냅니다.",
    "verify.udp.crash.recvfrom":
      "recvfrom()은 쌍을 돌려줍니다: message, clientAddress = serverSocket.recvfrom(2048). 메시지를 디코드하고, sendto(reply, clientAddress)로 답하세요.",
    "plan.several": "소켓 하나에서 데이터그램 셋을 연달아 보낸다: {data}, 'two!', 'three'",
    "plan.severalExpect":
      "{seconds}초 안에 데이터그램마다 하나씩, 대문자로 바꾼 답장 셋을 기대한다",
    "plan.twoSockets": "새 소켓 둘(clientA, clientB)이 각각 데이터그램을 보낸다: 먼저 {data}",
    "plan.twoExpect": "{seconds}초 안에 각 소켓이 자기 대문자 답장을 받기를 기대한다",
    "plan.client.listen":
      "sockstep의 서버가 {address}에 바인드되어 있다. {runSeconds}초 안에 클라이언트의 데이터그램을 기대한다",
    "plan.client.expect": "데이터그램에 {data}이(가) 담겨 있기를 기대한다",
    "plan.client.reply":
      "300 ms 기다린 뒤(그사이 답장을 출력하는 클라이언트는 답장을 지어낸 것) 데이터그램이 온 주소로 {data}을(를) 돌려보낸다",
  },
} satisfies Record<"en" | "ko", Record<string, string>>;

/** Wait for one reply on `sock`; silence is a failed check, not an exception. */
async function reply(ctx: VerifyContext, sock: UdpSocket, sent: string): Promise<Buffer> {
  try {
    const { data, from } = await sock.recvfrom(65535, { timeoutMs: ctx.timeouts.replyMs });
    if (from.port !== ctx.target.port) {
      ctx.failCheck({
        reason: ctx.say("verify.udp.wrongPort", { from: from.port, port: ctx.target.port }),
        expected: formatAddr(ctx.target)!,
        got: formatAddr(from)!,
        hint: ctx.say("verify.udp.hint.wrongPort"),
      });
    }
    return data;
  } catch (err) {
    if (!(err instanceof SockError) || err.code !== TIMEOUT) throw err;
    ctx.failCheck({
      reason: ctx.say("verify.udp.noReply", {
        seconds: ctx.timeouts.replyMs / 1000,
        bytes: Buffer.byteLength(sent),
      }),
      expected: ctx.shown(sent.toUpperCase()),
      got: ctx.shown(null),
      hint: ctx.say("verify.udp.hint.noReply"),
    });
  }
}

/** One datagram out, one checked reply back, from a fresh client socket. */
async function oneExchange(ctx: VerifyContext, message: string): Promise<void> {
  const client = ctx.udp("client");
  await client.sendto(message, ctx.target);
  checkEcho(ctx, message, await reply(ctx, client, message));
  client.close();
}

/** 2000 B of lowercase text: fits the lecture's recvfrom(2048), not a 1024-byte buffer. */
const LONG = "the quick brown fox jumps over the lazy dog; ".repeat(50).slice(0, 2000);

/** What one exchange does, in order. */
function exchangePlan(message: string): PlanStep[] {
  return [
    { key: "verify.plan.sendto", data: message },
    { key: "verify.plan.expectDatagram", data: message.toUpperCase() },
  ];
}

/** One datagram sent with nc, its reply printed. */
function nc(message: string): Rerun {
  return { shell: `printf '${message}' | nc -u -w1 {host} {port}` };
}

/** One exchange as a Python client: `bytes` is a Python bytes expression. */
function pythonClient(bytes: string): Rerun {
  return {
    python: [
      "from socket import *",
      "s = socket(AF_INET, SOCK_DGRAM); s.settimeout(3)",
      `s.sendto(${bytes}, ('{host}', {port}))`,
      "reply, server = s.recvfrom(65535)",
      "print(len(reply), 'B from', server, ':', reply)",
    ],
  };
}

const server = defineChecks({
  ready: "udp",
  crashes: [
    {
      match: /'tuple' object has no attribute|cannot unpack|not enough values to unpack/,
      hint: "verify.udp.crash.recvfrom",
      step: "reply",
    },
  ],
  exitStep: "reply",
  steps: [
    {
      id: "one-message",
      plan: exchangePlan("hello, server"),
      rerun: nc("hello, server"),
      teaches: "reply",
      run: (ctx) => oneExchange(ctx, "hello, server"),
    },
    {
      id: "several",
      plan: [{ key: "plan.several", data: "one" }, { key: "plan.severalExpect" }],
      rerun: pythonClient("b'one'"),
      teaches: "boundaries",
      async run(ctx) {
        const parts = ["one", "two!", "three"];
        const client = ctx.udp("client");
        for (const part of parts) await client.sendto(part, ctx.target);
        const replies: Buffer[] = [];
        for (let i = 0; i < parts.length; i++) {
          try {
            const { data } = await client.recvfrom(65535, { timeoutMs: ctx.timeouts.replyMs });
            replies.push(data);
          } catch (err) {
            if (!(err instanceof SockError) || err.code !== TIMEOUT) throw err;
            ctx.failCheck({
              reason: ctx.say("verify.udp.someReplies", {
                got: replies.length,
                sent: parts.length,
                seconds: ctx.timeouts.replyMs / 1000,
              }),
              expected: parts.map((p) => ctx.shown(p.toUpperCase())).join(", "),
              got: replies.map((r) => ctx.shown(r)).join(", ") || ctx.shown(null),
              hint: ctx.say("verify.udp.hint.noReply"),
            });
          }
        }
        // Loopback keeps the order, but UDP does not promise it: match each reply to its part.
        for (const [i, part] of parts.entries()) {
          const match = replies.find((r) => r.equals(Buffer.from(part.toUpperCase())));
          checkEcho(ctx, part, match ?? replies[i]!);
        }
        ctx.note("verify.udp.boundaries", { sizes: replies.map((r) => r.length).join(" + ") });
        client.close();
      },
    },
    {
      id: "non-ascii",
      plan: exchangePlan("héllo 안녕"),
      rerun: pythonClient("'héllo 안녕'.encode()"),
      run: (ctx) => oneExchange(ctx, "héllo 안녕"),
    },
    {
      id: "short",
      plan: exchangePlan("a"),
      rerun: nc("a"),
      run: (ctx) => oneExchange(ctx, "a"),
    },
    {
      id: "long",
      plan: exchangePlan(LONG),
      rerun: pythonClient("(b'the quick brown fox jumps over the lazy dog; ' * 50)[:2000]"),
      teaches: "boundaries",
      async run(ctx) {
        await oneExchange(ctx, LONG);
        ctx.note("verify.udp.long", { bytes: LONG.length });
      },
    },
    {
      id: "two-clients",
      plan: [{ key: "plan.twoSockets", data: "from the first client" }, { key: "plan.twoExpect" }],
      rerun: pythonClient("b'from the first client'"),
      teaches: "reply",
      async run(ctx) {
        const a = ctx.udp("client", "clientA");
        const b = ctx.udp("client", "clientB");
        const ma = "from the first client";
        const mb = "from the second client";
        await a.sendto(ma, ctx.target);
        await b.sendto(mb, ctx.target);
        const [ra, rb] = await Promise.all([reply(ctx, a, ma), reply(ctx, b, mb)]);
        checkEcho(ctx, ma, ra);
        checkEcho(ctx, mb, rb);
        ctx.note("verify.udp.twoClients", {
          a: a.address?.port ?? null,
          b: b.address?.port ?? null,
        });
        a.close();
        b.close();
      },
    },
  ],
});

/** What the client checks pass along: sockstep's server, the student's client, its datagram. */
interface ClientState {
  server: UdpSocket;
  address: Addr;
  student: StudentHandle;
  datagram: { data: Buffer; from: Addr };
}

const client = defineChecks<ClientState>({
  rerun: { shell: "sockstep udp-echo --serve --port {port}" },
  async init(ctx) {
    const server = ctx.udp("server");
    const address = await server.bind(0, ctx.opts.host);
    return { server, address } as ClientState;
  },
  steps: [
    {
      id: "client-sends",
      plan: [
        { key: "verify.plan.start" },
        { key: "plan.client.listen" },
        { key: "plan.client.expect", data: "{message}" },
      ],
      teaches: "first-datagram",
      async run(ctx, s) {
        s.student = await ctx.launch(s.address);
        try {
          s.datagram = await ctx.whileRunning(
            s.server.recvfrom(2048, { timeoutMs: ctx.timeouts.runMs }),
          );
        } catch (err) {
          if (!(err instanceof SockError) || err.code !== TIMEOUT) throw err;
          ctx.failCheck({
            reason: ctx.say("verify.udp.client.nothing", {
              address: formatAddr(s.address),
              seconds: ctx.timeouts.runMs / 1000,
            }),
            hint: ctx.say("verify.udp.client.hint.nothing"),
          });
        }
        if (!s.datagram.data.equals(Buffer.from(ctx.message))) {
          ctx.failCheck({
            reason: ctx.say("echo.client.wrongMessage"),
            expected: ctx.shown(ctx.message),
            got: ctx.shown(s.datagram.data),
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
      teaches: "reply",
      async run(ctx, s) {
        const answer = s.datagram.data.toString("utf8").toUpperCase();
        await holdReply(ctx, s.student, answer);
        await s.server.sendto(answer, s.datagram.from);
        // The lesson's own loop answers anything more (a client that sends again after a timeout).
        serveForever(s.server).catch(() => {});
        await waitPrinted(ctx, s.student, answer);
        ctx.note("echo.client.printed", { to: formatAddr(s.datagram.from) });
      },
    },
    {
      id: "client-exits",
      plan: [{ key: "verify.plan.expectExit" }],
      teaches: "close",
      async run(ctx, s) {
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
    server: ["python3", "{ref}/UDPServer.py", "{port}"],
    client: ["python3", "{ref}/UDPClient.py", "{host}", "{port}"],
  },
};
