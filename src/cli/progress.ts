import { findLesson, LESSONS } from "../../lessons/registry.js";
import type { CliSay } from "../i18n/cli-messages.js";
import type { Locale } from "../i18n/locale.js";
import { EXIT_CODES } from "../runtime/exit.js";
import {
  type Marks,
  marksOf,
  progressPath,
  readProgress,
  resetProgress,
} from "../runtime/progress.js";

/** "✓ watched · quiz 2/2 · ✓ verified: server", or "" when nothing is done. */
export function marksText(marks: Marks, say: CliSay): string {
  const parts: string[] = [];
  if (marks.watched) parts.push(`✓ ${say("progress.watched")}`);
  if (marks.quiz) parts.push(say("progress.quiz", marks.quiz));
  if (marks.verified.length > 0) {
    const roles = marks.verified.map((r) => say(`actor.${r}`)).join(", ");
    parts.push(`✓ ${say("progress.verified", { roles })}`);
  }
  return parts.join(" · ");
}

/**
 * One narrow column for `list` and the menu, so a lesson stays on one line:
 * watched, quiz score, verified ("✓ 2/2 ✓", "·  ·  ·"). Null when nothing
 * at all is done yet (then the column is left out).
 */
export function markColumn(
  all: Marks[],
  say: CliSay,
): { legend: string; cell: (marks: Marks) => string } | null {
  if (!all.some((m) => m.watched || m.quiz || m.verified.length > 0)) return null;
  const score = (m: Marks) => (m.quiz ? `${m.quiz.score}/${m.quiz.total}` : "·");
  const width = Math.max(...all.map((m) => score(m).length));
  return {
    legend: say("progress.legend"),
    cell: (m) =>
      `${m.watched ? "✓" : "·"} ${score(m)
        .padStart(Math.ceil((width + score(m).length) / 2))
        .padEnd(width)} ${m.verified.length > 0 ? "✓" : "·"}`,
  };
}

/** `sockstep progress [--json]`: per lesson, watched, quiz score, verified. */
export function progressCommand(say: CliSay, locale: Locale, flags: { json?: boolean }): number {
  const progress = readProgress();
  const lessons = LESSONS;
  if (flags.json) {
    for (const l of lessons) {
      const entry = progress.lessons[l.id];
      process.stdout.write(
        `${JSON.stringify({
          id: l.id,
          title: l.title[locale],
          done: entry?.watched !== undefined,
          watched: entry?.watched ?? null,
          quiz: entry?.quiz ?? null,
          verified: entry?.verified ?? {},
        })}\n`,
      );
    }
    return EXIT_CODES.ok;
  }
  const idWidth = Math.max(...lessons.map((l) => l.id.length));
  process.stdout.write(`${say("progress.header", { file: progressPath() })}\n`);
  for (const l of lessons) {
    const marks = marksText(marksOf(progress.lessons[l.id]), say) || say("progress.none");
    process.stdout.write(`  ${l.id.padEnd(idWidth)}  ${l.title[locale]}\n`);
    process.stdout.write(`  ${" ".repeat(idWidth)}  ${marks}\n`);
  }
  const done = lessons.filter((l) => progress.lessons[l.id]?.watched !== undefined).length;
  process.stdout.write(`${say("progress.summary", { done, total: lessons.length })}\n`);
  return EXIT_CODES.ok;
}

/**
 * `sockstep reset [lesson] [--yes]`: forget progress. On a terminal it asks
 * first unless --yes; without one (a script, CI) there is nobody to ask.
 */
export async function resetCommand(
  say: CliSay,
  lessonId: string | undefined,
  flags: { yes?: boolean },
): Promise<number> {
  const lesson = lessonId === undefined ? undefined : findLesson(lessonId);
  if (!flags.yes && process.stdin.isTTY && process.stdout.isTTY) {
    const { default: inquirer } = await import("inquirer");
    let sure: boolean;
    try {
      ({ sure } = await inquirer.prompt<{ sure: boolean }>([
        {
          type: "confirm",
          name: "sure",
          default: false,
          // inquirer's own words are English: "(y/N)", "Yes", "No" and its error.
          theme: {
            keywords: {
              yes: say("cli.confirm.yes"),
              no: say("cli.confirm.no"),
              error: ({ yes, no }: { yes: string; no: string }) =>
                say("cli.confirm.error", { yes, no }),
            },
            style: { defaultAnswer: () => say("cli.confirm.hint") },
          },
          message: lesson
            ? say("cli.reset.confirmOne", { lesson: lesson.id })
            : say("cli.reset.confirm"),
        },
      ]));
    } catch {
      return EXIT_CODES.interrupted;
    }
    if (!sure) {
      process.stdout.write(`${say("cli.reset.kept")}\n`);
      return EXIT_CODES.ok;
    }
  }
  const result = resetProgress(lesson?.id);
  if (result.kind === "refused") {
    process.stderr.write(`sockstep: ${say("cli.reset.refused", { reason: result.reason })}\n`);
    return EXIT_CODES.failed;
  }
  const line =
    result.kind === "nothing"
      ? say("cli.reset.nothing")
      : lesson
        ? say("cli.reset.doneOne", { lesson: lesson.id })
        : say("cli.reset.done");
  process.stdout.write(`${line}\n`);
  return EXIT_CODES.ok;
}
