/**
 * What a --serve server is doing for a whole class, read from its trace
 * alone: who is connected, what they asked, how it was answered. The class
 * view draws these numbers in its status block; --follow and the automatic
 * choice of whom to narrate use the same bookkeeping.
 *
 * Everything here is bounded: a server may run for hours with thousands of
 * clients, so closed connections and quiet UDP peers are forgotten once they
 * are no longer among the recent ones.
 */
import { hostOf } from "../net/address.js";
import type { TraceEvent } from "../trace/events.js";

/** How the lesson's server speaks: the counts are worded for it (datagrams for UDP). */
export type ServeKind = "udp" | "tcp" | "http";

export interface Client {
  /** "conn 51234" (TCP, by the client's port as the server saw it) or "udp 10.0.0.5:40000". */
  key: string;
  /** The client's address as the server saw it (ip:port), when known. */
  addr: string | null;
  conn: number | null;
  /** The user the lesson knows this client as (cookie-session's login), if any. */
  user: string | null;
  open: boolean;
  /** The last request line (HTTP) or call (recv 5 B) of this client. */
  last: string | null;
  status: number | null;
  /** When it was last heard from, on the trace's clock (ms). */
  seen: number;
  /** Events of this client so far (of this connection: an accept starts again at 1). */
  events: number;
}

/** A count over the whole run and over the window since the last summary. */
export interface Counts {
  requests: number;
  datagrams: number;
  messages: number;
  accepted: number;
  clients: Set<string>;
  statuses: Map<number, number>;
}

const KEEP_CLIENTS = 512;
const KEEP_USERS = 10_000;
/** A UDP peer heard from this recently counts as present. */
export const UDP_PRESENT_MS = 10_000;
/** Requests per second is measured over this many seconds. */
const RATE_WINDOW_S = 5;

function counts(): Counts {
  return {
    requests: 0,
    datagrams: 0,
    messages: 0,
    accepted: 0,
    clients: new Set(),
    statuses: new Map(),
  };
}

export class ClassStats {
  private readonly clients = new Map<string, Client>();
  private readonly openConns = new Set<number>();
  private readonly conns = new Map<number, string>();
  /** Session id → user, from the lesson's login notes. */
  private readonly users = new Map<string, string>();
  /** The last client a server-side event belonged to: a lesson's note without a conn is about it. */
  private current: string | null = null;
  private last: Client | null = null;
  readonly total: Counts = counts();
  private window: Counts = counts();
  sessions: number | null = null;
  /** Requests (HTTP) or datagrams (UDP) or messages (TCP) per second, last RATE_WINDOW_S seconds. */
  private readonly perSecond: number[] = [];
  private second = -1;

  constructor(readonly kind: ServeKind) {}

  /** Count one event; returns the client it belongs to, or null for the server's own events. */
  observe(e: TraceEvent): Client | null {
    if (e.kind === "call") return this.call(e);
    if (e.kind === "http") return e.actor === "server" ? this.http(e) : null;
    if (e.kind === "note" || e.kind === "error") {
      if (e.actor !== "server") return null;
      const facts = e.facts ?? {};
      const conn = typeof facts.conn === "number" ? facts.conn : null;
      const client =
        conn !== null
          ? this.byConn(conn, e.t)
          : this.current
            ? this.clients.get(this.current)
            : null;
      if (typeof facts.store === "number") this.sessions = facts.store;
      const sid = typeof facts.sid === "string" ? facts.sid : null;
      if (e.kind === "note" && sid !== null) this.session(e.key, sid, facts.user, client ?? null);
      return client ?? null;
    }
    return null;
  }

  private call(e: Extract<TraceEvent, { kind: "call" }>): Client | null {
    if (e.actor !== "server") return null;
    if (e.proto === "udp") {
      if (e.remote === null || (e.call !== "recvfrom" && e.call !== "sendto")) return null;
      const client = this.touch(`udp ${e.remote}`, e.t, { addr: e.remote, conn: null });
      if (e.call === "recvfrom") {
        this.bump("datagrams", e.t);
        client.last = `recvfrom ${e.bytes ?? 0} B`;
      }
      return client;
    }
    const conn = e.conn ?? null;
    if (conn === null) return null;
    if (e.call === "accept") {
      this.openConns.add(conn);
      this.conns.set(conn, e.remote ?? "");
      const client = this.touch(`conn ${conn}`, e.t, { addr: e.remote, conn });
      client.open = true;
      client.user = null;
      client.events = 1;
      this.total.accepted++;
      this.window.accepted++;
      this.total.clients.add(ipOf(e.remote));
      this.window.clients.add(ipOf(e.remote));
      return client;
    }
    const client = this.byConn(conn, e.t);
    if (e.call === "close") {
      this.openConns.delete(conn);
      client.open = false;
    } else if (e.call === "recv" && this.kind === "tcp" && (e.bytes ?? 0) > 0) {
      this.bump("messages", e.t);
      client.last = `recv ${e.bytes} B`;
    }
    return client;
  }

  private http(e: Extract<TraceEvent, { kind: "http" }>): Client | null {
    if (e.conn === null) return null;
    const client = this.byConn(e.conn, e.t);
    if (e.dir === "request") {
      // A session cookie the lesson has named a user for: who this is, before the lesson's notes say it.
      if (this.users.size > 0 && client.user === null) {
        client.user = userByCookie(e.headers, this.users) ?? null;
      }
      this.bump("requests", e.t);
      client.last = e.startLine;
      client.status = null;
    } else {
      const status = Number(/^\S+\s+(\d{3})/.exec(e.startLine)?.[1]);
      if (Number.isInteger(status)) {
        client.status = status;
        for (const c of [this.total, this.window]) {
          c.statuses.set(status, (c.statuses.get(status) ?? 0) + 1);
        }
      }
    }
    return client;
  }

