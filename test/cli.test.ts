import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runCli } from "./helpers.js";

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
