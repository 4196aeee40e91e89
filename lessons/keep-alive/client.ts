import type { ClientResponse, RequestInit } from "../../src/http/index.js";
import { HttpClient } from "../../src/http/index.js";
import { type MessageKey, messages } from "../../src/i18n/messages.js";
import type { Addr } from "../../src/net/address.js";
import { formatAddr } from "../../src/net/address.js";
import type { Relay } from "../../src/net/relay.js";
import type { LessonContext } from "../../src/runtime/lesson.js";

export type Strategy = "http10" | "keepalive" | "http11";

export interface RunResult {
  responses: ClientResponse[];
  connects: number;
  /** Tracer time before the first connect, and at the last response. */
  start: number;
  last: number;
  /** Requests each connection carried, in order. */
  perConnection: number[];
}

export interface Target {
  /** Where the client connects: the server, or the emulator in front of it. */
  via: Addr;
  /** The server itself, for the Host header (the emulator is only the network). */
  host: string;
}

/** Put the emulator in front of `server` when there is an RTT to emulate. */
export async function throughEmulator(
  ctx: LessonContext,
  server: Addr,
  rtt: number,
): Promise<{ via: Addr; relay: Relay | null }> {
  if (rtt <= 0) return { via: server, relay: null };
  const relay = await ctx.tcpRelay(server, rtt);
  return { via: relay.address, relay };
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
  ctx: LessonContext,
  target: Target,
  strategy: Strategy,
  paths: readonly string[],
): Promise<RunResult> {
  const client = new HttpClient(ctx, { host: target.via.host, port: target.via.port });
  const responses: ClientResponse[] = [];
  const perConnection: number[] = [];
  let carried = 0;
  let current: number | null | undefined;
  const start = ctx.tracer.now();
  let last = start;
  try {
    for (const [i, path] of paths.entries()) {
      const res = await client.request(requestFor(strategy, path, i, paths.length, target.host));
      last = ctx.tracer.now();
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
            rule: ctx.env.say(`http.persist.${res.persist.reason}` as MessageKey),
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

/**
 * Through the emulator a refused connection looks like a reset (the client's
 * connect reached the emulator, which then could not reach the server). The
 * emulator said what really happened; fail with that, in plain words.
 */
export function upstreamFailure(ctx: LessonContext, server: Addr): string | null {
  const note = ctx.tracer.events
    .filter((e) => e.kind === "note" && e.key === "emulator.tcpUpstreamFailed")
    .at(-1);
  if (note?.kind !== "note") return null;
  const code = String(note.facts?.code ?? "EUNKNOWN");
  const key = `error.${code}` as MessageKey;
  const remote = formatAddr(server) ?? "";
  return key in messages.en
    ? ctx.env.say(key, { remote, local: "" })
    : ctx.env.say("error.other", { code, detail: remote });
}
