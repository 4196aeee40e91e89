import { randomBytes } from "node:crypto";

/** What the server remembers about one visitor. The browser only ever holds the id. */
export interface Session {
  id: string;
  /** Epoch milliseconds. */
  created: number;
  /** Epoch milliseconds; after this the session is gone, whatever the cookie says. */
  expires: number;
  visits: number;
  user: string | null;
  cart: string[];
}

/** Why a request's sid did not lead to a session. */
export type Miss = "none" | "unknown" | "expired";

export type Lookup = { session: Session; miss?: undefined } | { session?: undefined; miss: Miss };

/** 16 random bytes: 128 bits nobody can guess, as 22 URL-safe characters (no quoting needed in a cookie). */
export function newSessionId(): string {
  return randomBytes(16).toString("base64url");
}

/**
 * The session store: a Map in this process's memory. Each session lives a
 * fixed time from its creation (an absolute timeout), the same time the
 * cookie's Max-Age announces, so the browser and the server forget together.
 * The store is bounded: a flood of cookieless requests (every one of them
 * makes a session) evicts the oldest sessions instead of growing without end.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    /** Lifetime of new sessions, in seconds (the cookie's Max-Age). */
    public lifetimeS: number,
    private readonly maxSessions = 10_000,
    private readonly clock: () => number = Date.now,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  /** The session for a sid the client sent, if the server issued it and it has not expired. */
  find(id: string | undefined): Lookup {
    if (id === undefined) return { miss: "none" };
    const session = this.sessions.get(id);
    if (!session) return { miss: "unknown" };
    if (session.expires <= this.clock()) {
      this.sessions.delete(id);
      return { miss: "expired" };
    }
    return { session };
  }

  create(): Session {
    this.sweep();
    const now = this.clock();
    const session: Session = {
      id: newSessionId(),
      created: now,
      expires: now + this.lifetimeS * 1000,
      visits: 0,
      user: null,
      cart: [],
    };
    this.sessions.set(session.id, session);
    return session;
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

  /** Drop expired sessions from the front (oldest first), then the oldest if the store is full. */
  private sweep(): void {
    const now = this.clock();
    for (const [id, s] of this.sessions) {
      if (s.expires > now) break;
      this.sessions.delete(id);
    }
    while (this.sessions.size >= this.maxSessions) {
      const oldest = this.sessions.keys().next();
      if (oldest.done) break;
      this.sessions.delete(oldest.value);
    }
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
