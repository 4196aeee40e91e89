import type { Say } from "../../i18n/index.js";
import { escapeText } from "../../trace/escape.js";
import { cells, truncateCells } from "../cells.js";
import {
  DRAW_ORDER,
  LEGEND_KEY,
  round,
  type SegmentKind,
  type Timeline,
  timelineSpan,
} from "../timeline.js";
import { escapeXml } from "./escape.js";

/**
 * The timeline chart as SVG, for the HTML page and the SVG file alike: the
 * same groups, lanes and segments as the terminal's chart, on a time axis
 * with ticks in milliseconds.
 */

export const SEGMENT_COLOUR: Record<SegmentKind, string> = {
  connect: "#d97706",
  request: "#0891b2",
  wait: "#9ca3af",
  held: "#dc2626",
  response: "#c026d3",
  roundtrip: "#6b7280",
};

const ROW = 18;
const LABEL = 210;
/** Pixels per cell of text at the chart's 12 px sans-serif (a Korean syllable takes two cells). */
export const CELL_PX = 7;

/** A step of 1, 2 or 5 times a power of ten giving about five ticks. */
function tickStep(span: number): number {
  const raw = span / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
}

/** An <svg> element `width` pixels wide; its height follows from the lanes. */
export function timelineSvg(
  tl: Timeline,
  say: Say,
  width: number,
): { svg: string; height: number } {
  const x0 = LABEL;
  const plot = Math.max(120, width - LABEL - 16);
  const span = timelineSpan(tl);
  const px = (ms: number) => x0 + (ms / span) * plot;
  const parts: string[] = [];
  let y = 22;
  const text = (x: number, yy: number, s: string, attrs = "") =>
    `<text x="${x.toFixed(1)}" y="${yy}"${attrs}>${escapeXml(s)}</text>`;
  parts.push(text(0, 14, say("timeline.title"), ' font-weight="bold"'));
  // The axis: ticks every 1, 2 or 5 × 10^k ms, and the unit at its end.
  const step = tickStep(span);
  parts.push(
    `<line class="axis" x1="${x0}" y1="${y}" x2="${x0 + plot}" y2="${y}" stroke="currentColor"/>`,
  );
  for (let t = 0; t <= span + 1e-9; t += step) {
    const x = px(t);
    parts.push(
      `<line x1="${x.toFixed(1)}" y1="${y - 4}" x2="${x.toFixed(1)}" y2="${y}" stroke="currentColor"/>`,
    );
    parts.push(text(x, y - 6, String(round(t)), ' text-anchor="middle" font-size="10"'));
  }
  parts.push(
    text(
      x0 + plot,
      y + 12,
      say("timeline.ms", { ms: Math.round(span) }),
      ' text-anchor="end" font-size="10"',
    ),
  );
  y += 18;
  const used = new Set<SegmentKind>();
  let unanswered = false;
  for (const g of tl.groups) {
    const model = g.model !== undefined ? say("timeline.model", { model: round(g.model) }) : "";
    const head = say("timeline.group", {
      label: escapeText(g.label),
      value: round(g.value),
      model,
      connections: g.lanes.length,
    });
    y += 6;
    parts.push(
      text(0, y + 12, truncateCells(head, Math.floor(width / CELL_PX)), ' font-weight="bold"'),
    );
    y += ROW;
    for (const lane of g.lanes) {
      const rows = lane.rows.length > 0 ? lane.rows : [null];
      rows.forEach((row, i) => {
        const conn =
          i === 0 ? say("timeline.conn", { conn: lane.conn === null ? "—" : lane.conn }) : "";
        const label = truncateCells(
          `${conn} ${escapeText(row?.label ?? "")}`.trim(),
          Math.floor((LABEL - 8) / CELL_PX),
        );
        parts.push(text(8, y + 13, label, ' font-size="11"'));
        const segments = [
          ...(i === 0 && lane.connect ? [lane.connect] : []),
          ...(row?.segments ?? []),
        ];
        for (const kind of DRAW_ORDER) {
          for (const s of segments) {
            if (s.kind !== kind) continue;
            used.add(kind);
            const w = Math.max(1.5, px(s.end) - px(s.start));
            parts.push(
              `<rect class="seg seg-${kind}" x="${px(s.start).toFixed(1)}" y="${y + 3}" width="${w.toFixed(1)}" height="${ROW - 6}" fill="${SEGMENT_COLOUR[kind]}"><title>${escapeXml(`${say(LEGEND_KEY[kind])}: ${round(s.start)}–${round(s.end)} ms`)}</title></rect>`,
            );
          }
        }
        if (row && !row.answered) {
          unanswered = true;
          const end = row.segments.reduce((m, s) => Math.max(m, s.end), 0);
          parts.push(text(px(end) + 2, y + 13, "×", ' fill="#dc2626"'));
        }
        if (i === rows.length - 1 && lane.closedAt !== null) {
          const x = px(lane.closedAt).toFixed(1);
          parts.push(
            `<line x1="${x}" y1="${y + 2}" x2="${x}" y2="${y + ROW - 2}" stroke="currentColor" stroke-width="2"/>`,
          );
        }
        y += ROW;
      });
    }
  }
  // The legend, packed into lines as wide as the chart.
  y += 10;
  let x = 0;
  const items: { swatch: string; label: string }[] = DRAW_ORDER.filter((k) => used.has(k)).map(
    (k) => ({
      swatch: `<rect width="10" height="10" fill="${SEGMENT_COLOUR[k]}"/>`,
      label: say(LEGEND_KEY[k]),
    }),
  );
  items.push({
    swatch: '<line x1="5" y1="0" x2="5" y2="10" stroke="currentColor" stroke-width="2"/>',
    label: say("timeline.legend.closed"),
  });
  if (unanswered) {
    items.push({
      swatch: '<text x="0" y="10" fill="#dc2626">×</text>',
      label: say("timeline.legend.unanswered"),
    });
  }
  for (const item of items) {
    const w = 16 + cells(item.label) * CELL_PX + 18;
    if (x > 0 && x + w > width) {
      x = 0;
      y += 16;
    }
    parts.push(
      `<g transform="translate(${x.toFixed(1)},${y})">${item.swatch}${text(16, 10, item.label, ' font-size="11"')}</g>`,
    );
    x += w;
  }
  const height = y + 20;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12" fill="currentColor" role="img" aria-label="${escapeXml(say("timeline.title"))}">${parts.join("")}</svg>`;
  return { svg, height };
}
