import type { Say } from "../../i18n/index.js";
import { isLocale, type Locale } from "../../i18n/locale.js";
import { escapeText, preview } from "../../trace/escape.js";
import type { Actor, CallEvent, Fact, Facts, HttpEvent, TraceEvent } from "../../trace/events.js";
import { buildTimeline, type Timeline } from "../timeline.js";

/**
 * A recorded trace turned, once, into what every handout format draws:
 * sections (the steps), the lanes (client, the emulator when there was one,
 * server) and, in each section, items in order: calls on a lane, arrows for
 * what crossed between lanes, notes, errors, measures and the timeline chart.
 *
 * Every string taken from the trace is passed through escapeText here, so no
 * control character reaches any format; each format then escapes for its own
 * syntax (HTML, XML, Mermaid, Markdown).
 */

/** The first line `--record` writes: what the events alone do not say. */
export interface RecordHeader {
  kind: "record";
  /** The shape of this line and of the file; bumped only if an old reader would misread a new file. */
  format: number;
  lesson: string;
  /** The lesson's title in the run's language. */
  title: string;
  locale: Locale;
  /** sockstep's version that recorded it. */
  version: string;
  mode: "replay" | "serve" | "connect";
  /** The run's options that change what happens on the wire. */
  options: Record<string, Fact>;
}

export const RECORD_FORMAT = 1;

export type Lane = "client" | "network" | "server";

export interface HttpMessage {
  dir: "request" | "response";
  startLine: string;
  headers: [string, string][];
  bodyBytes: number;
  body?: string;
  conn: number | null;
}

export type Item =
  | { kind: "call"; t: number; lane: Lane; call: string; label: string; py: string }
  | {
      kind: "arrow";
      t: number;
      from: Lane;
      to: Lane;
      /** What crossed: the HTTP start line, or the call and its bytes. */
      label: string;
      /** The call that put it on the wire (send 120 B), where the label is an HTTP message. */
      via?: string;
      /** A handshake (connect), not data. */
      dashed: boolean;
      /** The emulator dropped it on the way. */
      lost?: boolean;
      http?: HttpMessage;
    }
  | { kind: "note"; t: number; actor: Actor; text: string; simulated: boolean }
  | { kind: "error"; t: number; lane: Lane; code: string; text: string }
  | { kind: "measure"; t: number; label: string; value: number; unit: string; model?: number }
  | { kind: "chart"; t: number; timeline: Timeline };

export interface Section {
  /** 0 for a run without steps (--serve, --connect of some lessons). */
  index: number;
  total: number;
  title: string;
  py: string[];
  items: Item[];
}

export interface Handout {
  header: RecordHeader | null;
  lesson: string | null;
  title: string | null;
  /** The language the trace's own sentences are in. */
  locale: Locale;
  lanes: Lane[];
  sections: Section[];
  end: { ok: boolean; reason?: string } | null;
}

/** Why a file is not a trace this renders: the command words it. */
export class BadTrace extends Error {
  constructor(
    readonly why: "empty" | "notJson" | "notTrace",
    readonly line: number,
  ) {
    super(`${why} at line ${line}`);
  }
}

const KINDS = new Set([
  "call",
  "http",
  "note",
  "step",
  "measure",
  "chart",
  "verdict",
  "error",
  "end",
]);
const ACTORS = new Set(["client", "server", "network", "lesson"]);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === "string";
const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const optional = (v: unknown, test: (x: unknown) => boolean) =>
  v === undefined || v === null || test(v);
const isFacts = (v: unknown) =>
  isObject(v) &&
  Object.values(v).every((x) => x === null || ["string", "number", "boolean"].includes(typeof x));

