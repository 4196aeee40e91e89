import { Interrupted } from "../net/env.js";

export type KeyAnswer = "next" | "quit";

/** Lines typed ahead into a pipe: each answers one pause, in order. */
const typedAhead: string[] = [];

/** q quits; so does ㅂ, the same key with a Korean keyboard layout on. */
function answer(text: string): KeyAnswer {
  return /^[qQㅂ]/.test(text) ? "quit" : "next";
}

/**
 * Wait for Enter (next) or q (quit) on stdin. On a terminal this reads single
 * keys in raw mode, where Ctrl-C arrives as a byte rather than a signal; from
 * a pipe it reads a line per pause, and once the pipe has ended every pause
 * goes on by itself.
 */
export function waitKey(signal: AbortSignal): Promise<KeyAnswer> {
  const stdin = process.stdin;
  return new Promise<KeyAnswer>((resolve, reject) => {
    if (signal.aborted) return reject(new Interrupted());
    const raw = stdin.isTTY === true;
    if (!raw) {
      const line = typedAhead.shift();
      if (line !== undefined) return resolve(answer(line));
      // An ended stream emits "end" only once: a later pause must not wait for it.
      if (stdin.readableEnded || stdin.destroyed) return resolve("next");
    }
    if (raw) stdin.setRawMode(true);
    stdin.resume();
    let partial = "";
    const done = (fn: () => void) => {
      stdin.off("data", onData);
      stdin.off("end", onEnd);
      signal.removeEventListener("abort", onAbort);
      if (raw) stdin.setRawMode(false);
      stdin.pause();
      fn();
    };
    const onData = (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      if (raw) {
        if (text.includes("\u0003")) return done(() => reject(new Interrupted()));
        // Arrow keys and other escape sequences start with ESC: they are not "q".
        return done(() => resolve(text.startsWith("\u001b") ? "next" : answer(text)));
      }
      const lines = (partial + text).split(/\r?\n/);
      partial = lines.pop() ?? "";
      if (lines.length === 0) return;
      typedAhead.push(...lines.slice(1));
      done(() => resolve(answer(lines[0]!)));
    };
    const onEnd = () => done(() => resolve(partial ? answer(partial) : "next"));
    const onAbort = () => done(() => reject(new Interrupted()));
    stdin.on("data", onData);
    stdin.on("end", onEnd);
    signal.addEventListener("abort", onAbort);
  });
}
