import { Chalk } from "chalk";
import type { Texts } from "../i18n/texts.js";
import { truncateCells } from "../render/cells.js";
import { ClassStats, type ServeKind } from "../render/class-stats.js";
import { statusLines, totalLine, windowLine } from "../render/class-view.js";
import { AUTO_EVENTS, follow } from "../render/follow.js";
import { toJsonLine, worded } from "../render/json.js";
import { type Detail, ladderRenderer } from "../render/ladder.js";
import { Output, type SpinnerHost } from "../render/output.js";
import type { View } from "../runtime/session.js";
import type { TraceEvent } from "../trace/events.js";
import { FALLBACK_WIDTH, terminalWidth } from "./screen.js";

/**
 * The view of a --serve run: a server a whole class may lean on. The
 * terminal is never on the server's path:
 *
 * - stdout is written asynchronously (a terminal's writes are made
 *   non-blocking: Ctrl-S, or a terminal that stops reading, must not stop the
 *   server), and what is not yet written is bounded. Past the bound the ladder
 *   skips events and says how many; --json writes a `dropped` record in their
 *   place. A file (`--json > trace.ndjson`) is written synchronously and is
 *   always complete.
 * - The ladder narrates a few clients in full (the first to come, or the one
 *   --follow names); everyone is counted in the class view: a status block at
 *   the bottom of a terminal, redrawn in place, or a summary line every few
 *   seconds in a log.
 */
export interface ServeViewOptions {
  json: boolean;
  color: boolean;
  width: number;
  detail?: Detail;
  kind: ServeKind;
  /** --follow: the one client to narrate (conn id, ip, ip:port or user). */
  follow?: string;
  /** The first line: where the server listens. */
  banner: (event: TraceEvent, texts: Texts) => string | null;
}

/** Bytes written but not yet taken by the terminal before the ladder skips events. */
const TEXT_BEHIND = 64 * 1024;
/** Bytes of NDJSON not yet taken by a slow reader before events are dropped. */
const JSON_BEHIND = 1024 * 1024;
/** The status block is redrawn this often. */
const STATUS_MS = 500;
/** A log (no terminal) gets a summary of what was counted this often. */
const WINDOW_S = 5;
/** How long the end of a run waits for a terminal that does not read. */
const DRAIN_MS = 1000;

type Writable = NodeJS.WriteStream & { _handle?: { setBlocking?(on: boolean): void } };

