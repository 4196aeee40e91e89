import type { ErrorEvent, Facts, NoteEvent } from "../trace/events.js";
import type { Wait } from "../trace/tracer.js";
import { engineSay, type Say } from "./index.js";
import { format, type Locale, type Params, type TextTable } from "./locale.js";
import type { MessageKey } from "./messages.js";

/**
 * Turns what emit sites publish (a text id and its facts) into a sentence in
 * the user's language. Renderers hold one; nothing that emits needs it.
 * A lesson's own table is looked up first, then the engine's messages.
 */
export interface Texts {
  locale: Locale;
  /** The engine's own messages. */
  say: Say;
  /** Any text id, the lesson's or the engine's, with its facts. */
  of(key: string, facts?: Params): string;
  note(e: NoteEvent): string;
  error(e: ErrorEvent): string;
  wait(w: Wait): string;
}

/**
 * Engine notes whose sentence depends on a fact: the text id to use and the
 * extra words it quotes. Kept here so that emit sites publish facts only.
 */
const DERIVED: Partial<
  Record<string, (facts: Facts, say: Say) => { key: MessageKey; params?: Params }>
> = {
  "http.refused": (f, say) => ({
    key: "http.refused",
    params: { why: say(`http.violation.${String(f.violation)}` as MessageKey) },
  }),
  "http.idleTimeout": (f) => ({
    key: f.partial ? "http.idleTimeout.partial" : "http.idleTimeout",
    params: { conn: f.conn ?? "—" },
  }),
  // The parser may stop before the end of what one recv() brought (a per-connection limit).
  "http.server.split": (f) => ({
    key:
      typeof f.taken === "number" && typeof f.count === "number" && f.taken < f.count
        ? "http.server.splitPartial"
        : "http.server.split",
    params: { conn: f.conn ?? "—" },
  }),
  "http.client.resend": (f) => ({ key: "http.client.resend", params: { conn: f.conn ?? "—" } }),
  "quiz.title": () => ({ key: "run.quiz.title" }),
  "quiz.score": (f) => ({
    key: Number(f.best) > Number(f.score) ? "run.quiz.scoreBest" : "run.quiz.score",
  }),
  // Read like the ladder, client on the left: "client → server", "client ← server".
  "emulator.dropped": (f) => ({
    key: "emulator.dropped",
    params: f.direction === "←" ? { from: f.to, to: f.from } : {},
  }),
  "emulator.udp": (f) => ({ key: "emulator.udp", params: { loss: f.lossPercent } }),
  "emulator.udpFirst": () => ({ key: "emulator.udpFirst" }),
  "emulator.tcp": (f) => ({ key: "emulator.tcp", params: { rtt: f.rttMs } }),
  "emulator.tcpConn": (f) => ({
    key: "emulator.tcpConn",
    params: { client: f.clientConn ?? "—", upstream: f.serverConn ?? "—", rtt: f.handshakeMs },
  }),
  "emulator.tcpUpstreamFailed": (f) => ({
    key: "emulator.tcpUpstreamFailed",
    params: { client: f.clientConn ?? "—" },
  }),
};

export function createTexts(locale: Locale, lesson?: TextTable<string>): Texts {
  const say = engineSay(locale);
  const own = lesson?.[locale];
  const ownEn = lesson?.en;
  const of = (key: string, facts: Params = {}): string => {
    const template = own?.[key] ?? ownEn?.[key];
    if (template !== undefined) return format(template, facts, locale);
    const derived = DERIVED[key]?.(facts as Facts, say);
    if (derived) return say(derived.key, { ...facts, ...derived.params });
    return say(key as MessageKey, facts);
  };
  return {
    locale,
    say,
    of,
    note: (e) => e.text ?? of(e.key, e.facts),
    error: (e) => e.message ?? of(e.key, e.facts),
    wait: (w) => of(w.key, w.facts),
  };
}
