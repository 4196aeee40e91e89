import {
  emitHttp,
  HttpError,
  type HttpResponse,
  type RequestInit,
  ResponseParser,
  serializeRequest,
} from "../../src/http/index.js";
import { formatAddr } from "../../src/net/address.js";
import { SockError } from "../../src/net/env.js";
import type { TcpSocket } from "../../src/net/tcp.js";
import type { VerifyContext } from "../../src/runtime/verify.js";

/**
 * One connection to a student's server, for the connection lessons' checks:
 * requests written exactly as the check wants (several in one write, or one
 * cut in two), responses read with the HTTP layer's parser, in order, and
 * the close noticed. Every request and response is an `http` event.
 */
export type Read =
  | { kind: "response"; res: HttpResponse }
  | { kind: "closed" }
  | { kind: "timeout" };

export class Wire {
  private readonly parser = new ResponseParser();
  private eof = false;

  private constructor(
    private readonly ctx: VerifyContext,
    readonly sock: TcpSocket,
  ) {}

  static async open(ctx: VerifyContext): Promise<Wire> {
    const sock = ctx.tcp("client");
    await sock.connect(ctx.target, { timeoutMs: ctx.timeouts.replyMs });
    return new Wire(ctx, sock);
  }

  get conn(): number | null {
    return this.sock.conn;
  }

  private serialize(init: RequestInit) {
    const req = serializeRequest({
      ...init,
      headers: [
        ["Host", formatAddr(this.ctx.target)!],
        ...((init.headers as [string, string][]) ?? []),
      ],
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
    for (const r of reqs) emitHttp(this.ctx.env, "client", "request", r, this.conn);
  }

  /** The next response, or how the wait ended. A reply that is not HTTP fails the check. */
  async read(label: string): Promise<Read> {
    try {
      for (;;) {
        const res = this.parser.next() ?? (this.eof ? this.parser.end() : null);
        if (res) {
          emitHttp(this.ctx.env, "client", "response", res, this.conn);
          return { kind: "response", res };
        }
        if (this.eof) return { kind: "closed" };
        let data: Buffer;
        try {
          data = await this.sock.recv(65536, { timeoutMs: this.ctx.timeouts.replyMs });
        } catch (err) {
          if (!(err instanceof SockError)) throw err;
          if (err.code === "ETIMEDOUT") return { kind: "timeout" };
          this.eof = true;
          continue;
        }
        if (data.length === 0) this.eof = true;
        else this.parser.feed(data);
      }
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      this.ctx.failCheck({
        reason: this.ctx.say("verify.wire.notHttp", { request: label, detail: err.detail }),
        hint: this.ctx.say("verify.wire.hint.notHttp"),
      });
    }
  }

  /** Whether the server closes the connection within the check's close timeout. */
  async closes(): Promise<boolean> {
    if (this.eof) return true;
    const deadline = Date.now() + this.ctx.timeouts.closeMs;
    while (Date.now() < deadline) {
      try {
        const data = await this.sock.recv(65536, {
          timeoutMs: Math.max(1, deadline - Date.now()),
        });
        if (data.length === 0) return true;
      } catch (err) {
        if (!(err instanceof SockError)) throw err;
        return err.code !== "ETIMEDOUT";
      }
    }
    return false;
  }

  /** A response, or the check fails saying what came instead. */
  async expect(label: string): Promise<HttpResponse> {
    const got = await this.read(label);
    if (got.kind === "response") return got.res;
    const seconds = this.ctx.timeouts.replyMs / 1000;
    this.ctx.failCheck(
      got.kind === "timeout"
        ? {
            reason: this.ctx.say("verify.wire.noResponse", { request: label, seconds }),
            hint: this.ctx.say("verify.wire.hint.noResponse"),
          }
        : {
            reason: this.ctx.say("verify.wire.closed", { request: label, conn: this.conn ?? "—" }),
            hint: this.ctx.say("verify.wire.hint.closed"),
          },
    );
  }

  close(): void {
    this.sock.close();
  }
}

/** The sentences Wire and both lessons' checks share. */
export const wireText = {
  en: {
    "verify.wire.noResponse": "no answer to {request} within {seconds} s",
    "verify.wire.hint.noResponse":
      "Read the request up to its empty line (\\r\\n\\r\\n), then send a status line, the header fields with Content-Length, an empty line and the body.",
    "verify.wire.notHttp": "the answer to {request} is not an HTTP response: {detail}",
    "verify.wire.hint.notHttp":
      "Start each answer with a status line such as HTTP/1.1 200 OK\\r\\n, one header field per line, then an empty line.",
    "verify.wire.closed": "connection {conn} was closed before {request} was answered",
    "verify.wire.hint.closed":
      "Keep reading requests from the same connection in a loop; close it only when a request says Connection: close, when the client closes, or after an idle timeout.",
  },
  ko: {
    "verify.wire.noResponse": "{request}에 {seconds}초 안에 응답이 없습니다",
    "verify.wire.hint.noResponse":
      "요청을 빈 줄(\\r\\n\\r\\n)까지 읽은 뒤 상태 라인, Content-Length를 포함한 헤더 필드, 빈 줄, 본문을 보내세요.",
    "verify.wire.notHttp": "{request}에 대한 답이 HTTP 응답이 아닙니다: {detail}",
    "verify.wire.hint.notHttp":
      "응답마다 HTTP/1.1 200 OK\\r\\n 같은 상태 라인으로 시작하고, 헤더 필드를 한 줄에 하나씩 쓴 뒤 빈 줄을 보내세요.",
    "verify.wire.closed": "{request}에 응답하기 전에 연결 {conn}이(가) 닫혔습니다",
    "verify.wire.hint.closed":
      "같은 연결에서 요청을 반복해서 읽으세요. 요청이 Connection: close라고 하거나, 클라이언트가 닫거나, 유휴 타임아웃이 지났을 때만 연결을 닫으세요.",
  },
} as const;
