/** The `http` trace events: one per header block that crossed the wire, from the side that sent or received it. */
import type { NetEnv } from "../net/env.js";
import { escapeBytes, PLAIN_ASCII } from "../trace/escape.js";
import type { Actor } from "../trace/events.js";
import type { HeaderList } from "./headers.js";

const PREVIEW_BYTES = 160;

/** A header value as the peer sent it (latin1 string of its bytes), made safe for display. */
export function escapeField(value: string): string {
  // Printable ASCII without a backslash needs no escape: nearly every field, every time.
  return PLAIN_ASCII.test(value) ? value : escapeBytes(Buffer.from(value, "latin1"));
}

function textual(headers: HeaderList, body: Buffer): boolean {
  const type = headers.get("content-type")?.toLowerCase();
  if (type) {
    return /^text\/|json|xml|javascript|x-www-form-urlencoded/.test(type);
  }
  // No type: show it if it looks like text.
  const sample = body.subarray(0, PREVIEW_BYTES);
  let odd = 0;
  for (const b of sample) if (b < 0x09 || (b > 0x0d && b < 0x20)) odd++;
  return odd === 0;
}

export function bodyPreview(headers: HeaderList, body: Buffer): string | undefined {
  if (body.length === 0 || !textual(headers, body)) return undefined;
  const cut = body.length > PREVIEW_BYTES;
  // escapeBytes of a cut UTF-8 sequence falls back to \xNN for the whole preview; trim to a boundary.
  let end = Math.min(body.length, PREVIEW_BYTES);
  while (cut && end > 0 && (body[end]! & 0xc0) === 0x80) end--;
  return `${escapeBytes(body.subarray(0, end))}${cut ? "…" : ""}`;
}

export interface HttpBlock {
  startLine: string;
  headers: HeaderList;
  /** The body bytes sent or received (decoded from chunks). */
  body: Buffer;
  /** Body bytes on the wire when they differ from body.length (0 for HEAD). */
  bodyBytes?: number;
}

export function emitHttp(
  env: NetEnv,
  actor: Actor,
  dir: "request" | "response",
  block: HttpBlock,
  conn: number | null,
): number {
  const shown = block.bodyBytes === 0 ? Buffer.alloc(0) : block.body;
  const body = bodyPreview(block.headers, shown);
  const headers: [string, string][] = [];
  block.headers.forEach((n, v) => {
    headers.push([escapeField(n), escapeField(v)]);
  });
  return env.tracer.emit({
    kind: "http",
    actor,
    dir,
    startLine: escapeField(block.startLine),
    headers,
    bodyBytes: block.bodyBytes ?? block.body.length,
    conn,
    ...(body !== undefined ? { body } : {}),
  }).t;
}
