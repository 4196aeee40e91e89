/**
 * An incremental HTTP/1.x message parser (RFC 9112). Feed it whatever recv()
 * returned; next() hands back each complete message in order and keeps the
 * leftover bytes, so several pipelined requests in one recv come out one by
 * one and a message split across many recvs comes out once it is whole.
 *
 *   const parser = new RequestParser();
 *   parser.feed(await sock.recv(65536));
 *   for (let req = parser.next(); req; req = parser.next()) …
 *
 * Every refusal is an HttpError carrying the status a server answers with.
 */
import { HeaderList } from "./headers.js";
import { BODY_METHODS, HttpError, LIMITS, type Limits, METHODS } from "./limits.js";
import type { Framing, HttpRequest, HttpResponse, HttpVersion } from "./message.js";

const EMPTY = Buffer.alloc(0);
const LF = 0x0a;
const CR = 0x0d;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Field values: visible ASCII, obs-text, SP and HTAB; anything else below 0x20 (and DEL) is refused. */
const BAD_VALUE_BYTE = /[\u0000-\u0008\u000a-\u001f\u007f]/;

interface Head {
  lines: string[];
  headBytes: number;
}

type BodyState =
  | { phase: "length"; remaining: number }
  | { phase: "chunk-size" }
  | { phase: "chunk-data"; remaining: number }
  | { phase: "chunk-end" }
  | { phase: "trailers" }
  | { phase: "close" }
  | { phase: "done" };

/** A message whose header section is in and whose body is still arriving. */
export interface PendingHead {
  startLine: string;
  version: HttpVersion;
  headers: HeaderList;
}

interface Pending<T> {
  framing: Framing;
  state: BodyState;
  parts: Buffer[];
  size: number;
  wire: number;
  chunkSizes: number[];
  trailers: HeaderList;
  headerCount: number;
  head: PendingHead;
  build(body: Buffer, trailers: HeaderList, wire: number, chunkSizes: number[]): T;
}

abstract class MessageParser<T> {
  protected buf: Buffer = EMPTY;
  protected readonly limits: Limits;
  private scanPos = 0;
  private lineStart = 0;
  private headStart = 0;
  private lineCount = 0;
  private leadingEmpty = 0;
  private pending: Pending<T> | null = null;
  private failed: HttpError | null = null;

  constructor(limits: Partial<Limits> = {}) {
    this.limits = { ...LIMITS, ...limits };
  }

