import { parseEtag, parseHttpDate, weakMatch } from "./validators.js";

/**
 * The client's private cache (RFC 9111): what it stores, how old a stored
 * response is, how long it stays fresh, and which validators a conditional
 * request carries. One entry per URL; no Vary, no shared-cache rules: this is
 * the cache inside one browser, which is what the lesson is about.
 */

export type Directives = Map<string, string | true>;

/** Cache-Control directives, lower-cased names; quoted values unquoted (RFC 9111 §5.2). */
export function parseCacheControl(values: string[]): Directives {
  const out: Directives = new Map();
  for (const value of values) {
    const re =
      /\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*(?:=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*)))?\s*(?:,|$)/gy;
    let m: RegExpExecArray | null = re.exec(value);
    while (m !== null && m[0] !== "") {
      const name = m[1]!.toLowerCase();
      const arg = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : m[3];
      // The first occurrence wins; a repeated directive is the sender's mistake.
      if (!out.has(name)) out.set(name, arg === undefined ? true : arg);
      m = re.exec(value);
    }
  }
  return out;
}

/** A delta-seconds argument; null when missing or not digits (RFC 9111 §1.2.2). */
export function deltaSeconds(arg: string | true | undefined): number | null {
  if (typeof arg !== "string" || !/^\d+$/.test(arg)) return null;
  // Very large values mean "a very long time", capped as the RFC suggests (2^31).
  return Math.min(Number(arg), 2 ** 31);
}

export type LifetimeSource = "max-age" | "expires" | "heuristic" | "no-cache" | "none";

export interface Lifetime {
  seconds: number;
  source: LifetimeSource;
}

/** A response's headers, looked up case-insensitively. */
export interface HeaderSource {
  get(name: string): string | undefined;
  getAll(name: string): string[];
}

/**
 * RFC 9111 §4.2.1: max-age, else Expires − Date, else (when Last-Modified is
 * known) a heuristic of 10 % of the time since the last change (§4.2.2).
 * `no-cache` without field names means "store, but check every time".
 */
export function freshnessLifetime(headers: HeaderSource, responseTimeMs: number): Lifetime {
  const cc = parseCacheControl(headers.getAll("cache-control"));
  const noCache = cc.get("no-cache");
  if (noCache === true) return { seconds: 0, source: "no-cache" };
  const maxAge = deltaSeconds(cc.get("max-age"));
  if (maxAge !== null) return { seconds: maxAge, source: "max-age" };
  const dateValue = dateOf(headers) ?? responseTimeMs;
  const expires = headers.get("expires");
  if (expires !== undefined) {
    // An Expires that is not a date (often "0") means "already expired" (RFC 9111 §5.3).
    const at = parseHttpDate(expires);
    return { seconds: at === null ? 0 : Math.max(0, (at - dateValue) / 1000), source: "expires" };
  }
  const lm = headers.get("last-modified");
  const modified = lm === undefined ? null : parseHttpDate(lm);
  if (modified !== null && modified < dateValue) {
    return { seconds: Math.floor((dateValue - modified) / 10_000), source: "heuristic" };
  }
  return { seconds: 0, source: "none" };
}

function dateOf(headers: HeaderSource): number | null {
  const date = headers.get("date");
  return date === undefined ? null : parseHttpDate(date);
}

/** Whether a response may be kept at all: a 200 to GET without no-store (RFC 9111 §3). */
export function storable(method: string, status: number, headers: HeaderSource): boolean {
  if (method !== "GET" || status !== 200) return false;
  return !parseCacheControl(headers.getAll("cache-control")).has("no-store");
}

export interface CacheEntry {
  url: string;
  status: number;
  /** The stored header fields in wire order; a 304 updates them. */
  headers: [string, string][];
  body: Buffer;
  etag: string | null;
  lastModified: string | null;
  /** Client clock, ms since the epoch: when the request left and the response came. */
  requestTime: number;
  responseTime: number;
  /** The response's Date, ms (null when it had none: then responseTime stands in). */
  dateValue: number | null;
  /** The Age header, seconds (0 without one). */
  ageValue: number;
  lifetime: Lifetime;
  /** How many times a 304 confirmed this copy. */
  revalidated: number;
}

class Fields implements HeaderSource {
  constructor(private readonly fields: readonly (readonly [string, string])[]) {}
  getAll(name: string): string[] {
    const key = name.toLowerCase();
    return this.fields.filter(([n]) => n.toLowerCase() === key).map(([, v]) => v);
  }
  get(name: string): string | undefined {
    const all = this.getAll(name);
    return all.length === 0 ? undefined : all.join(", ");
  }
}

export function headerSource(fields: readonly (readonly [string, string])[]): HeaderSource {
  return new Fields(fields);
}

