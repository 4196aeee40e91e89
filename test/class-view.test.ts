/**
 * --serve as a class leans on it: the terminal never stops the server (Ctrl-S
 * in a real terminal, a --json reader that does not read), the class view
 * counts everyone, --follow narrates one student, and the exposure warning
 * comes for a non-loopback bind only.
 */
import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { promisify } from "node:util";
import type { TraceEvent } from "../src/trace/events.js";
import { BIN, cliEnv, eventually, peakMiB, ROOT, runCli, serveCli } from "./helpers.js";
import { freePort, waitForPort } from "./peers.js";

const run = promisify(execFile);
const hasTmux = spawnSync("tmux", ["-V"]).status === 0;
const hasCurl = spawnSync("curl", ["--version"]).status === 0;

/** One HTTP/1.1 request on its own connection; resolves with status and headers. */
function get(
  port: number,
  pathname: string,
  opts: { method?: string; body?: string; cookie?: string } = {},
): Promise<{ status: number; setCookie: string[] }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: pathname,
        method: opts.method ?? "GET",
        agent: false,
        headers: {
          ...(opts.cookie ? { Cookie: opts.cookie } : {}),
          ...(opts.body !== undefined
            ? { "Content-Type": "application/x-www-form-urlencoded" }
            : {}),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, setCookie: res.headers["set-cookie"] ?? [] }),
        );
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

describe("--serve on a stopped terminal (Ctrl-S in tmux)", {
  skip: !hasTmux || !hasCurl ? "needs tmux and curl" : false,
}, () => {
  const session = `sockstep-stop-${process.pid}`;
  after(() => spawnSync("tmux", ["kill-session", "-t", session]));

  it("answers every one of 300 curl requests while the terminal is stopped", async () => {
    const port = await freePort();
    const command = `node ${BIN} cookie-session --serve --port ${port}; sleep 60`;
    spawnSync("tmux", ["new-session", "-d", "-s", session, "-x", "100", "-y", "30", command], {
      env: cliEnv(),
      cwd: ROOT,
    });
    await waitForPort(port, "127.0.0.1");
    spawnSync("tmux", ["send-keys", "-t", session, "C-s"]);
    const url = `http://127.0.0.1:${port}/`;
    const { stdout } = await run(
      "curl",
      [
        "-s",
        "-Z",
        "--parallel-max",
        "20",
        "-m",
        "20",
        ...Array.from({ length: 300 }, () => [
          "-o",
          "/dev/null",
          "-w",
          "%{http_code}\\n",
          url,
        ]).flat(),
      ],
      { maxBuffer: 1 << 20 },
    ).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? "" }));
    const codes = stdout.trim().split("\n");
    assert.equal(codes.filter((c) => c === "200").length, 300, `codes: ${codes.join(" ")}`);
    spawnSync("tmux", ["send-keys", "-t", session, "C-q"]);
    // Once the terminal reads again, the class view has counted all of them.
    let screen = "";
    for (let i = 0; i < 50 && !/300 in all/.test(screen); i++) {
      await new Promise((r) => setTimeout(r, 200));
      screen = spawnSync("tmux", ["capture-pane", "-p", "-t", session], {
        encoding: "utf8",
      }).stdout;
    }
    assert.match(screen, /class view · \d+ open connections? · 1 client · .*300 in all/);
    assert.match(screen, /200 ×300/);
    spawnSync("tmux", ["send-keys", "-t", session, "C-c"]);
    // Ctrl-C: the totals take the block's place; no half-erased block stays on the screen.
    for (let i = 0; i < 50 && !/Served 300 requests/.test(screen); i++) {
      await new Promise((r) => setTimeout(r, 200));
      screen = spawnSync("tmux", ["capture-pane", "-p", "-t", session], {
        encoding: "utf8",
      }).stdout;
    }
    assert.match(screen, /Served 300 requests on \d+ connections? from 1 client \(200 ×300\)\./);
    assert.doesNotMatch(screen, /class view ·/);
  });
});

