import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { eventually, hasPython, ROOT, runCli, serveCli, verdict } from "./helpers.js";
import { freePort, waitForPort } from "./peers.js";

const REFERENCE = path.join(ROOT, "lessons", "conditional-get", "reference", "server.py");

describe("sockstep verify conditional-get", async () => {
  const python = await hasPython();
  let dir: string;
  let source: string;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "sockstep-cg-verify-"));
    source = await readFile(REFERENCE, "utf8");
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** The reference with one line changed: a student's typical mistake. */
  async function variant(name: string, from: string, to: string): Promise<string> {
    assert.ok(source.includes(from), `the reference has: ${from}`);
    const file = path.join(dir, name);
    await writeFile(file, source.replace(from, to));
    return file;
  }

  const verify = (file: string) =>
    runCli(["verify", "conditional-get", "--json", "--", "python3", file, "{port}"], {
      timeoutMs: 40_000,
    });

  it("the Python reference server passes every check", {
    skip: !python && "no python3",
  }, async () => {
    const r = await verify(REFERENCE);
    assert.equal(r.code, 0, r.stderr);
    const v = verdict(r.events)!;
    assert.equal(v.key, "verify.pass");
    assert.equal(v.facts?.passed, 5);
    // The checks' requests really carried the validators the server had given.
    const requests = r.events.filter((e) => e.kind === "http" && e.dir === "request");
    assert.equal(requests.length, 5);
  });

  it("a server that ignores If-None-Match fails the 304 check, saying why", {
    skip: !python && "no python3",
  }, async () => {
    const file = await variant(
      "ignores_inm.py",
      '    inm = fields.get("if-none-match")',
      "    inm = None",
    );
    const r = await verify(file);
    assert.equal(r.code, 1);
    const v = verdict(r.events)!;
    assert.equal(v.key, "verify.fail");
    assert.equal(v.facts?.check, "inm-match");
    assert.match(String(v.facts?.reason), /If-None-Match named the page's own ETag.*200 OK/);
    assert.equal(v.facts?.expected, "304 Not Modified");
    assert.match(String(v.facts?.hint), /answer 304 Not Modified/);
    assert.match(r.stderr, /check 2\/5/);
  });

  it("a server that sends the page after a 304 fails on the bytes after it", {
    skip: !python && "no python3",
  }, async () => {
    const file = await variant(
      "body_after_304.py",
      'respond(conn, 304, "Not Modified", validators)',
      'respond(conn, 304, "Not Modified", validators, page.body)',
    );
    const r = await verify(file);
    assert.equal(r.code, 1);
    const v = verdict(r.events)!;
    assert.equal(v.facts?.check, "inm-match");
    assert.match(String(v.facts?.reason), /the 304 was followed by \d+ B/);
  });

  it("a server that lets If-Modified-Since win over a differing If-None-Match fails check 3", {
    skip: !python && "no python3",
  }, async () => {
    const file = await variant(
      "dates_first.py",
      "        return any(opaque(tag) == opaque(page.etag) for tag in tags)",
      "        if any(opaque(tag) == opaque(page.etag) for tag in tags):\n            return True",
    );
    const r = await verify(file);
    assert.equal(r.code, 1);
    const v = verdict(r.events)!;
    assert.equal(v.facts?.check, "inm-differs");
    assert.match(String(v.facts?.hint), /If-None-Match is present it decides/);
  });
});

describe("conditional-get and the Python reference programs", async () => {
  const python = await hasPython();

  it("client.py against sockstep --serve: 200, then 304", {
    skip: !python && "no python3",
  }, async () => {
    const served = await serveCli(["conditional-get", "--serve", "--json"]);
    try {
      const client = path.join(ROOT, "lessons", "conditional-get", "reference", "client.py");
      const out = await new Promise<string>((resolve, reject) => {
        execFile(
          "python3",
          [client, `http://127.0.0.1:${served.port}/`],
          { timeout: 20_000 },
          (err, stdout) => (err ? reject(err) : resolve(stdout)),
        );
      });
      assert.match(out, /GET \/ -> HTTP\/1\.1 200 OK, body \d+ B/);
      assert.match(out, /conditional GET \/ -> HTTP\/1\.1 304 Not Modified, body 0 B/);
      const narrated = () =>
        served.events.filter((e) => e.kind === "note" && e.key === "server.inm-match").length;
      await eventually(() => narrated() > 0);
      assert.equal(narrated(), 1);
    } finally {
      assert.equal(await served.stop(), 130);
    }
  });

  it("sockstep --connect against server.py: 200, then 304", {
    skip: !python && "no python3",
  }, async () => {
    const port = await freePort();
    const server = spawn("python3", [REFERENCE, String(port)], { stdio: "ignore" });
    try {
      await waitForPort(port);
      const r = await runCli([
        "conditional-get",
        "--connect",
        `http://127.0.0.1:${port}/`,
        "--json",
      ]);
      assert.equal(r.code, 0, r.stderr);
      const statuses = r.events
        .filter((e) => e.kind === "http" && e.actor === "client" && e.dir === "response")
        .map((e) => (e.kind === "http" ? e.startLine : ""));
      assert.deepEqual(statuses.slice(0, 2), ["HTTP/1.1 200 OK", "HTTP/1.1 304 Not Modified"]);
    } finally {
      const exited = once(server, "exit");
      server.kill("SIGINT");
      await exited;
    }
  });
});
