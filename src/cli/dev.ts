import {
  findLesson,
  LESSONS,
  lessonFolders,
  loadLesson,
  loadVerify,
} from "../../lessons/registry.js";
import { checkLesson, checkReferences } from "../runtime/check.js";
import { EXIT_CODES } from "../runtime/exit.js";
import type { LessonMeta } from "../runtime/lesson.js";

/**
 * `sockstep dev check [lesson]` (for people writing lessons; not in the
 * users' help): each lesson's contract, then its reference programs through
 * `verify`. One line per lesson or problem; exit 1 when anything is wrong.
 */
export async function devCheck(lessonId: string | undefined): Promise<number> {
  const metas: LessonMeta[] = lessonId === undefined ? [...LESSONS] : [findLesson(lessonId)!];
  let failed = 0;
  for (const meta of metas) {
    const lesson = await loadLesson(meta.id);
    const verify = await loadVerify(meta.id);
    const folders = lessonFolders(meta.id);
    const problems = checkLesson(meta, lesson, verify, folders.code);
    const refs = verify ? await checkReferences(lesson, verify, folders.reference) : [];
    problems.push(...refs.flatMap((r) => (r.problem ? [r.problem] : [])));
    if (problems.length > 0) {
      failed++;
      for (const p of problems) process.stdout.write(`✗ ${p}\n`);
      continue;
    }
    const questions = Object.keys(lesson.quiz.predict).length + lesson.quiz.final.length;
    const passed = refs.map((r) => `${r.role}: ${r.command.replace(/\{ref\}\//g, "")}`);
    process.stdout.write(
      `✓ ${meta.id}: ${lesson.steps.length} steps, ${questions} questions${passed.length > 0 ? `; verify passes the reference ${passed.join(", ")}` : ""}\n`,
    );
  }
  return failed === 0 ? EXIT_CODES.ok : EXIT_CODES.failed;
}
