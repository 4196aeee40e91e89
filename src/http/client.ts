/**
 * A small HTTP/1.x client on TcpSocket. HttpConnection is one connection
 * (send requests, read responses in order: pipelining is just several sends
 * before the reads); HttpClient keeps one connection to one server and
 * reuses it while the persistence rules allow.
 */
import { type Addr, formatAddr } from "../net/address.js";
import { type NetEnv, SockError } from "../net/env.js";
import { TcpSocket } from "../net/tcp.js";
import type { Actor } from "../trace/events.js";
import { type EnvLike, envOf } from "./env.js";
import { HeaderList } from "./headers.js";
import { HttpError, IDEMPOTENT_METHODS, type Limits, limitsWith } from "./limits.js";
import type { HttpResponse, RequestInit } from "./message.js";
import { ResponseParser } from "./parser.js";
import { keepAlive, type Persistence } from "./persistence.js";
import { type SerializedRequest, serializeRequest } from "./serialize.js";
import { emitHttp } from "./trace.js";

const RECV_SIZE = 65536;

export interface ClientResponse extends HttpResponse {
  /** The request this answers (as sent). */
  request: SerializedRequest;
  /** Connection id: this client's local port. */
  conn: number | null;
  /** True when the request went on a connection an earlier request had used. */
  reused: boolean;
  /** Whether the connection may carry another request, and the rule that decided. */
  persist: Persistence;
  /** Interim 1xx responses that came before this one (100 Continue, …). */
  interim: HttpResponse[];
  /** Trace time when the request was written, and when this response was read. */
  sentAt: number;
  receivedAt: number;
}

export interface ConnectionOptions {
  actor?: Actor;
  /** The socket's name in the trace (the lecture's clientSocket). */
  name?: string;
  limits?: Partial<Limits>;
}

/** Thrown when the server closed the connection before answering a request. */
export class ConnectionClosed extends Error {
  constructor(readonly unanswered: SerializedRequest[]) {
    super("the server closed the connection before answering");
    this.name = "ConnectionClosed";
  }
}

export class HttpConnection {
  private readonly parser: ResponseParser;
  private readonly outstanding: SerializedRequest[] = [];
  /** When each request was written (trace time). */
  private readonly sentAt = new WeakMap<SerializedRequest, number>();
  private eof = false;
  private lastPersist: Persistence | null = null;
  /** Requests written on this connection so far. */
  sent = 0;

  private constructor(
    private readonly env: NetEnv,
    readonly socket: TcpSocket,
    readonly server: Addr,
    private readonly limits: Limits,
  ) {
    this.parser = new ResponseParser(limits);
  }

  /** connect() to the server: one new TCP connection. */
  static async open(
    where: EnvLike,
    server: Addr,
    opts: ConnectionOptions = {},
  ): Promise<HttpConnection> {
    const env = envOf(where);
    const socket = new TcpSocket(env, opts.actor ?? "client", opts.name ?? "clientSocket");
    try {
      await socket.connect(server);
    } catch (err) {
      socket.close();
      throw err;
    }
    return new HttpConnection(env, socket, server, limitsWith(opts.limits));
  }

  get conn(): number | null {
    return this.socket.conn;
  }

  /** Requests sent and not answered yet. */
  get pending(): number {
    return this.outstanding.length;
  }

  /**
   * Whether another request may go on this connection: the last exchange
   * kept it (RFC 9112 §9.3), and the server has not closed it since.
   */
  get reusable(): boolean {
    if (this.socket.isClosed || this.eof || this.socket.peerClosed) return false;
    return this.lastPersist === null ? this.sent === 0 : this.lastPersist.keep;
  }

  /** Write one request (Host is added when missing). Does not wait for the answer. */
  async send(init: RequestInit): Promise<SerializedRequest> {
    const headers = new HeaderList(init.headers);
    if (!headers.has("host")) {
      const withHost = new HeaderList([["Host", hostHeader(this.server)]]);
      for (const [n, v] of headers) withHost.add(n, v);
      init = { ...init, headers: withHost };
    }
    const request = serializeRequest(init);
    this.parser.expect(request.method);
    this.outstanding.push(request);
    this.sent++;
    await this.socket.send(request.bytes);
    this.sentAt.set(request, this.env.tracer.now());
    emitHttp(this.env, this.socket.actor, "request", request, this.conn);
    return request;
  }

  /** Read the response to the oldest unanswered request. Throws ConnectionClosed if none comes. */
  async read(opts: { timeoutMs?: number } = {}): Promise<ClientResponse> {
    const request = this.outstanding[0];
    if (!request) throw new Error("read() with no request outstanding");
    const interim: HttpResponse[] = [];
    for (;;) {
      let message: HttpResponse | null;
      try {
        message = this.parser.next();
        if (!message && this.eof) {
          if (!this.parser.midMessage) throw new ConnectionClosed([...this.outstanding]);
          message = this.parser.end();
        }
      } catch (err) {
        if (err instanceof HttpError) this.socket.close();
        throw err;
      }
      if (message) {
        emitHttp(this.env, this.socket.actor, "response", message, this.conn);
        if (message.status < 200) {
          interim.push(message);
          continue;
        }
        this.outstanding.shift();
        const persist = keepAlive(request, message);
        this.lastPersist = persist;
        if (!persist.keep) this.eof = true;
        return {
          ...message,
          request,
          conn: this.conn,
          reused: this.sent > 1,
          persist,
          interim,
          sentAt: this.sentAt.get(request) ?? 0,
          receivedAt: this.env.tracer.now(),
        };
      }
      const data = await this.socket.recv(RECV_SIZE, {
        timeoutMs: opts.timeoutMs ?? this.limits.responseTimeoutMs,
      });
      if (data.length === 0) this.eof = true;
      else this.parser.feed(data);
    }
  }

