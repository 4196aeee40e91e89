import type { ChalkInstance } from "chalk";
import type { Texts } from "../i18n/texts.js";
import { escapeText, visibleEscapes } from "../trace/escape.js";
import type { VerdictEvent, WireEntry } from "../trace/events.js";
import type { Subscriber } from "../trace/tracer.js";
import { cells, truncateCells, wrapCells } from "./cells.js";
import type { Output } from "./output.js";

/** Lines of one payload drawn under a failed check; the rest are counted. */
const WIRE_LINES = 12;

/** What a renderer wrapped around the ladder draws with. */
export interface Canvas {
  output: Output;
  chalk: ChalkInstance;
  texts: Texts;
  width: number;
}

/**
 * `verify` on a terminal: the ladder for the exchange, and at the end a
 * PASS, or a FAIL block with the reason, expected vs got, a hint and the
 * program's last stderr lines, instead of the ladder's "lesson finished".
 */
export function verdictRenderer(ladder: Subscriber, canvas: Canvas): Subscriber {
  const { output, chalk } = canvas;
  const say = canvas.texts.say;
  let verdictShown = false;

  /** "  label     value", the value wrapped under itself; no label: the text from the margin. */
  const block = (label: string, text: string, style: (s: string) => string) => {
    const pad = label ? Math.max(10, cells(label) + 2) : 0;
    const width = Math.max(20, canvas.width - pad - 2);
    const pieces = text
      .split("\n")
      .flatMap((line) => wrapCells(escapeText(line), width, { hang: 0 }));
    for (const [i, piece] of pieces.entries()) {
      const head = i === 0 ? label : "";
      output.line(`  ${chalk.bold(head)}${" ".repeat(pad - cells(head))}${style(piece)}`);
    }
  };

  const verdict = (e: VerdictEvent) => {
    verdictShown = true;
    const f = e.facts ?? {};
    output.line("");
    if (e.ok) {
      output.line(chalk.bold(chalk.green(`✓ ${escapeText(e.text)}`)));
      return;
    }
    output.line(chalk.bold(chalk.red(`✗ ${escapeText(e.text)}`)));
    if (typeof f.reason === "string") block("", f.reason, chalk.red);
    if (typeof f.seen === "string") block(say("verify.seen"), f.seen, (s) => s);
    if (typeof f.expected === "string") block(say("verify.expected"), f.expected, chalk.green);
    if (typeof f.got === "string") block(say("verify.got"), f.got, chalk.red);
    if (typeof f.stderr === "string") {
      output.line(`  ${chalk.bold(say("verify.stderrTail"))}`);
      for (const line of f.stderr.split("\n")) output.line(chalk.dim(`    ${escapeText(line)}`));
    }
    if (e.plan && e.plan.length > 0) {
      output.line(`  ${chalk.bold(say("verify.plan.title"))}`);
      for (const [i, step] of e.plan.entries()) numbered(`${i + 1}.`, step);
    }
    if (e.wire && e.wire.length > 0) {
      output.line(`  ${chalk.bold(say("verify.bytes.title"))}`);
      for (const entry of e.wire) wire(entry);
    }
    // The lesson step that teaches the fix goes under the hint, as its last line.
    const hint = [typeof f.hint === "string" ? f.hint : "", e.see ? say("verify.see", e.see) : ""];
    const hintText = hint.filter((h) => h !== "").join("\n");
    if (hintText !== "") block(say("verify.hint"), hintText, (s) => s);
    if (e.rerun) rerun(e.rerun, f.role === "client");
  };

  /** "    1. text", wrapped under the text. */
  const numbered = (mark: string, text: string) => {
    const pad = cells(mark) + 5;
    const pieces = wrapCells(escapeText(text), Math.max(20, canvas.width - pad - 1), { hang: 0 });
    for (const [i, piece] of pieces.entries()) {
      output.line(`${i === 0 ? `    ${mark} ` : " ".repeat(pad)}${piece}`);
    }
  };

  /** One send or recv: its direction, call and size, then the payload with CR and LF visible. */
  const wire = (entry: WireEntry) => {
    const arrow = entry.dir === "sent" ? "→" : "←";
    const head = `    ${arrow} ${entry.call} ${entry.bytes} B`;
    if (entry.bytes === 0) {
      output.line(chalk.dim(`${head}  ${say("verify.bytes.eof")}`));
      return;
    }
    output.line(chalk.dim(head));
    const lines = payloadLines(escapeText(entry.data));
    const width = Math.max(20, canvas.width - 9);
    for (const line of lines.slice(0, WIRE_LINES)) {
      output.line(`      ${truncateCells(line, width)}`);
    }
    if (lines.length > WIRE_LINES) {
      output.line(
        chalk.dim(`      ${say("verify.bytes.more", { count: lines.length - WIRE_LINES })}`),
      );
    }
  };

  /** The commands to type: what to start, then what to run in another terminal. */
  const rerun = (r: { start: string; run: string }, client: boolean) => {
    output.line(`  ${chalk.bold(say("verify.rerun.title"))}`);
    output.line(`    ${say(client ? "verify.rerun.client" : "verify.rerun.server")}`);
    for (const line of r.start.split("\n")) output.line(chalk.cyan(`      ${escapeText(line)}`));
    output.line(`    ${say("verify.rerun.then")}`);
    for (const line of r.run.split("\n")) output.line(chalk.cyan(`      ${escapeText(line)}`));
  };

  return (event) => {
    if (event.kind === "verdict") {
      verdict(event);
      return;
    }
    // The verdict already said how it ended; an interrupted run has none and ends as lessons do.
    if (event.kind === "end" && verdictShown) {
      output.line("");
      return;
    }
    ladder(event);
  };
}

/** An escaped payload as lines: CR and LF drawn as ␍ and ␊, a line ending after each LF. */
export function payloadLines(escaped: string): string[] {
  return visibleEscapes(escaped)
    .split(/(?<=␊)/)
    .filter((line) => line !== "");
}
