import type { Say } from "../../i18n/index.js";
import { cells, truncateCells } from "../cells.js";
import { CELL_PX, timelineSvg } from "./chart.js";
import { escapeXml } from "./escape.js";
import type { Handout, Item, Lane, Section } from "./model.js";
import { actorName } from "./summary.js";

/**
 * A sequence diagram: a lifeline for the client, the emulator (when the run
 * had one) and the server; time going down (in order, not to scale: each row
 * is one thing that happened, its time since the start in the margin); an
 * arrow for everything that crossed between them, labelled with what it was;
 * calls in boxes on their lifeline; the timeline chart with its time axis
 * where the run drew one.
 */

export const ACTOR_COLOUR: Record<Lane | "lesson", string> = {
  client: "#0e7490",
  server: "#a21caf",
  network: "#b45309",
  lesson: "#4b5563",
};

const MARGIN = 64;
const LANE_W = 320;
const TOP = 54;

function layout(lanes: Lane[]) {
  const x = new Map<Lane, number>(lanes.map((l, i) => [l, MARGIN + LANE_W / 2 + i * LANE_W]));
  return { x: (l: Lane) => x.get(l) ?? MARGIN, width: MARGIN * 2 + lanes.length * LANE_W };
}

const fit = (text: string, px: number) =>
  truncateCells(text, Math.max(4, Math.floor(px / CELL_PX)));

/** The diagram of these sections as one <svg> document. */
export function renderSvg(handout: Handout, say: Say): string {
  const { lanes } = handout;
  const { x, width } = layout(lanes);
  const body: string[] = [];
  const text = (tx: number, ty: number, s: string, attrs = "") =>
    `<text x="${tx.toFixed(1)}" y="${ty}"${attrs}>${escapeXml(s)}</text>`;
  let y = TOP + 40;
  const time = (t: number, ty: number) =>
    body.push(text(8, ty, `${t.toFixed(1)} ms`, ' class="time" font-size="10" fill="#6b7280"'));

  const box = (lane: Lane, label: string, full: string, colour: string, cls: string) => {
    const shown = fit(label, LANE_W - 28);
    const w = cells(shown) * CELL_PX + 16;
    const cx = x(lane);
    body.push(
      `<g class="${cls}"><title>${escapeXml(full)}</title><rect x="${(cx - w / 2).toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="20" rx="4" fill="white" stroke="${colour}"/>${text(cx, y + 14, shown, ` text-anchor="middle" fill="${colour}"`)}</g>`,
    );
  };

  const drawItem = (item: Item) => {
    switch (item.kind) {
      case "call":
        time(item.t, y + 14);
        box(item.lane, item.label, `${item.label}\n${item.py}`, ACTOR_COLOUR[item.lane], "call");
        y += 28;
        return;
      case "error":
        time(item.t, y + 14);
        box(item.lane, `✗ ${item.code}`, item.text, "#dc2626", "error");
        y += 28;
        return;
      case "arrow": {
        time(item.t, y + 20);
        const x1 = x(item.from);
        const x2 = x(item.to);
        const colour = ACTOR_COLOUR[item.from];
        const label = item.via ? `${item.label} · ${item.via}` : item.label;
        const mid = (x1 + x2) / 2;
        const full = item.http
          ? [item.http.startLine, ...item.http.headers.map(([n, v]) => `${n}: ${v}`)].join("\n")
          : label;
        // A dropped datagram stops two thirds of the way, at a red cross.
        const end = item.lost ? x1 + ((x2 - x1) * 2) / 3 : x2 + (x2 > x1 ? -2 : 2);
        const line = `<line x1="${x1}" y1="${y + 20}" x2="${end.toFixed(1)}" y2="${y + 20}" stroke="${colour}" stroke-width="1.5"${item.dashed ? ' stroke-dasharray="6 4"' : ""}${item.lost ? "" : ` marker-end="url(#head-${item.from})"`}/>${item.lost ? text(end, y + 25, "✕", ' class="lost" text-anchor="middle" font-size="16" fill="#dc2626"') : ""}`;
        body.push(
          `<g class="arrow"><title>${escapeXml(full)}</title>${text(mid, y + 12, fit(label, Math.abs(x2 - x1) - 12), ` text-anchor="middle" fill="${colour}" stroke="white" stroke-width="3" paint-order="stroke"`)}${line}</g>`,
        );
        y += 32;
        return;
      }
      case "note":
        // The diagram keeps to what happened; the emulator's reports (a drop) are such facts.
        if (item.actor !== "network" || !lanes.includes("network")) return;
        box("network", `≈ ${item.text}`, item.text, ACTOR_COLOUR.network, "note");
        y += 28;
        return;
      case "measure": {
        const model =
          item.model !== undefined
            ? say("measure.model", { model: item.model, unit: item.unit })
            : "";
        body.push(
          text(
            MARGIN,
            y + 14,
            fit(`${item.label}: ${item.value} ${item.unit}${model}`, width - MARGIN * 2),
            ' font-weight="bold"',
          ),
        );
        y += 24;
        return;
      }
      case "chart": {
        const chart = timelineSvg(item.timeline, say, width - MARGIN * 2);
        body.push(`<g class="chart" transform="translate(${MARGIN},${y + 8})">${chart.svg}</g>`);
        y += chart.height + 16;
        return;
      }
    }
  };

  const drawSection = (s: Section) => {
    if (s.index > 0) {
      body.push(`<rect class="step" x="0" y="${y}" width="${width}" height="26" fill="#f3f4f6"/>`);
      body.push(
        text(
          12,
          y + 18,
          fit(`${s.index}/${s.total} · ${s.title}`, width - 24),
          ' font-weight="bold" fill="#111827"',
        ),
      );
      y += 36;
    }
    for (const item of s.items) drawItem(item);
    y += 8;
  };

  for (const s of handout.sections) drawSection(s);
  const height = y + 16;

  const heads = lanes.map((l) => {
    const label = actorName(say, l);
    const w = Math.max(90, cells(label) * CELL_PX + 24);
    return `<g class="lane-head"><rect x="${(x(l) - w / 2).toFixed(1)}" y="${TOP}" width="${w.toFixed(1)}" height="26" rx="4" fill="${ACTOR_COLOUR[l]}"/>${text(x(l), TOP + 18, label, ' text-anchor="middle" fill="white" font-weight="bold"')}</g>`;
  });
  const lifelines = lanes.map(
    (l) =>
      `<line class="lifeline lifeline-${l}" x1="${x(l)}" y1="${TOP + 26}" x2="${x(l)}" y2="${height - 8}" stroke="${ACTOR_COLOUR[l]}" stroke-dasharray="4 4"/>`,
  );
  const markers = lanes.map(
    (l) =>
      `<marker id="head-${l}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${ACTOR_COLOUR[l]}"/></marker>`,
  );
  const only = handout.sections.length === 1 && handout.sections[0]!.index > 0;
  const title = [
    handout.title ?? "sockstep",
    only ? `${handout.sections[0]!.index}/${handout.sections[0]!.total}` : "",
  ]
    .filter(Boolean)
    .join(" · ");
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12" fill="#111827">`,
    `<title>${escapeXml(title)}</title>`,
    `<defs>${markers.join("")}</defs>`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    text(12, 28, fit(title, width - 24), ' font-size="18" font-weight="bold"'),
    ...lifelines,
    ...heads,
    ...body,
    "</svg>",
    "",
  ].join("\n");
}
