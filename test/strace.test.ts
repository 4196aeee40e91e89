import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { BIN, cliEnv, parseEvents, ROOT } from "./helpers.js";

/**
 * The connects sockstep narrates are the connect() system calls it made:
 * strace, an observer sockstep does not control, counts them independently.
 */
// Installed and allowed to trace here (ptrace may be forbidden in some sandboxes).
const strace =
  spawnSync("strace", ["-f", "-e", "trace=connect", "-o", "/dev/null", "true"], { stdio: "ignore" })
    .status === 0;

function traced(args: string[]): { events: ReturnType<typeof parseEvents>; syscalls: string[] } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sockstep-strace-"));
  const log = path.join(dir, "connect.txt");
  const r = spawnSync(
    "strace",
    ["-f", "-qq", "-e", "trace=connect", "-o", log, process.execPath, BIN, ...args, "--json"],
    { cwd: ROOT, env: cliEnv(), encoding: "utf8", timeout: 60_000 },
  );
  assert.equal(r.status, 0, r.stderr);
  const syscalls = readFileSync(log, "utf8")
    .split("\n")
    .filter((l) => /connect\(\d+, \{sa_family=AF_INET6?,/.test(l));
  rmSync(dir, { recursive: true, force: true });
  return { events: parseEvents(r.stdout), syscalls };
}

describe("narrated connects against strace", {
  skip: strace ? false : "strace is not installed or may not trace here",
}, () => {
  for (const args of [["keep-alive", "--rtt", "5"], ["pipelining", "--rtt", "5"], ["tcp-echo"]]) {
    it(`${args[0]}: one connect event per connect() system call`, () => {
      const { events, syscalls } = traced(args);
      const narrated = events.flatMap((e) =>
        (e.kind === "call" || e.kind === "error") && e.call === "connect" ? [e] : [],
      );
      assert.ok(narrated.length > 0);
      assert.equal(narrated.length, syscalls.length, syscalls.join("\n"));
      // Each narrated destination port appears in strace's list as many times.
      const ports = (list: string[]) => list.map(Number).sort((a, b) => a - b);
      const fromTrace = narrated.map((e) =>
        (e.remote ?? "").slice((e.remote ?? "").lastIndexOf(":") + 1),
      );
      const fromStrace = syscalls.map((l) => /sin6?_port=htons\((\d+)\)/.exec(l)?.[1] ?? "");
      assert.deepEqual(ports(fromTrace), ports(fromStrace));
    });
  }
});
