import { loadLesson } from "../../lessons/registry.js";
import { verdictRenderer } from "../render/verdict.js";
import { runVerify, type VerifyModule, type VerifyOptions } from "../runtime/verify.js";
import type { ViewOptions } from "./screen.js";
import { terminalView } from "./view.js";

/** `sockstep verify`: the lesson's checks against the student's program, shown on this terminal. */
export async function startVerify(
  verify: VerifyModule,
  opts: VerifyOptions & ViewOptions,
): Promise<number> {
  const lesson = await loadLesson(opts.lessonId);
  return runVerify(lesson, verify, opts, terminalView({ ...opts, wrap: verdictRenderer }));
}
