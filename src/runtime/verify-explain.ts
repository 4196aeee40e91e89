import type { Params } from "../i18n/locale.js";
import type { Texts } from "../i18n/texts.js";
import { formatAddr } from "../net/address.js";
import { escapeBytes, preview, visibleEscapes } from "../trace/escape.js";
import type { Actor, TraceEvent, VerdictEvent, WireEntry } from "../trace/events.js";
import type { Tracer } from "../trace/tracer.js";
import type { LessonModule } from "./lesson.js";

/**
 * What a failed check shows besides its reason: the check's plan with this
 * run's address, the bytes sockstep's sockets exchanged during it, a command
 * to see the failure by hand, and the lesson step that teaches the fix. The
 * checks declare these as data (lessons/<id>/verify.ts); this file fills in
 * the run's facts.
 */

/** One line of a check's plan: a sentence (the verify table's or the engine's verify.plan.*). */
export interface PlanStep {
  key: string;
  /** Bytes sent or expected, shown quoted with CR and LF visible; {host}, {port}, {address} filled in. */
  data?: string;
  facts?: Params;
}

/**
 * How to see a check by hand. A server's rerun is run against the student's
 * program started again on the same port; a client's rerun is the peer to
 * start first, before the student's program.
 */
export type Rerun =
  /** One shell command line. */
  | { shell: string }
  /** A short Python client, printed in full (run as a here-document). */
  | { python: readonly string[] };

/** What a traceback shows, the hint for it, and the lesson step that teaches the fix. */
export interface CrashRule {
  /** Tested against the last lines of the program's stderr. */
  match: RegExp;
  hint: string;
  step?: string;
}

/** The run's facts that plans and reruns quote. */
export interface RunFacts {
  host: string;
  port: number;
  address: string;
  message: string;
  /** The student's command as it was started, quoted for a shell ("" before it was). */
  command: string;
  seconds: number;
  closeSeconds: number;
  runSeconds: number;
}

/**
 * {host}, {port}, {address}, {url}, {message} and {MESSAGE} (in capitals) in
 * data and commands; nothing else is touched (Python's own braces stay).
 */
export function fillRun(text: string, run: RunFacts): string {
  return text
    .replaceAll("{MESSAGE}", run.message.toUpperCase())
    .replaceAll("{address}", run.address)
    .replaceAll("{url}", `http://${formatAddr(run)}`)
    .replaceAll("{host}", run.host)
    .replaceAll("{port}", String(run.port))
    .replaceAll("{message}", run.message);
}

/** Bytes as a plan or a hint quotes them: CR and LF as ␍ and ␊, other controls escaped, long ones cut. */
export function visible(data: Uint8Array | string): string {
  const buf = Buffer.from(data);
  const text = visibleEscapes(escapeBytes(buf));
  const chars = Array.from(text);
  const cut =
    chars.length > 72 ? `${chars.slice(0, 48).join("")}…${chars.slice(-16).join("")}` : text;
  return `"${cut}" (${buf.length} B)`;
}

/** The plan's sentences, numbered by the renderer, with this run's facts. */
export function planLines(plan: readonly PlanStep[], texts: Texts, run: RunFacts): string[] {
  return plan.map((step) =>
    texts.of(step.key, {
      ...run,
      ...step.facts,
      ...(step.data !== undefined ? { data: visible(fillRun(step.data, run)) } : {}),
    }),
  );
}

/** The rerun as the student types it: a server's program first, a client's peer first. */
export function rerunOf(
  rerun: Rerun,
  role: "server" | "client",
  run: RunFacts,
): { start: string; run: string } {
  const text =
    "shell" in rerun
      ? fillRun(rerun.shell, run)
      : ["python3 - <<'EOF'", ...rerun.python.map((l) => fillRun(l, run)), "EOF"].join("\n");
  return role === "server" ? { start: run.command, run: text } : { start: text, run: run.command };
}

/** The lesson step with this id: its number among the lesson's steps and its own title. */
export function lessonStep(
  lesson: LessonModule,
  id: string,
  texts: Texts,
): NonNullable<VerdictEvent["see"]> | null {
  const index = lesson.steps.findIndex((s) => s.id === id);
  if (index < 0) return null;
  // The lesson's table, not the verification's: a check may share a step's id with its own title.
  const table = lesson.text[texts.locale] ?? lesson.text.en;
  return {
    lesson: lesson.meta.id,
    step: id,
    index: index + 1,
    total: lesson.steps.length,
    title: table[`step.${id}`] ?? id,
  };
}

/** Entries kept per check, and characters of each payload. */
const WIRE_ENTRIES = 8;
const WIRE_CHARS = 600;

/**
 * What sockstep's own sockets (the `peer` actor) send and receive, from the
 * trace, kept for the check running now: a new step starts a new record.
 */
export function recordWire(tracer: Tracer, peer: Actor): () => WireEntry[] {
  let entries: WireEntry[] = [];
  tracer.subscribe((e: TraceEvent) => {
    if (e.kind === "step") {
      entries = [];
      return;
    }
    if (e.kind !== "call" || e.actor !== peer) return;
    const dir =
      e.call === "send" || e.call === "sendto"
        ? "sent"
        : e.call === "recv" || e.call === "recvfrom"
          ? "received"
          : null;
    if (dir === null || e.bytes === undefined) return;
    entries.push({ dir, call: e.call, bytes: e.bytes, data: preview(e.data ?? "", WIRE_CHARS) });
    if (entries.length > WIRE_ENTRIES) entries.shift();
  });
  return () => entries;
}
