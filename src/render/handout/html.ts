import type { Say } from "../../i18n/index.js";
import type { Locale } from "../../i18n/locale.js";
import { round, type Timeline } from "../timeline.js";
import { timelineSvg } from "./chart.js";
import { escapeXml as esc } from "./escape.js";
import type { Handout, HttpMessage, Item, Lane, Section } from "./model.js";
import { actorName, headerLine, messageText } from "./summary.js";

/**
 * One self-contained HTML page: the ladder of every step (client left,
 * server right, the emulator between them when the run had one), the notes,
 * every HTTP message expandable to all its headers, the timeline chart as
 * inline SVG. No request leaves the page (its Content-Security-Policy allows
 * none), so it works from a USB stick in a lecture hall, printed on A4, or
 * projected with large type.
 */

const STYLE = `
:root{--client:#0e7490;--server:#a21caf;--network:#b45309;--lesson:#4b5563;--bg:#fff;--fg:#111827;--muted:#6b7280;--rule:#e5e7eb;--box:#f9fafb;--err:#dc2626;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--client:#22d3ee;--server:#e879f9;--network:#fbbf24;--lesson:#9ca3af;--bg:#111827;--fg:#f3f4f6;--muted:#9ca3af;--rule:#374151;--box:#1f2937;--err:#f87171}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:72rem;padding:1.5rem;font:16px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans KR","Apple SD Gothic Neo","Malgun Gothic",sans-serif;background:var(--bg);color:var(--fg)}
body.large{font-size:24px;max-width:none}
h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.25em;margin:0 0 .5em;padding:.3em .5em;background:var(--box);border-left:.3em solid var(--fg)}
.meta{color:var(--muted);margin:.2em 0 1em}
.tools{display:flex;gap:.5em;flex-wrap:wrap;margin-bottom:1em}
.tools button{font:inherit;font-size:.85em;padding:.3em .8em;border:1px solid var(--rule);border-radius:.3em;background:var(--box);color:var(--fg);cursor:pointer}
nav ol{margin:.2em 0 1.5em;padding-left:1.5em;columns:2}
section.step{margin:0 0 2em}
pre,code{font-family:ui-monospace,"DejaVu Sans Mono",Consolas,monospace;font-size:.85em}
pre{white-space:pre-wrap;word-break:break-all;margin:.3em 0}
pre.py{color:var(--muted);border-left:2px solid var(--rule);padding-left:.6em}
.ladder{display:flex;flex-direction:column;gap:.3em}
.row{display:grid;grid-template-columns:repeat(var(--lanes),minmax(0,1fr));align-items:end}
.lanes-2 .row{background:linear-gradient(to right,transparent calc(25% - 1px),var(--rule) 0 calc(25% + 1px),transparent 0 calc(75% - 1px),var(--rule) 0 calc(75% + 1px),transparent 0)}
.lanes-3 .row{background:linear-gradient(to right,transparent calc(16.67% - 1px),var(--rule) 0 calc(16.67% + 1px),transparent 0 calc(50% - 1px),var(--rule) 0 calc(50% + 1px),transparent 0 calc(83.33% - 1px),var(--rule) 0 calc(83.33% + 1px),transparent 0)}
.row.heads{background:var(--bg);position:sticky;top:0;z-index:1;padding:.2em 0}
.heads div{font-weight:bold;text-align:center;color:#fff;border-radius:.3em;padding:.1em;margin:0 1em}
.call{border:1px solid currentColor;border-radius:.3em;padding:.05em .5em;background:var(--bg);font-family:ui-monospace,"DejaVu Sans Mono",Consolas,monospace;font-size:.85em;overflow-wrap:anywhere;justify-self:center;max-width:100%}
.call.error{color:var(--err);font-weight:bold}
.note.error{color:var(--err);border-left-color:var(--err)}
.arrow{position:relative;text-align:center;padding:0 1.5em .5em;margin:0 calc(100% / (2 * var(--cols)));overflow-wrap:anywhere;font-size:.9em}
.arrow::after{content:"";position:absolute;left:0;right:0;bottom:.15em;border-bottom:2px solid currentColor}
.arrow.dashed::after{border-bottom-style:dashed}
.arrow.lost .head{color:var(--err);font-weight:bold;font-size:1.3em;bottom:-.4em}
.arrow.lost.right .head{right:30%}.arrow.lost.left .head{left:30%}
.arrow.lost.right::after{right:30%}.arrow.lost.left::after{left:30%}
.arrow .head{position:absolute;bottom:-.2em;font-size:.9em;line-height:1}
.arrow.right .head{right:-.15em}.arrow.left .head{left:-.15em}
.arrow .via{color:var(--muted);font-size:.85em}
.arrow .t,.call .t{display:none}
details.http{font-size:.85em;margin:-.1em 1em .3em;background:var(--bg)}
details.http summary{cursor:pointer;color:var(--muted)}
details.http pre{background:var(--box);padding:.4em .6em;border-left:3px solid currentColor}
.note{color:var(--muted);margin:.1em 0 .3em;padding-left:.8em;border-left:3px solid var(--rule)}
.note.client,.note.server,.note.network{border-left-color:currentColor}
.note .who{font-weight:bold;margin-right:.4em}
.measure{font-weight:bold;margin:.3em 0}
.chart{margin:.5em 0;overflow-x:auto}
.chart svg{max-width:100%;height:auto}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid var(--rule);padding:.2em .6em}td.n{text-align:right}
.client{color:var(--client)}.server{color:var(--server)}.network{color:var(--network)}.lesson{color:var(--lesson)}
.heads .client{background:var(--client)}.heads .server{background:var(--server)}.heads .network{background:var(--network)}
.end{font-weight:bold;margin-top:2em}.end.ok{color:#15803d}.end.failed{color:var(--err)}
@media print{
@page{size:A4;margin:14mm}
:root{--client:#0e7490;--server:#a21caf;--network:#b45309;--lesson:#4b5563;--bg:#fff;--fg:#000;--muted:#4b5563;--rule:#d1d5db;--box:#f3f4f6}
body{font-size:10.5pt;max-width:none;padding:0}
.tools,nav{display:none}
.row,.note,details.http,.chart,h2{break-inside:avoid}
h2{break-after:avoid}
.heads div{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;

/** Large type for a projector, every header for print: small and readable without a library. */
const SCRIPT = `
(function(){
var large=document.getElementById("large"),all=document.getElementById("expand");
document.getElementById("print").addEventListener("click",function(){window.print()});
var details=function(){return Array.prototype.slice.call(document.querySelectorAll("details.http"))};
try{if(localStorage.getItem("sockstep.large")==="1")document.body.classList.add("large")}catch(e){}
large.addEventListener("click",function(){var on=document.body.classList.toggle("large");try{localStorage.setItem("sockstep.large",on?"1":"0")}catch(e){}});
all.addEventListener("click",function(){var open=!details().every(function(d){return d.open});details().forEach(function(d){d.open=open})});
var was=[];
window.addEventListener("beforeprint",function(){was=details().map(function(d){return d.open});details().forEach(function(d){d.open=true})});
window.addEventListener("afterprint",function(){details().forEach(function(d,i){d.open=was[i]})});
})();
`;

const LANES_IN_HTML = (lanes: Lane[]) => new Map(lanes.map((l, i) => [l, i + 1]));

function httpDetails(m: HttpMessage, span: string, lane: Lane, say: Say): string {
  const text = messageText(m, say);
  return `<div class="row"><details class="http ${lane}" style="grid-column:${span}"><summary>${esc(say("handout.headers", { count: m.headers.length, bytes: m.bodyBytes }))}</summary><pre>${esc(text)}</pre></details></div>`;
}

function chartHtml(tl: Timeline, say: Say): string {
  const rows = tl.groups
    .map(
      (g) =>
        `<tr><td>${esc(g.label)}</td><td class="n">${g.lanes.length}</td><td class="n">${round(g.value)} ${esc(g.unit)}</td><td class="n">${g.model !== undefined ? `${round(g.model)} ${esc(g.unit)}` : "—"}</td></tr>`,
    )
    .join("");
  const head = [
    "timeline.table.strategy",
    "timeline.table.connections",
    "timeline.table.measured",
    "timeline.table.model",
  ] as const;
  return `<div class="chart">${timelineSvg(tl, say, 900).svg}<table><tr>${head.map((k) => `<th>${esc(say(k))}</th>`).join("")}</tr>${rows}</table></div>`;
}

function itemHtml(item: Item, col: Map<Lane, number>, say: Say): string {
  const t = (ms: number) => ` title="${esc(`t = ${ms} ms`)}"`;
  switch (item.kind) {
    case "call":
      return `<div class="row"><div class="call ${item.lane}" style="grid-column:${col.get(item.lane)}"${t(item.t)}>${esc(item.label)}</div></div>`;
    case "error":
      return `<div class="row"><div class="call error" style="grid-column:${col.get(item.lane)}"${t(item.t)}>✗ ${esc(item.code)}</div></div><p class="note error">${esc(item.text)}</p>`;
    case "arrow": {
      const a = col.get(item.from)!;
      const b = col.get(item.to)!;
      const span = `${Math.min(a, b)}/${Math.max(a, b) + 1}`;
      const right = b > a;
      const via = item.via ? ` <span class="via">· ${esc(item.via)}</span>` : "";
      const arrow = `<div class="arrow ${item.from} ${right ? "right" : "left"}${item.dashed ? " dashed" : ""}${item.lost ? " lost" : ""}" style="grid-column:${span};--cols:${Math.abs(b - a) + 1}"${t(item.t)}>${esc(item.label)}${via}<span class="head" aria-hidden="true">${item.lost ? "✕" : right ? "▶" : "◀"}</span></div>`;
      const details = item.http ? httpDetails(item.http, span, item.from, say) : "";
      return `<div class="row">${arrow}</div>${details}`;
    }
    case "note": {
      const who =
        item.actor === "lesson"
          ? ""
          : `<span class="who">${esc(actorName(say, item.actor))}${item.simulated ? ` ${esc(say("note.simulated"))}` : ""}</span>`;
      return `<p class="note ${item.actor}">${who}${esc(item.text)}</p>`;
    }
    case "measure": {
      const model =
        item.model !== undefined
          ? say("measure.model", { model: item.model, unit: item.unit })
          : "";
      return `<p class="measure">⏱ ${esc(`${item.label}: ${item.value} ${item.unit}${model}`)}</p>`;
    }
    case "chart":
      return chartHtml(item.timeline, say);
  }
}

function sectionHtml(s: Section, handout: Handout, say: Say): string {
  const col = LANES_IN_HTML(handout.lanes);
  const title = s.index > 0 ? `${s.index}/${s.total} · ${s.title}` : say("handout.run");
  // The lanes' names over a ladder; a step of notes and a chart alone needs none.
  const onLanes = s.items.some(
    (i) => i.kind === "call" || i.kind === "arrow" || i.kind === "error",
  );
  const heads = onLanes
    ? `<div class="row heads">${handout.lanes.map((l) => `<div class="${l}">${esc(actorName(say, l))}</div>`).join("")}</div>`
    : "";
  const py = s.py.length > 0 ? `<pre class="py">${esc(s.py.join("\n"))}</pre>` : "";
  const items = s.items.map((i) => itemHtml(i, col, say)).join("\n");
  return `<section class="step" id="step-${s.index}"><h2>${esc(title)}</h2>${py}<div class="ladder lanes-${handout.lanes.length}" style="--lanes:${handout.lanes.length}">${heads}\n${items}\n</div></section>`;
}

export function renderHtml(handout: Handout, say: Say, lang: Locale): string {
  const title = handout.title ?? "sockstep";
  const steps = handout.sections.filter((s) => s.index > 0);
  const nav =
    steps.length > 1
      ? `<nav><strong>${esc(say("handout.contents"))}</strong><ol>${steps.map((s) => `<li><a href="#step-${s.index}">${esc(s.title)}</a></li>`).join("")}</ol></nav>`
      : "";
  const end = handout.end
    ? `<p class="end ${handout.end.ok ? "ok" : "failed"}">${handout.end.ok ? `✓ ${esc(say("end.ok"))}` : `✗ ${esc(handout.end.reason ?? say("end.failed"))}`}</p>`
    : "";
  // The trace's sentences keep the language they were recorded in; lang is the page's own words.
  return `<!doctype html>
<html lang="${handout.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="sockstep render">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<p class="meta" lang="${lang}">${esc(headerLine(handout, say))}</p>
<div class="tools" lang="${lang}"><button type="button" id="large">${esc(say("handout.largeType"))}</button><button type="button" id="expand">${esc(say("handout.expandAll"))}</button><button type="button" id="print">${esc(say("handout.print"))}</button></div>
${nav}
</header>
<main>
${handout.sections.map((s) => sectionHtml(s, handout, say)).join("\n")}
</main>
<footer>${end}</footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
