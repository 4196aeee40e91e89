/**
 * Turning messages into bytes. The serializer writes exactly what it is given
 * plus the framing it must add (Content-Length or chunks), and refuses field
 * names and values that would break the message (a CR or LF in a value is a
 * header-injection hole, so it throws instead).
 */
import { HeaderList } from "./headers.js";
import type { HttpVersion, RequestInit, ResponseInit } from "./message.js";

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_VALUE = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** Reason phrases of RFC 9110 §15 (the ones a lesson is likely to meet). */
export const STATUS_TEXT: Readonly<Record<number, string>> = Object.freeze({
  100: "Continue",
  101: "Switching Protocols",
  200: "OK",
  201: "Created",
  202: "Accepted",
  204: "No Content",
  206: "Partial Content",
  301: "Moved Permanently",
  302: "Found",
  303: "See Other",
  304: "Not Modified",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  408: "Request Timeout",
  409: "Conflict",
  410: "Gone",
  411: "Length Required",
  412: "Precondition Failed",
  413: "Content Too Large",
  414: "URI Too Long",
  415: "Unsupported Media Type",
  417: "Expectation Failed",
  429: "Too Many Requests",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
  505: "HTTP Version Not Supported",
});

export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? "";
}

/** An IMF-fixdate (RFC 9110 §5.6.7) for Date, Last-Modified, Expires. */
export function httpDate(date?: Date): string {
  if (date) return date.toUTCString();
  // A busy server answers many requests in one second: the string is made once per second.
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastDate = new Date(now).toUTCString();
  }
  return lastDate;
}
let lastSecond = -1;
let lastDate = "";

/** Parse an HTTP date (IMF-fixdate and the two obsolete forms); null when it is not one. */
export function parseHttpDate(text: string): Date | null {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** Whether a response to this request, with this status, may have a body (RFC 9112 §6.3). */
export function responseHasBody(method: string, status: number): boolean {
  return method !== "HEAD" && status >= 200 && status !== 204 && status !== 304;
}

function bytesOf(body: string | Uint8Array | undefined): Buffer {
  if (body === undefined) return Buffer.alloc(0);
  if (typeof body === "string") return Buffer.from(body, "utf8");
  return Buffer.isBuffer(body) ? body : Buffer.from(body);
}

/** The head and the body in one buffer: one allocation and one copy of the body per message. */
function messageBytes(startLine: string, headers: HeaderList, body: Buffer): Buffer {
  const head = headText(startLine, headers);
  const bytes = Buffer.allocUnsafe(head.length + body.length);
  bytes.write(head, 0, "latin1");
  body.copy(bytes, head.length);
  return bytes;
}

function headText(startLine: string, headers: HeaderList): string {
  let text = `${startLine}\r\n`;
  headers.forEach((name, value) => {
    if (!TOKEN.test(name)) throw new TypeError(`invalid header name ${JSON.stringify(name)}`);
    if (BAD_VALUE.test(value)) {
      throw new TypeError(`invalid byte in the value of header ${name}`);
    }
    text += `${name}: ${value}\r\n`;
  });
  return `${text}\r\n`;
}

function chunked(pieces: Buffer[], trailers?: HeaderList): Buffer {
  const out: Buffer[] = [];
  for (const piece of pieces) {
    if (piece.length === 0) continue; // a zero-size chunk would end the body early
    out.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n"));
  }
  let tail = "0\r\n";
  for (const [n, v] of trailers ?? []) tail += `${n}: ${v}\r\n`;
  out.push(Buffer.from(`${tail}\r\n`));
  return Buffer.concat(out);
}

export interface SerializedRequest {
  bytes: Buffer;
  startLine: string;
  headers: HeaderList;
  body: Buffer;
  method: string;
  version: HttpVersion;
}

/**
 * A request as bytes. Adds Content-Length (or Transfer-Encoding: chunked)
 * when there is a body and the caller did not frame it; adds nothing else:
 * Host and Connection are the caller's (the client adds Host).
 */
export function serializeRequest(init: RequestInit): SerializedRequest {
  const method = init.method ?? "GET";
  const target = init.target ?? "/";
  const version: HttpVersion = init.version ?? "HTTP/1.1";
  if (!TOKEN.test(method)) throw new TypeError(`invalid method ${JSON.stringify(method)}`);
  if (!/^[\x21-\x7e]+$/.test(target)) throw new TypeError("invalid request-target");
  const headers = new HeaderList(init.headers);
  const body = bytesOf(init.body);
  const startLine = `${method} ${target} ${version}`;
  let wireBody: Buffer = body;
  if (init.chunked) {
    headers.delete("content-length").set("Transfer-Encoding", "chunked");
    wireBody = chunked([body]);
  } else if (!headers.has("transfer-encoding") && (body.length > 0 || init.body !== undefined)) {
    headers.set("Content-Length", body.length);
  }
  return {
    bytes: messageBytes(startLine, headers, wireBody),
    startLine,
    headers,
    body,
    method,
    version,
  };
}

export interface SerializedResponse {
  bytes: Buffer;
  startLine: string;
  headers: HeaderList;
  /** The body as the handler gave it (sent or, for HEAD, only described by Content-Length). */
  body: Buffer;
  /** Body bytes that actually crossed the wire (0 for HEAD, 204, 304). */
  sentBodyBytes: number;
  framing: "none" | "length" | "chunked" | "close";
}

/**
 * A response as bytes, for a request with `method` (HEAD gets the headers a
 * GET would get, without the body). Sets Content-Length from the body unless
 * the framing is chunked or close, or the status has no body at all.
 */
export function serializeResponse(
  init: ResponseInit,
  opts: { method?: string; version?: HttpVersion } = {},
): SerializedResponse {
  const method = opts.method ?? "GET";
  const status = init.status;
  if (!Number.isInteger(status) || status < 100 || status > 999) {
    throw new TypeError(`invalid status ${status}`);
  }
  const reason = init.reason ?? statusText(status);
  if (BAD_VALUE.test(reason)) throw new TypeError("invalid reason phrase");
  const startLine = `${opts.version ?? "HTTP/1.1"} ${status} ${reason}`;
  const headers = new HeaderList(init.headers);
  const pieces = init.chunks ? init.chunks.map(bytesOf) : [bytesOf(init.body)];
  const body = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
  const bodyAllowed = status >= 200 && status !== 204 && status !== 304;
  const sendBody = bodyAllowed && method !== "HEAD";
  let framing: SerializedResponse["framing"] = "none";
  let wireBody: Buffer = Buffer.alloc(0);

  if (!bodyAllowed) {
    // 1xx and 204 never carry Content-Length; a 304 keeps one only if the handler set it.
    if (status < 200 || status === 204) headers.delete("content-length");
    headers.delete("transfer-encoding");
  } else if (init.framing === "chunked") {
    headers.delete("content-length").set("Transfer-Encoding", "chunked");
    framing = "chunked";
    if (sendBody) wireBody = chunked(pieces);
  } else if (init.framing === "close") {
    headers.delete("content-length").delete("transfer-encoding");
    framing = "close";
    if (sendBody) wireBody = body;
  } else {
    headers.set("Content-Length", body.length);
    framing = "length";
    if (sendBody) wireBody = body;
  }
  if (!sendBody) framing = framing === "close" ? "close" : "none";
  return {
    bytes: messageBytes(startLine, headers, wireBody),
    startLine,
    headers,
    body,
    sentBodyBytes: sendBody ? body.length : 0,
    framing,
  };
}
