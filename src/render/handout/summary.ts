import type { Say } from "../../i18n/index.js";
import { escapeText } from "../../trace/escape.js";
import type { Actor } from "../../trace/events.js";
import type { Handout, HttpMessage } from "./model.js";

const ACTOR_KEY = {
  client: "actor.client",
  server: "actor.server",
  network: "actor.network",
  lesson: "actor.lesson",
} as const;

export function actorName(say: Say, actor: Actor): string {
  return say(ACTOR_KEY[actor]);
}

/** What the record line says about the run, in one line: lesson, mode, options, version. */
export function headerLine(handout: Handout, say: Say): string {
  const h = handout.header;
  if (!h) return say("handout.noHeader");
  const options = Object.entries(h.options)
    .filter(([, v]) => v !== null && v !== "")
    .map(([k, v]) => `${escapeText(k)} ${escapeText(String(v))}`)
    .join(", ");
  return [
    escapeText(h.lesson),
    say(
      h.mode === "serve"
        ? "handout.mode.serve"
        : h.mode === "connect"
          ? "handout.mode.connect"
          : "handout.mode.replay",
    ),
    ...(options !== "" ? [say("handout.options", { options })] : []),
    say("handout.recorded", { version: escapeText(h.version) }),
  ].join(" · ");
}

/** An HTTP message as it crossed: start line, every field, the empty line, then its body's size and preview. */
export function messageText(m: HttpMessage, say: Say): string {
  return [
    m.startLine,
    ...m.headers.map(([n, v]) => `${n}: ${v}`),
    "",
    m.body !== undefined
      ? `${say("http.body", { bytes: m.bodyBytes })}  "${m.body}"`
      : say("http.body", { bytes: m.bodyBytes }),
  ].join("\n");
}
