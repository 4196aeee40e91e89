import { Interrupted } from "../net/env.js";

/** What a key at the step pause asks for. */
export type StepKey =
  | { kind: "next" }
  | { kind: "back" }
  | { kind: "replay" }
  | { kind: "jump"; step: number }
  | { kind: "detail" }
  | { kind: "help" }
  | { kind: "quit" };

/**
 * The letters, and the same keys with a Korean keyboard layout on (두벌식):
 * a student who left the layout on presses ㅂ for q, ㅠ for b, ㄱ for r, ㅇ for d.
 */
const LETTERS: Record<string, StepKey["kind"]> = {
  b: "back",
  B: "back",
  ㅠ: "back",
  r: "replay",
  R: "replay",
  ㄱ: "replay",
  d: "detail",
  D: "detail",
  ㅇ: "detail",
  "?": "help",
  q: "quit",
  Q: "quit",
  ㅂ: "quit",
};

/**
 * One key press (a raw terminal read) as a step key, or null for a key that
 * does nothing: arrows and other escape sequences, letters without a meaning,
 * a paste of several keys.
 */
export function mapKey(text: string): StepKey | null {
  if (text === "\r" || text === "\n" || text === "\r\n" || text === " ") return { kind: "next" };
  if (/^[1-9]$/.test(text)) return { kind: "jump", step: Number(text) };
  const kind = [...text].length === 1 ? LETTERS[text] : undefined;
  if (kind === undefined || kind === "jump") return null;
  return { kind } as StepKey;
}

/**
 * The first key of what one read returned: an escape sequence (an arrow, a
 * function key) whole, Enter as one key whether it came as CR, LF or CRLF,
 * else the first character.
 */
export function firstKey(text: string): string {
  if (text.startsWith("\u001b")) {
    // CSI (ESC [ … final byte) or SS3 (ESC O x): one key; anything else after ESC stays with it.
    const seq = /^\u001b(\[[0-?]*[ -/]*[@-~]|O.)/.exec(text);
    return seq ? seq[0] : text;
  }
  if (text.startsWith("\r\n")) return "\r";
  return [...text][0] ?? "";
}

/** One line from a pipe (a script driving step mode): an empty line goes on, else its first key. */
export function mapLine(line: string): StepKey | null {
  const text = line.trim();
  if (text === "") return { kind: "next" };
  return mapKey([...text][0]!);
}

/** What the keyboard reads from: process.stdin, or a stand-in in the unit tests. */
export interface KeyInput extends NodeJS.EventEmitter {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  resume(): unknown;
  pause(): unknown;
  readonly readableEnded?: boolean;
  readonly destroyed?: boolean;
}

/**
 * The keyboard of a step-mode run. On a terminal it holds stdin in raw mode
 * for the whole run and reads every key as it is typed: a key typed while
 * lines are still being drawn is dropped there and then (it must not answer
 * the next pause, nor be echoed into the narration), and only keys typed
 * after a pause's prompt is on the screen answer it. Raw mode turns Ctrl-C
 * into a byte: it is sent on as SIGINT, so the run stops as it does without
 * step mode. From a pipe it reads a line per pause; once the pipe has ended
 * every pause goes on by itself.
 */
export class Keyboard {
  private waiter: ((key: StepKey | "interrupt") => void) | null = null;
  private readonly lines: string[] = [];
  private partial = "";
  private ended = false;
  private started = false;
  private lent = false;
  readonly raw: boolean;

  constructor(
    private readonly input: KeyInput = process.stdin,
    private readonly interrupt: () => void = () => process.kill(process.pid, "SIGINT"),
  ) {
    this.raw = input.isTTY === true && typeof input.setRawMode === "function";
  }

  private readonly onData = (chunk: Buffer | string) => {
    const text = typeof chunk === "string" ? chunk : chunk.toString("utf8");
    if (this.raw) {
      if (this.lent) return;
      if (text.includes("\u0003")) {
        const waiter = this.waiter;
        this.waiter = null;
        if (waiter) waiter("interrupt");
        else this.interrupt();
        return;
      }
      // Typeahead: no prompt waits, so the key is dropped.
      const waiter = this.waiter;
      if (!waiter) return;
      // Keys typed faster than they are read come in one chunk: the first one that means
      // something answers (keys that mean nothing do nothing, as when typed alone); the rest
      // is typeahead.
      let key: StepKey | null = null;
      for (let rest = text; rest !== "" && key === null; ) {
        const one = firstKey(rest);
        key = mapKey(one);
        rest = rest.slice(one === "\r" && rest.startsWith("\r\n") ? 2 : one.length || 1);
      }
      if (key === null) return;
      this.waiter = null;
      waiter(key);
      return;
    }
    const lines = (this.partial + text).split(/\r?\n/);
    this.partial = lines.pop() ?? "";
    this.lines.push(...lines);
    this.feedLine();
  };

  private readonly onEnd = () => {
    this.ended = true;
    if (this.partial !== "") {
      this.lines.push(this.partial);
      this.partial = "";
    }
    this.feedLine();
    // Nothing more comes: a waiting pause goes on.
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.({ kind: "next" });
  };

  /** Give the waiting pause the next line that means something (a pipe's lines are its keys). */
  private feedLine(): void {
    while (this.waiter && this.lines.length > 0) {
      const key = mapLine(this.lines.shift()!);
      if (key === null) continue;
      const waiter = this.waiter;
      this.waiter = null;
      waiter(key);
    }
  }

  /** Start reading (a terminal: raw mode, and keys dropped until a prompt waits). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.input.on("data", this.onData);
    this.input.on("end", this.onEnd);
    if (this.raw) {
      this.input.setRawMode?.(true);
      this.input.resume();
    }
  }

  /** Let go of stdin: cooked mode again, and nothing keeps the process alive. */
  stop(): void {
    if (!this.started) return;
    this.started = false;
    this.input.off("data", this.onData);
    this.input.off("end", this.onEnd);
    if (this.raw) this.input.setRawMode?.(false);
    this.input.pause();
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.("interrupt");
  }

  /**
   * Lend the terminal to another reader (inquirer's prompt) while `use` runs:
   * it sets its own modes; raw mode and reading resume afterwards.
   */
  async lend<T>(use: () => Promise<T>): Promise<T> {
    this.lent = true;
    try {
      return await use();
    } finally {
      this.lent = false;
      if (this.started && this.raw) {
        this.input.setRawMode?.(true);
        this.input.resume();
      }
    }
  }

  /**
   * The next key typed from now on (what was typed before is gone already).
   * Rejects with Interrupted on Ctrl-C or when `signal` aborts.
   */
  next(signal: AbortSignal): Promise<StepKey> {
    if (signal.aborted) return Promise.reject(new Interrupted());
    if (!this.started) this.start();
    return new Promise<StepKey>((resolve, reject) => {
      const onAbort = () => {
        this.waiter = null;
        reject(new Interrupted());
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.waiter = (key) => {
        signal.removeEventListener("abort", onAbort);
        if (key === "interrupt") reject(new Interrupted());
        else resolve(key);
      };
      if (!this.raw) {
        // A pipe is read only while a pause waits: what it holds is the script's answers.
        this.input.resume();
        this.feedLine();
        if (this.waiter && (this.ended || this.input.readableEnded || this.input.destroyed)) {
          this.waiter = null;
          signal.removeEventListener("abort", onAbort);
          resolve({ kind: "next" });
        }
      }
    });
  }

  /** Between pauses a pipe is not read, so the process can end when the run does. */
  rest(): void {
    if (!this.raw && this.started) this.input.pause();
  }
}
