import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { loadLesson } from "../lessons/registry.js";
import { payloadLines } from "../src/render/verdict.js";
import { fillRun, visible } from "../src/runtime/verify-explain.js";
import { escapeBytes } from "../src/trace/escape.js";
import type { NoteEvent, TraceEvent } from "../src/trace/events.js";
import { hasPython, ROOT, runCli, theVerdict } from "./helpers.js";

/**
 * What a failed verify shows besides its reason: the check's numbered plan,
 * the bytes with CR and LF visible, a command to rerun it by hand with this
 * run's real port, and the lesson step that teaches the fix. The students'
 * programs are small Python files written into a temporary folder.
 */

const TCP_SERVER = path.join(ROOT, "lessons", "tcp-echo", "reference", "TCPServer.py");

let dir: string;
let python = false;

/** A student's program, written for the test. */
function program(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

const SERVER_HEAD = [
  "import sys",
  "from socket import *",
  "serverSocket = socket(AF_INET, SOCK_STREAM)",
  "serverSocket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)",
  "serverSocket.bind(('127.0.0.1', int(sys.argv[1])))",
  "serverSocket.listen(8)",
];

const verify = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCli(["verify", ...args], {
    env: { SOCKSTEP_CONFIG_DIR: path.join(dir, "config"), ...env },
    timeoutMs: 60_000,
  });

/** The port sockstep gave the program, from its "started" note. */
function givenPort(events: TraceEvent[]): number {
  const started = events.find(
    (e): e is NoteEvent => e.kind === "note" && e.key === "verify.started",
  );
  assert.ok(started, "the program was started");
  return Number(started.facts?.portNumber);
}

describe("bytes as a failed check shows them", () => {
  it("CR and LF as symbols, a line after each LF, other controls escaped", () => {
    const request = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    assert.deepEqual(payloadLines(escapeBytes(Buffer.from(request))), [
      "GET / HTTP/1.1␍␊",
      "Host: x␍␊",
      "␍␊",
    ]);
    // A peer's escape sequence stays text: it cannot move the cursor or colour the screen.
    assert.deepEqual(payloadLines(escapeBytes(Buffer.from("a\u001b[2Jb\n"))), ["a\\x1b[2Jb␊"]);
    assert.equal(visible("hi\r\n"), '"hi␍␊" (4 B)');
    // The characters \r\n a program printed are not the bytes CR LF, and are not drawn as them.
    assert.deepEqual(payloadLines(escapeBytes(Buffer.from("a\\r\\nb\n"))), ["a\\\\r\\\\nb␊"]);
    assert.equal(visible("a\\nb"), '"a\\\\nb" (4 B)');
    assert.equal(visible("안녕"), '"안녕" (6 B)');
    const long = visible("x".repeat(2000));
    assert.match(long, /^"x{48}…x{16}" \(2000 B\)$/);
  });

  it("a rerun's placeholders take this run's values; Python's own braces stay", () => {
    const run = {
      host: "127.0.0.1",
      port: 40123,
      address: "127.0.0.1:40123",
      message: "hi there",
      command: "python3 server.py 40123",
      seconds: 3,
      closeSeconds: 3,
      runSeconds: 10,
    };
    assert.equal(
      fillRun("curl -v {url}/ # {address} {host}:{port} {message} {MESSAGE} {x: 1}", run),
      "curl -v http://127.0.0.1:40123/ # 127.0.0.1:40123 127.0.0.1:40123 hi there HI THERE {x: 1}",
    );
  });
});

describe("a failed verify explains itself", () => {
  before(async () => {
    python = await hasPython();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sockstep-explain-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("a server that reads once with recv(1024) fails the 2000 B message: plan, bytes, rerun with the port", async (t) => {
    if (!python) return t.skip("python3 not available");
    const file = program("recv_once.py", [
      ...SERVER_HEAD,
      "while True:",
      "    connectionSocket, addr = serverSocket.accept()",
      "    sentence = connectionSocket.recv(1024)",
      "    connectionSocket.send(sentence.decode().upper().encode())",
      "    connectionSocket.close()",
    ]);
    const r = await verify(["tcp-echo", "--json", "--", "python3", file, "{port}"]);
    assert.equal(r.code, 1, r.stderr);
    const v = theVerdict(r.events);
    const port = givenPort(r.events);
    assert.equal(v.facts.check, "long");
    assert.equal(v.facts.passed, 4, "the short messages pass");
    assert.match(String(v.facts.got), /\(1024 B\)$/);
    assert.match(String(v.facts.expected), /\(2000 B\)$/);
    // The plan: the actions, then what was expected, with this run's address.
    assert.ok(v.plan);
    assert.equal(v.plan[0], `connect to 127.0.0.1:${port}`);
    assert.match(v.plan[1]!, /^send "the quick brown fox.*\(2000 B\)$/);
    assert.match(v.plan.at(-1)!, /^expect "THE QUICK BROWN FOX.*\(2000 B\) back.* within 3 s$/);
    // The bytes as sockstep's socket sent and received them.
    assert.ok(v.wire);
    assert.deepEqual(v.wire.map((w) => [w.dir, w.bytes]).slice(0, 2), [
      ["sent", 2000],
      ["received", 1024],
    ]);
    // A client to run by hand, printed in full, against the program started on the same port.
    assert.ok(v.rerun);
    assert.equal(v.rerun.start, `python3 ${file} ${port}`);
    assert.match(v.rerun.run, /^python3 - <<'EOF'\n/);
    assert.ok(v.rerun.run.includes(`s.connect(('127.0.0.1', ${port}))`), v.rerun.run);
    assert.ok(v.rerun.run.includes("[:2000]"));
    // The lesson step about the byte stream, by its number and title in the lesson.
    const lesson = await loadLesson("tcp-echo");
    const index = lesson.steps.findIndex((s) => s.id === "byte-stream") + 1;
    assert.deepEqual(v.see, {
      lesson: "tcp-echo",
      step: "byte-stream",
      index,
      total: lesson.steps.length,
      title: lesson.text.en["step.byte-stream"],
    });
  });

  it("on a terminal: numbered steps, CR and LF drawn visibly, and the curl to rerun with the real port", async (t) => {
    if (!python) return t.skip("python3 not available");
    // Answers HTTP/1.0 with Connection: close, so keep-alive's first check fails on it.
    const file = program("http10.py", [
      ...SERVER_HEAD,
      "while True:",
      "    c, a = serverSocket.accept()",
      "    request = b''",
      "    while b'\\r\\n\\r\\n' not in request:",
      "        chunk = c.recv(1024)",
      "        if not chunk: break",
      "        request += chunk",
      "    c.sendall(b'HTTP/1.0 200 OK\\r\\nContent-Length: 2\\r\\nConnection: close\\r\\n\\r\\nhi')",
      "    c.close()",
    ]);
    const r = await verify(["keep-alive", "--", "python3", file, "{port}"]);
    assert.equal(r.code, 1, r.stderr);
    const out = r.stdout;
    const port = /python3 \S+http10\.py (\d+)/.exec(out)?.[1];
    assert.ok(port, out);
    assert.match(out, /✗ FAIL · keep-alive, check 1\/3/);
    assert.match(
      out,
      /what the check did:\n {4}1\. connect to 127\.0\.0\.1:\d+\n {4}2\. send "GET \/ HTTP\/1\.1␍␊Host: 127\.0\.0\.1:\d+␍␊␍␊"/,
    );
    // The request as it went out, one line per LF, the CR and LF shown as symbols.
    assert.ok(out.includes(`      GET / HTTP/1.1␍␊\n      Host: 127.0.0.1:${port}␍␊\n`), out);
    assert.ok(out.includes("      HTTP/1.0 200 OK␍␊\n"), out);
    assert.ok(
      out.includes(`      curl -v http://127.0.0.1:${port}/ http://127.0.0.1:${port}/second`),
      out,
    );
    assert.match(out, /see keep-alive step \d+\/\d+: /);
    // Nothing raw: no CR anywhere in what was drawn.
    assert.ok(!out.includes("\r"));
  });

  it("a server that crashes when a client disconnects: the exit heads the verdict and the lesson step is named", async (t) => {
    if (!python) return t.skip("python3 not available");
    // The slides' server: recvfrom() on a connection socket returns a pair, and .decode() fails
    // on the first connection, sockstep's own test of whether the server listens.
    const file = program("slides_server.py", [
      ...SERVER_HEAD,
      "while True:",
      "    connectionSocket, addr = serverSocket.accept()",
      "    sentence = connectionSocket.recvfrom(1024).decode()",
      "    connectionSocket.send(sentence.upper().encode())",
      "    connectionSocket.close()",
    ]);
    const r = await verify(["tcp-echo", "--json", "--", "python3", file, "{port}"]);
    assert.equal(r.code, 1, r.stderr);
    const v = theVerdict(r.events);
    assert.match(v.text, /^FAIL · tcp-echo: your program exited \(exit code 1\) during check 1\/6/);
    assert.equal(v.facts.exitCode, 1);
    assert.match(String(v.facts.reason), /your server ended \(exit code 1\)/);
    assert.doesNotMatch(String(v.facts.reason), /reset|refused/);
    assert.match(
      String(v.facts.stderr),
      /AttributeError: 'tuple' object has no attribute 'decode'/,
    );
    assert.match(String(v.facts.hint), /recv\(1024\)/);
    const lesson = await loadLesson("tcp-echo");
    assert.equal(v.see?.step, "second-client");
    assert.equal(v.see?.index, lesson.steps.findIndex((s) => s.id === "second-client") + 1);
    assert.equal(v.see?.title, lesson.text.en["step.second-client"]);
    // The one line on stderr says it too.
    assert.match(r.stderr, /your program exited \(exit code 1\)/);

    const ko = await verify(["tcp-echo", "--lang", "ko", "--", "python3", file, "{port}"]);
    assert.equal(ko.code, 1);
    assert.match(ko.stdout, /검사 1\/6 도중에 프로그램이 끝났습니다\(종료 코드 1\)/);
    assert.ok(
      ko.stdout.includes(`tcp-echo 단계 ${v.see?.index}/${lesson.steps.length}`),
      ko.stdout,
    );
  });

  it("cookie-session against a server that accepts and never answers: the first check fails on its timeout", async (t) => {
    if (!python) return t.skip("python3 not available");
    const file = program("silent.py", [
      ...SERVER_HEAD,
      "held = []",
      "while True:",
      "    c, a = serverSocket.accept()",
      "    held.append(c)",
    ]);
    const r = await verify(["cookie-session", "--json", "--", "python3", file, "{port}"]);
    assert.equal(r.code, 1, r.stderr);
    const v = theVerdict(r.events);
    assert.equal(v.facts.check, "first-visit");
    assert.match(String(v.facts.reason), /^no answer to GET \/ within 3 s$/);
    assert.match(String(v.facts.hint), /empty line/);
    assert.equal(v.rerun?.run, `curl -v http://127.0.0.1:${givenPort(r.events)}/`);
  });

  it("the reference server still passes with the 2000 B message (it reads until EOF)", async (t) => {
    if (!python) return t.skip("python3 not available");
    const r = await verify(["tcp-echo", "--json", "--", "python3", TCP_SERVER, "{port}"]);
    assert.equal(r.code, 0, r.stderr);
    const v = theVerdict(r.events);
    assert.equal(v.ok, true);
    assert.equal(v.plan, undefined);
    assert.ok(r.events.some((e) => e.kind === "note" && e.key === "verify.tcp.long"));
  });
});
