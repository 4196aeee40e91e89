import type { ClientResponse, PersistReason, RequestInit, Route } from "../../src/http/index.js";
import { HttpClient } from "../../src/http/index.js";
import type { MessageKey } from "../../src/i18n/messages.js";
import type { LessonContext } from "../../src/runtime/lesson.js";
import type { text } from "./text.js";

type Ctx = LessonContext<typeof text.en>;

export type Strategy = "http10" | "keepalive" | "http11";

export interface RunResult {
  responses: ClientResponse[];
  connects: number;
  /** Trace time before the first connect, and at the last response. */
  start: number;
  last: number;
  /** Requests each connection carried, in order. */
  perConnection: number[];
}

/** The engine's sentence for a persistence rule (a lesson's text falls back to the engine's). */
function ruleText(ctx: Ctx, reason: PersistReason): string {
  return ctx.sayEngine(`http.persist.${reason}` as MessageKey);
}

/** The request a strategy sends for its i-th of n requests (0-based). */
export function requestFor(
  strategy: Strategy,
  path: string,
  i: number,
  n: number,
  host: string,
): RequestInit {
  const headers: [string, string][] = [["Host", host]];
  if (strategy === "http10") return { version: "HTTP/1.0", target: path, headers };
  if (strategy === "keepalive") {
    // The extension asks again on every request: without it the connection ends after this one.
    headers.push(["Connection", "Keep-Alive"]);
    return { version: "HTTP/1.0", target: path, headers };
  }
  if (i === n - 1) headers.push(["Connection", "close"]);
  return { version: "HTTP/1.1", target: path, headers };
}

/**
 * Send the requests one after another with one client, which reuses its
 * connection whenever the last exchange allowed it. After each connection
 * ends, a note says how many requests it carried and which rule ended it.
 */
export async function runStrategy(
  ctx: Ctx,
  route: Route,
  strategy: Strategy,
  paths: readonly string[],
): Promise<RunResult> {
  const client = new HttpClient(ctx, { host: route.via.host, port: route.via.port });
  const responses: ClientResponse[] = [];
  const perConnection: number[] = [];
  let carried = 0;
  let current: number | null | undefined;
  const start = ctx.now();
  let last = start;
  try {
    for (const [i, path] of paths.entries()) {
      const res = await client.request(requestFor(strategy, path, i, paths.length, route.host));
      last = ctx.now();
      responses.push(res);
      if (!res.reused || res.conn !== current) {
        if (carried > 0) perConnection.push(carried);
        carried = 0;
        current = res.conn;
      }
      carried++;
      const final = i === paths.length - 1;
      if (!res.persist.keep || final) {
        ctx.note(
          res.persist.keep ? "note.connLeftOpen" : "note.connEnded",
          {
            conn: res.conn,
            carried,
            rule: ruleText(ctx, res.persist.reason),
            reason: res.persist.reason,
          },
          "client",
        );
      }
    }
    if (carried > 0) perConnection.push(carried);
  } finally {
    client.close();
  }
  return { responses, connects: client.connects, start, last, perConnection };
}
