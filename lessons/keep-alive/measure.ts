import type { HttpServer } from "../../src/http/index.js";
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

/**
 * Wait until the lesson's own server has closed its side of every connection
 * the client ended (the FIN takes RTT/2 through the emulator), so a step's
 * narration is complete before the next pause. A bounded wait for a real
 * event, not a pause for effect; nothing to wait for against another server.
 */
export async function settle(
  ctx: LessonContext,
  server: HttpServer | null,
  rttMs: number,
): Promise<void> {
  if (!server) return;
  const deadline = Date.now() + 2 * rttMs + 1000;
  while (server.connections > 0 && Date.now() < deadline && !ctx.signal.aborted) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
