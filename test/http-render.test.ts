import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Chalk } from "chalk";
import { createTexts } from "../src/i18n/texts.js";
import { narrationBudget } from "../src/render/budget.js";
import { ladderRenderer } from "../src/render/ladder.js";
import { Output } from "../src/render/output.js";
import type { HttpEvent, TraceEvent } from "../src/trace/events.js";

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

describe("narration budget", () => {
  it("shows up to the limit each second and sums up the rest in one line", () => {
    let clock = 0;
    const shown: TraceEvent[] = [];
    const budget = narrationBudget((e) => shown.push(e), {
      perSecond: 10,
      now: () => clock,
    });
    for (let i = 0; i < 100; i++) {
      const conn = 40000 + (i % 7);
      budget(
        http({ actor: "server", dir: i % 2 === 0 ? "request" : "response", startLine: "X", conn }),
      );
    }
    assert.equal(shown.length, 10);
    clock = 1500;
    budget(http({ actor: "server", dir: "request", startLine: "GET / HTTP/1.1" }));
    assert.equal(shown.length, 12);
    const summary = shown[10]!;
    assert.equal(summary.kind, "note");
    assert.ok(summary.kind === "note");
    assert.equal(summary.key, "budget.summary");
    assert.deepEqual(summary.facts, { events: 90, requests: 45, conns: 7, limit: 10 });
    assert.match(
      createTexts("en").note(summary),
      /90 more events not shown: 45 requests on 7 connections/,
    );
    // The end of the run is always shown, after what was held back.
    for (let i = 0; i < 20; i++) budget(http({ actor: "server", dir: "request", startLine: "Y" }));
    budget({ seq: 999, t: 999, kind: "end", actor: "lesson", ok: true });
    assert.equal(shown.at(-1)!.kind, "end");
    assert.equal(shown.at(-2)!.kind, "note");
  });
});
