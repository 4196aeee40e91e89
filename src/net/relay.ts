import dgram from "node:dgram";
import net from "node:net";
import { performance } from "node:perf_hooks";
import { escapeBytes, preview } from "../trace/escape.js";
import { type Addr, formatAddr, pyAddr } from "./address.js";
import type { NetEnv } from "./env.js";

/**
 * The network emulator: a relay the lesson puts between client and server.
 *
 * Model (documented in the README, labelled "simulated" in every event):
 * - UDP: each datagram, either way, is dropped with probability loss/100;
 *   the rest are forwarded at once, boundaries intact.
 * - TCP: every chunk is delayed RTT/2 in its direction, in order; a new
 *   connection costs one extra RTT, standing for the SYN / SYN+ACK exchange
 *   that loopback does in microseconds (see tcpRelay). A FIN (or RST) is
 *   passed on after the data before it.
 * Through the relay the server sees the relay's address, not the client's:
 * the relay says which connection or port stands for which.
 */
export interface RelayOptions {
  target: Addr;
  host: string;
  lossPercent?: number;
  /** Overrides the random draw: whether the n-th datagram (1-based, both directions) is dropped. */
  drop?: (n: number) => boolean;
  rttMs?: number;
  random?: () => number;
}

export interface Relay {
  address: Addr;
  /** Datagrams this relay dropped so far (UDP). */
  readonly dropped: number;
  /** The last upstream connection the server did not take, with its error code (TCP). */
  readonly lastError: { clientConn: number | null; code: string } | null;
  /** Stop relaying; resolves once every descriptor of the relay is closed. */
  close(): Promise<void>;
}

export async function udpRelay(env: NetEnv, opts: RelayOptions): Promise<Relay> {
  const random = opts.random ?? Math.random;
  const loss = (opts.lossPercent ?? 0) / 100;
  const front = dgram.createSocket("udp4");
  const upstreams = new Map<string, dgram.Socket>();
  let closed = false;
  let count = 0;
  let dropped = 0;
  const decide = opts.drop ?? (() => random() < loss);
  const drop = (from: Addr, to: Addr, data: Buffer, direction: string): boolean => {
    if (!decide(++count)) return false;
    dropped++;
    env.tracer.emit({
      kind: "note",
      actor: "network",
      key: "emulator.dropped",
      simulated: true,
      facts: {
        from: formatAddr(from),
        to: formatAddr(to),
        direction,
        bytes: data.length,
        data: preview(escapeBytes(data)),
      },
    });
    return true;
  };
  front.on("error", () => {});
  front.on("message", (data, rinfo) => {
    const client: Addr = { host: rinfo.address, port: rinfo.port };
    const key = formatAddr(client)!;
    let up = upstreams.get(key);
    if (!up) {
      const socket = dgram.createSocket("udp4");
      up = socket;
      socket.on("error", () => {});
      socket.on("message", (reply, from) => {
        const server: Addr = { host: from.address, port: from.port };
        if (closed || drop(server, client, reply, "←")) return;
        front.send(reply, client.port, client.host);
      });
      upstreams.set(key, socket);
    }
    if (drop(client, opts.target, data, "→")) return;
    up.send(data, opts.target.port, opts.target.host);
  });
  await new Promise<void>((resolve, reject) => {
    front.once("error", reject);
    front.bind(0, opts.host, () => {
      front.off("error", reject);
      resolve();
    });
  });
  const a = front.address();
  const relay: Relay = {
    address: { host: a.address, port: a.port },
    get dropped() {
      return dropped;
    },
    lastError: null,
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      const sockets = [front, ...upstreams.values()];
      const gone = Promise.all(
        sockets.map((sock) => new Promise<void>((resolve) => sock.close(() => resolve()))),
      ).then(() => untrack());
      return gone;
    },
  };
  const untrack = env.track(relay);
  env.tracer.emit({
    kind: "note",
    actor: "network",
    key: opts.drop ? "emulator.udpFirst" : "emulator.udp",
    simulated: true,
    facts: {
      relay: formatAddr(relay.address),
      target: formatAddr(opts.target),
      lossPercent: opts.lossPercent ?? 0,
    },
  });
  return relay;
}

