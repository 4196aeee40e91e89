import type { Say } from "../i18n/index.js";

/**
 * The language of the progress file's warnings: the CLI's --lang. A module
 * of its own, so the command line can set it without loading the progress
 * code (and its file system work) for `--help`.
 */
let speak: Say | null = null;

export function progressLanguage(say: Say): void {
  speak = say;
}

export function progressSay(): Say | null {
  return speak;
}
