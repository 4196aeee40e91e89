import { type Addr, AddrError, formatAddr, parseAddr } from "../../src/net/address.js";
import type { UdpSocket } from "../../src/net/udp.js";
import { referenceProgram, requireIPv4 } from "../../src/runtime/lecture.js";
import type { LessonContext, LessonModule } from "../../src/runtime/lesson.js";
import { escapeBytes } from "../../src/trace/escape.js";
import { echo } from "./client.js";
import { quiz } from "./quiz.js";
import { serveForever } from "./server.js";
import { text } from "./text.js";

const steps = [
  "server-binds",
  "client-socket",
  "first-datagram",
  "reply",
  "boundaries",
  "loss",
  "close",
] as const;

/** The client's patience in the loss step, and in --connect: the lecture's settimeout(1). */
const TIMEOUT_S = 1;
const TRIES = 5;

function countDrops(ctx: LessonContext, fromSeq: number): number {
  return ctx.tracer.events.filter(
    (e) => e.seq > fromSeq && e.kind === "note" && e.key === "emulator.dropped",
  ).length;
}

async function replay(ctx: LessonContext): Promise<void> {
  const { host, port } = ctx.opts;
  requireIPv4(ctx, host);
  const message = ctx.opts.message ?? ctx.say("default.message");
  let server!: UdpSocket;
  let client!: UdpSocket;
  let serverAddr!: Addr;
  let serving: Promise<void> = Promise.resolve();

  await ctx.step(
    "server-binds",
    { py: ["serverSocket = socket(AF_INET, SOCK_DGRAM)", "serverSocket.bind(('', serverPort))"] },
    async () => {
      server = ctx.udp("server");
      serverAddr = await server.bind(port, host);
      ctx.note("note.serverBinds", { address: formatAddr(serverAddr), host });
    },
  );

  await ctx.step(
    "client-socket",
    { py: ["clientSocket = socket(AF_INET, SOCK_DGRAM)"] },
    async () => {
      client = ctx.udp("client");
      ctx.note("note.noBind", { local: formatAddr(client.address) });
    },
  );

  let from!: Addr;
  let received!: Buffer;
  await ctx.step(
    "first-datagram",
    {
      py: [
        "clientSocket.sendto(message.encode(), (serverName, serverPort))",
        "message, clientAddress = serverSocket.recvfrom(2048)",
      ],
    },
    async () => {
      await client.sendto(message, serverAddr);
      ({ from, data: received } = await server.recvfrom(2048));
      ctx.note("note.noHandshake");
      const local = client.address;
      ctx.note("note.portChosen", { port: local?.port ?? null, from: formatAddr(from) });
      if (local && (local.host === "0.0.0.0" || local.host === "::") && local.host !== from.host) {
        ctx.note("note.anyAddress", { local: formatAddr(local), source: from.host });
      }
    },
  );

  await ctx.step(
    "reply",
    {
      py: [
        "modifiedMessage = message.decode().upper()",
        "serverSocket.sendto(modifiedMessage.encode(), clientAddress)",
        "modifiedMessage, serverAddress = clientSocket.recvfrom(2048)",
      ],
    },
    async () => {
      await server.sendto(received.toString("utf8").toUpperCase(), from);
      ctx.note("note.replyAddress", { from: formatAddr(from) });
      const { data } = await client.recvfrom(2048);
      ctx.note("note.replyGot", { bytes: data.length, reply: escapeBytes(data) });
    },
  );

  await ctx.step(
    "boundaries",
    { py: ["for part in parts: clientSocket.sendto(part, (serverName, serverPort))"] },
    async () => {
      const parts = ["one", "two!", "three"];
      for (const part of parts) await client.sendto(part, serverAddr);
      const got: number[] = [];
      for (let i = 0; i < parts.length; i++) {
        const { data, from: sender } = await server.recvfrom(2048);
        got.push(data.length);
        await server.sendto(data.toString("utf8").toUpperCase(), sender);
      }
      for (let i = 0; i < parts.length; i++) await client.recvfrom(2048);
      ctx.note("note.boundaries", {
        sent: parts.length,
        sizes: parts.map((p) => Buffer.byteLength(p)).join(" + "),
        received: got.length,
        got: got.join(" + "),
      });
    },
  );

  await ctx.step(
    "loss",
    {
      py: [
        "clientSocket.settimeout(1)",
        "try: clientSocket.recvfrom(2048)",
        "except timeout: clientSocket.sendto(...)  # again",
      ],
    },
    async () => {
      const loss = ctx.opts.lossPercent > 0 ? ctx.opts.lossPercent : "first";
      const relay = await ctx.udpRelay(serverAddr, loss);
      ctx.note("note.lossSetup", { timeout: TIMEOUT_S, tries: TRIES });
      ctx.note("note.relayAddress");
      const mark = ctx.tracer.events.at(-1)?.seq ?? 0;
      // The server answers in the background: how many datagrams reach it is up to the network.
      serving = serveForever(server).catch(() => {});
      client.settimeout(TIMEOUT_S);
      const result = await echo(ctx, client, relay.address, message, TRIES);
      const dropped = countDrops(ctx, mark);
      if (result.reply === null) ctx.note("note.lossGaveUp", { tries: TRIES, dropped });
      else if (dropped === 0) ctx.note("note.lossNone", { loss: ctx.opts.lossPercent });
      else ctx.note("note.lossResult", { tries: result.tries, dropped });
      relay.close();
    },
  );

  await ctx.step("close", { py: ["clientSocket.close()"] }, async () => {
    client.close();
    // The lecture's server would go on forever; the replay stops it here.
    server.close();
    await serving;
    ctx.note("note.close");
  });
}

async function serve(ctx: LessonContext): Promise<void> {
  requireIPv4(ctx, ctx.opts.host);
  const server = ctx.udp("server");
  const addr = await server.bind(ctx.opts.port, ctx.opts.host);
  ctx.note("note.serveHint", {
    host: addr.host,
    port: addr.port,
    client: referenceProgram("udp-echo", "UDPClient.py"),
  });
  if (ctx.opts.lossPercent > 0) ctx.note("note.serveLoss");
  await serveForever(server);
}

async function connect(ctx: LessonContext, target: string): Promise<void> {
  let to: Addr;
  try {
    to = parseAddr(target);
  } catch (err) {
    if (err instanceof AddrError) ctx.fail(ctx.say("fail.badTarget", { value: target }));
    throw err;
  }
  requireIPv4(ctx, to.host);
  const message = ctx.opts.message ?? ctx.say("default.message");
  const client = ctx.udp("client");
  const via =
    ctx.opts.lossPercent > 0 ? (await ctx.udpRelay(to, ctx.opts.lossPercent)).address : to;
  ctx.note("note.connectTarget", { target: formatAddr(to), timeout: TIMEOUT_S, tries: TRIES });
  client.settimeout(TIMEOUT_S);
  const result = await echo(ctx, client, via, message, TRIES);
  client.close();
  if (result.reply === null)
    ctx.fail(ctx.say("fail.noReply", { target: formatAddr(to), tries: TRIES }));
}

export const lesson: LessonModule = { text, steps, quiz, replay, serve, connect };
