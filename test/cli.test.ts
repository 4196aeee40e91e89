import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { BIN, cliEnv, ROOT, runCli } from "./helpers.js";

describe("command line", () => {
  it("--help lists the lessons and exits 0", async () => {
    const r = await runCli(["--help"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /udp-echo/);
    assert.match(r.stdout, /--serve/);
  });

  it("--help speaks Korean with --lang ko", async () => {
    const r = await runCli(["--help", "--lang", "ko"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /사용법:/);
    assert.match(r.stdout, /UDP 대문자 에코/);
  });

  it("list --json gives one object per lesson", async () => {
    const r = await runCli(["list", "--json"]);
    assert.equal(r.code, 0);
    const rows = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    assert.ok(rows.some((l) => l.id === "udp-echo"));
    for (const row of rows) assert.deepEqual(Object.keys(row).sort(), ["done", "id", "title"]);
  });

  it("an unknown lesson names the nearest one, exit 2", async () => {
    const r = await runCli(["udp-ecko"]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split("\n").length, 1);
    assert.match(r.stderr, /unknown lesson 'udp-ecko'.*Did you mean 'udp-echo'\?/);
  });

  it("an unknown option names the nearest one, exit 2", async () => {
    const r = await runCli(["udp-echo", "--lsos", "5"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown option '--lsos'.*'--loss'/);
  });

  it("a bad number is a usage error", async () => {
    const r = await runCli(["udp-echo", "--port", "70000"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--port/);
  });

  it("without a terminal and without arguments it does not wait for keys", async () => {
    const r = await runCli([], { timeoutMs: 10_000 });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /udp-echo/);
  });

  it("picks Korean from LANG", async () => {
    const r = await runCli(["list"], { env: { LANG: "ko_KR.UTF-8" } });
    assert.match(r.stdout, /UDP 대문자 에코/);
  });

  it("--delay paces the narration without dropping any of it", async () => {
    const r = await runCli(["tcp-echo", "--auto", "--delay", "1"], { timeoutMs: 60_000 });
    assert.equal(r.code, 0);
    for (let i = 1; i <= 8; i++) assert.match(r.stdout, new RegExp(`── ${i}/8 · `));
    assert.match(r.stdout, /✓ lesson finished\n*$/);
  });
});

describe("small things a command line is expected to do", () => {
  it("--version and -V print the package's version", async () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      version: string;
    };
    for (const flag of ["--version", "-V"]) {
      const r = await runCli([flag]);
      assert.equal(r.code, 0);
      assert.equal(r.stdout, `${pkg.version}\n`);
    }
  });

  it("sockstep help [lesson]: the whole help, or one lesson's steps and options from its own data", async () => {
    const all = await runCli(["help"]);
    assert.equal(all.code, 0);
    assert.match(all.stdout, /udp-echo/);
    const one = await runCli(["help", "keep-alive"]);
    assert.equal(one.code, 0);
    assert.match(one.stdout, /^keep-alive — /);
    assert.match(one.stdout, / 9\. /);
    assert.match(one.stdout, /--rtt <ms> {2}default 100, from 0 to 10000/);
    const ko = await runCli(["help", "tcp-echo", "--lang", "ko"]);
    assert.match(ko.stdout, /단계:/);
    assert.match(ko.stdout, /--message/);
  });

  it("a lesson's title comes before anything it prints, its setup included", async () => {
    for (const lesson of ["keep-alive", "tcp-echo"]) {
      const r = await runCli(
        [lesson, "--auto", "--rtt", "0"].slice(0, lesson === "keep-alive" ? 4 : 2),
      );
      assert.equal(r.code, 0, r.stderr);
      const first = r.stdout.split("\n").find((l) => l.trim() !== "");
      assert.match(first ?? "", /^── 1\/\d+ · /, lesson);
    }
  });

  it("suggestions ignore case", async () => {
    const r = await runCli(["UDP-ECHO"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Did you mean 'udp-echo'\?/);
  });

  it("a reader that stops early (| head) ends the lesson quietly with exit 0", () => {
    const r = spawnSync(
      "bash",
      ["-c", `node ${BIN} tcp-echo --auto | head -2 >/dev/null; echo "\${PIPESTATUS[0]}"`],
      {
        cwd: ROOT,
        env: cliEnv(),
        encoding: "utf8",
        timeout: 60_000,
      },
    );
    assert.equal(r.stdout.trim(), "0");
    assert.equal(r.stderr, "");
  });
});
