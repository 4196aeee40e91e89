/**
 * The emulator's cost model for the connection lessons (README: "The network
 * emulator"). A new connection costs one RTT of handshake before its first
 * request can arrive; every request costs one RTT there and back, plus
 * whatever time the server spends on it. Transmission time is zero: the
 * messages are small and loopback is fast.
 */

/** Connections the rules predict for N requests when a server allows `max` per connection. */
export function connectionsFor(requests: number, maxPerConnection: number): number {
  if (requests <= 0) return 0;
  if (!Number.isFinite(maxPerConnection) || maxPerConnection <= 0) return 1;
  return Math.ceil(requests / maxPerConnection);
}

/** Requests one after another: each connection's handshake, then one RTT per request. */
export function sequentialMs(requests: number, connections: number, rttMs: number): number {
  return connections * rttMs + requests * rttMs;
}

/** HTTP/1.0 without keep-alive: a connection per request, N × 2 RTT. */
export function http10Ms(requests: number, rttMs: number): number {
  return sequentialMs(requests, requests, rttMs);
}

/** HTTP/1.0 keep-alive, the server closing after `max` requests: ceil(N/max) × RTT + N × RTT. */
export function keepAliveMs(requests: number, maxPerConnection: number, rttMs: number): number {
  return sequentialMs(requests, connectionsFor(requests, maxPerConnection), rttMs);
}

/** HTTP/1.1 persistent: RTT + N × RTT. */
export function persistentMs(requests: number, rttMs: number): number {
  return sequentialMs(requests, 1, rttMs);
}

/** Serial on one connection: the handshake, then each request's RTT and its server time. */
export function serialMs(workMs: readonly number[], rttMs: number): number {
  return rttMs + workMs.reduce((sum, w) => sum + rttMs + w, 0);
}

/**
 * Pipelined on one connection: every request leaves at once and arrives
 * together; the server works on them side by side but answers in order, so
 * the last answer leaves when the slowest one before it is done.
 */
export function pipelinedMs(workMs: readonly number[], rttMs: number): number {
  if (workMs.length === 0) return 0;
  return 2 * rttMs + Math.max(...workMs);
}

/**
 * k parallel connections sharing one queue, as a browser does: all open at
 * once, and whichever connection is free takes the next request.
 */
export function parallelMs(workMs: readonly number[], k: number, rttMs: number): number {
  if (workMs.length === 0) return 0;
  const free = Array.from({ length: Math.max(1, Math.min(k, workMs.length)) }, () => rttMs);
  for (const w of workMs) {
    let j = 0;
    for (let i = 1; i < free.length; i++) if (free[i]! < free[j]!) j = i;
    free[j] = free[j]! + rttMs + w;
  }
  return Math.max(...free);
}

/**
 * Round trips a pipelining client needs on one open connection: idempotent
 * requests go together, a non-idempotent one (POST) waits for everything
 * before it and is answered before anything after it is written.
 */
export function pipelineRounds(methods: readonly string[], idempotent: readonly string[]): number {
  let rounds = 0;
  let open = false;
  for (const m of methods) {
    if (idempotent.includes(m)) {
      if (!open) rounds++;
      open = true;
    } else {
      rounds++;
      open = false;
    }
  }
  return rounds;
}

/**
 * A server that closes after `max` requests per connection, a client that
 * pipelines everything and resends what was not answered on a new
 * connection: each connection costs its handshake and one round trip.
 */
export function resendMs(requests: number, maxPerConnection: number, rttMs: number): number {
  return connectionsFor(requests, maxPerConnection) * 2 * rttMs;
}
