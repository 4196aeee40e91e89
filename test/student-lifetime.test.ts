import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { ownCgroupDir } from "../src/runtime/cgroup.js";
import type { NoteEvent, TraceEvent } from "../src/trace/events.js";
import { alive, BIN, cliEnv, hasPython, listening, printedPid, ROOT, verdict } from "./helpers.js";

/**
 * Nothing a student's program starts outlives `sockstep verify`: not a
 * daemon that left the program's process group, and not the program when
 * sockstep itself is killed (its watchdog ends it).
 */

let dir: string;
let python = false;

/**
 * A server that daemonizes the classic way: fork, setsid, fork, stdio to
 * /dev/null. The daemon listens on the port and answers in capitals; the
 * first process waits until it listens, then stays ("stay") or exits
 * ("leave"). The daemon's pid is printed before its stdout goes away.
 */
const DAEMON = `
import os, socket, sys, time
port = int(sys.argv[1])
mode = sys.argv[2]
r, w = os.pipe()
if os.fork() > 0:
    os.close(w)
    os.read(r, 1)
    if mode == "leave":
        sys.exit(0)
    while True:
        time.sleep(60)
os.close(r)
os.setsid()
if os.fork() > 0:
    os._exit(0)
os.write(1, f"daemon pid {os.getpid()}\\n".encode())
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", port))
s.listen(16)
devnull = os.open(os.devnull, os.O_RDWR)
for fd in (0, 1, 2):
    os.dup2(devnull, fd)
os.write(w, b"x")
while True:
    conn, _ = s.accept()
    data = conn.recv(4096)
    if data:
        conn.sendall(data.decode().upper().encode())
    conn.close()
`;

/**
 * A server that listens and never answers (so sockstep is still checking
 * when the test kills it), with a child in its process group and a daemon
 * that left it; each prints its pid (in one write, so that the lines do not mix).
 */
const SILENT = `
import os, socket, sys, time
port = int(sys.argv[1])
if os.fork() == 0:
    os.write(1, f"child pid {os.getpid()}\\n".encode())
    time.sleep(600)
    os._exit(0)
if os.fork() == 0:
    os.setsid()
    if os.fork() > 0:
        os._exit(0)
    os.write(1, f"daemon pid {os.getpid()}\\n".encode())
    time.sleep(600)
    os._exit(0)
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", port))
s.listen(16)
os.write(1, f"server pid {os.getpid()}\\n".encode())
while True:
    conn, _ = s.accept()
    time.sleep(600)
`;

/** The watchdogs of one sockstep process, by their command line. */
function watchdogsOf(sockstepPid: number): number[] {
  const out: number[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = fs.readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0");
      if (argv.some((a) => a.endsWith("watchdog.js")) && argv.includes(String(sockstepPid))) {
        if (alive(Number(name))) out.push(Number(name));
      }
    } catch {}
  }
  return out;
}

/** The cgroups sockstep made for its program (where it could), left behind. */
function cgroupsOf(sockstepPid: number): string[] {
  const base = ownCgroupDir();
  if (!base) return [];
  try {
    return fs.readdirSync(base).filter((n) => n.startsWith(`sockstep-verify-${sockstepPid}-`));
  } catch {
    return [];
  }
}

async function until(done: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await done()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return done();
}

/** `sockstep verify --json …`, its events as they come. */
function startVerify(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): {
  child: ChildProcess;
  events: TraceEvent[];
  stderr: () => string;
  waitFor(test: (e: TraceEvent) => boolean): Promise<TraceEvent>;
  exited: Promise<[number | null, NodeJS.Signals | null]>;
} {
  const child = spawn(process.execPath, [BIN, "verify", "--json", ...args], {
    env: cliEnv({ SOCKSTEP_CONFIG_DIR: dir, ...env }),
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const events: TraceEvent[] = [];
  const waiters: { test: (e: TraceEvent) => boolean; resolve: (e: TraceEvent) => void }[] = [];
  let buffered = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => {
    buffered += d;
    let nl = buffered.indexOf("\n");
    while (nl >= 0) {
      const e = JSON.parse(buffered.slice(0, nl)) as TraceEvent;
      buffered = buffered.slice(nl + 1);
      nl = buffered.indexOf("\n");
      events.push(e);
      for (const w of waiters.filter((w) => w.test(e))) w.resolve(e);
    }
  });
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (err += d));
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  exited.then(() => clearTimeout(timer));
  return {
    child,
    events,
    stderr: () => err,
    exited,
    waitFor: (test) =>
      new Promise((resolve, reject) => {
        const seen = events.find(test);
        if (seen) return resolve(seen);
        waiters.push({ test, resolve });
        exited.then(() => reject(new Error(`sockstep exited first: ${err}`)));
      }),
  };
}

/** A pid the program printed ("daemon pid 1234"). */
function pidOf(events: TraceEvent[], who: string): number {
  return printedPid(events, who) ?? assert.fail(`the program did not print its ${who}'s pid`);
}

function started(events: TraceEvent[]): { pid: number; port: number } {
  const e = events.find((e): e is NoteEvent => e.kind === "note" && e.key === "verify.started");
  assert.ok(e, "the program was started");
  return { pid: Number(e.facts?.pid), port: Number(e.facts?.portNumber) };
}

