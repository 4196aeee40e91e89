import { type Addr, formatAddr } from "../../src/net/address.js";
import { SockError } from "../../src/net/env.js";
import { TIMEOUT } from "../../src/net/fail.js";
import type { TcpSocket } from "../../src/net/tcp.js";
import type { LessonContext } from "../../src/runtime/lesson.js";
import { escapeBytes, preview } from "../../src/trace/escape.js";
import { upper } from "./server.js";
import type { text } from "./text.js";

export const CONNECT_TIMEOUT_MS = 10_000;
export const REPLY_TIMEOUT_MS = 10_000;
/** After a complete reply, how long the client waits to see whether the server closes first. */
const FIN_GRACE_MS = 500;

/** Bytes off the network, escaped and cut short for a note. */
export function shown(data: Buffer): string {
  return preview(escapeBytes(data), 80);
}

export interface Received {
  data: Buffer;
  /** recv() returned 0: the peer's FIN arrived. */
  eof: boolean;
}

/**
 * recv(1024) until `want` bytes have come or the stream ends. One recv() is
 * not enough in general: TCP may hand a reply over in pieces.
 */
export async function recvUntil(
  sock: TcpSocket,
  want: number,
  timeoutMs = REPLY_TIMEOUT_MS,
): Promise<Received> {
  const parts: Buffer[] = [];
  let size = 0;
  while (size < want) {
    const chunk = await sock.recv(1024, { timeoutMs });
    if (chunk.length === 0) return { data: Buffer.concat(parts), eof: true };
    parts.push(chunk);
    size += chunk.length;
  }
  return { data: Buffer.concat(parts), eof: false };
}

/**
 * The client role (--connect): connect, send, shutdown(SHUT_WR), read the
 * reply until EOF (or until it is complete and the server keeps the
 * connection open), close. Any failure is one line for the user.
 */
export async function echoClient(
  ctx: LessonContext<typeof text.en>,
  to: Addr,
  message: string,
): Promise<void> {
  const target = formatAddr(to) ?? "";
  const payload = Buffer.from(message, "utf8");
  const client = ctx.tcp("client");
  ctx.note("note.connectTarget", { target, bytes: payload.length });
  try {
    await client.connect(to, { timeoutMs: CONNECT_TIMEOUT_MS });
  } catch (err) {
    client.close();
    if (err instanceof SockError) {
      ctx.fail(ctx.say("fail.connect", { code: err.code, message: ctx.explain(err) }));
    }
    throw err;
  }
  ctx.measure("connect", ctx.say("measure.connect"), client.connectMs ?? 0, "ms");
  const tuple = `${formatAddr(client.localAddr) ?? "?"} ⇄ ${formatAddr(client.remoteAddr) ?? target}`;

  await client.send(payload);
  // Whose FIN goes first decides where TIME_WAIT ends up.
  const serverFinFirst = client.peerClosed;
  client.shutdown("write");
  // An echo reply is as long as the message; an uppercase one may differ for some letters.
  const want = Math.min(payload.length, upper(payload).length);
  let got: Received;
  try {
    got = await recvUntil(client, want);
    // Whatever follows at once (more reply, or the server's FIN) is read too; silence ends it.
    while (!got.eof && (await client.readable(FIN_GRACE_MS))) {
      const more = await client.recv(1024, { timeoutMs: REPLY_TIMEOUT_MS });
      got =
        more.length === 0
          ? { data: got.data, eof: true }
          : { data: Buffer.concat([got.data, more]), eof: false };
    }
  } catch (err) {
    client.close();
    if (err instanceof SockError && err.code === TIMEOUT) {
      ctx.fail(ctx.say("fail.timeout", { target, seconds: REPLY_TIMEOUT_MS / 1000 }));
    }
    throw err;
  }
  if (got.data.length === 0) {
    client.close();
    ctx.fail(ctx.say("fail.noReply", { target }));
  }
  ctx.note("note.connectReply", { bytes: got.data.length, reply: shown(got.data) });
  ctx.note(got.data.equals(upper(payload)) ? "note.connectUpper" : "note.connectNotUpper");
  if (serverFinFirst) {
    ctx.note("note.connectServerFirst");
  } else {
    if (got.eof) ctx.note("note.connectServerClosed");
    ctx.note("note.connectTimeWait", { tuple });
  }
  client.close();
}
