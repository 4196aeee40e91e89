import { LESSONS } from "../../lessons/registry.js";
import type { CliSay } from "../i18n/cli-messages.js";
import type { Locale } from "../i18n/locale.js";
import { truncateCells } from "../render/cells.js";
import { EXIT_CODES } from "../runtime/exit.js";
import type { LessonMeta } from "../runtime/lesson.js";
import { marksOf, readProgress } from "../runtime/progress.js";
import {
  buildRunOptions,
  type LessonFlags,
  lessonFlags,
  numberOption,
  UsageError,
} from "./options.js";
import { markColumn } from "./progress.js";

/** The interactive menu: pick a lesson, run it in step mode, come back. Needs a terminal. */
export async function menu(say: CliSay, locale: Locale): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(`sockstep: ${say("cli.menuNeedsTty")}\n`);
    const { listCommand } = await import("./list.js");
    listCommand(say, locale, {});
    return EXIT_CODES.ok;
  }
  const { default: inquirer } = await import("inquirer");
  const { startLesson } = await import("./lesson-run.js");
  const lessons = LESSONS;
  // A wrapped choice breaks inquirer's redraw; the summary under the list says the rest.
  const fit = (line: string) => truncateCells(line, Math.max(40, process.stdout.columns - 3));
  let last: string | undefined;
  for (;;) {
    // Read again each time: the lesson just run may have marked something.
    const progress = readProgress();
    const marks = lessons.map((l) => marksOf(progress.lessons[l.id]));
    const column = markColumn(marks, say);
    let choice: string;
    try {
      ({ choice } = await inquirer.prompt<{ choice: string }>([
        {
          type: "select",
          name: "choice",
          message: column
            ? `${say("cli.menu.choose")}  (${column.legend})`
            : say("cli.menu.choose"),
          pageSize: 12,
          ...(last ? { default: last } : {}),
          // inquirer's own key help is English ("↑↓ navigate • ⏎ select").
          theme: { style: { keysHelpTip: () => say("cli.menu.keys") } },
          choices: [
            ...lessons.map((l, i) => ({
              name: fit(
                `${l.id.padEnd(16)} ${column ? `${column.cell(marks[i]!)}  ` : ""}${l.title[locale]}`,
              ),
              value: l.id,
              description: l.summary[locale],
            })),
            { name: say("cli.menu.quit"), value: "" },
          ],
        },
      ]));
    } catch {
      return EXIT_CODES.interrupted;
    }
    if (choice === "") return EXIT_CODES.ok;
    last = choice;
    const meta = lessons.find((l) => l.id === choice)!;
    // The same options as `sockstep <lesson> --step`: each lesson's own defaults (its emulator's RTT).
    let flags: LessonFlags = { step: true };
    for (;;) {
      const opts = buildRunOptions(say, meta, flags, { locale, interactive: true, fromMenu: true });
      const code = await startLesson(meta, opts);
      if (code === EXIT_CODES.interrupted) return code;
      // Run it again, as it was or with other options, without going back to the list.
      let next: Rerun;
      try {
        next = await afterLesson(inquirer, say, meta);
      } catch {
        return EXIT_CODES.interrupted;
      }
      if (next === "back") break;
      if (next === "options") {
        try {
          flags = await askOptions(inquirer, say, meta, flags);
        } catch {
          return EXIT_CODES.interrupted;
        }
      }
    }
  }
}

type Rerun = "back" | "again" | "options";
type Inquirer = typeof import("inquirer")["default"];

/** After a lesson: back to the list, the same run again, or again with other options. */
async function afterLesson(inquirer: Inquirer, say: CliSay, meta: LessonMeta): Promise<Rerun> {
  const flags = lessonFlags(meta);
  const { next } = await inquirer.prompt<{ next: Rerun }>([
    {
      type: "select",
      name: "next",
      message: say("cli.menu.after", { lesson: meta.id }),
      theme: { style: { keysHelpTip: () => say("cli.menu.keys") } },
      choices: [
        { name: say("cli.menu.back"), value: "back" },
        { name: say("cli.menu.again"), value: "again" },
        ...(flags.length > 0
          ? [{ name: say("cli.menu.againWith", { flags: flags.join(" ") }), value: "options" }]
          : []),
      ],
    },
  ]);
  return next;
}

/**
 * Ask for each option the lesson declares (its meta), starting from the
 * values of the last run; each answer is checked by the same rules as the
 * command line (buildRunOptions), and a wrong one is asked again.
 */
async function askOptions(
  inquirer: Inquirer,
  say: CliSay,
  meta: LessonMeta,
  flags: LessonFlags,
): Promise<LessonFlags> {
  const next: LessonFlags = { ...flags };
  const specs = meta.options;
  const numbers = [
    { key: "rtt", flag: "--rtt", spec: specs.rtt, message: "cli.menu.ask.rtt" },
    { key: "loss", flag: "--loss", spec: specs.loss, message: "cli.menu.ask.loss" },
    { key: "maxAge", flag: "--max-age", spec: specs.maxAge, message: "cli.menu.ask.maxAge" },
  ] as const;
  if (specs.message) {
    const { value } = await inquirer.prompt<{ value: string }>([
      {
        type: "input",
        name: "value",
        message: say("cli.menu.ask.message"),
        default: flags.message ?? "",
      },
    ]);
    if (value === "") delete next.message;
    else next.message = value;
  }
  for (const n of numbers) {
    const spec = n.spec;
    if (!spec) continue;
    const { value } = await inquirer.prompt<{ value: string }>([
      {
        type: "input",
        name: "value",
        message: say(n.message, { min: spec.min, max: spec.max }),
        default: flags[n.key] ?? String(spec.default),
        // The command line's own check, with its own sentence.
        validate: (v: string) => {
          try {
            numberOption(say, n.flag, v.trim(), spec);
            return true;
          } catch (err) {
            return err instanceof UsageError ? err.message : String(err);
          }
        },
      },
    ]);
    next[n.key] = value.trim();
  }
  return next;
}
