import { loadLesson } from "../../lessons/registry.js";
import { engineSay } from "../i18n/index.js";
import type { Texts } from "../i18n/texts.js";
import { NO_PACING } from "../runtime/context.js";
import type { LessonMeta } from "../runtime/lesson.js";
import { type RunOptions, runLesson } from "../runtime/run.js";
import type { TraceEvent } from "../trace/events.js";
import { usage } from "./options.js";
import { stepPacing } from "./pacing.js";
import { recording } from "./record.js";
import type { ViewOptions } from "./screen.js";
import { serveView } from "./serve-view.js";
import { terminalView } from "./view.js";

/** Load a lesson and run it on this terminal: the command and the menu both come here. */
export async function startLesson(
  meta: LessonMeta,
  opts: RunOptions & ViewOptions & { fromStep?: number; record?: string },
): Promise<number> {
  const say = engineSay(opts.locale);
  const lesson = await loadLesson(meta.id);
  if (opts.mode === "serve") {
    // No steps and no pauses: the server answers whoever comes until Ctrl-C.
    const view = serveView({
      ...opts,
      kind: meta.proto,
      banner: (e: TraceEvent, t: Texts) => banner(e, meta, t),
    });
    return runLesson(lesson, opts, { view: recording(view, meta, opts, say), pacing: NO_PACING });
  }
  const headers = new Map(lesson.steps.map((s) => [s.id, s.headers]));
  const view = terminalView({
    ...opts,
    chart: true,
    // Step mode draws each step on a clean screen.
    steps: opts.step,
    stepHeaders: (id) => headers.get(id),
  });
  const total = lesson.steps.length;
  if (opts.fromStep !== undefined && opts.fromStep > total) {
    usage(
      say("cli.badNumber", { option: "--from-step", min: 1, max: total, value: opts.fromStep }),
    );
  }
  const pacing = stepPacing(view, {
    step: opts.step,
    locale: opts.locale,
    say,
    ...(opts.fromStep !== undefined ? { fromStep: opts.fromStep } : {}),
  });
  try {
    return await runLesson(lesson, opts, { view: recording(view, meta, opts, say), pacing });
  } finally {
    // On every path out (an error, Ctrl-C, q): the terminal gets its cooked mode back.
    pacing.close();
  }
}

/** In --serve mode the first line says where the server listens, so another program can connect. */
function banner(e: TraceEvent, meta: LessonMeta, texts: Texts): string | null {
  if (e.kind !== "call" || e.actor !== "server") return null;
  const ready = e.proto === "udp" ? e.call === "bind" : e.call === "listen";
  if (!ready || !e.local) return null;
  // HTTP lessons give a URL a browser or curl can open as it is.
  const http = meta.proto === "http";
  return texts.say("run.serving", {
    lesson: meta.id,
    proto: http ? "HTTP" : e.proto.toUpperCase(),
    address: http ? `http://${e.local}/` : e.local,
  });
}
