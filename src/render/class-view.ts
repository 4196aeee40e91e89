/**
 * The class view's words: the status block a --serve terminal keeps at its
 * bottom, the summary line a log (no terminal) gets instead, and the totals
 * at the end. Worded for the lesson's server: requests for HTTP, messages
 * for TCP, datagrams for UDP.
 */
import type { Texts } from "../i18n/texts.js";
import type { ClassStats, Client, Counts } from "./class-stats.js";
import { statusList } from "./class-stats.js";
import type { Follow } from "./follow.js";

/** Clients listed under the status block's headline. */
const RECENT = 3;

function who(c: Client, texts: Texts): string {
  const addr = c.addr ?? c.key;
  const conn =
    c.conn !== null && c.addr !== null ? ` (${texts.say("timeline.conn", { conn: c.conn })})` : "";
  return c.user ? `${c.user} · ${addr}${conn}` : `${addr}${conn}`;
}

/** The block's lines, newest clients last-heard first; the caller fits them to the width. */
export function statusLines(stats: ClassStats, f: Follow, texts: Texts, now: number): string[] {
  const say = texts.say;
  const lines: string[] = [];
  const rate = stats.rate(now);
  const t = stats.total;
  if (stats.kind === "http") {
    lines.push(
      say("class.head.http", {
        open: stats.open,
        clients: t.clients.size,
        rate,
        requests: t.requests,
      }),
    );
  } else if (stats.kind === "tcp") {
    lines.push(
      say("class.head.tcp", { open: stats.open, accepted: t.accepted, rate, messages: t.messages }),
    );
  } else {
    lines.push(
      say("class.head.udp", {
        present: stats.present(now),
        rate,
        datagrams: t.datagrams,
        clients: t.clients.size,
      }),
    );
  }
  const answers = statusList(t.statuses, texts.locale);
  const sessions =
    stats.sessions !== null ? say("class.sessions", { sessions: stats.sessions }) : "";
  if (answers || sessions) {
    lines.push(
      [answers ? say("class.answers", { list: answers }) : "", sessions]
        .filter(Boolean)
        .join(" · "),
    );
  }
  for (const c of stats.recent(RECENT)) {
    const seconds = Math.max(0, Math.round((now - c.seen) / 1000));
    const status = c.status !== null ? ` → ${c.status}` : "";
    lines.push(
      say("class.client", {
        who: who(c, texts),
        last: `${c.last ?? ""}${status}`,
        seconds,
      }),
    );
  }
  lines.push(
    f.spec !== undefined
      ? say("class.following", { spec: f.spec })
      : say("class.followHint", { auto: 2 }),
  );
  return lines;
}

/** One line for a log: what was counted and not narrated in the last `seconds`. */
export function windowLine(
  kind: ClassStats["kind"],
  w: Counts,
  seconds: number,
  texts: Texts,
): string {
  const statuses = statusList(w.statuses, texts.locale);
  const facts = {
    seconds,
    requests: w.requests,
    datagrams: w.datagrams,
    messages: w.messages,
    accepted: w.accepted,
    clients: w.clients.size,
    statuses: statuses ? ` (${statuses})` : "",
  };
  return texts.say(`class.window.${kind}`, facts);
}

/** The run's totals, as its last line. */
export function totalLine(stats: ClassStats, texts: Texts): string {
  const t = stats.total;
  const statuses = statusList(t.statuses, texts.locale);
  return texts.say(`class.total.${stats.kind}`, {
    requests: t.requests,
    datagrams: t.datagrams,
    messages: t.messages,
    accepted: t.accepted,
    clients: t.clients.size,
    statuses: statuses ? ` (${statuses})` : "",
  });
}