export function serveView(opts: ServeViewOptions): View {
  const stdout = process.stdout as Writable;
  const tty = stdout.isTTY === true;
  const timers: NodeJS.Timeout[] = [];
  let onError: (() => void) | null = null;
  let finish: () => void = () => {};

  const behind = (limit: number) => stdout.writableLength > limit;

  const attachJson = (texts: Texts, subscribe: (fn: (e: TraceEvent) => void) => void) => {
    let dropped = 0;
    let from = 0;
    let to = 0;
    const record = () => {
      if (dropped === 0) return;
      stdout.write(
        `${toJsonLine({ kind: "dropped", events: dropped, fromSeq: from, toSeq: to })}\n`,
      );
      dropped = 0;
    };
    stdout.on("drain", record);
    subscribe((e) => {
      if (behind(JSON_BEHIND) && e.kind !== "end") {
        if (dropped === 0) from = e.seq;
        dropped++;
        to = e.seq;
        return;
      }
      record();
      stdout.write(`${toJsonLine(worded(e, texts))}\n`);
    });
  };

  const attachText = (
    texts: Texts,
    subscribe: (fn: (e: TraceEvent) => void) => void,
    now: () => number,
  ) => {
    const chalk = opts.color ? new Chalk() : new Chalk({ level: 0 });
    const output = new Output(stdout, 0, true);
    let width = opts.width > 0 ? opts.width : FALLBACK_WIDTH;
    const build = () =>
      ladderRenderer(output, {
        width,
        chalk,
        texts,
        ...(opts.detail ? { detail: opts.detail } : {}),
        fold: false,
        connTags: true,
        bannerFirst: (e) => opts.banner(e, texts),
      });
    let ladder = build();
    const stats = new ClassStats(opts.kind);
    const narrated = follow(opts.follow, (key) => stats.client(key));
    let skipped = 0;
    let hidden = 0;
    let listening = false;

    // The status block: drawn under the last line, the cursor left at its end.
    let drawn = 0;
    let ended = false;
    const block = (): string => {
      if (!listening || ended) return "";
      const lines = statusLines(stats, narrated, texts, now());
      drawn = lines.length;
      return lines
        .map((l, i) => {
          // Room for the terminal's own "^C" after the last line: a wrap there would leave the block behind.
          const fitted = truncateCells(l, width - 3);
          return i === 0 ? chalk.inverse(fitted) : chalk.dim(fitted);
        })
        .join("\n");
    };
    const erase = (): string => {
      if (drawn === 0) return "";
      const up = drawn > 1 ? `\u001b[${drawn - 1}A` : "";
      drawn = 0;
      return `\r${up}\u001b[J`;
    };
    if (tty && stdout.columns > 0) {
      const host: SpinnerHost = {
        clear: () => {
          const seq = erase();
          if (seq) stdout.write(seq);
        },
        redraw: () => {
          const text = block();
          if (text) stdout.write(text);
        },
      };
      output.spinner = host;
      const redraw = setInterval(() => {
        // A terminal that does not read gets nothing more until it does.
        if (behind(TEXT_BEHIND)) return;
        // Erase first: it counts the lines drawn last time, and block() counts the new ones.
        const gone = erase();
        stdout.write(`${gone}${block()}`);
      }, STATUS_MS);
      redraw.unref();
      timers.push(redraw);
      const onResize = () => {
        width = terminalWidth(stdout);
        ladder = build();
      };
      stdout.on("resize", onResize);
      const off = finish;
      finish = () => {
        off();
        stdout.off("resize", onResize);
      };
    } else {
      const summary = setInterval(() => {
        const window = stats.takeWindow();
        if (hidden === 0) return;
        hidden = 0;
        output.line(chalk.dim(windowLine(opts.kind, window, WINDOW_S, texts)));
      }, WINDOW_S * 1000);
      summary.unref();
      timers.push(summary);
    }

    subscribe((e) => {
      if (e.kind === "call" && e.actor === "server" && (e.call === "listen" || e.call === "bind")) {
        listening = true;
      }
      const client = stats.observe(e);
      if (e.kind === "end") {
        output.later(() => {
          output.spinner?.clear();
          ended = true;
          output.spinner = null;
          if (skipped > 0) output.line(chalk.dim(texts.say("class.behind", { events: skipped })));
          if (listening) output.line(totalLine(stats, texts));
          ladder(e);
        });
        return;
      }
      const shown = narrated.shows(client, now());
      if (shown === "capped" && client) {
        const who = client.addr ?? client.key;
        output.later(() =>
          output.line(chalk.dim(texts.say("class.capped", { who, events: AUTO_EVENTS }))),
        );
      }
      if (shown !== true) {
        hidden++;
        return;
      }
      if (behind(TEXT_BEHIND)) {
        skipped++;
        return;
      }
      if (skipped > 0) {
        const events = skipped;
        skipped = 0;
        output.later(() => output.line(chalk.dim(texts.say("class.behind", { events }))));
      }
      output.later(() => ladder(e));
    });
    return output;
  };

  let output: Output | null = null;
  return {
    attach({ tracer, texts, stop }) {
      onError = () => stop();
      stdout.on("error", onError);
      // Synchronous terminal writes would stop the whole server while the terminal does (Ctrl-S).
      if (tty) stdout._handle?.setBlocking?.(false);
      const subscribe = (fn: (e: TraceEvent) => void) => tracer.subscribe(fn);
      if (opts.json) attachJson(texts, subscribe);
      else output = attachText(texts, subscribe, () => tracer.now());
    },
    async drain() {
      output?.flush();
      if (stdout.writableLength === 0) return;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          stdout.off("drain", done);
          resolve();
        };
        const timer = setTimeout(done, DRAIN_MS);
        stdout.on("drain", done);
      });
    },
    discard() {},
    release() {
      for (const t of timers.splice(0)) clearInterval(t);
      finish();
      if (onError) stdout.off("error", onError);
      // What is written after the run (an error line) goes out before the process exits.
      if (tty) stdout._handle?.setBlocking?.(true);
    },
  };
}
