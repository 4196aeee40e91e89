import { type Addr, formatAddr } from "../../src/net/address.js";
import { SockError } from "../../src/net/env.js";
import { effectiveBacklog, type TcpSocket } from "../../src/net/tcp.js";
import { referenceProgram, requireIPv4 } from "../../src/runtime/lecture.js";
import { type ConnectTarget, defineLesson, type LessonContext } from "../../src/runtime/lesson.js";
import { CONNECT_TIMEOUT_MS, echoClient, REPLY_TIMEOUT_MS, recvUntil, shown } from "./client.js";
import { meta } from "./meta.js";
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

type Ctx = LessonContext<typeof text.en>;

/** How long the lesson waits for the kernel to finish closing before it asks ss. */
const CLOSE_WAIT_MS = 3000;
const timeouts = { timeoutMs: REPLY_TIMEOUT_MS };

/** One end of a connection as its socket sees it: the 4-tuple from that side. */
interface Ends {
  local: string | null;
  remote: string | null;
}

/** What the steps pass along: the sockets, and what each side saw of its connection. */
interface State {
  message: string;
  /** The server's port, known before anyone listens on it. */
  port: number;
  target: Addr;
  server: TcpSocket;
  client: TcpSocket;
  /** The client's connection as connect() left it, and when connect() returned (its event's time). */
  connected: Ends & { at: number | null };
  conn: TcpSocket;
  accepted: Ends;
  client2: TcpSocket;
  conn2: TcpSocket;
  accepted2: Ends;
  /** What the server read in the byte-stream step: the message it answers after EOF. */
  received: Buffer;
}

