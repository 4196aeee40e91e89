import { setTimeout as sleep } from "node:timers/promises";
import { exitText, type StudentHandle, type VerifyContext } from "./verify.js";

/**
 * What `verify udp-echo` and `verify tcp-echo` check alike: the reply is the
 * message in capitals, and a student's client prints its reply and ends.
 * The sentences come with the checks; each lesson's verify text spreads them in.
 */

/** The sentences of the uppercase-echo checks. */
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
    "echo.client.printedEarly":
      "your client printed the reply before sockstep sent it (sockstep held its reply {ms} ms): it printed an uppercase of its own, not what it received",
    "echo.client.hint.early":
      "Print what recvfrom() or recv() returned, not message.upper(): this check is whether your client received the reply.",
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
    "echo.client.printedEarly":
      "sockstep이 답장을 보내기도 전에 클라이언트가 답장을 출력했습니다(sockstep은 답장을 {ms} ms 동안 붙잡아 두었습니다). 받은 것이 아니라 스스로 대문자로 바꾼 것을 출력한 것입니다",
    "echo.client.hint.early":
      "message.upper()가 아니라 소켓에서 받은 답장을 출력하세요. 이 검사는 클라이언트가 답장을 받았는지를 봅니다.",
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

/** The client's stdout must show the reply: the only outward sign that it received it. */
/** How long sockstep holds its reply to a student's client before sending it. */
export const HOLD_MS = 300;

/**
 * Hold the reply a moment first: a client that prints the answer meanwhile
 * made it up itself (message.upper()) instead of reading it, and "your client
 * printed the reply, so it read it" would be untrue of it.
 */
export async function holdReply(
  ctx: VerifyContext,
  student: StudentHandle,
  answer: string,
): Promise<void> {
  const until = Date.now() + HOLD_MS;
  while (Date.now() < until) {
    await sleep(50);
    if (student.output("stdout").includes(answer)) {
      ctx.failCheck({
        reason: ctx.say("echo.client.printedEarly", { ms: HOLD_MS }),
        got: ctx.shown(student.output("stdout").trim().split("\n").at(-1) ?? ""),
        hint: ctx.say("echo.client.hint.early"),
      });
    }
  }
}

export async function waitPrinted(
  ctx: VerifyContext,
  student: StudentHandle,
  answer: string,
): Promise<void> {
  // sockstep's reply is on its way already: printing it takes no longer than any reply.
  const deadline = Date.now() + ctx.timeouts.replyMs;
  while (!student.output("stdout").includes(answer)) {
    if (student.exit || Date.now() >= deadline) {
      // Give the pipe a moment: the last line may still be on its way after the exit.
      await sleep(100);
      if (student.output("stdout").includes(answer)) return;
      ctx.failCheck({
        reason: ctx.say("echo.client.notPrinted", { seconds: ctx.timeouts.replyMs / 1000 }),
        expected: ctx.shown(answer),
        got: ctx.shown(student.output("stdout").trim().split("\n").at(-1) ?? ""),
        hint: ctx.say("echo.client.hint.print"),
      });
    }
    await sleep(50);
  }
}

/** A client ends by itself, with exit code 0, soon after its reply. */
export async function waitExit(ctx: VerifyContext, student: StudentHandle): Promise<void> {
  const seconds = ctx.timeouts.replyMs / 1000;
  let timer: NodeJS.Timeout | undefined;
  const exit = await Promise.race([
    student.exited,
    new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), ctx.timeouts.replyMs);
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
      reason: ctx.say("echo.client.badExit", { how: exitText(exit, ctx.say) }),
      hint: ctx.say("verify.hint.crash"),
    });
  }
  ctx.note("echo.client.exited");
}
