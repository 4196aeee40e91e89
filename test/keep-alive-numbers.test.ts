/**
 * Every number a keep-alive note computes, recomputed from the --json events
 * it comes from (the measures, the client's connects and responses), at
 * --rtt 5 and --rtt 0; and the compare step's choice of sentence for runs
 * like --rtt 6000's, where reuse saved nothing, without waiting minutes.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { compareNotes, type Runs, type Strategy } from "../lessons/keep-alive/compare.js";
import { text } from "../lessons/keep-alive/text.js";
import type { HttpEvent, MeasureEvent, NoteEvent, TraceEvent } from "../src/trace/events.js";
import { runCli } from "./helpers.js";

const NAMES: Record<Strategy, string> = {
  http10: "keep-alive.http10",
  keepalive: "keep-alive.http10-keepalive",
  http11: "keep-alive.http11",
};

function placeholders(sentence: string): string[] {
  return [...sentence.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}

/** The sentence gets every fact it names, in both languages, and no saving is negative. */
function assertSayable(runs: Runs): void {
  for (const said of compareNotes(runs)) {
    for (const lang of ["en", "ko"] as const) {
      for (const name of placeholders(text[lang][said.key])) {
        assert.ok(name in said.facts, `${said.key} (${lang}) lacks {${name}}`);
      }
    }
    if ("saved" in said.facts && said.key !== "note.compareNoSaving") {
      if (said.key !== "note.compareNotFaster") assert.ok(said.facts.saved! > 0, said.key);
    }
  }
}

describe("keep-alive: the compare step says only what its numbers support", () => {
  it("--rtt 6000 (every connection closed by the idle timeout): no saving is claimed", () => {
    // The numbers of a real --rtt 6000 run: HTTP/1.1 was slower and used 5 connections.
    const runs: Runs = {
      ms: { http10: 60059.82, keepalive: 80063.5, http11: 80071.04 },
      connects: { http10: 5, keepalive: 5, http11: 5 },
      rttMs: 6000,
    };
    const said = compareNotes(runs);
    assert.deepEqual(
      said.map((s) => s.key),
      ["note.compare", "note.compareNoSaving"],
    );
    assert.deepEqual(said[1]!.facts.c11, 5);
    assertSayable(runs);
  });

  it("--rtt 0: the saving is measured, and not priced at 0 ms handshakes", () => {
    const runs: Runs = {
      ms: { http10: 18.49, keepalive: 7.56, http11: 4.32 },
      connects: { http10: 5, keepalive: 2, http11: 1 },
      rttMs: 0,
    };
    const said = compareNotes(runs);
    assert.equal(said[1]!.key, "note.compareSavedNoRtt");
    assert.equal(said[1]!.facts.saved, 18 - 4);
    assert.equal(said[1]!.facts.fewer, 4);
    assertSayable(runs);
    // Slower despite fewer handshakes: said as such, never as a negative saving.
    const noisy: Runs = { ...runs, ms: { http10: 3.1, keepalive: 3.9, http11: 4.2 } };
    assert.equal(compareNotes(noisy)[1]!.key, "note.compareNotFaster");
    assertSayable(noisy);
  });

  it("--rtt 40: measured saving, and the model's count beside it", () => {
    const runs: Runs = {
      ms: { http10: 427.45, keepalive: 296.54, http11: 251.14 },
      connects: { http10: 5, keepalive: 2, http11: 1 },
      rttMs: 40,
    };
    const [, saved] = compareNotes(runs);
    assert.equal(saved!.key, "note.compareSaved");
    assert.equal(saved!.facts.saved, 427 - 251);
    assert.equal(saved!.facts.model, 4 * 40);
    assertSayable(runs);
  });
});

