import type { ChalkInstance } from "chalk";
import type { Params } from "../i18n/locale.js";
import type { MessageKey } from "../i18n/messages.js";
import { escapeText } from "../trace/escape.js";
import type { MeasureEvent, TraceEvent } from "../trace/events.js";
import type { Subscriber } from "../trace/tracer.js";
import { cells, padCells, truncateCells } from "./cells.js";
import type { Output } from "./output.js";

/**
 * The timeline chart of the connection lessons: for each strategy a group of
 * lanes, one lane per connection, one row per request on it, time left to
 * right on one scale for all groups, then a table of measured vs model time.
 *
 * Everything is built from the trace: the client's connect, request and
 * response events, the server's request and response events, the emulator's
 * note mapping the server's connection id to the client's, and a strategy's
 * `measure` event (facts.start is where its span begins, value how long it
 * took). A lesson asks for the chart with a `chart` event naming the
 * measures, in order.
 */

export type SegmentKind = "connect" | "request" | "wait" | "held" | "response" | "roundtrip";

export interface Segment {
  kind: SegmentKind;
  start: number;
  end: number;
}

export interface TimelineRow {
  /** Method and target, e.g. "GET /a". */
  label: string;
  segments: Segment[];
  /** False when the connection ended before this request was answered. */
  answered: boolean;
}

export interface TimelineLane {
  conn: number | null;
  rows: TimelineRow[];
  /** Connect, including the emulator's simulated handshake. */
  connect: Segment | null;
  /** When the connection ended for the client (its close, or the server's FIN reaching it). */
  closedAt: number | null;
}

export interface TimelineGroup {
  name: string;
  label: string;
  start: number;
  /** Measured duration (the measure event's value). */
  value: number;
  model?: number;
  unit: string;
  lanes: TimelineLane[];
}

export interface Timeline {
  groups: TimelineGroup[];
}

/** What a lesson puts in a strategy's measure event for the chart. */
export interface GroupFacts {
  /** Tracer time (ms) where the strategy's span begins. */
  start: number;
  /** Where the chart stops taking events for this group (default start + value): after the closes. */
  end?: number;
}

interface RowTimes {
  label: string;
  sent: number;
  arrived?: number;
  ready?: number;
  sentBack?: number;
  done?: number;
}

interface LaneBuild {
  conn: number | null;
  connectStart?: number;
  connectEnd?: number;
  rows: RowTimes[];
  arrivedCount: number;
  sentBackCount: number;
  doneCount: number;
  closedAt: number | null;
}

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** Method and target of a request line ("GET /a HTTP/1.1" → "GET /a"). */
function requestLabel(startLine: string): string {
  const parts = startLine.split(" ");
  return parts.length >= 2 ? `${parts[0]} ${parts[1]}` : startLine;
}

