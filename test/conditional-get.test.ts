import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import http from "node:http";
import net from "node:net";
import { after, before, describe, it } from "node:test";
import type { HttpEvent, NoteEvent, TraceEvent } from "../src/trace/events.js";
import { type CliResult, eventually, runCli, type Served, serveCli } from "./helpers.js";
import { CHROMIUM, launchChromium, NGINX, startNginx } from "./peers.js";

const hasCurl = spawnSync("curl", ["--version"], { stdio: "ignore" }).status === 0;

function header(e: HttpEvent, name: string): string | undefined {
  return e.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
}

interface Exchange {
  step: string;
  request: HttpEvent;
  response: HttpEvent;
}

/** The client's requests paired with the responses it read, each with the step it belongs to. */
function exchanges(events: TraceEvent[]): Exchange[] {
  const out: Exchange[] = [];
  let step = "";
  let pending: HttpEvent | null = null;
  for (const e of events) {
    if (e.kind === "step") step = e.id;
    if (e.kind !== "http" || e.actor !== "client") continue;
    if (e.dir === "request") pending = e;
    else if (pending) {
      out.push({ step, request: pending, response: e });
      pending = null;
    }
  }
  return out;
}

function status(e: HttpEvent): number {
  return Number(e.startLine.split(" ")[1]);
}

function notes(events: TraceEvent[], key: string): NoteEvent[] {
  return events.filter((e): e is NoteEvent => e.kind === "note" && e.key === key);
}

function endOk(r: CliResult): boolean {
  const end = r.events.at(-1);
  return end?.kind === "end" && end.ok;
}

