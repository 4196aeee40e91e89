import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { canTrace, firstFin, traceRun, unmatched } from "./syscalls.js";

/**
 * Every narrated socket call happened: each lesson runs under strace and each
 * call it narrates (socket, bind, listen, accept, connect, send, recv, their
 * UDP forms, shutdown, close) must match a system call of the same kind, on
 * the same addresses, with the same byte count. And on every connection both
 * ends of which are in the run, the side the narration closes first is the side
 * whose FIN the kernel was handed first.
 */
const LONG = "x".repeat(3000);
const RUNS: string[][] = [
  ["udp-echo"],
  ["udp-echo", "--message", LONG],
  ["tcp-echo"],
  ["tcp-echo", "--message", LONG],
  ["cookie-session"],
  ["conditional-get"],
  ["keep-alive"],
  ["keep-alive", "--rtt", "0"],
  ["keep-alive", "--rtt", "6000"],
  ["pipelining"],
  ["pipelining", "--rtt", "0"],
  ["pipelining", "--rtt", "6000"],
];

const label = (args: string[]) =>
  args.map((a) => (a.length > 20 ? `<${a.length} chars>` : a)).join(" ");

describe("the narration against strace", {
  skip: canTrace ? false : "strace is not installed or may not trace here",
  concurrency: 2,
}, () => {
  for (const args of RUNS) {
    it(`${label(args)}: every narrated call is a system call; the first FIN is the narrated one`, () => {
      const run = traceRun(args);
      assert.equal(run.code, 0, run.stderr);
      const calls = run.events.filter((e) => e.kind === "call");
      assert.ok(calls.length > 10, `${calls.length} calls narrated`);
      const missing = unmatched(run.events, run.syscalls);
      assert.deepEqual(
        missing.map((m) => `#${m.event.seq} ${m.event.actor} ${m.want}`),
        [],
        `${missing.length} of ${calls.length} narrated calls have no system call`,
      );
      const fins = firstFin(run.events, run.syscalls);
      assert.deepEqual(
        fins.filter((f) => f.narrated !== f.kernel),
        [],
        "the narration closes first the side whose FIN went first",
      );
    });
  }
});
