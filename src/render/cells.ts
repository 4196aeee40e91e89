import stringWidth from "string-width";

/** Terminal cells a string takes: Korean syllables take two, colour codes none. */
export function cells(text: string): number {
  return stringWidth(text);
}

export function padCells(text: string, width: number): string {
  const gap = width - cells(text);
  return gap > 0 ? text + " ".repeat(gap) : text;
}

/** Cut plain text to at most `width` cells, marking the cut with "…". */
export function truncateCells(text: string, width: number): string {
  if (cells(text) <= width) return text;
  let out = "";
  let used = 0;
  for (const ch of text) {
    const w = cells(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…`;
}

export interface WrapOptions {
  /** Cells of indent on continuation lines (default: the first line's indent plus two). */
  hang?: number;
  /** Code, not prose: quoted literals stay whole, and a call too long for a line breaks after "(". */
  code?: boolean;
}

/**
 * Wrap plain (uncoloured) text into lines of at most `width` cells, at spaces
 * where possible, with a hanging indent on continuation lines. A word longer
 * than a line is cut by cells, so a line never grows past `width`.
 */
export function wrapCells(text: string, width: number, opts: WrapOptions = {}): string[] {
  if (width <= 0) return [text];
  const indent = /^ */.exec(text)?.[0].length ?? 0;
  const limit = Math.floor(width / 3);
  const hang = " ".repeat(Math.max(0, Math.min(opts.hang ?? indent + 2, limit)));
  const out: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    let used = 0;
    // Nothing but indentation on this line yet; spaces never start a continuation line.
    let empty = true;
    let continuation = false;
    const push = () => {
      out.push(line.trimEnd());
      line = hang;
      used = hang.length;
      empty = true;
      continuation = true;
    };
    const tokens = opts.code ? codeTokens(paragraph, " ") : paragraph.split(/(?<= )/);
    while (tokens.length > 0) {
      const token = tokens.shift()!;
      if (token === "") continue;
      const word = token.trimEnd();
      if (word === "") {
        if (!(continuation && empty) && used + token.length <= width) {
          line += token;
          used += token.length;
        }
        continue;
      }
      if (used + cells(word) <= width) {
        line += token;
        used += cells(token);
        empty = false;
        continue;
      }
      if (opts.code && cells(word) > width - hang.length) {
        const parts = codeTokens(token, "(");
        if (parts.length > 1) {
          tokens.unshift(...parts);
          continue;
        }
      }
      if (!empty && cells(word) <= width - hang.length) {
        push();
        line += token;
        used += cells(token);
        empty = false;
        continue;
      }
      // A word longer than any line: cut it by cells, starting where we are.
      for (const ch of token) {
        const w = cells(ch);
        if (used + w > width) {
          if (ch === " ") continue;
          push();
        }
        line += ch;
        used += w;
        empty = false;
      }
    }
    out.push(line.trimEnd());
  }
  return out;
}

/**
 * Break opportunities in a line of code: after `at` (a space, or an opening
 * "(" that is not "()"), never inside a quoted literal (b'hello over udp').
 */
function codeTokens(text: string, at: " " | "("): string[] {
  const tokens: string[] = [];
  let current = "";
  let quote = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    current += ch;
    if (quote) {
      if (ch === "\\") {
        current += text[++i] ?? "";
      } else if (ch === quote) {
        quote = "";
      }
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === at && !(at === "(" && text[i + 1] === ")")) {
      // Runs of spaces stay with the word before them.
      if (text[i + 1] === " ") continue;
      tokens.push(current);
      current = "";
    }
  }
  if (current) tokens.push(current);
  return tokens;
}
