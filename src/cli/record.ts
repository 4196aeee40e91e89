import { closeSync, openSync, writeSync } from "node:fs";
import type { CliSay } from "../i18n/cli-messages.js";
import { RECORD_FORMAT, type RecordHeader } from "../render/handout/model.js";
import { toJsonLine, worded } from "../render/json.js";
import type { LessonMeta } from "../runtime/lesson.js";
import type { RunOptions } from "../runtime/run.js";
import type { View } from "../runtime/session.js";
import { UsageError } from "./options.js";
import { version } from "./version.js";

/** The run's options that change what crosses the wire, as the record line keeps them. */
function wireOptions(opts: RunOptions): RecordHeader["options"] {
  return {
    host: opts.host,
    port: opts.port,
    rttMs: opts.rttMs,
    lossPercent: opts.lossPercent,
    ...(opts.message !== undefined ? { message: opts.message } : {}),
    ...(opts.maxAge !== undefined ? { maxAge: opts.maxAge } : {}),
    ...(opts.target ? { connect: opts.target.text } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
  };
}

/**
 * --record <file>: the run's trace, exactly as --json prints it, into a file
 * while the view shows the lesson as usual. The first line says what the
 * events do not (lesson, title, language, version, options), so `sockstep
 * render` needs nothing but the file. Each line is written as its event
 * happens: a run stopped by Ctrl-C leaves everything up to that point.
 */
export function recording(
  view: View,
  meta: LessonMeta,
  opts: RunOptions & { record?: string },
  say: CliSay,
): View {
  const file = opts.record;
  if (file === undefined) return view;
  let fd: number;
  try {
    fd = openSync(file, "w");
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new UsageError(say("cli.record.cannotWrite", { file, reason }), 1);
  }
  const header: RecordHeader = {
    kind: "record",
    format: RECORD_FORMAT,
    lesson: meta.id,
    title: meta.title[opts.locale],
    locale: opts.locale,
    version: version(),
    mode: opts.mode,
    options: wireOptions(opts),
  };
  let open = true;
  const write = (line: string) => {
    if (!open) return;
    try {
      writeSync(fd, `${line}\n`);
    } catch {
      // A full disk ends the recording, not the lesson.
      open = false;
      closeSync(fd);
    }
  };
  write(toJsonLine(header));
  return {
    ...view,
    async attach(run) {
      await view.attach(run);
      run.tracer.subscribe((event) => {
        write(toJsonLine(worded(event, run.texts)));
        if (event.kind === "end" && open) {
          open = false;
          closeSync(fd);
        }
      });
    },
  };
}
