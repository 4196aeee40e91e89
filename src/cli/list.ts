import { LESSONS } from "../../lessons/registry.js";
import type { CliSay } from "../i18n/cli-messages.js";
import type { Locale } from "../i18n/locale.js";
import { marksOf, readProgress } from "../runtime/progress.js";
import { markColumn } from "./progress.js";

/** `sockstep list [--json]`: one line per lesson, with what is done (watched, quiz, verified). */
export function listCommand(say: CliSay, locale: Locale, flags: { json?: boolean }): void {
  const lessons = LESSONS;
  const progress = readProgress();
  if (flags.json) {
    for (const l of lessons) {
      const done = progress.lessons[l.id]?.watched !== undefined;
      process.stdout.write(`${JSON.stringify({ id: l.id, title: l.title[locale], done })}\n`);
    }
    return;
  }
  const idWidth = Math.max(...lessons.map((l) => l.id.length));
  const marks = lessons.map((l) => marksOf(progress.lessons[l.id]));
  const column = markColumn(marks, say);
  // The legend goes under the rows: aligning it above them would need string-width at start-up.
  process.stdout.write(`${say("cli.list.header")}\n`);
  for (const [i, l] of lessons.entries()) {
    const cell = column ? `${column.cell(marks[i]!)}  ` : "";
    process.stdout.write(`  ${l.id.padEnd(idWidth)}  ${cell}${l.title[locale]}\n`);
  }
  if (column) process.stdout.write(`\n  ${column.legend.trim()}\n`);
}
