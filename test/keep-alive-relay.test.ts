import assert from "node:assert/strict";
import { once } from "node:events";
import net from "node:net";
import { describe, it } from "node:test";
import { tcpRelay } from "../src/net/relay.js";
import { harness } from "./http-harness.js";
import { freePort } from "./peers.js";

/** A plain node:net server the relay forwards to; `onSocket` gets each accepted socket. */
async function upstream(onSocket: (s: net.Socket) => void): Promise<net.Server> {
  const server = net.createServer({ allowHalfOpen: true }, onSocket);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return server;
}

function portOf(server: net.Server): number {
  return (server.address() as net.AddressInfo).port;
}

function collect(sock: net.Socket): Promise<{ data: string; error: string | null }> {
  return new Promise((resolve) => {
    let data = "";
    let error: string | null = null;
    sock.setEncoding("utf8");
    sock.on("data", (d: string) => {
      data += d;
    });
    sock.on("error", (e: NodeJS.ErrnoException) => {
      error = e.code ?? "ERROR";
    });
    sock.on("close", () => resolve({ data, error }));
  });
}

describe("the TCP emulator (tcpRelay)", () => {
  it("passes bytes both ways in order and says which connection stands for which", async () => {
    const h = harness();
    let seenPort: number | undefined;
    const server = await upstream((s) => {
      seenPort = s.remotePort;
      s.on("data", (d) => s.write(d.toString().toUpperCase()));
      s.on("end", () => s.end());
    });
    try {
      const relay = await tcpRelay(h.env, {
        target: { host: "127.0.0.1", port: portOf(server) },
        host: "127.0.0.1",
        rttMs: 20,
      });
      const client = net.connect({
        host: "127.0.0.1",
        port: relay.address.port,
        allowHalfOpen: true,
      });
      await once(client, "connect");
      const clientPort = client.localPort;
      const got = collect(client);
      client.write("one ");
      client.write("two ");
      client.write("three");
      // Wait until all of it came back before the FIN, so the server answered every piece.
      for (;;) {
        await new Promise((r) => setTimeout(r, 20));
        if (client.bytesRead >= "one two three".length) break;
      }
      client.end();
      const { data, error } = await got;
      assert.equal(data, "ONE TWO THREE");
      assert.equal(error, null);
      const notes = h.notes("emulator.tcpConn");
      assert.equal(notes.length, 1);
      assert.equal(notes[0]!.simulated, true);
      assert.equal(notes[0]!.facts?.clientConn, clientPort);
      assert.equal(notes[0]!.facts?.serverConn, seenPort);
      assert.equal(notes[0]!.facts?.handshakeMs, 20);
      assert.equal(h.notes("emulator.tcp")[0]?.simulated, true);
    } finally {
      await h.close();
      server.close();
    }
  });

  it("passes a FIN after the data before it; the other way stays open (half-close)", async () => {
    const h = harness();
    const server = await upstream((s) => {
      let got = "";
      s.on("data", (d) => {
        got += d.toString();
      });
      // Only after the client's FIN does the server answer, then it closes too.
      s.on("end", () => s.end(`got ${got.length} B before your FIN`));
    });
    try {
      const relay = await tcpRelay(h.env, {
        target: { host: "127.0.0.1", port: portOf(server) },
        host: "127.0.0.1",
        rttMs: 10,
      });
      const client = net.connect({
        host: "127.0.0.1",
        port: relay.address.port,
        allowHalfOpen: true,
      });
      await once(client, "connect");
      const got = collect(client);
      client.write("hello, ");
      client.end("world");
      const { data, error } = await got;
      assert.equal(data, "got 12 B before your FIN");
      assert.equal(error, null);
    } finally {
      await h.close();
      server.close();
    }
  });

  it("passes a reset on: the server sees ECONNRESET", async () => {
    const h = harness();
    let serverSide: Promise<{ data: string; error: string | null }> | null = null;
    const server = await upstream((s) => {
      serverSide = collect(s);
    });
    try {
      const relay = await tcpRelay(h.env, {
        target: { host: "127.0.0.1", port: portOf(server) },
        host: "127.0.0.1",
        rttMs: 10,
      });
      const client = net.connect({ host: "127.0.0.1", port: relay.address.port });
      await once(client, "connect");
      client.write("x");
      // Let the byte and the upstream connection get there first.
      while (!serverSide) await new Promise((r) => setTimeout(r, 10));
      client.resetAndDestroy();
      const { error } = await (serverSide as unknown as Promise<{ error: string | null }>);
      assert.equal(error, "ECONNRESET");
    } finally {
      await h.close();
      server.close();
    }
  });

  it("a server that refuses: the client's connection is reset, and the emulator says why", async () => {
    const h = harness();
    const port = await freePort();
    try {
      const relay = await tcpRelay(h.env, {
        target: { host: "127.0.0.1", port },
        host: "127.0.0.1",
        rttMs: 10,
      });
      const client = net.connect({ host: "127.0.0.1", port: relay.address.port });
      await once(client, "connect");
      const { error } = await collect(client);
      assert.equal(error, "ECONNRESET");
      const failed = h.notes("emulator.tcpUpstreamFailed");
      assert.equal(failed.length, 1);
      assert.equal(failed[0]!.facts?.code, "ECONNREFUSED");
      assert.equal(failed[0]!.simulated, true);
    } finally {
      await h.close();
    }
  });

  it("close() ends every relayed connection and stops listening", async () => {
    const h = harness();
    const server = await upstream(() => {});
    try {
      const relay = await tcpRelay(h.env, {
        target: { host: "127.0.0.1", port: portOf(server) },
        host: "127.0.0.1",
        rttMs: 10,
      });
      const client = net.connect({ host: "127.0.0.1", port: relay.address.port });
      await once(client, "connect");
      const ended = collect(client);
      client.write("still open");
      relay.close();
      await ended;
      const again = net.connect({ host: "127.0.0.1", port: relay.address.port });
      const [err] = (await once(again, "error").catch((e) => [e])) as [NodeJS.ErrnoException];
      assert.equal(err.code, "ECONNREFUSED");
    } finally {
      await h.close();
      server.close();
    }
  });
});
