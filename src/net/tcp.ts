import { readFileSync } from "node:fs";
import net from "node:net";
import { escapeBytes, pyBytes } from "../trace/escape.js";
import type { Actor, CallName } from "../trace/events.js";
import { type Addr, formatAddr, pyAddr } from "./address.js";
import { awaitEvent, type NetEnv, SockError, type WaitOptions } from "./env.js";
import { failCall, timedOut } from "./fail.js";

let somaxconnRead: number | null | undefined;

/** net.core.somaxconn: the kernel silently caps every listen() backlog at it (null where unreadable). */
export function somaxconn(): number | null {
  if (somaxconnRead === undefined) {
    try {
      const n = Number(readFileSync("/proc/sys/net/core/somaxconn", "utf8").trim());
      somaxconnRead = Number.isInteger(n) && n > 0 ? n : null;
    } catch {
      somaxconnRead = null;
    }
  }
  return somaxconnRead;
}

/** The queue length the kernel really gives a listen(backlog). */
export function effectiveBacklog(backlog: number): number {
  const cap = somaxconn();
  return cap === null ? backlog : Math.min(backlog, cap);
}

/**
 * Bytes read from the kernel and not yet taken by recv() above which Node
 * stops reading the descriptor: a peer that sends faster than the program
 * calls recv() then fills the kernel's receive buffer and TCP's window stops
 * it, as with a real socket, instead of this process's memory.
 */
export const RX_HIGH_WATER = 256 * 1024;

/** What one read(2) of Node's brought, and whether a recv() has reported that read yet. */
interface Chunk {
  data: Buffer;
  read: number;
  reported: boolean;
}

type Fields = { py: string; node: string } & Partial<{
  bytes: number;
  reads: number[];
  data: string;
  chunks: number;
  ms: number;
  paused: number;
  detail: Record<string, string | number | boolean>;
}>;

/**
 * A TCP socket with the Berkeley verbs over node:net. A listening socket
 * hands out new connection sockets from accept(); a connection socket reads
 * with recv() from its own receive buffer, so a recv returns whatever has
 * arrived by then, just as the kernel's does.
 */
export class TcpSocket {
  private server: net.Server | null = null;
  private sock: net.Socket | null = null;
  private bindAddr: Addr | null = null;
  private reuseAddr = false;
  private readonly backlog: { socket: TcpSocket; at: number }[] = [];
  private acceptWake: (() => void) | null = null;
  private readonly rx: Chunk[] = [];
  private rxBytes = 0;
  private rxPaused = false;
  private rxWake: (() => void) | null = null;
  private rxError: Error | null = null;
  private eof = false;
  private closed = false;
  private untrack: () => void = () => {};
  private gone: Promise<void> | null = null;
  private knownLocal: Addr | null = null;
  private knownRemote: Addr | null = null;
  /** Connection id: the client's port, as this side sees it. */
  conn: number | null = null;
  /** How long connect() waited for the handshake, in ms: the connect event's ms. */
  connectMs: number | null = null;
  /** When connect() returned: the time of its event in the trace. */
  connectedAt: number | null = null;
  /** A socket from accept(): when accept() returned it, the time of its event in the trace. */
  acceptedAt: number | null = null;
  /**
   * A socket from accept(): how long its finished connection waited in the
   * backlog, in ms, without the reader's pauses (queuedPausedMs: those).
   */
  queuedMs: number | null = null;
  queuedPausedMs = 0;
  /** The kernel reads (their byte counts) the last recv() was the first to take from. */
  lastReads: number[] = [];
  /** What a recv() without its own `awaiting` is waiting for (made once: a server recv()s per request). */
  private recvAwaiting: { key: string; facts: { sock: string } } | null = null;
  /** Whether the read() that returned 0 (the peer's FIN) has been reported by a recv(). */
  private eofReported = false;

