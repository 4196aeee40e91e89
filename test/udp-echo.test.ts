import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import dgram from "node:dgram";
import { once } from "node:events";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { text } from "../lessons/udp-echo/text.js";
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

const REFERENCE = path.join(ROOT, "lessons", "udp-echo", "reference");
const python = await hasPython();

/** A port nobody uses right now (UDP). */
async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => s.bind(0, "127.0.0.1", resolve));
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** Send one datagram from a fresh socket and wait for one reply (or null after timeoutMs). */
async function ask(
  port: number,
  payload: string | Buffer,
  timeoutMs = 5000,
): Promise<{ reply: Buffer | null; local: number }> {
  const s = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => s.bind(0, "127.0.0.1", resolve));
  const local = s.address().port;
  try {
    const reply = new Promise<Buffer | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), timeoutMs);
      s.once("message", (msg) => {
        clearTimeout(timer);
        resolve(msg);
      });
    });
    s.send(typeof payload === "string" ? Buffer.from(payload) : payload, port, "127.0.0.1");
    return { reply: await reply, local };
  } finally {
    s.close();
  }
}

/** A plain node:dgram uppercase echo server, written here, not by sockstep. */
async function nodeEchoServer() {
  const s = dgram.createSocket("udp4");
  const seen: { port: number; data: string }[] = [];
  s.on("message", (msg, rinfo) => {
    seen.push({ port: rinfo.port, data: msg.toString("utf8") });
    s.send(Buffer.from(msg.toString("utf8").toUpperCase()), rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => s.bind(0, "127.0.0.1", resolve));
  return {
    port: s.address().port,
    seen,
    close: () => new Promise<void>((resolve) => s.close(() => resolve())),
  };
}

/** Python's own str.upper(), when python3 is here; the expected values are checked against it. */
function pythonUpper(values: string[]): string[] | null {
  if (!python) return null;
  const r = spawnSync(
    "python3",
    ["-c", "import sys,json; print(json.dumps([s.upper() for s in json.load(sys.stdin)]))"],
    { input: JSON.stringify(values), encoding: "utf8" },
  );
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as string[];
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  await exited;
}

describe("udp-echo replay --json", () => {
  let r: Awaited<ReturnType<typeof runCli>>;
  let events: TraceEvent[];
  before(async () => {
    r = await runCli(["udp-echo", "--json"]);
    events = assertNdjson(r.stdout);
  });

  it("exits 0 with end.ok and nothing on stderr", () => {
    assert.equal(r.code, 0, r.stderr);
    const end = events.at(-1)!;
    assert.ok(end.kind === "end" && end.ok);
    assert.equal(r.stderr, "");
  });

  it("numbers events in order, with t never going back", () => {
    for (const [i, e] of events.entries()) assert.equal(e.seq, i + 1);
    for (let i = 1; i < events.length; i++) assert.ok(events[i]!.t >= events[i - 1]!.t);
  });

  it("runs the lesson's steps in order", () => {
    const ids = events.flatMap((e) => (e.kind === "step" ? [e.id] : []));
    assert.deepEqual(ids, [
      "server-binds",
      "client-socket",
      "first-datagram",
      "reply",
      "boundaries",
      "loss",
      "close",
    ]);
  });

  it("the client's port was chosen at its first send and is what the server's recvfrom saw", () => {
    const client = calls(events, "client");
    const firstSend = client.find((e) => e.call === "sendto")!;
    // The lesson never calls bind(); libuv's bind(0.0.0.0:0) just before the first send is narrated as such.
    const binds = client.filter((e) => e.call === "bind");
    assert.equal(binds.length, 1);
    assert.equal(binds[0]!.detail?.implicit, true);
    assert.ok(binds[0]!.seq < firstSend.seq);
    assert.equal(binds[0]!.local, firstSend.local);
    const firstRecv = calls(events, "server").find((e) => e.call === "recvfrom")!;
    assert.equal(portOf(firstSend.local), portOf(firstRecv.remote));
    assert.ok(portOf(firstSend.local) > 0);
    // The server replies to exactly that address.
    const reply = calls(events, "server").find((e) => e.call === "sendto")!;
    assert.equal(reply.remote, firstRecv.remote);
    assert.equal(reply.data, firstRecv.data!.toUpperCase());
  });

  it("no handshake: the first thing on the wire is the client's data", () => {
    const wire = calls(events).filter((e) => e.call === "sendto" || e.call === "connect");
    assert.equal(wire[0]?.actor, "client");
    assert.equal(wire[0]?.call, "sendto");
    assert.ok((wire[0]?.bytes ?? 0) > 0);
  });

  it("three sendto calls arrive as three datagrams of the same sizes", () => {
    const step = stepEvents(events, "boundaries");
    const sent = calls(step, "client").filter((e) => e.call === "sendto");
    const got = calls(step, "server").filter((e) => e.call === "recvfrom");
    assert.equal(sent.length, 3);
    assert.equal(got.length, 3);
    assert.deepEqual(
      got.map((e) => e.bytes),
      sent.map((e) => e.bytes),
    );
    assert.deepEqual(
      got.map((e) => e.data),
      sent.map((e) => e.data),
    );
  });

  it("the loss step: a simulated drop, sockstep's own timeout, a retry and a reply", () => {
    const step = stepEvents(events, "loss");
    const dropped = step.filter((e) => e.kind === "note" && e.key === "emulator.dropped");
    assert.equal(dropped.length, 1);
    assert.ok(dropped[0]!.kind === "note" && dropped[0]!.simulated === true);
    const timeout = step.findIndex(
      (e) => e.kind === "error" && e.code === "TIMEOUT" && e.actor === "client",
    );
    assert.ok(timeout >= 0, "a TIMEOUT error event");
    // settimeout() is no system call: a note, not a setsockopt.
    assert.ok(step.some((e) => e.kind === "note" && e.key === "udp.settimeout"));
    assert.ok(!calls(events).some((e) => e.call === "setsockopt"));
    const after = step.slice(timeout + 1);
    const retry = after.findIndex(
      (e) => e.kind === "call" && e.actor === "client" && e.call === "sendto",
    );
    assert.ok(retry >= 0, "the client sends again");
    const reply = after
      .slice(retry + 1)
      .find(
        (e): e is CallEvent => e.kind === "call" && e.actor === "client" && e.call === "recvfrom",
      );
    assert.ok(reply, "the reply arrives");
    assert.equal(reply.data, text.en["default.message"].toUpperCase());
    assert.ok(step.some((e) => e.kind === "note" && e.key === "note.retry"));
  });

  it("closes every socket it opened", () => {
    const opened = calls(events).filter((e) => e.call === "socket").length;
    const closed = calls(events).filter((e) => e.call === "close").length;
    assert.equal(closed, opened);
  });
});

describe("udp-echo with --loss", { concurrency: true }, () => {
  it("--loss 50 finishes, exit 0, every drop a simulated note", async () => {
    const r = await runCli(["udp-echo", "--json", "--loss", "50"], { timeoutMs: 30_000 });
    assert.equal(r.code, 0, r.stderr);
    const events = assertNdjson(r.stdout);
    const step = stepEvents(events, "loss");
    const drops = step.filter((e) => e.kind === "note" && e.key === "emulator.dropped");
    for (const d of drops) assert.ok(d.kind === "note" && d.simulated === true && d.facts);
    // The lesson's summary quotes the emulator's own count.
    const summary = step.find(
      (e) =>
        e.kind === "note" &&
        (e.key === "note.lossResult" || e.key === "note.lossGaveUp" || e.key === "note.lossNone"),
    );
    assert.ok(summary && summary.kind === "note");
    if (summary.key === "note.lossNone") assert.equal(drops.length, 0);
    else assert.equal(summary.facts?.dropped, drops.length);
    // Each client datagram either reached the server or was dropped on the way.
    const sent = calls(step, "client").filter((e) => e.call === "sendto").length;
    const arrived = calls(step, "server").filter((e) => e.call === "recvfrom").length;
    const lostOut = drops.filter((d) => d.kind === "note" && d.facts?.direction === "→").length;
    assert.equal(arrived + lostOut, sent);
    const end = events.at(-1)!;
    assert.ok(end.kind === "end" && end.ok);
  });

  it("--loss 100: the client gives up, says so, and the lesson still ends (exit 0)", async () => {
    const r = await runCli(["udp-echo", "--json", "--loss", "100"], { timeoutMs: 30_000 });
    assert.equal(r.code, 0, r.stderr);
    const events = assertNdjson(r.stdout);
    const step = stepEvents(events, "loss");
    const sent = calls(step, "client").filter((e) => e.call === "sendto");
    const timeouts = step.filter((e) => e.kind === "error" && e.code === "TIMEOUT");
    assert.equal(sent.length, 5);
    assert.equal(timeouts.length, 5);
    assert.ok(step.some((e) => e.kind === "note" && e.key === "note.giveUp"));
    assert.ok(step.some((e) => e.kind === "note" && e.key === "note.lossGaveUp"));
    assert.ok(!calls(step, "client").some((e) => e.call === "recvfrom"));
    const end = events.at(-1)!;
    assert.ok(end.kind === "end" && end.ok);
  });
});

describe("udp-echo --serve answers clients sockstep did not write", () => {
  let served: Awaited<ReturnType<typeof serveCli>>;
  before(async () => {
    served = await serveCli(["udp-echo", "--serve", "--json"]);
  });
  after(async () => {
    await served.stop();
  });

  it("a node:dgram client gets Python-style upper case, non-ASCII included", async () => {
    const inputs = ["hello", "héllo 안녕", "straße ǆ ﬁ", "MiXeD 123"];
    const expected = ["HELLO", "HÉLLO 안녕", "STRASSE Ǆ FI", "MIXED 123"];
    const fromPython = pythonUpper(inputs);
    if (fromPython) assert.deepEqual(expected, fromPython);
    for (const [i, input] of inputs.entries()) {
      const { reply, local } = await ask(served.port, input);
      assert.ok(reply, `no reply to ${input}`);
      assert.equal(reply.toString("utf8"), expected[i]);
      // The server narrated this very datagram, from this very port.
      const seenNow = () =>
        calls(served.events, "server").filter(
          (e) => e.call === "recvfrom" && portOf(e.remote) === local,
        );
      await eventually(() => seenNow().length >= 1);
      const seen = seenNow();
      assert.equal(seen.length, 1);
      assert.equal(seen[0]!.bytes, Buffer.byteLength(input));
    }
  });

  it("a datagram that is not UTF-8 is answered too, and the server goes on", async () => {
    const { reply } = await ask(served.port, Buffer.from([0xff, 0xfe, 0x61]));
    assert.ok(reply);
    const { reply: next } = await ask(served.port, "still here");
    assert.equal(next?.toString("utf8"), "STILL HERE");
  });

  it("the lecture's UDPClient.py gets its answer", {
    skip: !python && "python3 is not installed",
  }, async () => {
    const child = spawn(
      "python3",
      [path.join(REFERENCE, "UDPClient.py"), "127.0.0.1", String(served.port), "hello"],
      { stdio: ["ignore", "pipe", "pipe"], env: cliEnv({ LANG: "C.UTF-8" }) },
    );
    let out = "";
    let err = "";
    child.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (err += d));
    const [code] = (await once(child, "close")) as [number | null];
    assert.equal(code, 0, err);
    assert.equal(out, "HELLO\n");
  });
});

describe("udp-echo --serve: Ctrl-C, hostile bytes", { concurrency: true }, () => {
  it("Ctrl-C exits 130 and the port can be bound again", async () => {
    const served = await serveCli(["udp-echo", "--serve"]);
    const { reply } = await ask(served.port, "ping");
    assert.equal(reply?.toString(), "PING");
    const code = await served.stop();
    assert.equal(code, 130);
    const again = dgram.createSocket("udp4");
    await new Promise<void>((resolve, reject) => {
      again.once("error", reject);
      again.bind(served.port, "127.0.0.1", resolve);
    });
    again.close();
  });

  it("ladder mode shows control bytes escaped and writes no ESC at all", async () => {
    const served = await serveCli(["udp-echo", "--serve"]);
    try {
      const { reply } = await ask(served.port, "\u001b[2J\u0007");
      assert.equal(reply?.toString(), "\u001b[2J\u0007");
    } finally {
      assert.equal(await served.stop(), 130);
    }
    const out = served.stdout();
    assert.ok(out.includes("\\x1b[2J"), out);
    assert.ok(!out.includes("\u001b"), "a raw ESC reached stdout");
    assert.ok(!out.includes("\u0007"), "a raw BEL reached stdout");
  });

  it("--json escapes the data field too", async () => {
    const served = await serveCli(["udp-echo", "--serve", "--json"]);
    try {
      await ask(served.port, "\u001b[2J\u0007\u009b");
    } finally {
      await served.stop();
    }
    const got = calls(served.events, "server").find((e) => e.call === "recvfrom")!;
    assert.equal(got.data, "\\x1b[2J\\x07\\x9b");
    assert.ok(!/[\u001b\u0007\u009b]/.test(served.stdout()));
  });
});

describe("udp-echo: a port in use", { concurrency: true }, () => {
  async function holdPort() {
    const s = dgram.createSocket("udp4");
    await new Promise<void>((resolve) => s.bind(0, "127.0.0.1", resolve));
    return { port: s.address().port, close: () => s.close() };
  }

  it("--json: exit 1, one line on stderr naming the port, no stack trace", async () => {
    const held = await holdPort();
    try {
      const r = await runCli(["udp-echo", "--serve", "--port", String(held.port), "--json"]);
      assert.equal(r.code, 1);
      const lines = r.stderr.trimEnd().split("\n");
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0]!, new RegExp(`127\\.0\\.0\\.1:${held.port}\\b`));
      assert.doesNotMatch(r.stderr, /\n\s+at /);
      const events = assertNdjson(r.stdout);
      assert.ok(events.some((e) => e.kind === "error" && e.code === "EADDRINUSE"));
      const end = events.at(-1)!;
      assert.ok(end.kind === "end" && !end.ok);
    } finally {
      held.close();
    }
  });

  it("ladder mode: exit 1 and one clear reason line", async () => {
    const held = await holdPort();
    try {
      const r = await runCli(["udp-echo", "--serve", "--port", String(held.port)]);
      assert.equal(r.code, 1);
      const lines = r.stdout.split("\n").filter((l) => l.trim() !== "");
      assert.equal(lines.length, 1, r.stdout);
      assert.match(lines[0]!, new RegExp(`${held.port}.*already in use`));
      assert.equal(r.stderr, "");
    } finally {
      held.close();
    }
  });
});

