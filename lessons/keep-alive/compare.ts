/**
 * The compare step's sentences, chosen from what the three runs measured:
 * each number comes from the runs (their times and connection counts), and
 * only the sentence that is true for those numbers is said. A pure function,
 * so a test can feed it any run (--rtt 0, --rtt 6000) without waiting for one.
 */

export type Strategy = "http10" | "keepalive" | "http11";

export interface Runs {
  /** Measured time of each run, ms. */
  ms: Record<Strategy, number>;
  /** Connections each run opened. */
  connects: Record<Strategy, number>;
  /** The emulated round-trip time; 0 when there is no emulator. */
  rttMs: number;
}

export type CompareKey =
  | "note.compare"
  | "note.compareSaved"
  | "note.compareSavedNoRtt"
  | "note.compareNotFaster"
  | "note.compareNoSaving";

export interface Said {
  key: CompareKey;
  facts: Record<string, number>;
}

export function compareNotes(runs: Runs): Said[] {
  const http10 = Math.round(runs.ms.http10);
  const keepalive = Math.round(runs.ms.keepalive);
  const http11 = Math.round(runs.ms.http11);
  const c10 = runs.connects.http10;
  const c11 = runs.connects.http11;
  const said: Said[] = [
    {
      key: "note.compare",
      facts: { http10, keepalive, http11, c10, cka: runs.connects.keepalive, c11 },
    },
  ];
  // Handshakes HTTP/1.1 did without, and the time it saved, both as measured.
  const fewer = c10 - c11;
  const saved = http10 - http11;
  const facts = { fewer, saved, c10, c11, http10, http11, rtt: runs.rttMs };
  if (fewer <= 0) said.push({ key: "note.compareNoSaving", facts });
  else if (saved <= 0) said.push({ key: "note.compareNotFaster", facts });
  else if (runs.rttMs > 0)
    said.push({ key: "note.compareSaved", facts: { ...facts, model: fewer * runs.rttMs } });
  else said.push({ key: "note.compareSavedNoRtt", facts });
  return said;
}