  constructor(
    private readonly env: NetEnv,
    readonly actor: Actor,
    /** The socket's name in the lecture's program; accept() may rename a connection socket. */
    public name: string,
    accepted?: net.Socket,
  ) {
    if (accepted) {
      this.attach(accepted);
      this.conn = accepted.remotePort ?? null;
      return;
    }
    this.untrack = env.track(this);
    this.emit("socket", {
      py: `${name} = socket(AF_INET, SOCK_STREAM)`,
      node: "net.createServer() / net.connect()",
    });
  }

  get localAddr(): Addr | null {
    if (this.server) {
      if (this.knownLocal) return this.knownLocal;
      const a = this.server.address();
      if (a && typeof a === "object") this.knownLocal = { host: a.address, port: a.port };
      return this.knownLocal;
    }
    this.remember();
    return this.knownLocal;
  }

  get remoteAddr(): Addr | null {
    this.remember();
    return this.knownRemote;
  }

  /**
   * Node forgets the addresses once it has destroyed a socket; the program
   * still holds it open. A connected socket's addresses never change, so
   * they are asked for once (each event quotes them).
   */
  private remember(): void {
    const sock = this.sock;
    if (!sock || (this.knownLocal && this.knownRemote)) return;
    if (sock.localPort !== undefined && sock.localAddress) {
      this.knownLocal = { host: sock.localAddress, port: sock.localPort };
      this.localText = formatAddr(this.knownLocal);
    }
    if (sock.remotePort !== undefined && sock.remoteAddress) {
      this.knownRemote = { host: sock.remoteAddress, port: sock.remotePort };
      this.remoteText = formatAddr(this.knownRemote);
    }
  }

  private localText: string | null = null;
  private remoteText: string | null = null;

  /** formatAddr(localAddr), without building the string again for every event. */
  private get local(): string | null {
    if (this.server) return formatAddr(this.localAddr);
    this.remember();
    return this.localText;
  }

