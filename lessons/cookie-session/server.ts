import { HeaderList, type HttpRequest, type ResponseInit } from "../../src/http/index.js";
import type { Locale, Params } from "../../src/i18n/locale.js";
import {
  CART_MAX,
  cartPage,
  homePage,
  ITEM_MAX,
  messagePage,
  type PageSay,
  USER_MAX,
} from "./pages.js";
import { type Miss, parseCookieHeader, type Session, SessionStore } from "./store.js";
import type { TextKey } from "./text.js";

export const COOKIE_NAME = "sid";
/** How long a session (and its cookie) lives, in seconds: half an hour, a common default. */
export const LIFETIME_S = 1800;

/** The Set-Cookie line that hands a session id to the client. */
export function sessionCookie(id: string, maxAgeS: number): string {
  return `${COOKIE_NAME}=${id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeS}`;
}

/** The Set-Cookie line that makes the client drop the cookie now. */
export function expiredCookie(): string {
  return `${COOKIE_NAME}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}

/** A response that sets a cookie must not reach anyone else through a shared cache. */
export const CACHE_WITH_COOKIE = 'private, no-cache="Set-Cookie"';
/** A page made for one session is still nobody else's business. */
export const CACHE_PERSONAL = "private";

/** Routes and the methods each takes (HEAD wherever GET is). */
const ROUTES: Record<string, readonly string[]> = {
  "/": ["GET", "HEAD"],
  "/cart": ["GET", "HEAD", "POST"],
  "/login": ["POST"],
  "/logout": ["POST"],
};

type Note = (key: TextKey, params: Params) => void;

export interface ShopOptions {
  locale: Locale;
  say: PageSay;
  /** The server's narration: one note per request it handles. */
  note: Note;
  lifetimeS?: number;
  /** Most sessions the store holds (default 10,000). */
  maxSessions?: number;
}

/** What the shop decided for the last request (the lesson quotes it). */
export interface Decision {
  sid: string | null;
  miss?: Miss;
  setCookie?: string;
}

/** Control characters, line separators and bidi overrides have no place in a name or an item. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** A client's sid can be any length; the narration quotes only its start. */
function clip(value: string, max = 40): string {
  const chars = [...value];
  return chars.length > max ? `${chars.slice(0, max).join("")}…` : value;
}

/**
 * The shop: a request handler over a session store. It trusts nothing the
 * client sends except as a key to look up: no sid, an unknown sid or an
 * expired one all get a fresh session.
 */
export class Shop {
  readonly store: SessionStore;
  last: Decision = { sid: null };

  constructor(private readonly opts: ShopOptions) {
    this.store = new SessionStore(opts.lifetimeS ?? LIFETIME_S, opts.maxSessions);
  }

  /** Sentences without placeholders, worded once: every page quotes a dozen of them. */
  private readonly fixed = new Map<TextKey, string>();

  private say: PageSay = (key, params) => {
    if (params) return this.opts.say(key, params);
    let text = this.fixed.get(key);
    if (text === undefined) {
      text = this.opts.say(key);
      this.fixed.set(key, text);
    }
    return text;
  };

  readonly handle = (req: HttpRequest): ResponseInit => {
    const path = pathOf(req.target);
    const methods = path === null ? undefined : ROUTES[path];
    if (path === null || methods === undefined) {
      return this.page(
        404,
        null,
        messagePage(this.say, this.opts.locale, "404", this.say("page.notFound")),
      );
    }
    if (!methods.includes(req.method)) {
      const res = this.page(
        405,
        null,
        messagePage(
          this.say,
          this.opts.locale,
          "405",
          this.say("page.notAllowed", { method: req.method }),
        ),
      );
      (res.headers as HeaderList).add("Allow", methods.join(", "));
      return res;
    }
    const cookies = parseCookieHeader(req.headers.getAll("cookie").join("; "));
    const sid = cookies.get(COOKIE_NAME);
    if (path === "/logout") return this.logout(sid);

    const lookup = this.store.find(sid);
    let session = lookup.session;
    let setCookie: string | null = null;
    if (session === undefined) {
      const created = this.store.create();
      if (created.full) {
        this.last = { sid: null, ...(lookup.miss ? { miss: lookup.miss } : {}) };
        this.opts.note("srv.full", { max: created.full.max, recent: created.full.recentS });
        const res = this.page(
          503,
          null,
          messagePage(this.say, this.opts.locale, "503", this.say("page.full")),
        );
        (res.headers as HeaderList).add("Retry-After", "60");
        return res;
      }
      session = created.session;
      if (created.evicted) {
        this.opts.note("srv.evicted", {
          sid: created.evicted.id,
          idle: created.evicted.idleS,
          user: created.evicted.user ?? this.say("srv.stranger"),
          max: this.store.maxSessions,
        });
      }
      setCookie = sessionCookie(session.id, this.store.lifetimeS);
    }
    if (req.method === "GET") session.visits++;
    this.last = {
      sid: session.id,
      ...(lookup.miss ? { miss: lookup.miss } : {}),
      ...(setCookie ? { setCookie } : {}),
    };
    if (lookup.miss) {
      this.opts.note("srv.new", {
        sid: session.id,
        miss: lookup.miss,
        reason: this.say(`miss.${lookup.miss}`, { sid: clip(sid ?? "") }),
        store: this.store.size,
      });
    } else {
      this.opts.note("srv.found", {
        sid: session.id,
        visits: session.visits,
        user: session.user ?? this.say("srv.stranger"),
        cart: session.cart.length,
      });
    }

    if (req.method === "POST") {
      const form = formOf(req);
      if (form === null) return this.refuse(415, this.say("page.badType"), setCookie);
      if (path === "/login") {
        const user = field(form, "user", USER_MAX);
        if (user === null)
          return this.refuse(400, this.say("page.badUser", { max: USER_MAX }), setCookie);
        if (setCookie === null) {
          const old = session.id;
          session = this.store.rotate(session);
          setCookie = sessionCookie(session.id, this.store.lifetimeS);
          session.user = user;
          this.last = { sid: session.id, setCookie };
          this.opts.note("srv.login", { user, sid: session.id, old });
        } else {
          session.user = user;
          this.opts.note("srv.loginFresh", { user, sid: session.id });
        }
      } else {
        const item = field(form, "item", ITEM_MAX);
        if (item === null)
          return this.refuse(400, this.say("page.badItem", { max: ITEM_MAX }), setCookie);
        if (session.cart.length >= CART_MAX)
          return this.refuse(400, this.say("page.cartFull", { max: CART_MAX }), setCookie);
        session.cart.push(item);
        this.opts.note("srv.cart", { item, cart: session.cart.length, sid: session.id });
      }
      return this.seeOther(setCookie);
    }
    const html =
      path === "/cart"
        ? cartPage(this.say, this.opts.locale, session)
        : homePage(this.say, this.opts.locale, session);
    return this.page(200, setCookie, html);
  };

  private logout(sid: string | undefined): ResponseInit {
    const lookup = this.store.find(sid);
    if (lookup.session) {
      this.store.destroy(lookup.session.id);
      this.opts.note("srv.logout", { sid: lookup.session.id, store: this.store.size });
    } else {
      this.opts.note("srv.logoutNone", {});
    }
    const setCookie = expiredCookie();
    this.last = { sid: null, setCookie };
    return this.seeOther(setCookie);
  }

  private refuse(status: number, problem: string, setCookie: string | null): ResponseInit {
    this.opts.note("srv.badForm", { status, problem });
    return this.page(
      status,
      setCookie,
      messagePage(this.say, this.opts.locale, String(status), problem),
    );
  }

  /** 303 See Other to /: the browser follows with a GET, so a reload never resends the form. */
  private seeOther(setCookie: string | null): ResponseInit {
    const res = this.page(
      303,
      setCookie,
      messagePage(this.say, this.opts.locale, "303", this.say("page.seeOther", { location: "/" })),
    );
    const headers = new HeaderList([["Location", "/"]]);
    for (const [n, v] of res.headers as HeaderList) headers.add(n, v);
    return { ...res, headers };
  }

  private page(status: number, setCookie: string | null, html: string): ResponseInit {
    const headers = new HeaderList();
    if (setCookie) headers.add("Set-Cookie", setCookie);
    headers.add("Cache-Control", setCookie ? CACHE_WITH_COOKIE : CACHE_PERSONAL);
    headers.add("Content-Type", "text/html; charset=utf-8");
    return { status, headers, body: html };
  }
}

/** The path of an origin-form (or absolute-form) target, without the query; null if it is neither. */
export function pathOf(target: string): string | null {
  if (target.startsWith("/")) {
    const q = target.search(/[?#]/);
    return q < 0 ? target : target.slice(0, q);
  }
  try {
    return new URL(target).pathname;
  } catch {
    return null;
  }
}

/** A urlencoded form body, or null when the request says it is something else. */
function formOf(req: HttpRequest): URLSearchParams | null {
  const type = req.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") return null;
  return new URLSearchParams(req.body.toString("utf8"));
}

/** A trimmed form value of 1…max characters without control characters, or null. */
function field(form: URLSearchParams, name: string, max: number): string | null {
  const value = form.get(name)?.trim() ?? "";
  const length = [...value].length;
  if (length === 0 || length > max || CONTROL.test(value)) return null;
  return value;
}

export type { Session };
