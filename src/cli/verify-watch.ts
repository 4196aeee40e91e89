import fs from "node:fs";
import path from "node:path";
import { Chalk } from "chalk";
import type { CliSay } from "../i18n/cli-messages.js";
import { Interrupted } from "../net/env.js";
import { EXIT_CODES as EXIT } from "../runtime/exit.js";
import type { VerifyModule, VerifyOptions } from "../runtime/verify.js";
import { escapeText } from "../trace/escape.js";
import type { VerdictEvent } from "../trace/events.js";
import { Keyboard } from "./keys.js";
import { usage } from "./options.js";
import type { ViewOptions } from "./screen.js";
import { startVerify } from "./verify-run.js";

/**
 * `sockstep verify <lesson> --watch [path] -- <command…>`: the whole
 * verification again each time the student's file changes, on a clean
 * screen (on a terminal), each run summed up in one status line.
 *
 * The folder is watched, not the file: editors that save by writing a new
 * file and renaming it over the old one replace the inode a file watch holds.
 * Saves come in bursts (a temp file, a rename, a chmod), so a run starts once
 * the folder has been quiet for DEBOUNCE_MS.
 */

const DEBOUNCE_MS = 150;

/** Files an editor or Python writes beside the student's: never a reason to run again. */
const NOISE = /(^|[/\\])(\.[^/\\]*|__pycache__([/\\].*)?|[^/\\]*~|[^/\\]*\.py[co]|4913)$/;

/** What --watch looks at: a file (its folder is watched) or a whole folder. */
export interface WatchTarget {
  path: string;
  folder: boolean;
  /** As the command line gave it, for the status line. */
  shown: string;
}

/**
 * The explicit --watch path, or else the command's file: the first argument
 * after the interpreter that exists as a file (python3 server.py {port} →
 * server.py), or the program itself when it is given as a path (./server).
 */
export function watchTarget(say: CliSay, explicit: string | true, command: string[]): WatchTarget {
  if (explicit !== true) {
    const stat = statOf(explicit);
    if (!stat) usage(say("verify.watch.missing", { path: explicit }));
    return { path: path.resolve(explicit), folder: stat.isDirectory(), shown: explicit };
  }
  const candidates = [
    ...command.slice(1),
    ...(/[/\\]/.test(command[0] ?? "") ? [command[0]!] : []),
  ];
  for (const arg of candidates) {
    if (statOf(arg)?.isFile()) return { path: path.resolve(arg), folder: false, shown: arg };
  }
  usage(say("verify.watch.noFile"));
}

function statOf(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}

/** Why a wait between runs ended. */
type Wake = "change" | "quit" | "interrupt";

export async function watchVerify(
  say: CliSay,
  verify: VerifyModule,
  opts: VerifyOptions & ViewOptions,
  target: WatchTarget,
): Promise<number> {
  const stdout = process.stdout;
  const tty = stdout.isTTY === true;
  const chalk = opts.color ? new Chalk() : new Chalk({ level: 0 });
  const keyboard = process.stdin.isTTY === true ? new Keyboard() : null;
  const shownPath = escapeText(target.shown);

  let wake: ((why: Wake) => void) | null = null;
  /** A change or a quit that came while a run was going: it answers the next wait at once. */
  let pending: Wake | null = null;
  const signal = (why: Wake) => {
    // A quit or an interrupt outranks a change that is still waiting to be seen.
    if (pending === null || why !== "change") pending = why;
    const waiter = wake;
    wake = null;
    if (waiter) {
      pending = null;
      waiter(why);
    }
  };

  let debounce: NodeJS.Timeout | null = null;
  const fileName = path.basename(target.path);
  const watcher = fs.watch(
    target.folder ? target.path : path.dirname(target.path),
    { recursive: target.folder, persistent: true },
    (_event, name) => {
      const changed = name === null ? null : String(name);
      if (target.folder ? changed !== null && NOISE.test(changed) : changed !== fileName) return;
      if (debounce) clearTimeout(debounce);
      debounce = setTimeout(() => {
        debounce = null;
        signal("change");
      }, DEBOUNCE_MS);
    },
  );
  // The folder went away (or cannot be read any more): nothing will change again.
  watcher.on("error", () => signal("quit"));

  const onSignal = () => signal("interrupt");
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  // Not a terminal: the end of stdin ends the watch (a CI job closes it), and so does a line "q".
  let stdinDone = false;
  const onLine = (chunk: Buffer | string) => {
    if (/^\s*[qQㅂ]\s*$/m.test(String(chunk))) signal("quit");
  };
  const onEnd = () => {
    stdinDone = true;
    signal("quit");
  };
  if (!keyboard) {
    process.stdin.on("data", onLine);
    process.stdin.on("end", onEnd);
    process.stdin.on("error", onEnd);
  }

  /** The next reason to stop waiting: a change, q, Ctrl-C, or the end of stdin. */
  const waitForWake = async (): Promise<Wake> => {
    if (pending !== null) {
      const why = pending;
      pending = null;
      return why;
    }
    const woken = new Promise<Wake>((resolve) => {
      wake = resolve;
    });
    if (!keyboard) return woken;
    // The keyboard answers until something else wakes the wait: then its read is called off.
    const stopKeys = new AbortController();
    const keys = (async (): Promise<Wake> => {
      for (;;) {
        const key = await keyboard.next(stopKeys.signal);
        if (key.kind === "quit") return "quit";
      }
    })().catch((err: unknown): Wake | null => (err instanceof Interrupted ? null : "quit"));
    const why = await Promise.race([
      woken,
      keys.then((k) => (stopKeys.signal.aborted ? null : (k ?? "interrupt"))),
    ]);
    stopKeys.abort();
    wake = null;
    return why ?? (await woken);
  };

  try {
    keyboard?.start();
    for (;;) {
      if (tty) stdout.write("\u001b[H\u001b[2J");
      let verdict: VerdictEvent | null = null;
      const code = await startVerify(verify, opts, (v) => {
        verdict = v;
      });
      // Ctrl-C during a run stops it as it stops a plain verify; q typed meanwhile is a quit.
      if (code === EXIT.interrupted) return pending === "quit" ? EXIT.ok : EXIT.interrupted;
      const v = verdict as VerdictEvent | null;
      if (v) {
        const facts = { passed: v.facts.passed, total: v.facts.total, path: shownPath };
        const time = new Date().toTimeString().slice(0, 8);
        const line = say(v.ok ? "verify.watch.pass" : "verify.watch.fail", { ...facts, time });
        const keys = keyboard ? say("verify.watch.keys") : "";
        stdout.write(`${(v.ok ? chalk.green : chalk.red)(line)}${chalk.dim(keys)}\n`);
      }
      const why = stdinDone && !keyboard ? "quit" : await waitForWake();
      if (why === "quit") return EXIT.ok;
      if (why === "interrupt") return EXIT.interrupted;
    }
  } finally {
    if (debounce) clearTimeout(debounce);
    watcher.close();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    if (keyboard) keyboard.stop();
    else {
      process.stdin.off("data", onLine);
      process.stdin.off("end", onEnd);
      process.stdin.off("error", onEnd);
      process.stdin.pause();
    }
  }
}
