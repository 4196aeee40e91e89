import type { Say } from "../../i18n/index.js";
import { truncateCells } from "../cells.js";
import { escapeMermaid } from "./escape.js";
import type { Handout, Item, Lane, Section } from "./model.js";
import { actorName } from "./summary.js";

/**
 * Mermaid `sequenceDiagram` source: a participant per lane, an arrow per
 * thing that crossed (dashed for a handshake, a cross at the end of a
 * datagram the emulator dropped), calls and errors as notes on
 * their lane, each step opened by a note across all lanes. The lessons'
 * prose stays out of the diagram (the Markdown handout puts it beside it).
 */

const ID: Record<Lane, string> = { client: "C", network: "N", server: "S" };

function itemLines(item: Item, handout: Handout, say: Say): string[] {
  const across = `${ID[handout.lanes[0]!]},${ID[handout.lanes.at(-1)!]}`;
  switch (item.kind) {
    case "call":
      return [`Note over ${ID[item.lane]}: ${escapeMermaid(item.label)}`];
    case "error":
      return [`Note over ${ID[item.lane]}: ${escapeMermaid(`✗ ${item.code}`)}`];
    case "arrow": {
      const label = item.via ? `${item.label} · ${item.via}` : item.label;
      return [
        `${ID[item.from]}${item.lost ? "-x" : item.dashed ? "-->>" : "->>"}${ID[item.to]}: ${escapeMermaid(label)}`,
      ];
    }
    case "note":
      // The emulator's reports, cut: a note does not wrap, and Markdown has the whole sentence.
      return item.actor === "network" && handout.lanes.includes("network")
        ? [`Note over N: ${escapeMermaid(truncateCells(`≈ ${item.text}`, 72))}`]
        : [];
    case "measure": {
      const model =
        item.model !== undefined
          ? say("measure.model", { model: item.model, unit: item.unit })
          : "";
      return [
        `Note over ${across}: ${escapeMermaid(`⏱ ${item.label}: ${item.value} ${item.unit}${model}`)}`,
      ];
    }
    case "chart":
      return [];
  }
}

/** The diagram's lines for these sections (no fence): `sequenceDiagram` first. */
export function mermaidLines(handout: Handout, sections: readonly Section[], say: Say): string[] {
  const lines = ["sequenceDiagram"];
  for (const lane of handout.lanes) {
    lines.push(`  participant ${ID[lane]} as ${escapeMermaid(actorName(say, lane))}`);
  }
  const across = `${ID[handout.lanes[0]!]},${ID[handout.lanes.at(-1)!]}`;
  for (const s of sections) {
    if (s.index > 0 && sections.length > 1) {
      lines.push(`  Note over ${across}: ${escapeMermaid(`${s.index}/${s.total} · ${s.title}`)}`);
    }
    for (const item of s.items)
      for (const line of itemLines(item, handout, say)) lines.push(`  ${line}`);
  }
  return lines;
}

export function renderMermaid(handout: Handout, say: Say): string {
  return `${mermaidLines(handout, handout.sections, say).join("\n")}\n`;
}
