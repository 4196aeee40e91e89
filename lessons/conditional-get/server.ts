import {
  type HeaderList,
  type HttpRequest,
  type HttpServer,
  httpServer,
  type ResponseInit,
} from "../../src/http/index.js";
import type { LessonContext } from "../../src/runtime/lesson.js";
import { escapeText, preview } from "../../src/trace/escape.js";
import type { Page, PageState } from "./page.js";
import { type Decision, evaluate, httpDate } from "./validators.js";

/**
 * The server role: `GET /` and `HEAD /` serve the page with its validators
 * and answer 304 when the request's preconditions say the client's copy is
 * current; `POST /edit` makes a new version of the page (a form button on
 * the page does it from a browser). Everything else: 404, or 405 with Allow.
 */

export type Route = "page" | "edit" | "notFound" | "notAllowed";

export interface Answer {
  route: Route;
  init: ResponseInit;
  /** For the page: which precondition rule decided between 200 and 304. */
  decision: Decision | null;
}

/** The path of a request-target (origin-form or absolute-form), without the query. */
export function pathOf(target: string): string {
  if (target.startsWith("/")) return target.split("?")[0]!;
  try {
    return new URL(target).pathname;
  } catch {
    return target;
  }
}

/** Header fields of the page's 200 (and HEAD): validators, freshness, type. Content-Length is added by the serializer. */
export function pageHeaders(state: PageState, maxAge: number, nowMs: number): [string, string][] {
  return [
    ["Date", httpDate(nowMs)],
    ["Last-Modified", state.lastModified],
    ["ETag", state.etag],
    ["Cache-Control", `max-age=${maxAge}`],
    ["Content-Type", "text/html; charset=utf-8"],
  ];
}

/**
 * A 304 carries what a 200 would have carried of Date, ETag, Cache-Control
 * (RFC 9110 §15.4.5), plus Last-Modified so the cache's stored copy is
 * updated in full; no Content-Type, no Content-Length, and never a body.
 */
export function notModifiedHeaders(
  state: PageState,
  maxAge: number,
  nowMs: number,
): [string, string][] {
  return [
    ["Date", httpDate(nowMs)],
    ["ETag", state.etag],
    ["Last-Modified", state.lastModified],
    ["Cache-Control", `max-age=${maxAge}`],
  ];
}

/** The whole server decision for one request, without any socket: testable on its own. */
export function answer(
  page: Page,
  request: { method: string; target: string; headers: Pick<HeaderList, "getAll"> },
  maxAge: number,
  nowMs: number,
): Answer {
  const path = pathOf(request.target);
  const method = request.method;
  if (path === "/") {
    if (method !== "GET" && method !== "HEAD") {
      return {
        route: "notAllowed",
        decision: null,
        init: {
          status: 405,
          headers: { Allow: "GET, HEAD", "Content-Type": "text/plain; charset=utf-8" },
          body: "405 Method Not Allowed: / answers GET and HEAD (POST /edit changes the page)\n",
        },
      };
    }
    const state = page.current;
    const decision = evaluate(state, {
      method,
      ifNoneMatch: request.headers.getAll("if-none-match"),
      ifModifiedSince: request.headers.getAll("if-modified-since"),
    });
    if (decision.status === 304) {
      return {
        route: "page",
        decision,
        init: { status: 304, headers: notModifiedHeaders(state, maxAge, nowMs) },
      };
    }
    return {
      route: "page",
      decision,
      init: { status: 200, headers: pageHeaders(state, maxAge, nowMs), body: page.content },
    };
  }
  if (path === "/edit") {
    if (method !== "POST") {
      return {
        route: "notAllowed",
        decision: null,
        init: {
          status: 405,
          headers: { Allow: "POST", "Content-Type": "text/plain; charset=utf-8" },
          body: "405 Method Not Allowed: POST /edit changes the page\n",
        },
      };
    }
    return {
      route: "edit",
      decision: null,
      init: {
        status: 303,
        headers: {
          Location: "/",
          "Cache-Control": "no-store",
          "Content-Type": "text/plain; charset=utf-8",
        },
        body: "303 See Other: the page changed; GET / shows it\n",
      },
    };
  }
  return {
    route: "notFound",
    decision: null,
    init: {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
      body: "404 Not Found: this server has one page, at /\n",
    },
  };
}

/** A peer's header value, made short and safe for a note. */
export function shown(value: string | undefined): string {
  return value === undefined ? "—" : preview(escapeText(value), 80);
}

export interface PageServer {
  http: HttpServer;
  page: Page;
  /** A new version of the page, narrated by the server. */
  edit(): { before: PageState; after: PageState };
  close(): Promise<void>;
}

export interface PageServerOptions {
  maxAge: number;
  /** How long a kept-alive connection may sit idle. */
  idleTimeoutMs?: number;
}

/** Start the server on ctx.opts.host/port; every decision is narrated from the server's side. */
export async function startPageServer(
  ctx: LessonContext,
  page: Page,
  opts: PageServerOptions,
): Promise<PageServer> {
  const edit = () => {
    const change = page.edit();
    const { before, after } = change;
    ctx.note(
      before.lastModified === after.lastModified ? "server.editedSameSecond" : "server.edited",
      {
        version: after.version,
        bytes: after.bytes,
        etagBefore: before.etag,
        etagAfter: after.etag,
        lmBefore: before.lastModified,
        lmAfter: after.lastModified,
      },
      "server",
    );
    return change;
  };

  const handler = (request: HttpRequest): ResponseInit => {
    const result = answer(page, request, opts.maxAge, Date.now());
    if (result.route === "edit") edit();
    if (result.decision) narrate(ctx, request, result.decision, page.current);
    return result.init;
  };

  const http = await httpServer(ctx, {
    host: ctx.opts.host,
    port: ctx.opts.port,
    handler,
    ...(opts.idleTimeoutMs !== undefined ? { idleTimeoutMs: opts.idleTimeoutMs } : {}),
  });
  return { http, page, edit, close: () => http.close() };
}

/** The server says which rule decided, quoting the request's fields and its own validators. */
function narrate(
  ctx: LessonContext,
  request: HttpRequest,
  decision: Decision,
  state: PageState,
): void {
  const params = {
    inm: shown(request.headers.get("if-none-match")),
    ims: shown(request.headers.get("if-modified-since")),
    etag: state.etag,
    lm: state.lastModified,
    bytes: state.bytes,
    status: decision.status,
  };
  // A HEAD that gets 200 gets no page: the rule's sentence ("200 with the page, N B") would say it does.
  if (request.method === "HEAD" && decision.status === 200)
    ctx.note("server.head", params, "server");
  else ctx.note(`server.${decision.rule}`, params, "server");
}