describe("udp-echo --connect against servers sockstep did not write", { concurrency: true }, () => {
  it("a node:dgram echo server", async () => {
    const server = await nodeEchoServer();
    try {
      const r = await runCli([
        "udp-echo",
        "--connect",
        `127.0.0.1:${server.port}`,
        "--json",
        "--message",
        "hi there 안녕",
      ]);
      assert.equal(r.code, 0, r.stderr);
      const events = assertNdjson(r.stdout);
      const sent = calls(events, "client").find((e) => e.call === "sendto")!;
      const got = calls(events, "client").find((e) => e.call === "recvfrom")!;
      assert.equal(got.data, "HI THERE 안녕");
      assert.equal(got.remote, `127.0.0.1:${server.port}`);
      // What the peer saw is what the trace says.
      assert.deepEqual(server.seen, [{ port: portOf(sent.local), data: "hi there 안녕" }]);
    } finally {
      await server.close();
    }
  });

  it("the lecture's UDPServer.py", { skip: !python && "python3 is not installed" }, async () => {
    const port = await freeUdpPort();
    const child = spawn("python3", [path.join(REFERENCE, "UDPServer.py"), String(port)], {
      stdio: ["ignore", "pipe", "pipe"],
      env: cliEnv({ LANG: "C.UTF-8" }),
    });
    try {
      // Ready when it answers.
      let ready = false;
      for (let i = 0; i < 50 && !ready && child.exitCode === null; i++) {
        ready = (await ask(port, "ping", 200)).reply?.toString() === "PING";
      }
      assert.ok(ready, "UDPServer.py did not answer");
      const r = await runCli([
        "udp-echo",
        "--connect",
        `127.0.0.1:${port}`,
        "--json",
        "--message",
        "héllo",
      ]);
      assert.equal(r.code, 0, r.stderr);
      const got = calls(assertNdjson(r.stdout), "client").find((e) => e.call === "recvfrom")!;
      assert.equal(got.data, "HÉLLO");
    } finally {
      await stopChild(child);
    }
  });

  it("nobody answering: exit 1 with a one-line reason", async () => {
    const port = await freeUdpPort();
    const r = await runCli(["udp-echo", "--connect", `127.0.0.1:${port}`, "--json"]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trimEnd().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`no reply from 127\\.0\\.0\\.1:${port}`));
    const events = assertNdjson(r.stdout);
    assert.equal(events.filter((e) => e.kind === "error" && e.code === "TIMEOUT").length, 5);
    const end = events.at(-1)!;
    assert.ok(end.kind === "end" && !end.ok && end.reason);
  });

  it("an IPv6 address gets a clear reason: the lecture's sockets are AF_INET", async () => {
    const r = await runCli(["udp-echo", "--connect", "[::1]:9", "--json"]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trimEnd().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, /IPv6.*AF_INET/);
  });

  it("a malformed address is a usage error (exit 2)", async () => {
    const r = await runCli(["udp-echo", "--connect", "localhost:notaport"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--connect/);
  });
});

