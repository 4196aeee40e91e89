/**
 * Every number a conditional-get note computes, recomputed from the --json
 * events it comes from: the requests and responses on the client's side, the
 * recv() calls that brought them, and the cache entries the client described.
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
import { runCli, stepEvents } from "./helpers.js";

let ev: TraceEvent[] = [];

const notes = (key: string, from: TraceEvent[] = ev) =>
  from.filter((e): e is NoteEvent => e.kind === "note" && e.key === key);
const one = (key: string) => {
  const [n, ...more] = notes(key);
  assert.ok(n, `no note ${key}`);
  assert.equal(more.length, 0, `more than one ${key}`);
  return n;
};
const clientHttp = (dir: "request" | "response", from: TraceEvent[] = ev) =>
  from.filter((e): e is HttpEvent => e.kind === "http" && e.actor === "client" && e.dir === dir);
const status = (e: HttpEvent) => Number(e.startLine.split(" ")[1]);
const header = (e: HttpEvent, name: string) =>
  e.headers.find(([n]) => n.toLowerCase() === name)?.[1];
/** Bytes the client's recv() calls brought for a response: those since its request was sent. */
function wireOf(response: HttpEvent): number {
  const at = ev.indexOf(response);
  const request = clientHttp("request", ev.slice(0, at)).at(-1)!;
  return ev
    .slice(ev.indexOf(request), at)
    .filter((e): e is CallEvent => e.kind === "call" && e.actor === "client" && e.call === "recv")
    .reduce((sum, e) => sum + (e.bytes ?? 0), 0);
}
/** The size of the client's stored copy just before an event: its last described cache entry. */
function copyBefore(e: TraceEvent): number {
  const entry = notes("client.entry", ev.slice(0, ev.indexOf(e))).at(-1);
  assert.ok(entry, "no cache entry before a 304");
  return Number(entry.facts?.bytes);
}

describe("conditional-get: the numbers in the notes match the events", () => {
  before(async () => {
    const r = await runCli(["conditional-get", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    ev = r.events;
  });

  it("the summary counts every request the client sent, probes and HEAD included", () => {
    const summary = notes("note.summary").concat(notes("note.summaryWrong"));
    assert.equal(summary.length, 1);
    const f = summary[0]!.facts!;
    const requests = clientHttp("request");
    const responses = clientHttp("response");
    const heads = requests.filter((e) => e.startLine.startsWith("HEAD ")).length;
    const probes = notes("client.probeInm").length + notes("client.probeIms").length;
    const fromCache = notes("client.fromCache").length;
    assert.equal(f.requests, requests.length);
    assert.equal(f.heads, heads);
    assert.equal(f.probes, probes);
    assert.equal(f.asked, requests.length - heads - probes);
    assert.equal(f.fromCache, fromCache);
    assert.equal(f.loads, requests.length - heads - probes + fromCache);
    const pages = responses.filter((e) => status(e) === 200 && (e.bodyBytes ?? 0) > 0);
    assert.equal(f.full, pages.length);
    assert.equal(
      f.fullBytes,
      pages.reduce((sum, e) => sum + (e.bodyBytes ?? 0), 0),
    );
    const notModified = responses.filter((e) => status(e) === 304);
    assert.equal(f.notModified, notModified.length);
    const saved = notModified.reduce((sum, e) => sum + copyBefore(e), 0);
    assert.equal(f.savedBytes, saved);
    const total = ev.find(
      (e): e is MeasureEvent => e.kind === "measure" && e.name === "savedTotal",
    );
    assert.equal(total?.value, saved);
    // The If-Modified-Since-only experiment got a 304 for a copy older than the page.
    const ims = one("note.imsOnly").facts!;
    const wrong = ims.copyVersion !== ims.version ? 1 : 0;
    assert.equal(f.wrong ?? 0, wrong);
    assert.equal(summary[0]!.key, wrong > 0 ? "note.summaryWrong" : "note.summary");
    // Every request was answered.
    assert.equal(responses.length, requests.length);
  });

  it("the bytes a 304 saved are the recv() bytes of the 200 and of the 304", () => {
    const step = stepEvents(ev, "revalidate");
    const saved = one("note.saved").facts!;
    const first200 = clientHttp("response").find((e) => status(e) === 200)!;
    const the304 = clientHttp("response", step).find((e) => status(e) === 304)!;
    assert.equal(saved.wire200, wireOf(first200));
    assert.equal(saved.wire304, wireOf(the304));
    assert.equal(saved.saved, Number(saved.wire200) - Number(saved.wire304));
    assert.equal(saved.bytes, copyBefore(the304));
    const m = ev.find((e): e is MeasureEvent => e.kind === "measure" && e.name === "saved");
    assert.equal(m?.value, Number(saved.bytes) - (the304.bodyBytes ?? 0));
    // The 304's fields, as they crossed the wire.
    const fields = notes("note.304Headers", step).concat(notes("note.304HeadersLength", step));
    assert.equal(fields[0]?.facts?.fields, the304.headers.map(([n]) => n).join(", "));
  });

  it("HEAD: the body it got and the Content-Length it carried", () => {
    const head = one("note.head").facts!;
    const step = stepEvents(ev, "head");
    const res = clientHttp("response", step)[0]!;
    assert.equal(head.body, res.bodyBytes);
    assert.equal(head.body, 0);
    assert.equal(head.length, header(res, "content-length"));
    assert.equal(head.bytes, copyBefore(res));
    // The server said no page went with it (no "200 with the whole page" sentence for HEAD).
    assert.equal(notes("server.unconditional", step).length, 0);
    assert.equal(notes("server.head", step).length, 1);
  });

  it("a fresh copy: no socket call at all", () => {
    const step = stepEvents(ev, "fresh");
    const fresh = one("note.fresh").facts!;
    const paused = notes("note.pausedStale", step).length > 0;
    if (!paused) {
      assert.equal(
        step.filter((e) => e.kind === "call" && e.actor === "client").length,
        fresh.calls,
      );
    }
    assert.equal(fresh.calls, 0);
  });
});