describe("--serve --json into a reader that stops reading", () => {
  it("keeps memory bounded, answers everyone, and says what it dropped", async () => {
    const served = await serveCli(["cookie-session", "--serve", "--json"]);
    const port = served.port;
    // The reader stops: the pipe fills, and sockstep must not buffer without end.
    served.child.stdout!.pause();
    let ok = 0;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
    const one = () =>
      new Promise<void>((resolve, reject) => {
        http
          .get({ host: "127.0.0.1", port, path: "/", agent }, (res) => {
            res.resume();
            res.on("end", () => {
              if (res.statusCode === 200) ok++;
              resolve();
            });
          })
          .on("error", reject);
      });
    for (let round = 0; round < 40; round++) await Promise.all(Array.from({ length: 100 }, one));
    agent.destroy();
    assert.equal(ok, 4000);
    const peak = peakMiB(served.child.pid!);
    assert.ok(peak < 120, `peak RSS ${peak.toFixed(1)} MiB`);
    served.child.stdout!.resume();
    const code = await served.stop();
    assert.equal(code, 130);
    const records = served
      .stdout()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { kind: string; events?: number });
    const dropped = records.filter((r) => r.kind === "dropped");
    assert.ok(dropped.length > 0, "a dropped record");
    assert.ok(dropped.every((r) => (r.events ?? 0) > 0));
    assert.equal(records.at(-1)?.kind, "end", "the end is never dropped");
  });

  it("--json into a file is complete", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sockstep-json-"));
    const file = path.join(dir, "trace.ndjson");
    const port = await freePort();
    const fd = fs.openSync(file, "w");
    const child = (await import("node:child_process")).spawn(
      process.execPath,
      [BIN, "cookie-session", "--serve", "--json", "--port", String(port)],
      { env: cliEnv(), cwd: ROOT, stdio: ["ignore", fd, "pipe"] },
    );
    fs.closeSync(fd);
    await waitForPort(port, "127.0.0.1");
    for (let round = 0; round < 10; round++) {
      await Promise.all(Array.from({ length: 50 }, () => get(port, "/")));
    }
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGINT");
    await exited;
    const events = fs
      .readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as TraceEvent);
    assert.equal(events.filter((e) => (e.kind as string) === "dropped").length, 0);
    const requests = events.filter(
      (e) => e.kind === "http" && e.actor === "server" && e.dir === "request",
    );
    assert.equal(requests.length, 500);
    // Every event is there: seq has no gap.
    assert.ok(events.every((e, i) => e.seq === i + 1));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("the class view in a log (no terminal)", () => {
  it("narrates a few clients in full, counts the rest, and totals them at the end", async () => {
    const served = await serveCli(["cookie-session", "--serve"]);
    const accepts = () => served.stdout().match(/accept\(\) →/g)?.length ?? 0;
    // Alone, the first visitor is narrated in full.
    await get(served.port, "/");
    // Two clients that connect and stay take both narrated places, whatever the machine's speed.
    const idle = [0, 1].map(() => net.connect(served.port, "127.0.0.1"));
    await eventually(() => accepts() >= 3, 15_000);
    for (let round = 0; round < 5; round++) {
      await Promise.all(Array.from({ length: 20 }, () => get(served.port, "/")));
    }
    await eventually(() => /· last 5 s: /.test(served.stdout()), 15_000);
    for (const s of idle) s.destroy();
    assert.equal(await served.stop(), 130);
    const out = served.stdout();
    assert.match(
      out,
      /· last 5 s: \d+ requests on \d+ new connections from 1 client \(200 ×\d+\), counted, not narrated/,
    );
    assert.match(out, /Served 101 requests on 103 connections from 1 client \(200 ×101\)\./);
    // The narrated request line names its connection; the hundred others were counted only.
    const narrated = out.split("\n").filter((l) => /GET \/ HTTP\/1\.1 · conn \d+/.test(l));
    assert.equal(narrated.length, 1, narrated.join("\n"));
  });

  it("--follow <name> narrates the logged-in student and only them", async () => {
    const served = await serveCli(["cookie-session", "--serve", "--follow", "kim"]);
    const port = served.port;
    const first = await get(port, "/");
    const sid = first.setCookie[0]!.split(";")[0]!;
    const login = await get(port, "/login", { method: "POST", body: "user=kim", cookie: sid });
    const kim = login.setCookie[0]!.split(";")[0]!;
    await Promise.all(Array.from({ length: 10 }, () => get(port, "/")));
    await get(port, "/cart", { method: "POST", body: "item=pencil", cookie: kim });
    await get(port, "/cart", { cookie: kim });
    assert.equal(await served.stop(), 130);
    const out = served.stdout();
    assert.match(out, /kim logged in/);
    assert.match(out, /GET \/cart HTTP\/1\.1 · conn \d+/);
    assert.match(out, /POST \/cart HTTP\/1\.1 · conn \d+/);
    // The other clients are counted, not narrated.
    assert.equal(out.match(/─ GET \/ HTTP\/1\.1/g)?.length ?? 0, 0, out);
    assert.match(out, /Served 14 requests on 14 connections/);
  });

  it("a UDP server's totals are datagrams", async () => {
    const served = await serveCli(["udp-echo", "--serve"]);
    const dgram = await import("node:dgram");
    for (let i = 0; i < 3; i++) {
      const s = dgram.createSocket("udp4");
      await new Promise<void>((resolve) => {
        s.once("message", () => resolve());
        s.send("hello", served.port, "127.0.0.1");
      });
      s.close();
    }
    assert.equal(await served.stop(), 130);
    assert.match(served.stdout(), /Served 3 datagrams from 1 client\./);
  });
});

describe("the exposure warning", () => {
  const exposure = async (host: string) => {
    const served = await serveCli(["cookie-session", "--serve", "--json", "--host", host]);
    await new Promise((r) => setTimeout(r, 100));
    await served.stop();
    return served.events.filter((e) => e.kind === "note" && e.key === "run.public");
  };

  it("comes for a bind every machine can reach, in --json too", async () => {
    const notes = await exposure("0.0.0.0");
    assert.equal(notes.length, 1);
    const note = notes[0]!;
    assert.ok(note.kind === "note");
    assert.match(String(note.facts?.address), /^0\.0\.0\.0:\d+$/);
    assert.match(note.text ?? "", /reachable from the network/);
  });

  it("does not come for another loopback address", async () => {
    assert.equal((await exposure("127.0.0.2")).length, 0);
  });

  it("--follow or --backlog without --serve is a usage error", async () => {
    const r = await runCli(["cookie-session", "--follow", "kim", "--auto"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--follow is for the --serve server only/);
    const backlog = await runCli(["tcp-echo", "--backlog", "8", "--auto"]);
    assert.equal(backlog.code, 2);
    assert.match(backlog.stderr, /--backlog is for the --serve server only/);
  });
});
