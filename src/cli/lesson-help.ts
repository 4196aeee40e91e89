import { loadLesson } from "../../lessons/registry.js";
import type { CliSay } from "../i18n/cli-messages.js";
import type { Locale } from "../i18n/locale.js";
import { createTexts } from "../i18n/texts.js";
import type { LessonMeta } from "../runtime/lesson.js";

/** `sockstep help <lesson>`: what it shows, its steps, and the options it takes, from its own data. */
export async function lessonHelp(say: CliSay, meta: LessonMeta, locale: Locale): Promise<string> {
  const lesson = await loadLesson(meta.id);
  const texts = createTexts(locale, lesson.text);
  const lines = [`${meta.id} — ${meta.title[locale]}`, "", `  ${meta.summary[locale]}`, ""];
  lines.push(`${say("cli.lessonHelp.steps")}:`);
  for (const [i, step] of lesson.steps.entries()) {
    lines.push(`  ${String(i + 1).padStart(2)}. ${texts.of(`step.${step.id}`)}`);
  }
  lines.push("");
  const numbers = [
    ["--rtt <ms>", meta.options.rtt],
    ["--loss <percent>", meta.options.loss],
    ["--max-age <s>", meta.options.maxAge],
    ["--backlog <n>", meta.options.backlog],
  ] as const;
  const taken = numbers.filter(([, spec]) => spec !== undefined);
  if (taken.length === 0 && !meta.options.message) lines.push(say("cli.lessonHelp.noOptions"));
  else {
    lines.push(`${say("cli.lessonHelp.options")}:`);
    for (const [flag, spec] of taken) {
      lines.push(
        `  ${say("cli.lessonHelp.number", { flag, default: spec!.default, min: spec!.min, max: spec!.max })}`,
      );
    }
    if (meta.options.message) lines.push(`  ${say("cli.lessonHelp.message")}`);
  }
  lines.push(say(meta.connect === "url" ? "cli.lessonHelp.url" : "cli.lessonHelp.hostport"), "");
  return `${lines.join("\n")}\n`;
}