/** With a cgroup where sockstep can make one, and by /proc alone. */
const WAYS: [string, NodeJS.ProcessEnv][] = [
  ["a cgroup where one can be made", {}],
  ["/proc alone", { SOCKSTEP_CGROUP: "0" }],
];

describe("what a student's program starts ends with verify", () => {
  before(async () => {
    python = await hasPython();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sockstep-lifetime-"));
    fs.writeFileSync(path.join(dir, "daemon.py"), DAEMON);
    fs.writeFileSync(path.join(dir, "silent.py"), SILENT);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  // Staying, the first process lets every check pass; leaving, it fails the
  // checks or not, depending on when its exit is seen: either way the daemon ends.
  for (const [mode, codes] of [
    ["stay", [0]],
    ["leave", [0, 1]],
  ] as const)
    for (const [way, env] of WAYS)
      it(`a daemon (fork, setsid, fork) is ended and named; the first process ${mode}s (${way})`, async (t) => {
        if (!python) return t.skip("python3 not available");
        const run = startVerify(
          ["tcp-echo", "--", "python3", path.join(dir, "daemon.py"), "{port}", mode],
          env,
        );
        const [exit] = await run.exited;
        assert.ok(
          (codes as readonly (number | null)[]).includes(exit),
          `exit ${exit}: ${run.stderr()}`,
        );
        assert.equal(verdict(run.events)?.ok, exit === 0);
        const daemon = pidOf(run.events, "daemon");
        const { port } = started(run.events);
        const stray = run.events.find(
          (e): e is NoteEvent => e.kind === "note" && e.key === "verify.strayListening",
        );
        assert.ok(stray, "the output says a process was left in the background");
        assert.equal(stray.facts?.pid, daemon);
        assert.equal(stray.facts?.address, `127.0.0.1:${port}`);
        assert.match(
          stray.text ?? "",
          new RegExp(
            `left a process running in the background \\(pid ${daemon}, listening on 127\\.0\\.0\\.1:${port}\\); sockstep ended it`,
          ),
        );
        assert.equal(alive(daemon), false, "the daemon is gone");
        assert.equal(await listening(port), false, "nothing listens on the port");
        assert.deepEqual(cgroupsOf(run.child.pid!), [], "no cgroup left");
      });

  for (const [way, env] of WAYS)
    it(`a killed sockstep leaves nothing of the program running: its watchdog ends it (${way})`, async (t) => {
      if (!python) return t.skip("python3 not available");
      const run = startVerify(
        ["tcp-echo", "--", "python3", path.join(dir, "silent.py"), "{port}"],
        env,
      );
      await run.waitFor((e) => e.kind === "note" && e.key === "verify.listening.tcp");
      // The checks are now waiting for a reply that never comes; the program's lines may come later.
      const said = (who: string) =>
        run.waitFor(
          (e) =>
            e.kind === "note" &&
            e.key === "verify.output" &&
            new RegExp(`${who} pid \\d+`).test(String(e.facts?.line)),
        );
      await Promise.all([said("server"), said("child"), said("daemon")]);
      const pids = [
        started(run.events).pid,
        pidOf(run.events, "server"),
        pidOf(run.events, "child"),
        pidOf(run.events, "daemon"),
      ];
      const { port } = started(run.events);
      assert.ok(pids.every(alive), "the program runs");
      run.child.kill("SIGKILL");
      const [, signal] = await run.exited;
      assert.equal(signal, "SIGKILL");
      assert.ok(
        await until(() => !pids.some(alive), 10_000),
        `still running: ${pids.filter(alive).join(", ")}`,
      );
      assert.ok(await until(async () => !(await listening(port)), 10_000), "nothing listens");
      assert.ok(
        await until(() => watchdogsOf(run.child.pid!).length === 0, 10_000),
        "its watchdog ended",
      );
      assert.deepEqual(cgroupsOf(run.child.pid!), [], "no cgroup left");
    });

  it("a well-behaved server: passes, nothing is named, no watchdog is left", async (t) => {
    if (!python) return t.skip("python3 not available");
    const server = path.join(ROOT, "lessons", "tcp-echo", "reference", "TCPServer.py");
    const run = startVerify(["tcp-echo", "--", "python3", server, "{port}"]);
    // The watchdog is there while the program runs...
    await run.waitFor((e) => e.kind === "note" && e.key === "verify.listening.tcp");
    assert.equal(watchdogsOf(run.child.pid!).length, 1, "one watchdog while verify runs");
    const [exit] = await run.exited;
    assert.equal(exit, 0, run.stderr());
    assert.ok(!run.events.some((e) => e.kind === "note" && /^verify\.stray/.test(e.key)));
    assert.equal(alive(started(run.events).pid), false);
    // ...and ends once sockstep has ended the program.
    assert.ok(
      await until(() => watchdogsOf(run.child.pid!).length === 0, 10_000),
      "no watchdog left behind",
    );
    assert.deepEqual(cgroupsOf(run.child.pid!), [], "no cgroup left");
  });
});
