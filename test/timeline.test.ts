import assert from "node:assert/strict";
import { test } from "node:test";
import { Chalk } from "chalk";
import { engineSay } from "../src/i18n/index.js";
import type { Locale } from "../src/i18n/locale.js";
import { cells } from "../src/render/cells.js";
import { buildTimeline, renderTimeline } from "../src/render/timeline.js";
import type { NewEvent, TraceEvent } from "../src/trace/events.js";

/** A fixed trace: two strategies, RTT 40 ms, addresses and times made up. */
function fixture(): TraceEvent[] {
  const out: TraceEvent[] = [];
  const at = (t: number, e: NewEvent) => out.push({ seq: out.length + 1, t, ...e } as TraceEvent);
  const call = (
    t: number,
    actor: "client" | "server",
    c: "connect" | "close",
    conn: number,
    ms?: number,
  ) =>
    at(t, {
      kind: "call",
      actor,
      call: c,
      proto: "tcp",
      sock: "clientSocket",
      local: null,
      remote: null,
      conn,
      py: "",
      node: "",
      ...(ms !== undefined ? { ms } : {}),
    });
  const http = (
    t: number,
    actor: "client" | "server",
    dir: "request" | "response",
    conn: number,
    line: string,
  ) => at(t, { kind: "http", actor, dir, startLine: line, headers: [], bodyBytes: 0, conn });
  const relayed = (t: number, client: number, server: number) =>
    at(t, {
      kind: "note",
      actor: "network",
      key: "emulator.tcpConn",
      text: "",
      simulated: true,
      facts: { clientConn: client, serverConn: server, handshakeMs: 40, acceptedAt: t - 60 },
    });
  /** One exchange on a connection, RTT 40: request arrives 20 ms after it leaves, and so on. */
  const exchange = (t: number, client: number, server: number, path: string) => {
    http(t, "client", "request", client, `GET ${path} HTTP/1.1`);
    http(t + 20, "server", "request", server, `GET ${path} HTTP/1.1`);
    http(t + 20.5, "server", "response", server, "HTTP/1.1 200 OK");
    http(t + 40.5, "client", "response", client, "HTTP/1.1 200 OK");
  };
  // Strategy one: one connection, two requests (2 RTT + handshake ≈ 121 ms).
  call(0.5, "client", "connect", 50000, 0.5);
  relayed(60.5, 50000, 60000);
  exchange(40.5, 50000, 60000, "/a");
  exchange(81, 50000, 60000, "/b");
  call(122, "client", "close", 50000);
  at(122.5, {
    kind: "measure",
    actor: "lesson",
    name: "t.one",
    label: "one connection",
    value: 121.5,
    unit: "ms",
    model: 120,
    facts: { start: 0, end: 122.2 },
  });
  // Strategy two: a connection per request (4 RTT ≈ 162 ms), the second answer held 10 ms.
  call(200.5, "client", "connect", 50002, 0.5);
  relayed(260.5, 50002, 60002);
  exchange(240.5, 50002, 60002, "/a");
  call(281.2, "client", "close", 50002);
  call(281.5, "client", "connect", 50004, 0.3);
  relayed(341.5, 50004, 60004);
  http(321.5, "client", "request", 50004, "GET /slow HTTP/1.1");
  http(341.5, "server", "request", 60004, "GET /slow HTTP/1.1");
  at(346, {
    kind: "note",
    actor: "server",
    key: "note.readyHeld",
    text: "",
    facts: { conn: 60004, readyIndex: 1 },
  });
  http(356, "server", "response", 60004, "HTTP/1.1 200 OK");
  http(376, "client", "response", 50004, "HTTP/1.1 200 OK");
  call(376.5, "client", "close", 50004);
  at(377, {
    kind: "measure",
    actor: "lesson",
    name: "t.two",
    label: "connection each",
    value: 176,
    unit: "ms",
    model: 160,
    facts: { start: 200, end: 377 },
  });
  return out;
}

function render(width: number, locale: Locale): string[] {
  return renderTimeline(buildTimeline(fixture(), ["t.one", "t.two"]), {
    width,
    chalk: new Chalk({ level: 0 }),
    say: engineSay(locale),
  });
}

test("the timeline is built from the events: lanes per connection, rows per request", () => {
  const tl = buildTimeline(fixture(), ["t.one", "t.two", "missing"]);
  assert.equal(tl.groups.length, 2);
  const [one, two] = tl.groups;
  assert.deepEqual(
    one!.lanes.map((l) => [l.conn, l.rows.map((r) => r.label)]),
    [[50000, ["GET /a", "GET /b"]]],
  );
  assert.deepEqual(
    two!.lanes.map((l) => l.conn),
    [50002, 50004],
  );
  // The simulated handshake (one RTT after the relay took the connection) is the connect segment.
  assert.deepEqual(one!.lanes[0]!.connect, { kind: "connect", start: 0, end: 40.5 });
  const slow = two!.lanes[1]!.rows[0]!;
  assert.deepEqual(
    slow.segments.map((s) => [s.kind, s.start, s.end]),
    [
      ["request", 121.5, 141.5],
      ["wait", 141.5, 146],
      ["held", 146, 156],
      ["response", 156, 176],
    ],
  );
});

test("golden: 80 columns, English", () => {
  assert.equal(render(80, "en").join("\n"), GOLDEN_EN);
});

test("golden: 60 columns, Korean, every line within the width in cells", () => {
  const lines = render(60, "ko");
  for (const line of lines) assert.ok(cells(line) <= 60, `too wide (${cells(line)}): ${line}`);
  assert.equal(lines.join("\n"), GOLDEN_KO);
});

test("any width from 40 to 200 keeps every line inside it", () => {
  for (const width of [40, 57, 80, 81, 120, 200]) {
    for (const locale of ["en", "ko"] as const) {
      for (const line of render(width, locale)) {
        assert.ok(cells(line) <= width, `${locale} ${width}: ${line}`);
      }
    }
  }
});

const GOLDEN_EN = `                      0──────────────────────────────────────────────────177 ms
one connection · 121.5 ms, model 120 ms · 1 connection
conn 50000 GET /a     =============>>>>>><<<<<<<
           GET /b                               >>>>>><<<<<<< |
connection each · 176 ms, model 160 ms · 2 connections
conn 50002 GET /a     =============>>>>>><<<<<<< |
conn 50004 GET /slow                            =============>>>>>>..~~~<<<<<<<
= connect (handshake)  > request on the way  . server working
~ ready, waiting its turn  < response on the way  | connection closed

strategy         connections  measured   model  difference
one connection             1  121.5 ms  120 ms        +1 %
connection each            2    176 ms  160 ms       +10 %`;
const GOLDEN_KO = `                      0──────────────────────────────177 ms
one connection · 121.5 ms, 모델 120 ms · 연결 1개
연결 50000 GET /a     ========>>>><<<<<
           GET /b                     >>>>><<<< |
connection each · 176 ms, 모델 160 ms · 연결 2개
연결 50002 GET /a     ========>>>><<<<< |
연결 50004 GET /slow                   ========>>>>.~~<<<<<
= 연결(핸드셰이크)  > 요청 전송 중  . 서버 처리 중
~ 준비됐지만 차례 대기  < 응답 전송 중  | 연결 닫힘

방식             연결 수      측정    모델   차이
one connection         1  121.5 ms  120 ms   +1 %
connection each        2    176 ms  160 ms  +10 %`;
