import { type Addr, formatAddr } from "../../src/net/address.js";
import type { UdpSocket } from "../../src/net/udp.js";
import { referenceProgram, requireIPv4 } from "../../src/runtime/lecture.js";
import { type ConnectTarget, defineLesson, type LessonContext } from "../../src/runtime/lesson.js";
import { escapeBytes } from "../../src/trace/escape.js";
import { echo } from "./client.js";
import { meta } from "./meta.js";
import { quiz } from "./quiz.js";
import { serveForever } from "./server.js";
import { text } from "./text.js";

type Ctx = LessonContext<typeof text.en>;

/** The client's patience in the loss step, and in --connect: the lecture's settimeout(1). */
const TIMEOUT_S = 1;
const TRIES = 5;

/** What the steps pass along: both sockets, the server's address, the first datagram. */
interface State {
  message: string;
  server: UdpSocket;
  client: UdpSocket;
  serverAddr: Addr;
  from: Addr;
  received: Buffer;
  /** The server's loop from the loss step on; the last step waits for it to end. */
  serving: Promise<void>;
}

export const lesson = defineLesson(meta, {
  text,
  quiz,
  init(ctx: Ctx): State {
    requireIPv4(ctx, ctx.opts.host);
    return {
      message: ctx.opts.message ?? ctx.say("default.message"),
      serving: Promise.resolve(),
    } as State;
  },
  steps: [
    {
      id: "server-binds",
      py: ["serverSocket = socket(AF_INET, SOCK_DGRAM)", "serverSocket.bind(('', serverPort))"],
      async run(ctx, s) {
        const { host, port } = ctx.opts;
        s.server = ctx.udp("server");
        s.serverAddr = await s.server.bind(port, host);
        ctx.note("note.serverBinds", { address: formatAddr(s.serverAddr), host });
      },
    },
    {
      id: "client-socket",
      py: ["clientSocket = socket(AF_INET, SOCK_DGRAM)"],
      async run(ctx, s) {
        s.client = ctx.udp("client");
        ctx.note("note.noBind", { local: formatAddr(s.client.address) });
      },
    },
    {
      id: "first-datagram",
      py: [
        "clientSocket.sendto(message.encode(), (serverName, serverPort))",
        "message, clientAddress = serverSocket.recvfrom(2048)",
      ],
      async run(ctx, s) {
        await s.client.sendto(s.message, s.serverAddr);
        ({ from: s.from, data: s.received } = await s.server.recvfrom(2048));
        ctx.note("note.noHandshake");
        const local = s.client.address;
        ctx.note("note.portChosen", { port: local?.port ?? null, from: formatAddr(s.from) });
        const any = local && (local.host === "0.0.0.0" || local.host === "::");
        if (any && local.host !== s.from.host) {
          ctx.note("note.anyAddress", { local: formatAddr(local), source: s.from.host });
        }
      },
    },
    {
      id: "reply",
      py: [
        "modifiedMessage = message.decode().upper()",
        "serverSocket.sendto(modifiedMessage.encode(), clientAddress)",
        "modifiedMessage, serverAddress = clientSocket.recvfrom(2048)",
      ],
      async run(ctx, s) {
        await s.server.sendto(s.received.toString("utf8").toUpperCase(), s.from);
        ctx.note("note.replyAddress", { from: formatAddr(s.from) });
        const { data } = await s.client.recvfrom(2048);
        ctx.note("note.replyGot", { bytes: data.length, reply: escapeBytes(data) });
      },
    },
    {
      id: "boundaries",
      py: ["for part in parts: clientSocket.sendto(part, (serverName, serverPort))"],
      async run(ctx, s) {
        const parts = ["one", "two!", "three"];
        for (const part of parts) await s.client.sendto(part, s.serverAddr);
        const got: number[] = [];
        for (let i = 0; i < parts.length; i++) {
          const { data, from: sender } = await s.server.recvfrom(2048);
          got.push(data.length);
          await s.server.sendto(data.toString("utf8").toUpperCase(), sender);
        }
        for (let i = 0; i < parts.length; i++) await s.client.recvfrom(2048);
        ctx.note("note.boundaries", {
          sent: parts.length,
          sizes: parts.map((p) => Buffer.byteLength(p)).join(" + "),
          received: got.length,
          got: got.join(" + "),
        });
      },
    },
    {
      id: "loss",
      py: [
        "clientSocket.settimeout(1)",
        "try: clientSocket.recvfrom(2048)",
        "except timeout: clientSocket.sendto(...)  # again",
      ],
      async run(ctx, s) {
        const loss = ctx.opts.lossPercent > 0 ? ctx.opts.lossPercent : "first";
        const relay = await ctx.udpRelay(s.serverAddr, loss);
        ctx.note("note.lossSetup", { timeout: TIMEOUT_S, tries: TRIES });
        ctx.note("note.relayAddress");
        // The server answers in the background: how many datagrams reach it is up to the network.
        s.serving = serveForever(s.server).catch(() => {});
        s.client.settimeout(TIMEOUT_S);
        const result = await echo(ctx, s.client, relay.address, s.message, TRIES);
        const dropped = relay.dropped;
        if (result.reply === null) ctx.note("note.lossGaveUp", { tries: TRIES, dropped });
        else if (dropped === 0) ctx.note("note.lossNone", { loss: ctx.opts.lossPercent });
        else ctx.note("note.lossResult", { tries: result.tries, dropped });
        relay.close();
      },
    },
    {
      id: "close",
      py: ["clientSocket.close()"],
      async run(ctx, s) {
        s.client.close();
        // The lecture's server would go on forever; the replay stops it here.
        s.server.close();
        await s.serving;
        ctx.note("note.close");
      },
    },
  ],
  serve,
  connect,
});

async function serve(ctx: Ctx): Promise<void> {
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

async function connect(ctx: Ctx, target: ConnectTarget): Promise<void> {
  const to: Addr = { host: target.host, port: target.port };
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