/** Build one group's lanes from the events of its span. */
export function buildGroup(events: readonly TraceEvent[], measure: MeasureEvent): TimelineGroup {
  const facts = measure.facts ?? {};
  const start = num(facts.start) ?? measure.t - measure.value;
  const end = num(facts.end) ?? start + measure.value;
  const lanes = new Map<number | null, LaneBuild>();
  const order: LaneBuild[] = [];
  /** Server-side connection id → client-side id (through the emulator). */
  const upstream = new Map<number, number>();
  const handshake = new Map<number, { at: number; ms: number }>();
  const laneOf = (conn: number | null | undefined, create: boolean): LaneBuild | undefined => {
    const key = conn ?? null;
    let lane = lanes.get(key);
    if (!lane && create) {
      lane = {
        conn: key,
        rows: [],
        arrivedCount: 0,
        sentBackCount: 0,
        doneCount: 0,
        closedAt: null,
      };
      lanes.set(key, lane);
      order.push(lane);
    }
    return lane;
  };
  const serverLane = (conn: number | null | undefined) =>
    conn === null || conn === undefined ? undefined : laneOf(upstream.get(conn) ?? conn, false);

  for (const e of events) {
    if (e.t < start || e.t > end) continue;
    if (e.kind === "note") {
      const f = e.facts ?? {};
      if (e.key === "emulator.tcpConn") {
        const client = num(f.clientConn);
        const server = num(f.serverConn);
        if (client !== undefined && server !== undefined) upstream.set(server, client);
        const at = num(f.acceptedAt);
        if (client !== undefined && at !== undefined) {
          handshake.set(client, { at, ms: num(f.handshakeMs) ?? 0 });
        }
      } else if (e.actor === "server" && num(f.readyIndex) !== undefined) {
        const row = serverLane(num(f.conn))?.rows[num(f.readyIndex)! - 1];
        if (row && row.ready === undefined) row.ready = e.t;
      }
      continue;
    }
    if (e.kind === "call") {
      if (e.actor !== "client") continue;
      if (e.call === "connect") {
        const lane = laneOf(e.conn, true)!;
        lane.connectStart = e.t - (e.ms ?? 0);
        lane.connectEnd = e.t;
      } else if (e.call === "close" || (e.call === "recv" && e.detail?.eof === true)) {
        const lane = laneOf(e.conn, false);
        if (lane && lane.closedAt === null) lane.closedAt = e.t;
      }
      continue;
    }
    if (e.kind !== "http") continue;
    if (e.actor === "client") {
      if (e.dir === "request") {
        laneOf(e.conn, true)!.rows.push({ label: requestLabel(e.startLine), sent: e.t });
      } else {
        const lane = laneOf(e.conn, false);
        const row = lane?.rows[lane.doneCount];
        if (lane && row) {
          row.done = e.t;
          lane.doneCount++;
        }
      }
    } else if (e.actor === "server") {
      const lane = serverLane(e.conn);
      if (!lane) continue;
      if (e.dir === "request") {
        const row = lane.rows[lane.arrivedCount];
        if (row) {
          row.arrived = e.t;
          lane.arrivedCount++;
        }
      } else {
        const row = lane.rows[lane.sentBackCount];
        if (row) {
          row.sentBack = e.t;
          lane.sentBackCount++;
        }
      }
    }
  }

  const rel = (t: number) => Math.max(0, t - start);
  const seg = (kind: SegmentKind, a: number, b: number): Segment => ({
    kind,
    start: rel(a),
    end: rel(Math.max(a, b)),
  });
  const built: TimelineLane[] = order
    .filter((lane) => lane.rows.length > 0 || lane.connectStart !== undefined)
    .map((lane) => {
      let connect: Segment | null = null;
      /** Bytes written before the (simulated) handshake is over only start across after it. */
      let ready = Number.NEGATIVE_INFINITY;
      if (lane.connectStart !== undefined && lane.connectEnd !== undefined) {
        const hs = lane.conn !== null ? handshake.get(lane.conn) : undefined;
        ready = hs ? Math.max(lane.connectEnd, hs.at + hs.ms) : lane.connectEnd;
        connect = seg("connect", lane.connectStart, ready);
      }
      const rows = lane.rows.map((r): TimelineRow => {
        const segments: Segment[] = [];
        const closed = lane.closedAt ?? end;
        const sent = Math.max(r.sent, ready);
        if (r.arrived !== undefined) {
          segments.push(seg("request", Math.min(sent, r.arrived), r.arrived));
          const back = r.sentBack ?? r.done;
          const work = r.ready ?? back;
          if (work !== undefined) segments.push(seg("wait", r.arrived, work));
          if (r.ready !== undefined && back !== undefined && back > r.ready) {
            segments.push(seg("held", r.ready, back));
          }
          if (r.sentBack !== undefined && r.done !== undefined) {
            segments.push(seg("response", r.sentBack, r.done));
          }
          if (back === undefined && r.done === undefined) {
            segments.push(seg("wait", r.arrived, closed));
          }
        } else if (r.done !== undefined) {
          // Only the client's side is known (a server elsewhere): one span, request to answer.
          segments.push(seg("roundtrip", sent, r.done));
        } else {
          // Never answered: the request was on its way (or waiting) until the connection ended.
          segments.push(seg("request", sent, closed));
        }
        return { label: r.label, segments, answered: r.done !== undefined };
      });
      return {
        conn: lane.conn,
        rows,
        connect,
        closedAt: lane.closedAt === null ? null : rel(lane.closedAt),
      };
    });
  return {
    name: measure.name,
    label: measure.label,
    start,
    value: measure.value,
    ...(measure.model !== undefined ? { model: measure.model } : {}),
    unit: measure.unit,
    lanes: built,
  };
}