  /** Add bytes just received. */
  feed(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.buf = this.buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buf, chunk]);
  }

  /** Bytes received and not yet part of a returned message. */
  get buffered(): number {
    return this.buf.length;
  }

  /** True when part of a message has arrived but not all of it (a slow or cut-off peer). */
  get midMessage(): boolean {
    return this.pending !== null || this.buf.length > this.headStart;
  }

  /** The head of a message whose body has not all arrived (for Expect: 100-continue). */
  get waitingForBody(): PendingHead | null {
    return this.pending && this.pending.state.phase !== "done" ? this.pending.head : null;
  }

  /** The next complete message, or null until more bytes arrive. Throws HttpError. */
  next(): T | null {
    if (this.failed) throw this.failed;
    try {
      if (!this.pending) {
        const head = this.readHead();
        if (!head) return null;
        this.pending = this.begin(head);
      }
      return this.readBody();
    } catch (err) {
      if (err instanceof HttpError) this.failed = err;
      throw err;
    }
  }

  /**
   * The peer closed. Completes a body that ends by close; null when nothing
   * was pending; HttpError("incomplete") when a message was cut off.
   */
  end(): T | null {
    if (this.failed) throw this.failed;
    const p = this.pending;
    if (p && p.state.phase === "close") {
      p.state = { phase: "done" };
      return this.finish(p);
    }
    if (this.midMessage) {
      this.failed = new HttpError("incomplete", "the connection closed in the middle of a message");
      throw this.failed;
    }
    return null;
  }

  protected abstract begin(head: Head): Pending<T>;

  /** Checks on the first line while it is still arriving (garbage is refused at once). */
  protected checkFirstLinePrefix(_bytes: Buffer): void {}

  protected abstract firstLineTooLong(): HttpError;

  private readHead(): Head | null {
    const { maxHeaderBytes, maxHeaders, maxRequestLine, maxLeadingEmptyLines } = this.limits;
    for (;;) {
      const nl = this.buf.indexOf(LF, this.scanPos);
      if (nl < 0) {
        if (this.lineCount === 0 && this.buf.length > this.lineStart) {
          this.checkFirstLinePrefix(this.buf.subarray(this.lineStart));
          if (this.buf.length - this.lineStart > maxRequestLine) throw this.firstLineTooLong();
        }
        if (this.buf.length - this.headStart > maxHeaderBytes) {
          throw new HttpError("headersTooLarge", `header section over ${maxHeaderBytes} bytes`);
        }
        this.scanPos = this.buf.length;
        return null;
      }
      const end = nl > this.lineStart && this.buf[nl - 1] === CR ? nl - 1 : nl;
      const length = end - this.lineStart;
      if (length === 0) {
        if (this.lineCount === 0) {
          // Stray CRLFs between messages are ignored (RFC 9112 §2.2), a few of them.
          if (++this.leadingEmpty > maxLeadingEmptyLines) {
            throw new HttpError("malformed", "empty lines instead of a start line");
          }
          this.headStart = this.lineStart = this.scanPos = nl + 1;
          continue;
        }
        const head = this.buf.subarray(this.headStart, nl + 1);
        const lines = head.toString("latin1").split("\n");
        lines.length -= 2; // the empty line and what follows its LF
        const clean = lines.map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
        this.buf = this.buf.subarray(nl + 1);
        this.scanPos = this.lineStart = this.headStart = 0;
        this.lineCount = this.leadingEmpty = 0;
        if (clean.some((l) => l.includes("\r"))) {
          throw new HttpError("malformed", "a bare CR inside a line");
        }
        return { lines: clean, headBytes: head.length };
      }
      if (this.lineCount === 0) {
        this.checkFirstLinePrefix(this.buf.subarray(this.lineStart, end));
        if (length > maxRequestLine) throw this.firstLineTooLong();
      }
      this.lineCount++;
      if (this.lineCount - 1 > maxHeaders) {
        throw new HttpError("tooManyHeaders", `more than ${maxHeaders} header fields`);
      }
      if (nl + 1 - this.headStart > maxHeaderBytes) {
        throw new HttpError("headersTooLarge", `header section over ${maxHeaderBytes} bytes`);
      }
      this.lineStart = this.scanPos = nl + 1;
    }
  }

  protected parseFields(lines: string[], into: HeaderList): void {
    for (const line of lines) {
      if (line.startsWith(" ") || line.startsWith("\t")) {
        throw new HttpError(
          "obsFold",
          "a header line starts with whitespace (obsolete line folding)",
        );
      }
      const colon = line.indexOf(":");
      if (colon <= 0) throw new HttpError("malformed", "a header line without a name and a colon");
      const name = line.slice(0, colon);
      if (!TOKEN.test(name)) {
        throw new HttpError("malformed", "a header name with a character names may not have");
      }
      const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, "");
      if (BAD_VALUE_BYTE.test(value)) {
        throw new HttpError("controlByte", `a control byte in the value of ${name}`);
      }
      into.add(name, value);
    }
  }

  protected pendingWith(
    framing: Framing,
    state: BodyState,
    head: PendingHead,
    build: Pending<T>["build"],
  ): Pending<T> {
    return {
      head,
      headerCount: head.headers.size,
      framing,
      state,
      parts: [],
      size: 0,
      wire: 0,
      chunkSizes: [],
      trailers: new HeaderList(),
      build,
    };
  }

  protected abstract bodyLimit(): number;

  private take(p: Pending<T>, n: number): void {
    const piece = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    p.wire += n;
    if (p.state.phase === "close" || p.state.phase === "chunk-data" || p.state.phase === "length") {
      p.parts.push(piece);
      p.size += n;
    }
  }

  private readLine(p: Pending<T>, max: number, what: string): string | null {
    const nl = this.buf.indexOf(LF);
    if (nl < 0) {
      if (this.buf.length > max) throw new HttpError("badChunk", `${what} over ${max} bytes`);
      return null;
    }
    if (nl > max) throw new HttpError("badChunk", `${what} over ${max} bytes`);
    const end = nl > 0 && this.buf[nl - 1] === CR ? nl - 1 : nl;
    const line = this.buf.subarray(0, end).toString("latin1");
    this.buf = this.buf.subarray(nl + 1);
    p.wire += nl + 1;
    if (line.includes("\r")) throw new HttpError("malformed", "a bare CR inside a line");
    return line;
  }

  private readBody(): T | null {
    const p = this.pending!;
    const limit = this.bodyLimit();
    for (;;) {
      const s = p.state;
      switch (s.phase) {
        case "done":
          return this.finish(p);
        case "length": {
          const n = Math.min(s.remaining, this.buf.length);
          this.take(p, n);
          s.remaining -= n;
          if (s.remaining > 0) return null;
          p.state = { phase: "done" };
          continue;
        }
        case "close": {
          this.take(p, this.buf.length);
          if (p.size > limit) throw new HttpError("bodyTooLarge", `body over ${limit} bytes`);
          return null;
        }
        case "chunk-size": {
          const line = this.readLine(p, this.limits.maxChunkLine, "a chunk-size line");
          if (line === null) return null;
          const m = /^([0-9A-Fa-f]{1,16})[ \t]*(;.*)?$/.exec(line);
          if (!m || BAD_VALUE_BYTE.test(line)) {
            throw new HttpError("badChunk", "a chunk size that is not a hex number");
          }
          const size = Number.parseInt(m[1]!, 16);
          p.chunkSizes.push(size);
          if (p.size + size > limit)
            throw new HttpError("bodyTooLarge", `body over ${limit} bytes`);
          p.state = size === 0 ? { phase: "trailers" } : { phase: "chunk-data", remaining: size };
          continue;
        }
        case "chunk-data": {
          const n = Math.min(s.remaining, this.buf.length);
          this.take(p, n);
          s.remaining -= n;
          if (s.remaining > 0) return null;
          p.state = { phase: "chunk-end" };
          continue;
        }
        case "chunk-end": {
          if (this.buf.length === 0) return null;
          if (this.buf[0] === LF) {
            this.buf = this.buf.subarray(1);
            p.wire += 1;
          } else if (this.buf[0] === CR) {
            if (this.buf.length < 2) return null;
            if (this.buf[1] !== LF)
              throw new HttpError("badChunk", "chunk data not followed by CRLF");
            this.buf = this.buf.subarray(2);
            p.wire += 2;
          } else {
            throw new HttpError("badChunk", "chunk data longer than its size");
          }
          p.state = { phase: "chunk-size" };
          continue;
        }
        case "trailers": {
          const line = this.readLine(p, this.limits.maxHeaderBytes, "a trailer line");
          if (line === null) return null;
          if (line === "") {
            p.state = { phase: "done" };
            continue;
          }
          if (p.headerCount + p.trailers.size + 1 > this.limits.maxHeaders) {
            throw new HttpError(
              "tooManyHeaders",
              `more than ${this.limits.maxHeaders} header fields`,
            );
          }
          this.parseFields([line], p.trailers);
          continue;
        }
      }
    }
  }

  private finish(p: Pending<T>): T {
    this.pending = null;
    const body = p.parts.length === 1 ? Buffer.from(p.parts[0]!) : Buffer.concat(p.parts);
    return p.build(body, p.trailers, p.wire, p.chunkSizes);
  }

  /** Content-Length as a number; throws on anything but digits, or on differing copies. */
  protected contentLength(headers: HeaderList): number | null {
    const values = headers.tokens("content-length");
    if (!headers.has("content-length")) return null;
    if (values.length === 0 || values.some((v) => !/^\d+$/.test(v))) {
      throw new HttpError("badContentLength", "Content-Length is not a number");
    }
    if (new Set(values.map((v) => v.replace(/^0+(?=\d)/, ""))).size > 1) {
      throw new HttpError("conflictingLength", "Content-Length given twice with different values");
    }
    const digits = values[0]!.replace(/^0+(?=\d)/, "");
    if (digits.length > 15) return Number.MAX_SAFE_INTEGER;
    return Number(digits);
  }
}

