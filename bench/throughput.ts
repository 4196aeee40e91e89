/**
 * Requests per second of `sockstep cookie-session --serve` against a plain
 * node:http server doing a comparable job (a small HTML page with a
 * Set-Cookie), both loaded by the same generator (bench/load.ts, autocannon
 * in its own process) in the same run: 500 keep-alive connections, 20,000
 * requests, each connection a visitor that takes a cookie and sends it back.
 * The narration stays on; its output goes to a pipe that is read and dropped,
 * as a terminal that keeps up would.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const BIN = path.join(ROOT, "bin", "sockstep.js");
const LOAD = path.join(ROOT, "dist", "bench", "load.js");

export interface Load {
  connections: number;
  requests: number;
  /** Requests of one visitor: the first gets the cookie, the rest send it back. */
  perVisitor: number;
}

export interface LoadResult {
  rps: number;
  /** The server process's CPU time (user + system) per request, µs: what the load cost it, whatever the generator's own speed. */
  cpuUsPerRequest?: number;
  requests: number;
  errors: number;
  non2xx: number;
  /** Resident memory of the server process after the load, MiB (sockstep only). */
  rssAfterMiB?: number;
  /** Peak resident memory of the server process, MiB (sockstep only). */
  peakMiB?: number;
}

/** The shop's home page as a template: the same size as the one sockstep's shop sends. */
function page(visits: number): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>sockstep shop</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem}form{margin:.8rem 0}input{font:inherit;padding:.2rem .4rem}button{font:inherit}
.why{color:#555;font-size:.9rem;border-top:1px solid #ddd;padding-top:.6rem}code{background:#f3f3f3;padding:0 .2rem}</style>
</head>
<body>
<h1 id="greeting">Hello, stranger.</h1>
<p id="visits">Visits in this session: ${visits}</p>
<p>Cart: 0 items · <a href="/cart">See the cart</a></p>
<form method="post" action="/login"><label>Name <input name="user" id="user" required maxlength="40" autocomplete="username"></label> <button type="submit" id="login">Log in</button></form>
<form method="post" action="/cart"><label>Item <input name="item" id="item" required maxlength="60"></label> <button type="submit" id="add">Add to cart</button></form>
<p class="why">This page knows you only through the sid cookie. The server keeps your name, visit count and cart; your browser keeps a random id. The cookie is HttpOnly, so scripts cannot read it:<br>document.cookie in this page: <code id="js">…</code></p>
<script>document.getElementById("js").textContent = JSON.stringify(document.cookie);</script>
</body>
</html>
`;
}

/** The plain server: the page, and a new session (a Map entry and a cookie) for every request without one. */
function plainServer(): Promise<http.Server> {
  const sessions = new Map<string, { visits: number }>();
  const server = http.createServer((req, res) => {
    const sid = /(?:^|;\s*)sid=([^;]*)/.exec(req.headers.cookie ?? "")?.[1];
    let session = sid === undefined ? undefined : sessions.get(sid);
    const headers: Record<string, string> = {};
    if (!session) {
      const id = randomBytes(16).toString("base64url");
      session = { visits: 0 };
      if (sessions.size >= 10_000) sessions.delete(sessions.keys().next().value!);
      sessions.set(id, session);
      headers["Set-Cookie"] = `sid=${id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=1800`;
    }
    session.visits++;
    headers["Cache-Control"] = headers["Set-Cookie"] ? 'private, no-cache="Set-Cookie"' : "private";
    headers["Content-Type"] = "text/html; charset=utf-8";
    res.writeHead(200, headers);
    res.end(page(session.visits));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** sockstep's server on a free port; resolves with its URL once its first line says where. */
function sockstepServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [BIN, "cookie-session", "--serve", "--port", "0", "--lang", "en"],
    { env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    let seen = "";
    const onData = (chunk: Buffer) => {
      if (seen === null) return;
      seen += chunk.toString("utf8");
      const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(seen);
      if (m) {
        seen = "";
        child.stdout!.off("data", onData);
        // From here on the narration is read and dropped.
        child.stdout!.on("data", () => {});
        resolve({ child, url: `http://127.0.0.1:${m[1]}/` });
      }
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`sockstep --serve exited ${code}`)));
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  // utime and stime are fields 14 and 15 of stat(5); fields[0] here is field 3.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function statusMiB(pid: number, field: "VmRSS" | "VmHWM"): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