describe("conditional-get replay --json", () => {
  let r: CliResult;
  let ex: Exchange[];
  before(async () => {
    r = await runCli(["conditional-get", "--json"], { timeoutMs: 30_000 });
    ex = exchanges(r.events);
  });

  it("ends ok, with exit code 0 and nothing on stderr", () => {
    assert.equal(r.code, 0, r.stderr);
    assert.ok(endOk(r));
    assert.equal(r.stderr, "");
  });

  it("the first GET gets 200 with ETag, Last-Modified and the whole body", () => {
    const first = ex.find((x) => x.step === "first-get")!;
    assert.equal(status(first.response), 200);
    assert.equal(header(first.request, "if-none-match"), undefined);
    assert.match(header(first.response, "etag") ?? "", /^"[^"]+"$/);
    assert.match(header(first.response, "last-modified") ?? "", / GMT$/);
    assert.match(header(first.response, "cache-control") ?? "", /^max-age=2$/);
    assert.ok(first.response.bodyBytes > 0);
    assert.equal(Number(header(first.response, "content-length")), first.response.bodyBytes);
    const entry = notes(r.events, "client.entry")[0]!;
    assert.equal(entry.facts?.bytes, first.response.bodyBytes);
  });

  it("the revalidation carries both validators and gets 304 with no body", () => {
    const first = ex.find((x) => x.step === "first-get")!;
    const again = ex.find((x) => x.step === "revalidate")!;
    assert.equal(header(again.request, "if-none-match"), header(first.response, "etag"));
    assert.equal(
      header(again.request, "if-modified-since"),
      header(first.response, "last-modified"),
    );
    assert.equal(status(again.response), 304);
    assert.equal(again.response.bodyBytes, 0);
    assert.equal(header(again.response, "content-length"), undefined);
    assert.equal(header(again.response, "etag"), header(first.response, "etag"));
    const saved = r.events.find((e) => e.kind === "measure" && e.name === "saved");
    assert.equal(saved?.kind === "measure" && saved.value, first.response.bodyBytes);
  });

  it("after an edit the same question gets 200 and a new ETag", () => {
    const first = ex.find((x) => x.step === "first-get")!;
    const changed = ex.find((x) => x.step === "changed")!;
    assert.equal(header(changed.request, "if-none-match"), header(first.response, "etag"));
    assert.equal(status(changed.response), 200);
    assert.notEqual(header(changed.response, "etag"), header(first.response, "etag"));
    assert.ok(changed.response.bodyBytes > 0);
  });

  it("after a same-second edit, If-Modified-Since alone gets 304, If-None-Match gets 200", () => {
    const probes = ex.filter((x) => x.step === "dates-vs-etag");
    assert.equal(probes.length, 2);
    const [byDate, byTag] = probes as [Exchange, Exchange];
    assert.ok(header(byDate.request, "if-modified-since"));
    assert.equal(header(byDate.request, "if-none-match"), undefined);
    assert.equal(status(byDate.response), 304);
    assert.ok(header(byTag.request, "if-none-match"));
    assert.equal(header(byTag.request, "if-modified-since"), undefined);
    assert.equal(status(byTag.response), 200);
    // The date really was the page's, and the tag really was out of date.
    assert.equal(
      header(byDate.request, "if-modified-since"),
      header(byTag.response, "last-modified"),
    );
    assert.notEqual(header(byTag.request, "if-none-match"), header(byTag.response, "etag"));
    // The step's second edit kept Last-Modified (the first may have too, when it shared a second).
    const same = notes(r.events, "server.editedSameSecond").at(-1)!;
    assert.equal(same.facts?.lmBefore, same.facts?.lmAfter);
    assert.notEqual(same.facts?.etagBefore, same.facts?.etagAfter);
  });

  it("with both validators, If-None-Match wins: the date matches, the tag does not, 200", () => {
    const both = ex.find((x) => x.step === "inm-wins")!;
    assert.equal(status(both.response), 200);
    assert.equal(header(both.request, "if-modified-since"), header(both.response, "last-modified"));
    assert.notEqual(header(both.request, "if-none-match"), header(both.response, "etag"));
    assert.equal(notes(r.events, "server.ims-ignored-inm").length >= 1, true);
  });

  it("while the copy is fresh the client makes no socket call at all", () => {
    let inFresh = false;
    let calls = 0;
    let sawStep = false;
    for (const e of r.events) {
      if (e.kind === "step") {
        inFresh = e.id === "fresh";
        sawStep ||= inFresh;
      }
      if (inFresh && e.kind === "call" && e.actor === "client") calls++;
    }
    assert.ok(sawStep);
    assert.equal(calls, 0);
    const fresh = notes(r.events, "note.fresh")[0]!;
    assert.equal(fresh.facts?.calls, 0);
    assert.equal(fresh.facts?.maxAge, 2);
    assert.ok(Number(fresh.facts?.age) < 2);
    assert.equal(notes(r.events, "client.fromCache").length, 1);
  });

  it("once stale, the client revalidates and gets 304", () => {
    const stale = ex.filter((x) => x.step === "stale");
    assert.equal(stale.length, 1);
    assert.ok(header(stale[0]!.request, "if-none-match"));
    assert.equal(status(stale[0]!.response), 304);
    assert.equal(notes(r.events, "client.stale").length, 1);
  });

  it("HEAD gets the same ETag and Content-Length, and no body", () => {
    const head = ex.find((x) => x.step === "head")!;
    assert.match(head.request.startLine, /^HEAD \/ /);
    assert.equal(status(head.response), 200);
    assert.equal(head.response.bodyBytes, 0);
    const lastFull = [...ex].reverse().find((x) => x.response.bodyBytes > 0)!;
    assert.equal(header(head.response, "etag"), header(lastFull.response, "etag"));
    assert.equal(header(head.response, "content-length"), String(lastFull.response.bodyBytes));
    const server = r.events.filter(
      (e): e is HttpEvent => e.kind === "http" && e.actor === "server" && e.dir === "response",
    );
    assert.equal(server.at(-1)!.bodyBytes, 0);
  });

  it("every socket was closed before the end", () => {
    const closes = r.events.filter((e) => e.kind === "call" && e.call === "close");
    assert.ok(closes.some((e) => e.actor === "client"));
    assert.ok(closes.some((e) => e.actor === "server"));
  });
});

describe("conditional-get replay: options and language", () => {
  it("--max-age sets Cache-Control", async () => {
    const r = await runCli(["conditional-get", "--json", "--max-age", "1"], { timeoutMs: 30_000 });
    assert.equal(r.code, 0, r.stderr);
    const first = exchanges(r.events)[0]!;
    assert.equal(header(first.response, "cache-control"), "max-age=1");
  });

  it("speaks Korean", async () => {
    const r = await runCli(["conditional-get", "--auto", "--lang", "ko"], { timeoutMs: 30_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1초 안에 두 번 수정하기/);
    assert.match(r.stdout, /304 Not Modified/);
    assert.match(r.stdout, /캐시 항목/);
  });
});

/** curl with -s and a time limit; stdout and the exit code. */
function curl(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile("curl", ["-s", "--max-time", "10", ...args], (err, stdout) => {
      const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
      resolve({ code, out: stdout });
    });
  });
}

