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
  const { runLesson } = await import("../runtime/run.js");
  const lessons = [...LESSONS].sort((a, b) => a.order - b.order);
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
    const code = await runLesson({
      lessonId: choice,
      mode: "replay",
      host: "127.0.0.1",
      port: 0,
      lossPercent: 0,
      rttMs: 0,
      step: true,
      fromMenu: true,
      delayMs: 0,
      json: false,
      locale,
      color: process.env.NO_COLOR === undefined,
      width: process.stdout.columns,
    });
    if (code === EXIT_CODES.interrupted) return code;
  }
}
