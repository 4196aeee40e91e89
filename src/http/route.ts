import { type Addr, formatAddr } from "../net/address.js";
import { SockError } from "../net/env.js";
import { EXPLAINED } from "../net/fail.js";
import type { Relay } from "../net/relay.js";
import { hostHeader } from "./client.js";

/**
 * Where a connection lesson's client sends its requests: straight to the
 * server, or to the network emulator in front of it when there is an RTT to
 * emulate.
 */
export interface Route {
  /** The server itself. */
  server: Addr;
  /** Where the client connects: the server, or the emulator. */
  via: Addr;
  /** The Host header: the server's (the emulator is only the network). */
  host: string;
  /** The emulator, if any; whoever opened the route closes it. */
  relay: Relay | null;
}

/** What opening a route needs from a lesson's context: its TCP emulator. */
export interface TcpRelayMaker {
  tcpRelay(target: Addr, rttMs: number): Promise<Relay>;
}

export async function routeTo(maker: TcpRelayMaker, server: Addr, rttMs: number): Promise<Route> {
  const host = hostHeader(server);
  if (rttMs <= 0) return { server, via: server, host, relay: null };
  const relay = await maker.tcpRelay(server, rttMs);
  return { server, via: relay.address, host, relay };
}

/**
 * Through the emulator a refused connection looks like a reset (the client's
 * connect reached the emulator, which then could not reach the server). The
 * emulator knows what really happened: that error, as a SockError whose key
 * and facts say it plainly; null when the emulator saw no such failure.
 */
export function upstreamError(route: Route): SockError | null {
  const failed = route.relay?.lastError;
  if (!failed) return null;
  const remote = formatAddr(route.server) ?? "";
  return EXPLAINED.has(failed.code)
    ? new SockError(failed.code, `error.${failed.code}`, { remote, local: "" })
    : new SockError(failed.code, "error.other", { code: failed.code, detail: remote });
}
