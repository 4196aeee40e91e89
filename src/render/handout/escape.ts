/**
 * Escaping for each handout format. The model has already turned control
 * characters into visible escapes; what is left is each syntax's own
 * specials, so a peer's bytes (a request line, a header) stay text.
 */

/** Code points XML 1.0 forbids even as references: shown as escapes. */
const NOT_XML =
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/g;

/** Text for HTML and SVG (XML): element content and quoted attribute values alike. */
export function escapeXml(text: string): string {
  return escapeXmlSafe(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * Text in a Mermaid message or note: `;` ends a statement, `#…;` is an
 * entity, quotes, `<`, `>` and `&` reach the SVG as markup, `%%` starts a
 * comment, `{`/`}` and the backtick mean something to some diagram parsers.
 * Each becomes Mermaid's own entity code (`#59;`), which it draws as the character.
 */
export function escapeMermaid(text: string): string {
  return escapeXmlSafe(text)
    .replace(/[#;"'<>&%{}`\\]/g, (ch) => `#${ch.codePointAt(0)};`)
    .replace(/\s+/g, " ")
    .trim();
}

function escapeXmlSafe(text: string): string {
  return text.replace(NOT_XML, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * Prose in Markdown: HTML specials as entities (a course page may pass raw
 * HTML through), Markdown's punctuation backslashed so nothing turns into a
 * link, emphasis, heading or table.
 */
export function escapeMarkdown(text: string): string {
  return (
    escapeXmlSafe(text)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/[\\`*_[\]|~]/g, (ch) => `\\${ch}`)
      // What starts a heading, a list or a quote counts only at the start of a line.
      .replace(/^(\d+)([.)])(?=\s|$)/, "$1\\$2")
      .replace(/^[#+\-=]/, (ch) => `\\${ch}`)
  );
}

/** A fence longer than any run of backticks in the code, so the code cannot close it. */
export function fenceFor(code: string): string {
  const longest = Math.max(0, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  return "`".repeat(Math.max(3, longest + 1));
}
