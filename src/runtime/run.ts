import { Chalk } from "chalk";
import { findLesson, loadLesson } from "../../lessons/registry.js";
import { engineSay, type Say } from "../i18n/index.js";
import type { Locale } from "../i18n/locale.js";
import { Interrupted, type NetEnv, SockError } from "../net/env.js";
import { narrationBudget } from "../render/budget.js";
import { jsonRenderer } from "../render/json.js";
import { type LadderOptions, ladderRenderer } from "../render/ladder.js";
import { Output } from "../render/output.js";
import { spinnerFor } from "../render/spinner.js";
import { timelineRenderer } from "../render/timeline.js";
import type { Canvas } from "../render/verdict.js";
import type { TraceEvent } from "../trace/events.js";
import { type Subscriber, Tracer } from "../trace/tracer.js";
import { createContext, finalQuiz, type Pacing } from "./context.js";
import { EXIT_CODES as EXIT } from "./exit.js";
import { waitKey } from "./keys.js";
import { LessonFailed, type LessonOptions, UserError } from "./lesson.js";
import { markWatched, recordQuiz } from "./progress.js";
import { ask } from "./questions.js";
import { Resources } from "./resources.js";

export type Mode = "replay" | "serve" | "connect";

/** How a run is shown: the same for lessons and `verify`. */
export interface ViewOptions {
  json: boolean;
  locale: Locale;
  color: boolean;
  width: number;
  delayMs: number;
}

export interface RunOptions extends LessonOptions, ViewOptions {
  lessonId: string;
  mode: Mode;
  target?: string;
  step: boolean;
  /** Run from the menu: q (quit) goes back to the menu, so it resolves 0; Ctrl-C still 130. */
  fromMenu?: boolean;
}

/** What every run has: the trace and its renderers, what to close, and Ctrl-C. */
export interface Session {
  say: Say;
  tracer: Tracer;
  output: Output;
  resources: Resources;
  abort: AbortController;
  env: NetEnv;
  /** Hide the spinner while a prompt or a key wait owns the terminal. */
  pauseSpinner(on: boolean): void;
  /** Stop handling Ctrl-C (the run is over). */
  release(): void;
}

export interface SessionOptions {
  ladder?: Partial<Pick<LadderOptions, "bannerFirst">>;
  /** Wrap the ladder, to show some events another way (verify's verdict). */
  wrap?: (ladder: Subscriber, canvas: Canvas) => Subscriber;
  /** Keep every event in memory (off for --serve, which may run for hours). */
  keep?: boolean;
}

/**
 * Set up a run: the tracer with the NDJSON or ladder renderer (and a spinner
 * on a terminal), resources to close, and Ctrl-C → abort (a second one exits).
 */
