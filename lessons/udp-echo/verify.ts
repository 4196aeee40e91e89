import { formatAddr } from "../../src/net/address.js";
import { SockError } from "../../src/net/env.js";
import type { UdpSocket } from "../../src/net/udp.js";
import {
  exitText,
  type StudentHandle,
  type VerifyContext,
  type VerifyModule,
} from "../../src/runtime/verify.js";
import { serveForever } from "./server.js";

/**
 * `sockstep verify udp-echo`: a student's UDP uppercase echo server (or
 * client) against this lesson's peer. The uppercase checks are shared with
 * tcp-echo (echoText, checkEcho).
 */

/** The sentences of the uppercase-echo checks, shared by udp-echo and tcp-echo. */
export const echoText = {
  en: {
    "echo.wrong": "the reply is not the message in capital letters",
    "echo.hint.unchanged":
      "Your server sends the message back unchanged: uppercase it first (message.decode().upper()).",
    "echo.hint.asciiOnly":
      "Only the ASCII letters were uppercased. Decode the bytes as UTF-8, call upper() on the text, and encode the reply back (upper() on bytes leaves é alone).",
    "echo.hint.notUtf8":
      "The reply is not valid UTF-8. Decode what arrives with .decode() and send the reply with .encode(): both use UTF-8.",
    "echo.hint.cut":
      "The reply stops after {bytes} B of {expected} B: is the receive buffer too small, or is only part of the message sent back?",
    "echo.hint.extra":
      "The reply has something the message did not (a newline or spaces?): send back exactly the uppercased message.",
    "echo.hint.other":
      "Compare the two lines above: the reply must be exactly the message, uppercased, nothing added.",
    "echo.client.wrongMessage": "your client did not send the message it was given",
    "echo.client.hint.message":
      "Send the message your program is given: a line on stdin (input()), the {message} argument or the MESSAGE variable.",
    "echo.client.notPrinted": "your client did not print the reply within {seconds} s",
    "echo.client.printed":
      "Your client printed the reply, so it read it from its socket (the reply went to {to}).",
    "echo.client.hint.print":
      "Print the reply once it arrives (print(modifiedMessage.decode())): that is how sockstep sees your client received it.",
    "echo.client.stillRunning":
      "your client was still running {seconds} s after it printed the reply",
    "echo.client.hint.exit":
      "After printing the reply, close the socket (clientSocket.close()) and let the program end.",
    "echo.client.badExit": "your client ended with {how}",
    "echo.client.exited": "Your client ended by itself with exit code 0.",
  },
  ko: {
    "echo.wrong": "답장이 메시지를 대문자로 바꾼 것이 아닙니다",
    "echo.hint.unchanged":
      "서버가 메시지를 그대로 돌려보냅니다. 먼저 대문자로 바꾸세요(message.decode().upper()).",
    "echo.hint.asciiOnly":
      "ASCII 글자만 대문자가 되었습니다. 바이트를 UTF-8로 디코드한 텍스트에 upper()를 부르고, 답장은 다시 인코드하세요(바이트의 upper()는 é를 그대로 둡니다).",
    "echo.hint.notUtf8":
      "답장이 올바른 UTF-8이 아닙니다. 받은 것은 .decode()로, 보낼 것은 .encode()로 바꾸세요. 둘 다 UTF-8을 씁니다.",
    "echo.hint.cut":
      "답장이 {expected} B 중 {bytes} B에서 끝납니다. 수신 버퍼가 너무 작거나 메시지 일부만 돌려보내는 것은 아닌가요?",
    "echo.hint.extra":
      "답장에 메시지에 없던 것(줄바꿈이나 공백?)이 붙어 있습니다. 대문자로 바꾼 메시지만 정확히 보내세요.",
    "echo.hint.other":
      "위의 두 줄을 비교해 보세요. 답장은 메시지를 대문자로 바꾼 것과 정확히 같아야 하고, 덧붙인 것이 없어야 합니다.",
    "echo.client.wrongMessage": "클라이언트가 받은 메시지를 보내지 않았습니다",
    "echo.client.hint.message":
      "프로그램이 받은 메시지를 보내세요. 표준 입력의 한 줄(input()), {message} 인자, MESSAGE 환경 변수 중 하나로 주어집니다.",
    "echo.client.notPrinted": "클라이언트가 {seconds}초 안에 답장을 출력하지 않았습니다",
    "echo.client.printed":
      "클라이언트가 답장을 출력했습니다. 즉 자기 소켓에서 답장을 읽었습니다(답장은 {to}(으)로 갔습니다).",
    "echo.client.hint.print":
      "답장이 오면 출력하세요(print(modifiedMessage.decode())). sockstep은 그것으로 클라이언트가 답장을 받았는지 압니다.",
    "echo.client.stillRunning":
      "클라이언트가 답장을 출력하고 {seconds}초가 지나도 끝나지 않았습니다",
    "echo.client.hint.exit":
      "답장을 출력한 뒤에는 소켓을 닫고(clientSocket.close()) 프로그램을 끝내세요.",
    "echo.client.badExit": "클라이언트가 {how}(으)로 끝났습니다",
    "echo.client.exited": "클라이언트가 종료 코드 0으로 스스로 끝났습니다.",
  },
} as const;

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
      "클라이언트는 clientSocket.sendto(message.encode(), (serverName, serverPort))로, 주어진 호스트와 포트(인자의 {host}와 {port}, 또는 HOST와 PORT)로 보냅니다.",
  },
} satisfies Record<"en" | "ko", Record<string, string>>;

