/**
 * A small HTTP/1.x server on TcpSocket: an accept loop, and per connection a
 * reader (recv → parser → handler) and a writer (responses in request order).
 * Pipelined requests are handled side by side but answered in order, the
 * only way a client can match them up. Nothing a peer sends can throw out of
 * here: bad bytes get their status and a close, handler errors get a 500.
 */
import type { Addr } from "../net/address.js";
import { formatAddr } from "../net/address.js";
import { type NetEnv, SockError } from "../net/env.js";
import { TcpSocket } from "../net/tcp.js";
import type { Actor } from "../trace/events.js";
import { type EnvLike, envOf } from "./env.js";
import { HeaderList } from "./headers.js";
import { HttpError, type Limits, limitsWith } from "./limits.js";
import type { HttpRequest, ResponseInit } from "./message.js";
import { type PendingHead, RequestParser } from "./parser.js";
import { keepAlive, type Persistence } from "./persistence.js";
import { httpDate, type SerializedResponse, serializeResponse, statusText } from "./serialize.js";
import { emitHttp } from "./trace.js";

export interface RequestInfo {
  /** Connection id (the client's port as the server sees it). */
  conn: number | null;
  /** 1 for the first request on this connection, 2 for the next, … */
  index: number;
  /** The client's address, ip:port. */
  remote: string | null;
  socket: TcpSocket;
  /** When the request arrived: the time of its `http` event in the trace. */
  at: number;
}

export type HttpHandler = (
  request: HttpRequest,
  info: RequestInfo,
) => ResponseInit | Promise<ResponseInit>;

/** One request and its response, after the response was sent. */
export interface Exchange {
  request: HttpRequest;
  response: SerializedResponse;
  info: RequestInfo;
  /** When the response went: the time of its `http` event in the trace. */
  sentAt: number;
  /** Whether the connection stays open after this response, and the rule that decided. */
  persist: Persistence | { keep: false; reason: "maxRequests" };
}

export interface HttpServerOptions {
  handler: HttpHandler;
  host?: string;
  /** 0 (default): any free port. */
  port?: number;
  /** listen() backlog; Node's own default (the kernel caps it at net.core.somaxconn). */
  backlog?: number;
  actor?: Actor;
  /** The listening socket's name in the trace (the lecture's serverSocket). */
  name?: string;
  limits?: Partial<Limits>;
  /** Shorthand for limits.idleTimeoutMs. */
  idleTimeoutMs?: number;
  /** After this many requests on one connection, answer with Connection: close (Keep-Alive max). */
  maxRequestsPerConnection?: number;
  /**
   * false: act like a server from before the keep-alive extension: an HTTP/1.0
   * request gets its response with no Connection header and then a close,
   * whatever it asked for (its client must notice keep-alive was not echoed).
   */
  http10KeepAlive?: boolean;
  /** Work on pipelined requests side by side (default) or one at a time; answers go in order either way. */
  parallel?: boolean;
  /** Called after each response is written (for a lesson's narration). */
  onExchange?: (exchange: Exchange) => void;
  /** Called with the numbers of each `http.server.split` note (for a lesson's narration). */
  onSplit?: (split: RecvSplit) => void;
}

/**
 * One recv() that brought several whole requests: how many were in its bytes,
 * and how many of them the server took before it stopped reading (its limit of
 * requests per connection, or a request that ended the connection).
 */
export interface RecvSplit {
  conn: number | null;
  bytes: number;
  whole: number;
  taken: number;
  /** Why the server read no further: its per-connection limit, or a request that said close. */
  stopped: "limit" | "close" | null;
}

/** The request parser, able to count the whole requests still unread in its buffer. */
class ServerParser extends RequestParser {
  wholeBuffered(): number {
    if (this.buf.length === 0) return 0;
    const probe = new RequestParser(this.limits);
    probe.feed(this.buf);
    let n = 0;
    try {
      while (probe.next()) n++;
    } catch {
      // Bytes that are not a request end the count.
    }
    return n;
  }
}

export interface HttpServer {
  address: Addr;
  /** http://host:port */
  url: string;
  /** Connections open now. */
  readonly connections: number;
  /** Requests answered so far. */
  readonly requests: number;
  /** Resolves when the accept loop has ended (close(), or Ctrl-C). */
  done: Promise<void>;
  close(): Promise<void>;
}

