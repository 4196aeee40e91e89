/**
 * Every number a pipelining note computes, recomputed from the --json events
 * it comes from: the recv() whose requests the parser split, the client's
 * connects and responses inside each measured span, the measures themselves.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import type {
  CallEvent,
  HttpEvent,
  MeasureEvent,
  NoteEvent,
  TraceEvent,
} from "../src/trace/events.js";
import { runCli } from "./helpers.js";

let ev: TraceEvent[] = [];

const byKey = (key: string) => ev.filter((e): e is NoteEvent => e.kind === "note" && e.key === key);
const one = (key: string) => {
  const [n, ...more] = byKey(key);
  assert.ok(n, `no note ${key}`);
  assert.equal(more.length, 0, `more than one ${key}`);
  return n;
};
const measure = (name: string) => {
  const m = ev.find((e): e is MeasureEvent => e.kind === "measure" && e.name === name);
  assert.ok(m, `no measure ${name}`);
  return m;
};
const inSpan = (m: MeasureEvent) => (e: TraceEvent) => e.t >= Number(m.facts?.start) && e.t <= m.t;
const clientConnects = (m: MeasureEvent) =>
  ev.filter(
    (e) => e.kind === "call" && e.actor === "client" && e.call === "connect" && inSpan(m)(e),
  ).length;
const clientResponses = (m: MeasureEvent) =>
  ev.filter(
    (e): e is HttpEvent =>
      e.kind === "http" && e.actor === "client" && e.dir === "response" && inSpan(m)(e),
  );
/** Requests in a recv's bytes: each starts with a request line (the --json data escapes CRLF). */
const requestsIn = (data: string) => [...data.matchAll(/(?:^|\\n)[A-Z]+ \S+ HTTP\/1\.[01]\\r\\n/g)];
const close = (a: number, b: number, what: string) =>
  assert.ok(Math.abs(a - b) <= 1, `${what}: ${a} vs ${b}`);

describe("pipelining: the numbers in the notes match the events", () => {
  before(async () => {
    const r = await runCli(["pipelining", "--json", "--rtt", "5"]);
    assert.equal(r.code, 0, r.stderr);
    ev = r.events;
  });

  it("http.server.split counts the whole requests in that recv(), and what the server took", () => {
    const splits = byKey("http.server.split");
    assert.ok(splits.length >= 3);
    for (const note of splits) {
      const at = ev.indexOf(note);
      const recv = ev
        .slice(0, at)
        .reverse()
        .find(
          (e): e is CallEvent =>
            e.kind === "call" &&
            e.actor === "server" &&
            e.call === "recv" &&
            e.conn === note.facts?.conn,
        );
      assert.ok(recv, "no recv before the split note");
      assert.equal(note.facts?.bytes, recv.bytes);
      assert.equal(note.facts?.count, requestsIn(recv.data ?? "").length, recv.data);
      const taken = ev
        .slice(ev.indexOf(recv), at)
        .filter(
          (e) =>
            e.kind === "http" &&
            e.actor === "server" &&
            e.dir === "request" &&
            e.conn === note.facts?.conn,
        ).length;
      assert.equal(note.facts?.taken, taken);
    }
    // The server that closes after 2: its first recv held all five, the parser took two.
    const limited = byKey("note.splitLimit");
    assert.deepEqual(
      limited.map((n) => [n.facts?.whole, n.facts?.taken, n.facts?.rest, n.facts?.max]),
      [
        [5, 2, 3, 2],
        [3, 2, 1, 2],
      ],
    );
    for (const n of limited) {
      const split = splits.find((s) => s.facts?.conn === n.facts?.conn);
      assert.equal(split?.facts?.count, n.facts?.whole);
      assert.equal(split?.facts?.taken, n.facts?.taken);
    }
  });

  it("serial, pipelined and parallel: answers, connections, measured and model", () => {
    const cases = [
      ["note.serialResult", "pipelining.serial"],
      ["note.pipelinedResult", "pipelining.pipelined"],
      ["note.parallelResult", "pipelining.parallel"],
    ] as const;
    for (const [key, name] of cases) {
      const note = one(key);
      const m = measure(name);
      if (note.facts?.n !== undefined) assert.equal(note.facts.n, clientResponses(m).length);
      assert.equal(note.facts?.connects, clientConnects(m), key);
      assert.equal(note.facts?.measured, Math.round(m.value), key);
      assert.equal(note.facts?.model, `${Math.round(m.model!)} ms`, key);
    }
    const cmp = one("note.compare");
    assert.equal(cmp.facts?.serial, Math.round(measure("pipelining.serial").value));
    assert.equal(cmp.facts?.pipelined, Math.round(measure("pipelining.pipelined").value));
    assert.equal(cmp.facts?.parallel, Math.round(measure("pipelining.parallel").value));
  });

  it("head-of-line rows: held = sent − ready, and sent is when the server's answer went", () => {
    const m = measure("pipelining.pipelined");
    const first = ev.find(
      (e): e is HttpEvent =>
        e.kind === "http" && e.actor === "server" && e.dir === "request" && inSpan(m)(e),
    );
    assert.ok(first);
    const answers = ev.filter(
      (e): e is HttpEvent =>
        e.kind === "http" &&
        e.actor === "server" &&
        e.dir === "response" &&
        e.conn === first.conn &&
        inSpan(m)(e),
    );
    const rows = String(one("note.hol").facts?.rows).split("; ");
    assert.equal(rows.length, answers.length);
    rows.forEach((row, i) => {
      const r = /ready at \+(\d+) ms, sent at \+(\d+) ms \(held (\d+) ms\)/.exec(row);
      assert.ok(r, row);
      const [ready, sent, held] = [Number(r[1]), Number(r[2]), Number(r[3])];
      close(held, sent - ready, `held of ${row}`);
      close(sent, answers[i]!.t - first.t, `sent of ${row}`);
    });
  });

  it("the POST step's times count from the run's start", () => {
    const m = measure("pipelining.post");
    const start = Number(m.facts?.start);
    const sent = ev.filter(
      (e): e is HttpEvent =>
        e.kind === "http" && e.actor === "client" && e.dir === "request" && inSpan(m)(e),
    );
    const got = clientResponses(m);
    const f = one("note.postResult").facts!;
    close(Number(f.firstAnswer), got[0]!.t - start, "firstAnswer");
    close(Number(f.postSent), sent[1]!.t - start, "postSent");
    close(Number(f.postAnswer), got[1]!.t - start, "postAnswer");
    close(Number(f.nextSent), sent[2]!.t - start, "nextSent");
    assert.equal(sent[1]!.startLine.split(" ")[0], "POST");
  });

  it("the server closes mid-pipeline: connections, answers per connection, order", () => {
    const m = measure("pipelining.server-closes");
    const f = one("note.closesResult").facts!;
    assert.equal(f.connects, clientConnects(m));
    const perConn = new Map<number | null, number>();
    for (const r of clientResponses(m)) perConn.set(r.conn, (perConn.get(r.conn) ?? 0) + 1);
    assert.equal(f.split, [...perConn.values()].join(" + "));
    assert.equal(
      f.order,
      clientResponses(m)
        .map((r) => /GET (\S+):/.exec(r.body ?? "")?.[1])
        .join(", "),
    );
    // What the client resent: the requests the split notes say the server never read.
    const resent = byKey("http.client.resend").map((n) => n.facts?.count);
    assert.deepEqual(
      resent,
      byKey("note.splitLimit").map((n) => n.facts?.rest),
    );
  });
});
