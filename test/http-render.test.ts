import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Chalk } from "chalk";
import { createTexts } from "../src/i18n/texts.js";
import { ClassStats, statusList } from "../src/render/class-stats.js";
import { statusLines, totalLine, windowLine } from "../src/render/class-view.js";
import { AUTO_EVENTS, follow, matches } from "../src/render/follow.js";
import { ladderRenderer } from "../src/render/ladder.js";
import { Output } from "../src/render/output.js";
import type { CallEvent, HttpEvent, TraceEvent } from "../src/trace/events.js";

function render(events: TraceEvent[], width = 100): string[] {
  const lines: string[] = [];
  const stream = {
    write(chunk: string) {
      lines.push(...chunk.split("\n").slice(0, -1));
      return true;
    },
  } as unknown as NodeJS.WritableStream;
  const ladder = ladderRenderer(new Output(stream), {
    width,
    chalk: new Chalk({ level: 0 }),
    texts: createTexts("en"),
  });
  for (const e of events) ladder(e);
  return lines;
}

let seq = 0;
function http(
  partial: Partial<HttpEvent> & Pick<HttpEvent, "actor" | "dir" | "startLine">,
): HttpEvent {
  return { seq: ++seq, t: seq, kind: "http", headers: [], bodyBytes: 0, conn: 50123, ...partial };
}

const request = (actor: "client" | "server") =>
  http({
    actor,
    dir: "request",
    startLine: "GET /cart HTTP/1.1",
    headers: [
      ["Host", "127.0.0.1:8080"],
      ["Cookie", "sid=abc"],
    ],
  });

describe("ladder: http events", () => {
  it("draws the sender's block across, and one line for the receiver", () => {
    const lines = render([request("client"), request("server")]);
    assert.match(lines[1]!, /^ ─+ GET \/cart HTTP\/1\.1 · conn 50123 ─+▶$/);
    assert.match(lines[2]!, /^Host: 127\.0\.0\.1:8080 +│$/);
    assert.match(lines[3]!, /^Cookie: sid=abc +│$/);
    assert.match(lines[4]!, /^body: 0 B +│$/);
    assert.match(lines[5]!, /│ ✓ parsed GET \/cart HTTP\/1\.1: 2 fields, body 0 B$/);
    assert.equal(lines.length, 6);
  });

  it("draws the block once when the receiver reports before the sender", () => {
    const lines = render([request("server"), request("client")]);
    assert.match(lines[1]!, /GET \/cart HTTP\/1\.1 · conn 50123 ─+▶$/);
    assert.match(lines[5]!, /^✓ sent GET \/cart HTTP\/1\.1: 2 fields, body 0 B +│$/);
    assert.equal(lines.length, 6);
  });

  it("shows a foreign client's request in full (--serve): fields under the client", () => {
    const lines = render([request("server")]);
    assert.match(lines[1]!, /GET \/cart HTTP\/1\.1 · conn 50123 ─+▶$/);
    assert.match(lines[2]!, /^Host: 127\.0\.0\.1:8080/);
  });

  it("puts a response's fields and body preview in the server's column", () => {
    const lines = render([
      http({
        actor: "server",
        dir: "response",
        startLine: "HTTP/1.1 200 OK",
        headers: [["Content-Type", "text/plain"]],
        bodyBytes: 3,
        body: "hi\\n",
      }),
    ]);
    assert.match(lines[1]!, /^ ◀─+ HTTP\/1\.1 200 OK · conn 50123 ─+$/);
    assert.match(lines[2]!, /│ Content-Type: text\/plain$/);
    assert.match(lines[3]!, /│ body: 3 B {2}"hi\\n"$/);
  });

  it("escapes control bytes even if an event carries them raw", () => {
    const lines = render([
      http({
        actor: "server",
        dir: "request",
        startLine: "GET /\u001b[2J HTTP/1.1",
        headers: [["X-Evil\u0007", "\u001b]0;title\u0007\u009b31m"]],
      }),
    ]);
    const all = lines.join("\n");
    assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(all), all);
    assert.match(all, /\\x1b\[2J/);
  });

  it("fits one column under 80 cells", () => {
    const lines = render([request("client"), request("server")], 60);
    assert.ok(
      lines.every((l) => l.length <= 60),
      lines.join("\n"),
    );
    assert.ok(lines.some((l) => l.includes("GET /cart HTTP/1.1 · conn 50123")));
  });
});