describe("udp-echo --step from a pipe", { concurrency: true }, () => {
  it("one line per pause; q quits with 130", async () => {
    const r = await runCli(["udp-echo", "--step"], { input: "\n\nq\n" });
    assert.equal(r.code, 130);
    assert.equal(r.stdout.match(/Enter: next step/g)?.length, 3);
    assert.match(r.stdout, /── 3\/7 /);
    assert.doesNotMatch(r.stdout, /── 4\/7 /);
  });

  it("once the pipe has ended every pause goes on by itself", async () => {
    const r = await runCli(["udp-echo", "--step"], { input: "\n" });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /── 7\/7 /);
    assert.match(r.stdout, /lesson finished/);
  });
});

describe("udp-echo in Korean", { concurrency: true }, () => {
  const titles = Object.entries(text.ko)
    .filter(([key]) => key.startsWith("step."))
    .map(([, title]) => title);

  it("--lang ko prints the Korean step titles", async () => {
    const r = await runCli(["udp-echo", "--auto", "--lang", "ko"]);
    assert.equal(r.code, 0, r.stderr);
    for (const title of titles) assert.ok(r.stdout.includes(title), title);
    assert.match(r.stdout, /레슨 완료/);
  });

  it("LANG=ko_KR.UTF-8 picks Korean without flags", async () => {
    const r = await runCli(["udp-echo", "--auto"], { env: { LANG: "ko_KR.UTF-8" } });
    assert.equal(r.code, 0, r.stderr);
    for (const title of titles) assert.ok(r.stdout.includes(title), title);
  });
});

