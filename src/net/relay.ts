import dgram from "node:dgram";
import net from "node:net";
import { escapeBytes, preview } from "../trace/escape.js";
import { type Addr, formatAddr } from "./address.js";
import type { NetEnv } from "./env.js";

/**
 * The network emulator: a relay the lesson puts between client and server.
 *
 * Model (documented in the README, labelled "simulated" in every event):
 * - UDP: each datagram, either way, is dropped with probability loss/100;
 *   the rest are forwarded at once, boundaries intact.
 * - TCP: every chunk is delayed RTT/2 in its direction, in order; the first
 *   bytes of a new connection wait one extra RTT, standing for the SYN /
 *   SYN+ACK exchange that loopback does in microseconds. A FIN (or RST) is
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
  close(): void;
}

export async function udpRelay(env: NetEnv, opts: RelayOptions): Promise<Relay> {
  const random = opts.random ?? Math.random;
  const loss = (opts.lossPercent ?? 0) / 100;
  const front = dgram.createSocket("udp4");
  const upstreams = new Map<string, dgram.Socket>();
  let closed = false;
  let count = 0;
  const decide = opts.drop ?? (() => random() < loss);
  const drop = (from: Addr, to: Addr, data: Buffer, direction: string): boolean => {
    if (!decide(++count)) return false;
    env.tracer.emit({
      kind: "note",
      actor: "network",
      key: "emulator.dropped",
      text: env.say("emulator.dropped", {
        bytes: data.length,
        from: formatAddr(from),
        to: formatAddr(to),
        direction,
      }),
      simulated: true,
      facts: {
        from: formatAddr(from),
        to: formatAddr(to),
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
    close() {
      if (closed) return;
      closed = true;
      untrack();
      front.close();
      for (const up of upstreams.values()) up.close();
    },
  };
  const untrack = env.track(relay);
  env.tracer.emit({
    kind: "note",
    actor: "network",
    key: opts.drop ? "emulator.udpFirst" : "emulator.udp",
    text: env.say(opts.drop ? "emulator.udpFirst" : "emulator.udp", {
      relay: formatAddr(relay.address),
      target: formatAddr(opts.target),
      loss: opts.lossPercent ?? 0,
    }),
    simulated: true,
    facts: {
      relay: formatAddr(relay.address),
      target: formatAddr(opts.target),
      lossPercent: opts.lossPercent ?? 0,
    },
  });
  return relay;
}

/** Deliver chunks in order, each no earlier than its due time. */
class DelayLine {
  private last = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  constructor(private readonly onDrain: (fn: () => void) => void) {}
  push(delayMs: number, fn: () => void): void {
    const due = Math.max(Date.now() + delayMs, this.last);
    this.last = due;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.onDrain(fn);
    }, due - Date.now());
    this.timers.add(timer);
  }
  clear(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

export async function tcpRelay(env: NetEnv, opts: RelayOptions): Promise<Relay> {
  const rtt = opts.rttMs ?? 0;
  const pairs = new Set<{ a: net.Socket; b: net.Socket; lines: DelayLine[] }>();
  const server = net.createServer({ allowHalfOpen: true }, (down) => {
    const up = net.connect({ host: opts.target.host, port: opts.target.port, allowHalfOpen: true });
    const toServer = new DelayLine((fn) => fn());
    const toClient = new DelayLine((fn) => fn());
    const pair = { a: down, b: up, lines: [toServer, toClient] };
    pairs.add(pair);
    let first = true;
    const kill = () => {
      toServer.clear();
      toClient.clear();
      down.destroy();
      up.destroy();
      pairs.delete(pair);
    };
    down.on("error", kill);
    up.on("error", kill);
    down.on("close", () => toServer.push(rtt / 2, () => up.end()));
    up.on("close", () => toClient.push(rtt / 2, () => down.end()));
    up.once("connect", () => {
      env.tracer.emit({
        kind: "note",
        actor: "network",
        key: "emulator.tcpConn",
        text: env.say("emulator.tcpConn", {
          client: down.remotePort ?? "",
          upstream: up.localPort ?? "",
        }),
        simulated: true,
        facts: { clientConn: down.remotePort ?? null, serverConn: up.localPort ?? null },
      });
    });
    down.on("data", (chunk: Buffer) => {
      const extra = first ? rtt : 0;
      first = false;
      toServer.push(extra + rtt / 2, () => up.write(chunk));
    });
    down.on("end", () => toServer.push(rtt / 2, () => up.end()));
    up.on("data", (chunk: Buffer) => toClient.push(rtt / 2, () => down.write(chunk)));
    up.on("end", () => toClient.push(rtt / 2, () => down.end()));
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
    close() {
      untrack();
      server.close();
      for (const pair of pairs) {
        for (const line of pair.lines) line.clear();
        pair.a.destroy();
        pair.b.destroy();
      }
      pairs.clear();
    },
  };
  const untrack = env.track(relay);
  env.tracer.emit({
    kind: "note",
    actor: "network",
    key: "emulator.tcp",
    text: env.say("emulator.tcp", {
      relay: formatAddr(relay.address),
      target: formatAddr(opts.target),
      rtt,
    }),
    simulated: true,
    facts: { relay: formatAddr(relay.address), target: formatAddr(opts.target), rttMs: rtt },
  });
  return relay;
}