/** The fields a format reads, each of the type it reads it as: anything else is not a trace. */
function wellFormed(e: Json): boolean {
  if (
    !isNum(e.seq) ||
    !isNum(e.t) ||
    !KINDS.has(e.kind as string) ||
    !ACTORS.has(e.actor as string)
  )
    return false;
  switch (e.kind) {
    case "call":
      return (
        isStr(e.call) &&
        isStr(e.proto) &&
        optional(e.sock, isStr) &&
        optional(e.local, isStr) &&
        optional(e.remote, isStr) &&
        optional(e.conn, isNum) &&
        optional(e.bytes, isNum) &&
        optional(e.data, isStr) &&
        optional(e.ms, isNum) &&
        optional(e.py, isStr) &&
        optional(e.detail, isFacts)
      );
    case "http":
      return (
        (e.dir === "request" || e.dir === "response") &&
        isStr(e.startLine) &&
        Array.isArray(e.headers) &&
        e.headers.every((h) => Array.isArray(h) && h.length === 2 && h.every(isStr)) &&
        isNum(e.bodyBytes) &&
        optional(e.conn, isNum) &&
        optional(e.body, isStr)
      );
    case "note":
      return isStr(e.key) && optional(e.text, isStr) && optional(e.facts, isFacts);
    case "step":
      return (
        isNum(e.index) &&
        isNum(e.total) &&
        isStr(e.title) &&
        optional(e.py, (p) => Array.isArray(p) && p.every(isStr))
      );
    case "measure":
      return (
        isStr(e.name) &&
        isStr(e.label) &&
        isNum(e.value) &&
        isStr(e.unit) &&
        optional(e.model, isNum) &&
        optional(e.facts, isFacts)
      );
    case "chart":
      return Array.isArray(e.groups) && e.groups.every(isStr);
    case "verdict":
      return isStr(e.text);
    case "error":
      return isStr(e.code) && optional(e.message, isStr) && optional(e.key, isStr);
    case "end":
      return typeof e.ok === "boolean" && optional(e.reason, isStr);
  }
  return false;
}

function headerOf(e: Json): RecordHeader | null {
  if (e.kind !== "record") return null;
  if (!isStr(e.lesson) || !isStr(e.locale) || !isLocale(e.locale)) return null;
  return {
    kind: "record",
    format: isNum(e.format) ? e.format : RECORD_FORMAT,
    lesson: e.lesson,
    title: isStr(e.title) ? e.title : e.lesson,
    locale: e.locale,
    version: isStr(e.version) ? e.version : "",
    mode: e.mode === "serve" || e.mode === "connect" ? e.mode : "replay",
    options: isFacts(e.options) ? (e.options as Record<string, Fact>) : {},
  };
}

/** Read an NDJSON trace: `--record`'s file (a record line, then events) or plain `--json` output. */
export function parseTrace(text: string): { header: RecordHeader | null; events: TraceEvent[] } {
  let header: RecordHeader | null = null;
  const events: TraceEvent[] = [];
  // A byte order mark (a trace saved by some editors) is not part of the first line.
  const lines = text.replace(/^\ufeff/, "").split("\n");
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new BadTrace("notJson", i + 1);
    }
    if (!isObject(value)) throw new BadTrace("notTrace", i + 1);
    // --serve's note that a slow reader missed events: not an event, nothing to draw.
    if (value.kind === "dropped") continue;
    if (value.kind === "record" && header === null && events.length === 0) {
      header = headerOf(value);
      if (!header) throw new BadTrace("notTrace", i + 1);
      continue;
    }
    if (!wellFormed(value)) throw new BadTrace("notTrace", i + 1);
    events.push(value as unknown as TraceEvent);
  }
  if (events.length === 0) throw new BadTrace("empty", lines.length);
  return { header, events };
}

/**
 * The language of the trace's own sentences: the record line says it; a plain
 * `--json` trace is Korean when its titles and notes are.
 */
export function traceLocale(header: RecordHeader | null, events: readonly TraceEvent[]): Locale {
  if (header) return header.locale;
  for (const e of events) {
    const text = e.kind === "step" ? e.title : e.kind === "note" ? (e.text ?? "") : "";
    if (/[\uac00-\ud7a3]/.test(text)) return "ko";
  }
  return "en";
}

const clean = (text: string) => escapeText(text);
const quote = (data: string | undefined, bytes: number | undefined) =>
  data !== undefined && bytes ? ` "${preview(clean(data), 40)}"` : "";
const ms = (e: CallEvent) => (e.ms !== undefined ? ` (${e.ms} ms)` : "");

