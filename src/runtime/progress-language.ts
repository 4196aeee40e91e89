import type { CliSay } from "../i18n/cli-messages.js";

/**
 * The language of the progress file's warnings: the CLI's --lang. A module
 * of its own, so the command line can set it without loading the progress
 * code (and its file system work) for `--help`.
 */
let speak: CliSay | null = null;

export function progressLanguage(say: CliSay): void {
  speak = say;
}

export function progressSay(): CliSay | null {
  return speak;
}