export async function openSession(view: ViewOptions, opts: SessionOptions = {}): Promise<Session> {
  const say = engineSay(view.locale);
  const tracer = new Tracer();
  if (opts.keep === false) tracer.keep = false;
  const resources = new Resources();
  const abort = new AbortController();
  const stdout = process.stdout;
  const output = new Output(stdout, view.json ? 0 : view.delayMs, true);
  const chalk = view.color ? new Chalk() : new Chalk({ level: 0 });

  let pauseSpinner: (on: boolean) => void = () => {};
  if (view.json) {
    tracer.subscribe(jsonRenderer(stdout));
  } else {
    const ladder = ladderRenderer(output, { width: view.width, chalk, say, ...opts.ladder });
    const canvas = { output, chalk, say, width: view.width };
    const shown = opts.wrap ? opts.wrap(ladder, canvas) : ladder;
    // Rendering waits for the end of the event loop's turn, so it never sits between a recv and a send.
    tracer.subscribe((e) => output.later(() => shown(e)));
    // The connection lessons' chart; it keeps events, so not in --serve (which may run for hours).
    if (opts.keep !== false) {
      const timeline = timelineRenderer(output, { width: view.width, chalk, say });
      tracer.subscribe((e) => output.later(() => timeline(e)));
    }
    if (stdout.isTTY) {
      const spinner = await spinnerFor(output, stdout, say, () => tracer.now());
      tracer.subscribeWaits(spinner);
      pauseSpinner = spinner.pause;
    }
  }

  let interrupts = 0;
  const onSignal = () => {
    interrupts++;
    abort.abort();
    // A second Ctrl-C does not wait for anything.
    if (interrupts > 1) process.exit(EXIT.interrupted);
  };
  // A reader that went away (`sockstep … --json | head`) stops the run the way Ctrl-C does,
  // once: every later write fails too.
  let stdoutGone = false;
  const onStdoutError = () => {
    if (stdoutGone) return;
    stdoutGone = true;
    abort.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  stdout.on("error", onStdoutError);
  return {
    say,
    tracer,
    output,
    resources,
    abort,
    env: { tracer, track: resources.track, say, signal: abort.signal },
    pauseSpinner: (on) => pauseSpinner(on),
    release() {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      stdout.off("error", onStdoutError);
    },
  };
}

/** An error out of a run as an exit code and a one-line reason. */
export function outcome(err: unknown, session: Session): { code: number; reason: string } {
  if (err instanceof Interrupted || session.abort.signal.aborted) {
    return { code: EXIT.interrupted, reason: session.say("end.interrupted") };
  }
  if (err instanceof LessonFailed || err instanceof SockError || err instanceof UserError) {
    return { code: EXIT.failed, reason: err.message };
  }
  if (process.env.SOCKSTEP_DEBUG) console.error(err);
  return { code: EXIT.failed, reason: err instanceof Error ? err.message : String(err) };
}

/** The last event, then the reason on stderr for --json (where stdout is only events). */
export async function endSession(
  session: Session,
  view: ViewOptions,
  code: number,
  reason: string | undefined,
): Promise<void> {
  session.tracer.emit({
    kind: "end",
    actor: "lesson",
    ok: code === EXIT.ok,
    ...(reason ? { reason } : {}),
  });
  await session.output.drain();
  if (view.json && reason && code !== EXIT.interrupted) {
    process.stderr.write(`sockstep: ${reason}\n`);
  }
}

/** Run one lesson in one mode; resolves with the exit code. Everything opened is closed first. */
export async function runLesson(opts: RunOptions): Promise<number> {
  const lesson = await loadLesson(opts.lessonId);
  const session = await openSession(opts, {
    keep: opts.mode !== "serve",
    ...(opts.mode === "serve"
      ? {
          ladder: { bannerFirst: (e: TraceEvent) => banner(e, opts, engineSay(opts.locale)) },
          // Whoever connects may flood the terminal: the ladder shows a budget, --json stays whole.
          wrap: (ladder: Subscriber) => narrationBudget(ladder, { say: engineSay(opts.locale) }),
        }
      : {}),
  });
  const { say, output, abort } = session;
  const stdout = process.stdout;
  let quitByKey = false;

  const pacing: Pacing = {
    asking: opts.step && process.stdin.isTTY === true,
    async beforeStep() {
      if (!opts.step) return "next";
      await output.drain();
      session.pauseSpinner(true);
      stdout.write(`  ${say("run.pause")} `);
      try {
        const key = await waitKey(abort.signal);
        if (key === "quit") quitByKey = true;
        return key;
      } finally {
        if (stdout.isTTY) stdout.write("\r\u001b[2K");
        else stdout.write("\n");
        session.pauseSpinner(false);
      }
    },
    async ask(question) {
      if (!opts.step || !process.stdin.isTTY) return null;
      await output.drain();
      session.pauseSpinner(true);
      try {
        return await ask(question, opts.locale, abort.signal);
      } finally {
        session.pauseSpinner(false);
      }
    },
  };
  const ctx = createContext(lesson, session.env, opts.locale, opts, pacing);

  let code: number = EXIT.ok;
  let reason: string | undefined;
  try {
    if (opts.mode === "serve") await lesson.serve(ctx);
    else if (opts.mode === "connect") await lesson.connect(ctx, opts.target ?? "");
    else {
      await lesson.replay(ctx);
      if (abort.signal.aborted) throw new Interrupted();
      // Watched: every step ran. The quiz after it is a separate achievement.
      markWatched(opts.lessonId);
      const score = await finalQuiz(lesson, session.env, opts.locale, pacing);
      if (score) {
        const record = recordQuiz(opts.lessonId, score.score, score.total);
        ctx.tracer.emit({
          kind: "note",
          actor: "lesson",
          key: "quiz.score",
          text: say(record.best > score.score ? "run.quiz.scoreBest" : "run.quiz.score", {
            score: score.score,
            total: score.total,
            best: record.best,
          }),
          facts: { score: score.score, total: score.total, best: record.best },
        });
      }
    }
    if (abort.signal.aborted) throw new Interrupted();
  } catch (err) {
    ({ code, reason } = outcome(err, session));
  } finally {
    // Paced lines still queued are dropped only when the student stops the run.
    if (abort.signal.aborted) output.discard();
    await session.resources.closeAll();
    session.release();
  }
  await endSession(session, opts, code, reason);
  return opts.fromMenu && quitByKey && code === EXIT.interrupted ? EXIT.ok : code;
}

/** In --serve mode the first line says where the server listens, so another program can connect. */
function banner(e: TraceEvent, opts: RunOptions, say: Say): string | null {
  if (e.kind !== "call" || e.actor !== "server") return null;
  const ready = e.proto === "udp" ? e.call === "bind" : e.call === "listen";
  if (!ready || !e.local) return null;
  // HTTP lessons give a URL a browser or curl can open as it is.
  const http = findLesson(opts.lessonId)?.proto === "http";
  const line = say("run.serving", {
    lesson: opts.lessonId,
    proto: http ? "HTTP" : e.proto.toUpperCase(),
    address: http ? `http://${e.local}/` : e.local,
  });
  const wide = opts.host !== "127.0.0.1" && opts.host !== "localhost" && opts.host !== "::1";
  return wide ? `${line}\n${say("run.public", { host: opts.host })}` : line;
}