/**
 * One direction of a relayed TCP connection: actions (write, FIN, RST) run
 * in the order they were queued, each no earlier than its due time. A single
 * timer per direction keeps the order exact, whatever the timer wheel does.
 */
class DelayLine {
  private readonly queue: { due: number; fn: () => void }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private last = 0;

  /** Run `fn` at `due` (performance.now() ms), and never before what was queued earlier. */
  push(due: number, fn: () => void): void {
    const when = Math.max(due, this.last);
    this.last = when;
    this.queue.push({ due: when, fn });
    if (!this.timer) this.arm();
  }

  private arm(): void {
    const head = this.queue[0];
    if (!head) return;
    this.timer = setTimeout(this.run, Math.max(0, Math.ceil(head.due - performance.now())));
  }

  private readonly run = (): void => {
    this.timer = null;
    while (this.queue.length > 0 && this.queue[0]!.due <= performance.now() + 0.5) {
      this.queue.shift()!.fn();
    }
    this.arm();
  };

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queue.length = 0;
  }
}

interface Pair {
  down: net.Socket;
  up: net.Socket | null;
  toServer: DelayLine;
  toClient: DelayLine;
  /** Narrate the emulator passing the client's FIN on to the server. */
  narrateShutdown?: () => void;
  /** Narrate the close of the emulator's socket toward the server (once). */
  narrateClose?: () => void;
}

/**
 * The TCP half of the emulator. For a connection the relay accepted at T0:
 * - the handshake is one RTT: the server's accept() happens when the
 *   client's last ACK would arrive (T0 + 1.5 RTT), and bytes the client sent
 *   before its connect() would really have returned wait until T0 + RTT;
 * - after that every chunk, FIN and RST takes RTT/2 in its direction, in order.
 * So a request on a new connection costs 2 RTT, on a reused one 1 RTT.
 */
