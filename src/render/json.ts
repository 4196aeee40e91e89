import type { Subscriber } from "../trace/tracer.js";

/**
 * JSON.stringify escapes C0 controls but leaves DEL, C1 (0x9b acts as CSI on
 * some terminals), line separators and bidi controls raw; NDJSON read in a
 * terminal must be as safe as the ladder, so those become \u escapes too.
 */
const UNSAFE = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function toJsonLine(event: unknown): string {
  return JSON.stringify(event).replace(
    UNSAFE,
    (ch) => `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`,
  );
}

/** `--json`: one event per line on stdout, nothing else. */
export function jsonRenderer(stream: NodeJS.WritableStream): Subscriber {
  return (event) => {
    stream.write(`${toJsonLine(event)}\n`);
  };
}
