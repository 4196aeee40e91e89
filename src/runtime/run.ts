import { hostOf, isLoopback } from "../net/address.js";
import { Interrupted } from "../net/env.js";
import type { Tracer } from "../trace/tracer.js";
import { createContext, finalQuiz, type Pacing, runSteps, stepsWith } from "./context.js";
import { EXIT_CODES as EXIT } from "./exit.js";
import type { ConnectTarget, LessonModule, LessonOptions } from "./lesson.js";
import { markWatched, recordQuiz } from "./progress.js";
import { pausePacing, questionPacing, runSeed } from "./questions.js";
import { closeSession, endSession, openSession, outcome, type View } from "./session.js";

export type Mode = "replay" | "serve" | "connect";

/** Everything a lesson run needs, built once by src/cli (buildRunOptions) for the command and the menu. */
export interface RunOptions extends LessonOptions {
  lessonId: string;
  mode: Mode;
  /** --connect, parsed for the lesson's kind of target. */
  target?: ConnectTarget;
  json: boolean;
  locale: import("../i18n/locale.js").Locale;
  /** Pause between steps (--step); questions are asked only then, on a terminal. */
  step: boolean;
  /** Run from the menu: q (quit) goes back to the menu, so it resolves 0; Ctrl-C still 130. */
  fromMenu?: boolean;
  /** --seed: the order of every question's choices, the same in every run; random without it. */
  seed?: number;
}

/** What the terminal side hands in: how the run is shown, and how it is paced. */
export interface RunParts {
  view: View;
  pacing: Pacing & { quitByKey?(): boolean };
}

/** Run one lesson in one mode; resolves with the exit code. Everything opened is closed first. */
export async function runLesson(
  lesson: LessonModule,
  opts: RunOptions,
  parts: RunParts,
): Promise<number> {
  const session = await openSession(parts.view, {
    locale: opts.locale,
    text: lesson.text,
    keep: opts.mode !== "serve",
  });
  const { texts, abort, env } = session;
  // Questions shuffled for this run, with hints; the reader's pauses marked on the trace's clock.
  const pacing = pausePacing(
    questionPacing(parts.pacing, { seed: runSeed(opts.seed), texts, tracer: env.tracer }),
    env.tracer,
  );
  warnExposure(env.tracer);
  const ctx = createContext(env, texts, opts);
  ctx.replaySteps = (state) => stepsWith(lesson, ctx, texts, pacing, async () => state);

  let code: number = EXIT.ok;
  let reason: string | undefined;
  try {
    if (opts.mode === "serve") await lesson.serve(ctx);
    else if (opts.mode === "connect") {
      if (!opts.target) throw new Error("connect mode without a target");
      await lesson.connect(ctx, opts.target);
    } else {
      const fromRun = await runSteps(lesson, ctx, texts, pacing);
      if (abort.signal.aborted) throw new Interrupted();
      // Watched: every step ran. The quiz after it is a separate achievement.
      markWatched(opts.lessonId);
      const score = await finalQuiz(lesson, env, texts, pacing, fromRun);
      if (score) {
        const record = recordQuiz(opts.lessonId, score.score, score.total);
        env.tracer.emit({
          kind: "note",
          actor: "lesson",
          key: "quiz.score",
          facts: { score: score.score, total: score.total, best: record.best },
        });
      }
    }
    if (abort.signal.aborted) throw new Interrupted();
  } catch (err) {
    ({ code, reason } = outcome(err, session));
  } finally {
    await closeSession(session);
  }
  await endSession(session, opts.json, code, reason);
  const quitByKey = parts.pacing.quitByKey?.() ?? false;
  return opts.fromMenu && quitByKey && code === EXIT.interrupted ? EXIT.ok : code;
}

/**
 * A server bound where other machines can reach it (0.0.0.0, a LAN address)
 * is said once, as a note, so --json carries it too; a loopback address
 * (127.0.0.2 as much as 127.0.0.1) is not.
 */
function warnExposure(tracer: Tracer): void {
  let said = false;
  tracer.subscribe((e) => {
    if (said || e.kind !== "call" || e.actor !== "server" || !e.local) return;
    if (e.call !== "bind" && e.call !== "listen") return;
    said = true;
    if (isLoopback(hostOf(e.local))) return;
    const address = e.local;
    // After the bind's own subscribers: the warning follows the line it is about.
    queueMicrotask(() =>
      tracer.emit({ kind: "note", actor: "lesson", key: "run.public", facts: { address } }),
    );
  });
}