/** Split `curl -i` output: status, headers (lower-case names), body. */
function parseCurl(out: string): { status: number; headers: Map<string, string>; body: string } {
  const at = out.indexOf("\r\n\r\n");
  const head = at < 0 ? out : out.slice(0, at);
  const [line = "", ...fields] = head.split("\r\n");
  const headers = new Map<string, string>();
  for (const f of fields) {
    const colon = f.indexOf(":");
    headers.set(f.slice(0, colon).toLowerCase(), f.slice(colon + 1).trim());
  }
  return { status: Number(line.split(" ")[1]), headers, body: at < 0 ? "" : out.slice(at + 4) };
}

/** Raw bytes to the server with Connection: close; everything it sent back, until it closed. */
function raw(port: number, request: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: "127.0.0.1", port });
    const got: Buffer[] = [];
    const timer = setTimeout(() => sock.destroy(new Error("no close within 5 s")), 5000);
    sock.on("data", (d) => got.push(d));
    sock.on("error", reject);
    sock.on("close", () => {
      clearTimeout(timer);
      resolve(Buffer.concat(got));
    });
    sock.write(request);
  });
}

describe("conditional-get --serve", { skip: hasCurl ? false : "curl is not installed" }, () => {
  let served: Served;
  let base: string;
  let etag: string;
  let lm: string;
  before(async () => {
    served = await serveCli(["conditional-get", "--serve", "--json"]);
    base = `http://127.0.0.1:${served.port}`;
  });
  after(async () => {
    assert.equal(await served.stop(), 130);
  });

  it("curl: GET / has ETag and Last-Modified", async () => {
    const r = parseCurl((await curl(["-i", `${base}/`])).out);
    assert.equal(r.status, 200);
    etag = r.headers.get("etag")!;
    lm = r.headers.get("last-modified")!;
    assert.match(etag, /^"[^"]+"$/);
    assert.match(lm, / GMT$/);
    assert.equal(Number(r.headers.get("content-length")), Buffer.byteLength(r.body));
    assert.match(r.headers.get("cache-control")!, /^max-age=\d+$/);
    assert.ok(r.headers.get("date"));
    assert.match(r.headers.get("content-type")!, /^text\/html/);
  });

  it("curl: a matching If-None-Match gets 304 without a body", async () => {
    const r = parseCurl((await curl(["-i", "-H", `If-None-Match: ${etag}`, `${base}/`])).out);
    assert.equal(r.status, 304);
    assert.equal(r.body, "");
    assert.equal(r.headers.get("etag"), etag);
    assert.ok(r.headers.get("date"));
    assert.ok(r.headers.get("cache-control"));
  });

  it("curl: a matching If-Modified-Since gets 304", async () => {
    const r = parseCurl((await curl(["-i", "-H", `If-Modified-Since: ${lm}`, `${base}/`])).out);
    assert.equal(r.status, 304);
  });

  it("curl: If-None-Match differs, the date matches: 200 (If-None-Match wins)", async () => {
    const r = parseCurl(
      (
        await curl([
          "-i",
          "-H",
          'If-None-Match: "other"',
          "-H",
          `If-Modified-Since: ${lm}`,
          `${base}/`,
        ])
      ).out,
    );
    assert.equal(r.status, 200);
    assert.ok(r.body.length > 0);
  });

  it("curl -I: HEAD has the headers of GET and no body", async () => {
    const r = parseCurl((await curl(["-I", `${base}/`])).out);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get("etag"), etag);
    assert.ok(Number(r.headers.get("content-length")) > 0);
    assert.equal(r.body, "");
  });

  it("raw bytes: nothing follows the header block of a 304 or of a HEAD answer", async () => {
    for (const line of [
      `GET / HTTP/1.1\r\nHost: t\r\nIf-None-Match: W/${etag}\r\nConnection: close\r\n\r\n`,
      "HEAD / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
    ]) {
      const got = (await raw(served.port, line)).toString("latin1");
      const end = got.indexOf("\r\n\r\n");
      assert.ok(end > 0, got);
      assert.equal(got.slice(end + 4), "", line);
    }
  });

  it("node:http: GET, conditional GET, HEAD, POST /edit, then the old ETag gets 200", async () => {
    const request = (method: string, path: string, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>(
        (resolve, reject) => {
          const req = http.request(
            { host: "127.0.0.1", port: served.port, method, path, headers, agent: false },
            (res) => {
              const parts: Buffer[] = [];
              res.on("data", (d: Buffer) => parts.push(d));
              res.on("end", () =>
                resolve({
                  status: res.statusCode!,
                  headers: res.headers,
                  body: Buffer.concat(parts),
                }),
              );
            },
          );
          req.on("error", reject);
          req.end();
        },
      );
    const first = await request("GET", "/");
    assert.equal(first.status, 200);
    const tag = first.headers.etag!;
    const notModified = await request("GET", "/", { "If-None-Match": tag });
    assert.equal(notModified.status, 304);
    assert.equal(notModified.body.length, 0);
    const head = await request("HEAD", "/");
    assert.equal(head.headers.etag, tag);
    assert.equal(head.headers["content-length"], String(first.body.length));
    assert.equal(head.body.length, 0);
    const edit = await request("POST", "/edit");
    assert.equal(edit.status, 303);
    assert.equal(edit.headers.location, "/");
    const changed = await request("GET", "/", { "If-None-Match": tag });
    assert.equal(changed.status, 200);
    assert.notEqual(changed.headers.etag, tag);
    assert.equal((await request("DELETE", "/")).headers.allow, "GET, HEAD");
    assert.equal((await request("GET", "/missing")).status, 404);
  });

  it("the server narrated its decisions from the requests it got", async () => {
    const has = (key: string) => served.events.some((e) => e.kind === "note" && e.key === key);
    await eventually(() => has("server.head"));
    const keys = new Set(
      served.events.filter((e) => e.kind === "note").map((e) => (e as NoteEvent).key),
    );
    for (const key of [
      "server.inm-match",
      "server.ims-not-modified",
      "server.ims-ignored-inm",
      "server.head",
    ]) {
      assert.ok(keys.has(key), key);
    }
    // The edit may fall in the second the server started in: then Last-Modified stays.
    assert.ok(keys.has("server.edited") || keys.has("server.editedSameSecond"));
  });
});

