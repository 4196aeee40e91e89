import type { ClientResponse, HttpClient } from "../../src/http/index.js";
import type { LessonContext } from "../../src/runtime/lesson.js";
import {
  ageOf,
  type CacheEntry,
  conditionalHeaders,
  confirms,
  type Freshness,
  freshen,
  freshness,
  makeEntry,
  PrivateCache,
  storable,
  type Validator,
} from "./cache.js";
import { clockTime } from "./page.js";
import { shown } from "./server.js";
import type { text } from "./text.js";

/**
 * The client role: a browser's private cache in front of an HTTP client.
 * load() uses a fresh copy without touching the network, revalidates a
 * stale one with a conditional GET, and stores what may be stored. Every
 * decision is narrated with the numbers it was made from.
 */

export type Outcome = "cache" | "stored" | "notModified" | "replaced" | "other";

export interface Loaded {
  outcome: Outcome;
  response: ClientResponse | null;
  entry: CacheEntry | undefined;
  /** The copy's freshness when the load began (when there was a copy). */
  before?: Freshness;
  /** Requests the load sent: 0 when the copy was used without asking. */
  requests: number;
}

/** Bytes a response took on the wire, interim 1xx answers included: what recv() returned for it. */
export function wireBytes(res: ClientResponse): number {
  return [...res.interim, res].reduce((sum, m) => sum + m.headBytes + m.wireBodyBytes, 0);
}

/** Seconds with two decimals, for narration. */
export function secs(ms: number): number {
  return Math.round(ms / 10) / 100;
}

export class CachingClient {
  readonly cache = new PrivateCache();

  constructor(
    private readonly ctx: LessonContext<typeof text.en>,
    readonly http: HttpClient,
  ) {}

  /** The cache entry in one line: validators, size, age, how long it stays fresh. */
  describe(entry: CacheEntry): void {
    const now = Date.now();
    const f = freshness(entry, now);
    const { initial } = ageOf(entry, now);
    this.ctx.note(
      "client.entry",
      {
        url: entry.url,
        bytes: entry.body.length,
        etag: shown(entry.etag ?? undefined),
        lm: shown(entry.lastModified ?? undefined),
        lifetime: entry.lifetime.seconds,
        source: this.ctx.say(`lifetime.${entry.lifetime.source}`),
        arrivalAge: secs(initial * 1000),
        until: clockTime(f.freshUntil),
        left: secs(Math.max(0, f.freshUntil - now)),
      },
      "client",
    );
  }

  /**
   * Open `target` as a browser would. `reload` revalidates even a fresh copy
   * (what the reload button does); otherwise a fresh copy is used as is.
   */
  async load(target: string, opts: { reload?: boolean } = {}): Promise<Loaded> {
    const entry = this.cache.get(target);
    let before: Freshness | undefined;
    if (entry) {
      before = freshness(entry, Date.now());
      const params = {
        age: secs(before.age * 1000),
        lifetime: before.lifetime.seconds,
        source: this.ctx.say(`lifetime.${before.lifetime.source}`),
      };
      if (before.fresh && !opts.reload) {
        this.ctx.note("client.fromCache", { ...params, bytes: entry.body.length }, "client");
        return { outcome: "cache", response: null, entry, before, requests: 0 };
      }
      this.ctx.note(before.fresh ? "client.reload" : "client.stale", params, "client");
    }
    const validators = entry ? conditionalHeaders(entry) : [];
    if (entry && validators.length === 0) this.ctx.note("client.noValidators", {}, "client");
    const requestTime = Date.now();
    const response = await this.http.request({ method: "GET", target, headers: validators });
    const responseTime = Date.now();
    const fields = response.headers.entries();

    if (response.status === 304 && entry) {
      if (!confirms(entry, fields)) {
        this.ctx.note(
          "client.304Mismatch",
          { etag: shown(response.headers.get("etag")) },
          "client",
        );
        return { outcome: "other", response, entry, before: before!, requests: 1 };
      }
      const updated = freshen(entry, fields, requestTime, responseTime);
      this.cache.put(updated);
      this.ctx.note("client.notModified", { bytes: updated.body.length }, "client");
      this.describe(updated);
      return { outcome: "notModified", response, entry: updated, before: before!, requests: 1 };
    }
    if (storable("GET", response.status, response.headers)) {
      const stored = makeEntry(
        target,
        response.status,
        fields,
        response.body,
        requestTime,
        responseTime,
      );
      this.cache.put(stored);
      if (entry) {
        this.ctx.note(
          "client.replaced",
          {
            before: shown(entry.etag ?? undefined),
            after: shown(stored.etag ?? undefined),
            bytes: stored.body.length,
          },
          "client",
        );
      }
      this.describe(stored);
      if (stored.etag === null && stored.lastModified === null)
        this.ctx.note("client.noValidatorsStored", {}, "client");
      return {
        outcome: entry ? "replaced" : "stored",
        response,
        entry: stored,
        ...(before ? { before } : {}),
        requests: 1,
      };
    }
    if (entry) this.cache.delete(target);
    this.ctx.note("client.notStored", { status: response.status }, "client");
    return {
      outcome: "other",
      response,
      entry: undefined,
      ...(before ? { before } : {}),
      requests: 1,
    };
  }

  /**
   * One validator only, from the stored copy, and the answer is not stored:
   * an experiment to see what each validator can tell, not a page load.
   */
  async probe(target: string, only: Validator): Promise<ClientResponse> {
    const entry = this.cache.get(target);
    const headers = entry ? conditionalHeaders(entry, only) : [];
    this.ctx.note(
      only === "if-none-match" ? "client.probeInm" : "client.probeIms",
      { value: shown(headers[0]?.[1]) },
      "client",
    );
    return this.http.request({ method: "GET", target, headers });
  }

  /** HEAD: the headers a GET would bring, never a body. */
  async head(target: string): Promise<ClientResponse> {
    return this.http.request({ method: "HEAD", target });
  }
}