export async function tcpRelay(env: NetEnv, opts: RelayOptions): Promise<Relay> {
  const rtt = opts.rttMs ?? 0;
  const half = rtt / 2;
  const pairs = new Set<Pair>();
  let closed = false;
  let lastError: Relay["lastError"] = null;

  const server = net.createServer({ allowHalfOpen: true }, (down) => {
    if (closed) {
      down.destroy();
      return;
    }
    const t0 = performance.now();
    const acceptedAt = env.tracer.now();
    const clientConn = down.remotePort ?? null;
    const pair: Pair = { down, up: null, toServer: new DelayLine(), toClient: new DelayLine() };
    pairs.add(pair);
    let downClosed = false;
    let upClosed = false;
    const forget = () => {
      if (!downClosed || !upClosed) return;
      pair.toServer.clear();
      pair.toClient.clear();
      pairs.delete(pair);
    };
    /** When something the client did reaches the server side of the wire. */
    const toServerDue = () => Math.max(performance.now(), t0 + rtt) + half;
    const toClientDue = () => performance.now() + half;

    const connectUpstream = () => {
      const up = net.connect({
        host: opts.target.host,
        port: opts.target.port,
        allowHalfOpen: true,
      });
      pair.up = up;
      let connected = false;
      let upLocal: string | null = null;
      /** The emulator's own calls on its leg to the server are real system calls: narrated. */
      const narrate = (call: "connect" | "shutdown" | "close", py: string, node: string) =>
        env.tracer.emit({
          kind: "call",
          actor: "network",
          call,
          proto: "tcp",
          sock: "relaySocket",
          local: upLocal,
          remote: formatAddr(opts.target),
          conn: up.localPort ?? null,
          py,
          node,
        });
      pair.narrateShutdown = () => {
        if (connected) narrate("shutdown", "relaySocket.shutdown(SHUT_WR)", "socket.end()");
      };
      // libuv closes the descriptor inside destroy(): said then, or when Node closed it by itself.
      let closeNarrated = false;
      pair.narrateClose = () => {
        if (!connected || closeNarrated) return;
        closeNarrated = true;
        narrate("close", "relaySocket.close()", "socket.destroy()");
      };
      up.once("connect", () => {
        connected = true;
        const serverConn = up.localPort ?? null;
        upLocal = formatAddr({ host: up.localAddress ?? opts.host, port: serverConn ?? 0 });
        narrate(
          "connect",
          `relaySocket.connect(${pyAddr(opts.target)})`,
          `net.connect({ host: "${opts.target.host}", port: ${opts.target.port} })`,
        );
        env.tracer.emit({
          kind: "note",
          actor: "network",
          key: "emulator.tcpConn",
          simulated: true,
          facts: { clientConn, serverConn, handshakeMs: rtt, acceptedAt },
        });
      });
      up.on("data", (chunk: Buffer) => {
        pair.toClient.push(toClientDue(), () => {
          // Data for a client that has closed its socket: its kernel answers with RST.
          if (down.destroyed) {
            pair.narrateClose?.();
            up.resetAndDestroy();
          } else down.write(chunk);
        });
      });
      up.on("end", () => {
        pair.toClient.push(toClientDue(), () => {
          if (!down.destroyed) down.end();
        });
      });
      up.on("error", (err: NodeJS.ErrnoException) => {
        if (!connected) {
          lastError = { clientConn, code: err.code ?? "EUNKNOWN" };
          env.tracer.emit({
            kind: "note",
            actor: "network",
            key: "emulator.tcpUpstreamFailed",
            simulated: true,
            facts: { clientConn, code: err.code ?? "EUNKNOWN", target: formatAddr(opts.target) },
          });
        }
        // The server's reset (or a refusal) reaches the client after the data before it.
        pair.toServer.clear();
        pair.toClient.push(toClientDue(), () => {
          if (!down.destroyed) down.resetAndDestroy();
        });
      });
      up.on("close", () => {
        pair.narrateClose?.();
        upClosed = true;
        forget();
      });
    };
    // The server's kernel completes the handshake when the client's ACK arrives.
    pair.toServer.push(t0 + rtt + half, connectUpstream);

    down.on("data", (chunk: Buffer) => {
      pair.toServer.push(toServerDue(), () => {
        if (pair.up && !pair.up.destroyed) pair.up.write(chunk);
      });
    });
    down.on("end", () => {
      pair.toServer.push(toServerDue(), () => {
        if (pair.up && !pair.up.destroyed) {
          pair.narrateShutdown?.();
          pair.up.end();
        }
      });
    });
    down.on("error", () => {
      // The client reset the connection (or vanished): the server sees an RST, in order.
      pair.toClient.clear();
      pair.toServer.push(toServerDue(), () => {
        if (pair.up && !pair.up.destroyed) {
          pair.narrateClose?.();
          pair.up.resetAndDestroy();
        } else upClosed = true;
        forget();
      });
    });
    down.on("close", () => {
      // What the client sent before it left is still on its way to the server.
      downClosed = true;
      forget();
    });
  });
  server.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, opts.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const a = server.address() as net.AddressInfo;
  const relay: Relay = {
    address: { host: a.address, port: a.port },
    dropped: 0,
    get lastError() {
      return lastError;
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      // Every descriptor really closed before the run may end: nothing outlives the narration.
      const sockets = [...pairs].flatMap((p) => (p.up ? [p.down, p.up] : [p.down]));
      const gone = Promise.all([
        new Promise<void>((resolve) => server.close(() => resolve())),
        ...sockets.map((sock) =>
          sock.closed
            ? Promise.resolve()
            : new Promise<void>((resolve) => sock.once("close", () => resolve())),
        ),
      ]).then(() => untrack());
      for (const pair of pairs) {
        pair.toServer.clear();
        pair.toClient.clear();
        pair.down.destroy();
        if (pair.up && !pair.up.destroyed) pair.narrateClose?.();
        pair.up?.destroy();
      }
      pairs.clear();
      return gone;
    },
  };
  const untrack = env.track(relay);
  env.tracer.emit({
    kind: "note",
    actor: "network",
    key: "emulator.tcp",
    simulated: true,
    facts: { relay: formatAddr(relay.address), target: formatAddr(opts.target), rttMs: rtt },
  });
  return relay;
}
