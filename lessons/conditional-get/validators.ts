import { createHash } from "node:crypto";

/**
 * Validators and preconditions (RFC 9110 §8.8, §13): HTTP dates, entity tags,
 * and the server's decision between 200 and 304. Pure functions, so the rules
 * can be tested without a socket, and the server, the client and the tests
 * share one reading of the RFC.
 */

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const LONG_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** IMF-fixdate, the only form a sender may generate (RFC 9110 §5.6.7). Milliseconds are dropped. */
export function httpDate(ms: number): string {
  const d = new Date(Math.floor(ms / 1000) * 1000);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCFullYear()).padStart(4, "0")} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} GMT`;
}

/** A time cut to whole seconds: HTTP dates cannot say more. */
export function toSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

const IMF =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC850 =
  /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-([A-Z][a-z]{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

interface DateParts {
  day: string;
  dd: string;
  mon: string;
  year: number;
  hh: string;
  mm: string;
  ss: string;
}

function dateParts(text: string, nowMs: number): DateParts | null {
  const imf = IMF.exec(text);
  if (imf) {
    const [, day, dd, mon, year, hh, mm, ss] = imf as unknown as string[];
    return { day: day!, dd: dd!, mon: mon!, year: Number(year), hh: hh!, mm: mm!, ss: ss! };
  }
  const rfc850 = RFC850.exec(text);
  if (rfc850) {
    const [, long, dd, mon, yy, hh, mm, ss] = rfc850 as unknown as string[];
    // A two-digit year more than 50 years ahead is in the past century (RFC 9110 §5.6.7).
    const nowYear = new Date(nowMs).getUTCFullYear();
    let year = Math.floor(nowYear / 100) * 100 + Number(yy);
    if (year > nowYear + 50) year -= 100;
    const day = DAYS[LONG_DAYS.indexOf(long!)]!;
    return { day, dd: dd!, mon: mon!, year, hh: hh!, mm: mm!, ss: ss! };
  }
  const asctime = ASCTIME.exec(text);
  if (asctime) {
    const [, day, mon, dd, hh, mm, ss, year] = asctime as unknown as string[];
    return { day: day!, dd: dd!.trim(), mon: mon!, year: Number(year), hh: hh!, mm: mm!, ss: ss! };
  }
  return null;
}

/**
 * Parse an HTTP-date in any of the three forms a recipient must accept
 * (IMF-fixdate, obsolete RFC 850, asctime); null for anything else, so an
 * invalid If-Modified-Since can be ignored as RFC 9110 §13.1.3 requires.
 * Deliberately stricter than Date.parse, which accepts "2024" or "yesterday
 * 10:00".
 */
export function parseHttpDate(value: string, nowMs = Date.now()): number | null {
  const parts = dateParts(value.trim(), nowMs);
  if (!parts) return null;
  const { day, dd, mon, year, hh, mm, ss } = parts;
  const month = MONTHS.indexOf(mon);
  const date = Number(dd);
  const h = Number(hh);
  const mi = Number(mm);
  const s = Number(ss);
  if (month < 0 || date < 1 || date > 31 || h > 23 || mi > 59 || s > 60) return null;
  const ms = Date.UTC(year, month, date, h, mi, Math.min(s, 59));
  const check = new Date(ms);
  // 31 Feb would roll over into March; the weekday must agree with the date.
  if (check.getUTCDate() !== date || DAYS[check.getUTCDay()] !== day) return null;
  return ms;
}

/** A strong entity tag derived from the bytes: it changes whenever one byte does. */
export function etagOf(body: Uint8Array): string {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 16)}"`;
}

export interface EntityTag {
  weak: boolean;
  /** The opaque-tag with its quotes, as compared character by character. */
  opaque: string;
}

/** `"abc"` or `W/"abc"`; null when the text is not an entity-tag (RFC 9110 §8.8.3). */
export function parseEtag(value: string): EntityTag | null {
  const m = /^(W\/)?("[\x21\x23-\x7e\x80-\xff]*")$/.exec(value.trim());
  return m ? { weak: m[1] !== undefined, opaque: m[2]! } : null;
}

