import type { ClientResponse, RequestInit, Route } from "../../src/http/index.js";
import { HttpClient } from "../../src/http/index.js";
import type { LessonContext } from "../../src/runtime/lesson.js";

export interface Run {
  /** In request order; each says when its request was written and when it was read. */
  responses: ClientResponse[];
  connects: number;
  /** Trace time before the first connect, and at the last response. */
  start: number;
  last: number;
}

export function get(route: Route, path: string): RequestInit {
  return { method: "GET", target: path, headers: [["Host", route.host]] };
}

export function post(route: Route, path: string, body: string): RequestInit {
  return {
    method: "POST",
    target: path,
    headers: [
      ["Host", route.host],
      ["Content-Type", "application/x-www-form-urlencoded"],
    ],
    body,
  };
}

function clientFor(ctx: LessonContext, route: Route, name?: string): HttpClient {
  return new HttpClient(ctx, {
    host: route.via.host,
    port: route.via.port,
    ...(name ? { name } : {}),
  });
}

/** One connection, one request at a time: each waits for the answer before it. */
export async function serial(ctx: LessonContext, route: Route, inits: RequestInit[]): Promise<Run> {
  const client = clientFor(ctx, route);
  const start = ctx.now();
  const responses: ClientResponse[] = [];
  try {
    for (const init of inits) responses.push(await client.request(init));
    return { responses, connects: client.connects, start, last: ctx.now() };
  } finally {
    client.close();
  }
}

/** One connection, every request written back to back before any answer is read. */
export async function pipelined(
  ctx: LessonContext,
  route: Route,
  inits: RequestInit[],
): Promise<Run> {
  const client = clientFor(ctx, route);
  const start = ctx.now();
  try {
    const responses = await client.pipeline(inits);
    return { responses, connects: client.connects, start, last: ctx.now() };
  } finally {
    client.close();
  }
}

/**
 * k connections sharing one queue, as browsers do: they all connect at once,
 * and whichever is free takes the next request.
 */
export async function parallel(
  ctx: LessonContext,
  route: Route,
  inits: RequestInit[],
  k: number,
): Promise<Run> {
  const clients = Array.from({ length: Math.min(k, inits.length) }, (_, i) =>
    clientFor(ctx, route, `clientSocket${i + 1}`),
  );
  const start = ctx.now();
  const responses: ClientResponse[] = new Array(inits.length);
  let next = 0;
  try {
    await Promise.all(
      clients.map(async (client) => {
        while (next < inits.length) {
          const i = next++;
          responses[i] = await client.request(inits[i]!);
        }
      }),
    );
    const connects = clients.reduce((n, c) => n + c.connects, 0);
    return { responses, connects, start, last: ctx.now() };
  } finally {
    for (const c of clients) c.close();
  }
}