  private get remote(): string | null {
    this.remember();
    return this.remoteText;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Emits the call's event; returns its time in the trace. */
  private emit(call: CallName, fields: Fields, remote?: Addr | null): number {
    const { detail, ...rest } = fields;
    return this.env.tracer.emit({
      kind: "call",
      actor: this.actor,
      call,
      proto: "tcp",
      sock: this.name,
      local: this.local,
      remote: remote === undefined ? this.remote : formatAddr(remote),
      conn: this.conn,
      ...rest,
      ...(detail && Object.keys(detail).length > 0 ? { detail } : {}),
    }).t;
  }

  private fail(call: CallName, err: unknown, remote?: Addr | null): SockError {
    return failCall(this.env, this.actor, call, err, {
      local: this.local,
      remote: remote === undefined ? this.remote : formatAddr(remote),
    });
  }

  private attach(sock: net.Socket): void {
    this.sock = sock;
    this.gone = new Promise<void>((resolve) => sock.once("close", () => resolve()));
    this.remember();
    // Each "data" is one read(2) that libuv made (into a 64 KiB buffer), as it came.
    sock.on("data", (data: Buffer) => {
      this.rx.push({ data, read: data.length, reported: false });
      this.rxBytes += data.length;
      if (this.rxBytes >= RX_HIGH_WATER && !this.rxPaused) {
        this.rxPaused = true;
        sock.pause();
      }
      this.rxWake?.();
    });
    sock.on("end", () => {
      this.eof = true;
      this.rxWake?.();
    });
    sock.on("error", (err) => {
      this.rxError = err;
      this.rxWake?.();
    });
    sock.on("close", () => {
      this.eof = true;
      this.rxWake?.();
    });
  }

  setsockopt(option: "SO_REUSEADDR", value: boolean): void {
    this.reuseAddr = value;
    this.emit("setsockopt", {
      py: `${this.name}.setsockopt(SOL_SOCKET, ${option}, ${value ? 1 : 0})`,
      node: "server.listen() (libuv sets SO_REUSEADDR)",
      detail: { option, value },
    });
  }

  /** Recorded here; Node binds inside listen(), so the bind event comes with the real address then. */
  bind(port: number, host: string): void {
    this.bindAddr = { host, port };
  }

  async listen(backlog: number): Promise<Addr> {
    const requested = this.bindAddr ?? { host: "0.0.0.0", port: 0 };
    const server = net.createServer({ allowHalfOpen: true });
    server.on("connection", (sock) => {
      const socket = new TcpSocket(this.env, this.actor, "connectionSocket", sock);
      socket.untrack = this.env.track(socket);
      this.backlog.push({ socket, at: this.env.tracer.now() });
      this.acceptWake?.();
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(
        { port: requested.port, host: requested.host, backlog, exclusive: true },
        () => {
          server.off("error", reject);
          resolve();
        },
      );
    }).catch((err) => {
      throw failCall(this.env, this.actor, "bind", err, { local: formatAddr(requested) });
    });
    server.on("error", () => {});
    this.server = server;
    this.gone = new Promise<void>((resolve) => server.once("close", () => resolve()));
    this.emit(
      "bind",
      {
        py: `${this.name}.bind(${pyAddr(requested)})`,
        node: `server.listen({ port: ${requested.port}, host: "${requested.host}" })`,
        detail: {
          ...(requested.port === 0 ? { ephemeral: true } : {}),
          ...(this.reuseAddr ? { reuseAddr: true } : {}),
        },
      },
      null,
    );
    this.emit(
      "listen",
      {
        py: `${this.name}.listen(${backlog})`,
        node: `server.listen({ …, backlog: ${backlog} })`,
        detail: {
          backlog,
          ...(effectiveBacklog(backlog) !== backlog
            ? { kernelCap: effectiveBacklog(backlog) }
            : {}),
        },
      },
      null,
    );
    return this.localAddr!;
  }

  /** Connections whose handshake the kernel finished but that accept() has not taken yet. */
  get queued(): number {
    return this.backlog.length;
  }

  /** `name` is what the new socket is called in the narration (default connectionSocket). */
  async accept(opts: WaitOptions & { name?: string } = {}): Promise<TcpSocket> {
    const awaiting = opts.awaiting ?? { key: "wait.accept", facts: { sock: this.name } };
    const entry = await awaitEvent<{ socket: TcpSocket; at: number }>(
      this.env,
      this.actor,
      { awaiting, ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}) },
      (resolve, reject) => {
        const take = () => {
          // Closed while waiting (another task closed the listener): like EBADF from accept(2).
          if (this.closed)
            return reject(
              new SockError("EBADF", "error.other", {
                code: "EBADF",
                detail: "accept() on a closed socket",
              }),
            );
          const next = this.backlog.shift();
          if (next) resolve(next);
        };
        this.acceptWake = take;
        take();
        return () => {
          this.acceptWake = null;
        };
      },
      () =>
        timedOut(this.env, this.actor, "accept", opts.timeoutMs ?? 0, formatAddr(this.localAddr)),
    );
    const socket = entry.socket;
    if (opts.name) socket.name = opts.name;
    const queued = this.env.tracer.elapsed(entry.at);
    socket.queuedMs = queued.ms;
    socket.queuedPausedMs = queued.paused ?? 0;
    socket.acceptedAt = socket.emit("accept", {
      py: `${socket.name}, addr = ${this.name}.accept()`,
      node: "server.on('connection', (socket) => …)",
      ...(queued.paused !== undefined ? { paused: queued.paused } : {}),
      detail: { listening: formatAddr(this.localAddr) ?? "", queuedMs: queued.ms },
    });
    return socket;
  }

  async connect(to: Addr, opts: WaitOptions = {}): Promise<void> {
    const started = this.env.tracer.now();
    const sock = net.connect({ host: to.host, port: to.port, allowHalfOpen: true });
    const awaiting = opts.awaiting ?? {
      key: "wait.connect",
      facts: { remote: formatAddr(to) ?? "" },
    };
    try {
      await awaitEvent<void>(
        this.env,
        this.actor,
        { awaiting, ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}) },
        (resolve, reject) => {
          sock.once("connect", () => resolve());
          sock.once("error", reject);
          return () => sock.off("error", reject);
        },
        () => timedOut(this.env, this.actor, "connect", opts.timeoutMs ?? 0, null),
      );
    } catch (err) {
      sock.on("error", () => {});
      sock.destroy();
      if (err instanceof SockError) throw err;
      if (err instanceof Error && err.name === "Interrupted") throw err;
      throw this.fail("connect", err, to);
    }
    this.attach(sock);
    this.conn = sock.localPort ?? null;
    const took = this.env.tracer.elapsed(started);
    this.connectMs = took.ms;
    this.connectedAt = this.emit("connect", {
      py: `${this.name}.connect(${pyAddr(to)})`,
      node: `net.connect({ host: "${to.host}", port: ${to.port} })`,
      ...took,
      detail: { ephemeral: true },
    });
  }

  async send(payload: string | Uint8Array): Promise<number> {
    const data =
      typeof payload === "string"
        ? Buffer.from(payload)
        : Buffer.isBuffer(payload)
          ? payload
          : Buffer.from(payload);
    const sock = this.sock;
    if (!sock || sock.destroyed || !sock.writable) {
      throw this.fail("send", { code: this.rxError ? errorCodeOf(this.rxError) : "EPIPE" });
    }
    await new Promise<void>((resolve, reject) => {
      sock.write(data, (err) => (err ? reject(err) : resolve()));
    }).catch((err) => {
      // Closed by this side while the kernel would not take the bytes: no send happened.
      if (this.closed)
        throw new SockError("EBADF", "error.other", {
          code: "EBADF",
          detail: "send() on a closed socket",
        });
      throw this.fail("send", err);
    });
    this.emit("send", {
      bytes: data.length,
      data: escapeBytes(data),
      py: `${this.name}.send(${pyBytes(data)})`,
      node: `socket.write(<${data.length} bytes>)`,
    });
    return data.length;
  }

  /** Wait for bytes; resolves with an empty buffer at EOF, like recv(2) returning 0. */
  async recv(bufsize: number, opts: WaitOptions = {}): Promise<Buffer> {
    const started = this.env.tracer.now();
    if (this.recvAwaiting?.facts.sock !== this.name) {
      this.recvAwaiting = { key: "wait.recv", facts: { sock: this.name } };
    }
    const awaiting = opts.awaiting ?? this.recvAwaiting;
    await awaitEvent<void>(
      this.env,
      this.actor,
      { awaiting, ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}) },
      (resolve) => {
        const check = () => {
          if (this.rx.length > 0 || this.eof || this.rxError || this.closed) resolve();
        };
        this.rxWake = check;
        check();
        return () => {
          this.rxWake = null;
        };
      },
      () => timedOut(this.env, this.actor, "recv", opts.timeoutMs ?? 0, formatAddr(this.localAddr)),
    );
    const took = this.env.tracer.elapsed(started);
    // Closed by this side while waiting: no bytes and no EOF from the peer, so no recv event.
    if (this.closed)
      throw new SockError("EBADF", "error.other", {
        code: "EBADF",
        detail: "recv() on a closed socket",
      });
    if (this.rx.length === 0 && this.rxError) throw this.fail("recv", this.rxError);
    const parts: Buffer[] = [];
    const reads: number[] = [];
    let size = 0;
    let chunks = 0;
    while (this.rx.length > 0 && size < bufsize) {
      const head = this.rx[0]!;
      const room = bufsize - size;
      chunks++;
      if (!head.reported) {
        head.reported = true;
        reads.push(head.read);
      }
      if (head.data.length <= room) {
        parts.push(head.data);
        size += head.data.length;
        this.rx.shift();
      } else {
        parts.push(head.data.subarray(0, room));
        head.data = head.data.subarray(room);
        size += room;
      }
    }
    this.rxBytes -= size;
    if (this.rxPaused && this.rxBytes < RX_HIGH_WATER) {
      this.rxPaused = false;
      this.sock?.resume();
    }
    const data = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    // recv() → 0 stands for the read() that returned 0, once; later ones ask nobody.
    if (data.length === 0 && !this.eofReported && this.eof) {
      this.eofReported = true;
      reads.push(0);
    }
    this.lastReads = reads;
    this.emit("recv", {
      bytes: data.length,
      data: escapeBytes(data),
      chunks,
      reads,
      ...took,
      py: `data = ${this.name}.recv(${bufsize})`,
      node: "socket.on('data', …): libuv read() up to 64 KiB",
      detail: data.length === 0 ? { eof: true } : { buffered: this.buffered, bufsize },
    });
    return data;
  }

  /** Bytes received and not yet taken by recv(). */
  get buffered(): number {
    return this.rxBytes;
  }

  /** Whether the peer has sent its FIN (a recv would return 0 once the buffer is empty). */
  get peerClosed(): boolean {
    return this.eof;
  }

  /**
   * Wait until bytes are buffered or the peer has closed, without taking
   * anything and without an event: true when a recv() would return at once,
   * false when `timeoutMs` passed first.
   */
  readable(timeoutMs: number): Promise<boolean> {
    const ready = () => this.rx.length > 0 || this.eof || this.rxError !== null || this.closed;
    if (ready()) return Promise.resolve(true);
    return awaitEvent<boolean>(
      this.env,
      this.actor,
      { timeoutMs },
      (resolve) => {
        this.rxWake = () => {
          if (ready()) resolve(true);
        };
        return () => {
          this.rxWake = null;
        };
      },
      () => new QuietTimeout(),
    ).catch((err) => {
      if (err instanceof QuietTimeout) return false;
      throw err;
    });
  }

  /** Resolves once the descriptor is really closed (after close(), when the FIN is handed to the kernel). */
  whenClosed(): Promise<void> {
    return this.gone ?? Promise.resolve();
  }

  shutdown(how: "write"): void {
    if (how !== "write" || !this.sock) return;
    this.sock.end();
    this.emit("shutdown", {
      py: `${this.name}.shutdown(SHUT_WR)`,
      node: "socket.end()",
      detail: { how: "SHUT_WR" },
    });
  }

  /**
   * close(2): narrated now, done by Node a moment later (after flushing what
   * was written). The socket stays registered with the run until its
   * descriptor is really closed, so the run never ends (and the process never
   * exits) with a narrated close the kernel did not see. Resolves then.
   */
  close(): Promise<void> {
    if (this.closed) return this.whenClosed();
    // A connection both sides have ended is destroyed by Node, but the program still holds
    // its descriptor until close(): that close() is narrated too.
    const wasOpen = this.server !== null || this.sock !== null;
    if (wasOpen) {
      this.emit("close", {
        py: `${this.name}.close()`,
        node: this.server ? "server.close()" : "socket.end(); socket.destroy()",
        detail: this.server ? { queued: this.backlog.length } : { unread: this.buffered },
      });
    }
    this.closed = true;
    this.rxWake?.();
    this.acceptWake?.();
    if (this.server) {
      this.server.close();
      for (const { socket } of this.backlog.splice(0)) void socket.close();
    }
    const sock = this.sock;
    if (sock && !sock.destroyed) {
      // Flush what was written, send FIN, then free the descriptor; never wait on the peer.
      sock.end(() => sock.destroy());
      setTimeout(() => sock.destroy(), 2000).unref();
    }
    const done = this.whenClosed().then(() => this.untrack());
    return done;
  }
}

class QuietTimeout extends Error {}

function errorCodeOf(err: Error): string {
  return "code" in err && typeof err.code === "string" ? err.code : "EPIPE";
}
