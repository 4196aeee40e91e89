import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import envPaths from "env-paths";
import { type CliKey, cliSay } from "../i18n/cli-messages.js";
import { detectLocale, type Params } from "../i18n/locale.js";
import { progressSay } from "./progress-language.js";

/**
 * What a student has done, per lesson: watched (a replay that ended ok),
 * quizzed (the last and the best score of the final quiz), verified (a
 * `sockstep verify` that passed, per role). One small JSON file under the
 * user's config folder; SOCKSTEP_CONFIG_DIR moves it (tests, shared machines).
 *
 * Progress is a convenience: nothing here ever fails a run, and nothing here
 * ever throws. Every trouble with the file is one warning line per run.
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

/** The warnings below speak the CLI's --lang; the environment's language until it is told. */
function say(key: CliKey, params: Params): string {
  return (progressSay() ?? cliSay(detectLocale(undefined)))(key, params);
}

/**
 * Paths this run has warned about: each says one line at most, however often
 * progress is read or written (a lesson records watched and its quiz).
 */
const warned = new Set<string>();
/** Paths holding something sockstep must not replace: nothing is saved there for the rest of the run. */
const refused = new Set<string>();

function warnOnce(file: string, line: string, warn: Warn): void {
  if (warned.has(file)) return;
  warned.add(file);
  warn(line);
}

const isIso = (v: unknown) => typeof v === "string" && !Number.isNaN(Date.parse(v));
const isCount = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 0;
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Whether parsed JSON is a progress file this version understands, at every
 * depth (null, an array or a wrong type anywhere is not); unknown extra
 * fields are kept.
 */
function valid(data: unknown): data is Progress {
  if (!isRecord(data) || data.version !== 1 || !isRecord(data.lessons)) return false;
  return Object.values(data.lessons).every((entry) => {
    if (!isRecord(entry)) return false;
    if (entry.watched !== undefined && !isIso(entry.watched)) return false;
    const q = entry.quiz;
    if (
      q !== undefined &&
      !(isRecord(q) && isCount(q.score) && isCount(q.total) && isCount(q.best) && isIso(q.at))
    ) {
      return false;
    }
    const v = entry.verified;
    return v === undefined || (isRecord(v) && Object.values(v).every(isIso));
  });
}

/** Far beyond any real progress file: a bigger one is not read into memory, only set aside. */
const MAX_BYTES = 1024 * 1024;

/**
 * What is at the progress path: nothing yet, a regular file (and where its
 * bytes live: writes go there), or something that must be neither read nor
 * replaced (a FIFO would block a read forever; a folder, socket or device is
 * not ours to rename over; an unreadable file may hold progress we cannot see).
 */
type Place =
  | { kind: "missing" }
  | { kind: "file"; target: string; size: number }
  | { kind: "refused"; reason: string };

function describe(st: fs.Stats): CliKey {
  if (st.isFIFO()) return "progress.what.fifo";
  if (st.isDirectory()) return "progress.what.folder";
  if (st.isSocket()) return "progress.what.socket";
  if (st.isBlockDevice() || st.isCharacterDevice()) return "progress.what.device";
  return "progress.what.other";
}

function place(file: string): Place {
  const notFile = (what: CliKey): Place => ({
    kind: "refused",
    reason: say("progress.warn.notFile", { file, what: say(what, {}) }),
  });
  const cannot = (err: unknown): Place => ({
    kind: "refused",
    reason: say("progress.warn.unreadable", { file, detail: errorText(err) }),
  });
  let st: fs.Stats;
  try {
    st = fs.lstatSync(file);
  } catch (err) {
    // ENOTDIR: a file where the folder should be; there is no progress, and saving will say why.
    const code = (err as NodeJS.ErrnoException).code;
    return code === "ENOENT" || code === "ENOTDIR" ? { kind: "missing" } : cannot(err);
  }
  let target = file;
  if (st.isSymbolicLink()) {
    // A link is followed only to a regular file: progress kept with someone's
    // dotfiles stays there (writes replace the target, the link stays a link),
    // while a link to a FIFO, a folder or nowhere is refused like the thing
    // itself (following a dangling link would create a file wherever it points).
    try {
      target = fs.realpathSync(file);
      st = fs.statSync(target);
    } catch {
      return notFile("progress.what.danglingLink");
    }
  }
  if (!st.isFile()) return notFile(describe(st));
  return { kind: "file", target, size: st.size };
}

/**
 * The file's text, opened so that nothing can block: O_NONBLOCK, and the
 * opened thing checked again, in case a FIFO took the file's place since it
 * was looked at.
 */