function versionOf(major: string, minor: string): HttpVersion | null {
  if (major === "1" && minor === "1") return "HTTP/1.1";
  if (major === "1" && minor === "0") return "HTTP/1.0";
  return null;
}

/** Parses requests (the server's side). */
export class RequestParser extends MessageParser<HttpRequest> {
  private prefixChecked = 0;

  protected override checkFirstLinePrefix(bytes: Buffer): void {
    // A request line is printable ASCII; TLS hellos, NULs and ESCs are refused at once, not after a timeout.
    for (let i = this.prefixChecked; i < bytes.length; i++) {
      const b = bytes[i]!;
      if ((b < 0x20 || b > 0x7e) && !(b === CR && i === bytes.length - 1)) {
        this.prefixChecked = 0;
        throw new HttpError("malformed", "bytes that cannot be part of a request line");
      }
    }
    this.prefixChecked = bytes.length;
  }

  protected firstLineTooLong(): HttpError {
    return new HttpError(
      "requestLineTooLong",
      `request line over ${this.limits.maxRequestLine} bytes`,
    );
  }

  protected bodyLimit(): number {
    return this.limits.maxBodyBytes;
  }

  protected begin(head: Head): Pending<HttpRequest> {
    this.prefixChecked = 0;
    const [startLine = "", ...fieldLines] = head.lines;
    const parts = startLine.split(" ");
    if (parts.length !== 3 || parts.some((p) => p === "")) {
      throw new HttpError("malformed", "the request line is not: method SP target SP version");
    }
    const [method, target, versionText] = parts as [string, string, string];
    const v = /^HTTP\/(\d)\.(\d)$/.exec(versionText);
    if (!v) throw new HttpError("malformed", "the request line does not end in HTTP/x.y");
    const version = versionOf(v[1]!, v[2]!);
    if (!version) {
      throw new HttpError(
        "versionNotSupported",
        `${versionText} is not supported: only HTTP/1.0 and HTTP/1.1`,
      );
    }
    if (!TOKEN.test(method)) throw new HttpError("malformed", "the method is not a token");
    if (!/^[\x21-\x7e]+$/.test(target))
      throw new HttpError("malformed", "the request-target has bytes it may not have");
    if (!METHODS.includes(method)) {
      throw new HttpError("methodNotImplemented", `method ${method} is not implemented here`);
    }
    const headers = new HeaderList();
    this.parseFields(fieldLines, headers);
    const hosts = headers.getAll("host");
    if (version === "HTTP/1.1" && hosts.length === 0) {
      throw new HttpError("missingHost", "an HTTP/1.1 request without Host");
    }
    if (hosts.length > 1) throw new HttpError("malformed", "more than one Host");

    let framing: Framing = "none";
    let state: BodyState = { phase: "done" };
    const length = this.contentLength(headers);
    if (headers.has("transfer-encoding")) {
      if (version === "HTTP/1.0") {
        throw new HttpError("malformed", "Transfer-Encoding in an HTTP/1.0 request");
      }
      const codings = headers.tokens("transfer-encoding");
      const unknown = codings.find((c) => c !== "chunked");
      if (unknown !== undefined) {
        throw new HttpError("unsupportedCoding", "a transfer-coding other than chunked");
      }
      if (codings.length !== 1) throw new HttpError("malformed", "chunked given more than once");
      if (length !== null) {
        // Both framings at once is how request smuggling works (RFC 9112 §6.1): refuse.
        throw new HttpError("conflictingLength", "both Transfer-Encoding and Content-Length");
      }
      framing = "chunked";
      state = { phase: "chunk-size" };
    } else if (length !== null) {
      if (length > this.limits.maxBodyBytes) {
        throw new HttpError(
          "bodyTooLarge",
          `body of ${length} bytes, over ${this.limits.maxBodyBytes}`,
        );
      }
      framing = "length";
      state = length === 0 ? { phase: "done" } : { phase: "length", remaining: length };
    } else if (BODY_METHODS.includes(method)) {
      throw new HttpError("lengthRequired", `${method} without Content-Length or chunked`);
    }
    return this.pendingWith(
      framing,
      state,
      { startLine, version, headers },
      (body, trailers, wire, chunkSizes) => ({
        method,
        target,
        version,
        headers,
        body,
        trailers,
        startLine,
        framing,
        headBytes: head.headBytes,
        wireBodyBytes: wire,
        ...(framing === "chunked" ? { chunkSizes } : {}),
      }),
    );
  }
}

