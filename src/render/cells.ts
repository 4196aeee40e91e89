import stringWidth from "string-width";

/** Terminal cells a string takes: Korean syllables take two, colour codes none. */
export function cells(text: string): number {
  return stringWidth(text);
}

export function padCells(text: string, width: number): string {
  const gap = width - cells(text);
  return gap > 0 ? text + " ".repeat(gap) : text;
}

/**
 * Wrap plain (uncoloured) text into lines of at most `width` cells, at spaces
 * where possible; continuation lines keep the first line's indent plus two.
 */
export function wrapCells(text: string, width: number): string[] {
  if (width <= 0) return [text];
  const indent = /^ */.exec(text)?.[0].length ?? 0;
  const hang = " ".repeat(Math.min(indent + 2, Math.floor(width / 3)));
  const lines = wrapPlain(text, width);
  if (lines.length <= 1) return lines;
  return [
    lines[0]!,
    ...wrapPlain(lines.slice(1).join(" ").trimStart(), width - hang.length).map((l) => hang + l),
  ];
}

function wrapPlain(text: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    let lineWidth = 0;
    for (const word of paragraph.split(/(?<= )/)) {
      const w = cells(word);
      if (lineWidth + w <= width) {
        line += word;
        lineWidth += w;
        continue;
      }
      if (line.trim() !== "") out.push(line.trimEnd());
      line = "";
      lineWidth = 0;
      // A word longer than the line is cut by cells.
      for (const ch of word) {
        const cw = cells(ch);
        if (lineWidth + cw > width) {
          out.push(line);
          line = "";
          lineWidth = 0;
        }
        line += ch;
        lineWidth += cw;
      }
    }
    out.push(line.trimEnd());
  }
  return out;
}