const RECV_SIZE = 65536;

interface Slot {
  request?: HttpRequest;
  error?: HttpError;
  response?: Promise<ResponseInit>;
  index: number;
  info?: RequestInfo;
}

export async function httpServer(where: EnvLike, opts: HttpServerOptions): Promise<HttpServer> {
  const env = envOf(where);
  const actor = opts.actor ?? "server";
  const limits = limitsWith({
    ...opts.limits,
    ...(opts.idleTimeoutMs !== undefined ? { idleTimeoutMs: opts.idleTimeoutMs } : {}),
  });
  const listener = new TcpSocket(env, actor, opts.name ?? "serverSocket");
  listener.bind(opts.port ?? 0, opts.host ?? "127.0.0.1");
  // A class's browsers connect at once: a short queue drops their SYNs (a retry 1 s later) or resets them.
  const address = await listener.listen(opts.backlog ?? 511);
  const open = new Set<Promise<void>>();
  const sockets = new Set<TcpSocket>();
  let requests = 0;
  let closing = false;

  const done = (async () => {
    for (;;) {
      let sock: TcpSocket;
      try {
        sock = await listener.accept();
      } catch {
        return; // closed, or interrupted
      }
      if (closing) {
        sock.close();
        return;
      }
      sockets.add(sock);
      const task = serveConnection(env, sock, opts, limits, () => requests++)
        .catch(() => {})
        .finally(() => {
          sockets.delete(sock);
          open.delete(task);
        });
      open.add(task);
    }
  })();

  return {
    address,
    url: `http://${formatAddr(address)}`,
    get connections() {
      return sockets.size;
    },
    get requests() {
      return requests;
    },
    done,
    async close() {
      closing = true;
      listener.close();
      for (const s of sockets) s.close();
      await done;
      await Promise.allSettled([...open]);
    },
  };
}

function errorResponse(error: HttpError): ResponseInit {
  return {
    status: error.status,
    headers: { "Content-Type": "text/plain; charset=utf-8", Connection: "close" },
    body: `${error.status} ${statusText(error.status)}: ${error.detail}\n`,
  };
}

