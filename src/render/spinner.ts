import type { Texts } from "../i18n/texts.js";
import type { Wait, WaitSubscriber } from "../trace/tracer.js";
import type { Output } from "./output.js";

/**
 * An ora spinner while something is awaited, saying what and for how long.
 * ora is imported only when a terminal shows the run.
 */
/** A wait is shown once it has lasted this long. */
const SHOW_AFTER_MS = 200;

export async function spinnerFor(
  out: Output,
  stream: NodeJS.WriteStream,
  texts: Texts,
  now: () => number,
): Promise<WaitSubscriber & { pause(on: boolean): void }> {
  const { default: ora } = await import("ora");
  const spinner = ora({ stream, discardStdin: false, hideCursor: false });
  const active: Wait[] = [];
  let paused = false;
  let timer: NodeJS.Timeout | null = null;
  let showTimer: NodeJS.Timeout | null = null;

  const text = (w: Wait) => {
    const seconds = ((now() - w.started) / 1000).toFixed(1);
    const limit =
      w.timeoutMs !== undefined
        ? ` / ${texts.say("wait.timeout", { seconds: w.timeoutMs / 1000 })}`
        : "";
    return `${texts.wait(w)} · ${texts.say("wait.seconds", { seconds })}${limit}`;
  };
  const refresh = () => {
    const top = active.at(-1);
    if (showTimer) clearTimeout(showTimer);
    showTimer = null;
    if (!top || paused) {
      if (spinner.isSpinning) spinner.stop();
      if (timer) clearInterval(timer);
      timer = null;
      return;
    }
    // A wait shorter than SHOW_AFTER_MS (a reply over loopback, one emulated hop) gets no
    // spinner: it would only flicker, and drawing it is terminal work on the event loop
    // right between a connection lesson's socket calls, which adds to what they measure.
    const due = top.started + SHOW_AFTER_MS - now();
    if (!spinner.isSpinning && due > 0) {
      showTimer = setTimeout(refresh, Math.ceil(due));
      showTimer.unref();
      return;
    }
    spinner.text = text(top);
    if (!spinner.isSpinning) spinner.start();
    if (!timer) {
      timer = setInterval(() => {
        const w = active.at(-1);
        if (w) spinner.text = text(w);
      }, 100);
      timer.unref();
    }
  };
  out.spinner = {
    clear: () => {
      if (spinner.isSpinning) spinner.clear();
    },
    redraw: () => {
      if (spinner.isSpinning) spinner.render();
    },
  };
  return {
    start(w) {
      active.push(w);
      refresh();
    },
    end(w) {
      const i = active.indexOf(w);
      if (i >= 0) active.splice(i, 1);
      refresh();
    },
    pause(on) {
      paused = on;
      refresh();
    },
  };
}