/** The groups named by a chart request, in the order it names them. */
export function buildTimeline(events: readonly TraceEvent[], names: readonly string[]): Timeline {
  const measures = new Map<string, MeasureEvent>();
  for (const e of events) if (e.kind === "measure") measures.set(e.name, e);
  const groups: TimelineGroup[] = [];
  for (const name of names) {
    const m = measures.get(name);
    if (m) groups.push(buildGroup(events, m));
  }
  return { groups };
}

export interface TimelineStyle {
  width: number;
  chalk: ChalkInstance;
  say: (key: MessageKey, params?: Params) => string;
  /**
   * The chart's title: left of the time axis, where the lane labels leave
   * room (one line for both), else on a line of its own above it.
   */
  title?: string;
}

const GLYPH: Record<SegmentKind, string> = {
  connect: "=",
  request: ">",
  wait: ".",
  held: "~",
  response: "<",
  roundtrip: "-",
};
/** Later kinds are drawn over earlier ones where they share a cell. */
export const DRAW_ORDER: SegmentKind[] = [
  "roundtrip",
  "connect",
  "request",
  "wait",
  "held",
  "response",
];
export const LEGEND_KEY: Record<SegmentKind, MessageKey> = {
  connect: "timeline.legend.connect",
  request: "timeline.legend.request",
  wait: "timeline.legend.wait",
  held: "timeline.legend.held",
  response: "timeline.legend.response",
  roundtrip: "timeline.legend.roundtrip",
};

/** Milliseconds to one decimal, as every chart and table shows them. */
export function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** Lines of the chart and its table, at most `width` cells each. */
/** The chart's time axis: from 0 to the last thing any group measured, segment or close (ms, at least 1). */
export function timelineSpan(tl: Timeline): number {
  return Math.max(
    1,
    ...tl.groups.map((g) =>
      Math.max(
        g.value,
        ...g.lanes.flatMap((l) => [
          l.closedAt ?? 0,
          ...l.rows.flatMap((r) => r.segments.map((s) => s.end)),
        ]),
      ),
    ),
  );
}

