import assert from "node:assert/strict";
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
import { runCli } from "./helpers.js";

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
    assert.equal(resetProgress("udp-echo", warn), true);
    assert.deepEqual(Object.keys(readProgress(warn).lessons), ["tcp-echo"]);
    assert.equal(resetProgress(undefined, warn), true);
    assert.equal(fs.existsSync(progressPath()), false);
    assert.equal(resetProgress(undefined, warn), false);
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
