import { loadLesson } from "../../lessons/registry.js";
import { verdictRenderer } from "../render/verdict.js";
import { runVerify, type VerifyModule, type VerifyOptions } from "../runtime/verify.js";
import type { VerdictEvent } from "../trace/events.js";
import type { ViewOptions } from "./screen.js";
import { terminalView } from "./view.js";

/**
 * `sockstep verify`: the lesson's checks against the student's program, shown
 * on this terminal. `onVerdict` sees the verdict as it is drawn (--watch sums
 * it up in its status line).
 */
export async function startVerify(
  verify: VerifyModule,
  opts: VerifyOptions & ViewOptions,
  onVerdict?: (verdict: VerdictEvent) => void,
): Promise<number> {
  const lesson = await loadLesson(opts.lessonId);
  const wrap: typeof verdictRenderer = onVerdict
    ? (ladder, canvas) => {
        const draw = verdictRenderer(ladder, canvas);
        return (event) => {
          if (event.kind === "verdict") onVerdict(event);
          draw(event);
        };
      }
    : verdictRenderer;
  return runVerify(lesson, verify, opts, terminalView({ ...opts, wrap }));
}
