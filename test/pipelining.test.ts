import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { describe, it } from "node:test";
import type { HttpEvent, MeasureEvent, NoteEvent, TraceEvent } from "../src/trace/events.js";
import { calls, eventually, hasPython, ROOT, runCli, serveCli } from "./helpers.js";
import { freePort, NGINX, startNginx, waitForPort } from "./peers.js";

const PYTHON = await hasPython();
const REFERENCE = path.join(ROOT, "lessons", "pipelining", "reference", "pipelining_server.py");

const NC = ["/usr/bin/nc", "/bin/nc", "/usr/bin/netcat"].find((p) => existsSync(p));

function measure(events: TraceEvent[], name: string): MeasureEvent {
  const m = events.find((e): e is MeasureEvent => e.kind === "measure" && e.name === name);
  assert.ok(m, `no measure ${name}`);
  return m;
}

function notes(events: TraceEvent[], key: string): NoteEvent[] {
  return events.filter((e): e is NoteEvent => e.kind === "note" && e.key === key);
}

function httpIn(events: TraceEvent[], m: MeasureEvent, actor: string, dir: string): HttpEvent[] {
  const start = Number(m.facts?.start);
  return events.filter(
    (e): e is HttpEvent =>
      e.kind === "http" && e.actor === actor && e.dir === dir && e.t >= start && e.t <= m.t,
  );
}

function connectsIn(events: TraceEvent[], m: MeasureEvent): number {
  const start = Number(m.facts?.start);
  return calls(events, "client").filter((e) => e.call === "connect" && e.t >= start && e.t <= m.t)
    .length;
}

/** The bodies of the responses in `text`, in the order they came (the tests' own minimal reading). */
function bodies(text: string): string[] {
  return [...text.matchAll(/HTTP\/1\.1 200 OK\r\n[\s\S]*?\r\n\r\n([^\n]*\n)/g)].map((m) => m[1]!);
}

const THREE =
  "GET /slow?ms=300 HTTP/1.1\r\nHost: x\r\n\r\n" +
  "GET /a HTTP/1.1\r\nHost: x\r\n\r\n" +
  "GET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

function assertThreeInOrder(text: string): void {
  assert.deepEqual(bodies(text), [
    "GET /slow?ms=300: answered after 300 ms\n",
    "GET /a: this is /a\n",
    "GET /b: this is /b\n",
  ]);
}

