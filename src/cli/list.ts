import { LESSONS } from "../../lessons/registry.js";
import type { Say } from "../i18n/index.js";
import type { Locale } from "../i18n/locale.js";

/** `sockstep list [--json]`: one line per lesson. */
export function listCommand(say: Say, locale: Locale, flags: { json?: boolean }): void {
  const lessons = [...LESSONS].sort((a, b) => a.order - b.order);
  if (flags.json) {
    for (const l of lessons) {
      process.stdout.write(
        `${JSON.stringify({ id: l.id, title: l.title[locale], done: false })}\n`,
      );
    }
    return;
  }
  const width = Math.max(...lessons.map((l) => l.id.length));
  process.stdout.write(`${say("cli.list.header")}\n`);
  for (const l of lessons) {
    process.stdout.write(`  ${l.id.padEnd(width)}  ${l.title[locale]}\n`);
  }
}
