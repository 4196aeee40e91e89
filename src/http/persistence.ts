/**
 * Whether a connection outlives an exchange (RFC 9112 §9.3), with the reason,
 * so the connection lessons can show the rule that decided it.
 */
import type { HeaderList } from "./headers.js";
import type { Framing, HttpVersion } from "./message.js";

export type PersistReason =
  /** HTTP/1.1 and nobody said close: persistent by default. */
  | "http11Default"
  /** The request said Connection: close. */
  | "requestClose"
  /** The response said Connection: close. */
  | "responseClose"
  /** HTTP/1.0 without Connection: keep-alive: one request per connection. */
  | "http10Default"
  /** HTTP/1.0 with Connection: keep-alive, and the response agreed (or is not known yet). */
  | "http10KeepAlive"
  /** HTTP/1.0 asked for keep-alive but the response did not echo it: the client must assume close. */
  | "http10NotEchoed"
  /** The response had neither Content-Length nor chunked: its end is the close itself. */
  | "closeDelimited"
  /** The response is HTTP/1.0 without keep-alive. */
  | "responseHttp10";

export interface Persistence {
  keep: boolean;
  reason: PersistReason;
}

interface Side {
  version: HttpVersion | string;
  headers: HeaderList;
}

/** The lower-cased tokens of the Connection field (close, keep-alive, and the hop-by-hop names). */
export function connectionTokens(headers: HeaderList): string[] {
  return headers.tokens("connection");
}

/**
 * Decide persistence from the request alone (what the server can know before
 * answering) or from both messages (what both sides know after the exchange).
 */
export function keepAlive(
  request: Side,
  response?: Side & { framing?: Framing | "none" },
): Persistence {
  const reqTokens = connectionTokens(request.headers);
  const resTokens = response ? connectionTokens(response.headers) : [];
  if (response?.framing === "close") return { keep: false, reason: "closeDelimited" };
  if (reqTokens.includes("close")) return { keep: false, reason: "requestClose" };
  if (resTokens.includes("close")) return { keep: false, reason: "responseClose" };
  if (request.version === "HTTP/1.0") {
    if (!reqTokens.includes("keep-alive")) return { keep: false, reason: "http10Default" };
    if (response && !resTokens.includes("keep-alive")) {
      return { keep: false, reason: "http10NotEchoed" };
    }
    return { keep: true, reason: "http10KeepAlive" };
  }
  if (response && response.version === "HTTP/1.0" && !resTokens.includes("keep-alive")) {
    return { keep: false, reason: "responseHttp10" };
  }
  return { keep: true, reason: "http11Default" };
}
