import type { Say } from "../i18n/index.js";
import type { Locale } from "../i18n/locale.js";
import { Interrupted } from "../net/env.js";
import { cells, padCells, wrapCells } from "../render/cells.js";
import type { Detail } from "../render/ladder.js";
import type { Pacing, StepGo } from "../runtime/context.js";
import { Keyboard } from "./keys.js";
import { ask } from "./questions.js";
import { terminalWidth } from "./screen.js";
import type { TerminalView } from "./view.js";

export interface StepPacing extends Pacing {
  /** Whether the student ended the run with q (from the menu that means "back"). */
  quitByKey(): boolean;
  /** The run is over: give the keyboard back (cooked mode, stdin paused). */
  close(): void;
}

/**
 * Step mode on this terminal: a pause before each step, with step keys
 * (Enter or Space next, b back, r this step again, 1–9 a step, d detail,
 * ? the keys, q quit; every other key does nothing), and predict questions
 * when stdin is a terminal. From a pipe one line per pause. Without step
 * mode it never waits.
 *
 * Steps run real sockets once: b, r and a number going back show a step
 * again from what it recorded (the view keeps each step's events), titled
 * as a replay. A number going forward runs the steps in between without
 * pausing or asking. `fromStep` does the same from the start (--from-step).
 */
export function stepPacing(
  view: TerminalView,
  opts: { step: boolean; locale: Locale; say: Say; fromStep?: number },
): StepPacing {
  const stdout = process.stdout;
  const say = opts.say;
  let quit = false;
  const asking = opts.step && process.stdin.isTTY === true;
  const keyboard = opts.step ? new Keyboard() : null;
  // Keys typed while the first lines are drawn must not answer the first pause, nor echo.
  keyboard?.start();
  const startAt = opts.fromStep ?? 1;
  if (startAt > 1) view.quietThrough(startAt - 1);

  const prompt = () => stdout.write(`  ${say("run.pause")} `);
  const erase = () => stdout.write(stdout.isTTY ? "\r\u001b[2K" : "\n");
  const other = (d: Detail): Detail => (d === "full" ? "compact" : "full");
  const detailName = (d: Detail) => say(d === "full" ? "run.detail.full" : "run.detail.compact");

  const help = (total: number) => {
    const rows: [string, string][] = [
      [say("run.keys.nextKeys"), say("run.keys.next")],
      ["b", say("run.keys.back")],
      ["r", say("run.keys.replay")],
      [`1–${Math.min(9, total)}`, say("run.keys.jump")],
      [
        "d",
        say("run.keys.detail", {
          detail: detailName(view.detail()),
          other: detailName(other(view.detail())),
        }),
      ],
      ["?", say("run.keys.help")],
      ["q", say("run.keys.quit")],
    ];
    const pad = Math.max(...rows.map(([k]) => cells(k)));
    const width = terminalWidth(stdout) - 1;
    const lines = [
      ...wrapCells(`  ${say("run.keys.title")}`, width),
      ...rows.flatMap(([k, text]) =>
        wrapCells(`    ${padCells(k, pad)}  ${text}`, width, { hang: pad + 6 }),
      ),
      ...wrapCells(`  ${say("run.keys.replayNote")}`, width),
    ];
    stdout.write(`${lines.join("\n")}\n`);
  };

  /** Wait for a key at the pause; show steps again until the student goes on. */
  const pause = async (
    signal: AbortSignal,
    next: { index: number; total: number },
  ): Promise<StepGo> => {
    if (!keyboard) return "next";
    await view.drain();
    view.holdForPrompt();
    let carry = true;
    view.setPromptHooks({ after: prompt });
    try {
      for (;;) {
        prompt();
        let key: Awaited<ReturnType<Keyboard["next"]>>;
        try {
          key = await keyboard.next(signal);
        } catch (err) {
          carry = false;
          throw err;
        } finally {
          erase();
          keyboard.rest();
        }
        const on = view.onScreen();
        switch (key.kind) {
          case "quit":
            quit = true;
            carry = false;
            return "quit";
          case "next":
            // After going back, Enter walks forward through the steps already run.
            if (on > 0 && on < next.index - 1) {
              view.showStep(on + 1);
              continue;
            }
            return "next";
          case "back":
            view.showStep(Math.max(1, on - 1));
            continue;
          case "replay":
            view.showStep(Math.max(1, on));
            continue;
          case "jump":
            if (key.step > next.total) continue;
            if (key.step < next.index) {
              view.showStep(key.step);
              continue;
            }
            if (key.step === next.index) return "next";
            view.quietThrough(key.step - 1);
            return { jump: key.step };
          case "detail":
            view.setDetail(other(view.detail()));
            stdout.write(`  ${say("run.detail.now", { detail: detailName(view.detail()) })}\n`);
            continue;
          case "help":
            help(next.total);
            continue;
        }
      }
    } finally {
      view.setPromptHooks(null);
      view.releasePrompt(carry);
    }
  };

  return {
    asking,
    startAt,
    quitByKey: () => quit,
    close: () => keyboard?.stop(),
    beforeStep: (signal, next) =>
      opts.step ? pause(signal, next ?? { index: 0, total: 0 }) : Promise.resolve("next"),
    async ask(question, signal) {
      if (!asking || !keyboard) return null;
      await view.drain();
      view.holdForPrompt();
      try {
        for (;;) {
          // A resize takes the question off the screen, draws the step anew, and asks again.
          const resized = new AbortController();
          let redrawn = () => {};
          const redrawDone = new Promise<void>((resolve) => {
            redrawn = resolve;
          });
          let asked: Promise<unknown> = Promise.resolve();
          view.setPromptHooks({
            before: async () => {
              resized.abort();
              await asked.catch(() => {});
            },
            after: () => redrawn(),
          });
          try {
            const answer = keyboard.lend(() =>
              ask(question, opts.locale, AbortSignal.any([signal, resized.signal])),
            );
            asked = answer;
            return await answer;
          } catch (err) {
            if (err instanceof Interrupted && resized.signal.aborted && !signal.aborted) {
              await redrawDone;
              continue;
            }
            throw err;
          } finally {
            view.setPromptHooks(null);
          }
        }
      } finally {
        view.releasePrompt(false);
      }
    },
  };
}
