import { LESSONS } from "../../lessons/registry.js";
import type { Say } from "../i18n/index.js";
import type { Locale } from "../i18n/locale.js";
import { truncateCells } from "../render/cells.js";
import { EXIT_CODES } from "../runtime/exit.js";
import { marksOf, readProgress } from "../runtime/progress.js";
import { markColumn } from "./progress.js";

/** The interactive menu: pick a lesson, run it in step mode, come back. Needs a terminal. */
export async function menu(say: Say, locale: Locale): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(`sockstep: ${say("cli.menuNeedsTty")}\n`);
    const { listCommand } = await import("./list.js");
    listCommand(say, locale, {});
    return EXIT_CODES.ok;
  }
  const { default: inquirer } = await import("inquirer");
  const { startLesson } = await import("./lesson-run.js");
  const { buildRunOptions } = await import("./options.js");
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
    const opts = buildRunOptions(
      say,
      meta,
      { step: true },
      { locale, interactive: true, fromMenu: true },
    );
    const code = await startLesson(meta, opts, say);
    if (code === EXIT_CODES.interrupted) return code;
  }
}
