import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import net from "node:net";
import path from "node:path";
import { before, describe, it } from "node:test";
import { lesson } from "../lessons/tcp-echo/lesson.js";
import { quiz } from "../lessons/tcp-echo/quiz.js";
import { text } from "../lessons/tcp-echo/text.js";
import type { CallEvent, TraceEvent } from "../src/trace/events.js";
import {
  assertNdjson,
  calls,
  cliEnv,
  eventually,
  hasPython,
  portOf,
  ROOT,
  runCli,
  serveCli,
  stepEvents,
} from "./helpers.js";
import { freePort, waitForPort } from "./peers.js";

const REFERENCE = path.join(ROOT, "lessons", "tcp-echo", "reference");
const python = await hasPython();
const STEPS = [
  "refused",
  "handshake",
  "backlog",
  "new-socket",
  "second-client",
  "byte-stream",
  "half-close",
  "close",
];

function find(events: TraceEvent[], pred: (e: CallEvent) => boolean): CallEvent {
  const e = calls(events).find(pred);
  assert.ok(e, "no such call event");
  return e;
}

interface Talk {
  reply: string;
  /** The server sent FIN (the client saw 'end'). */
  closedByServer: boolean;
  /** The client's own port, as the kernel gave it. */
  local: number;
}

/**
 * A plain node:net client, not sockstep's: send `payload`, optionally
 * half-close, read until the server closes the connection.
 */
function talk(port: number, payload: string, opts: { halfClose: boolean }): Promise<Talk> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: "127.0.0.1", port, allowHalfOpen: true });
    let reply = "";
    let local = 0;
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error(`no close from the server; got "${reply}"`));
    }, 10_000);
    s.setEncoding("utf8");
    s.on("connect", () => {
      local = s.localPort ?? 0;
      s.write(payload);
      if (opts.halfClose) s.end();
    });
    s.on("data", (d: string) => (reply += d));
    s.on("end", () => {
      clearTimeout(timer);
      s.end();
      s.destroy();
      resolve({ reply, closedByServer: true, local });
    });
    s.on("error", (err) => {
      clearTimeout(timer);
      s.destroy();
      reject(err);
    });
  });
}

/**
 * A plain node:net uppercase echo server written here: it answers every
 * chunk at once and closes when the client half-closes (Node's default).
 */