function readText(target: string): { text: string } | { refused: string } {
  let fd: number;
  try {
    fd = fs.openSync(target, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (err) {
    return { refused: say("progress.warn.unreadable", { file: target, detail: errorText(err) }) };
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) {
      return {
        refused: say("progress.warn.notFile", { file: target, what: say(describe(st), {}) }),
      };
    }
    return { text: fs.readFileSync(fd, "utf8") };
  } catch (err) {
    return { refused: say("progress.warn.unreadable", { file: target, detail: errorText(err) }) };
  } finally {
    fs.closeSync(fd);
  }
}

function errorText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  // "EACCES: permission denied, open '…'" names the path the line already names.
  return e.code && e.syscall ? e.message.replace(/, \w+ '.*'$/, "") : String(e.message ?? e);
}

type Loaded =
  | { kind: "progress"; progress: Progress }
  | { kind: "missing" }
  | { kind: "corrupt" }
  | { kind: "refused"; reason: string };

function load(file: string): Loaded {
  const found = place(file);
  if (found.kind !== "file") return found;
  if (found.size > MAX_BYTES) return { kind: "corrupt" };
  const read = readText(found.target);
  if ("refused" in read) return { kind: "refused", reason: read.refused };
  let data: unknown;
  try {
    data = JSON.parse(read.text);
  } catch {
    return { kind: "corrupt" };
  }
  return valid(data) ? { kind: "progress", progress: data } : { kind: "corrupt" };
}

function refuse(file: string, reason: string, warn: Warn): void {
  refused.add(file);
  warnOnce(file, say("progress.warn.refused", { reason }), warn);
}

/**
 * Move a file that is not progress out of the way (the path itself: for a
 * link, the link), so nothing is lost and the next write starts clean. If it
 * cannot be moved, it is not overwritten either.
 */
function setAside(file: string, warn: Warn): void {
  const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  try {
    fs.renameSync(file, aside);
    warnOnce(file, say("progress.warn.setAside", { file, aside }), warn);
  } catch (err) {
    refuse(file, say("progress.warn.cannotMove", { file, detail: errorText(err) }), warn);
  }
}

/**
 * Read the progress file. Missing: nothing done yet. Not progress (garbage,
 * or JSON of another shape): renamed to progress.json.corrupt-<time>, one
 * warning line, and nothing done. Not a readable regular file: one warning
 * line, nothing done, and nothing saved over it for the rest of the run.
 */
export function readProgress(warn: Warn = warnStderr): Progress {
  const file = progressPath();
  const loaded = load(file);
  if (loaded.kind === "progress") return loaded.progress;
  if (loaded.kind === "refused") refuse(file, loaded.reason, warn);
  else if (loaded.kind === "corrupt") setAside(file, warn);
  return empty();
}

/**
 * Write the whole file atomically: a temp file next to the file's bytes, then
 * rename over them. Never over something that is not a regular file.
 */
export function writeProgress(progress: Progress, warn: Warn = warnStderr): boolean {
  const file = progressPath();
  if (refused.has(file)) return false;
  const found = place(file);
  if (found.kind === "refused") {
    refuse(file, found.reason, warn);
    return false;
  }
  const target = found.kind === "file" ? found.target : file;
  const tmp = `${target}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const fd = fs.openSync(tmp, "wx", 0o644);
    try {
      fs.writeFileSync(fd, `${JSON.stringify(progress, null, 2)}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, target);
    return true;
  } catch (err) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {}
    warnOnce(file, say("progress.warn.cannotSave", { file, detail: errorText(err) }), warn);
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

/** What `reset` did: forgot something, found nothing, or could not (with the one line why). */
export type ResetResult =
  | { kind: "forgotten" }
  | { kind: "nothing" }
  | { kind: "refused"; reason: string };

/**
 * Forget everything, or one lesson. Only a regular file of progress is
 * removed (for a link, the link, never the file it points to); a file that is
 * not progress is set aside as when it is read; anything else stays as it is.
 */
export function resetProgress(id?: string, warn: Warn = warnStderr): ResetResult {
  const file = progressPath();
  const loaded = load(file);
  if (loaded.kind === "missing") return { kind: "nothing" };
  if (loaded.kind === "refused") return { kind: "refused", reason: loaded.reason };
  // Trouble below is the command's one error line, not a warning besides it.
  let trouble = "";
  const keep: Warn = (line) => {
    trouble = line;
  };
  if (loaded.kind === "corrupt") {
    setAside(file, keep);
    if (refused.has(file)) return { kind: "refused", reason: trouble };
    warn(trouble);
    return { kind: id === undefined ? "forgotten" : "nothing" };
  }
  if (id === undefined) {
    try {
      fs.rmSync(file);
      return { kind: "forgotten" };
    } catch (err) {
      return {
        kind: "refused",
        reason: say("progress.warn.cannotRemove", { file, detail: errorText(err) }),
      };
    }
  }
  if (!(id in loaded.progress.lessons)) return { kind: "nothing" };
  delete loaded.progress.lessons[id];
  return writeProgress(loaded.progress, keep)
    ? { kind: "forgotten" }
    : { kind: "refused", reason: trouble };
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
