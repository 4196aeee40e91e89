import { randomBytes } from "node:crypto";

/** What the server remembers about one visitor. The browser only ever holds the id. */
export interface Session {
  id: string;
  /** Epoch milliseconds. */
  created: number;
  /** Epoch milliseconds; after this the session is gone, whatever the cookie says. */
  expires: number;
  /** Epoch milliseconds of the last request that found it (or of its creation). */
  used: number;
  visits: number;
  user: string | null;
  cart: string[];
}

/** A session made room for a new one: the one least recently used. */
export interface Eviction {
  id: string;
  /** Seconds since a request last used it. */
  idleS: number;
  user: string | null;
}

/** What create() did: a new session (and the one it evicted, if any), or nothing because every session is in use. */
export type Created =
  | { session: Session; evicted: Eviction | null; full?: undefined }
  | { session?: undefined; evicted?: undefined; full: { max: number; recentS: number } };

/** Why a request's sid did not lead to a session. */
export type Miss = "none" | "unknown" | "expired";

export type Lookup = { session: Session; miss?: undefined } | { session?: undefined; miss: Miss };

/** A session used this recently is never evicted for a new one (seconds). */
export const RECENT_S = 300;

/** 16 random bytes: 128 bits nobody can guess, as 22 URL-safe characters (no quoting needed in a cookie). */
export function newSessionId(): string {
  if (poolAt + 16 > pool.length) {
    pool = randomBytes(4096);
    poolAt = 0;
  }
  poolAt += 16;
  return pool.toString("base64url", poolAt - 16, poolAt);
}
/** The kernel's random bytes, fetched 256 ids at a time: one system call per id showed in a class's load. */
let pool = Buffer.alloc(0);
let poolAt = 0;

/**
 * The session store: a Map in this process's memory. Each session lives a
 * fixed time from its creation (an absolute timeout), the same time the
 * cookie's Max-Age announces, so the browser and the server forget together.
 * The store is bounded: when it is full a new session takes the place of
 * the least recently used one, and never of one used in the last RECENT_S
 * seconds: a flood of cookieless requests (each of them makes a session)
 * cannot log out someone who is shopping; with every session that recent,
 * no new one is made at all.
 */
export class SessionStore {
  /** In order of last use, least recent first (a Map keeps insertion order; a hit re-inserts). */
  private readonly sessions = new Map<string, Session>();
  /** When create() last swept every expired session out (epoch ms). */
  private swept = 0;

  constructor(
    /** Lifetime of new sessions, in seconds (the cookie's Max-Age). */
    public lifetimeS: number,
    readonly maxSessions = 10_000,
    private readonly clock: () => number = Date.now,
    readonly recentS = RECENT_S,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  /** The session for a sid the client sent, if the server issued it and it has not expired. */
  find(id: string | undefined): Lookup {
    if (id === undefined) return { miss: "none" };
    const session = this.sessions.get(id);
    if (!session) return { miss: "unknown" };
    const now = this.clock();
    if (session.expires <= now) {
      this.sessions.delete(id);
      return { miss: "expired" };
    }
    session.used = now;
    this.sessions.delete(id);
    this.sessions.set(id, session);
    return { session };
  }

  create(): Created {
    const now = this.clock();
    let evicted: Eviction | null = null;
    if (this.sessions.size >= this.maxSessions) {
      this.sweep(now);
      if (this.sessions.size >= this.maxSessions) {
        const [id, lru] = this.sessions.entries().next().value as [string, Session];
        if (now - lru.used < this.recentS * 1000) {
          return { full: { max: this.maxSessions, recentS: this.recentS } };
        }
        this.sessions.delete(id);
        evicted = { id, idleS: Math.floor((now - lru.used) / 1000), user: lru.user };
      }
    }
    const session: Session = {
      id: newSessionId(),
      created: now,
      expires: now + this.lifetimeS * 1000,
      used: now,
      visits: 0,
      user: null,
      cart: [],
    };
    this.sessions.set(session.id, session);
    return { session, evicted };
  }

  /**
   * The same session under a new id (at login): an id someone saw or planted
   * before the login is worth nothing after it. The lifetime starts again.
   */
  rotate(old: Session): Session {
    this.sessions.delete(old.id);
    const now = this.clock();
    const session: Session = {
      ...old,
      cart: [...old.cart],
      id: newSessionId(),
      created: now,
      expires: now + this.lifetimeS * 1000,
      used: now,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  destroy(id: string): boolean {
    return this.sessions.delete(id);
  }

  has(id: string): boolean {
    return this.sessions.has(id);
  }

  /**
   * Drop every expired session. Expired ones sit anywhere in the order of
   * use, so this walks the whole store: at most once a second, however
   * fast requests come while the store is full.
   */
  private sweep(now: number): void {
    if (now - this.swept < 1000) return;
    this.swept = now;
    for (const [id, s] of this.sessions) if (s.expires <= now) this.sessions.delete(id);
  }
}

/**
 * The cookies of a Cookie request header, in order (RFC 6265 §5.4: the most
 * specific path first). Only the first value of each name is kept, as most
 * servers do. Never throws, whatever bytes came.
 */
export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"'))
      value = value.slice(1, -1);
    if (name !== "" && !out.has(name)) out.set(name, value);
  }
  return out;
}