describe("packaging", () => {
  it("npm pack, then npx ./sockstep-<version>.tgz udp-echo --auto in an empty folder", async (t) => {
    const ping = spawnSync("npm", ["ping"], { encoding: "utf8", timeout: 20_000 });
    if (ping.status !== 0) {
      t.skip("npm cannot reach the registry here: the packed CLI cannot install its dependencies");
      return;
    }
    const dir = await mkdtemp(path.join(os.tmpdir(), "sockstep-pack-"));
    try {
      // dist/ is already built by `npm test`; a second build here would race the other tests.
      const pack = spawnSync("npm", ["pack", "--ignore-scripts", "--pack-destination", dir], {
        cwd: ROOT,
        encoding: "utf8",
      });
      assert.equal(pack.status, 0, pack.stderr);
      const [tgz] = (await readdir(dir)).filter((f) => f.endsWith(".tgz"));
      assert.ok(tgz, "npm pack made no tarball");
      const child = spawn("npx", ["--yes", `./${tgz}`, "udp-echo", "--auto"], {
        cwd: dir,
        env: { ...cliEnv(), CI: "true" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      let err = "";
      child.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
      child.stderr!.setEncoding("utf8").on("data", (d: string) => (err += d));
      const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
      const [code] = (await once(child, "close")) as [number | null];
      clearTimeout(timer);
      assert.equal(code, 0, `${out}\n${err}`);
      assert.match(out, /lesson finished/);
      // The lecture's programs ship in the package (the --serve hint points at them).
      const list = spawnSync("tar", ["tzf", path.join(dir, tgz)], { encoding: "utf8" });
      assert.match(list.stdout, /package\/lessons\/udp-echo\/reference\/UDPServer\.py/);
      assert.match(list.stdout, /package\/lessons\/udp-echo\/reference\/UDPClient\.py/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
