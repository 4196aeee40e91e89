import type { HeaderInit, HeaderList } from "./headers.js";

export type HttpVersion = "HTTP/1.0" | "HTTP/1.1";

/**
 * How a body's end is known (RFC 9112 §6.3): `none` (no body by rule: HEAD,
 * 1xx, 204, 304, or a request without length), `length` (Content-Length),
 * `chunked`, or `close` (a response read until the server closed).
 */
export type Framing = "none" | "length" | "chunked" | "close";

interface Message {
  version: HttpVersion;
  headers: HeaderList;
  body: Buffer;
  /** Fields after a chunked body; empty otherwise. */
  trailers: HeaderList;
  /** The first line as it came (latin1, unescaped: escape before display). */
  startLine: string;
  framing: Framing;
  /** Bytes of the header section (start line through the empty line). */
  headBytes: number;
  /** Bytes of the body as it crossed the wire (chunk sizes and trailers included). */
  wireBodyBytes: number;
  /** The size of each chunk, the final 0 included (chunked bodies only). */
  chunkSizes?: number[];
}

export interface HttpRequest extends Message {
  method: string;
  /** The request-target as sent: usually origin-form like `/cart?x=1`. */
  target: string;
}

export interface HttpResponse extends Message {
  status: number;
  reason: string;
}

/** What a handler returns and what the serializer takes for a response. */
export interface ResponseInit {
  status: number;
  /** Defaults to the standard phrase for the status (statusText). */
  reason?: string;
  headers?: HeaderInit;
  body?: string | Uint8Array;
  /**
   * `length` (default): Content-Length from the body. `chunked`: the body goes
   * out in chunks (`chunks`, or the body as one chunk). `close`: no length at
   * all, the body ends when the server closes (so the connection cannot persist).
   */
  framing?: "length" | "chunked" | "close";
  /** The pieces of a chunked body, each sent as one chunk. */
  chunks?: (string | Uint8Array)[];
}

/** What a client sends. */
export interface RequestInit {
  method?: string;
  target?: string;
  version?: HttpVersion;
  headers?: HeaderInit;
  body?: string | Uint8Array;
  /** Send the body chunked instead of with Content-Length. */
  chunked?: boolean;
}
