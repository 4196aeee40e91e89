import { type Addr, AddrError, formatAddr, parseAddr } from "../../src/net/address.js";
import { SockError } from "../../src/net/env.js";
import type { TcpSocket } from "../../src/net/tcp.js";
import { referenceProgram, requireIPv4 } from "../../src/runtime/lecture.js";
import type { LessonContext, LessonModule } from "../../src/runtime/lesson.js";
import type { CallEvent } from "../../src/trace/events.js";
import {
  CONNECT_TIMEOUT_MS,
  echoClient,
  lastCall,
  REPLY_TIMEOUT_MS,
  recvUntil,
  shown,
} from "./client.js";
import { quiz } from "./quiz.js";
import {
  LECTURE_BACKLOG,
  listenSocket,
  QUIET_MS,
  SERVE_BACKLOG,
  serveForever,
  upper,
} from "./server.js";
import { text } from "./text.js";
import { inTimeWait, lookupTimeWait } from "./timewait.js";

const steps = [
  "refused",
  "handshake",
  "backlog",
  "new-socket",
  "second-client",
  "byte-stream",
  "half-close",
  "close",
] as const;

/** How long the lesson waits for the kernel to finish closing before it asks ss. */
const CLOSE_WAIT_MS = 3000;

function messageOf(ctx: LessonContext): string {
  const message = ctx.opts.message ?? ctx.say("default.message");
  if (message === "") ctx.fail(ctx.say("fail.emptyMessage"));
  return message;
}

/** A wildcard bind address is not a destination: clients on this machine dial loopback. */
function dialHost(host: string): string {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1";
  return host;
}

/** The message in two halves (by characters, never inside one), for the byte-stream step. */
function halves(message: string): [string, string] {
  const chars = Array.from(message);
  if (chars.length < 2) return [message, message];
  const mid = Math.ceil(chars.length / 2);
  return [chars.slice(0, mid).join(""), chars.slice(mid).join("")];
}

function mustCall(ev: CallEvent | undefined): CallEvent {
  if (!ev) throw new Error("missing call event");
  return ev;
}

function tupleOf(ev: CallEvent): string {
  return `${ev.local ?? "?"} ⇄ ${ev.remote ?? "?"}`;
}

function portOf(addr: string | null): number | null {
  if (!addr) return null;
  const port = Number(addr.slice(addr.lastIndexOf(":") + 1));
  return Number.isInteger(port) ? port : null;
}

function settle(sockets: TcpSocket[]): Promise<void> {
  const all = Promise.all(sockets.map((s) => s.whenClosed())).then(() => {});
  return Promise.race([all, new Promise<void>((r) => setTimeout(r, CLOSE_WAIT_MS).unref())]);
}

