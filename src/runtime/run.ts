import { Chalk } from "chalk";
import { loadLesson } from "../../lessons/registry.js";
import { engineSay } from "../i18n/index.js";
import type { Locale } from "../i18n/locale.js";
import { Interrupted, type NetEnv, SockError } from "../net/env.js";
import { jsonRenderer } from "../render/json.js";
import { ladderRenderer } from "../render/ladder.js";
import { Output } from "../render/output.js";
import { spinnerFor } from "../render/spinner.js";
import type { TraceEvent } from "../trace/events.js";
import { Tracer } from "../trace/tracer.js";
import { createContext, type Pacing } from "./context.js";
import { EXIT_CODES as EXIT } from "./exit.js";
import { waitKey } from "./keys.js";
import { LessonFailed, type LessonOptions, UserError } from "./lesson.js";
import { ask } from "./questions.js";
import { Resources } from "./resources.js";

export type Mode = "replay" | "serve" | "connect";

export interface RunOptions extends LessonOptions {
  lessonId: string;
  mode: Mode;
  target?: string;
  step: boolean;
  delayMs: number;
  json: boolean;
  locale: Locale;
  color: boolean;
  width: number;
}

/** Run one lesson in one mode; resolves with the exit code. Everything opened is closed first. */
export async function runLesson(opts: RunOptions): Promise<number> {
  const lesson = await loadLesson(opts.lessonId);
  const say = engineSay(opts.locale);
  const tracer = new Tracer();
  const resources = new Resources();
  const abort = new AbortController();
  const stdout = process.stdout;
  const output = new Output(stdout, opts.json ? 0 : opts.delayMs);
  if (opts.mode === "serve") tracer.keep = false;

  let pauseSpinner: (on: boolean) => void = () => {};
  if (opts.json) {
    tracer.subscribe(jsonRenderer(stdout));
  } else {
    const chalk = opts.color ? new Chalk() : new Chalk({ level: 0 });
    tracer.subscribe(
      ladderRenderer(output, {
        width: opts.width,
        chalk,
        say,
        ...(opts.mode === "serve" ? { bannerFirst: (e) => banner(e, opts, say) } : {}),
      }),
    );
    if (stdout.isTTY) {
      const spinner = await spinnerFor(output, stdout, say, () => tracer.now());
      tracer.subscribeWaits(spinner);
      pauseSpinner = spinner.pause;
    }
  }

  const env: NetEnv = { tracer, track: resources.track, say, signal: abort.signal };
  const pacing: Pacing = {
    async beforeStep() {
      if (!opts.step) return "next";
      await output.drain();
      pauseSpinner(true);
      stdout.write(`  ${say("run.pause")} `);
      try {
        return await waitKey(abort.signal);
      } finally {
        if (stdout.isTTY) stdout.write("\r\u001b[2K");
        else stdout.write("\n");
        pauseSpinner(false);
      }
    },
    async ask(question) {
      if (!opts.step || !process.stdin.isTTY) return null;
      await output.drain();
      pauseSpinner(true);
      try {
        return await ask(question, opts.locale, abort.signal);
      } finally {
        pauseSpinner(false);
      }
    },
  };
  const ctx = createContext(lesson, env, opts.locale, opts, pacing);

  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    abort.abort();
    // A second Ctrl-C does not wait for anything.
    if (interrupts > 1) process.exit(EXIT.interrupted);
  };
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onSigint);

  let code: number = EXIT.ok;
  let reason: string | undefined;
  try {
    if (opts.mode === "serve") await lesson.serve(ctx);
    else if (opts.mode === "connect") await lesson.connect(ctx, opts.target ?? "");
    else await lesson.replay(ctx);
    if (abort.signal.aborted) throw new Interrupted();
  } catch (err) {
    if (err instanceof Interrupted || abort.signal.aborted) {
      code = EXIT.interrupted;
      reason = say("end.interrupted");
    } else if (
      err instanceof LessonFailed ||
      err instanceof SockError ||
      err instanceof UserError
    ) {
      code = EXIT.failed;
      reason = err.message;
    } else {
      code = EXIT.failed;
      reason = err instanceof Error ? err.message : String(err);
      if (process.env.SOCKSTEP_DEBUG) console.error(err);
    }
  } finally {
    output.discard();
    await resources.closeAll();
    process.off("SIGINT", onSigint);
    process.off("SIGTERM", onSigint);
  }
  tracer.emit({
    kind: "end",
    actor: "lesson",
    ok: code === EXIT.ok,
    ...(reason ? { reason } : {}),
  });
  await output.drain();
  if (opts.json && reason && code !== EXIT.interrupted)
    process.stderr.write(`sockstep: ${reason}\n`);
  return code;
}

/** In --serve mode the first line says where the server listens, so another program can connect. */
function banner(e: TraceEvent, opts: RunOptions, say: ReturnType<typeof engineSay>): string | null {
  if (e.kind !== "call" || e.actor !== "server") return null;
  const ready = e.proto === "udp" ? e.call === "bind" : e.call === "listen";
  if (!ready || !e.local) return null;
  const line = say("run.serving", {
    lesson: opts.lessonId,
    proto: e.proto.toUpperCase(),
    address: e.local,
  });
  const wide = opts.host !== "127.0.0.1" && opts.host !== "localhost" && opts.host !== "::1";
  return wide ? `${line}\n${say("run.public", { host: opts.host })}` : line;
}
