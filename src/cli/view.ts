import { Chalk } from "chalk";
import type { Texts } from "../i18n/texts.js";
import { narrationBudget } from "../render/budget.js";
import { jsonRenderer } from "../render/json.js";
import { ladderRenderer } from "../render/ladder.js";
import { Output } from "../render/output.js";
import { spinnerFor } from "../render/spinner.js";
import { timelineRenderer } from "../render/timeline.js";
import type { Canvas } from "../render/verdict.js";
import type { View } from "../runtime/session.js";
import type { TraceEvent } from "../trace/events.js";
import type { Subscriber, Tracer } from "../trace/tracer.js";
import { FALLBACK_WIDTH, type ViewOptions } from "./screen.js";

export interface TerminalViewOptions extends ViewOptions {
  /** Draw the timeline chart (it keeps events, so not in --serve, which may run for hours). */
  chart?: boolean;
  /** Hold the ladder until this returns the first line (--serve: where the server listens). */
  bannerFirst?: (event: TraceEvent, texts: Texts) => string | null;
  /** Sum up what a flood of events would scroll past (--serve). */
  budget?: boolean;
  /** Wrap the ladder, to show some events another way (verify's verdict). */
  wrap?: (ladder: Subscriber, canvas: Canvas) => Subscriber;
}

/** The terminal's view, and what pacing needs of it: a drained screen and the spinner out of the way. */
export interface TerminalView extends View {
  output: Output;
  /** Hide the spinner while a prompt or a key wait owns the terminal. */
  pauseSpinner(on: boolean): void;
}

/**
 * NDJSON on stdout (--json), or the ladder with its chart, budget and
 * spinner. A reader that went away (`sockstep … | head`) stops the run once.
 */
export function terminalView(opts: TerminalViewOptions): TerminalView {
  const stdout = process.stdout;
  const output = new Output(stdout, opts.json ? 0 : opts.delayMs, true);
  const chalk = opts.color ? new Chalk() : new Chalk({ level: 0 });
  const width = opts.width > 0 ? opts.width : FALLBACK_WIDTH;
  let pauseSpinner: (on: boolean) => void = () => {};
  let onStdoutError: (() => void) | null = null;

  return {
    output,
    pauseSpinner: (on) => pauseSpinner(on),
    async attach({ tracer, texts, stop }) {
      let gone = false;
      onStdoutError = () => {
        if (gone) return;
        gone = true;
        stop();
      };
      stdout.on("error", onStdoutError);
      if (opts.json) {
        tracer.subscribe(jsonRenderer(stdout, texts));
        return;
      }
      const bannerFirst = opts.bannerFirst;
      const ladder = ladderRenderer(output, {
        width,
        chalk,
        texts,
        ...(bannerFirst ? { bannerFirst: (e: TraceEvent) => bannerFirst(e, texts) } : {}),
      });
      const canvas: Canvas = { output, chalk, texts, width };
      const wrapped = opts.wrap ? opts.wrap(ladder, canvas) : ladder;
      const shown = opts.budget ? narrationBudget(wrapped, {}) : wrapped;
      // Rendering waits for the end of the event loop's turn, so it never sits between a recv and a send.
      tracer.subscribe((e) => output.later(() => shown(e)));
      if (opts.chart) {
        const timeline = timelineRenderer(output, { width, chalk, say: texts.say });
        tracer.subscribe((e) => output.later(() => timeline(e)));
      }
      // A spinner redraws one line in place: only on a terminal that says how wide it is.
      if (stdout.isTTY && stdout.columns > 0) {
        await attachSpinner(tracer, texts, output, (pause) => {
          pauseSpinner = pause;
        });
      }
    },
    drain: () => output.drain(),
    discard: () => output.discard(),
    release() {
      if (onStdoutError) stdout.off("error", onStdoutError);
    },
  };
}

async function attachSpinner(
  tracer: Tracer,
  texts: Texts,
  output: Output,
  setPause: (pause: (on: boolean) => void) => void,
): Promise<void> {
  const spinner = await spinnerFor(output, process.stdout, texts, () => tracer.now());
  tracer.subscribeWaits(spinner);
  setPause(spinner.pause);
}