export function renderTimeline(tl: Timeline, style: TimelineStyle): string[] {
  const { chalk, say } = style;
  const width = Math.max(40, style.width);
  const paint: Record<SegmentKind, (s: string) => string> = {
    connect: chalk.yellow,
    request: chalk.cyan,
    wait: chalk.dim,
    held: chalk.red,
    response: chalk.magenta,
    roundtrip: chalk.white,
  };
  if (tl.groups.length === 0) return [];
  const connLabel = (lane: TimelineLane) =>
    say("timeline.conn", { conn: lane.conn === null ? "—" : lane.conn });
  const connWidth = Math.max(
    ...tl.groups.flatMap((g) => g.lanes.map((l) => cells(connLabel(l)))),
    0,
  );
  const rowWidth = Math.max(
    ...tl.groups.flatMap((g) => g.lanes.flatMap((l) => l.rows.map((r) => cells(r.label)))),
    0,
  );
  // Labels take at most about 40 % of the line; the rest is time.
  const labelWidth = Math.min(connWidth + 1 + rowWidth, Math.floor(width * 0.4));
  const chartWidth = width - labelWidth - 3;
  const span = timelineSpan(tl);
  const perCell = span / chartWidth;
  const cellOf = (t: number) => Math.min(chartWidth - 1, Math.floor(t / perCell));
  const used = new Set<SegmentKind>();
  const lines: string[] = [];

  const axisRight = say("timeline.ms", { ms: Math.round(span) });
  const axisLeft = "0";
  const axisGap = Math.max(1, chartWidth - cells(axisLeft) - cells(axisRight));
  const axis = `${axisLeft}${"─".repeat(axisGap)}${axisRight}`;
  const title = style.title !== undefined ? escapeText(style.title) : "";
  if (title !== "" && cells(title) <= labelWidth) {
    lines.push(`${chalk.bold(padCells(title, labelWidth))}  ${chalk.dim(axis)}`);
  } else {
    if (title !== "") lines.push(chalk.bold(truncateCells(title, width)));
    lines.push(chalk.dim(`${" ".repeat(labelWidth)}  ${axis}`));
  }

  for (const g of tl.groups) {
    const model = g.model !== undefined ? say("timeline.model", { model: round(g.model) }) : "";
    const head = say("timeline.group", {
      label: escapeText(g.label),
      value: round(g.value),
      model,
      connections: g.lanes.length,
    });
    lines.push(chalk.bold(truncateCells(head, width)));
    for (const lane of g.lanes) {
      const rows = lane.rows.length > 0 ? lane.rows : [null];
      rows.forEach((row, i) => {
        const bar: { ch: string; kind: SegmentKind | null }[] = Array.from(
          { length: chartWidth },
          () => ({ ch: " ", kind: null }),
        );
        const segments = [
          ...(i === 0 && lane.connect ? [lane.connect] : []),
          ...(row?.segments ?? []),
        ];
        for (const kind of DRAW_ORDER) {
          for (const s of segments) {
            if (s.kind !== kind) continue;
            // Shorter than half a cell: nothing to see at this scale.
            if (s.end - s.start < perCell / 2) continue;
            used.add(kind);
            const from = cellOf(s.start);
            const to = Math.max(from, cellOf(s.end - perCell / 2));
            for (let c = from; c <= to; c++) bar[c] = { ch: GLYPH[kind], kind };
          }
        }
        // A whole request shorter than half a cell still gets one cell: its row is never blank.
        const longest = (row?.segments ?? []).reduce<Segment | null>(
          (m, s) => (m === null || s.end - s.start > m.end - m.start ? s : m),
          null,
        );
        if (longest && !bar.some((b, c) => b.kind !== null && c >= cellOf(longest.start))) {
          used.add(longest.kind);
          bar[cellOf(longest.start)] = { ch: GLYPH[longest.kind], kind: longest.kind };
        }
        if (row && !row.answered) {
          const end = row.segments.reduce((m, s) => Math.max(m, s.end), 0);
          const c = Math.min(chartWidth - 1, cellOf(end) + 1);
          bar[c] = { ch: "x", kind: null };
        }
        if (i === rows.length - 1 && lane.closedAt !== null) {
          const c = Math.min(chartWidth - 1, cellOf(lane.closedAt) + 1);
          if (bar[c]!.kind === null && bar[c]!.ch === " ") bar[c] = { ch: "|", kind: null };
        }
        const label = truncateCells(
          `${padCells(i === 0 ? connLabel(lane) : "", connWidth)} ${row?.label ?? ""}`,
          labelWidth,
        );
        const drawn = bar.map((b) => (b.kind ? paint[b.kind](b.ch) : b.ch)).join("");
        lines.push(`${padCells(label, labelWidth)}  ${drawn}`.trimEnd());
      });
    }
  }
  const legend = DRAW_ORDER.filter((k) => used.has(k)).map(
    (k) => `${paint[k](GLYPH[k])} ${say(LEGEND_KEY[k])}`,
  );
  legend.push(`| ${say("timeline.legend.closed")}`);
  if (tl.groups.some((g) => g.lanes.some((l) => l.rows.some((r) => !r.answered)))) {
    legend.push(`x ${say("timeline.legend.unanswered")}`);
  }
  lines.push(...packLine(legend, width, "  "));
  lines.push("");
  lines.push(...renderTable(tl, style));
  return lines;
}

