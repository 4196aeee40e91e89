import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { findLesson, LESSONS } from "../lessons/registry.js";
import { buildRunOptions, parseTarget } from "../src/cli/options.js";
import { engineSay } from "../src/i18n/index.js";
import { createTexts } from "../src/i18n/texts.js";
import { checkLesson } from "../src/runtime/check.js";
import { NO_PACING } from "../src/runtime/context.js";
import type { LessonModule } from "../src/runtime/lesson.js";
import { runLesson } from "../src/runtime/run.js";
import type { View } from "../src/runtime/session.js";
import type { VerifyModule } from "../src/runtime/verify.js";
import type { TraceEvent } from "../src/trace/events.js";
import { lesson as hello } from "./fixtures/hello/lesson.js";
import { meta as helloMeta } from "./fixtures/hello/meta.js";
import { BIN, ROOT, runCli } from "./helpers.js";

const FOLDER = path.dirname(fileURLToPath(new URL("./fixtures/hello/lesson.js", import.meta.url)));

/** A view that keeps the events (as --json words them) and shows nothing. */
function recorder(): View & { events: TraceEvent[] } {
  const events: TraceEvent[] = [];
  return {
    events,
    attach: ({ tracer }) => tracer.subscribe((e) => events.push(e)),
    drain: async () => {},
    discard: () => {},
    release: () => {},
  };
}