/**
 * Parses responses (the client's side). Call expect(method) for each request
 * sent, in order: a response to HEAD has no body however it is framed.
 */
export class ResponseParser extends MessageParser<HttpResponse> {
  private readonly methods: string[] = [];

  expect(method: string): void {
    this.methods.push(method);
  }

  protected firstLineTooLong(): HttpError {
    return new HttpError("headersTooLarge", `status line over ${this.limits.maxRequestLine} bytes`);
  }

  protected bodyLimit(): number {
    return this.limits.maxResponseBodyBytes;
  }

  protected begin(head: Head): Pending<HttpResponse> {
    const [startLine = "", ...fieldLines] = head.lines;
    const m = /^HTTP\/(\d)\.(\d) (\d{3})(?: (.*))?$/.exec(startLine);
    if (!m) throw new HttpError("malformed", "the status line is not: HTTP/x.y SP code SP reason");
    const version = versionOf(m[1]!, m[2]!);
    if (!version)
      throw new HttpError("versionNotSupported", "a response in a version other than 1.x");
    const status = Number(m[3]);
    const reason = m[4] ?? "";
    if (BAD_VALUE_BYTE.test(reason))
      throw new HttpError("controlByte", "a control byte in the reason phrase");
    const headers = new HeaderList();
    this.parseFields(fieldLines, headers);
    // An interim 1xx answers the same request as the final response after it.
    const method = status >= 200 ? (this.methods.shift() ?? "GET") : (this.methods[0] ?? "GET");

    let framing: Framing;
    let state: BodyState;
    if (method === "HEAD" || status < 200 || status === 204 || status === 304) {
      framing = "none";
      state = { phase: "done" };
    } else if (headers.has("transfer-encoding")) {
      const codings = headers.tokens("transfer-encoding");
      if (codings.at(-1) === "chunked" && codings.length === 1) {
        framing = "chunked";
        state = { phase: "chunk-size" };
      } else {
        // A coding this client cannot undo: the body is whatever comes until close (RFC 9112 §6.3).
        framing = "close";
        state = { phase: "close" };
      }
    } else {
      const length = this.contentLength(headers);
      if (length === null) {
        framing = "close";
        state = { phase: "close" };
      } else {
        if (length > this.limits.maxResponseBodyBytes) {
          throw new HttpError(
            "bodyTooLarge",
            `body of ${length} bytes, over ${this.limits.maxResponseBodyBytes}`,
          );
        }
        framing = "length";
        state = length === 0 ? { phase: "done" } : { phase: "length", remaining: length };
      }
    }
    return this.pendingWith(
      framing,
      state,
      { startLine, version, headers },
      (body, trailers, wire, chunkSizes) => ({
        status,
        reason,
        version,
        headers,
        body,
        trailers,
        startLine,
        framing,
        headBytes: head.headBytes,
        wireBodyBytes: wire,
        ...(framing === "chunked" ? { chunkSizes } : {}),
      }),
    );
  }
}
