import type { Locale, TextTable } from "../i18n/locale.js";
import { createTexts, type Texts } from "../i18n/texts.js";
import { Interrupted, type NetEnv, SockError } from "../net/env.js";
import { Tracer } from "../trace/tracer.js";
import { EXIT_CODES as EXIT } from "./exit.js";
import { LessonFailed, UserError } from "./lesson.js";
import { Resources } from "./resources.js";

/**
 * How a run is shown: renderers subscribed to its trace. The runtime does not
 * know the terminal; src/cli builds a View (the ladder, the spinner, NDJSON)
 * and hands it in.
 */
export interface View {
  /** Subscribe to the run's trace; `stop` ends the run the way Ctrl-C does (a reader that went away). */
  attach(run: { tracer: Tracer; texts: Texts; stop: () => void }): void | Promise<void>;
  /** Resolves when everything shown so far is written. */
  drain(): Promise<void>;
  /** Drop what is still queued (the student stopped the run). */
  discard(): void;
  /** The run is over: let go of the terminal. */
  release(): void;
}

/** What every run has: the trace, what to close, and Ctrl-C. */
export interface Session {
  texts: Texts;
  tracer: Tracer;
  view: View;
  resources: Resources;
  abort: AbortController;
  env: NetEnv;
  /** Whether the run stopped because its reader went away (`… | head`): that is no failure. */
  readonly readerGone: boolean;
  /** Stop handling Ctrl-C and let go of the view (the run is over). */
  release(): void;
}

export interface SessionOptions {
  locale: Locale;
  /** The lesson's (and verify's) sentences, looked up before the engine's. */
  text?: TextTable<string>;
  /** Keep every event in memory (off for --serve, which may run for hours). */
  keep?: boolean;
}

/** Set up a run: the tracer and its view, resources to close, and Ctrl-C → abort (a second one exits). */
export async function openSession(view: View, opts: SessionOptions): Promise<Session> {
  const texts = createTexts(opts.locale, opts.text);
  const tracer = new Tracer();
  if (opts.keep === false) tracer.keep = false;
  const resources = new Resources();
  const abort = new AbortController();
  let readerGone = false;
  await view.attach({
    tracer,
    texts,
    stop: () => {
      readerGone = true;
      abort.abort();
    },
  });

  let interrupts = 0;
  const onSignal = () => {
    interrupts++;
    abort.abort();
    // A second Ctrl-C does not wait for anything.
    if (interrupts > 1) process.exit(EXIT.interrupted);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    texts,
    tracer,
    view,
    resources,
    abort,
    env: { tracer, track: resources.track, signal: abort.signal },
    get readerGone() {
      return readerGone;
    },
    release() {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      view.release();
    },
  };
}

/** An error out of a run as an exit code and a one-line reason. */
export function outcome(
  err: unknown,
  session: Session,
): { code: number; reason: string | undefined } {
  // `sockstep … | head` read what it wanted: a quiet end, like any Unix filter's.
  if (session.readerGone) return { code: EXIT.ok, reason: undefined };
  if (err instanceof Interrupted || session.abort.signal.aborted) {
    return { code: EXIT.interrupted, reason: session.texts.say("end.interrupted") };
  }
  if (err instanceof SockError) {
    return { code: EXIT.failed, reason: session.texts.of(err.key, err.facts) };
  }
  if (err instanceof LessonFailed || err instanceof UserError) {
    return { code: EXIT.failed, reason: err.message };
  }
  if (process.env.SOCKSTEP_DEBUG) console.error(err);
  return { code: EXIT.failed, reason: err instanceof Error ? err.message : String(err) };
}

/** Close everything the run opened; queued lines are dropped only when the student stopped it. */
export async function closeSession(session: Session): Promise<void> {
  if (session.abort.signal.aborted) session.view.discard();
  await session.resources.closeAll();
  session.release();
}

/** The last event, then the reason on stderr for --json (where stdout is only events). */
export async function endSession(
  session: Session,
  json: boolean,
  code: number,
  reason: string | undefined,
): Promise<void> {
  session.tracer.emit({
    kind: "end",
    actor: "lesson",
    ok: code === EXIT.ok,
    ...(reason ? { reason } : {}),
  });
  await session.view.drain();
  if (json && reason && code !== EXIT.interrupted) {
    process.stderr.write(`sockstep: ${reason}\n`);
  }
}
