import dgram from "node:dgram";
import { escapeBytes, pyBytes } from "../trace/escape.js";
import type { Actor } from "../trace/events.js";
import { type Addr, formatAddr, pyAddr } from "./address.js";
import { awaitEvent, type NetEnv, SockError, type WaitOptions } from "./env.js";
import { failCall, timedOut } from "./fail.js";

export interface Datagram {
  data: Buffer;
  from: Addr;
}

/**
 * A UDP socket with the Berkeley verbs. Every call emits one `call` event
 * carrying the addresses the kernel really used.
 */
export class UdpSocket {
  private readonly sock: dgram.Socket;
  private readonly inbox: Datagram[] = [];
  private wake: (() => void) | null = null;
  private bound = false;
  private closed = false;
  private readonly untrack: () => void;
  private timeoutMs: number | undefined;
  private gone: Promise<void> | null = null;

  constructor(
    private readonly env: NetEnv,
    readonly actor: Actor,
    readonly name: string,
    family: "udp4" | "udp6" = "udp4",
  ) {
    this.sock = dgram.createSocket(family);
    this.sock.on("message", (data, rinfo) => {
      this.inbox.push({ data, from: { host: rinfo.address, port: rinfo.port } });
      this.wake?.();
    });
    // Errors surface through the call that caused them; never as an uncaught event.
    this.sock.on("error", () => {});
    this.untrack = env.track(this);
    this.emit("socket", {
      py: `${name} = socket(AF_INET, SOCK_DGRAM)`,
      node: `dgram.createSocket("${family}")`,
    });
  }

  /** The local address, once the kernel has given one. */
  get address(): Addr | null {
    if (!this.bound || this.closed) return null;
    const a = this.sock.address();
    return { host: a.address, port: a.port };
  }

  private emit(
    call: "socket" | "bind" | "sendto" | "recvfrom" | "close",
    fields: { py: string; node: string } & Partial<{
      remote: string | null;
      bytes: number;
      reads: number[];
      data: string;
      ms: number;
      paused: number;
      detail: Record<string, string | number | boolean>;
    }>,
  ): void {
    const { detail, ...rest } = fields;
    this.env.tracer.emit({
      kind: "call",
      actor: this.actor,
      call,
      proto: "udp",
      sock: this.name,
      local: formatAddr(this.address),
      remote: null,
      ...rest,
      ...(detail && Object.keys(detail).length > 0 ? { detail } : {}),
    });
  }

  async bind(port: number, host: string): Promise<Addr> {
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.sock.once("error", onError);
      this.sock.bind({ port, address: host, exclusive: true }, () => {
        this.sock.off("error", onError);
        resolve();
      });
    }).catch((err) => {
      throw failCall(this.env, this.actor, "bind", err, { local: formatAddr({ host, port }) });
    });
    this.bound = true;
    const addr = this.address!;
    this.emit("bind", {
      py: `${this.name}.bind(${pyAddr({ host, port })})`,
      node: `socket.bind(${port}, "${host}")`,
      detail: port === 0 ? { ephemeral: true } : {},
    });
    return addr;
  }

  /**
   * Python's settimeout: later recvfrom calls give up after this long. No
   * system call: Python keeps the timeout itself (it polls before each
   * recvfrom), and so does sockstep, with a timer. Said as a note, not a call.
   */
  settimeout(seconds: number): void {
    this.timeoutMs = seconds * 1000;
    this.env.tracer.emit({
      kind: "note",
      actor: this.actor,
      key: "udp.settimeout",
      facts: { sock: this.name, seconds },
    });
  }

  async sendto(payload: string | Uint8Array, to: Addr): Promise<number> {
    const data = typeof payload === "string" ? Buffer.from(payload) : Buffer.from(payload);
    const wasBound = this.bound;
    await new Promise<void>((resolve, reject) => {
      this.sock.send(data, to.port, to.host, (err) => (err ? reject(err) : resolve()));
    }).catch((err) => {
      throw failCall(this.env, this.actor, "sendto", err, { remote: formatAddr(to) });
    });
    this.bound = true;
    if (!wasBound) {
      // libuv binds an unbound socket to 0.0.0.0:0 before its first send (strace shows the
      // bind); the kernel chose the port then. The lecture's Python makes no bind() call.
      this.emit("bind", {
        py: `# Python: no bind(); its port comes in sendto()`,
        node: `socket.send() on an unbound socket: libuv calls bind(0.0.0.0:0) first`,
        detail: { implicit: true, ephemeral: true },
      });
    }
    this.emit("sendto", {
      remote: formatAddr(to),
      bytes: data.length,
      data: escapeBytes(data),
      py: `${this.name}.sendto(${pyBytes(data)}, ${pyAddr(to)})`,
      node: `socket.send(<${data.length} bytes>, ${to.port}, "${to.host}")`,
    });
    return data.length;
  }

  async recvfrom(bufsize: number, opts: WaitOptions = {}): Promise<Datagram> {
    const started = this.env.tracer.now();
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    const awaiting = opts.awaiting ?? { key: "wait.recvfrom", facts: { sock: this.name } };
    const datagram = await awaitEvent<Datagram>(
      this.env,
      this.actor,
      { awaiting, ...(timeoutMs !== undefined ? { timeoutMs } : {}) },
      (resolve, reject) => {
        const take = () => {
          const next = this.inbox.shift();
          if (next) resolve(next);
          // A socket closed under a waiting recvfrom ends that wait (a server loop stops).
          else if (this.closed)
            reject(
              new SockError("EBADF", "error.other", { code: "EBADF", detail: "socket closed" }),
            );
        };
        this.wake = take;
        take();
        return () => {
          this.wake = null;
        };
      },
      () => timedOut(this.env, this.actor, "recvfrom", timeoutMs ?? 0, formatAddr(this.address)),
    );
    // Node's recvmsg(2) took the whole datagram (up to 64 KiB); a recvfrom(bufsize) keeps
    // only bufsize bytes and loses the rest, and so does sockstep, in JavaScript.
    const data = datagram.data.subarray(0, bufsize);
    const detail: Record<string, number | boolean> = {};
    if (datagram.data.length > bufsize) detail.truncatedFrom = datagram.data.length;
    this.emit("recvfrom", {
      remote: formatAddr(datagram.from),
      bytes: data.length,
      reads: [datagram.data.length],
      data: escapeBytes(data),
      ...this.env.tracer.elapsed(started),
      py: `${this.actor === "server" ? "message, clientAddress" : "modifiedMessage, serverAddress"} = ${this.name}.recvfrom(${bufsize})`,
      node: "socket.on('message', (msg, rinfo) => …)",
      detail,
    });
    return { data: Buffer.from(data), from: datagram.from };
  }

  /** close(2), narrated now; resolves (and the run lets go of it) once Node has really closed it. */
  close(): Promise<void> {
    if (this.closed) return this.gone ?? Promise.resolve();
    this.emit("close", { py: `${this.name}.close()`, node: "socket.close()" });
    this.closed = true;
    this.gone = new Promise<void>((resolve) => this.sock.close(() => resolve())).then(() =>
      this.untrack(),
    );
    this.wake?.();
    return this.gone;
  }

  /** Whether a recvfrom would return at once. */
  get pending(): number {
    return this.inbox.length;
  }
}

export { SockError };