async function nodeEchoServer() {
  const seen: { port: number; data: string }[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    const entry = { port: s.remotePort ?? 0, data: "" };
    seen.push(entry);
    s.on("data", (d: Buffer) => {
      entry.data += d.toString("utf8");
      s.write(d.toString("utf8").toUpperCase());
    });
    s.on("error", () => {});
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function run(
  cmd: string,
  args: string[],
): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(cmd, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: cliEnv({ LANG: "C.UTF-8" }),
  });
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (err += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  const [code] = (await once(child, "close")) as [number | null];
  clearTimeout(timer);
  return { code, out, err };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  await exited;
}

/** Something listens on the port: a new listener gets EADDRINUSE, else it binds and lets go. */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

describe("tcp-echo replay --json", () => {
  let r: Awaited<ReturnType<typeof runCli>>;
  let events: TraceEvent[];
  before(async () => {
    r = await runCli(["tcp-echo", "--json"]);
    events = assertNdjson(r.stdout);
  });

  it("exits 0 with end.ok and nothing on stderr", () => {
    assert.equal(r.code, 0, r.stderr);
    const end = events.at(-1)!;
    assert.ok(end.kind === "end" && end.ok, JSON.stringify(end));
    assert.equal(r.stderr, "");
  });

  it("runs the eight steps in order, each with the lecture's Python lines", () => {
    const steps = events.filter((e) => e.kind === "step");
    assert.deepEqual(
      steps.map((e) => e.kind === "step" && e.id),
      STEPS,
    );
    for (const s of steps) assert.ok(s.kind === "step" && s.py && s.py.length > 0, s.kind);
    for (const c of calls(events)) assert.ok(c.py && c.node, `${c.call} without py/node`);
  });

  it("connect before listen is ECONNREFUSED, to the port the server then listens on", () => {
    const refusedAt = events.findIndex(
      (e) => e.kind === "error" && e.code === "ECONNREFUSED" && e.call === "connect",
    );
    const listenAt = events.findIndex(
      (e) => e.kind === "call" && e.call === "listen" && e.actor === "server",
    );
    assert.ok(refusedAt >= 0, "no ECONNREFUSED event");
    assert.ok(listenAt > refusedAt, "ECONNREFUSED must come before listen");
    const refused = events[refusedAt]!;
    const listen = events[listenAt]!;
    assert.ok(refused.kind === "error" && listen.kind === "call");
    assert.equal(portOf(refused.remote), portOf(listen.local));
  });

  it("connect returns with a measured time, before the server calls accept", () => {
    const connect = find(events, (e) => e.call === "connect" && e.sock === "clientSocket");
    assert.equal(typeof connect.ms, "number");
    assert.ok(connect.ms! >= 0);
    const measure = events.find((e) => e.kind === "measure" && e.name === "connect");
    assert.ok(measure && measure.kind === "measure" && measure.value === connect.ms);
    const accept = find(events, (e) => e.call === "accept" && e.sock === "connectionSocket");
    assert.ok(accept.seq > connect.seq);
    assert.equal(typeof accept.detail?.queuedMs, "number");
  });

  it("two accepts: the same server port, distinct client ports, matching the clients' connects", () => {
    const accepts = calls(events, "server").filter((e) => e.call === "accept");
    assert.equal(accepts.length, 2);
    const [a, b] = accepts as [CallEvent, CallEvent];
    assert.equal(a.local, b.local);
    assert.notEqual(portOf(a.remote), portOf(b.remote));
    assert.notEqual(a.sock, b.sock);
    const connects = calls(events, "client").filter((e) => e.call === "connect");
    assert.deepEqual(
      connects.map((c) => c.local),
      accepts.map((x) => x.remote),
    );
    // Both connections were open at once: the second accept came before the first close.
    const firstClose = find(events, (e) => e.call === "close" && e.sock === a.sock);
    assert.ok(b.seq < firstClose.seq);
  });

  it("two quick sends: the server's recvs got exactly those bytes, and the note says how many recvs", () => {
    const step = stepEvents(events, "byte-stream");
    const sends = calls(step, "client").filter((e) => e.call === "send");
    const recvs = calls(step, "server").filter((e) => e.call === "recv");
    assert.equal(sends.length, 2);
    assert.ok(recvs.length >= 1);
    assert.equal(recvs.map((e) => e.data).join(""), sends.map((e) => e.data).join(""));
    for (const e of recvs) assert.equal(typeof e.chunks, "number");
    const note = step.find((e) => e.kind === "note" && /^note\.stream(One|Many)$/.test(e.key));
    assert.ok(note && note.kind === "note");
    assert.equal(note.key, recvs.length === 1 ? "note.streamOne" : "note.streamMany");
    // The kernel's side: the read() sizes the note quotes are the reads behind those recvs.
    const reads = recvs.flatMap((e) => e.reads ?? []);
    const kernel = step.find((e) => e.kind === "note" && /^note\.(oneRead|reads)$/.test(e.key));
    assert.ok(kernel && kernel.kind === "note");
    assert.equal(kernel.facts?.sizes, reads.join(" + "));
    assert.equal(kernel.facts?.reads, reads.length);
    assert.equal(
      reads.reduce((a, b) => a + b, 0),
      sends.reduce((a, e) => a + (e.bytes ?? 0), 0),
    );
  });

  it("shutdown(SHUT_WR), then the server's recv returns 0 bytes and it still sends", () => {
    const step = stepEvents(events, "half-close");
    const shutdown = find(step, (e) => e.call === "shutdown" && e.actor === "client");
    const eof = find(step, (e) => e.call === "recv" && e.actor === "server");
    assert.ok(eof.seq > shutdown.seq);
    assert.equal(eof.bytes, 0);
    assert.equal(eof.detail?.eof, true);
    const reply = find(step, (e) => e.call === "send" && e.actor === "server");
    const got = find(step, (e) => e.call === "recv" && e.actor === "client");
    assert.ok(reply.seq > eof.seq && got.seq > reply.seq);
    assert.equal(got.data, "HELLO OVER TCP");
  });

  it("closes every socket it opened, and says where TIME_WAIT is (or that it cannot look)", () => {
    const named = new Set(
      calls(events)
        .filter((e) => e.call === "connect" || e.call === "accept" || e.call === "listen")
        .map((e) => e.sock),
    );
    for (const sock of named) {
      assert.ok(
        calls(events).some((e) => e.call === "close" && e.sock === sock),
        `${sock} never closed`,
      );
    }
    const step = stepEvents(events, "close");
    const ss = step.filter((e) => e.kind === "note" && e.key.startsWith("note.ss"));
    assert.ok(ss.length >= 1);
  });
});

describe("tcp-echo quiz", () => {
  it("predict questions sit on real steps; every question is complete in both languages", () => {
    assert.deepEqual(
      lesson.steps.map((s) => s.id),
      STEPS,
    );
    for (const id of Object.keys(quiz.predict)) assert.ok(STEPS.includes(id), id);
    assert.ok(quiz.final.length >= 2 && quiz.final.length <= 3);
    for (const q of [...Object.values(quiz.predict), ...quiz.final]) {
      assert.ok(q, "a question");
      assert.ok(q.answer >= 0 && q.answer < q.choices.length, q.id);
      for (const s of [q.prompt, q.explain, ...q.choices]) {
        assert.ok(s.en.trim() && s.ko.trim(), q.id);
        assert.match(s.ko, /[가-힣]/, `${q.id}: ${s.ko}`);
      }
    }
  });
});

describe("tcp-echo in Korean", () => {
  it("--lang ko has the Korean step titles", async () => {
    const r = await runCli(["tcp-echo", "--json", "--lang", "ko"]);
    assert.equal(r.code, 0, r.stderr);
    const titles = assertNdjson(r.stdout)
      .filter((e) => e.kind === "step")
      .map((e) => (e.kind === "step" ? e.title : ""));
    assert.deepEqual(
      titles,
      STEPS.map((id) => text.ko[`step.${id}` as keyof typeof text.ko]),
    );
    assert.ok(titles.every((t) => /[가-힣]/.test(t)));
  });
});

describe("tcp-echo --serve answers clients sockstep did not write", () => {
  it("a node:net client: uppercased reply, then the server closes", async () => {
    const served = await serveCli(["tcp-echo", "--serve", "--json"]);
    try {
      // No newline and no FIN: the server answers after a quiet spell.
      const quiet = await talk(served.port, "hello node", { halfClose: false });
      assert.equal(quiet.reply, "HELLO NODE");
      assert.ok(quiet.closedByServer);
      // With a FIN after the message.
      const halfClosed = await talk(served.port, "half closed 안녕", { halfClose: true });
      assert.equal(halfClosed.reply, "HALF CLOSED 안녕");
      assert.ok(halfClosed.closedByServer);
      // The trace names the ports the clients really had.
      const accepts = () => calls(served.events, "server").filter((e) => e.call === "accept");
      await eventually(() => accepts().length >= 2);
      assert.deepEqual(
        accepts().map((e) => portOf(e.remote)),
        [quiet.local, halfClosed.local],
      );
    } finally {
      assert.equal(await served.stop(), 130);
    }
  });

  it("the lecture's TCPClient.py", { skip: !python && "python3 is not installed" }, async () => {
    const served = await serveCli(["tcp-echo", "--serve"]);
    try {
      const r = await run("python3", [
        path.join(REFERENCE, "TCPClient.py"),
        "127.0.0.1",
        String(served.port),
        "hello python",
      ]);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out, "HELLO PYTHON\n");
    } finally {
      assert.equal(await served.stop(), 130);
    }
  });

  it("Ctrl-C exits 130 and the port is free again", async () => {
    const served = await serveCli(["tcp-echo", "--serve"]);
    const { reply } = await talk(served.port, "ping\n", { halfClose: false });
    assert.equal(reply, "PING\n");
    assert.equal(await served.stop(), 130);
    assert.ok(await canListen(served.port), "the port is still taken");
  });

  it("a port in use: exit 1, one line naming the port, no stack trace", async () => {
    const held = net.createServer();
    await new Promise<void>((resolve) => held.listen(0, "127.0.0.1", resolve));
    const port = (held.address() as net.AddressInfo).port;
    try {
      const r = await runCli(["tcp-echo", "--serve", "--port", String(port), "--json"]);
      assert.equal(r.code, 1);
      const lines = r.stderr.trimEnd().split("\n");
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0]!, new RegExp(`127\\.0\\.0\\.1:${port}\\b`));
      assert.doesNotMatch(r.stderr, /\n\s+at /);
      const ladder = await runCli(["tcp-echo", "--serve", "--port", String(port)]);
      assert.equal(ladder.code, 1);
      assert.match(ladder.stdout, new RegExp(`${port}.*already in use`));
      assert.doesNotMatch(ladder.stdout + ladder.stderr, /\n\s+at /);
    } finally {
      await new Promise<void>((resolve) => held.close(() => resolve()));
    }
  });
});

