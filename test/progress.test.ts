import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { createTexts } from "../src/i18n/texts.js";
import type { NetEnv } from "../src/net/env.js";
import { finalQuiz, type Pacing } from "../src/runtime/context.js";
import type { LessonModule, Question } from "../src/runtime/lesson.js";
import {
  markVerified,
  markWatched,
  progressPath,
  readProgress,
  recordQuiz,
  resetProgress,
  writeProgress,
} from "../src/runtime/progress.js";
import type { NoteEvent } from "../src/trace/events.js";
import { Tracer } from "../src/trace/tracer.js";
import { BIN, cliEnv, hasPython, ROOT, runCli } from "./helpers.js";

let dir: string;
const warnings: string[] = [];
const warn = (line: string) => warnings.push(line);

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sockstep-progress-"));
  process.env.SOCKSTEP_CONFIG_DIR = dir;
  warnings.length = 0;
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  delete process.env.SOCKSTEP_CONFIG_DIR;
});

const cli = (args: string[]) => runCli(args, { env: { SOCKSTEP_CONFIG_DIR: dir } });
const lines = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));

describe("progress file", () => {
  it("lives under SOCKSTEP_CONFIG_DIR and starts empty", () => {
    assert.equal(progressPath(), path.join(dir, "progress.json"));
    assert.deepEqual(readProgress(warn), { version: 1, lessons: {} });
    assert.deepEqual(warnings, []);
  });

  it("is written atomically: a new file renamed over the old one, no temp file left", () => {
    markWatched("udp-echo", warn);
    // A second name for the first version: written in place, it would change under it.
    const held = path.join(dir, "held");
    fs.linkSync(progressPath(), held);
    const firstText = fs.readFileSync(held, "utf8");
    recordQuiz("udp-echo", 1, 2, warn);
    markVerified("udp-echo", "server", warn);
    assert.equal(fs.readFileSync(held, "utf8"), firstText);
    assert.notEqual(fs.statSync(progressPath()).ino, fs.statSync(held).ino);
    fs.rmSync(held);
    assert.deepEqual(fs.readdirSync(dir), ["progress.json"]);
    const entry = readProgress(warn).lessons["udp-echo"]!;
    assert.ok(entry.watched);
    assert.deepEqual(
      { score: entry.quiz?.score, total: entry.quiz?.total, best: entry.quiz?.best },
      { score: 1, total: 2, best: 1 },
    );
    assert.ok(entry.verified?.server);
    assert.deepEqual(warnings, []);
  });

  it("keeps the best quiz score next to the latest", () => {
    recordQuiz("tcp-echo", 2, 3, warn);
    const q = recordQuiz("tcp-echo", 1, 3, warn);
    assert.equal(q.score, 1);
    assert.equal(q.best, 2);
  });

  it("sets a corrupt file aside with one warning, never failing", () => {
    fs.writeFileSync(progressPath(), '{"version": 1, "lessons": {"udp-echo": {"watched": 42');
    assert.deepEqual(readProgress(warn), { version: 1, lessons: {} });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /was not a progress file; moved it to .*progress\.json\.corrupt-/);
    const aside = fs.readdirSync(dir).filter((f) => f.startsWith("progress.json.corrupt-"));
    assert.equal(aside.length, 1);
    // Nothing is lost: the bad file is kept as it was, and the next write starts clean.
    assert.match(fs.readFileSync(path.join(dir, aside[0]!), "utf8"), /"watched": 42/);
    markWatched("udp-echo", warn);
    assert.ok(readProgress(warn).lessons["udp-echo"]?.watched);
    assert.equal(warnings.length, 1);
  });

  it("treats valid JSON of the wrong shape as corrupt too", () => {
    fs.writeFileSync(progressPath(), JSON.stringify({ version: 1, lessons: { x: { quiz: 3 } } }));
    assert.deepEqual(readProgress(warn).lessons, {});
    assert.equal(warnings.length, 1);
  });

  it("warns instead of failing when it cannot write", () => {
    process.env.SOCKSTEP_CONFIG_DIR = path.join(dir, "blocked");
    fs.writeFileSync(path.join(dir, "blocked"), "a file where the folder should be");
    assert.equal(writeProgress({ version: 1, lessons: {} }, warn), false);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /cannot save progress/);
  });

  it("reset forgets one lesson or everything", () => {
    markWatched("udp-echo", warn);
    markWatched("tcp-echo", warn);
    assert.deepEqual(resetProgress("udp-echo", warn), { kind: "forgotten" });
    assert.deepEqual(Object.keys(readProgress(warn).lessons), ["tcp-echo"]);
    assert.deepEqual(resetProgress(undefined, warn), { kind: "forgotten" });
    assert.equal(fs.existsSync(progressPath()), false);
    assert.deepEqual(resetProgress(undefined, warn), { kind: "nothing" });
  });
});

