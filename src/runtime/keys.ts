import { Interrupted } from "../net/env.js";

export type KeyAnswer = "next" | "quit";

/**
 * Wait for Enter (next) or q (quit) on stdin. On a terminal this reads single
 * keys in raw mode, where Ctrl-C arrives as a byte rather than a signal; from
 * a pipe it reads a line.
 */
export function waitKey(signal: AbortSignal): Promise<KeyAnswer> {
  const stdin = process.stdin;
  return new Promise<KeyAnswer>((resolve, reject) => {
    if (signal.aborted) return reject(new Interrupted());
    const raw = stdin.isTTY === true;
    if (raw) stdin.setRawMode(true);
    stdin.resume();
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
      if (text.includes("\u0003")) return done(() => reject(new Interrupted()));
      if (/^[qQ]/.test(text) || (text.includes("\u001b") === false && /^[ㅂ]/.test(text))) {
        return done(() => resolve("quit"));
      }
      if (/[\r\n ]/.test(text) || raw) return done(() => resolve("next"));
    };
    const onEnd = () => done(() => resolve("next"));
    const onAbort = () => done(() => reject(new Interrupted()));
    stdin.on("data", onData);
    stdin.on("end", onEnd);
    signal.addEventListener("abort", onAbort);
  });
}
