import { type Addr, formatAddr } from "../net/address.js";
import { type NetEnv, SockError } from "../net/env.js";
import { TIMEOUT } from "../net/fail.js";
import { TcpSocket } from "../net/tcp.js";
import { type EnvLike, envOf } from "./env.js";
import { HttpError } from "./limits.js";
import type { HttpResponse, RequestInit } from "./message.js";
import { ResponseParser } from "./parser.js";
import { type SerializedRequest, serializeRequest } from "./serialize.js";
import { emitHttp } from "./trace.js";

/**
 * One connection to a server under test, for checks that need the bytes
 * exactly so: requests written as the check wants (several in one write, or
 * one cut in two), responses read with the HTTP parser, in order, and the
 * close noticed. Every request and response is an `http` event. Reads say
 * how they ended instead of throwing, so a check can word each case.
 */
export type WireRead =
  | { kind: "response"; res: HttpResponse }
  | { kind: "closed" }
  | { kind: "timeout" }
  /** The bytes are not an HTTP response; detail is the parser's. */
  | { kind: "notHttp"; detail: string };

export interface WireTimeouts {
  /** For the connect, and for each response. */
  replyMs: number;
  /** For the server to close after its last response. */
  closeMs: number;
}

export class Wire {
  private readonly parser = new ResponseParser();
  private eof = false;

  private constructor(
    private readonly env: NetEnv,
    private readonly to: Addr,
    private readonly timeouts: WireTimeouts,
    readonly sock: TcpSocket,
  ) {}

  static async open(where: EnvLike, to: Addr, timeouts: WireTimeouts): Promise<Wire> {
    const env = envOf(where);
    const sock = new TcpSocket(env, "client", "clientSocket");
    await sock.connect(to, { timeoutMs: timeouts.replyMs });
    return new Wire(env, to, timeouts, sock);
  }

  get conn(): number | null {
    return this.sock.conn;
  }

  private serialize(init: RequestInit): SerializedRequest {
    const req = serializeRequest({
      ...init,
      headers: [["Host", formatAddr(this.to)!], ...((init.headers as [string, string][]) ?? [])],
    });
    this.parser.expect(req.method);
    return req;
  }

  /** Write the requests in one send(), or in two when `cutAt` falls inside them (with a pause between). */
  async send(inits: RequestInit[], cutAt?: number): Promise<void> {
    const reqs = inits.map((i) => this.serialize(i));
    const bytes = Buffer.concat(reqs.map((r) => r.bytes));
    try {
      if (cutAt !== undefined && cutAt > 0 && cutAt < bytes.length) {
        await this.sock.send(bytes.subarray(0, cutAt));
        await new Promise((resolve) => setTimeout(resolve, 100));
        await this.sock.send(bytes.subarray(cutAt));
      } else {
        await this.sock.send(bytes);
      }
    } catch (err) {
      if (!(err instanceof SockError)) throw err;
      this.eof = true;
      return;
    }
    for (const r of reqs) emitHttp(this.env, "client", "request", r, this.conn);
  }

  /** The next response, or how the wait for it ended. */
  async read(): Promise<WireRead> {
    try {
      for (;;) {
        const res = this.parser.next() ?? (this.eof ? this.parser.end() : null);
        if (res) {
          emitHttp(this.env, "client", "response", res, this.conn);
          return { kind: "response", res };
        }
        if (this.eof) return { kind: "closed" };
        let data: Buffer;
        try {
          data = await this.sock.recv(65536, { timeoutMs: this.timeouts.replyMs });
        } catch (err) {
          if (!(err instanceof SockError)) throw err;
          if (err.code === TIMEOUT) return { kind: "timeout" };
          this.eof = true;
          continue;
        }
        if (data.length === 0) this.eof = true;
        else this.parser.feed(data);
      }
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      return { kind: "notHttp", detail: err.detail };
    }
  }

  /** Whether the server closes the connection within the close timeout. */
  async closes(): Promise<boolean> {
    if (this.eof) return true;
    const deadline = Date.now() + this.timeouts.closeMs;
    while (Date.now() < deadline) {
      try {
        const data = await this.sock.recv(65536, {
          timeoutMs: Math.max(1, deadline - Date.now()),
        });
        if (data.length === 0) return true;
      } catch (err) {
        if (!(err instanceof SockError)) throw err;
        return err.code !== TIMEOUT;
      }
    }
    return false;
  }

  close(): void {
    this.sock.close();
  }
}
