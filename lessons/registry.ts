import { fileURLToPath } from "node:url";
import type { LessonMeta, LessonModule } from "../src/runtime/lesson.js";
import type { VerifyModule } from "../src/runtime/verify.js";

/**
 * The lesson registry, the one place that knows lesson folders: one line a
 * lesson, in the order the menu and `list` show them. Only each folder's
 * meta.ts is loaded here, so `sockstep list` and `--help` load no lesson code;
 * a lesson's code is imported when it runs.
 */
const FOLDERS = [
  "udp-echo",
  "tcp-echo",
  "cookie-session",
  "conditional-get",
  "keep-alive",
  "pipelining",
] as const;

export const LESSONS: readonly LessonMeta[] = await Promise.all(
  FOLDERS.map(
    async (folder) => ((await import(`./${folder}/meta.js`)) as { meta: LessonMeta }).meta,
  ),
);

export function findLesson(id: string): LessonMeta | undefined {
  return LESSONS.find((l) => l.id === id);
}

/** Import a lesson's code (only when it runs). */
export async function loadLesson(id: string): Promise<LessonModule> {
  const mod = (await import(`./${id}/lesson.js`)) as { lesson: LessonModule };
  return mod.lesson;
}

/**
 * Import a lesson's verification (lessons/<id>/verify.ts; only `sockstep verify`
 * and `dev check` load it). Undefined when the lesson has none.
 */
export async function loadVerify(id: string): Promise<VerifyModule | undefined> {
  try {
    const mod = (await import(`./${id}/verify.js`)) as { verify: VerifyModule };
    return mod.verify;
  } catch (err) {
    const e = err as { code?: string; message?: string };
    // Only the verify file itself missing means "none"; a broken import inside it is a bug to show.
    const missing = new RegExp(`^Cannot find module '[^']*[\\\\/]${id}[\\\\/]verify\\.js'`);
    if (e.code === "ERR_MODULE_NOT_FOUND" && missing.test(e.message ?? "")) {
      return undefined;
    }
    throw err;
  }
}

/** Where a lesson's compiled code is, and its reference programs (beside dist/, as the package ships them). */
export function lessonFolders(id: string): { code: string; reference: string } {
  return {
    code: fileURLToPath(new URL(`./${id}/`, import.meta.url)),
    reference: fileURLToPath(new URL(`../../lessons/${id}/reference/`, import.meta.url)),
  };
}
