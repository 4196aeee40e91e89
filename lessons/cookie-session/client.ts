import { type ClientResponse, HttpClient, type Limits } from "../../src/http/index.js";
import { type Addr, formatAddr } from "../../src/net/address.js";
import type { LessonContext } from "../../src/runtime/lesson.js";
import { Jar, type JarChange, type JarCookie, type JarRefusal } from "./jar.js";
import type { text } from "./text.js";

/** One request and what the jar did with its answer. */
export interface Visit {
  res: ClientResponse;
  url: string;
  /** The Cookie header the request carried ("" for none). */
  cookie: string;
  setCookies: string[];
  change: JarChange;
  /** The GET that followed a redirect, if one was followed. */
  next?: Visit;
}

export interface RequestOptions {
  /** Form fields: sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  /** Send this Cookie header instead of the jar's (a replayed or made-up cookie). */
  cookie?: string;
  /** Put the response's Set-Cookie lines into the jar (default true). */
  store?: boolean;
  /** Follow a 303/302/301/307/308 to the same server (default true). */
  follow?: boolean;
  /** Say, before sending, which cookie the jar chose and why. */
  explain?: boolean;
}

const REDIRECTS = [301, 302, 303, 307, 308];

/**
 * The lesson's client: an HTTP client on one persistent connection, with a
 * tough-cookie jar in front of it, like a very small browser. Every change
 * to the jar becomes a note whose facts are the cookie's fields.
 */
export class ShopClient {
  readonly jar = new Jar();
  readonly http: HttpClient;
  /** http://host:port */
  readonly origin: string;
  requests = 0;
  setCookies = 0;

  constructor(
    private readonly ctx: LessonContext<typeof text.en>,
    server: Addr,
    name = "clientSocket",
    limits: Partial<Limits> = {},
  ) {
    this.http = new HttpClient(ctx, { host: server.host, port: server.port, name, limits });
    this.origin = `http://${formatAddr(server)}`;
    ctx.track(this);
  }

  async request(method: string, target: string, opts: RequestOptions = {}): Promise<Visit> {
    const url = new URL(target, this.origin).toString();
    const cookie = opts.cookie ?? (await this.jar.cookieHeader(url));
    if (opts.explain) {
      if (cookie !== "" && opts.cookie === undefined)
        this.ctx.note("jar.sends", { cookie }, "client");
      else if (cookie === "") this.ctx.note("jar.nothing", { url }, "client");
    }
    const headers: [string, string][] = [];
    if (cookie !== "") headers.push(["Cookie", cookie]);
    // A POST says how long its body is even when it is empty (some servers answer 411 otherwise).
    let body: string | undefined = method === "POST" ? "" : undefined;
    if (opts.form) {
      body = new URLSearchParams(opts.form).toString();
      headers.push(["Content-Type", "application/x-www-form-urlencoded"]);
    }
    const res = await this.http.request({
      method,
      target: new URL(url).pathname + new URL(url).search,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    this.requests++;
    const setCookies = res.headers.getAll("set-cookie");
    this.setCookies += setCookies.length;
    let change: JarChange = { stored: [], removed: [], rejected: [] };
    if (setCookies.length > 0 && opts.store !== false) {
      change = await this.jar.take(url, setCookies);
      await this.narrateChange(url, change);
    }
    const visit: Visit = { res, url, cookie, setCookies, change };
    const location = res.headers.get("location");
    if (opts.follow !== false && REDIRECTS.includes(res.status) && location) {
      const next = new URL(location, url);
      if (next.origin === new URL(this.origin).origin) {
        // 303 always becomes a GET; so do 301/302 after a POST, as browsers do.
        const again = res.status === 307 || res.status === 308 ? method : "GET";
        visit.next = await this.request(again, next.pathname + next.search, {
          ...(again === method && opts.form ? { form: opts.form } : {}),
          ...(opts.store === false ? { store: false } : {}),
        });
      }
    }
    return visit;
  }

  /** Everything the jar holds for this server, as a note. */
  async showJar(url = `${this.origin}/`): Promise<JarCookie[]> {
    const all = await this.jar.contents(url);
    if (all.length === 0) this.ctx.note("jar.empty", { count: 0 }, "client");
    else
      this.ctx.note(
        "jar.contents",
        {
          count: all.length,
          names: all.map((c) => c.name).join(","),
          list: all.map((c) => this.describe(c)).join("; "),
        },
        "client",
      );
    return all;
  }

  private async narrateChange(url: string, change: JarChange): Promise<void> {
    for (const c of change.stored) {
      // The sentence shows the cookie in words; the facts keep its fields as the jar has them.
      this.ctx.note(
        "jar.stored",
        {
          ...c,
          hostOnlyShown: c.hostOnly ? this.ctx.say("jar.hostOnly") : "",
          expiresShown:
            c.expires === null
              ? this.ctx.say("jar.session")
              : this.ctx.say("jar.inSeconds", { iso: c.expires, ttl: c.ttlS ?? 0 }),
          httpOnlyShown: this.ctx.say(c.httpOnly ? "jar.flag.on" : "jar.flag.off"),
          secureShown: this.ctx.say(c.secure ? "jar.flag.on" : "jar.flag.off"),
          sameSiteShown: sameSiteOnWire(c.sameSite) ?? this.ctx.say("jar.sameSite.none"),
        },
        "client",
      );
    }
    for (const c of change.removed)
      this.ctx.note("jar.removed", { name: c.name, value: c.value }, "client");
    for (const r of change.rejected)
      this.ctx.note("jar.rejected", refusalFacts(this.ctx, r), "client");
    // A jar that holds just what was stored a line above has nothing new to say.
    const all = await this.jar.contents(url);
    const onlyJustStored =
      change.removed.length === 0 &&
      all.length === change.stored.length &&
      all.every((c) => change.stored.some((s) => s.name === c.name && s.value === c.value));
    if (!onlyJustStored) await this.showJar(url);
  }

  private describe(c: JarCookie): string {
    const life =
      c.ttlS === null ? this.ctx.say("jar.session") : this.ctx.say("jar.left", { ttl: c.ttlS });
    return `${c.name}=${c.value} (${c.domain}${c.path}, ${life})`;
  }

  close(): void {
    this.http.close();
  }
}

/**
 * A refused Set-Cookie as a note's facts: `reason` in the reader's language,
 * and tough-cookie's own (English) message as the fact `toughCookie`.
 */
export function refusalFacts(ctx: LessonContext<typeof text.en>, r: JarRefusal) {
  return {
    header: r.header,
    code: r.code,
    reason: ctx.say(`jar.why.${r.code}`, {
      domain: r.cookieDomain ?? null,
      host: r.requestHost ?? null,
    }),
    toughCookie: r.message,
    cookieDomain: r.cookieDomain ?? null,
    requestHost: r.requestHost ?? null,
  };
}

/** tough-cookie keeps SameSite in lower case (`lax`); the header spells it `SameSite=Lax`. */
function sameSiteOnWire(value: string): string | undefined {
  if (value === "") return undefined;
  return `SameSite=${value.charAt(0).toUpperCase()}${value.slice(1)}`;
}
