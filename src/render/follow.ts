/**
 * Whom the --serve narration follows. A class of clients cannot be narrated
 * line by line (hundreds of lines a second, interleaved); one student can.
 * With --follow <conn|ip|name> the narration follows whoever matches; without
 * it, the first clients to come, a few at a time, each from its first event
 * to its close. Everyone else is counted in the class view.
 */
import type { Client } from "./class-stats.js";
import { ipOf, UDP_PRESENT_MS } from "./class-stats.js";

/** How many clients are narrated at once when nobody was named. */
export const AUTO_FOLLOW = 2;
/**
 * Events of one client narrated when nobody was named: a browser's visit
 * fits many times over; a script that pipelines thousands of requests on one
 * connection is counted from here on, and another client gets its turn.
 */
export const AUTO_EVENTS = 200;

export interface Follow {
  /**
   * Whether this client's event is narrated (null: the server's own event,
   * always); "capped": not any more, from this event on (say so once).
   */
  shows(client: Client | null, now: number): boolean | "capped";
  /** The --follow text, if one was given. */
  readonly spec: string | undefined;
}

/** Whether a client is the one --follow names: a conn id (or UDP port), an IP, ip:port, or a user. */
export function matches(client: Client, spec: string): boolean {
  if (/^\d+$/.test(spec)) {
    const n = Number(spec);
    if (client.conn !== null) return client.conn === n;
    return client.addr?.endsWith(`:${n}`) === true;
  }
  if (client.addr !== null && (client.addr === spec || ipOf(client.addr) === spec)) return true;
  return client.user !== null && client.user.toLowerCase() === spec.toLowerCase();
}

export function follow(
  spec: string | undefined,
  lookup: (key: string) => Client | undefined,
  auto = AUTO_FOLLOW,
): Follow {
  const followed = new Set<string>();
  const present = (c: Client, now: number) =>
    c.conn !== null ? c.open : now - c.seen <= UDP_PRESENT_MS;
  return {
    spec,
    shows(client, now) {
      if (client === null) return true;
      if (followed.has(client.key)) {
        if (spec === undefined && client.events > AUTO_EVENTS) {
          followed.delete(client.key);
          return "capped";
        }
        // Its close is the last line narrated: a later client with the same key starts afresh.
        if (!present(client, now)) followed.delete(client.key);
        return true;
      }
      if (spec !== undefined) {
        if (!matches(client, spec)) return false;
      } else {
        // Narrated from its first event or not at all: half a conversation teaches nothing.
        if (client.events > 1 || !present(client, now)) return false;
        let live = 0;
        for (const key of followed) {
          const other = lookup(key);
          // Forgotten or gone quiet without a close (a UDP peer): no longer followed.
          if (!other || !present(other, now)) followed.delete(key);
          else live++;
        }
        if (live >= auto) return false;
      }
      followed.add(client.key);
      return true;
    },
  };
}
