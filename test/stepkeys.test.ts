import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { EventEmitter } from "node:events";
import { after, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { firstKey, Keyboard, type KeyInput, mapKey, mapLine } from "../src/cli/keys.js";
import { Interrupted } from "../src/net/env.js";
import { Output } from "../src/render/output.js";
import { BIN, cliEnv, ROOT } from "./helpers.js";

/**
 * Step mode as a student meets it: the step keys, what is typed ahead, a
 * prompt that nothing draws over, a resize. The key mapping and the keyboard
 * are tested alone; the rest drives the real CLI in tmux (skipped without it).
 * Nothing here asserts a duration: a test waits until the screen shows what
 * it expects (bounded, so a broken build fails instead of hanging).
 */

describe("step keys", () => {
  it("map to what they say; every other key does nothing", () => {
    for (const k of ["\r", "\n", "\r\n", " "]) assert.deepEqual(mapKey(k), { kind: "next" });
    assert.deepEqual(mapKey("b"), { kind: "back" });
    assert.deepEqual(mapKey("r"), { kind: "replay" });
    assert.deepEqual(mapKey("3"), { kind: "jump", step: 3 });
    assert.deepEqual(mapKey("9"), { kind: "jump", step: 9 });
    assert.deepEqual(mapKey("d"), { kind: "detail" });
    assert.deepEqual(mapKey("?"), { kind: "help" });
    for (const k of ["q", "Q"]) assert.deepEqual(mapKey(k), { kind: "quit" });
    for (const k of ["x", "z", "0", "\u001b[A", "\u001b", "\t", "\u007f", "", "ab"]) {
      assert.equal(mapKey(k), null, JSON.stringify(k));
    }
  });

  it("with the Korean keyboard layout on, the same keys (ㅂ is q, ㅠ b, ㄱ r, ㅇ d)", () => {
    assert.deepEqual(mapKey("ㅂ"), { kind: "quit" });
    assert.deepEqual(mapKey("ㅠ"), { kind: "back" });
    assert.deepEqual(mapKey("ㄱ"), { kind: "replay" });
    assert.deepEqual(mapKey("ㅇ"), { kind: "detail" });
    assert.equal(mapKey("ㅎ"), null);
  });

  it("keys read in one chunk: the first one counts, an escape sequence stays whole", () => {
    assert.equal(firstKey("\r\r"), "\r");
    assert.equal(firstKey("\r\nb"), "\r");
    assert.equal(firstKey("bq"), "b");
    assert.equal(firstKey("ㅂㅂ"), "ㅂ");
    assert.equal(mapKey(firstKey("\u001b[B")), null);
  });

  it("a pipe's lines: an empty one goes on, else its first key", () => {
    assert.deepEqual(mapLine(""), { kind: "next" });
    assert.deepEqual(mapLine("  "), { kind: "next" });
    assert.deepEqual(mapLine("back"), { kind: "back" });
    assert.deepEqual(mapLine("4"), { kind: "jump", step: 4 });
    assert.deepEqual(mapLine("quit"), { kind: "quit" });
    assert.equal(mapLine("xyz"), null);
  });
});

/** A terminal's stdin stand-in: raw mode recorded, keys pushed by the test. */
class FakeTty extends EventEmitter implements KeyInput {
  isTTY = true;
  raw = false;
  flowing = false;
  setRawMode(mode: boolean) {
    this.raw = mode;
  }
  resume() {
    this.flowing = true;
  }
  pause() {
    this.flowing = false;
  }
  type(text: string) {
    this.emit("data", Buffer.from(text, "utf8"));
  }
}

/** A pipe's stand-in: lines, then its end. */
class FakePipe extends EventEmitter implements KeyInput {
  isTTY = false;
  readableEnded = false;
  resume() {}
  pause() {}
  write(text: string) {
    this.emit("data", Buffer.from(text, "utf8"));
  }
  end() {
    this.readableEnded = true;
    this.emit("end");
  }
}

describe("the keyboard", () => {
  it("drops what is typed before a prompt waits (typeahead), and answers with what comes after", async () => {
    const tty = new FakeTty();
    const kb = new Keyboard(tty, () => assert.fail("no Ctrl-C here"));
    kb.start();
    assert.equal(
      tty.raw,
      true,
      "raw mode from the start: typed keys are not echoed into the narration",
    );
    assert.equal(tty.flowing, true);
    // Typed while the step's lines are drawn: gone.
    tty.type("\r");
    tty.type("b");
    tty.type("\r\r");
    const signal = new AbortController().signal;
    const key = kb.next(signal);
    tty.type("x"); // does nothing
    tty.type("\u001b[A"); // an arrow: nothing
    tty.type("r");
    assert.deepEqual(await key, { kind: "replay" });
    // Between prompts everything is dropped again.
    tty.type("q");
    const again = kb.next(signal);
    tty.type(" ");
    assert.deepEqual(await again, { kind: "next" });
    kb.stop();
    assert.equal(tty.raw, false);
    assert.equal(tty.flowing, false);
    assert.equal(tty.listenerCount("data"), 0);
  });

  it("keys read together: the first one that means something answers", async () => {
    const tty = new FakeTty();
    const kb = new Keyboard(tty, () => assert.fail("no Ctrl-C here"));
    kb.start();
    const signal = new AbortController().signal;
    const key = kb.next(signal);
    tty.type("xz\u001b[A?q");
    assert.deepEqual(await key, { kind: "help" });
    kb.stop();
  });

  it("Ctrl-C stops a waiting prompt, and between prompts is sent on as SIGINT", async () => {
    const tty = new FakeTty();
    let interrupts = 0;
    const kb = new Keyboard(tty, () => interrupts++);
    kb.start();
    tty.type("\u0003");
    assert.equal(interrupts, 1);
    const key = kb.next(new AbortController().signal);
    tty.type("\u0003");
    await assert.rejects(key, Interrupted);
    assert.equal(interrupts, 1);
    const aborted = new AbortController();
    const waiting = kb.next(aborted.signal);
    aborted.abort();
    await assert.rejects(waiting, Interrupted);
    kb.stop();
  });

  it("lends the terminal to a question and takes raw mode back after it", async () => {
    const tty = new FakeTty();
    const kb = new Keyboard(tty, () => {});
    kb.start();
    const seen: string[] = [];
    await kb.lend(async () => {
      tty.raw = false; // inquirer's readline sets its own mode and leaves it cooked
      tty.type("b"); // the question's key: not the keyboard's
      seen.push("asked");
    });
    assert.equal(tty.raw, true);
    const key = kb.next(new AbortController().signal);
    tty.type("d");
    assert.deepEqual(await key, { kind: "detail" });
    assert.deepEqual(seen, ["asked"]);
    kb.stop();
  });

  it("from a pipe: a line per pause in order, lines without a meaning skipped, then on by itself", async () => {
    const pipe = new FakePipe();
    const kb = new Keyboard(pipe, () => {});
    kb.start();
    pipe.write("b\nwhat\n\n");
    const signal = new AbortController().signal;
    assert.deepEqual(await kb.next(signal), { kind: "back" });
    assert.deepEqual(await kb.next(signal), { kind: "next" });
    const waiting = kb.next(signal);
    pipe.write("q");
    pipe.end();
    assert.deepEqual(await waiting, { kind: "quit" });
    assert.deepEqual(await kb.next(signal), { kind: "next" });
    kb.stop();
  });
});

describe("the writer a step screen is drawn with", () => {
  it("keeps control sequences in order with lines, drops a muted redraw's lines, and the blank line under a clear", () => {
    let written = "";
    const sink = {
      write: (s: string) => {
        written += s;
        return true;
      },
    } as unknown as NodeJS.WritableStream;
    const out = new Output(sink, 0, true);
    out.line("one");
    out.control("<clear>", { skipBlank: true });
    out.line("");
    out.line("title");
    out.later(() => {
      out.muted = true;
      out.line("caught up, not shown");
      out.muted = false;
    });
    out.line("two");
    out.flush();
    assert.equal(written, "one\n<clear>title\ntwo\n");
  });

  it("writes a label over held events only if one of them draws a line", () => {
    let written = "";
    const sink = {
      write: (s: string) => {
        written += s;
        return true;
      },
    } as unknown as NodeJS.WritableStream;
    const out = new Output(sink);
    out.headWith(["While the prompt waited:"]);
    out.dropHeading();
    out.line("next");
    out.headWith(["While the prompt waited:"]);
    out.line("› a note");
    out.line("more");
    assert.equal(written, "next\nWhile the prompt waited:\n› a note\nmore\n");
  });
});

// ── in tmux ─────────────────────────────────────────────────────────────────

const hasTmux = spawnSync("tmux", ["-V"]).status === 0;
/** A tmux server of this test process only: the user's own sessions are never touched. */
const SOCKET = `sockstep-test-${process.pid}`;
let sessions = 0;

function tmux(...args: string[]): string {
  return execFileSync("tmux", ["-L", SOCKET, ...args], {
    encoding: "utf8",
    env: cliEnv(),
  });
}

after(() => {
  if (hasTmux) spawnSync("tmux", ["-L", SOCKET, "kill-server"]);
});

interface Term {
  name: string;
  screen(): string[];
  /** The screen with up to `lines` rows of scrollback above it. */
  history(lines: number): string[];
  keys(...keys: string[]): void;
  /** Wait until the screen passes `test` (bounded: a broken run fails, it does not hang). */
  until(test: (lines: string[]) => boolean, what: string, limitMs?: number): Promise<string[]>;
}

/** The CLI on an 80×30 terminal, as a student starts it; then the shell says its exit code and tty modes. */
function terminal(args: string[], cols = 80): Term {
  const name = `s${++sessions}`;
  const env = cliEnv();
  const command = [
    `cd '${ROOT}'`,
    `env NO_COLOR=1 LANG=C SOCKSTEP_CONFIG_DIR='${env.SOCKSTEP_CONFIG_DIR}' '${process.execPath}' '${BIN}' ${args.map((a) => `'${a}'`).join(" ")}`,
    "echo EXIT=$?",
    "stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo",
    "sleep 60",
  ].join("; ");
  tmux("new-session", "-d", "-s", name, "-x", String(cols), "-y", "30", command);
  const screen = () => tmux("capture-pane", "-p", "-t", name).split("\n");
  return {
    name,
    screen,
    history: (lines) => tmux("capture-pane", "-p", "-S", String(-lines), "-t", name).split("\n"),
    keys: (...keys) => {
      tmux("send-keys", "-t", name, ...keys);
    },
    async until(test, what, limitMs = 30_000) {
      const end = Date.now() + limitMs;
      for (;;) {
        const lines = screen();
        if (test(lines)) return lines;
        if (Date.now() > end) {
          assert.fail(`waited for ${what}; the screen:\n${lines.join("\n")}`);
        }
        await sleep(100);
      }
    },
  };
}

const filled = (lines: string[]) => lines.filter((l) => l.trim() !== "");
const top = (lines: string[]) => filled(lines)[0] ?? "";
const lastLine = (lines: string[]) => filled(lines).at(-1) ?? "";
const PROMPT = /^ {2}Enter: next step · b: back · \?: keys · q: quit\s*$/;
const atPause = (lines: string[]) => PROMPT.test(lastLine(lines));
const QUESTION_KEYS = /↑↓ choose · Enter: answer/;
const asking = (lines: string[]) => QUESTION_KEYS.test(lastLine(lines));

/** Answer whatever is asked (a wrong choice gets a hint and one more try) until the pause. */
async function answerToPause(t: Term): Promise<string[]> {
  for (let i = 0; i < 8; i++) {
    const s = await t.until((l) => atPause(l) || asking(l), "a question or the pause");
    if (atPause(s)) return s;
    const before = s.join("\n");
    t.keys("Enter");
    await t.until((l) => l.join("\n") !== before, "the answer taken");
  }
  return assert.fail("questions never ended");
}

describe("step mode in a terminal (tmux)", {
  skip: !hasTmux && "tmux is not installed",
  concurrency: true,
}, () => {
  it("a note that arrives while the pause waits is held: the prompt stays intact, the note comes after", async () => {
    // cookie-session's server closes a connection idle for 10 s: that note arrives during a 15 s pause.
    const t = terminal(["cookie-session", "--lang", "en"]);
    await t.until(atPause, "the first pause");
    t.keys("Enter");
    await t.until(asking, "step 2's question");
    assert.match(top(t.screen()), /^── 2\/11 · /, "the title on top, the question under it");
    const before = await answerToPause(t);
    await sleep(15_000);
    const during = t.screen();
    assert.deepEqual(during, before, "nothing was drawn over or under the pause prompt");
    assert.doesNotMatch(during.join("\n"), /idle timeout/);
    t.keys("Enter");
    // Step 3 is taller than the screen: read it with the scrollback above. Until the key is
    // read, step 2's prompt is still on the screen, so wait for step 3's title, not a prompt.
    const step3Title = (lines: string[]) =>
      lines.map((l) => /^── 3\/11 · /.test(l)).lastIndexOf(true);
    await t.until((l) => atPause(l) && step3Title(t.history(120)) >= 0, "step 3's pause");
    const lines = t.history(120);
    const title = step3Title(lines);
    const step3 = lines.slice(title).join("\n");
    assert.match(step3, /While the prompt waited:\n.*no request on connection \d+ for 10 s/);
    assert.doesNotMatch(step3, /Enter: next step.*\S.*idle/, "the note is on its own line");
    t.keys("q");
    await t.until((l) => l.some((x) => /^EXIT=130/.test(x)), "q to quit");
  });

  it("b, r and a number do what they say; a step shown again comes from the trace, not a second run", async () => {
    const t = terminal(["udp-echo", "--lang", "en"]);
    const first = await t.until(atPause, "step 1's pause");
    assert.match(top(first), /^── 1\/7 · The server takes a port ─/);
    const port = /bind → 127\.0\.0\.1:(\d+)/.exec(first.join("\n"))?.[1];
    assert.ok(port, "step 1 names the server's port");

    // Two Enters typed at once: one step, not two (the second is typeahead). Step 2 asks
    // nothing and step 3 does: ? shows the keys under step 2 once both Enters are read.
    tmux("send-keys", "-t", t.name, "Enter", "Enter");
    await t.until((l) => /^── 2\/7 · /.test(top(l)) && atPause(l), "step 2's pause");
    t.keys("?");
    let s = await t.until((l) => l.some((x) => /Keys at the pause:/.test(x)), "the keys");
    assert.match(top(s), /^── 2\/7 · /, "still step 2: the second Enter did not skip its pause");

    // 4: step 3 runs without a pause or its question, step 4 starts.
    t.keys("4");
    s = await t.until((l) => /^── 4\/7 · /.test(top(l)) && atPause(l), "step 4 after 4");
    assert.match(s.join("\n"), /↷ 3\/7 · The first datagram already carries the data/);
    assert.ok(!s.some((l) => QUESTION_KEYS.test(l)), "step 3's question was not asked");

    // r: this step again, titled as such.
    t.keys("r");
    s = await t.until((l) => /^── 4\/7 · .* · shown again/.test(top(l)) && atPause(l), "r");
    assert.match(s.join("\n"), /Shown again from this run's trace/);

    // b: the step before, from what it recorded (it ran unseen).
    t.keys("b");
    s = await t.until((l) => /^── 3\/7 · .* · shown again/.test(top(l)) && atPause(l), "b");
    assert.match(s.join("\n"), /sendto → 127\.0\.0\.1:\d+: datagram, 14 B "hello over udp"/);

    // 1: back to step 1; its port is the one bound then (nothing was bound again).
    t.keys("1");
    s = await t.until((l) => /^── 1\/7 · .* · shown again/.test(top(l)) && atPause(l), "1");
    assert.match(s.join("\n"), new RegExp(`bind → 127\\.0\\.0\\.1:${port}\\b`));

    // 3: that step; Enter walks forward through what ran, then runs the next step.
    t.keys("3");
    await t.until((l) => /^── 3\/7 · .* · shown again/.test(top(l)) && atPause(l), "3");
    t.keys("Enter");
    await t.until((l) => /^── 4\/7 · .* · shown again/.test(top(l)) && atPause(l), "Enter to 4");
    t.keys("Enter");
    s = await t.until((l) => /^── 5\/7 · /.test(top(l)) && asking(l), "Enter runs step 5");
    assert.doesNotMatch(top(s), /shown again/);
    await answerToPause(t);
    t.keys("q");
    // The shell prints the exit code, then the terminal's modes: wait for both.
    const end = await t.until(
      (l) => l.some((x) => /^EXIT=/.test(x)) && l.some((x) => /\bicanon\b/.test(x)),
      "the end",
    );
    assert.ok(end.some((x) => /^EXIT=130/.test(x)));
    // The terminal got its modes back.
    assert.ok(
      end.some((x) => /\bicanon\b/.test(x) && /\becho\b/.test(x) && !/-icanon|-echo/.test(x)),
      end.join("\n"),
    );
  });

  it("a resize from 80 to 60 columns redraws the step in one column", async () => {
    const t = terminal(["udp-echo", "--lang", "en"]);
    let s = await t.until(atPause, "step 1's pause");
    assert.ok(
      s.some((l) => l.includes("│")),
      "two columns at 80",
    );
    t.keys("Enter");
    s = await t.until((l) => /^── 2\/7 · /.test(top(l)) && atPause(l), "step 2");
    tmux("resize-window", "-t", t.name, "-x", "60");
    s = await t.until(
      (l) => /^── 2\/7 · /.test(top(l)) && atPause(l) && !l.some((x) => x.includes("│")),
      "the redraw in one column",
    );
    assert.ok(
      s.some((l) => /^client {3}socket\(\) → clientSocket/.test(l)),
      s.join("\n"),
    );
    // Nothing is left of the two-column drawing, and no line is wider than the terminal.
    assert.ok(s.every((l) => l.length <= 60));
    t.keys("q");
    await t.until((l) => l.some((x) => /^EXIT=130/.test(x)), "q");
  });

  it("? lists the keys; a letter without a meaning does nothing", async () => {
    const t = terminal(["udp-echo", "--lang", "en"]);
    const before = await t.until(atPause, "step 1's pause");
    // x and z first: once ?'s list is there, they were read, and drew nothing.
    t.keys("x");
    t.keys("z");
    t.keys("?");
    const s = await t.until((l) => l.some((x) => /Keys at the pause:/.test(x)) && atPause(l), "?");
    const text = s.join("\n");
    for (const key of [
      /Enter, Space +next step/,
      /\bb +back/,
      /\br +show this step again/,
      /1–7 +go to that step/,
      /\bd +detail/,
      /\? +these keys/,
      /\bq +quit/,
    ]) {
      assert.match(text, key);
    }
    const kept = filled(before).slice(0, -1);
    const now = filled(s);
    assert.deepEqual(now.slice(0, kept.length), kept, "the step stays as it was above the list");
    assert.match(now[kept.length]!, /Keys at the pause:/, "x and z added nothing");
    t.keys("q");
    await t.until((l) => l.some((x) => /^EXIT=130/.test(x)), "q");
  });

  it("--from-step 3: steps 1 and 2 run without pausing, listed in one line each; b shows them", async () => {
    const t = terminal(["udp-echo", "--lang", "en", "--from-step", "3"]);
    let s = await t.until(asking, "step 3's question");
    assert.match(top(s), /^── 3\/7 · /);
    const text = s.join("\n");
    assert.match(text, /Ran without pausing/);
    assert.match(text, /↷ 1\/7 · The server takes a port/);
    assert.match(text, /↷ 2\/7 · The client makes a socket/);
    await answerToPause(t);
    t.keys("b");
    s = await t.until((l) => /^── 2\/7 · .* · shown again/.test(top(l)) && atPause(l), "b");
    t.keys("q");
    await t.until((l) => l.some((x) => /^EXIT=130/.test(x)), "q");
  });
});
