import { SockError } from "../../src/net/env.js";
import type { TcpSocket } from "../../src/net/tcp.js";
import type { LessonContext } from "../../src/runtime/lesson.js";
import type { text } from "./text.js";

type Ctx = LessonContext<typeof text.en>;

/** The lecture's listen(1): one client at a time is all its server handles. */
export const LECTURE_BACKLOG = 1;
/** --serve takes clients concurrently; a class connecting at once needs Node's own default queue. */
export const SERVE_BACKLOG = 511;
/** Without a newline or a FIN, this much silence ends a message (--serve). */
export const QUIET_MS = 200;
/** A connection that sends nothing for this long is closed (--serve). */
export const IDLE_MS = 60_000;
/** A message is answered at this size at the latest (--serve). */
export const MAX_MESSAGE = 64 * 1024;

/** The lecture's transformation: decode, upper(), encode. Invalid UTF-8 becomes U+FFFD, as errors='replace'. */
export function upper(data: Buffer): Buffer {
  return Buffer.from(data.toString("utf8").toUpperCase(), "utf8");
}

/** The server's side of the lecture: socket, SO_REUSEADDR, bind, listen. */
export async function listenSocket(
  ctx: LessonContext,
  port: number,
  host: string,
  backlog: number,
): Promise<TcpSocket> {
  const server = ctx.tcp("server");
  server.setsockopt("SO_REUSEADDR", true);
  server.bind(port, host);
  await server.listen(backlog);
  return server;
}

/**
 * The accept loop of --serve: every connection is served on its own, so a
 * slow client does not hold up the next one. Returns only by Ctrl-C (the
 * pending accept() rejects) or a failure of the listening socket.
 */
export async function serveForever(ctx: Ctx, server: TcpSocket): Promise<void> {
  for (;;) {
    const conn = await server.accept();
    // Errors are events already (error + close); one client's trouble never stops the loop.
    void serveConnection(ctx, conn).catch(() => {});
  }
}

/** One client: read one message, send it back uppercased, close the connection socket. */
export async function serveConnection(ctx: Ctx, conn: TcpSocket): Promise<void> {
  try {
    const data = await readMessage(ctx, conn);
    if (data.length === 0) ctx.note("note.serveEmpty", undefined, "server");
    else await conn.send(upper(data));
  } catch (err) {
    if (!(err instanceof SockError)) throw err;
  } finally {
    conn.close();
  }
}

/**
 * Read until the message is complete: a newline, the peer's FIN, or a quiet
 * spell. TCP gives no message boundaries, so the server has to pick a rule;
 * the lecture's single recv(1024) only works while a message arrives whole.
 */
export async function readMessage(ctx: Ctx, conn: TcpSocket): Promise<Buffer> {
  const first = await conn.recv(1024, { timeoutMs: IDLE_MS });
  if (first.length === 0) return first;
  const parts = [first];
  let size = first.length;
  for (;;) {
    if (parts.at(-1)!.at(-1) === 0x0a) break;
    if (size >= MAX_MESSAGE) {
      ctx.note("note.serveTooBig", { bytes: size }, "server");
      break;
    }
    if (conn.buffered === 0 && !conn.peerClosed && !(await conn.readable(QUIET_MS))) {
      ctx.note("note.serveQuiet", { quiet: QUIET_MS, bytes: size }, "server");
      break;
    }
    const more = await conn.recv(1024, { timeoutMs: IDLE_MS });
    if (more.length === 0) break;
    parts.push(more);
    size += more.length;
  }
  return Buffer.concat(parts);
}
