import type {
  Exchange,
  HeaderList,
  HttpRequest,
  HttpServer,
  ResponseInit,
} from "../../src/http/index.js";
import { httpServer } from "../../src/http/index.js";
import type { LessonContext } from "../../src/runtime/lesson.js";
import type { text } from "./text.js";

export interface KeepAliveServerOptions {
  host: string;
  port: number;
  /** Idle timeout in whole seconds (the Keep-Alive header counts in seconds). */
  idleSeconds: number;
  /**
   * Keep-Alive: max on the first answer of an HTTP/1.0 keep-alive connection:
   * how many more requests the server takes on it after that one. Each answer
   * counts down (max=3, max=2, max=1), as Apache does, and the one after max=1
   * says Connection: close; a connection carries max + 1 requests in all.
   */
  max: number;
  /** false: a server from before the keep-alive extension (ignores Connection: Keep-Alive). */
  knowsKeepAlive?: boolean;
  /** The listening socket's name in the trace. */
  name?: string;
  /** Called after each answer is written, with whether the connection stays open. */
  onExchange?: (exchange: Exchange) => void;
}

/** Requests an HTTP/1.1 connection may carry here; far more than a lesson sends, as in Apache (100). */
export const HTTP11_MAX = 100;
/** The path whose response has no Content-Length: its end is the close. */
export const NO_LENGTH_PATH = "/no-length";

export const DEFAULTS = { idleSeconds: 5, max: 3 } as const;

/**
 * The lesson's server: a short text page for every path, and the old
 * keep-alive extension for HTTP/1.0 clients (Connection: Keep-Alive echoed,
 * Keep-Alive: timeout, max; Connection: close on the last one), HTTP/1.1
 * persistence by the standard. /no-length answers without Content-Length.
 */
export async function keepAliveServer(
  ctx: LessonContext<typeof text.en>,
  opts: KeepAliveServerOptions,
): Promise<HttpServer> {
  return httpServer(ctx, {
    host: opts.host,
    port: opts.port,
    name: opts.name ?? "serverSocket",
    idleTimeoutMs: opts.idleSeconds * 1000,
    maxRequestsPerConnection: HTTP11_MAX,
    http10KeepAlive: opts.knowsKeepAlive !== false,
    ...(opts.onExchange ? { onExchange: opts.onExchange } : {}),
    handler: (request, info) => {
      // Keep-Alive and close are everyday options; a header named in Connection is worth a word.
      const extra = request.headers
        .tokens("connection")
        .some((t) => t !== "close" && t !== "keep-alive");
      if (extra)
        ctx.note("note.hopServer", { ...hopByHop(request.headers), conn: info.conn }, "server");
      return answer(request, info.index, opts);
    },
  });
}

/**
 * Hop-by-hop whether or not Connection names them: Connection itself and the
 * fields RFC 9110 §7.6.1 tells an intermediary to remove before forwarding.
 */
const ALWAYS_HOP = [
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "transfer-encoding",
  "upgrade",
];

/**
 * What a proxy must do with a message's header fields before passing it on:
 * delete Connection, every field Connection names, and the fields that are
 * hop-by-hop anyway; forward the rest.
 */
export function hopByHop(headers: HeaderList): {
  named: string;
  removed: string;
  forwarded: string;
} {
  const options = headers.tokens("connection");
  const named = options.filter((t) => t !== "close");
  const drop = new Set([...ALWAYS_HOP, ...options]);
  const removed: string[] = [];
  const forwarded: string[] = [];
  for (const [name] of headers) {
    const list = drop.has(name.toLowerCase()) ? removed : forwarded;
    if (!list.includes(name)) list.push(name);
  }
  return { named: named.join(", "), removed: removed.join(", "), forwarded: forwarded.join(", ") };
}

function pathOf(target: string): string {
  const q = target.indexOf("?");
  return q < 0 ? target : target.slice(0, q);
}

export function answer(
  request: HttpRequest,
  index: number,
  opts: KeepAliveServerOptions,
): ResponseInit {
  const path = pathOf(request.target);
  const headers: [string, string][] = [["Content-Type", "text/plain; charset=utf-8"]];
  if (path === NO_LENGTH_PATH) {
    return {
      status: 200,
      headers,
      body: `${request.method} ${path}: no Content-Length here; this body ends when the connection does\n`,
      framing: "close",
    };
  }
  const body = `${request.method} ${path}: answer ${index} on this connection\n`;
  const tokens = request.headers.tokens("connection");
  if (opts.knowsKeepAlive !== false && !tokens.includes("close")) {
    if (request.version === "HTTP/1.0" && tokens.includes("keep-alive")) {
      // max counts the requests still welcome after this one: max=3 on the first answer, then 2, 1.
      const left = opts.max - (index - 1);
      if (left > 0) {
        headers.push(["Connection", "Keep-Alive"]);
        headers.push(["Keep-Alive", `timeout=${opts.idleSeconds}, max=${left}`]);
      } else {
        headers.push(["Connection", "close"]);
      }
    } else if (request.version === "HTTP/1.1" && index < HTTP11_MAX) {
      headers.push(["Keep-Alive", `timeout=${opts.idleSeconds}`]);
    }
  }
  return { status: 200, headers, body };
}
