import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { describe, it } from "node:test";
import type { CallEvent, MeasureEvent, NoteEvent, TraceEvent } from "../src/trace/events.js";
import { calls, eventually, hasPython, ROOT, runCli, serveCli } from "./helpers.js";
import { freePort, NGINX, startNginx, waitForPort } from "./peers.js";

const PYTHON = await hasPython();
const REFERENCE = path.join(ROOT, "lessons", "keep-alive", "reference", "keepalive_server.py");

const N = 5;
const NAMES = {
  http10: "keep-alive.http10",
  keepalive: "keep-alive.http10-keepalive",
  http11: "keep-alive.http11",
};

function measures(events: TraceEvent[]): Map<string, MeasureEvent> {
  return new Map(
    events.filter((e): e is MeasureEvent => e.kind === "measure").map((e) => [e.name, e]),
  );
}

/** Client connects inside a strategy's span, counted from the call events (not the lesson's own count). */
function connectsIn(events: TraceEvent[], m: MeasureEvent): CallEvent[] {
  const start = Number(m.facts?.start);
  return calls(events, "client").filter((e) => e.call === "connect" && e.t >= start && e.t <= m.t);
}

function notes(events: TraceEvent[], key: string): NoteEvent[] {
  return events.filter((e): e is NoteEvent => e.kind === "note" && e.key === key);
}

function assertCounts(events: TraceEvent[], expected: Record<keyof typeof NAMES, number>): void {
  const m = measures(events);
  for (const [strategy, name] of Object.entries(NAMES) as [keyof typeof NAMES, string][]) {
    const measure = m.get(name);
    assert.ok(measure, `no measure ${name}`);
    assert.equal(connectsIn(events, measure).length, expected[strategy], `${strategy}: connects`);
    assert.equal(measure.facts?.connects, expected[strategy], `${strategy}: facts.connects`);
    assert.equal(measure.facts?.requests, N);
    assert.equal(measure.unit, "ms");
  }
}

