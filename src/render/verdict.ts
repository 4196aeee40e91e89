import type { ChalkInstance } from "chalk";
import type { Texts } from "../i18n/texts.js";
import { escapeText } from "../trace/escape.js";
import type { VerdictEvent } from "../trace/events.js";
import type { Subscriber } from "../trace/tracer.js";
import { cells, wrapCells } from "./cells.js";
import type { Output } from "./output.js";

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
    if (typeof f.expected === "string") block(say("verify.expected"), f.expected, chalk.green);
    if (typeof f.got === "string") block(say("verify.got"), f.got, chalk.red);
    if (typeof f.hint === "string") block(say("verify.hint"), f.hint, (s) => s);
    if (typeof f.stderr === "string") {
      output.line(`  ${chalk.bold(say("verify.stderrTail"))}`);
      for (const line of f.stderr.split("\n")) output.line(chalk.dim(`    ${escapeText(line)}`));
    }
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