for (const rtt of [5, 0]) {
  describe(`keep-alive --rtt ${rtt}: the numbers in the notes match the events`, () => {
    let ev: TraceEvent[] = [];
    const notes = (key: string) =>
      ev.filter((e): e is NoteEvent => e.kind === "note" && e.key === key);
    const one = (...keys: string[]) => {
      const found = keys.flatMap((k) => notes(k));
      assert.equal(found.length, 1, `one of ${keys.join(", ")}`);
      return found[0]!;
    };
    const measure = (s: Strategy) => {
      const m = ev.find((e): e is MeasureEvent => e.kind === "measure" && e.name === NAMES[s]);
      assert.ok(m, `no measure ${NAMES[s]}`);
      return m;
    };
    const inSpan = (m: MeasureEvent) => (e: TraceEvent) =>
      e.t >= Number(m.facts?.start) && e.t <= m.t;
    const connects = (s: Strategy) =>
      ev.filter(
        (e) =>
          e.kind === "call" &&
          e.actor === "client" &&
          e.call === "connect" &&
          inSpan(measure(s))(e),
      ).length;
    const responses = (s: Strategy) =>
      ev.filter(
        (e): e is HttpEvent =>
          e.kind === "http" &&
          e.actor === "client" &&
          e.dir === "response" &&
          inSpan(measure(s))(e),
      );
    /** Answers per connection, in order, as the client read them. */
    const carried = (s: Strategy) => {
      const per = new Map<number | null, number>();
      for (const r of responses(s)) per.set(r.conn, (per.get(r.conn) ?? 0) + 1);
      return [...per.values()].join(" + ");
    };
    const header = (e: HttpEvent, name: string) =>
      e.headers.find(([n]) => n.toLowerCase() === name)?.[1];

    it("runs", async () => {
      const r = await runCli(["keep-alive", "--json", "--rtt", String(rtt)]);
      assert.equal(r.code, 0, r.stderr);
      ev = r.events;
    });

    it("each run's result: requests, connections, requests per connection, measured, model", () => {
      const keys: Record<Strategy, string[]> = {
        http10: ["note.http10Result"],
        keepalive: [
          "note.keepaliveResult",
          "note.keepaliveResultNoMax",
          "note.keepaliveResultClose",
        ],
        http11: ["note.http11Result", "note.http11ResultMany"],
      };
      for (const s of Object.keys(NAMES) as Strategy[]) {
        const f = one(...keys[s]).facts!;
        const m = measure(s);
        assert.equal(f.n, responses(s).length, s);
        assert.equal(f.connects, connects(s), s);
        assert.equal(f.carried, carried(s), s);
        assert.equal(f.measured, Math.round(m.value), s);
        assert.equal(f.model, rtt > 0 ? `${Math.round(m.model!)} ms` : "—", s);
      }
      // Keep-Alive: max on the first answer counts the requests after it.
      const ka = one("note.keepaliveResult").facts!;
      const first = responses("keepalive")[0]!;
      const max = Number(/max=(\d+)/.exec(header(first, "keep-alive") ?? "")?.[1]);
      assert.equal(ka.max, max);
      assert.equal(ka.per, max + 1);
      assert.equal(ka.predicted, Math.ceil(responses("keepalive").length / (max + 1)));
      // The countdown, as the answers on the first connection carried it.
      const onFirst = responses("keepalive").filter((r) => r.conn === first.conn);
      assert.equal(
        one("note.keepaliveCountdown").facts?.values,
        onFirst
          .map((r) => header(r, "keep-alive") ?? `Connection: ${header(r, "connection")}`)
          .join(" · "),
      );
    });

    it("the comparison: its times, connections and saving come from the three runs", () => {
      const runs: Runs = {
        ms: {
          http10: measure("http10").value,
          keepalive: measure("keepalive").value,
          http11: measure("http11").value,
        },
        connects: {
          http10: connects("http10"),
          keepalive: connects("keepalive"),
          http11: connects("http11"),
        },
        rttMs: rtt,
      };
      const expected = compareNotes(runs);
      const said = ev.filter(
        (e): e is NoteEvent => e.kind === "note" && e.key.startsWith("note.compare"),
      );
      assert.deepEqual(
        said.map((n) => [n.key, n.facts]),
        expected.map((s) => [s.key, s.facts]),
      );
      const f = said[1]!.facts!;
      assert.equal(f.saved, Math.round(runs.ms.http10) - Math.round(runs.ms.http11));
      assert.equal(f.fewer, runs.connects.http10 - runs.connects.http11);
      if (said[1]!.key === "note.compareSaved") assert.equal(f.model, Number(f.fewer) * rtt);
    });

    it("slow start after idle: the setting this machine really has", () => {
      let value: string | null = null;
      try {
        value = readFileSync("/proc/sys/net/ipv4/tcp_slow_start_after_idle", "utf8").trim();
      } catch {
        // not Linux, or no /proc: the note says it could not read it
      }
      const note = one("note.slowStart", "note.slowStartOff", "note.slowStartUnknown");
      if (value === null) assert.equal(note.key, "note.slowStartUnknown");
      else {
        assert.equal(note.facts?.value, value);
        assert.equal(note.key, value === "0" ? "note.slowStartOff" : "note.slowStart");
      }
    });
  });
}