function messageOf(ctx: Ctx): string {
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

function endsOf(sock: TcpSocket): Ends {
  return { local: formatAddr(sock.localAddr), remote: formatAddr(sock.remoteAddr) };
}

function tupleOf(ends: Ends): string {
  return `${ends.local ?? "?"} ⇄ ${ends.remote ?? "?"}`;
}

function settle(sockets: TcpSocket[]): Promise<void> {
  const all = Promise.all(sockets.map((s) => s.whenClosed())).then(() => {});
  return Promise.race([all, new Promise<void>((r) => setTimeout(r, CLOSE_WAIT_MS).unref())]);
}

export const lesson = defineLesson(meta, {
  text,
  quiz,
  async init(ctx: Ctx): Promise<State> {
    const { host } = ctx.opts;
    requireIPv4(ctx, host);
    const message = messageOf(ctx);
    // The client must know the server's port before anyone listens on it (step 1).
    const port = ctx.opts.port !== 0 ? ctx.opts.port : await ctx.reservePort(host);
    return { message, port, target: { host: dialHost(host), port } } as State;
  },
  steps: [
    {
      id: "refused",
      py: [
        "clientSocket = socket(AF_INET, SOCK_STREAM)",
        "clientSocket.connect((serverName, serverPort))  # ConnectionRefusedError",
      ],
      async run(ctx, s) {
        if (ctx.opts.port === 0) ctx.note("note.reserved", { port: s.port });
        const early = ctx.tcp("client");
        try {
          await early.connect(s.target, { timeoutMs: CONNECT_TIMEOUT_MS });
        } catch (err) {
          early.close();
          if (!(err instanceof SockError) || err.code !== "ECONNREFUSED") throw err;
          ctx.note("note.refused", { code: err.code, remote: formatAddr(s.target) });
          ctx.note("note.newSocket");
          return;
        }
        early.close();
        ctx.fail(ctx.say("fail.portTaken", { address: formatAddr(s.target) }));
      },
    },
    {
      id: "handshake",
      py: [
        "serverSocket = socket(AF_INET, SOCK_STREAM)",
        "serverSocket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)",
        "serverSocket.bind(('', serverPort))",
        `serverSocket.listen(${LECTURE_BACKLOG})`,
        "clientSocket = socket(AF_INET, SOCK_STREAM)",
        "clientSocket.connect((serverName, serverPort))",
      ],
      async run(ctx, s) {
        s.server = await listenSocket(ctx, s.port, ctx.opts.host, LECTURE_BACKLOG);
        ctx.note("note.reuseAddr");
        ctx.note("note.listening", {
          address: formatAddr(s.server.localAddr),
          backlog: LECTURE_BACKLOG,
        });
        s.client = ctx.tcp("client");
        await s.client.connect(s.target, { timeoutMs: CONNECT_TIMEOUT_MS });
        s.connected = { ...endsOf(s.client), at: s.client.connectedAt };
        const ms = s.client.connectMs;
        ctx.measure("connect", ctx.say("measure.connect"), ms ?? 0, "ms");
        ctx.note("note.handshake", { ms, port: s.client.localAddr?.port ?? null });
      },
    },
    {
      id: "backlog",
      py: ["# {py.notAcceptedYet}", "connectionSocket, addr = serverSocket.accept()"],
      async run(ctx, s) {
        ctx.note("note.backlogWaiting", { connectAt: s.connected.at });
        s.conn = await s.server.accept();
        s.accepted = endsOf(s.conn);
        ctx.note("note.backlogAccepted", {
          acceptAt: s.conn.acceptedAt,
          queuedMs: s.conn.queuedMs ?? 0,
        });
      },
    },
    {
      id: "new-socket",
      py: [
        "print(addr)  # {py.clientAddr}",
        "connectionSocket.getsockname()  # {py.serverSide}",
        "# {py.keepsListening}",
      ],
      async run(ctx, s) {
        ctx.note("note.fourTuple", {
          clientLocal: s.connected.local,
          clientRemote: s.connected.remote,
          sock: s.conn.name,
          serverLocal: s.accepted.local,
          serverRemote: s.accepted.remote,
        });
        ctx.note("note.acceptAddr", { addr: s.accepted.remote });
        ctx.note("note.stillListening", {
          listen: formatAddr(s.server.localAddr),
          sock: s.conn.name,
        });
      },
    },
    {
      id: "second-client",
      py: [
        "clientSocket2 = socket(AF_INET, SOCK_STREAM)  # {py.secondClient}",
        "clientSocket2.connect((serverName, serverPort))",
        "connectionSocket2, addr2 = serverSocket.accept()",
        "clientSocket2.send(message.encode())",
        "sentence = connectionSocket2.recv(1024)",
        "connectionSocket2.send(sentence.decode().upper().encode())",
        "modifiedSentence = clientSocket2.recv(1024)",
      ],
      async run(ctx, s) {
        s.client2 = ctx.tcp("client", "clientSocket2");
        await s.client2.connect(s.target, { timeoutMs: CONNECT_TIMEOUT_MS });
        s.conn2 = await s.server.accept({ name: "connectionSocket2" });
        s.accepted2 = endsOf(s.conn2);
        ctx.note("note.twoTuples", {
          serverPort: s.conn2.localAddr?.port ?? null,
          tuple1: tupleOf(s.accepted),
          sock1: s.conn.name,
          tuple2: tupleOf(s.accepted2),
          sock2: s.conn2.name,
          port1: s.conn.remoteAddr?.port ?? null,
          port2: s.conn2.remoteAddr?.port ?? null,
        });
        const payload = Buffer.from(s.message, "utf8");
        await s.client2.send(payload);
        ctx.note("note.sendNotSendto");
        const { data } = await recvUntil(s.conn2, payload.length);
        const reply = upper(data);
        await s.conn2.send(reply);
        const back = await recvUntil(s.client2, reply.length);
        ctx.note("note.secondReply", {
          bytes: back.data.length,
          reply: shown(back.data),
          sock: s.conn2.name,
        });
      },
    },
    {
      id: "byte-stream",
      py: [
        "clientSocket.send(first.encode())",
        "clientSocket.send(second.encode())",
        "sentence = connectionSocket.recv(1024)",
      ],
      async run(ctx, s) {
        const { client, conn } = s;
        const [first, second] = halves(s.message).map((m) => Buffer.from(m, "utf8")) as [
          Buffer,
          Buffer,
        ];
        const sent = first.length + second.length;
        // The server is blocked in recv() before the client sends, as the lecture's server is.
        const pending = conn.recv(1024, timeouts);
        pending.catch(() => {});
        ctx.note("note.twoSends", { first: first.length, second: second.length });
        // Back to back, as two Python send() calls: both are handed to the kernel before either is awaited.
        await Promise.all([client.send(first), client.send(second)]);
        const pieces = [await pending];
        const reads = [...conn.lastReads];
        let got = pieces[0]!.length;
        while (got < sent) {
          const more = await conn.recv(1024, timeouts);
          reads.push(...conn.lastReads);
          if (more.length === 0) break;
          pieces.push(more);
          got += more.length;
        }
        s.received = Buffer.concat(pieces);
        const sizes = `${first.length} + ${second.length}`;
        if (pieces.length === 1) ctx.note("note.streamOne", { bytes: got, sent: sizes });
        else
          ctx.note("note.streamMany", {
            count: pieces.length,
            got: pieces.map((p) => p.length).join(" + "),
            sent: sizes,
          });
        // What the kernel did: how many read() calls Node made for these bytes.
        ctx.note(reads.length === 1 ? "note.oneRead" : "note.reads", {
          reads: reads.length,
          sizes: reads.join(" + "),
          recvs: pieces.length,
        });
        ctx.note("note.streamWhy");
      },
    },
    {
      id: "half-close",
      py: [
        "clientSocket.shutdown(SHUT_WR)",
        "connectionSocket.recv(1024)  # b'': EOF",
        "connectionSocket.sendall(sentence.decode().upper().encode())",
        "modifiedSentence = clientSocket.recv(1024)",
      ],
      async run(ctx, s) {
        s.client.shutdown("write");
        ctx.note("note.halfClose");
        const eof = await s.conn.recv(1024, timeouts);
        if (eof.length !== 0) ctx.fail(ctx.say("fail.noEof", { bytes: eof.length }));
        ctx.note("note.eof", { bytes: s.received.length });
        const reply = upper(s.received);
        await s.conn.send(reply);
        ctx.note("note.stillSends");
        const back = await recvUntil(s.client, reply.length);
        ctx.note("note.replyAfterShutdown", { bytes: back.data.length, reply: shown(back.data) });
      },
    },
    {
      id: "close",
      py: [
        "connectionSocket2.close()  # {py.closesAfterReply}",
        "clientSocket2.recv(1024)  # b'': {py.serverFin}",
        "clientSocket2.close()",
        "connectionSocket.close()  # {py.finWentFirst}",
        "clientSocket.recv(1024)  # b''",
        "clientSocket.close()",
        "serverSocket.close()",
      ],
      async run(ctx, s) {
        s.conn2.close();
        const fin2 = await s.client2.recv(1024, timeouts);
        if (fin2.length !== 0) ctx.fail(ctx.say("fail.noEof", { bytes: fin2.length }));
        s.client2.close();
        ctx.note("note.serverClosesFirst", { sock: s.conn2.name });
        s.conn.close();
        const fin = await s.client.recv(1024, timeouts);
        if (fin.length !== 0) ctx.fail(ctx.say("fail.noEof", { bytes: fin.length }));
        s.client.close();
        ctx.note("note.clientFinFirst", { sock: s.conn.name });
        await settle([s.conn, s.client, s.client2, s.conn2]);
        ctx.note("note.timeWaitRule");
        const lookup = await lookupTimeWait(ctx);
        if (!lookup.ok) {
          ctx.note("note.ssUnavailable", { reason: lookup.reason });
        } else {
          // The first FIN decides: connection 2 the server's close(), connection 1 the client's shutdown().
          const sides = [
            { key: "note.ssServer", ...s.accepted2 },
            { key: "note.ssClient", ...s.connected },
          ] as const;
          for (const { key, local, remote } of sides) {
            const tuple = `${local} ⇄ ${remote}`;
            if (local && remote && inTimeWait(lookup, local, remote)) {
              ctx.note(key, { tuple, local });
            } else ctx.note("note.ssMissing", { tuple });
          }
        }
        const listenPort = s.server.localAddr?.port ?? s.port;
        s.server.close();
        ctx.note("note.listenClose", { port: listenPort });
      },
    },
  ],
  serve,
  connect,
});

async function serve(ctx: Ctx): Promise<void> {
  requireIPv4(ctx, ctx.opts.host);
  const backlog = ctx.opts.backlog ?? SERVE_BACKLOG;
  const server = await listenSocket(ctx, ctx.opts.port, ctx.opts.host, backlog);
  const addr = server.localAddr;
  ctx.note("note.serveHint", {
    host: dialHost(addr?.host ?? ctx.opts.host),
    port: addr?.port,
    client: referenceProgram("tcp-echo", "TCPClient.py"),
  });
  ctx.note("note.serveRule", { quiet: QUIET_MS, backlog, queue: effectiveBacklog(backlog) });
  await serveForever(ctx, server);
}

async function connect(ctx: Ctx, target: ConnectTarget): Promise<void> {
  const to: Addr = { host: target.host, port: target.port };
  requireIPv4(ctx, to.host);
  await echoClient(ctx, to, messageOf(ctx));
}
