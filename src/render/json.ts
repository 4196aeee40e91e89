import type { Texts } from "../i18n/texts.js";
import type { TraceEvent } from "../trace/events.js";
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
export function jsonRenderer(stream: NodeJS.WritableStream, texts: Texts): Subscriber {
  return (event) => {
    stream.write(`${toJsonLine(worded(event, texts))}\n`);
  };
}

/** An event as `--json` shows it: notes with their `text`, errors with their `message`. */
export function worded(event: TraceEvent, texts: Texts): TraceEvent {
  if (event.kind === "note" && event.text === undefined)
    return { ...event, text: texts.note(event) };
  if (event.kind === "error" && event.message === undefined) {
    return { ...event, message: texts.error(event) };
  }
  return event;
}
