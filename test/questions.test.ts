import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { describe, it } from "node:test";
import { LESSONS, loadLesson } from "../lessons/registry.js";
import { LOCALES } from "../src/i18n/locale.js";
import { messages } from "../src/i18n/messages.js";
import { createTexts } from "../src/i18n/texts.js";
import type { NetEnv } from "../src/net/env.js";
import { finalQuiz, type Pacing } from "../src/runtime/context.js";
import type { LessonModule, LessonOptions, Question } from "../src/runtime/lesson.js";
import { questionPacing, runChoices, runSeed, shuffleQuestion } from "../src/runtime/questions.js";
import type { NoteEvent } from "../src/trace/events.js";
import { Tracer } from "../src/trace/tracer.js";
import { BIN, cliEnv, ROOT } from "./helpers.js";

/** Every written question of every lesson, with where it is. */
async function allQuestions(): Promise<{ lesson: string; q: Question }[]> {
  const out: { lesson: string; q: Question }[] = [];
  for (const meta of LESSONS) {
    const lesson = await loadLesson(meta.id);
    for (const q of [...Object.values(lesson.quiz.predict), ...lesson.quiz.final]) {
      if (q) out.push({ lesson: meta.id, q });
    }
  }
  return out;
}

const OPTS: LessonOptions = { host: "127.0.0.1", port: 0, lossPercent: 0, rttMs: 0 };

describe("the shuffle", () => {
  it("seeds 1..100 put the right answer in each position of a 4-choice question at least 15 times", async () => {
    const four = (await allQuestions()).filter(({ q }) => q.choices.length === 4);
    assert.ok(four.length > 0, "no 4-choice question");
    for (const { q } of four) {
      const at = [0, 0, 0, 0];
      for (let seed = 1; seed <= 100; seed++) at[shuffleQuestion(q, seed).question.answer]!++;
      for (const [pos, n] of at.entries()) {
        assert.ok(n >= 15, `${q.id}: the answer stood at ${pos + 1} only ${n} times in 100`);
      }
    }
  });

  it("keeps the choices, and the answer index follows its choice", async () => {
    for (const { q } of await allQuestions()) {
      for (const seed of [1, 2, 77, 4294967295]) {
        const { question, order } = shuffleQuestion(q, seed);
        assert.deepEqual(
          [...order].sort(),
          q.choices.map((_, i) => i),
        );
        assert.deepEqual(
          question.choices,
          order.map((i) => q.choices[i]),
        );
        assert.equal(question.choices[question.answer], q.choices[q.answer], q.id);
        assert.equal(order[question.answer], q.answer);
      }
    }
  });

  it("is the same for the same seed, also the wrong choices' order", async () => {
    const { q } = (await allQuestions()).find(({ q }) => q.choices.length === 4)!;
    assert.deepEqual(shuffleQuestion(q, 9).order, shuffleQuestion(q, 9).order);
    const orders = new Set<string>();
    for (let seed = 1; seed <= 100; seed++) orders.add(shuffleQuestion(q, seed).order.join());
    assert.ok(orders.size >= 12, `only ${orders.size} of 24 orders in 100 seeds`);
  });

  it("without --seed each run draws its own", () => {
    assert.equal(runSeed(5), 5);
    const seeds = new Set(Array.from({ length: 20 }, () => runSeed()));
    assert.ok(seeds.size > 1);
  });
});

describe("the questions as written", () => {
  it("spread their answers over the positions", async () => {
    const questions = await allQuestions();
    const byCount = new Map<number, number[]>();
    for (const { q } of questions) {
      const at = byCount.get(q.choices.length) ?? Array(q.choices.length).fill(0);
      at[q.answer]++;
      byCount.set(q.choices.length, at);
    }
    for (const [n, at] of byCount) {
      const total = at.reduce((a, b) => a + b, 0);
      if (total < 2 * n) continue;
      for (const [pos, k] of at.entries()) {
        assert.ok(
          k <= Math.ceil(total / n) + 1,
          `${n}-choice questions: ${k} of ${total} answers are choice ${pos + 1}`,
        );
      }
    }
    const second = questions.filter(({ q }) => q.answer === 1).length;
    assert.ok(
      second <= questions.length * 0.4,
      `${second} of ${questions.length} answers are the 2nd`,
    );
  });

  it("each has a hint in every language, not the same as its explanation", async () => {
    for (const { lesson, q } of await allQuestions()) {
      for (const locale of LOCALES) {
        assert.notEqual(q.hint?.[locale]?.trim() ?? "", "", `${lesson} ${q.id}: no ${locale} hint`);
        assert.notEqual(q.hint[locale], q.explain[locale], `${lesson} ${q.id}`);
      }
    }
  });
});