describe("keep-alive lesson", () => {
  it("replay --json: N connections for HTTP/1.0, ceil(N/(max+1)) with Keep-Alive max=3, 1 for HTTP/1.1", async () => {
    const r = await runCli(["keep-alive", "--json", "--rtt", "5"]);
    assert.equal(r.code, 0, r.stderr);
    const end = r.events.at(-1);
    assert.equal(end?.kind, "end");
    assert.equal(end.kind === "end" && end.ok, true);
    assertCounts(r.events, { http10: N, keepalive: Math.ceil(N / 4), http11: 1 });
    // Every measure of a strategy carries the model, and the emulator's RTT.
    for (const name of Object.values(NAMES)) {
      const m = measures(r.events).get(name)!;
      assert.equal(typeof m.model, "number");
      assert.equal(m.facts?.rttMs, 5);
    }
    // The server's Keep-Alive answer, as it crossed the wire.
    const echoed = r.events.find(
      (e) =>
        e.kind === "http" &&
        e.actor === "client" &&
        e.dir === "response" &&
        e.headers.some(([n, v]) => n === "Keep-Alive" && v === "timeout=5, max=3"),
    );
    assert.ok(echoed, "no Keep-Alive: timeout=5, max=3 answer");
    // Every client connection is narrated, and the emulator maps it to the server's id.
    const mapped = new Set(notes(r.events, "emulator.tcpConn").map((n) => n.facts?.clientConn));
    for (const c of calls(r.events, "client").filter((e) => e.call === "connect")) {
      assert.ok(mapped.has(c.conn), `connection ${c.conn} not mapped`);
    }
    // The other lessons' facts: no-length ends by close, idle closes, the old server did not echo.
    assert.equal(notes(r.events, "note.noLength").length, 1);
    assert.equal(notes(r.events, "note.noLengthReconnect").length, 1);
    assert.equal(notes(r.events, "note.idleClosed").length, 1);
    assert.equal(notes(r.events, "note.idleReconnect").length, 1);
    // The old server closed after each answer, and the client went on a new connection.
    assert.equal(notes(r.events, "note.legacyResultClosed")[0]?.facts?.connects, 2);
    assert.equal(notes(r.events, "note.hopServer")[0]?.facts?.named, "x-trace-hop");
    // The chart request names the three strategies.
    const chart = r.events.find((e) => e.kind === "chart");
    assert.deepEqual(chart?.kind === "chart" && chart.groups, Object.values(NAMES));
  });

  it("in Korean, with the chart and its table, at 80 columns", async () => {
    const r = await runCli(["keep-alive", "--auto", "--rtt", "5", "--lang", "ko"], {
      env: { COLUMNS: "80" },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /HTTP\/1\.1 지속 커넥션/);
    assert.match(r.stdout, /방식 +연결 수 +측정 +모델/);
    assert.match(r.stdout, /= 연결\(핸드셰이크\)/);
  });

  it("--serve: HTTP/1.0 Keep-Alive from a plain node:net client, echoed, max counting down 3, 2, 1, then close", async () => {
    const served = await serveCli(["keep-alive", "--serve", "--json"]);
    try {
      const sock = net.connect({ host: served.host, port: served.port });
      await once(sock, "connect");
      let text = "";
      sock.setEncoding("utf8").on("data", (d: string) => {
        text += d;
      });
      const closed = once(sock, "close");
      const answers = () => text.split("HTTP/1.1 200 OK").length - 1;
      for (let i = 1; i <= 4; i++) {
        sock.write(`GET /p${i} HTTP/1.0\r\nHost: x\r\nConnection: Keep-Alive\r\n\r\n`);
        while (answers() < i) await new Promise((r) => setTimeout(r, 10));
      }
      await closed;
      const blocks = text.split("HTTP/1.1 200 OK").slice(1);
      assert.equal(blocks.length, 4);
      assert.match(blocks[0]!, /\r\nConnection: Keep-Alive\r\n/);
      // max says how many more requests the connection takes after this answer (as Apache's does).
      assert.match(blocks[0]!, /\r\nKeep-Alive: timeout=5, max=3\r\n/);
      assert.match(blocks[1]!, /\r\nKeep-Alive: timeout=5, max=2\r\n/);
      assert.match(blocks[2]!, /\r\nKeep-Alive: timeout=5, max=1\r\n/);
      assert.match(blocks[3]!, /\r\nConnection: close\r\n/);
      assert.match(blocks[3]!, /GET \/p4: answer 4 on this connection/);
      // One connection on the server's side for all four.
      const accepts = () => calls(served.events, "server").filter((e) => e.call === "accept");
      await eventually(() => accepts().length >= 1);
      assert.equal(accepts().length, 1);
    } finally {
      assert.equal(await served.stop(), 130);
    }
  });

  it("--connect against a node:http server: 5, 1, 1 connections, and its idle close", async () => {
    const server = http.createServer((req, res) => {
      const body = `node answers ${req.url}\n`;
      res.setHeader("Content-Type", "text/plain");
      // With a length node keeps an HTTP/1.0 keep-alive connection; without one it must close.
      res.setHeader("Content-Length", Buffer.byteLength(body));
      res.end(body);
    });
    server.keepAliveTimeout = 1000;
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as net.AddressInfo;
    try {
      const r = await runCli([
        "keep-alive",
        "--connect",
        `http://127.0.0.1:${port}/`,
        "--json",
        "--rtt",
        "5",
      ]);
      assert.equal(r.code, 0, r.stderr);
      // node:http keeps an HTTP/1.0 keep-alive connection without a max: one connection.
      assertCounts(r.events, { http10: N, keepalive: 1, http11: 1 });
      assert.equal(notes(r.events, "note.idleClosed").length, 1);
      // Its requests reached this server with the URL's path and the server's own Host.
      const sent = r.events.filter(
        (e) => e.kind === "http" && e.actor === "client" && e.dir === "request",
      );
      assert.ok(sent.length >= 3 * N);
      for (const e of sent) {
        if (e.kind !== "http") continue;
        assert.ok(e.headers.some(([n, v]) => n === "Host" && v === `127.0.0.1:${port}`));
      }
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it("--connect against nginx", { skip: !NGINX && "nginx is not installed" }, async () => {
    const nginx = await startNginx(
      { "index.html": "<p>hello from nginx</p>\n" },
      "keepalive_timeout 1s 1s;",
    );
    try {
      const r = await runCli([
        "keep-alive",
        "--connect",
        `http://127.0.0.1:${nginx.port}/`,
        "--json",
        "--rtt",
        "5",
      ]);
      assert.equal(r.code, 0, r.stderr);
      assertCounts(r.events, { http10: N, keepalive: 1, http11: 1 });
      const server = r.events.find(
        (e) =>
          e.kind === "http" &&
          e.dir === "response" &&
          e.headers.some(([n]) => n.toLowerCase() === "server"),
      );
      assert.ok(server, "nginx's answers were read");
    } finally {
      await nginx.stop();
    }
  });

  it("--connect against the Python reference server", {
    skip: !PYTHON && "no python3",
  }, async () => {
    const port = await freePort();
    const child = spawn("python3", [REFERENCE, String(port)], { stdio: "ignore" });
    try {
      await waitForPort(port);
      const r = await runCli([
        "keep-alive",
        "--connect",
        `127.0.0.1:${port}`,
        "--json",
        "--rtt",
        "5",
      ]);
      assert.equal(r.code, 0, r.stderr);
      assertCounts(r.events, { http10: N, keepalive: 1, http11: 1 });
      // Its 5 s idle timeout closed the connection the client left idle.
      assert.equal(notes(r.events, "note.idleClosed").length, 1);
    } finally {
      child.kill();
      await once(child, "exit");
    }
  });

  it("--connect with a bad target is one line and exit 1", async () => {
    const r = await runCli(["keep-alive", "--connect", "ftp://example/", "--auto"]);
    assert.equal(r.code, 1);
    assert.match(r.stdout + r.stderr, /--connect wants http:\/\/host:port\/path/);
  });
});