describe("tcp-echo --connect against servers sockstep did not write", { concurrency: true }, () => {
  it("a node:net echo server", async () => {
    const server = await nodeEchoServer();
    try {
      const r = await runCli([
        "tcp-echo",
        "--connect",
        `127.0.0.1:${server.port}`,
        "--json",
        "--message",
        "hi there 안녕",
      ]);
      assert.equal(r.code, 0, r.stderr);
      const events = assertNdjson(r.stdout);
      const connect = find(events, (e) => e.call === "connect");
      const got = calls(events, "client").filter((e) => e.call === "recv" && e.bytes! > 0);
      assert.equal(got.map((e) => e.data).join(""), "HI THERE 안녕");
      assert.ok(find(events, (e) => e.call === "shutdown"));
      // What the peer saw is what the trace says.
      assert.deepEqual(server.seen, [{ port: portOf(connect.local), data: "hi there 안녕" }]);
    } finally {
      await server.close();
    }
  });

  it("the lecture's TCPServer.py", { skip: !python && "python3 is not installed" }, async () => {
    const port = await freePort();
    const child = spawn("python3", [path.join(REFERENCE, "TCPServer.py"), String(port)], {
      stdio: ["ignore", "pipe", "pipe"],
      env: cliEnv({ LANG: "C.UTF-8" }),
    });
    try {
      await waitForPort(port);
      const r = await runCli([
        "tcp-echo",
        "--connect",
        `127.0.0.1:${port}`,
        "--json",
        "--message",
        "héllo",
      ]);
      assert.equal(r.code, 0, r.stderr);
      const events = assertNdjson(r.stdout);
      const got = calls(events, "client").filter((e) => e.call === "recv");
      assert.equal(got.map((e) => e.data).join(""), "HÉLLO");
      // TCPServer.py closes after its reply: the client's last recv is EOF.
      assert.equal(got.at(-1)?.bytes, 0);
    } finally {
      await stopChild(child);
    }
  });

  it("nobody listening: exit 1, one line on stderr saying refused", async () => {
    const port = await freePort();
    const r = await runCli(["tcp-echo", "--connect", `127.0.0.1:${port}`, "--json"]);
    assert.equal(r.code, 1);
    const lines = r.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /ECONNREFUSED|refused/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    const events = assertNdjson(r.stdout);
    assert.ok(events.some((e) => e.kind === "error" && e.code === "ECONNREFUSED"));
    // The ladder says it too, on its last line.
    const ladder = await runCli(["tcp-echo", "--connect", `127.0.0.1:${port}`]);
    assert.equal(ladder.code, 1);
    assert.match(ladder.stdout.trimEnd().split("\n").at(-1)!, /refused/);
  });
});