/** A call in a few words, nearly all the wire's: the BSD name, its arguments, what it returned. */
export function callLabel(e: CallEvent, say: Say, withData = true): string {
  const d = e.detail ?? {};
  const local = clean(e.local ?? "—");
  const remote = clean(e.remote ?? "—");
  const bytes = `${e.bytes ?? 0} B`;
  const shown = (data: string | undefined, n: number | undefined) =>
    withData ? quote(data, n) : "";
  switch (e.call) {
    case "socket":
      return `${clean(e.sock ?? "")} = socket(${e.proto === "udp" ? "SOCK_DGRAM" : "SOCK_STREAM"})`;
    case "setsockopt":
      return `setsockopt(${clean(String(d.option ?? ""))})`;
    case "bind":
      return `bind(${local})${d.implicit ? ` · ${say("handout.implicitBind")}` : ""}`;
    case "listen":
      return `listen(${Number(d.backlog ?? 0)}) · ${local}`;
    case "accept":
      return `accept() → ${remote}`;
    case "connect":
      return `connect(${remote}) → ${local}${ms(e)}`;
    case "send":
      return `send(${bytes})${shown(e.data, e.bytes)}`;
    case "sendto":
      return `sendto(${bytes}, ${remote})${shown(e.data, e.bytes)}`;
    case "recv":
      if (d.eof) return `recv() → 0 B (EOF)${ms(e)}`;
      return `recv() → ${bytes}${shown(e.data, e.bytes)}${ms(e)}`;
    case "recvfrom":
      return `recvfrom() → ${bytes} ← ${remote}${shown(e.data, e.bytes)}${ms(e)}`;
    case "shutdown":
      return "shutdown(SHUT_WR)";
    case "close":
      return e.conn !== null && e.conn !== undefined && e.remote
        ? `close() · ${say("timeline.conn", { conn: e.conn })}`
        : "close()";
    default:
      return `${clean(String(e.call))}()`;
  }
}

const other = (lane: Lane): Lane => (lane === "client" ? "server" : "client");
const laneOf = (actor: Actor): Lane => (actor === "lesson" ? "client" : actor);
const httpOf = (e: HttpEvent): HttpMessage => ({
  dir: e.dir,
  startLine: clean(e.startLine),
  headers: e.headers.map(([n, v]) => [clean(n), clean(v)]),
  bodyBytes: e.bodyBytes,
  ...(e.body !== undefined ? { body: clean(e.body) } : {}),
  conn: e.conn ?? null,
});

