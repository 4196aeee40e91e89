/**
 * Bytes from the network are untrusted: before they reach a terminal or a
 * JSON line every control character becomes a visible escape, so a peer can
 * never move the cursor, clear the screen or change colours.
 */

const NAMED: Record<number, string> = { 9: "\\t", 10: "\\n", 13: "\\r" };

function escapeCode(code: number): string {
  return NAMED[code] ?? `\\x${code.toString(16).padStart(2, "0")}`;
}

/** Nothing to escape: what most header fields are (checked first, as it is much cheaper). */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** One decoder for every call: each decode() is complete in itself (no stream state carries over). */
const UTF8 = new TextDecoder("utf-8", { fatal: false });

/** C0, DEL, C1 and the Unicode line/paragraph separators and bidi controls. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function escapeText(text: string): string {
  if (PRINTABLE_ASCII.test(text)) return text;
  return text.replace(CONTROL, (ch) => {
    const code = ch.codePointAt(0) ?? 0;
    return code < 0x100 ? escapeCode(code) : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** Decode bytes as UTF-8 where valid, show the rest as \xNN, escape controls. */
export function escapeBytes(buf: Uint8Array): string {
  const text = UTF8.decode(buf);
  if (!text.includes("\ufffd")) return escapeText(text);
  let out = "";
  for (const byte of buf) {
    out += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : escapeCode(byte);
  }
  return out;
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
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const cut = chars
    .slice(0, max)
    .join("")
    .replace(/\\(x[0-9a-f]?|u[0-9a-f]{0,3})?$/, "");
  return `${cut}…`;
}