/** A question with `n` choices, the answer at `answer`. */
function question(n: number, answer: number): Question {
  const choice = (i: number) => ({ en: `choice ${i}`, ko: `선택 ${i}` });
  return {
    id: `q${n}`,
    prompt: { en: "Which?", ko: "어느 것?" },
    choices: Array.from({ length: n }, (_, i) => choice(i)),
    answer,
    hint: { en: "Think.", ko: "생각해 보세요." },
    explain: { en: "Because.", ko: "그래서." },
  };
}

/** A pacing that answers from a script (shown positions) and records what it was shown. */
function scripted(picks: number[]) {
  const shown: Question[] = [];
  const pacing: Pacing = {
    asking: true,
    beforeStep: async () => "next",
    ask: async (q) => {
      shown.push(q);
      const chosen = picks.shift();
      return chosen === undefined ? null : { chosen, right: chosen === q.answer };
    },
  };
  return { pacing, shown };
}

const env = (tracer: Tracer): NetEnv => ({
  tracer,
  track: () => () => {},
  signal: new AbortController().signal,
});

describe("a wrong choice", () => {
  const texts = createTexts("en");

  it("gets the hint, then one more try without that choice; the answer is given back as written", async () => {
    const tracer = new Tracer();
    const q = question(4, 2);
    const first = shuffleQuestion(q, 3);
    const wrongAt = first.question.answer === 0 ? 1 : 0;
    // A wrong one first, then whatever is right in what is shown.
    const picks = [wrongAt];
    const shown: Question[] = [];
    const inner: Pacing = {
      asking: true,
      beforeStep: async () => "next",
      ask: async (shownQ) => {
        shown.push(shownQ);
        const chosen = picks.shift() ?? shownQ.answer;
        return { chosen, right: chosen === shownQ.answer };
      },
    };
    const answer = await questionPacing(inner, { seed: 3, texts, tracer }).ask(
      q,
      new AbortController().signal,
    );
    assert.equal(shown.length, 2);
    assert.deepEqual(shown[0]!.choices, first.question.choices);
    assert.equal(shown[1]!.choices.length, 3);
    assert.ok(!shown[1]!.choices.includes(q.choices[first.order[wrongAt]!]!));
    assert.deepEqual(answer, {
      chosen: first.order[wrongAt],
      right: false,
      second: { chosen: 2, right: true },
    });
    const hint = tracer.events.find((e): e is NoteEvent => e.kind === "note")!;
    assert.equal(hint.key, "hint.q4");
    assert.equal(hint.text, "Not that one. Hint: Think. One more try:");
  });

  it("with two choices gets the hint only", async () => {
    const tracer = new Tracer();
    const q = question(2, 0);
    const shownQ = shuffleQuestion(q, 1).question;
    const { pacing, shown } = scripted([1 - shownQ.answer]);
    const answer = await questionPacing(pacing, { seed: 1, texts, tracer }).ask(
      q,
      new AbortController().signal,
    );
    assert.equal(shown.length, 1);
    assert.deepEqual(answer, { chosen: 1, right: false });
    const hint = tracer.events.find((e): e is NoteEvent => e.kind === "note")!;
    assert.equal(hint.text, "Not that one. Hint: Think.");
  });

  it("a right first choice gets no hint; the score counts first tries only", async () => {
    const tracer = new Tracer();
    const questions = [question(3, 0), { ...question(3, 1), id: "other" }];
    const lesson = { quiz: { predict: {}, final: questions } } as unknown as LessonModule;
    // Always the shown answer, except a wrong first try on the second question.
    let asked = 0;
    const inner: Pacing = {
      asking: true,
      beforeStep: async () => "next",
      ask: async (q) => {
        asked++;
        const chosen = asked === 2 ? (q.answer + 1) % q.choices.length : q.answer;
        return { chosen, right: chosen === q.answer };
      },
    };
    const pacing = questionPacing(inner, { seed: 8, texts, tracer });
    const score = await finalQuiz(lesson, env(tracer), texts, pacing);
    assert.deepEqual(score, { score: 1, total: 2 });
    const notes = tracer.events.filter((e): e is NoteEvent => e.kind === "note");
    assert.deepEqual(
      notes.map((n) => n.key),
      ["quiz.title", "quiz.q3", "hint.other", "quiz.other"],
    );
    assert.equal(notes[3]!.text, "Right, at the second try. Because.");
    assert.equal(notes[3]!.facts?.secondRight, true);
  });

  it("speaks Korean", async () => {
    const tracer = new Tracer();
    const ko = createTexts("ko");
    const { pacing } = scripted([0, 0]);
    const q = question(3, 2);
    const at = shuffleQuestion(q, 4).question.answer;
    const inner: Pacing = {
      ...pacing,
      ask: async (shownQ) => {
        const chosen = at === 0 ? 1 : 0;
        return { chosen, right: chosen === shownQ.answer };
      },
    };
    await questionPacing(inner, { seed: 4, texts: ko, tracer }).ask(
      q,
      new AbortController().signal,
    );
    const hint = tracer.events.find((e): e is NoteEvent => e.kind === "note")!;
    assert.equal(hint.text, "그것은 아닙니다. 힌트: 생각해 보세요. 한 번 더 골라 보세요.");
  });
});