async function replay(ctx: LessonContext): Promise<void> {
  const { host } = ctx.opts;
  requireIPv4(ctx, host);
  const message = messageOf(ctx);
  if (ctx.opts.rttMs > 0) ctx.note("note.rttIgnored");
  // The client must know the server's port before anyone listens on it (step 1).
  const port = ctx.opts.port !== 0 ? ctx.opts.port : await ctx.reservePort(host);
  const target: Addr = { host: dialHost(host), port };
  const timeouts = { timeoutMs: REPLY_TIMEOUT_MS };

  await ctx.step(
    "refused",
    {
      py: [
        "clientSocket = socket(AF_INET, SOCK_STREAM)",
        "clientSocket.connect((serverName, serverPort))  # ConnectionRefusedError",
      ],
    },
    async () => {
      if (ctx.opts.port === 0) ctx.note("note.reserved", { port });
      const early = ctx.tcp("client");
      try {
        await early.connect(target, { timeoutMs: CONNECT_TIMEOUT_MS });
      } catch (err) {
        early.close();
        if (!(err instanceof SockError) || err.code !== "ECONNREFUSED") throw err;
        ctx.note("note.refused", { code: err.code, remote: formatAddr(target) });
        ctx.note("note.newSocket");
        return;
      }
      early.close();
      ctx.fail(ctx.say("fail.portTaken", { address: formatAddr(target) }));
    },
  );

  let server!: TcpSocket;
  let client!: TcpSocket;
  let connected!: CallEvent;
  await ctx.step(
    "handshake",
    {
      py: [
        "serverSocket = socket(AF_INET, SOCK_STREAM)",
        "serverSocket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)",
        "serverSocket.bind(('', serverPort))",
        `serverSocket.listen(${LECTURE_BACKLOG})`,
        "clientSocket = socket(AF_INET, SOCK_STREAM)",
        "clientSocket.connect((serverName, serverPort))",
      ],
    },
    async () => {
      server = await listenSocket(ctx, port, host, LECTURE_BACKLOG);
      ctx.note("note.reuseAddr");
      ctx.note("note.listening", {
        address: formatAddr(server.localAddr),
        backlog: LECTURE_BACKLOG,
      });
      client = ctx.tcp("client");
      await client.connect(target, { timeoutMs: CONNECT_TIMEOUT_MS });
      connected = mustCall(lastCall(ctx, "client", "connect", client.name));
      ctx.measure("connect", ctx.say("measure.connect"), connected.ms ?? 0, "ms");
      ctx.note("note.handshake", { ms: connected.ms ?? null, port: portOf(connected.local) });
    },
  );

  let conn!: TcpSocket;
  let accepted!: CallEvent;
  await ctx.step(
    "backlog",
    {
      py: [`# ${ctx.say("py.notAcceptedYet")}`, "connectionSocket, addr = serverSocket.accept()"],
    },
    async () => {
      ctx.note("note.backlogWaiting", { connectAt: connected.t });
      conn = await server.accept();
      accepted = mustCall(lastCall(ctx, "server", "accept", conn.name));
      ctx.note("note.backlogAccepted", {
        acceptAt: accepted.t,
        queuedMs: Number(accepted.detail?.queuedMs ?? 0),
      });
    },
  );

  await ctx.step(
    "new-socket",
    {
      py: [
        `print(addr)  # ${ctx.say("py.clientAddr")}`,
        `connectionSocket.getsockname()  # ${ctx.say("py.serverSide")}`,
        `# ${ctx.say("py.keepsListening")}`,
      ],
    },
    async () => {
      ctx.note("note.fourTuple", {
        clientLocal: connected.local,
        clientRemote: connected.remote,
        sock: conn.name,
        serverLocal: accepted.local,
        serverRemote: accepted.remote,
      });
      ctx.note("note.acceptAddr", { addr: accepted.remote });
      ctx.note("note.stillListening", { listen: formatAddr(server.localAddr), sock: conn.name });
    },
  );

  let client2!: TcpSocket;
  let conn2!: TcpSocket;
  let accepted2!: CallEvent;
  await ctx.step(
    "second-client",
    {
      py: [
        `clientSocket2 = socket(AF_INET, SOCK_STREAM)  # ${ctx.say("py.secondClient")}`,
        "clientSocket2.connect((serverName, serverPort))",
        "connectionSocket2, addr2 = serverSocket.accept()",
        "clientSocket2.send(message.encode())",
        "sentence = connectionSocket2.recv(1024)",
        "connectionSocket2.send(sentence.decode().upper().encode())",
        "modifiedSentence = clientSocket2.recv(1024)",
      ],
    },
    async () => {
      client2 = ctx.tcp("client", "clientSocket2");
      await client2.connect(target, { timeoutMs: CONNECT_TIMEOUT_MS });
      conn2 = await server.accept({ name: "connectionSocket2" });
      accepted2 = mustCall(lastCall(ctx, "server", "accept", conn2.name));
      ctx.note("note.twoTuples", {
        serverPort: portOf(accepted2.local),
        tuple1: tupleOf(accepted),
        sock1: conn.name,
        tuple2: tupleOf(accepted2),
        sock2: conn2.name,
        port1: portOf(accepted.remote),
        port2: portOf(accepted2.remote),
      });
      const payload = Buffer.from(message, "utf8");
      await client2.send(payload);
      ctx.note("note.sendNotSendto");
      const { data } = await recvUntil(conn2, payload.length);
      const reply = upper(data);
      await conn2.send(reply);
      const back = await recvUntil(client2, reply.length);
      ctx.note("note.secondReply", {
        bytes: back.data.length,
        reply: shown(back.data),
        sock: conn2.name,
      });
    },
  );

  let received!: Buffer;
  await ctx.step(
    "byte-stream",
    {
      py: [
        "clientSocket.send(first.encode())",
        "clientSocket.send(second.encode())",
        "sentence = connectionSocket.recv(1024)",
      ],
    },
    async () => {
      const [first, second] = halves(message).map((s) => Buffer.from(s, "utf8")) as [
        Buffer,
        Buffer,
      ];
      const sent = first.length + second.length;
      const mark = ctx.tracer.events.at(-1)?.seq ?? 0;
      // The server is blocked in recv() before the client sends, as the lecture's server is.
      const pending = conn.recv(1024, timeouts);
      pending.catch(() => {});
      ctx.note("note.twoSends", { first: first.length, second: second.length });
      // Back to back, as two Python send() calls: both are handed to the kernel before either is awaited.
      await Promise.all([client.send(first), client.send(second)]);
      const pieces = [await pending];
      let got = pieces[0]!.length;
      while (got < sent) {
        const more = await conn.recv(1024, timeouts);
        if (more.length === 0) break;
        pieces.push(more);
        got += more.length;
      }
      received = Buffer.concat(pieces);
      const recvs = ctx.tracer.events.filter(
        (e): e is CallEvent =>
          e.seq > mark && e.kind === "call" && e.call === "recv" && e.sock === conn.name,
      );
      const sizes = `${first.length} + ${second.length}`;
      if (pieces.length === 1) ctx.note("note.streamOne", { bytes: got, sent: sizes });
      else
        ctx.note("note.streamMany", {
          count: pieces.length,
          got: pieces.map((p) => p.length).join(" + "),
          sent: sizes,
        });
      const chunks = Math.max(...recvs.map((e) => e.chunks ?? 1));
      if (chunks > 1) ctx.note("note.chunks", { chunks });
      ctx.note("note.streamWhy");
    },
  );

  await ctx.step(
    "half-close",
    {
      py: [
        "clientSocket.shutdown(SHUT_WR)",
        "connectionSocket.recv(1024)  # b'': EOF",
        "connectionSocket.sendall(sentence.decode().upper().encode())",
        "modifiedSentence = clientSocket.recv(1024)",
      ],
    },
    async () => {
      client.shutdown("write");
      ctx.note("note.halfClose");
      const eof = await conn.recv(1024, timeouts);
      if (eof.length !== 0) ctx.fail(ctx.say("fail.noEof", { bytes: eof.length }));
      ctx.note("note.eof", { bytes: received.length });
      const reply = upper(received);
      await conn.send(reply);
      ctx.note("note.stillSends");
      const back = await recvUntil(client, reply.length);
      ctx.note("note.replyAfterShutdown", { bytes: back.data.length, reply: shown(back.data) });
    },
  );

  await ctx.step(
    "close",
    {
      py: [
        `connectionSocket2.close()  # ${ctx.say("py.closesAfterReply")}`,
        `clientSocket2.recv(1024)  # b'': ${ctx.say("py.serverFin")}`,
        "clientSocket2.close()",
        `connectionSocket.close()  # ${ctx.say("py.finWentFirst")}`,
        "clientSocket.recv(1024)  # b''",
        "clientSocket.close()",
        "serverSocket.close()",
      ],
    },
    async () => {
      conn2.close();
      const fin2 = await client2.recv(1024, timeouts);
      if (fin2.length !== 0) ctx.fail(ctx.say("fail.noEof", { bytes: fin2.length }));
      client2.close();
      ctx.note("note.serverClosesFirst", { sock: conn2.name });
      conn.close();
      const fin = await client.recv(1024, timeouts);
      if (fin.length !== 0) ctx.fail(ctx.say("fail.noEof", { bytes: fin.length }));
      client.close();
      ctx.note("note.clientFinFirst", { sock: conn.name });
      await settle([conn, client, client2, conn2]);
      ctx.note("note.timeWaitRule");
      const lookup = await lookupTimeWait(ctx);
      if (!lookup.ok) {
        ctx.note("note.ssUnavailable", { reason: lookup.reason });
      } else {
        // The first FIN decides: connection 2 the server's close(), connection 1 the client's shutdown().
        const checks = [
          { key: "note.ssServer", local: accepted2.local, peer: accepted2.remote },
          { key: "note.ssClient", local: connected.local, peer: connected.remote },
        ];
        for (const { key, local, peer } of checks) {
          const tuple = `${local} ⇄ ${peer}`;
          if (local && peer && inTimeWait(lookup, local, peer)) ctx.note(key, { tuple, local });
          else ctx.note("note.ssMissing", { tuple });
        }
      }
      const listenPort = server.localAddr?.port ?? port;
      server.close();
      ctx.note("note.listenClose", { port: listenPort });
    },
  );
}

async function serve(ctx: LessonContext): Promise<void> {
  requireIPv4(ctx, ctx.opts.host);
  if (ctx.opts.rttMs > 0) ctx.note("note.rttIgnored");
  const server = await listenSocket(ctx, ctx.opts.port, ctx.opts.host, SERVE_BACKLOG);
  const addr = server.localAddr;
  ctx.note("note.serveHint", {
    host: dialHost(addr?.host ?? ctx.opts.host),
    port: addr?.port,
    client: referenceProgram("tcp-echo", "TCPClient.py"),
  });
  ctx.note("note.serveRule", { quiet: QUIET_MS, backlog: SERVE_BACKLOG });
  await serveForever(ctx, server);
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
  if (ctx.opts.rttMs > 0) ctx.note("note.rttIgnored");
  await echoClient(ctx, to, messageOf(ctx));
}

export const lesson: LessonModule = { text, steps, quiz, replay, serve, connect };
