import { existsSync } from "node:fs";
import { isIPv6 } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { LessonContext } from "./lesson.js";

/**
 * A lesson's reference program as the user can type it: relative to the
 * current folder when it is inside it (a clone), else absolute (npx), quoted
 * for the shell when it needs to be.
 */
export function referenceProgram(lessonId: string, file: string): string {
  const full = fileURLToPath(
    new URL(`../../../lessons/${lessonId}/reference/${file}`, import.meta.url),
  );
  if (!existsSync(full)) return file;
  const rel = path.relative(process.cwd(), full);
  const shown = rel.startsWith("..") || path.isAbsolute(rel) ? full : rel;
  return /^[\w@%+=:,./-]+$/.test(shown) ? shown : `'${shown.replace(/'/g, "'\\''")}'`;
}

/** The lecture's sockets are AF_INET (and so is every py line shown): IPv6 gets a clear reason. */
export function requireIPv4(ctx: LessonContext, host: string): void {
  if (isIPv6(host.replace(/^\[|\]$/g, ""))) ctx.fail(ctx.say("fail.ipv6", { host }));
}
