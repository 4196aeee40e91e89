import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LESSONS } from "../lessons/registry.js";
import { hasPython, runCli } from "./helpers.js";

describe("sockstep dev check", async () => {
  const python = await hasPython();

  it("every lesson keeps the contract and its reference programs pass verify", {
    skip: !python && "python3 not available (the reference programs are Python)",
  }, async () => {
    const r = await runCli(["dev", "check"], { timeoutMs: 180_000 });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const lines = r.stdout.trim().split("\n");
    assert.deepEqual(
      lines.map((l) => l.split(":")[0]),
      LESSONS.map((l) => `✓ ${l.id}`),
    );
    // Each lesson with a reference program had it verified.
    for (const { id } of LESSONS) {
      assert.match(r.stdout, new RegExp(`✓ ${id}: .*verify passes the reference server`), id);
    }
  });

  it("is not in the users' help, and names an unknown lesson", async () => {
    const help = await runCli(["--help"]);
    assert.doesNotMatch(help.stdout, /\bdev\b/);
    const r = await runCli(["dev", "check", "udp-ecko"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Did you mean 'udp-echo'/);
  });
});
