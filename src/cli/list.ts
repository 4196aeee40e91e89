import { LESSONS } from "../../lessons/registry.js";
import type { Say } from "../i18n/index.js";
import type { Locale } from "../i18n/locale.js";
import { padCells } from "../render/cells.js";
import { marksOf, readProgress } from "../runtime/progress.js";
import { markColumn } from "./progress.js";

/** `sockstep list [--json]`: one line per lesson, with what is done (watched, quiz, verified). */
export function listCommand(say: Say, locale: Locale, flags: { json?: boolean }): void {
  const lessons = [...LESSONS].sort((a, b) => a.order - b.order);
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
  const header = say("cli.list.header");
  process.stdout.write(`${column ? `${padCells(header, idWidth + 4)}${column.legend}` : header}\n`);
  for (const [i, l] of lessons.entries()) {
    const cell = column ? `${column.cell(marks[i]!)}  ` : "";
    process.stdout.write(`  ${l.id.padEnd(idWidth)}  ${cell}${l.title[locale]}\n`);
  }
}
