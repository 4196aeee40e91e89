import { type Cookie, CookieJar } from "tough-cookie";

/** One cookie as the jar holds it, flat, so it can be a note's facts. */
export interface JarCookie {
  name: string;
  value: string;
  /** The host it goes back to (host-only) or the domain it covers. */
  domain: string;
  hostOnly: boolean;
  path: string;
  /** ISO time to the second, or null for a session cookie (no Max-Age, no Expires). */
  expires: string | null;
  /** The exact expiry in epoch milliseconds (for waiting on it), or null. */
  expiresMs: number | null;
  /** Seconds left, rounded; null for a session cookie. */
  ttlS: number | null;
  secure: boolean;
  httpOnly: boolean;
  sameSite: string;
}

/** What one response's Set-Cookie lines did to the jar. */
export interface JarChange {
  stored: JarCookie[];
  /** Cookies the response expired (Max-Age=0 or a past Expires): gone from the jar. */
  removed: JarCookie[];
  /** Set-Cookie lines the jar refused: why, as a code, and tough-cookie's own message. */
  rejected: JarRefusal[];
}

/**
 * Why the jar refused a Set-Cookie, as a code a sentence can be chosen by
 * (tough-cookie words it in English only): `domain` (Domain= does not cover
 * the host), `publicSuffix` (Domain= is a public suffix such as com),
 * `parse`, `secure` (Secure over plain http), `prefix` (a __Secure- or
 * __Host- name without what the prefix demands), `notStored`, `other`.
 */
export type RefusalCode =
  | "domain"
  | "publicSuffix"
  | "parse"
  | "secure"
  | "prefix"
  | "notStored"
  | "other";

export interface JarRefusal {
  header: string;
  code: RefusalCode;
  /** tough-cookie's message, as it gave it (English). */
  message: string;
  /** For `domain`: the cookie's domain and the host that answered, as tough-cookie read them. */
  cookieDomain?: string;
  requestHost?: string;
}

/** Read tough-cookie's message as a code (its messages are fixed strings in setCookie()). */
export function refusal(header: string, message: string): JarRefusal {
  const domain = /^Cookie not in this host's domain\. Cookie:(\S*) Request:(\S*)/.exec(message);
  if (domain) {
    return { header, code: "domain", message, cookieDomain: domain[1], requestHost: domain[2] };
  }
  const codes: [RegExp, RefusalCode][] = [
    [/public suffix/i, "publicSuffix"],
    [/failed to parse/i, "parse"],
    [/is Secure but/i, "secure"],
    [/__Secure|__Host/, "prefix"],
  ];
  const code = codes.find(([re]) => re.test(message))?.[1] ?? "other";
  return { header, code, message };
}

/**
 * The client's cookie jar. RFC 6265 matching (domain, path, expiry, prefixes)
 * is tough-cookie's work; this wrapper only turns what it holds into facts.
 */
export class Jar {
  private readonly jar = new CookieJar(undefined, { allowSpecialUseDomain: true });

  /** Apply a response's Set-Cookie lines for the URL that answered. */
  async take(url: string, setCookies: readonly string[]): Promise<JarChange> {
    const change: JarChange = { stored: [], removed: [], rejected: [] };
    const now = Date.now();
    for (const header of setCookies) {
      try {
        const cookie = await this.jar.setCookie(header, url);
        if (!cookie) {
          change.rejected.push({ header, code: "notStored", message: "not stored" });
          continue;
        }
        const expiry = cookie.expiryTime();
        if (expiry !== undefined && expiry <= now) change.removed.push(flat(cookie, now));
        else change.stored.push(flat(cookie, now));
      } catch (err) {
        change.rejected.push(refusal(header, err instanceof Error ? err.message : String(err)));
      }
    }
    // Expired cookies stay in the store until a lookup with expiry checking removes them.
    await this.prune(url);
    return change;
  }

  /** The Cookie header the jar would send to this URL ("" when none matches). */
  async cookieHeader(url: string): Promise<string> {
    return this.jar.getCookieString(url);
  }

  /** Everything in the jar for this URL's host, expired cookies dropped first. */
  async contents(url: string): Promise<JarCookie[]> {
    await this.prune(url);
    const now = Date.now();
    const all = await this.jar.store.getAllCookies();
    return all.map((c) => flat(c, now));
  }

  /**
   * Put a cookie in the jar as if the URL had set it (the lesson plants a
   * forged one this way, as a user with developer tools could).
   */
  async plant(url: string, setCookie: string): Promise<void> {
    await this.jar.setCookie(setCookie, url);
  }

  private async prune(url: string): Promise<void> {
    await this.jar.getCookies(url, { allPaths: true, expire: true });
  }
}

function flat(c: Cookie, now: number): JarCookie {
  const expiry = c.expiryTime();
  const infinite = expiry === undefined || !Number.isFinite(expiry);
  return {
    name: c.key,
    value: c.value,
    domain: c.domain ?? "",
    hostOnly: c.hostOnly === true,
    path: c.path ?? "/",
    // Whole seconds: Max-Age counts in seconds, and the milliseconds only add noise.
    expires: infinite ? null : new Date(expiry).toISOString().replace(/\.\d{3}Z$/, "Z"),
    expiresMs: infinite ? null : expiry,
    ttlS: infinite ? null : Math.max(0, Math.round((expiry - now) / 1000)),
    secure: c.secure,
    httpOnly: c.httpOnly,
    sameSite: c.sameSite ?? "",
  };
}