describe("class view", () => {
  const call = (
    c: Partial<CallEvent> & Pick<CallEvent, "call" | "proto" | "remote">,
  ): CallEvent => ({
    seq: ++seq,
    t: seq,
    kind: "call",
    actor: "server",
    sock: "connectionSocket",
    local: "127.0.0.1:8080",
    py: "",
    node: "",
    ...c,
  });
  const note = (key: string, facts: Record<string, string | number>): TraceEvent => ({
    seq: ++seq,
    t: seq,
    kind: "note",
    actor: "server",
    key,
    facts,
  });

  it("counts requests, answers and open connections, and knows who logged in", () => {
    const stats = new ClassStats("http");
    for (const conn of [50001, 50002, 50003]) {
      stats.observe(
        call({ call: "accept", proto: "tcp", remote: `10.0.0.${conn % 10}:${conn}`, conn }),
      );
      stats.observe(http({ actor: "server", dir: "request", startLine: "GET / HTTP/1.1", conn }));
      stats.observe(http({ actor: "server", dir: "response", startLine: "HTTP/1.1 200 OK", conn }));
    }
    // The login note carries no conn: it is about the request just taken.
    stats.observe(
      http({ actor: "server", dir: "request", startLine: "POST /login HTTP/1.1", conn: 50002 }),
    );
    stats.observe(note("srv.login", { user: "kim", sid: "s1", old: "s0" }));
    stats.observe(
      http({ actor: "server", dir: "response", startLine: "HTTP/1.1 303 See Other", conn: 50002 }),
    );
    stats.observe(call({ call: "close", proto: "tcp", remote: "10.0.0.1:50001", conn: 50001 }));
    assert.equal(stats.total.requests, 4);
    assert.equal(stats.open, 2);
    assert.equal(stats.total.clients.size, 3);
    assert.equal(statusList(stats.total.statuses, "en"), "200 ×3 · 303 ×1");
    assert.equal(stats.client("conn 50002")?.user, "kim");
    const f = follow("kim", (k) => stats.client(k));
    assert.equal(f.shows(stats.client("conn 50002")!, 0), true);
    assert.equal(f.shows(stats.client("conn 50003")!, 0), false);
    assert.equal(f.shows(null, 0), true, "the server's own events are always narrated");
    const lines = statusLines(stats, f, createTexts("en"), 10);
    assert.match(lines[0]!, /2 open connections · 3 clients · .* 4 in all/);
    assert.match(
      lines.join("\n"),
      /kim · 10\.0\.0\.2:50002 \(conn 50002\): POST \/login HTTP\/1\.1 → 303/,
    );
  });

  it("follows the first clients by itself, and a named one by conn id or IP", () => {
    const stats = new ClassStats("tcp");
    const f = follow(undefined, (k) => stats.client(k), 2);
    const shown: number[] = [];
    for (const conn of [1, 2, 3]) {
      const c = stats.observe(
        call({ call: "accept", proto: "tcp", remote: `10.0.0.9:${conn}`, conn }),
      );
      if (f.shows(c, 0)) shown.push(conn);
    }
    assert.deepEqual(shown, [1, 2]);
    // Once the first closes, the next newcomer is narrated.
    const closed = stats.observe(
      call({ call: "close", proto: "tcp", remote: "10.0.0.9:1", conn: 1 }),
    );
    assert.equal(f.shows(closed, 0), true, "its close is narrated");
    const fourth = stats.observe(
      call({ call: "accept", proto: "tcp", remote: "10.0.0.8:4", conn: 4 }),
    );
    assert.equal(f.shows(fourth, 0), true);
    // A script that pipelines thousands of requests is narrated for its first events only.
    let last: boolean | "capped" = true;
    for (let i = 0; i < AUTO_EVENTS && last === true; i++) {
      const c = stats.observe(
        http({ actor: "server", dir: "request", startLine: "GET / HTTP/1.1", conn: 4 }),
      );
      last = f.shows(c, 0);
    }
    assert.equal(last, "capped");
    const after = stats.observe(
      http({ actor: "server", dir: "request", startLine: "GET / HTTP/1.1", conn: 4 }),
    );
    assert.equal(f.shows(after, 0), false);
    assert.equal(matches(stats.client("conn 4")!, "4"), true);
    assert.equal(matches(stats.client("conn 4")!, "10.0.0.8"), true);
    assert.equal(matches(stats.client("conn 4")!, "10.0.0.9"), false);
  });

  it("words a UDP server's counts as datagrams", () => {
    const stats = new ClassStats("udp");
    for (const port of [4000, 4001, 4000]) {
      stats.observe(
        call({ call: "recvfrom", proto: "udp", remote: `127.0.0.1:${port}`, bytes: 5 }),
      );
    }
    const texts = createTexts("en");
    assert.equal(totalLine(stats, texts), "Served 3 datagrams from 1 client.");
    // Per second over the last 5 s; seconds long past no longer count.
    assert.equal(stats.rate(2000), 0.6);
    assert.equal(stats.rate(9000), 0);
    assert.match(windowLine("udp", stats.takeWindow(), 5, texts), /3 datagrams from 1 client/);
    assert.match(totalLine(stats, createTexts("ko")), /데이터그램 3개/);
  });
});