/** Build the entry for a stored 200. */
export function makeEntry(
  url: string,
  status: number,
  fields: readonly (readonly [string, string])[],
  body: Buffer,
  requestTime: number,
  responseTime: number,
): CacheEntry {
  const headers = headerSource(fields);
  const age = deltaSeconds(headers.get("age")?.trim()) ?? 0;
  return {
    url,
    status,
    headers: fields.map(([n, v]) => [n, v]),
    body,
    etag: headers.get("etag") ?? null,
    lastModified: headers.get("last-modified") ?? null,
    requestTime,
    responseTime,
    dateValue: dateOf(headers),
    ageValue: age,
    lifetime: freshnessLifetime(headers, responseTime),
    revalidated: 0,
  };
}

/** RFC 9111 §4.2.3, in seconds: the age when the response arrived, and now. */
export function ageOf(entry: CacheEntry, nowMs: number): { initial: number; current: number } {
  const dateValue = entry.dateValue ?? entry.responseTime;
  const apparent = Math.max(0, entry.responseTime - dateValue) / 1000;
  const responseDelay = (entry.responseTime - entry.requestTime) / 1000;
  const correctedAgeValue = entry.ageValue + responseDelay;
  const initial = Math.max(apparent, correctedAgeValue);
  const resident = Math.max(0, nowMs - entry.responseTime) / 1000;
  return { initial, current: initial + resident };
}

export interface Freshness {
  fresh: boolean;
  /** Current age, seconds. */
  age: number;
  /** Freshness lifetime, seconds, and where it came from. */
  lifetime: Lifetime;
  /** When the entry turns stale, client clock ms. */
  freshUntil: number;
}

export function freshness(entry: CacheEntry, nowMs: number): Freshness {
  const { initial, current } = ageOf(entry, nowMs);
  const freshUntil = entry.responseTime + (entry.lifetime.seconds - initial) * 1000;
  return {
    fresh: entry.lifetime.seconds > current,
    age: current,
    lifetime: entry.lifetime,
    freshUntil,
  };
}

export type Validator = "if-none-match" | "if-modified-since";

/**
 * The conditional request's header fields from the entry's validators: the
 * ETag goes back in If-None-Match, Last-Modified in If-Modified-Since
 * (RFC 9110 §13.1.1, §13.1.3: a client should send the date it was given,
 * not its own clock). `only` picks one of them, for the lesson's experiment.
 */
export function conditionalHeaders(entry: CacheEntry, only?: Validator): [string, string][] {
  const out: [string, string][] = [];
  if (entry.etag !== null && only !== "if-modified-since") out.push(["If-None-Match", entry.etag]);
  if (entry.lastModified !== null && only !== "if-none-match")
    out.push(["If-Modified-Since", entry.lastModified]);
  return out;
}

/** Fields a 304 must not change in the stored response (RFC 9111 §3.2). */
const KEEP_ON_UPDATE = new Set(["content-length", "content-encoding", "transfer-encoding"]);

/**
 * Whether a 304 speaks for this entry: when it carries an ETag that must be
 * the stored one (RFC 9111 §4.3.4); without one, the request's validators
 * already named the entry.
 */
export function confirms(
  entry: CacheEntry,
  fields: readonly (readonly [string, string])[],
): boolean {
  const tag = headerSource(fields).get("etag");
  if (tag === undefined) return true;
  const got = parseEtag(tag);
  const had = entry.etag === null ? null : parseEtag(entry.etag);
  return got !== null && had !== null && weakMatch(got, had);
}

/**
 * Freshen the entry with a 304 (RFC 9111 §4.3.4): its header fields replace
 * the stored ones of the same name, the body stays, the clock restarts.
 */
export function freshen(
  entry: CacheEntry,
  fields: readonly (readonly [string, string])[],
  requestTime: number,
  responseTime: number,
): CacheEntry {
  const names = new Set(fields.map(([n]) => n.toLowerCase()).filter((n) => !KEEP_ON_UPDATE.has(n)));
  // Replace in place, so the stored fields keep their wire order.
  const updated: [string, string][] = [];
  const done = new Set<string>();
  const fresh = (name: string) =>
    fields.filter(([n]) => n.toLowerCase() === name).map(([n, v]): [string, string] => [n, v]);
  for (const [n, v] of entry.headers) {
    const key = n.toLowerCase();
    if (!names.has(key)) updated.push([n, v]);
    else if (!done.has(key)) {
      done.add(key);
      updated.push(...fresh(key));
    }
  }
  for (const key of names) if (!done.has(key)) updated.push(...fresh(key));
  const next = makeEntry(entry.url, entry.status, updated, entry.body, requestTime, responseTime);
  next.revalidated = entry.revalidated + 1;
  return next;
}

/** The whole cache: one entry per URL. */
export class PrivateCache {
  private readonly entries = new Map<string, CacheEntry>();

  get(url: string): CacheEntry | undefined {
    return this.entries.get(url);
  }

  put(entry: CacheEntry): void {
    this.entries.set(entry.url, entry);
  }

  delete(url: string): void {
    this.entries.delete(url);
  }
}
