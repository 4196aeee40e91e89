/**
 * Every limit of the HTTP layer, in one place, with the status a server
 * answers when a peer crosses it. A lesson may pass its own `Partial<Limits>`
 * to httpServer/httpClient; whatever it leaves out comes from here.
 */
export interface Limits {
  /** Longest request line (method, target, version) in bytes → 414 URI Too Long. */
  maxRequestLine: number;
  /** Most header fields in one message (trailers included) → 431. */
  maxHeaders: number;
  /** Largest header section (start line and fields) in bytes → 431. */
  maxHeaderBytes: number;
  /** Largest request body in bytes → 413 Content Too Large. */
  maxBodyBytes: number;
  /** Largest response body a client accepts in bytes (the client gives up and closes). */
  maxResponseBodyBytes: number;
  /** Longest chunk-size line (hex size plus extensions) in chunked coding → 400. */
  maxChunkLine: number;
  /** Empty lines tolerated before a request line (RFC 9112 §2.2 says ignore at least one). */
  maxLeadingEmptyLines: number;
  /** No complete request within this time after accept or after the last response → close (408 if a request had begun). */
  idleTimeoutMs: number;
  /**
   * Pipelined requests a server works on at once per connection; reading
   * pauses beyond this, and stays paused while the kernel will not take the
   * answers (a client that sends and never reads fills its own window, not
   * the server's memory).
   */
  maxPipelined: number;
  /** An answer the kernel will not take for this long (the client reads none of them) → close. */
  unreadTimeoutMs: number;
  /** How long a client waits for a response before it gives up. */
  responseTimeoutMs: number;
}

export const LIMITS: Readonly<Limits> = Object.freeze({
  maxRequestLine: 8 * 1024,
  maxHeaders: 100,
  maxHeaderBytes: 16 * 1024,
  maxBodyBytes: 1024 * 1024,
  maxResponseBodyBytes: 16 * 1024 * 1024,
  maxChunkLine: 1024,
  maxLeadingEmptyLines: 4,
  idleTimeoutMs: 10_000,
  maxPipelined: 16,
  unreadTimeoutMs: 10_000,
  responseTimeoutMs: 30_000,
});

export function limitsWith(overrides: Partial<Limits> = {}): Limits {
  return { ...LIMITS, ...overrides };
}

/**
 * Methods this server implements; any other well-formed method gets 501
 * (RFC 9110 §9.1). CONNECT and TRACE are deliberately absent.
 */
export const METHODS: readonly string[] = [
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "DELETE",
  "OPTIONS",
  "PATCH",
];

/** Methods whose requests carry a body and so need Content-Length or chunked → else 411. */
export const BODY_METHODS: readonly string[] = ["POST", "PUT", "PATCH"];

/** Methods safe to send again after a connection died before answering (RFC 9110 §9.2.2). */
export const IDEMPOTENT_METHODS: readonly string[] = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"];

/** Why a message was refused: every kind maps to one status and one engine message. */
export type Violation =
  | "malformed"
  | "requestLineTooLong"
  | "tooManyHeaders"
  | "headersTooLarge"
  | "bodyTooLarge"
  | "lengthRequired"
  | "badContentLength"
  | "conflictingLength"
  | "obsFold"
  | "controlByte"
  | "missingHost"
  | "badChunk"
  | "unsupportedCoding"
  | "methodNotImplemented"
  | "versionNotSupported"
  | "incomplete"
  | "idleTimeout";

export const VIOLATION_STATUS: Readonly<Record<Violation, number>> = Object.freeze({
  malformed: 400,
  requestLineTooLong: 414,
  tooManyHeaders: 431,
  headersTooLarge: 431,
  bodyTooLarge: 413,
  lengthRequired: 411,
  badContentLength: 400,
  conflictingLength: 400,
  obsFold: 400,
  controlByte: 400,
  missingHost: 400,
  badChunk: 400,
  unsupportedCoding: 501,
  methodNotImplemented: 501,
  versionNotSupported: 505,
  incomplete: 400,
  idleTimeout: 408,
});

/**
 * A message the parser refused. `status` is what a server answers before it
 * closes; `detail` is short, English and safe to put in a response body (it
 * never quotes the peer's bytes unescaped).
 */
export class HttpError extends Error {
  readonly status: number;
  constructor(
    readonly violation: Violation,
    readonly detail: string,
  ) {
    super(`${VIOLATION_STATUS[violation]}: ${detail}`);
    this.name = "HttpError";
    this.status = VIOLATION_STATUS[violation];
  }
}