/** Turn a trace into the handout's sections, lanes and items. */
export function buildHandout(
  header: RecordHeader | null,
  events: readonly TraceEvent[],
  say: Say,
): Handout {
  // An arrow is drawn from the sender's own report when the sender was narrated (a replay);
  // a peer sockstep does not narrate (a browser against --serve) is drawn from the receiver's.
  const narrated = new Set<Actor>();
  for (const e of events) if (e.kind === "call" || e.kind === "http") narrated.add(e.actor);
  const lanesSeen = new Set<Lane>(["client", "server"]);
  const sections: Section[] = [];
  let current: Section | null = null;
  const prologue: Item[] = [];
  const push = (item: Item) => (current ? current.items : prologue).push(item);
  /** The last wire arrow on each side and connection, which the HTTP messages it carried name. */
  const lastWire = new Map<
    string,
    { arrow: Item & { kind: "arrow" }; plain: string; data: string; used: boolean }
  >();
  /** The last recv on each side and connection: the HTTP message it brought is drawn, its bytes need not be. */
  const lastRecv = new Map<
    string,
    { item: Item & { kind: "call" }; plain: string; data: string }
  >();
  const wireKey = (actor: Actor, conn: number | null | undefined) => `${actor}\u0000${conn ?? ""}`;
  let end: Handout["end"] = null;
  /** The datagram the emulator reports dropped: the last arrow of its size from its sender. */
  const markLost = (f: Facts) => {
    const from: Lane = f.direction === "←" ? "server" : "client";
    const items = current ? current.items : prologue;
    for (let i = items.length - 1; i >= 0; i--) {
      const item = items[i]!;
      if (item.kind !== "arrow" || item.from !== from || item.lost || item.dashed) continue;
      if (!item.label.includes(`(${f.bytes} B`)) continue;
      item.lost = true;
      return;
    }
  };

  for (const e of events) {
    switch (e.kind) {
      case "step": {
        current = {
          index: e.index,
          total: e.total,
          title: clean(e.title),
          py: (e.py ?? []).map(clean),
          // A lesson's setup runs under its first step's title.
          items: sections.length === 0 ? prologue.splice(0) : [],
        };
        sections.push(current);
        break;
      }
      case "call": {
        const lane = laneOf(e.actor);
        lanesSeen.add(lane);
        const label = callLabel(e, say);
        const sends = (e.call === "send" || e.call === "sendto") && e.bytes !== undefined;
        const receives = (e.call === "recv" || e.call === "recvfrom") && (e.bytes ?? 0) > 0;
        if (lane !== "network" && sends) {
          const arrow: Item & { kind: "arrow" } = {
            kind: "arrow",
            t: e.t,
            from: lane,
            to: other(lane),
            label,
            dashed: false,
          };
          push(arrow);
          lastWire.set(wireKey(e.actor, e.conn), {
            arrow,
            plain: callLabel(e, say, false),
            data: e.data ?? "",
            used: false,
          });
          break;
        }
        if (lane !== "network" && e.call === "connect") {
          push({ kind: "arrow", t: e.t, from: lane, to: other(lane), label, dashed: true });
          break;
        }
        const item: Item & { kind: "call" } = {
          kind: "call",
          t: e.t,
          lane,
          call: e.call,
          label,
          py: clean(e.py ?? ""),
        };
        if (receives)
          lastRecv.set(wireKey(e.actor, e.conn), {
            item,
            plain: callLabel(e, say, false),
            data: e.data ?? "",
          });
        if (lane !== "network" && receives && !narrated.has(other(lane))) {
          // What a peer sockstep does not narrate sent arrives first, then the recv that took it.
          const arrow: Item & { kind: "arrow" } = {
            kind: "arrow",
            t: e.t,
            from: other(lane),
            to: lane,
            label: `${e.bytes} B${quote(e.data, e.bytes)}`,
            dashed: false,
          };
          push(arrow);
          lastWire.set(wireKey(e.actor, e.conn), {
            arrow,
            plain: `${e.bytes} B`,
            data: e.data ?? "",
            used: false,
          });
        }
        push(item);
        break;
      }
      case "http": {
        const sender: Lane = e.dir === "request" ? "client" : "server";
        const drawnHere = narrated.has(sender) ? e.actor === sender : e.actor === other(sender);
        const recv = e.actor !== sender ? lastRecv.get(wireKey(e.actor, e.conn)) : undefined;
        if (recv?.data.startsWith(e.startLine)) recv.item.label = recv.plain;
        if (!drawnHere) break;
        const message = httpOf(e);
        const wire = lastWire.get(wireKey(e.actor, e.conn));
        if (wire && !wire.used && wire.data.startsWith(e.startLine)) {
          // The send (or recv) that carried it: the arrow becomes the message, the call its footnote.
          wire.used = true;
          wire.arrow.via = wire.plain;
          wire.arrow.label = message.startLine;
          wire.arrow.http = message;
          break;
        }
        push({
          kind: "arrow",
          t: e.t,
          from: sender,
          to: other(sender),
          label: message.startLine,
          dashed: false,
          http: message,
        });
        break;
      }
      case "note":
        if (e.actor === "network") lanesSeen.add("network");
        if (e.key === "emulator.dropped") markLost(e.facts ?? {});
        push({
          kind: "note",
          t: e.t,
          actor: e.actor,
          text: clean(e.text ?? e.key),
          simulated: e.simulated === true || e.actor === "network",
        });
        break;
      case "verdict":
        push({ kind: "note", t: e.t, actor: "lesson", text: clean(e.text), simulated: false });
        break;
      case "error":
        push({
          kind: "error",
          t: e.t,
          lane: laneOf(e.actor),
          code: clean(e.code),
          text: clean(e.message ?? e.key),
        });
        break;
      case "measure":
        push({
          kind: "measure",
          t: e.t,
          label: clean(e.label),
          value: e.value,
          unit: clean(e.unit),
          ...(e.model !== undefined ? { model: e.model } : {}),
        });
        break;
      case "chart": {
        const timeline = buildTimeline(events, e.groups);
        if (timeline.groups.length > 0) push({ kind: "chart", t: e.t, timeline });
        break;
      }
      case "end":
        end = { ok: e.ok, ...(e.reason !== undefined ? { reason: clean(e.reason) } : {}) };
        break;
    }
  }
  if (prologue.length > 0 || sections.length === 0) {
    sections.unshift({ index: 0, total: 0, title: "", py: [], items: prologue });
  }
  return {
    header,
    lesson: header ? clean(header.lesson) : null,
    title: header ? clean(header.title) : null,
    locale: traceLocale(header, events),
    lanes: (["client", "network", "server"] as const).filter((l) => lanesSeen.has(l)),
    sections,
    end,
  };
}

/** Only step N, or every step; null when the trace has no step N. */
export function pickStep(handout: Handout, step: number | undefined): Handout | null {
  if (step === undefined) return handout;
  const sections = handout.sections.filter((s) => s.index > 0 && s.index === step);
  return sections.length === 0 ? null : { ...handout, sections };
}

/** The step numbers a trace has, for the error that names them. */
export function stepNumbers(handout: Handout): number[] {
  return handout.sections.map((s) => s.index).filter((i) => i > 0);
}