describe("the lesson contract, with the tiny lesson in test/fixtures/hello", () => {
  let configDir = "";
  let saved: string | undefined;
  before(() => {
    configDir = fs.mkdtempSync(path.join(os.tmpdir(), "sockstep-contract-"));
    saved = process.env.SOCKSTEP_CONFIG_DIR;
    process.env.SOCKSTEP_CONFIG_DIR = configDir;
  });
  after(() => {
    if (saved === undefined) delete process.env.SOCKSTEP_CONFIG_DIR;
    else process.env.SOCKSTEP_CONFIG_DIR = saved;
    fs.rmSync(configDir, { recursive: true, force: true });
  });

  it("keeps the contract (dev check finds nothing)", () => {
    assert.deepEqual(checkLesson(helloMeta, hello, undefined, FOLDER), []);
  });

  it("runs from its steps alone: ids, totals, titles and notes derive from the data", async () => {
    const view = recorder();
    const opts = buildRunOptions(
      engineSay("en"),
      helloMeta,
      { auto: true },
      {
        locale: "en",
        interactive: false,
      },
    );
    const code = await runLesson(hello, opts, { view, pacing: NO_PACING });
    assert.equal(code, 0);
    const steps = view.events.filter((e) => e.kind === "step");
    assert.deepEqual(
      steps.map((e) => e.kind === "step" && [e.id, e.index, e.total, e.title]),
      [
        ["bind", 1, 2, "The server takes a port"],
        ["echo", 2, 2, "One datagram there, one back"],
      ],
    );
    const texts = createTexts("en", hello.text);
    const notes = view.events.filter((e) => e.kind === "note");
    const bound = notes.find((e) => e.kind === "note" && e.key === "note.bound");
    const server = view.events.find((e) => e.kind === "call" && e.call === "bind");
    assert.ok(bound?.kind === "note" && server?.kind === "call");
    // The note quotes the real address the bind returned, worded by the renderer's texts.
    assert.equal(texts.note(bound), `The server listens on ${server.local}.`);
    const back = notes.find((e) => e.kind === "note" && e.key === "note.back");
    assert.deepEqual(back?.kind === "note" && back.facts, { bytes: 5 });
    assert.equal(view.events.at(-1)?.kind, "end");
  });

  it("dev check names what breaks the contract", () => {
    const broken = {
      ...hello,
      text: {
        en: { ...hello.text.en, "http.refused": "shadowing an engine message" },
        ko: { ...hello.text.ko, "step.echo": "", "http.refused": "{extra}" },
      },
      steps: [...hello.steps, hello.steps[0]!],
      quiz: {
        predict: { ...hello.quiz.predict, nowhere: hello.quiz.predict.echo! },
        final: [{ ...hello.quiz.predict.echo!, id: "q2", answer: 5 }],
      },
    } as LessonModule;
    const problems = checkLesson(helloMeta, broken, undefined, null).join("\n");
    assert.match(problems, /"step.echo" has no ko text/);
    assert.match(problems, /"http.refused" quotes \{\} in en but \{extra\} in ko/);
    assert.match(problems, /"http.refused" is also an engine message/);
    assert.match(problems, /step "bind" twice/);
    assert.match(problems, /predict question for no step "nowhere"/);
    assert.match(problems, /answer 5 is not one of its 2 choices/);
    assert.match(problems, /question id "hello-port" twice/);
  });

  it("dev check finds a text key the code uses that no table has", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sockstep-keys-"));
    fs.writeFileSync(
      path.join(dir, "lesson.js"),
      'ctx.note("note.bound", {}); ctx.say("note.typo");',
    );
    try {
      assert.deepEqual(checkLesson(helloMeta, hello, undefined, dir), [
        'hello/lesson.js: text key "note.typo" does not exist',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("dev check on a verification's explanations", () => {
  it("names a step a check teaches that the lesson lacks, and a plan or hint with no sentence", () => {
    const verify = {
      text: { en: { "step.echoes": "It echoes" }, ko: { "step.echoes": "메아리" } },
      server: {
        ready: "udp",
        exitStep: "echo",
        crashes: [{ match: /Error/, hint: "hint.typo", step: "gone" }],
        steps: [
          {
            id: "echoes",
            plan: [{ key: "verify.plan.sendto" }, { key: "plan.typo" }],
            teaches: "nowhere",
            run: async () => {},
          },
        ],
      },
    } as unknown as VerifyModule;
    assert.deepEqual(checkLesson(helloMeta, hello, verify, null), [
      'hello/verify.ts: server crash rule\'s hint "hint.typo" does not exist',
      'hello/verify.ts: server check "echoes" plans "plan.typo", no sentence',
      'hello/verify.ts: server crash rule points to "gone", not a step of the lesson',
      'hello/verify.ts: server check "echoes" points to "nowhere", not a step of the lesson',
    ]);
  });
});

describe("run options: one builder for the command and the menu", () => {
  const say = engineSay("en");

  it("the menu gets each lesson's own emulator, as the command does", () => {
    for (const meta of LESSONS) {
      const fromMenu = buildRunOptions(
        say,
        meta,
        { step: true },
        {
          locale: "en",
          interactive: true,
          fromMenu: true,
        },
      );
      const command = buildRunOptions(say, meta, {}, { locale: "en", interactive: true });
      assert.equal(fromMenu.rttMs, command.rttMs, meta.id);
      assert.equal(fromMenu.lossPercent, command.lossPercent, meta.id);
      assert.equal(fromMenu.maxAge, command.maxAge, meta.id);
    }
    assert.equal(
      buildRunOptions(say, findLesson("keep-alive")!, {}, { locale: "en", interactive: true })
        .rttMs,
      100,
    );
  });

  it("an option the lesson does not take is a usage error naming what it takes", () => {
    assert.throws(
      () =>
        buildRunOptions(
          say,
          findLesson("tcp-echo")!,
          { rtt: "5" },
          { locale: "en", interactive: false },
        ),
      /tcp-echo does not use --rtt; it takes --message/,
    );
  });

  it("--connect is parsed once, by the lesson's kind of target", () => {
    assert.deepEqual(parseTarget("hostport", "127.0.0.1:9"), {
      host: "127.0.0.1",
      port: 9,
      path: "",
      text: "127.0.0.1:9",
    });
    assert.deepEqual(parseTarget("url", "[::1]:8080/a?b"), {
      host: "::1",
      port: 8080,
      path: "/a?b",
      text: "[::1]:8080/a?b",
    });
    assert.equal(parseTarget("url", "ftp://x/"), null);
    assert.equal(parseTarget("hostport", "nope"), null);
  });
});

describe("a terminal that reports 0 columns", () => {
  const script = spawnSync("script", ["--version"]).status === 0;

  it("draws at 80 columns without a spinner, and the lesson finishes", {
    skip: !script && "no script(1)",
  }, () => {
    const r = spawnSync(
      "script",
      [
        "-qec",
        `stty cols 0 rows 0; ${process.execPath} ${BIN} udp-echo --auto --no-color`,
        "/dev/null",
      ],
      { cwd: ROOT, encoding: "utf8", timeout: 60_000, env: { ...process.env, CI: "" } },
    );
    assert.equal(r.error, undefined, String(r.error));
    assert.equal(r.status, 0, r.stdout.slice(-2000));
    assert.ok(r.stdout.length < 200_000, `${r.stdout.length} bytes written`);
    assert.match(r.stdout, /7\/7/);
  });

  it("the ladder of a piped run is 80 columns wide when COLUMNS says nothing", async () => {
    const r = await runCli(["udp-echo", "--auto"], { env: { COLUMNS: "0" } });
    assert.equal(r.code, 0);
    const widest = Math.max(...r.stdout.split("\n").map((l) => [...l].length));
    assert.ok(widest <= 80, `widest line ${widest}`);
  });
});
