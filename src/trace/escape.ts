/**
 * Bytes from the network are untrusted: before they reach a terminal or a
 * JSON line every control character becomes a visible escape, so a peer can
 * never move the cursor, clear the screen or change colours. A backslash the
 * peer sent is written \\, as Python's repr() does, so the four characters
 * \r\n a peer typed never read as the two bytes CR LF.
 */

const NAMED: Record<number, string> = { 9: "\\t", 10: "\\n", 13: "\\r", 92: "\\\\" };

function escapeCode(code: number): string {
  return NAMED[code] ?? `\\x${code.toString(16).padStart(2, "0")}`;
}

/** Nothing to escape: what most header fields are (checked first, as it is much cheaper). */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** One decoder for every call: each decode() is complete in itself (no stream state carries over). */
const UTF8 = new TextDecoder("utf-8", { fatal: false });

/** C0, DEL, C1 and the Unicode line/paragraph separators and bidi controls. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One character as its escape: a named one, \xNN, or \uNNNN beyond Latin-1. */
function escapeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return code < 0x100 ? escapeCode(code) : `\\u${code.toString(16).padStart(4, "0")}`;
}

export function escapeText(text: string): string {
  if (PRINTABLE_ASCII.test(text)) return text;
  return text.replace(CONTROL, escapeChar);
}

/** Printable ASCII but the backslash: a peer's text that escapeBytes leaves as it is. */
export const PLAIN_ASCII = /^[\x20-\x5b\x5d-\x7e]*$/;

/** What escapeBytes escapes in decoded text: the controls and the backslash. */
const WIRE_SPECIAL = new RegExp(`\\\\|${CONTROL.source}`, "g");

/**
 * A peer's bytes as trace text: UTF-8 where valid, the rest as \xNN, controls
 * escaped and a backslash doubled, so the text reads back to exactly these bytes.
 */
export function escapeBytes(buf: Uint8Array): string {
  const text = UTF8.decode(buf);
  if (!text.includes("\ufffd")) {
    if (PLAIN_ASCII.test(text)) return text;
    return text.replace(WIRE_SPECIAL, escapeChar);
  }
  let out = "";
  for (const byte of buf) {
    out +=
      byte >= 0x20 && byte < 0x7f && byte !== 0x5c ? String.fromCharCode(byte) : escapeCode(byte);
  }
  return out;
}

/** The escapes of an escaped text, each whole: \\ is one, so the \\n after it is not LF. */
const ESCAPE = /\\(?:x[0-9a-f]{2}|u[0-9a-f]{4}|[\s\S])/g;

/** One escape (\\, \n, \x1b, \u2028) or one code point of an escaped text. */
const TOKEN = new RegExp(`${ESCAPE.source}|[\\s\\S]`, "gu");

/** An escaped payload with its \r and \n drawn as ␍ and ␊. */
export function visibleEscapes(escaped: string): string {
  return escaped.replace(ESCAPE, (e) => (e === "\\r" ? "␍" : e === "\\n" ? "␊" : e));
}

/**
 * A Python bytes literal of the payload, exactly as Python's repr() prints it
 * (double quotes when it holds ' but no "), cut after `max` bytes.
 */
export function pyBytes(buf: Uint8Array, max = 40): string {
  const shown = buf.subarray(0, max);
  const quote = shown.includes(0x27) && !shown.includes(0x22) ? '"' : "'";
  let out = "";
  for (const byte of shown) {
    if (byte === 0x5c) out += "\\\\";
    else if (byte === quote.charCodeAt(0)) out += `\\${quote}`;
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += escapeCode(byte);
  }
  // The cut mark stays outside the literal, so what is shown is still valid Python.
  return `b${quote}${out}${quote}${buf.length > max ? "…" : ""}`;
}

/**
 * Cut an already escaped string for display: by code points (never half an
 * emoji), and never in the middle of an escape such as \x1b.
 */
export function preview(text: string, max = 60): string {
  if (text.length <= max) return text;
  let cut = "";
  let chars = 0;
  // Lazily: a 64 KiB payload is read only as far as the cut.
  for (const [token] of text.matchAll(TOKEN)) {
    const size = token.startsWith("\\") ? token.length : 1;
    if (chars + size > max) return `${cut}…`;
    cut += token;
    chars += size;
  }
  return text;
}