describe("questions about this run's numbers", () => {
  const check = (q: Question, right: string) => {
    for (const locale of LOCALES) {
      const shown = q.choices.map((c) => c[locale]);
      assert.equal(new Set(shown).size, shown.length, `${q.id}: two choices alike`);
      for (const text of [q.prompt, q.hint, q.explain, ...q.choices]) {
        assert.notEqual(text[locale].trim(), "", `${q.id} ${locale}`);
      }
    }
    assert.equal(q.choices[q.answer]!.en, right);
  };

  it("udp-echo: the port the kernel gave the client, among the server's and others", async () => {
    const lesson = await loadLesson("udp-echo");
    const state = {
      from: { host: "127.0.0.1", port: 41817 },
      serverAddr: { host: "127.0.0.1", port: 35011 },
    };
    const [q] = lesson.quiz.fromRun!(state, OPTS);
    check(q!, "41817");
    assert.ok(
      q!.choices.some((c) => c.en === "35011"),
      "the server's port is a choice",
    );
    assert.match(q!.explain.ko, /127\.0\.0\.1:41817(으로|로)/);
    // --port 12000: the lecture's port is the server's; the choices stay distinct.
    const lecture = lesson.quiz.fromRun!(
      { ...state, serverAddr: { host: "127.0.0.1", port: 12000 } },
      OPTS,
    );
    check(lecture[0]!, "41817");
    assert.equal(lecture[0]!.choices.length, 4);
    // A run that ended before the first datagram has nothing to ask.
    assert.deepEqual(lesson.quiz.fromRun!({}, OPTS), []);
  });

  it("tcp-echo: accept()'s socket has the server's port", async () => {
    const lesson = await loadLesson("tcp-echo");
    const [q] = lesson.quiz.fromRun!(
      {
        accepted: { local: "127.0.0.1:40001", remote: "127.0.0.1:52000" },
        accepted2: { local: "127.0.0.1:40001", remote: "127.0.0.1:52002" },
      },
      OPTS,
    );
    check(q!, "40001");
    assert.ok(q!.choices.some((c) => c.en === "52000"));
    assert.ok(q!.choices.some((c) => c.en === "52002"));
  });

  it("conditional-get: the body bytes the 304s spared", async () => {
    const lesson = await loadLesson("conditional-get");
    const state = {
      tally: { full: 3, fullBytes: 2900, notModified: 2, savedBytes: 1884 },
      wire200: 1150,
    };
    const [q] = lesson.quiz.fromRun!(state, OPTS);
    check(q!, "1884 B");
    assert.match(q!.prompt.en, /2 times/);
    assert.deepEqual(
      lesson.quiz.fromRun!({ tally: { ...state.tally, notModified: 0, savedBytes: 0 } }, OPTS),
      [],
    );
  });

  it("runChoices drops a distractor equal to the answer or to another", () => {
    const n = (x: string) => ({ en: x, ko: x });
    const { choices, answer } = runChoices(n("7"), [n("7"), n("8"), n("8"), n("9"), n("10")]);
    assert.deepEqual(choices.map((c) => c.en).sort(), ["10", "7", "8", "9"].sort());
    assert.equal(choices[answer]!.en, "7");
  });
});

