import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { groupMembers } from "../src/runtime/student.js";
import type { NoteEvent, TraceEvent } from "../src/trace/events.js";
import {
  alive,
  BIN,
  cliEnv,
  verdict as findVerdict,
  hasPython,
  listening,
  printedPid,
  ROOT,
  runCli,
  theVerdict,
} from "./helpers.js";

const FIXTURES = path.join(ROOT, "test", "fixtures");
const UDP_SERVER = path.join(ROOT, "lessons", "udp-echo", "reference", "UDPServer.py");
const UDP_CLIENT = path.join(ROOT, "lessons", "udp-echo", "reference", "UDPClient.py");
const TCP_SERVER = path.join(ROOT, "lessons", "tcp-echo", "reference", "TCPServer.py");
const TCP_CLIENT = path.join(ROOT, "lessons", "tcp-echo", "reference", "TCPClient.py");
const fixture = (name: string) => path.join(FIXTURES, name);

let configDir: string;
let python = false;

function note(events: TraceEvent[], key: string): NoteEvent | undefined {
  return events.find((e): e is NoteEvent => e.kind === "note" && e.key === key);
}

function studentPid(events: TraceEvent[]): number {
  const started = note(events, "verify.started") ?? note(events, "verify.startedClient");
  assert.ok(started, "the program was started");
  return Number(started.facts?.pid);
}

function assertNothingLeft(pid: number, helper: number | null): void {
  assert.deepEqual(groupMembers(pid), [], "no process left in the program's process group");
  assert.equal(alive(pid), false, "the program is gone");
  if (helper !== null) assert.equal(alive(helper), false, "the program's helper process is gone");
}

const verify = (args: string[], timeoutMs = 40_000) =>
  runCli(["verify", ...args], { env: { SOCKSTEP_CONFIG_DIR: configDir }, timeoutMs });