  /** Login notes name the user; later notes name only the session, which is enough to know who it is. */
  private session(key: string, sid: string, user: unknown, client: Client | null): void {
    if (key.endsWith("logout")) {
      this.users.delete(sid);
      if (client) client.user = null;
      return;
    }
    if (key.toLowerCase().includes("login") && typeof user === "string") {
      this.users.delete(sid);
      this.users.set(sid, user);
      if (this.users.size > KEEP_USERS) this.users.delete(this.users.keys().next().value!);
    }
    const known = this.users.get(sid);
    if (client && known !== undefined) client.user = known;
  }

  private byConn(conn: number, t: number): Client {
    // A connection's events come in runs: the one heard from last is most often the next.
    const last = this.last;
    if (last !== null && last.conn === conn && this.current === last.key) {
      last.seen = t;
      last.events++;
      return last;
    }
    const key = `conn ${conn}`;
    const client = this.touch(key, t, { addr: this.conns.get(conn) ?? null, conn });
    return client;
  }

  private touch(
    key: string,
    t: number,
    init: { addr: string | null; conn: number | null },
  ): Client {
    let client = this.clients.get(key);
    if (client) this.clients.delete(key);
    else {
      client = {
        key,
        ...init,
        user: null,
        open: false,
        last: null,
        status: null,
        seen: t,
        events: 0,
      };
      if (init.conn === null && init.addr !== null) {
        this.total.clients.add(ipOf(init.addr));
        this.window.clients.add(ipOf(init.addr));
      }
    }
    client.seen = t;
    client.events++;
    // Most recent last: the map's order is the order clients were last heard from.
    this.clients.set(key, client);
    this.current = key;
    this.last = client;
    this.forget();
    return client;
  }

  /**
   * Keep every open connection and the KEEP_CLIENTS heard from last; forget
   * the rest. Done in one sweep once there are KEEP_CLIENTS too many, so the
   * cost per event stays constant however many connections are open.
   */
  private forget(): void {
    if (this.clients.size <= 2 * KEEP_CLIENTS + this.openConns.size) return;
    let closed = [...this.clients.values()].filter((c) => !c.open).length;
    for (const [key, c] of this.clients) {
      if (closed <= KEEP_CLIENTS) break;
      if (c.open) continue;
      this.clients.delete(key);
      closed--;
      if (c.conn !== null) this.conns.delete(c.conn);
      if (this.last === c) this.last = null;
    }
  }

  private bump(what: "requests" | "datagrams" | "messages", t: number): void {
    this.total[what]++;
    this.window[what]++;
    const s = Math.floor(t / 1000);
    if (s !== this.second) {
      // Seconds with nothing in them count as 0.
      const gap = this.second < 0 ? 1 : Math.min(RATE_WINDOW_S, s - this.second);
      for (let i = 0; i < gap; i++) this.perSecond.push(0);
      this.perSecond.splice(0, Math.max(0, this.perSecond.length - RATE_WINDOW_S));
      this.second = s;
    }
    this.perSecond[this.perSecond.length - 1]!++;
  }

  /** What the server answered per second, over the last few seconds up to `now` (ms). */
  rate(now: number): number {
    if (this.second < 0) return 0;
    const from = Math.floor(now / 1000) - RATE_WINDOW_S + 1;
    const last = this.perSecond.length - 1;
    let sum = 0;
    // perSecond[last] is this.second; the ones before it, the seconds before.
    for (const [i, n] of this.perSecond.entries()) if (this.second - (last - i) >= from) sum += n;
    const rate = sum / RATE_WINDOW_S;
    // A class of students typing by hand is a fraction of a request a second.
    return rate < 10 ? Math.round(rate * 10) / 10 : Math.round(rate);
  }

  get open(): number {
    return this.openConns.size;
  }

  /** UDP peers heard from in the last UDP_PRESENT_MS. */
  present(now: number): number {
    let n = 0;
    for (const c of this.clients.values()) if (now - c.seen <= UDP_PRESENT_MS) n++;
    return n;
  }

  /** The clients heard from last, most recent first. */
  recent(n: number): Client[] {
    return [...this.clients.values()].slice(-n).reverse();
  }

  client(key: string): Client | undefined {
    return this.clients.get(key);
  }

  /** The counts since the last call, and a fresh window. */
  takeWindow(): Counts {
    const w = this.window;
    this.window = counts();
    return w;
  }
}

/** The user of a session whose id a request's Cookie fields carry, whatever the cookie's name. */
function userByCookie(headers: [string, string][], users: Map<string, string>): string | undefined {
  for (const [name, value] of headers) {
    if (name.toLowerCase() !== "cookie") continue;
    for (const pair of value.split(";")) {
      const user = users.get(pair.slice(pair.indexOf("=") + 1).trim());
      if (user !== undefined) return user;
    }
  }
  return undefined;
}

/** The IP of an ip:port (or [v6]:port). */
export function ipOf(addr: string | null): string {
  return addr ? hostOf(addr) : "";
}

/** "200 ×1,204 · 304 ×88": the statuses answered, in order. */
export function statusList(statuses: Map<number, number>, locale: string): string {
  return [...statuses.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([status, n]) => `${status} ×${n.toLocaleString(locale)}`)
    .join(" · ");
}