// ── end to end: --seed makes runs identical ─────────────────────────────────

const hasScript = spawnSync("script", ["--version"]).status === 0;

/** Strip terminal sequences, as a reader of the screen would see it. */
function plain(text: string): string {
  return text
    .replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "")
    .replace(/\u001b[()][A-Za-z0-9]/g, "")
    .replace(/\r/g, "");
}

/**
 * udp-echo in step mode on a pseudo-terminal, answering Enter at every
 * prompt (the first choice shown, then Enter at the pause): what it printed.
 */
async function stepThrough(seed: number): Promise<string> {
  const pause = messages.en["run.pause"];
  const keys = messages.en["run.predict.keys"];
  const command = [process.execPath, BIN, "udp-echo", "--seed", String(seed), "--no-color"]
    .map((a) => `'${a}'`)
    .join(" ");
  const child = spawn("script", ["-qfec", command, "/dev/null"], {
    cwd: ROOT,
    env: cliEnv({ TERM: "xterm", COLUMNS: "100", LINES: "40" }),
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let answered = 0;
  let lastData = Date.now();
  let lastSent = 0;
  child.stdout.setEncoding("utf8").on("data", (d: string) => {
    out += d;
    lastData = Date.now();
  });
  // A prompt at the end of what was printed, and quiet for a moment: answer it (again, if a
  // key went unanswered for a while: a key typed before the prompt listens is discarded).
  const poll = setInterval(() => {
    const now = Date.now();
    if (now - lastData < 300 || answered >= 60) return;
    if (lastSent > lastData && now - lastSent < 2000) return;
    const tail = plain(out).trimEnd().split("\n").slice(-3).join("\n");
    if (!tail.includes(pause) && !tail.includes(keys)) return;
    answered++;
    lastSent = now;
    child.stdin.write("\r");
  }, 100);
  const kill = setTimeout(() => child.kill("SIGKILL"), 90_000);
  await once(child, "close");
  clearTimeout(kill);
  clearInterval(poll);
  return plain(out);
}

/**
 * The first choice of every question as shown (where the cursor starts:
 * the shuffle's work) and the verdicts, ports and times blanked out.
 */
function answers(screen: string): string[] {
  return screen
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => /^❯ /.test(l) || /^› (Right|Not quite|Not that one)/.test(l))
    .map((l) => l.replace(/\d+(\.\d+)?/g, "#"));
}

describe("--seed end to end", () => {
  it("two runs with one seed ask the same in the same order", {
    skip: !hasScript && "util-linux `script` is not installed",
    timeout: 200_000,
  }, async () => {
    const [a, b] = await Promise.all([stepThrough(7), stepThrough(7)]);
    const first = answers(a);
    assert.ok(
      first.filter((l) => l.startsWith("❯")).length >= 6,
      `few questions seen:\n${a.slice(-3000)}`,
    );
    assert.deepEqual(answers(b), first);
    // The run's own question is there: the client's port.
    assert.match(a, /Which port did the kernel give the client\?/);
  });
});
