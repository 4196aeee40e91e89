import type { LessonContext } from "../../src/runtime/lesson.js";

/**
 * Timing a strategy for the table and the timeline chart. The numbers are the
 * tracer's clock at real events; the model is the emulator's cost model.
 */
export interface StrategyResult {
  name: string;
  label: string;
  /** Tracer time when the strategy began (before its first connect). */
  start: number;
  /** Tracer time of its last response. */
  last: number;
  connects: number;
  requests: number;
  /** Model time in ms; left out when there is no emulated RTT to model. */
  model?: number;
}

function round2(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** The `measure` event: value = last − start; facts give the chart its span and counts. */
export function measureStrategy(ctx: LessonContext, r: StrategyResult, rttMs: number): number {
  const value = round2(r.last - r.start);
  ctx.tracer.emit({
    kind: "measure",
    actor: "lesson",
    name: r.name,
    label: r.label,
    value,
    unit: "ms",
    ...(r.model !== undefined ? { model: round2(r.model) } : {}),
    facts: {
      start: r.start,
      end: ctx.tracer.now(),
      connects: r.connects,
      requests: r.requests,
      rttMs,
    },
  });
  return value;
}

/** Ask the renderer for the timeline of these strategies, with a caption from the lesson's text. */
export function chart(ctx: LessonContext, key: string, names: readonly string[]): void {
  ctx.note(key, { chart: "timeline", groups: names.join(",") });
}

/** Count the `connect` calls a side made since a point in time (from the trace, as a test would). */
export function connectsSince(ctx: LessonContext, since: number): number {
  return ctx.tracer.events.filter(
    (e) => e.kind === "call" && e.actor === "client" && e.call === "connect" && e.t >= since,
  ).length;
}