describe("sockstep verify", () => {
  before(async () => {
    python = await hasPython();
    configDir = fs.mkdtempSync(path.join(os.tmpdir(), "sockstep-verify-"));
  });
  after(() => fs.rmSync(configDir, { recursive: true, force: true }));

  it("passes the udp-echo reference server, narrates, and marks the lesson verified", async (t) => {
    if (!python) return t.skip("python3 not available");
    const r = await verify(["udp-echo", "--json", "--", "python3", UDP_SERVER, "{port}"]);
    assert.equal(r.code, 0, r.stderr);
    const v = theVerdict(r.events);
    assert.equal(v.key, "verify.pass");
    assert.equal(v.facts?.passed, 6);
    assert.equal(v.facts?.total, 6);
    assert.equal(r.events.at(-1)?.kind, "end");
    // The exchange is narrated from sockstep's own sockets: the non-ASCII check went out and came back.
    const sent = r.events.filter((e) => e.kind === "call" && e.call === "sendto");
    assert.ok(sent.some((e) => e.kind === "call" && e.data === "héllo 안녕"));
    assert.ok(
      r.events.some((e) => e.kind === "call" && e.call === "recvfrom" && e.data === "HÉLLO 안녕"),
    );
    // The reference prints a line when ready: the student's output is part of the narration.
    assert.ok(note(r.events, "verify.output"));
    assertNothingLeft(studentPid(r.events), null);
    const progress = await runCli(["progress", "--json"], {
      env: { SOCKSTEP_CONFIG_DIR: configDir },
    });
    const udp = progress.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))
      .find((l) => l.id === "udp-echo");
    assert.ok(udp.verified.server, "verified as a server");
  });

  it("passes the tcp-echo reference server", async (t) => {
    if (!python) return t.skip("python3 not available");
    const r = await verify(["tcp-echo", "--json", "--", "python3", TCP_SERVER, "{port}"]);
    assert.equal(r.code, 0, `${r.stderr}\n${JSON.stringify(findVerdict(r.events))}`);
    assert.equal(theVerdict(r.events).facts?.passed, 6);
    // Every connection's reply ended with the server's close: recv → 0 B.
    assert.ok(r.events.some((e) => e.kind === "call" && e.call === "recv" && e.bytes === 0));
    assertNothingLeft(studentPid(r.events), null);
  });

  it("fails a UDP server that does not uppercase, with expected vs got and a hint", async (t) => {
    if (!python) return t.skip("python3 not available");
    const r = await verify([
      "udp-echo",
      "--json",
      "--",
      "python3",
      fixture("udp_no_upper.py"),
      "{port}",
    ]);
    assert.equal(r.code, 1);
    const v = theVerdict(r.events);
    assert.equal(v.key, "verify.fail");
    assert.equal(v.facts?.check, "one-message");
    assert.equal(v.facts?.expected, '"HELLO, SERVER" (13 B)');
    assert.equal(v.facts?.got, '"hello, server" (13 B)');
    assert.match(String(v.facts?.hint), /upper/);
    // --json: stdout is only events; the one-line reason goes to stderr.
    assert.match(r.stderr, /^sockstep: FAIL · udp-echo, check 1\/6.*not the message in capital/);
    assertNothingLeft(studentPid(r.events), null);
  });

  it("shows the same failure on a terminal-style run, in Korean too", async (t) => {
    if (!python) return t.skip("python3 not available");
    const args = ["udp-echo", "--", "python3", fixture("udp_no_upper.py"), "{port}"];
    const en = await verify(args);
    assert.equal(en.code, 1);
    assert.match(en.stdout, /✗ FAIL · udp-echo, check 1\/6/);
    assert.match(en.stdout, /expected\s+"HELLO, SERVER" \(13 B\)/);
    assert.match(en.stdout, /got\s+"hello, server" \(13 B\)/);
    const ko = await verify(["udp-echo", "--lang", "ko", ...args.slice(1)]);
    assert.equal(ko.code, 1);
    assert.match(ko.stdout, /✗ 실패 · udp-echo, 검사 1\/6/);
    assert.match(ko.stdout, /기대값\s+"HELLO, SERVER"/);
    assert.match(ko.stdout, /힌트/);
  });

  it("fails a TCP server that never closes, with the reason, and leaves nothing behind", async (t) => {
    if (!python) return t.skip("python3 not available");
    const r = await verify([
      "tcp-echo",
      "--json",
      "--",
      "python3",
      fixture("tcp_never_closes.py"),
      "{port}",
    ]);
    assert.equal(r.code, 1);
    const v = theVerdict(r.events);
    assert.equal(v.facts?.check, "one-message");
    assert.match(String(v.facts?.reason), /did not close the connection within 3 s/);
    assert.match(String(v.facts?.hint), /connectionSocket\.close\(\)/);
    const pid = studentPid(r.events);
    const helper = printedPid(r.events, "helper");
    assert.ok(helper, "the fixture reported its helper process");
    assertNothingLeft(pid, helper);
    const port = Number(note(r.events, "verify.started")?.facts?.portNumber);
    assert.ok(!(await listening(port)), "the port is free again");
  });

  it("says plainly when a server never listens, and ends its helper too", async (t) => {
    if (!python) return t.skip("python3 not available");
    const r = await verify([
      "udp-echo",
      "--json",
      "--timeout",
      "2",
      "--",
      "python3",
      fixture("never_listens.py"),
    ]);
    assert.equal(r.code, 1);
    const v = theVerdict(r.events);
    assert.equal(v.facts?.check, null);
    assert.match(String(v.facts?.reason), /did not listen on 127\.0\.0\.1:\d+ within 2 s/);
    assert.match(String(v.facts?.hint), /PORT/);
    assertNothingLeft(studentPid(r.events), printedPid(r.events, "helper"));
  });

  it("shows the stderr of a server that crashes at start", async (t) => {
    if (!python) return t.skip("python3 not available");
    const r = await verify(["udp-echo", "--", "python3", fixture("crash_at_start.py"), "{port}"]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /ended \(exit code 1\) before it listened/);
    assert.match(
      r.stdout,
      /its stderr, last lines:\n(.*\n)*\s+NameError: name 'prot' is not defined/,
    );
  });

  it("names the port a server listens on when it ignored the one it was given", async (t) => {
    if (!python) return t.skip("python3 not available");
    const r = await verify([
      "tcp-echo",
      "--json",
      "--timeout",
      "2",
      "--",
      "python3",
      fixture("wrong_port.py"),
    ]);
    assert.equal(r.code, 1);
    const v = theVerdict(r.events);
    const printed = /listening on (\d+)/.exec(
      String(note(r.events, "verify.output")?.facts?.line),
    )?.[1];
    assert.ok(printed);
    assert.match(
      String(v.facts?.reason),
      new RegExp(`listens on 127\\.0\\.0\\.1:${printed} instead`),
    );
    assert.match(String(v.facts?.hint), /\{port\}/);
  });

  it("--role client: the reference UDP client passes (message as an argument, and from stdin)", async (t) => {
    if (!python) return t.skip("python3 not available");
    for (const extra of [["{message}"], []]) {
      const r = await verify([
        "udp-echo",
        "--role",
        "client",
        "--json",
        "--",
        "python3",
        UDP_CLIENT,
        "{host}",
        "{port}",
        ...extra,
      ]);
      assert.equal(r.code, 0, `${r.stderr}\n${JSON.stringify(findVerdict(r.events))}`);
      const got = r.events.find((e) => e.kind === "call" && e.call === "recvfrom");
      assert.equal(got?.kind === "call" && got.data, "hello from sockstep");
      assert.equal(theVerdict(r.events).facts?.passed, 3);
    }
  });

  it("--role client: the reference TCP client connects, sends, prints the reply and closes", async (t) => {
    if (!python) return t.skip("python3 not available");
    const r = await verify([
      "tcp-echo",
      "--role",
      "client",
      "--json",
      "--",
      "python3",
      TCP_CLIENT,
      "{host}",
      "{port}",
      "{message}",
    ]);
    assert.equal(r.code, 0, `${r.stderr}\n${JSON.stringify(findVerdict(r.events))}`);
    // What sockstep's server saw, in order: the connection, the message, its reply and FIN, the client's FIN.
    const seen = r.events
      .filter((e) => e.kind === "call" && e.actor === "server")
      .map((e) => (e.kind === "call" ? `${e.call}:${e.bytes ?? ""}` : ""));
    const want = ["accept:", "recv:19", "send:19", "shutdown:", "recv:0"];
    let at = 0;
    for (const call of seen) if (call === want[at]) at++;
    assert.equal(at, want.length, seen.join(" "));
  });

  it("--role client: a client that never talks to the given port fails with a hint", async (t) => {
    if (!python) return t.skip("python3 not available");
    // The UDP reference client without arguments sends to port 12000, not to sockstep's server.
    const r = await verify([
      "udp-echo",
      "--role",
      "client",
      "--json",
      "--timeout",
      "3",
      "--",
      "python3",
      UDP_CLIENT,
      "127.0.0.1",
      "9",
    ]);
    assert.equal(r.code, 1);
    const v = theVerdict(r.events);
    assert.equal(v.facts?.check, "client-sends");
    assert.match(String(v.facts?.hint), /\{host\} and \{port\}/);
    assertNothingLeft(studentPid(r.events), null);
  });

  it("Ctrl-C in the middle ends the program's whole process tree and frees the port", async (t) => {
    if (!python) return t.skip("python3 not available");
    const child = spawn(
      process.execPath,
      [
        BIN,
        "verify",
        "tcp-echo",
        "--json",
        "--",
        "python3",
        fixture("tcp_never_closes.py"),
        "{port}",
      ],
      { env: cliEnv({ SOCKSTEP_CONFIG_DIR: configDir }), stdio: ["ignore", "pipe", "pipe"] },
    );
    const events: TraceEvent[] = [];
    let buffered = "";
    const inCheck = new Promise<void>((resolve) => {
      child.stdout.setEncoding("utf8").on("data", (d: string) => {
        buffered += d;
        let nl = buffered.indexOf("\n");
        while (nl >= 0) {
          const e = JSON.parse(buffered.slice(0, nl)) as TraceEvent;
          buffered = buffered.slice(nl + 1);
          nl = buffered.indexOf("\n");
          events.push(e);
          // The first check has sent its message and waits for the server to close.
          if (e.kind === "call" && e.call === "send" && printedPid(events, "helper") !== null)
            resolve();
        }
      });
    });
    const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    await inCheck;
    const pid = studentPid(events);
    const helper = printedPid(events, "helper");
    assert.ok(alive(pid) && helper !== null && alive(helper), "running before Ctrl-C");
    const exited = once(child, "exit");
    child.kill("SIGINT");
    const [code] = (await exited) as [number | null];
    clearTimeout(killer);
    assert.equal(code, 130);
    assertNothingLeft(pid, helper);
    const port = Number(note(events, "verify.started")?.facts?.portNumber);
    assert.ok(!(await listening(port)), "the port is free again");
  });

  it("a program that cannot be started is one clear line, exit 1", async () => {
    const r = await verify(["udp-echo", "--", "no-such-program-sockstep", "{port}"]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /cannot start 'no-such-program-sockstep': there is no such program/);
    const quoted = await verify(["udp-echo", "--json", "--", "python3 server.py {port}"]);
    assert.equal(quoted.code, 1);
    assert.match(String(theVerdict(quoted.events).facts?.hint), /separate words after --/);
  });

  it("usage errors exit 2 with one line", async () => {
    const cases: [string[], RegExp][] = [
      [["udp-echo"], /verify needs your program after --/],
      [["udp-ecko", "--", "python3"], /unknown lesson 'udp-ecko'.*Did you mean 'udp-echo'\?/],
      [["udp-echo", "--role", "peer", "--", "python3"], /--role is server or client, not 'peer'/],
      [["udp-echo", "--timeout", "0", "--", "python3"], /--timeout/],
      [["udp-echo", "python3", "-u", "x.py"], /unknown option '-u'.*after --/],
      [[], /verify needs a lesson and your program/],
    ];
    for (const [args, message] of cases) {
      const r = await verify(args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split("\n").length, 1);
      assert.match(r.stderr, message);
    }
  });
});
