import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import envPaths from "env-paths";

/**
 * What a student has done, per lesson: watched (a replay that ended ok),
 * quizzed (the last and the best score of the final quiz), verified (a
 * `sockstep verify` that passed, per role). One small JSON file under the
 * user's config folder; SOCKSTEP_CONFIG_DIR moves it (tests, shared machines).
 *
 * Progress is a convenience: nothing here ever fails a run. A file that cannot
 * be read as progress is set aside with a one-line warning; a file that cannot
 * be written is a warning too.
 */

export interface QuizRecord {
  score: number;
  total: number;
  best: number;
  at: string;
}

export interface LessonProgress {
  /** When a replay of the lesson last ended ok (ISO time). */
  watched?: string;
  quiz?: QuizRecord;
  /** When `verify` last passed, per role (ISO time). */
  verified?: Partial<Record<"server" | "client", string>>;
}

export interface Progress {
  version: 1;
  lessons: Record<string, LessonProgress>;
}

export const PROGRESS_FILE = "progress.json";

export function progressDir(env: NodeJS.ProcessEnv = process.env): string {
  const own = env.SOCKSTEP_CONFIG_DIR;
  if (own) return path.resolve(own);
  return envPaths("sockstep", { suffix: "" }).config;
}

export function progressPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(progressDir(env), PROGRESS_FILE);
}

function empty(): Progress {
  return { version: 1, lessons: {} };
}

export type Warn = (line: string) => void;

const warnStderr: Warn = (line) => {
  process.stderr.write(`sockstep: ${line}\n`);
};

const isIso = (v: unknown) => typeof v === "string" && !Number.isNaN(Date.parse(v));
const isCount = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 0;

/** Whether parsed JSON is a progress file this version understands (unknown extra fields are kept). */
function valid(data: unknown): data is Progress {
  if (!data || typeof data !== "object") return false;
  const p = data as Partial<Progress>;
  if (p.version !== 1 || !p.lessons || typeof p.lessons !== "object") return false;
  for (const entry of Object.values(p.lessons)) {
    if (!entry || typeof entry !== "object") return false;
    if (entry.watched !== undefined && !isIso(entry.watched)) return false;
    const q = entry.quiz;
    if (
      q !== undefined &&
      !(isCount(q.score) && isCount(q.total) && isCount(q.best) && isIso(q.at))
    ) {
      return false;
    }
    const v = entry.verified;
    if (v !== undefined && (typeof v !== "object" || !Object.values(v).every(isIso))) return false;
  }
  return true;
}

/**
 * Read the progress file. Missing: nothing done yet. Unreadable as progress:
 * renamed to progress.json.corrupt-<time> (so nothing is lost and the next
 * write starts clean), one warning line, and nothing done.
 */
export function readProgress(warn: Warn = warnStderr): Progress {
  const file = progressPath();
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") {
      warn(`cannot read ${file}: ${(err as Error).message}`);
    }
    return empty();
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  if (valid(data)) return data;
  const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  try {
    fs.renameSync(file, aside);
    warn(`${file} was not a progress file; moved it to ${aside} and started afresh`);
  } catch (err) {
    warn(`${file} is not a progress file and could not be moved: ${(err as Error).message}`);
  }
  return empty();
}

/** Write the whole file atomically: a temp file in the same folder, then rename over the old one. */
export function writeProgress(progress: Progress, warn: Warn = warnStderr): boolean {
  const file = progressPath();
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const fd = fs.openSync(tmp, "w", 0o644);
    try {
      fs.writeFileSync(fd, `${JSON.stringify(progress, null, 2)}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
    return true;
  } catch (err) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {}
    warn(`cannot save progress to ${file}: ${(err as Error).message}`);
    return false;
  }
}

/** Read, change one lesson's entry, write back. */
export function updateLesson(
  id: string,
  change: (entry: LessonProgress) => void,
  warn: Warn = warnStderr,
): LessonProgress {
  const progress = readProgress(warn);
  const entry = progress.lessons[id] ?? {};
  change(entry);
  progress.lessons[id] = entry;
  writeProgress(progress, warn);
  return entry;
}

export function markWatched(id: string, warn?: Warn): void {
  updateLesson(
    id,
    (e) => {
      e.watched = new Date().toISOString();
    },
    warn,
  );
}

export function recordQuiz(id: string, score: number, total: number, warn?: Warn): QuizRecord {
  const entry = updateLesson(
    id,
    (e) => {
      const best = e.quiz && e.quiz.total === total ? Math.max(e.quiz.best, score) : score;
      e.quiz = { score, total, best, at: new Date().toISOString() };
    },
    warn,
  );
  return entry.quiz!;
}

export function markVerified(id: string, role: "server" | "client", warn?: Warn): void {
  updateLesson(
    id,
    (e) => {
      e.verified = { ...e.verified, [role]: new Date().toISOString() };
    },
    warn,
  );
}

/** Forget everything, or one lesson. Returns whether there was anything to forget. */
export function resetProgress(id?: string, warn: Warn = warnStderr): boolean {
  if (id === undefined) {
    try {
      fs.rmSync(progressPath());
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return false;
      warn(`cannot remove ${progressPath()}: ${(err as Error).message}`);
      return false;
    }
  }
  const progress = readProgress(warn);
  if (!(id in progress.lessons)) return false;
  delete progress.lessons[id];
  return writeProgress(progress, warn);
}

/** The short summary `list`, the menu and `progress --json` share. */
export interface Marks {
  watched: boolean;
  quiz: { score: number; total: number; best: number } | null;
  verified: ("server" | "client")[];
}

export function marksOf(entry: LessonProgress | undefined): Marks {
  return {
    watched: entry?.watched !== undefined,
    quiz: entry?.quiz
      ? { score: entry.quiz.score, total: entry.quiz.total, best: entry.quiz.best }
      : null,
    verified: (["server", "client"] as const).filter((r) => entry?.verified?.[r] !== undefined),
  };
}
