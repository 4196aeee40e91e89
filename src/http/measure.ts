import type { Fact } from "../trace/events.js";
import type { HttpServer } from "./server.js";

/**
 * Timing a strategy of the connection lessons (a way to send the same
 * requests) for the table and the timeline chart. The numbers are the trace's
 * clock at real events; the model is the emulator's cost model (rtt-model.ts).
 */

/** What measuring needs from a lesson's context: its clock and its `measure` event. */
export interface Measurer {
  now(): number;
  measure(
    name: string,
    label: string,
    value: number,
    unit: string,
    model?: number,
    facts?: Record<string, Fact>,
  ): void;
}

export interface StrategyTiming {
  name: string;
  label: string;
  /** Trace time when the strategy began (before its first connect). */
  start: number;
  /** Trace time of its last response. */
  last: number;
  connects: number;
  requests: number;
  /** Model time in ms; left out when there is no emulated RTT to model. */
  model?: number;
}

function round2(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/**
 * The `measure` event of a strategy: value = last − start; the facts give the
 * chart its span (start, and end = now, after the closes) and the counts.
 * Returns the value.
 */
export function measureStrategy(m: Measurer, r: StrategyTiming, rttMs: number): number {
  const value = round2(r.last - r.start);
  m.measure(r.name, r.label, value, "ms", r.model !== undefined ? round2(r.model) : undefined, {
    start: r.start,
    end: m.now(),
    connects: r.connects,
    requests: r.requests,
    rttMs,
  });
  return value;
}

/**
 * Wait until the lesson's own server has closed its side of every connection
 * the client ended (the FIN takes RTT/2 through the emulator), so a step's
 * narration is complete before the next pause. A bounded wait for a real
 * event, not a pause for effect; nothing to wait for against another server.
 */
export async function waitConnectionsClosed(
  server: HttpServer | null,
  rttMs: number,
  signal: AbortSignal,
): Promise<void> {
  if (!server) return;
  const deadline = Date.now() + 2 * rttMs + 1000;
  while (server.connections > 0 && Date.now() < deadline && !signal.aborted) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