describe("the end-of-lesson quiz", () => {
  const question = (id: string, answer: number): Question => ({
    id,
    prompt: { en: `question ${id}?`, ko: `질문 ${id}?` },
    choices: [
      { en: "first", ko: "첫째" },
      { en: "second", ko: "둘째" },
    ],
    answer,
    hint: { en: `think of ${id}`, ko: `${id}을(를) 생각해 보세요` },
    explain: { en: `because ${id}`, ko: `${id} 때문` },
  });
  const lesson = {
    quiz: { predict: {}, final: [question("a", 0), question("b", 1)] },
  } as unknown as LessonModule;
  const env = (tracer: Tracer): NetEnv => ({
    tracer,
    track: () => () => {},
    signal: new AbortController().signal,
  });

  it("asks every question, explains each answer at once, and scores", async () => {
    const tracer = new Tracer();
    const asked: string[] = [];
    const pacing: Pacing = {
      asking: true,
      beforeStep: async () => "next",
      // Always the first choice: right for "a", wrong for "b".
      ask: async (q) => {
        asked.push(q.prompt.en);
        return { chosen: 0, right: q.answer === 0 };
      },
    };
    const score = await finalQuiz(lesson, env(tracer), createTexts("en"), pacing);
    assert.deepEqual(score, { score: 1, total: 2 });
    assert.deepEqual(asked, ["1/2 · question a?", "2/2 · question b?"]);
    const notes = tracer.events.filter((e): e is NoteEvent => e.kind === "note");
    assert.deepEqual(
      notes.map((n) => n.key),
      ["quiz.title", "quiz.a", "quiz.b"],
    );
    assert.equal(notes[1]!.text, "Right. because a");
    assert.equal(notes[2]!.text, "Not quite: the answer is “second”. because b");
    assert.deepEqual(notes[2]!.facts, { right: false, chosen: 0, answer: 1 });
  });

  it("speaks Korean", async () => {
    const tracer = new Tracer();
    const pacing: Pacing = {
      asking: true,
      beforeStep: async () => "next",
      ask: async () => ({ chosen: 1, right: false }),
    };
    await finalQuiz(lesson, env(tracer), createTexts("ko"), pacing);
    const texts = tracer.events.map((e) => (e.kind === "note" ? createTexts("ko").note(e) : ""));
    assert.match(texts[0]!, /마무리 문제 2개/);
    assert.equal(texts[1], "아쉽습니다. 정답은 “첫째”입니다. a 때문");
  });

  it("is skipped when questions are off (--auto, --json, no terminal)", async () => {
    const tracer = new Tracer();
    const pacing: Pacing = {
      asking: false,
      beforeStep: async () => "next",
      ask: async () => assert.fail("no question may be asked"),
    };
    assert.equal(await finalQuiz(lesson, env(tracer), createTexts("en"), pacing), null);
    assert.equal(tracer.events.length, 0);
  });
});

