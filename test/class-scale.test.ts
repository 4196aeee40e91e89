/**
 * A whole class against one `--serve`: many connects at once, a client that
 * never reads its answers, a flood of cookieless requests. Counts and memory,
 * never times (a connect that took a second is a SYN the kernel dropped and
 * the client sent again: that is counted, not timed).
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import http from "node:http";
import net from "node:net";
import { after, before, describe, it } from "node:test";
import { BIN, cliEnv, peakMiB, ROOT, runCli, serveCli } from "./helpers.js";

interface Server {
  child: ChildProcess;
  port: number;
  /** Narration lines that matched `keep` (the rest is read and dropped). */
  kept: string[];
  stop(): Promise<void>;
}

/** `sockstep <lesson> --serve` with its narration read and dropped, as a terminal that keeps up. */
async function serve(args: string[], keep?: RegExp, env: NodeJS.ProcessEnv = {}): Promise<Server> {
  const child = spawn(process.execPath, [BIN, ...args, "--serve", "--lang", "en"], {
    env: cliEnv(env),
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const kept: string[] = [];
  let err = "";
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (err += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), 170_000);
  const port = await new Promise<number>((resolve, reject) => {
    let rest = "";
    let found = false;
    child.stdout!.setEncoding("utf8").on("data", (d: string) => {
      const lines = (rest + d).split("\n");
      rest = lines.pop()!;
      for (const line of lines) {
        if (keep?.test(line)) kept.push(line);
        const m = found ? null : /127\.0\.0\.1:(\d+)/.exec(line);
        if (m) {
          found = true;
          resolve(Number(m[1]));
        }
      }
    });
    child.once("exit", (code) => reject(new Error(`sockstep exited (${code}): ${err}`)));
  });
  return {
    child,
    port,
    kept,
    async stop() {
      clearTimeout(timer);
      if (child.exitCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGINT");
      await exited;
    },
  };
}

/** A GET on a fresh connection: its status, or the error code it ended with. */
function get(
  port: number,
  path = "/",
  headers: http.OutgoingHttpHeaders = {},
): Promise<{ status?: number; body?: string; setCookie?: string[]; error?: string }> {
  return new Promise((resolve) => {
    const req = http.get(
      { host: "127.0.0.1", port, path, agent: false, headers: { Connection: "close", ...headers } },
      (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (d: string) => (body += d));
        res.on("end", () =>
          resolve({
            status: res.statusCode!,
            body,
            ...(res.headers["set-cookie"] ? { setCookie: res.headers["set-cookie"] } : {}),
          }),
        );
        res.on("error", (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
      },
    );
    req.on("error", (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.setTimeout(60_000, () => req.destroy(new Error("timeout")));
  });
}

/**
 * Pipeline GETs as fast as the connection takes them and never read an answer:
 * until `limit` bytes are sent, or the server has taken nothing for `stuckMs`.
 */
async function flood(
  port: number,
  limit: number,
  stuckMs: number,
): Promise<{ sent: number; sock: net.Socket }> {
  const sock = net.connect({ host: "127.0.0.1", port });
  await once(sock, "connect");
  sock.pause();
  const chunk = Buffer.from("GET / HTTP/1.1\r\nHost: class\r\n\r\n".repeat(2048));
  let sent = 0;
  while (sent < limit) {
    sent += chunk.length;
    if (sock.write(chunk)) continue;
    const drained = await Promise.race([
      once(sock, "drain").then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), stuckMs)),
    ]);
    if (!drained) break;
  }
  return { sent, sock };
}

describe("a class against cookie-session --serve", { timeout: 180_000 }, () => {
  let server: Server;
  before(async () => {
    // --json: every event of the narration is built and written, none summarised away.
    server = await serve(["cookie-session", "--json"]);
  });
  after(async () => {
    await server.stop();
  });

  it("100 connects at once: none needs a second try at its SYN", async () => {
    const slow = await Promise.all(
      Array.from(
        { length: 100 },
        () =>
          new Promise<boolean>((resolve, reject) => {
            const started = Date.now();
            const sock = net.connect({ host: "127.0.0.1", port: server.port });
            sock.once("connect", () => {
              resolve(Date.now() - started >= 1000);
              sock.destroy();
            });
            sock.once("error", reject);
          }),
      ),
    );
    assert.equal(slow.filter(Boolean).length, 0);
  });

  it("500 requests at once, each on its own connection: every one answered, none reset", async () => {
    const results = await Promise.all(Array.from({ length: 500 }, () => get(server.port)));
    const errors = results.filter((r) => r.error).map((r) => r.error);
    assert.deepEqual(errors, []);
    assert.equal(results.filter((r) => r.status === 200).length, 500);
  });
});

describe("a flood against cookie-session --serve", { timeout: 180_000 }, () => {
  let server: Server;
  before(async () => {
    // A server of its own: its peak memory is the flood's alone.
    server = await serve(["cookie-session", "--json"], /"http\.unreadTimeout"/);
  });
  after(async () => {
    await server.stop();
  });

  it("a client that pipelines and never reads: the server stops reading it, stays small, answers others, and closes it", async () => {
    const { sent, sock } = await flood(server.port, 400 * 1024 * 1024, 3000);
    // The server stopped taking bytes long before 400 MB: TCP's window held the rest back.
    assert.ok(sent < 400 * 1024 * 1024, `sent ${sent} bytes`);
    const other = await get(server.port);
    assert.equal(other.status, 200);
    assert.ok(peakMiB(server.child.pid!) < 120, `peak ${peakMiB(server.child.pid!)} MiB`);
    for (let i = 0; i < 600 && !server.kept.some((l) => /"http\.unreadTimeout"/.test(l)); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(server.kept.some((l) => /"http\.unreadTimeout"/.test(l)));
    sock.destroy();
  });
});

describe("--backlog: where the lesson teaches listen()", () => {
  it("tcp-echo --serve listens with Node's default 511, or what --backlog says", async () => {
    for (const [args, backlog] of [
      [[], 511],
      [["--backlog", "64"], 64],
    ] as const) {
      const served = await serveCli(["tcp-echo", "--serve", "--json", ...args]);
      await served.stop();
      const listen = served.events.find((e) => e.kind === "call" && e.call === "listen");
      assert.equal(listen?.kind === "call" ? listen.detail?.backlog : undefined, backlog);
      const rule = served.events.find((e) => e.kind === "note" && e.key === "note.serveRule");
      assert.equal(rule?.kind === "note" ? rule.facts?.backlog : undefined, backlog);
    }
  });

  it("a lesson that does not teach listen() refuses it, naming what it takes", async () => {
    const r = await runCli(["cookie-session", "--serve", "--backlog", "64"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cookie-session does not use --backlog/);
  });
});