/** A node:http server that does conditional GET on its own, with its own ETag. */
function nodeServer(opts: { maxAge?: number; validators?: boolean; status?: number } = {}) {
  const body = Buffer.from("<p>served by node:http</p>\n");
  const etag = `"${createHash("sha1").update(body).digest("hex").slice(0, 12)}"`;
  const lastModified = new Date(Date.now() - 3_600_000).toUTCString();
  const server = http.createServer((req, res) => {
    if (opts.status) {
      res.writeHead(opts.status, { "Content-Type": "text/plain" }).end("no\n");
      return;
    }
    const headers: Record<string, string> = { "Content-Type": "text/html" };
    if (opts.validators !== false) {
      headers.ETag = etag;
      headers["Last-Modified"] = lastModified;
    }
    if (opts.maxAge !== undefined) headers["Cache-Control"] = `max-age=${opts.maxAge}`;
    else headers["Cache-Control"] = "no-cache";
    if (opts.validators !== false && req.headers["if-none-match"] === etag) {
      res.writeHead(304, headers).end();
      return;
    }
    res.writeHead(200, { ...headers, "Content-Length": body.length });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  return {
    server,
    async start(): Promise<number> {
      server.listen(0, "127.0.0.1");
      await once(server, "listening");
      return (server.address() as net.AddressInfo).port;
    },
    async stop(): Promise<void> {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}

function responses(r: CliResult): HttpEvent[] {
  return r.events.filter(
    (e): e is HttpEvent => e.kind === "http" && e.actor === "client" && e.dir === "response",
  );
}

describe("conditional-get --connect", () => {
  it("against nginx serving a file: 200, then 304", {
    skip: NGINX ? false : "nginx is not installed",
  }, async () => {
    const nginx = await startNginx({ "page.html": "<p>from nginx</p>\n".repeat(20) });
    try {
      const r = await runCli([
        "conditional-get",
        "--connect",
        `http://127.0.0.1:${nginx.port}/page.html`,
        "--json",
      ]);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(endOk(r));
      const got = responses(r);
      assert.equal(status(got[0]!), 200);
      assert.ok(header(got[0]!, "etag"));
      assert.ok(header(got[0]!, "last-modified"));
      assert.equal(status(got[1]!), 304);
      assert.equal(got[1]!.bodyBytes, 0);
      const conditional = r.events.filter(
        (e): e is HttpEvent => e.kind === "http" && e.actor === "client" && e.dir === "request",
      )[1]!;
      assert.equal(header(conditional, "if-none-match"), header(got[0]!, "etag"));
      const head = got.find((e, i) => i > 1 && e.bodyBytes === 0 && status(e) === 200);
      assert.ok(head, "a HEAD answer without body");
    } finally {
      await nginx.stop();
    }
  });

  it("against a node:http server: 200, 304, HEAD, and a fresh copy used without a request", async () => {
    const peer = nodeServer({ maxAge: 60 });
    const port = await peer.start();
    try {
      const r = await runCli([
        "conditional-get",
        "--connect",
        `http://127.0.0.1:${port}/`,
        "--json",
      ]);
      assert.equal(r.code, 0, r.stderr);
      const got = responses(r);
      assert.deepEqual(got.map(status), [200, 304, 200]);
      assert.equal(got[2]!.bodyBytes, 0);
      const fresh = notes(r.events, "note.fresh")[0]!;
      assert.equal(fresh.facts?.calls, 0);
      assert.equal(fresh.facts?.maxAge, 60);
    } finally {
      await peer.stop();
    }
  });

  it("a server without validators: the client says so and ends ok", async () => {
    const peer = nodeServer({ validators: false });
    const port = await peer.start();
    try {
      const r = await runCli(["conditional-get", "--connect", `127.0.0.1:${port}/`, "--json"]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(notes(r.events, "note.connectNoValidators").length, 1);
      assert.equal(responses(r).length, 1);
    } finally {
      await peer.stop();
    }
  });

  it("a 404 ends with exit 1 and one line", async () => {
    const peer = nodeServer({ status: 404 });
    const port = await peer.start();
    try {
      const r = await runCli(["conditional-get", "--connect", `http://127.0.0.1:${port}/x`]);
      assert.equal(r.code, 1);
      assert.equal(r.stderr.trim().split("\n").length <= 1, true);
      assert.match(r.stdout, /404/);
    } finally {
      await peer.stop();
    }
  });

  it("a bad target or a closed port: exit 1 with a reason, no stack trace", async () => {
    const bad = await runCli(["conditional-get", "--connect", "ftp://x/", "--json"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--connect wants http:\/\/host:port\/path/);
    const probe = net.createServer().listen(0, "127.0.0.1");
    await once(probe, "listening");
    const port = (probe.address() as net.AddressInfo).port;
    probe.close();
    await once(probe, "close");
    const refused = await runCli([
      "conditional-get",
      "--connect",
      `http://127.0.0.1:${port}/`,
      "--json",
    ]);
    assert.equal(refused.code, 1);
    assert.doesNotMatch(refused.stderr, /at .*\.js:\d+/);
  });
});

describe("conditional-get --serve in a browser", {
  skip: CHROMIUM ? false : "chromium is not installed",
}, () => {
  it("Chromium revalidates on reload (304) and the page's button edits it", async () => {
    const served = await serveCli(["conditional-get", "--serve", "--json"]);
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      const first = await page.goto(`http://127.0.0.1:${served.port}/`);
      assert.equal(first?.status(), 200);
      const tag = await first!.headerValue("etag");
      const again = await page.reload();
      assert.equal((await again!.request().allHeaders())["if-none-match"], tag);
      await page.click("button");
      await page.waitForLoadState();
      assert.match((await page.locator("strong").textContent()) ?? "", /2/);
      const answers = () =>
        served.events.filter(
          (e): e is HttpEvent => e.kind === "http" && e.actor === "server" && e.dir === "response",
        );
      await eventually(() => answers().some((e) => status(e) === 303));
      assert.ok(answers().some((e) => status(e) === 304 && e.bodyBytes === 0));
    } finally {
      await browser.close();
      assert.equal(await served.stop(), 130);
    }
  });
});