async function serveConnection(
  env: NetEnv,
  sock: TcpSocket,
  opts: HttpServerOptions,
  limits: Limits,
  counted: () => void,
): Promise<void> {
  const actor = sock.actor;
  const parser = new ServerParser(limits);
  const slots: Slot[] = [];
  const parallel = opts.parallel ?? true;
  let readerDone = false;
  let finished = false;
  let index = 0;
  let wakeWriter: (() => void) | null = null;
  let wakeReader: (() => void) | null = null;
  const poke = () => {
    wakeWriter?.();
    wakeWriter = null;
  };
  const pokeReader = () => {
    wakeReader?.();
    wakeReader = null;
  };
  const info = (i: number, at: number): RequestInfo => ({
    conn: sock.conn,
    index: i,
    remote: formatAddr(sock.remoteAddr),
    socket: sock,
    at,
  });

  // The idle timer runs whenever the server owes nothing on this connection and waits for a whole
  // request. One timer per connection, restarted with refresh(): a new one per request showed in a
  // class's load.
  let idleTimer: NodeJS.Timeout | null = null;
  let idleArmed = false;
  const armIdle = () => {
    idleArmed = true;
    if (idleTimer) idleTimer.refresh();
    else idleTimer = setTimeout(onIdle, limits.idleTimeoutMs);
  };
  const disarmIdle = () => {
    idleArmed = false;
  };
  const onIdle = () => {
    if (!idleArmed) return;
    idleArmed = false;
    if (finished || slots.length > 0) return;
    const seconds = limits.idleTimeoutMs / 1000;
    env.tracer.emit({
      kind: "note",
      actor,
      key: "http.idleTimeout",
      facts: { seconds, conn: sock.conn, partial: parser.midMessage },
    });
    readerDone = true;
    if (parser.midMessage) {
      slots.push({
        error: new HttpError("idleTimeout", `no complete request in ${seconds} s`),
        index: 0,
      });
      poke();
    } else {
      finished = true;
      sock.close();
      poke();
    }
  };

  const runHandler = async (request: HttpRequest, about: RequestInfo): Promise<ResponseInit> => {
    try {
      return await opts.handler(request, about);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      env.tracer.emit({
        kind: "note",
        actor,
        key: "http.handlerError",
        facts: { message },
      });
      return {
        status: 500,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
        body: "500 Internal Server Error\n",
      };
    }
  };

  /** Requests the parser took out of the bytes of the last recv(): pipelined ones come several at a time. */
  let fromLastRecv = 0;
  let lastRecvBytes = 0;
  let stopped: RecvSplit["stopped"] = null;
  /**
   * The note's count is every whole request that recv() brought: those the
   * parser took (`taken`) and, once the reader has stopped (`last`), those
   * left unread in its buffer because the server read no further.
   */
  const reportSplit = (last = false) => {
    const whole = fromLastRecv + (last ? parser.wholeBuffered() : 0);
    if (whole >= 2) {
      const split: RecvSplit = {
        conn: sock.conn,
        bytes: lastRecvBytes,
        whole,
        taken: fromLastRecv,
        stopped,
      };
      env.tracer.emit({
        kind: "note",
        actor,
        key: "http.server.split",
        facts: { count: whole, taken: fromLastRecv, bytes: lastRecvBytes, conn: sock.conn },
      });
      try {
        opts.onSplit?.(split);
      } catch {
        // A lesson's narration hook must not take the connection down.
      }
    }
    fromLastRecv = 0;
  };

  const reader = async () => {
    armIdle();
    while (!readerDone) {
      let request: HttpRequest | null;
      try {
        request = parser.next();
      } catch (err) {
        if (!(err instanceof HttpError)) throw err;
        disarmIdle();
        slots.push({ error: err, index: 0 });
        poke();
        break;
      }
      if (request) {
        disarmIdle();
        index++;
        const at = emitHttp(env, actor, "request", request, sock.conn);
        fromLastRecv++;
        const about = info(index, at);
        const slot: Slot = { request, index, info: about, response: runHandler(request, about) };
        slots.push(slot);
        poke();
        // Nothing after a request that ends the connection.
        if (!keepAlive(request).keep || legacyClose(opts, request)) {
          stopped = "close";
          break;
        }
        if (opts.maxRequestsPerConnection && index >= opts.maxRequestsPerConnection) {
          stopped = "limit";
          break;
        }
        // Back-pressure: with enough requests in flight (or one at a time), stop reading for now.
        while (!readerDone && slots.length >= (parallel ? limits.maxPipelined : 1)) {
          await new Promise<void>((r) => {
            wakeReader = r;
          });
        }
        continue;
      }
      reportSplit();
      if (parser.waitingForBody) await continueIfAsked();
      let data: Buffer;
      try {
        data = await sock.recv(RECV_SIZE);
      } catch {
        break; // reset, closed by the writer, or Ctrl-C
      }
      if (data.length === 0) {
        try {
          parser.end();
        } catch (err) {
          // Cut off mid-request: nobody is left to read an answer, so just close.
          if (!(err instanceof HttpError)) throw err;
        }
        break;
      }
      lastRecvBytes = data.length;
      parser.feed(data);
    }
    reportSplit(true);
    readerDone = true;
    poke();
  };

  // send() resolves when the kernel has taken the bytes; one it will not take for this long
  // means a client that sends and never reads: the connection is closed, not kept forever.
  let stallTimer: NodeJS.Timeout | null = null;
  let sending = false;
  const onUnread = () => {
    if (!sending) return;
    env.tracer.emit({
      kind: "note",
      actor,
      key: "http.unreadTimeout",
      facts: { seconds: limits.unreadTimeoutMs / 1000, conn: sock.conn, pending: slots.length },
    });
    finished = true;
    readerDone = true;
    sock.close();
  };
  const send = async (bytes: Buffer): Promise<boolean> => {
    sending = true;
    if (stallTimer) stallTimer.refresh();
    else stallTimer = setTimeout(onUnread, limits.unreadTimeoutMs);
    try {
      await sock.send(bytes);
      return true;
    } catch (err) {
      if (err instanceof SockError) return false;
      throw err;
    } finally {
      sending = false;
    }
  };

  // A client that sent Expect: 100-continue waits for this before the body (curl does for
  // larger bodies). Sent only when no response is owed, so it never lands inside another one.
  let continued: PendingHead | null = null;
  const continueIfAsked = async () => {
    const head = parser.waitingForBody;
    if (!head || head === continued || head.version !== "HTTP/1.1" || slots.length > 0) return;
    if (head.headers.get("expect")?.toLowerCase() !== "100-continue") return;
    continued = head;
    const out = serializeResponse({ status: 100 });
    if (await send(out.bytes)) emitHttp(env, actor, "response", out, sock.conn);
  };

  const writer = async () => {
    for (;;) {
      const slot = slots[0];
      if (!slot) {
        if (readerDone || finished) return;
        await new Promise<void>((r) => {
          wakeWriter = r;
        });
        continue;
      }
      if (slot.error) {
        const error = slot.error;
        env.tracer.emit({
          kind: "note",
          actor,
          key: "http.refused",
          facts: { status: error.status, violation: error.violation, conn: sock.conn },
        });
        const out = serializeResponse(withDate(errorResponse(error)));
        if (await send(out.bytes)) {
          emitHttp(env, actor, "response", out, sock.conn);
        }
        return;
      }
      const request = slot.request!;
      const init = await slot.response!;
      const byRequest = keepAlive(request);
      const last =
        opts.maxRequestsPerConnection !== undefined && slot.index >= opts.maxRequestsPerConnection;
      let out: SerializedResponse;
      try {
        // A server from before keep-alive speaks HTTP/1.0 and says nothing about the connection.
        out = legacyClose(opts, request)
          ? serializeResponse(withDate(init), { method: request.method, version: "HTTP/1.0" })
          : serializeResponse(withConnection(withDate(init), request, byRequest.keep && !last), {
              method: request.method,
            });
      } catch (err) {
        env.tracer.emit({
          kind: "note",
          actor,
          key: "http.handlerError",
          facts: { message: (err as Error).message },
        });
        out = serializeResponse(
          withConnection(
            withDate({ status: 500, body: "500 Internal Server Error\n" }),
            request,
            false,
          ),
          { method: request.method },
        );
      }
      if (!(await send(out.bytes))) return;
      counted();
      const sentAt = emitHttp(
        env,
        actor,
        "response",
        {
          startLine: out.startLine,
          headers: out.headers,
          body: out.body,
          bodyBytes: out.sentBodyBytes,
        },
        sock.conn,
      );
      const after = keepAlive(request, {
        version: legacyClose(opts, request) ? "HTTP/1.0" : "HTTP/1.1",
        headers: out.headers,
        framing: out.framing,
      });
      const persist: Exchange["persist"] =
        last && after.keep ? { keep: false, reason: "maxRequests" } : after;
      slots.shift();
      pokeReader();
      try {
        opts.onExchange?.({ request, response: out, info: slot.info!, sentAt, persist });
      } catch {
        // A lesson's narration hook must not take the connection down.
      }
      if (!persist.keep) return;
      if (slots.length === 0 && !readerDone) armIdle();
    }
  };

  const readerTask = reader().catch(() => {
    readerDone = true;
    poke();
  });
  try {
    await writer();
  } finally {
    finished = true;
    readerDone = true;
    disarmIdle();
    if (idleTimer) clearTimeout(idleTimer);
    if (stallTimer) clearTimeout(stallTimer);
    pokeReader();
    sock.close();
    await readerTask;
  }
}

/** An HTTP/1.0 request to a server that predates keep-alive: one response, then close. */
function legacyClose(opts: HttpServerOptions, request: HttpRequest): boolean {
  return opts.http10KeepAlive === false && request.version === "HTTP/1.0";
}

function withDate(init: ResponseInit): ResponseInit {
  const headers = new HeaderList(init.headers);
  if (!headers.has("date")) headers.add("Date", httpDate());
  return { ...init, headers };
}

/**
 * Say on the wire what the server decided: close, or (for HTTP/1.0) keep-alive.
 * Takes what withDate() made, whose header list is already this server's own copy.
 */
function withConnection(init: ResponseInit, request: HttpRequest, keep: boolean): ResponseInit {
  const headers = init.headers as HeaderList;
  const tokens = headers.tokens("connection");
  if (!keep || init.framing === "close") {
    if (!tokens.includes("close")) headers.set("Connection", "close");
  } else if (request.version === "HTTP/1.0" && !tokens.includes("close")) {
    if (!tokens.includes("keep-alive")) headers.set("Connection", "keep-alive");
  }
  return init;
}