  /** send() then read(). */
  async request(init: RequestInit): Promise<ClientResponse> {
    await this.send(init);
    return this.read();
  }

  close(): void {
    this.socket.close();
  }
}

export interface HttpClientOptions extends ConnectionOptions {
  host: string;
  port: number;
  /** Keep a persistent connection for the next request (default true). */
  reuse?: boolean;
}

/**
 * One server, one connection at a time: request() reuses the connection when
 * the last exchange allowed it and opens a new one otherwise. A GET whose
 * reused connection turns out to be closed by the server (its idle timeout)
 * is sent once more on a new connection, as browsers do.
 */
export class HttpClient {
  private readonly env: NetEnv;
  private readonly server: Addr;
  /** The current connection, if any. */
  connection: HttpConnection | null = null;
  /** New connections opened so far. */
  connects = 0;

  constructor(
    where: EnvLike,
    private readonly opts: HttpClientOptions,
  ) {
    this.env = envOf(where);
    this.server = { host: opts.host, port: opts.port };
  }

  private async connection_(): Promise<HttpConnection> {
    const current = this.connection;
    if (current && this.opts.reuse !== false && current.reusable) return current;
    if (current) current.close();
    this.connection = await HttpConnection.open(this.env, this.server, this.opts);
    this.connects++;
    return this.connection;
  }

  async request(init: RequestInit): Promise<ClientResponse> {
    const conn = await this.connection_();
    const wasUsed = conn.sent > 0;
    try {
      return await conn.request(init);
    } catch (err) {
      const method = init.method ?? "GET";
      const retry = wasUsed && IDEMPOTENT_METHODS.includes(method) && isClosedBeforeAnswer(err);
      if (!retry) throw err;
      this.note(conn, 1);
      conn.close();
      this.connection = null;
      const fresh = await this.connection_();
      return fresh.request(init);
    }
  }

  /**
   * Pipelining: write the requests back to back on one connection, then read
   * the responses in order. A request that is not idempotent (POST) is not
   * pipelined: it waits for every answer before it, and nothing follows it
   * until its own answer. If the server closes mid-pipeline, the unanswered
   * idempotent requests are sent again on a new connection.
   */
  async pipeline(inits: RequestInit[]): Promise<ClientResponse[]> {
    const responses: ClientResponse[] = [];
    let queue = [...inits];
    let attempts = 0;
    while (queue.length > 0) {
      const conn = await this.connection_();
      const sentHere: RequestInit[] = [];
      try {
        while (queue.length > 0) {
          const next = queue[0]!;
          const idempotent = IDEMPOTENT_METHODS.includes(next.method ?? "GET");
          if (!idempotent) {
            while (conn.pending > 0) responses.push(await this.readOne(conn, sentHere));
            if (!conn.reusable && conn.sent > 0) break;
            queue.shift();
            sentHere.push(next);
            await conn.send(next);
            responses.push(await this.readOne(conn, sentHere));
            if (!conn.reusable) break;
            continue;
          }
          queue.shift();
          sentHere.push(next);
          await conn.send(next);
        }
        while (conn.pending > 0) responses.push(await this.readOne(conn, sentHere));
      } catch (err) {
        if (!isClosedBeforeAnswer(err) || ++attempts > 3) throw err;
        const unanswered = sentHere;
        if (unanswered.some((r) => !IDEMPOTENT_METHODS.includes(r.method ?? "GET"))) throw err;
        this.note(conn, unanswered.length);
        conn.close();
        this.connection = null;
        queue = [...unanswered, ...queue];
      }
    }
    return responses;
  }

  private async readOne(conn: HttpConnection, sentHere: RequestInit[]): Promise<ClientResponse> {
    const res = await conn.read();
    sentHere.shift();
    return res;
  }

  private note(conn: HttpConnection, count: number): void {
    this.env.tracer.emit({
      kind: "note",
      actor: conn.socket.actor,
      key: "http.client.resend",
      facts: { count, conn: conn.conn },
    });
  }

  close(): void {
    this.connection?.close();
    this.connection = null;
  }
}

function isClosedBeforeAnswer(err: unknown): boolean {
  if (err instanceof ConnectionClosed) return true;
  return err instanceof SockError && (err.code === "ECONNRESET" || err.code === "EPIPE");
}

/** The Host header for a server address (the port left out when it is 80). */
export function hostHeader(addr: Addr): string {
  return addr.port === 80
    ? addr.host.includes(":")
      ? `[${addr.host}]`
      : addr.host
    : formatAddr(addr)!;
}

/** Split http://host:port/path (or host:port) into what a client needs. */
export function parseUrl(text: string): { host: string; port: number; target: string } | null {
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    return null;
  }
  if (url.protocol !== "http:") return null;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const port = url.port === "" ? 80 : Number(url.port);
  return { host, port, target: `${url.pathname || "/"}${url.search}` };
}