/** One autocannon run in its own process. */
function load(url: string, l: Load): Promise<LoadResult> {
  const child = spawn(
    process.execPath,
    [LOAD, url, String(l.connections), String(l.requests), String(l.perVisitor)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let out = "";
  child.stdout.on("data", (d: Buffer) => {
    out += d.toString("utf8");
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited ${code}`));
      const r = JSON.parse(out);
      const seconds = r.duration as number;
      resolve({
        rps: (r.requests.total as number) / seconds,
        requests: r.requests.total as number,
        errors: (r.errors as number) + (r.timeouts as number),
        non2xx: r.non2xx as number,
      });
    });
  });
}

export async function throughput(
  l: Load = { connections: 500, requests: 20_000, perVisitor: 20 },
  rounds = 2,
): Promise<{ plain: LoadResult[]; sockstep: LoadResult[] }> {
  const plain = await plainServer();
  const { port } = plain.address() as AddressInfo;
  const plainUrl = `http://127.0.0.1:${port}/`;
  const s = await sockstepServer();
  const out = { plain: [] as LoadResult[], sockstep: [] as LoadResult[] };
  try {
    // Warm both up (the JIT), then alternate so drift hits both alike.
    await load(plainUrl, { ...l, connections: 50, requests: 2000 });
    await load(s.url, { ...l, connections: 50, requests: 2000 });
    for (let i = 0; i < rounds; i++) {
      const before = process.cpuUsage();
      const p = await load(plainUrl, l);
      const used = process.cpuUsage(before);
      p.cpuUsPerRequest = (used.user + used.system) / p.requests;
      out.plain.push(p);
      const cpu = cpuSeconds(s.child.pid!);
      const r = await load(s.url, l);
      r.cpuUsPerRequest = ((cpuSeconds(s.child.pid!) - cpu) * 1e6) / r.requests;
      r.rssAfterMiB = statusMiB(s.child.pid!, "VmRSS");
      r.peakMiB = statusMiB(s.child.pid!, "VmHWM");
      out.sockstep.push(r);
    }
  } finally {
    s.child.kill("SIGINT");
    plain.close();
    plain.closeAllConnections();
  }
  return out;
}

export function throughputReport(r: { plain: LoadResult[]; sockstep: LoadResult[] }): string {
  const best = (xs: LoadResult[]) => Math.max(...xs.map((x) => x.rps));
  const cpu = (xs: LoadResult[]) => Math.min(...xs.map((x) => x.cpuUsPerRequest ?? Infinity));
  const lines = [
    "server                        round  req/s  CPU µs/req  errors  non-2xx  RSS after MiB  peak MiB",
  ];
  const row = (name: string, x: LoadResult, i: number) =>
    `${name.padEnd(30)}${String(i + 1).padStart(5)}  ${x.rps.toFixed(0).padStart(5)}  ${(x.cpuUsPerRequest?.toFixed(0) ?? "—").padStart(10)}  ${String(x.errors).padStart(6)}  ${String(x.non2xx).padStart(7)}  ${(x.rssAfterMiB?.toFixed(1) ?? "—").padStart(13)}  ${(x.peakMiB?.toFixed(1) ?? "—").padStart(8)}`;
  for (const [i, x] of r.plain.entries()) lines.push(row("node:http", x, i));
  for (const [i, x] of r.sockstep.entries()) lines.push(row("sockstep cookie-session", x, i));
  lines.push(
    `ratio (best sockstep / best node:http): ${(best(r.sockstep) / best(r.plain)).toFixed(2)} req/s, ${(cpu(r.plain) / cpu(r.sockstep)).toFixed(2)} by CPU per request (the generator shares the 2 cores: when it is the bottleneck, req/s flatters the slower server)`,
  );
  return lines.join("\n");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rounds = Number(process.env.BENCH_THROUGHPUT_ROUNDS ?? 2);
  console.log(throughputReport(await throughput(undefined, rounds)));
}