/** Join items with a separator, breaking lines so none is wider than `width` cells. */
function packLine(items: string[], width: number, sep: string): string[] {
  const out: string[] = [];
  let line = "";
  for (const item of items) {
    const next = line === "" ? item : `${line}${sep}${item}`;
    if (line !== "" && cells(next) > width) {
      out.push(line);
      line = item;
    } else line = next;
  }
  if (line !== "") out.push(line);
  return out;
}

/** Measured vs model per strategy: the numbers of the measure events, nothing recomputed. */
export function renderTable(tl: Timeline, style: TimelineStyle): string[] {
  const { chalk, say } = style;
  let columns = [
    {
      head: say("timeline.table.strategy"),
      right: false,
      cell: (g: TimelineGroup) => escapeText(g.label),
    },
    {
      head: say("timeline.table.connections"),
      right: true,
      cell: (g: TimelineGroup) => String(g.lanes.length),
    },
    {
      head: say("timeline.table.measured"),
      right: true,
      cell: (g: TimelineGroup) => `${round(g.value)} ${g.unit}`,
    },
    {
      head: say("timeline.table.model"),
      right: true,
      cell: (g: TimelineGroup) => (g.model !== undefined ? `${round(g.model)} ${g.unit}` : "—"),
    },
    {
      head: say("timeline.table.diff"),
      right: true,
      cell: (g: TimelineGroup) =>
        g.model
          ? `${g.value >= g.model ? "+" : ""}${Math.round(((g.value - g.model) / g.model) * 100)} %`
          : "—",
    },
  ];
  const widthOf = (cols: typeof columns) =>
    cols.map((c) => Math.max(cells(c.head), ...tl.groups.map((g) => cells(c.cell(g)))));
  // On a narrow terminal the least needed columns go first: the difference, then the count.
  const MIN_LABEL = 8;
  for (const drop of [4, 1]) {
    const w = widthOf(columns);
    const fixed = w.slice(1).reduce((a, b) => a + b, 0) + 2 * (w.length - 1);
    if (fixed + MIN_LABEL <= style.width) break;
    columns = columns.filter((_, i) => i !== (drop === 4 ? columns.length - 1 : 1));
  }
  const widths = widthOf(columns);
  const fixed = widths.slice(1).reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  widths[0] = Math.max(1, Math.min(widths[0]!, style.width - fixed));
  const line = (texts: string[]) =>
    texts
      .map((text, c) => {
        const shown = truncateCells(text, widths[c]!);
        const gap = " ".repeat(Math.max(0, widths[c]! - cells(shown)));
        return columns[c]!.right ? gap + shown : shown + gap;
      })
      .join("  ")
      .trimEnd();
  return [
    chalk.bold(line(columns.map((c) => c.head))),
    ...tl.groups.map((g) => line(columns.map((c) => c.cell(g)))),
  ];
}

/**
 * The subscriber: keeps the events a chart is built from and draws the chart
 * right after the `chart` event that asks for it. It never calls back into a lesson.
 */
export function timelineRenderer(out: Output, opts: TimelineStyle): Subscriber {
  const kept: TraceEvent[] = [];
  return (event) => {
    if (
      event.kind !== "call" &&
      event.kind !== "note" &&
      event.kind !== "measure" &&
      event.kind !== "http" &&
      event.kind !== "chart"
    )
      return;
    if (event.kind === "call" && event.call !== "connect" && event.call !== "close") {
      if (!(event.call === "recv" && event.detail?.eof === true)) return;
    }
    if (event.kind === "chart") {
      const lines = renderTimeline(buildTimeline(kept, event.groups), {
        ...opts,
        width: opts.width - 2,
        title: opts.title ?? opts.say("timeline.title"),
      });
      if (lines.length === 0) return;
      // One empty line sets it apart from the ladder; what follows (a note, a title) starts its own.
      out.line("");
      for (const line of lines) out.line(line === "" ? "" : `  ${line}`);
      return;
    }
    kept.push(event);
  };
}