/** Weak comparison: the opaque-tags match, whatever the W/ prefixes (RFC 9110 §8.8.3.2). */
export function weakMatch(a: EntityTag, b: EntityTag): boolean {
  return a.opaque === b.opaque;
}

export type IfNoneMatch = { any: true } | { any: false; tags: EntityTag[]; invalid: number };

/**
 * The members of If-None-Match (several fields are one list). `*` alone
 * means "any current representation". Members that are not entity-tags are
 * counted and skipped rather than failing the whole field.
 */
export function parseIfNoneMatch(values: string[]): IfNoneMatch {
  const members: string[] = [];
  for (const value of values) {
    // Entity tags may hold commas only inside quotes; split outside them.
    let current = "";
    let quoted = false;
    for (const ch of value) {
      if (ch === '"') quoted = !quoted;
      if (ch === "," && !quoted) {
        members.push(current);
        current = "";
      } else current += ch;
    }
    members.push(current);
  }
  const trimmed = members.map((m) => m.trim()).filter((m) => m !== "");
  if (trimmed.length === 1 && trimmed[0] === "*") return { any: true };
  const tags: EntityTag[] = [];
  let invalid = 0;
  for (const member of trimmed) {
    const tag = parseEtag(member);
    if (tag) tags.push(tag);
    else invalid++;
  }
  return { any: false, tags, invalid };
}

/** What the server knows about the page it would send with 200. */
export interface Representation {
  etag: string;
  lastModifiedMs: number;
}

/** The request's preconditions, as received. */
export interface Preconditions {
  method: string;
  ifNoneMatch: string[];
  ifModifiedSince: string[];
}

export type Rule =
  | "unconditional"
  | "inm-match"
  | "inm-star"
  | "inm-no-match"
  | "ims-not-modified"
  | "ims-modified"
  | "ims-invalid"
  | "ims-ignored-inm";

export interface Decision {
  status: 200 | 304;
  /** Which rule of RFC 9110 §13.2.2 decided. */
  rule: Rule;
  /** The tag that matched, when one did. */
  matched?: string;
  /** The If-Modified-Since date understood, when valid. */
  since?: number;
}

/**
 * RFC 9110 §13.2.2 for GET and HEAD: If-None-Match first (weak comparison,
 * a false condition → 304); only when it is absent, If-Modified-Since
 * (ignored when invalid or a list; a last modification earlier than or
 * equal to the date → 304). Other methods never get 304 from these fields.
 */
export function evaluate(rep: Representation, pre: Preconditions): Decision {
  const safe = pre.method === "GET" || pre.method === "HEAD";
  if (pre.ifNoneMatch.length > 0) {
    const inm = parseIfNoneMatch(pre.ifNoneMatch);
    const ims = pre.ifModifiedSince.length > 0;
    if (inm.any) return { status: safe ? 304 : 200, rule: "inm-star" };
    const current = parseEtag(rep.etag);
    const hit = current ? inm.tags.find((t) => weakMatch(t, current)) : undefined;
    if (hit) {
      return {
        status: safe ? 304 : 200,
        rule: "inm-match",
        matched: `${hit.weak ? "W/" : ""}${hit.opaque}`,
      };
    }
    return { status: 200, rule: ims ? "ims-ignored-inm" : "inm-no-match" };
  }
  if (pre.ifModifiedSince.length === 0 || !safe) return { status: 200, rule: "unconditional" };
  // An HTTP-date holds one comma of its own; any more means a list, which is invalid here.
  const joined = pre.ifModifiedSince.join(", ");
  const since = pre.ifModifiedSince.length === 1 ? parseHttpDate(joined) : null;
  if (since === null) return { status: 200, rule: "ims-invalid" };
  // Compare at the resolution both dates share: whole seconds.
  if (toSecond(rep.lastModifiedMs) <= since)
    return { status: 304, rule: "ims-not-modified", since };
  return { status: 200, rule: "ims-modified", since };
}