describe("progress on the command line", () => {
  it("a replay that ends ok marks the lesson watched: list, list --json and progress show it", async () => {
    const before = await cli(["list", "--json"]);
    assert.ok(lines(before.stdout).every((l) => l.done === false));
    const run = await cli(["udp-echo", "--json"]);
    assert.equal(run.code, 0);
    const after = lines((await cli(["list", "--json"])).stdout);
    assert.equal(after.find((l) => l.id === "udp-echo").done, true);
    assert.ok(after.filter((l) => l.id !== "udp-echo").every((l) => l.done === false));
    const list = await cli(["list"]);
    assert.match(list.stdout, /✓ watched · quiz · ✓ verified/);
    assert.match(list.stdout, /udp-echo\s+✓ · ·\s+UDP uppercase echo/);
    const progress = lines((await cli(["progress", "--json"])).stdout);
    const udp = progress.find((l) => l.id === "udp-echo");
    assert.equal(typeof udp.watched, "string");
    assert.equal(udp.quiz, null);
    const text = await cli(["progress", "--lang", "ko"]);
    assert.match(text.stdout, /✓ 시청함/);
    assert.match(text.stdout, /레슨 \d+개 중 1개 시청/);
  });

  it("a lesson that fails or is not a replay marks nothing", async () => {
    const run = await cli(["udp-echo", "--connect", "127.0.0.1:9", "--json"]);
    assert.equal(run.code, 1);
    assert.equal(fs.existsSync(path.join(dir, "progress.json")), false);
    assert.ok(lines((await cli(["list", "--json"])).stdout).every((l) => l.done === false));
  });

  it("a corrupt file is one warning line on stderr; list still works", async () => {
    fs.writeFileSync(path.join(dir, "progress.json"), "\u0000not json");
    const r = await cli(["list"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /udp-echo/);
    assert.equal(r.stderr.trim().split("\n").length, 1);
    assert.match(r.stderr, /^sockstep: .*progress\.json was not a progress file/);
    assert.ok(fs.readdirSync(dir).some((f) => f.startsWith("progress.json.corrupt-")));
  });

  it("reset asks nothing without a terminal, and forgets", async () => {
    fs.writeFileSync(
      path.join(dir, "progress.json"),
      JSON.stringify({
        version: 1,
        lessons: { "udp-echo": { watched: new Date().toISOString() } },
      }),
    );
    const one = await cli(["reset", "udp-echo"]);
    assert.equal(one.code, 0);
    assert.match(one.stdout, /Progress in udp-echo forgotten/);
    const all = await cli(["reset", "--yes"]);
    assert.equal(all.code, 0);
    assert.equal(fs.existsSync(path.join(dir, "progress.json")), false);
    const again = await cli(["reset"]);
    assert.match(again.stdout, /no progress to forget/);
    const bad = await cli(["reset", "udp-ecko"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Did you mean 'udp-echo'/);
  });
});

describe("a progress file that is not what it should be", () => {
  const file = () => path.join(dir, "progress.json");
  const aside = () => fs.readdirSync(dir).filter((f) => f.startsWith("progress.json.corrupt-"));
  const stamp = new Date().toISOString();

  /** Exactly one line on stderr, a sentence and never a stack trace. */
  function oneWarning(stderr: string, pattern: RegExp): void {
    const lines = stderr.trim().split("\n");
    assert.equal(lines.length, 1, stderr);
    assert.match(lines[0]!, pattern);
    assert.doesNotMatch(stderr, /^\s+at /m, "no stack trace");
  }

  const shapes: [string, unknown][] = [
    ["verified null", { version: 1, lessons: { "udp-echo": { watched: stamp, verified: null } } }],
    ["quiz null", { version: 1, lessons: { "udp-echo": { watched: stamp, quiz: null } } }],
    ["lessons []", { version: 1, lessons: [] }],
    ["a lesson that is not an object", { version: 1, lessons: { "udp-echo": "watched" } }],
    ["a quiz score of the wrong type", { version: 1, lessons: { x: { quiz: { score: "2" } } } }],
    ["a verified list", { version: 1, lessons: { x: { verified: [stamp] } } }],
  ];
  for (const [name, data] of shapes) {
    it(`${name}: set aside with one warning by progress, list and a lesson run`, async () => {
      const text = JSON.stringify(data);
      for (const args of [["progress"], ["list"], ["udp-echo", "--json"]]) {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(dir);
        fs.writeFileSync(file(), text);
        const r = await cli(args);
        assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
        oneWarning(r.stderr, /^sockstep: .*progress\.json was not a progress file; moved it to /);
        assert.equal(aside().length, 1);
        assert.equal(fs.readFileSync(path.join(dir, aside()[0]!), "utf8"), text, "kept as it was");
      }
      // The last run was a replay: it started afresh and saved.
      const saved = JSON.parse(fs.readFileSync(file(), "utf8"));
      assert.deepEqual(Object.keys(saved.lessons), ["udp-echo"]);
    });
  }

  it("verified null: verify passes, sets it aside with one warning and saves afresh", async (t) => {
    if (!(await hasPython())) return t.skip("python3 not available");
    fs.writeFileSync(file(), JSON.stringify(shapes[0]![1]));
    const server = path.join(ROOT, "lessons", "udp-echo", "reference", "UDPServer.py");
    const r = await cli(["verify", "udp-echo", "--", "python3", server, "{port}"]);
    assert.equal(r.code, 0, r.stderr);
    oneWarning(r.stderr, /progress\.json was not a progress file/);
    assert.equal(aside().length, 1);
    const saved = JSON.parse(fs.readFileSync(file(), "utf8"));
    assert.equal(typeof saved.lessons["udp-echo"].verified.server, "string");
  });

  it("a FIFO: nothing blocks on it, nothing replaces it, every command ends", async () => {
    execFileSync("mkfifo", [file()]);
    const notFile =
      /^sockstep: .*progress\.json is a named pipe \(FIFO\), not a file; progress is neither read nor saved in this run$/;
    for (const args of [["udp-echo", "--json"], ["progress"], ["list"]]) {
      const r = await runCli(args, { env: { SOCKSTEP_CONFIG_DIR: dir }, timeoutMs: 60_000 });
      assert.equal(r.signal, null, `${args.join(" ")} had to be killed`);
      assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
      oneWarning(r.stderr, notFile);
      assert.ok(fs.lstatSync(file()).isFIFO(), "still a FIFO");
    }
    for (const args of [
      ["reset", "--yes"],
      ["reset", "udp-echo"],
    ]) {
      const r = await runCli(args, { env: { SOCKSTEP_CONFIG_DIR: dir }, timeoutMs: 60_000 });
      assert.equal(r.code, 1, r.stderr);
      oneWarning(r.stderr, /is a named pipe \(FIFO\), not a file; nothing was forgotten$/);
      assert.ok(fs.lstatSync(file()).isFIFO(), "still a FIFO");
    }
    assert.deepEqual(fs.readdirSync(dir), ["progress.json"]);
  });

  it("a folder: left as it is, with what was in it", async () => {
    fs.mkdirSync(file());
    fs.writeFileSync(path.join(file(), "mine"), "keep me");
    const run = await cli(["udp-echo", "--json"]);
    assert.equal(run.code, 0);
    oneWarning(
      run.stderr,
      /progress\.json is a folder, not a file; progress is neither read nor saved/,
    );
    const list = await cli(["list"]);
    assert.equal(list.code, 0);
    oneWarning(list.stderr, /is a folder, not a file/);
    const reset = await cli(["reset", "--yes"]);
    assert.equal(reset.code, 1);
    oneWarning(reset.stderr, /is a folder, not a file; nothing was forgotten/);
    assert.ok(fs.statSync(file()).isDirectory());
    assert.equal(fs.readFileSync(path.join(file(), "mine"), "utf8"), "keep me");
  });

  it("a link is followed to a regular file only: saved through it, the link kept", async () => {
    const elsewhere = path.join(dir, "elsewhere.json");
    fs.writeFileSync(
      elsewhere,
      JSON.stringify({ version: 1, lessons: { "tcp-echo": { watched: stamp } } }),
    );
    fs.symlinkSync(elsewhere, file());
    const run = await cli(["udp-echo", "--json"]);
    assert.equal(run.code, 0);
    assert.equal(run.stderr, "");
    assert.ok(fs.lstatSync(file()).isSymbolicLink());
    assert.deepEqual(Object.keys(JSON.parse(fs.readFileSync(elsewhere, "utf8")).lessons).sort(), [
      "tcp-echo",
      "udp-echo",
    ]);
    fs.rmSync(elsewhere);
    const dangling = await cli(["udp-echo", "--json"]);
    assert.equal(dangling.code, 0);
    oneWarning(dangling.stderr, /is a link to nothing, not a file/);
    assert.equal(fs.existsSync(elsewhere), false, "nothing created where the link points");
  });

  /**
   * Root reads a file whatever its mode: as root the run goes to the nobody
   * user (65534), who cannot, in a folder anyone may write to.
   */
  it("mode 000: one warning, and the file is not overwritten", async (t) => {
    const progress = JSON.stringify({ version: 1, lessons: { "tcp-echo": { watched: stamp } } });
    fs.writeFileSync(file(), progress);
    fs.chmodSync(file(), 0o000);
    fs.chmodSync(dir, 0o777);
    const as = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const run = (args: string[]) => runAs(as, args, dir);
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "sockstep-progress-empty-"));
    fs.chmodSync(empty, 0o777);
    const runs = await runAs(as, ["list", "--json"], empty);
    fs.rmSync(empty, { recursive: true, force: true });
    if (runs.code !== 0) return t.skip(`sockstep cannot run as uid ${as.uid}: ${runs.stderr}`);
    const probe = await run(["progress", "--json"]);
    if (probe.stderr === "" && probe.code === 0) {
      return t.skip("this user can read a mode-000 file (CAP_DAC_OVERRIDE)");
    }
    const before = fs.statSync(file());
    for (const args of [["udp-echo", "--json"], ["list"], ["progress"]]) {
      const r = await run(args);
      assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
      oneWarning(
        r.stderr,
        /^sockstep: cannot read .*progress\.json \(EACCES: permission denied\); progress is neither read nor saved in this run$/,
      );
    }
    const reset = await run(["reset", "--yes"]);
    assert.equal(reset.code, 1);
    oneWarning(reset.stderr, /cannot read .*progress\.json \(EACCES.*; nothing was forgotten$/);
    const after = fs.statSync(file());
    assert.equal(after.ino, before.ino, "the same file");
    assert.equal(after.mode & 0o777, 0);
    assert.equal(after.mtimeMs, before.mtimeMs);
    fs.chmodSync(file(), 0o600);
    assert.equal(fs.readFileSync(file(), "utf8"), progress);
    assert.deepEqual(fs.readdirSync(dir), ["progress.json"]);
  });

  it("speaks the --lang of the command", async () => {
    fs.mkdirSync(file());
    const r = await cli(["list", "--lang", "ko"]);
    oneWarning(r.stderr, /progress\.json은 파일이 아니라 폴더입니다\. 이번 실행에서는 진도를/);
  });
});

/** The CLI as another user (root's runs go to nobody, for whom mode bits count). */
async function runAs(
  as: { uid?: number; gid?: number },
  args: string[],
  configDir: string,
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    ...as,
    cwd: ROOT,
    env: cliEnv({ SOCKSTEP_CONFIG_DIR: configDir }),
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const [code] = (await once(child, "close")) as [number | null];
  clearTimeout(timer);
  return { code, stderr };
}