/** ASCII letters only, as bytes.upper() in Python or toupper() byte by byte in C would do. */
function asciiUpper(s: string): string {
  return s.replace(/[a-z]/g, (c) => c.toUpperCase());
}

function validUtf8(buf: Buffer): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}

/** The reply must be the message in capitals, byte for byte; otherwise say what it looks like. */
export function checkEcho(ctx: VerifyContext, message: string, reply: Buffer): void {
  const expected = Buffer.from(message.toUpperCase());
  if (reply.equals(expected)) return;
  const got = reply.toString("utf8");
  let hint: string;
  if (!validUtf8(reply)) hint = ctx.say("echo.hint.notUtf8");
  else if (got === message) hint = ctx.say("echo.hint.unchanged");
  else if (got === asciiUpper(message)) hint = ctx.say("echo.hint.asciiOnly");
  else if (reply.length < expected.length && expected.subarray(0, reply.length).equals(reply)) {
    hint = ctx.say("echo.hint.cut", { bytes: reply.length, expected: expected.length });
  } else if (got.trim() === message.toUpperCase().trim()) hint = ctx.say("echo.hint.extra");
  else hint = ctx.say("echo.hint.other");
  ctx.failCheck({
    reason: ctx.say("echo.wrong"),
    expected: ctx.shown(expected),
    got: ctx.shown(reply),
    hint,
  });
}

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
    if (!(err instanceof SockError) || err.code !== "ETIMEDOUT") throw err;
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

export const verify: VerifyModule = {
  text,
  server: {
    ready: "udp",
    cases: [
      { id: "one-message", run: (ctx) => oneExchange(ctx, "hello, server") },
      {
        id: "several",
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
              if (!(err instanceof SockError) || err.code !== "ETIMEDOUT") throw err;
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
      { id: "non-ascii", run: (ctx) => oneExchange(ctx, "héllo 안녕") },
      { id: "short", run: (ctx) => oneExchange(ctx, "a") },
      {
        id: "long",
        async run(ctx) {
          await oneExchange(ctx, LONG);
          ctx.note("verify.udp.long", { bytes: LONG.length });
        },
      },
      {
        id: "two-clients",
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
  },
  client: {
    steps: ["client-sends", "client-receives", "client-exits"],
    async run(ctx) {
      let server!: UdpSocket;
      let student!: StudentHandle;
      let datagram!: { data: Buffer; from: { host: string; port: number } };

      await ctx.step("client-sends", {}, async () => {
        server = ctx.udp("server");
        const address = await server.bind(0, ctx.opts.host);
        student = await ctx.launch(address);
        try {
          datagram = await ctx.whileRunning(
            server.recvfrom(2048, { timeoutMs: ctx.timeouts.runMs }),
          );
        } catch (err) {
          if (!(err instanceof SockError) || err.code !== "ETIMEDOUT") throw err;
          ctx.failCheck({
            reason: ctx.say("verify.udp.client.nothing", {
              address: formatAddr(address),
              seconds: ctx.timeouts.runMs / 1000,
            }),
            hint: ctx.say("verify.udp.client.hint.nothing"),
          });
        }
        if (!datagram.data.equals(Buffer.from(ctx.message))) {
          ctx.failCheck({
            reason: ctx.say("echo.client.wrongMessage"),
            expected: ctx.shown(ctx.message),
            got: ctx.shown(datagram.data),
            hint: ctx.say("echo.client.hint.message"),
          });
        }
      });

      const answer = datagram.data.toString("utf8").toUpperCase();
      await ctx.step("client-receives", {}, async () => {
        await server.sendto(answer, datagram.from);
        // The lesson's own loop answers anything more (a client that sends again after a timeout).
        serveForever(server).catch(() => {});
        await waitPrinted(ctx, student, answer);
        ctx.note("echo.client.printed", { to: formatAddr(datagram.from) });
      });

      await ctx.step("client-exits", {}, () => waitExit(ctx, student));
      server.close();
    },
  },
};

/** The client's stdout must show the reply: the only outward sign that it received it. */
export async function waitPrinted(
  ctx: VerifyContext,
  student: StudentHandle,
  answer: string,
): Promise<void> {
  const deadline = Date.now() + ctx.timeouts.runMs;
  while (!student.output("stdout").includes(answer)) {
    if (student.exit || Date.now() >= deadline) {
      // Give the pipe a moment: the last line may still be on its way after the exit.
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (student.output("stdout").includes(answer)) return;
      ctx.failCheck({
        reason: ctx.say("echo.client.notPrinted", { seconds: ctx.timeouts.runMs / 1000 }),
        expected: ctx.shown(answer),
        got: ctx.shown(student.output("stdout").trim().split("\n").at(-1) ?? ""),
        hint: ctx.say("echo.client.hint.print"),
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A client ends by itself, with exit code 0, soon after its reply. */
export async function waitExit(ctx: VerifyContext, student: StudentHandle): Promise<void> {
  const seconds = ctx.timeouts.runMs / 1000;
  let timer: NodeJS.Timeout | undefined;
  const exit = await Promise.race([
    student.exited,
    new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), ctx.timeouts.runMs);
    }),
  ]);
  clearTimeout(timer);
  if (exit === null) {
    ctx.failCheck({
      reason: ctx.say("echo.client.stillRunning", { seconds }),
      hint: ctx.say("echo.client.hint.exit"),
    });
  }
  if (exit.code !== 0) {
    ctx.failCheck({
      reason: ctx.say("echo.client.badExit", { how: exitText(exit, ctx.env.say) }),
      hint: ctx.env.say("verify.hint.crash"),
    });
  }
  ctx.note("echo.client.exited");
}
