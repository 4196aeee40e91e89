import type { Say } from "../i18n/index.js";
import type { Locale } from "../i18n/locale.js";
import type { Pacing } from "../runtime/context.js";
import { waitKey } from "./keys.js";
import { ask } from "./questions.js";
import type { TerminalView } from "./view.js";

export interface StepPacing extends Pacing {
  /** Whether the student ended the run with q (from the menu that means "back"). */
  quitByKey(): boolean;
}

/**
 * Step mode on this terminal: a pause before each step (Enter goes on, q
 * quits; from a pipe one line per pause), and predict questions when stdin
 * is a terminal. Without step mode it never waits.
 */
export function stepPacing(
  view: TerminalView,
  opts: { step: boolean; locale: Locale; say: Say },
): StepPacing {
  const stdout = process.stdout;
  let quit = false;
  const asking = opts.step && process.stdin.isTTY === true;
  return {
    asking,
    quitByKey: () => quit,
    async beforeStep(signal) {
      if (!opts.step) return "next";
      await view.drain();
      view.pauseSpinner(true);
      stdout.write(`  ${opts.say("run.pause")} `);
      try {
        const key = await waitKey(signal);
        if (key === "quit") quit = true;
        return key;
      } finally {
        if (stdout.isTTY) stdout.write("\r\u001b[2K");
        else stdout.write("\n");
        view.pauseSpinner(false);
      }
    },
    async ask(question, signal) {
      if (!asking) return null;
      await view.drain();
      view.pauseSpinner(true);
      try {
        return await ask(question, opts.locale, signal);
      } finally {
        view.pauseSpinner(false);
      }
    },
  };
}