describe("pipelining lesson", () => {
  it("replay --json: one recv split into 5 requests, answers in order, 1/1/3 connections, resends", async () => {
    const r = await runCli(["pipelining", "--json", "--rtt", "5"]);
    assert.equal(r.code, 0, r.stderr);
    const ev = r.events;
    const end = ev.at(-1);
    assert.equal(end?.kind === "end" && end.ok, true);

    const serial = measure(ev, "pipelining.serial");
    const piped = measure(ev, "pipelining.pipelined");
    const parallel = measure(ev, "pipelining.parallel");
    assert.equal(connectsIn(ev, serial), 1);
    assert.equal(connectsIn(ev, piped), 1);
    assert.equal(connectsIn(ev, parallel), 3);
    for (const m of [serial, piped, parallel]) assert.equal(typeof m.model, "number");

    // Pipelined: all five requests written before the first answer arrived.
    const sent = httpIn(ev, piped, "client", "request");
    const answers = httpIn(ev, piped, "client", "response");
    assert.equal(sent.length, 5);
    assert.ok(sent.at(-1)!.t < answers[0]!.t);
    // The server got them in one recv and the parser split them.
    const split = notes(ev, "http.server.split").filter(
      (n) => n.t >= Number(piped.facts?.start) && n.t <= piped.t,
    );
    assert.equal(split[0]?.facts?.count, 5);
    // Answers in request order: the server's bodies name the paths.
    const served = httpIn(ev, piped, "server", "response");
    assert.deepEqual(
      served.map((e) => /GET (\S+):/.exec(e.body ?? "")?.[1]),
      ["/slow?ms=150", "/a", "/b", "/c", "/d"],
    );
    // Head-of-line blocking: the four quick answers were ready while /slow was not.
    const held = notes(ev, "note.readyHeld").filter(
      (n) => n.t >= Number(piped.facts?.start) && n.t <= piped.t,
    );
    assert.deepEqual(
      held.map((n) => n.facts?.readyIndex),
      [2, 3, 4, 5],
    );

    // POST: written only after the answer before it, and the next GET only after the POST's answer.
    const postM = measure(ev, "pipelining.post");
    const postReq = httpIn(ev, postM, "client", "request");
    const postRes = httpIn(ev, postM, "client", "response");
    assert.deepEqual(
      postReq.map((e) => e.startLine.split(" ")[0]),
      ["GET", "POST", "GET", "GET"],
    );
    assert.ok(postReq[1]!.t > postRes[0]!.t, "POST waited for the answer before it");
    assert.ok(postReq[2]!.t > postRes[1]!.t, "the GET after the POST waited for its answer");

    // The server closing after 2: unanswered GETs sent again on new connections, all answered in order.
    const closes = measure(ev, "pipelining.server-closes");
    assert.equal(connectsIn(ev, closes), 3);
    const resend = notes(ev, "http.client.resend");
    assert.deepEqual(
      resend.map((n) => n.facts?.count),
      [3, 1],
    );
    const got = httpIn(ev, closes, "client", "response").map(
      (e) => /GET (\S+):/.exec(e.body ?? "")?.[1],
    );
    assert.deepEqual(got, ["/a", "/b", "/c", "/d", "/e"]);
  });

  it("--serve answers raw pipelined bytes from a plain node:net socket in request order", async () => {
    const served = await serveCli(["pipelining", "--serve", "--json"]);
    try {
      const sock = net.connect({ host: served.host, port: served.port });
      await once(sock, "connect");
      let text = "";
      sock.setEncoding("utf8").on("data", (d: string) => {
        text += d;
      });
      const closed = once(sock, "close");
      sock.write(THREE);
      await closed;
      assertThreeInOrder(text);
      // The server's narration: the three requests came in one recv and were split by the parser.
      await eventually(() => notes(served.events, "note.readyHeld").length >= 2);
      const split = notes(served.events, "http.server.split");
      assert.equal(split[0]?.facts?.count, 3);
      assert.deepEqual(
        notes(served.events, "note.readyHeld").map((n) => n.facts?.readyIndex),
        [2, 3],
      );
    } finally {
      assert.equal(await served.stop(), 130);
    }
  });

  it("--serve answers three requests written in one go by nc, in order", async () => {
    const served = await serveCli(["pipelining", "--serve"]);
    try {
      let text: string;
      if (NC) {
        const child = spawn(NC, ["-N", served.host, String(served.port)], {
          stdio: ["pipe", "pipe", "inherit"],
        });
        text = "";
        child.stdout.setEncoding("utf8").on("data", (d: string) => {
          text += d;
        });
        child.stdin.end(THREE);
        const timer = setTimeout(() => child.kill(), 10_000);
        await once(child, "close");
        clearTimeout(timer);
      } else {
        const sock = net.connect({ host: served.host, port: served.port });
        text = "";
        sock.setEncoding("utf8").on("data", (d: string) => {
          text += d;
        });
        sock.write(THREE);
        await once(sock, "close");
      }
      assertThreeInOrder(text);
      // The ladder wraps the sentence inside the server's column: read it without the column.
      const said = () => served.stdout().replace(/[│\s]+/g, " ");
      const split = /one recv\(\) on connection \d+ brought 3 whole requests/;
      await eventually(() => split.test(said()));
      assert.match(said(), split);
    } finally {
      assert.equal(await served.stop(), 130);
    }
  });

  it("--connect against a node:http server: pipelined answers in order", async () => {
    const server = http.createServer((req, res) => {
      const body = `node answers ${req.method} ${req.url}\n`;
      res.setHeader("Content-Length", Buffer.byteLength(body));
      res.end(body);
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as net.AddressInfo;
    try {
      const r = await runCli([
        "pipelining",
        "--connect",
        `http://127.0.0.1:${port}/`,
        "--json",
        "--rtt",
        "5",
      ]);
      assert.equal(r.code, 0, r.stderr);
      const piped = measure(r.events, "pipelining.pipelined");
      assert.equal(connectsIn(r.events, piped), 1);
      const got = httpIn(r.events, piped, "client", "response").map(
        (e) => /node answers GET ([^\s\\]+)/.exec(e.body ?? "")?.[1],
      );
      assert.deepEqual(got, ["/slow?ms=150", "/a", "/b", "/c", "/d"]);
      assert.equal(connectsIn(r.events, measure(r.events, "pipelining.parallel")), 3);
    } finally {
      server.closeAllConnections();
      server.close();
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
        "pipelining",
        "--connect",
        `http://127.0.0.1:${port}/`,
        "--json",
        "--rtt",
        "5",
      ]);
      assert.equal(r.code, 0, r.stderr);
      const piped = measure(r.events, "pipelining.pipelined");
      assert.equal(connectsIn(r.events, piped), 1);
      const got = httpIn(r.events, piped, "client", "response").map(
        (e) => /GET (\S+):/.exec(e.body ?? "")?.[1],
      );
      assert.deepEqual(got, ["/slow?ms=150", "/a", "/b", "/c", "/d"]);
    } finally {
      child.kill();
      await once(child, "exit");
    }
  });

  it("--connect against nginx", { skip: !NGINX && "nginx is not installed" }, async () => {
    const files = Object.fromEntries(
      ["slow", "a", "b", "c", "d", "e"].map((f) => [f, `nginx file ${f}\n`]),
    );
    const nginx = await startNginx(files);
    try {
      const r = await runCli([
        "pipelining",
        "--connect",
        `http://127.0.0.1:${nginx.port}/`,
        "--json",
        "--rtt",
        "5",
      ]);
      assert.equal(r.code, 0, r.stderr);
      const piped = measure(r.events, "pipelining.pipelined");
      assert.equal(connectsIn(r.events, piped), 1);
      const got = httpIn(r.events, piped, "client", "response").map((e) => e.body);
      assert.deepEqual(
        got,
        ["slow", "a", "b", "c", "d"].map((f) => `nginx file ${f}\\n`),
      );
    } finally {
      await nginx.stop();
    }
  });
});
