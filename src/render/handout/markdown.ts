import type { Say } from "../../i18n/index.js";
import { round, type Timeline } from "../timeline.js";
import { escapeMarkdown, fenceFor } from "./escape.js";
import { mermaidLines } from "./mermaid.js";
import type { Handout, HttpMessage, Section } from "./model.js";
import { actorName, headerLine, messageText } from "./summary.js";

/**
 * Markdown for a course page: a heading per step, the lecture's lines, a
 * Mermaid block of the step's exchange, the notes as paragraphs, each HTTP
 * message whole in a code block, the timeline's numbers as a table.
 */

function code(text: string, lang = ""): string[] {
  const fence = fenceFor(text);
  return [`${fence}${lang}`, text, fence, ""];
}

function message(m: HttpMessage, from: string, say: Say): string[] {
  const head = `**${escapeMarkdown(`${from} → ${m.startLine}`)}**${m.conn !== null ? ` (${escapeMarkdown(say("timeline.conn", { conn: m.conn }))})` : ""}`;
  const text = messageText(m, say);
  return [head, "", ...code(text, "http")];
}

function table(tl: Timeline, say: Say): string[] {
  const row = (cols: string[]) => `| ${cols.map(escapeMarkdown).join(" | ")} |`;
  return [
    row([
      say("timeline.table.strategy"),
      say("timeline.table.connections"),
      say("timeline.table.measured"),
      say("timeline.table.model"),
    ]),
    "|---|--:|--:|--:|",
    ...tl.groups.map((g) =>
      row([
        g.label,
        String(g.lanes.length),
        `${round(g.value)} ${g.unit}`,
        g.model !== undefined ? `${round(g.model)} ${g.unit}` : "—",
      ]),
    ),
    "",
  ];
}

function section(handout: Handout, s: Section, say: Say): string[] {
  const out: string[] = [];
  out.push(
    `## ${escapeMarkdown(s.index > 0 ? `${s.index}/${s.total} · ${s.title}` : say("handout.run"))}`,
    "",
  );
  if (s.py.length > 0) out.push(...code(s.py.join("\n"), "python"));
  if (s.items.some((i) => i.kind === "call" || i.kind === "arrow" || i.kind === "error")) {
    out.push("```mermaid", ...mermaidLines(handout, [s], say), "```", "");
  }
  for (const item of s.items) {
    if (item.kind === "note") {
      const who =
        item.actor === "lesson"
          ? ""
          : `*${escapeMarkdown(actorName(say, item.actor))}${item.simulated ? ` ${escapeMarkdown(say("note.simulated"))}` : ""}:* `;
      out.push(`${who}${escapeMarkdown(item.text)}`, "");
    } else if (item.kind === "error") {
      out.push(`**✗ ${escapeMarkdown(item.code)}**: ${escapeMarkdown(item.text)}`, "");
    } else if (item.kind === "arrow" && item.http) {
      out.push(...message(item.http, actorName(say, item.from), say));
    } else if (item.kind === "measure") {
      const model =
        item.model !== undefined
          ? say("measure.model", { model: item.model, unit: item.unit })
          : "";
      out.push(
        `⏱ **${escapeMarkdown(item.label)}**: ${escapeMarkdown(`${item.value} ${item.unit}${model}`)}`,
        "",
      );
    } else if (item.kind === "chart") {
      out.push(`### ${escapeMarkdown(say("timeline.title"))}`, "", ...table(item.timeline, say));
    }
  }
  return out;
}

export function renderMarkdown(handout: Handout, say: Say): string {
  const out = [
    `# ${escapeMarkdown(handout.title ?? "sockstep")}`,
    "",
    `*${escapeMarkdown(headerLine(handout, say))}*`,
    "",
  ];
  for (const s of handout.sections) out.push(...section(handout, s, say));
  if (handout.end) {
    out.push(
      handout.end.ok
        ? `✓ ${escapeMarkdown(say("end.ok"))}`
        : `✗ ${escapeMarkdown(handout.end.reason ?? say("end.failed"))}`,
      "",
    );
  }
  return out.join("\n");
}
