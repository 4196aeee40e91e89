import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { hasPython, ROOT, runCli, verdict } from "./helpers.js";

const REFERENCE = path.join(ROOT, "lessons", "keep-alive", "reference", "keepalive_server.py");

describe("sockstep verify keep-alive", async () => {
  const python = await hasPython();
  let dir: string;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "sockstep-ka-verify-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const verify = (file: string) =>
    runCli(["verify", "keep-alive", "--json", "--", "python3", file, "{port}"], {
      timeoutMs: 40_000,
    });

  it("the Python reference server passes: one connection for three requests, closed on request", {
    skip: !python && "no python3",
  }, async () => {
    const r = await verify(REFERENCE);
    assert.equal(r.code, 0, r.stderr);
    const v = verdict(r.events)!;
    assert.equal(v.key, "verify.pass");
    assert.equal(v.facts?.passed, 3);
    const connects = r.events.filter(
      (e) => e.kind === "call" && e.actor === "client" && e.call === "connect",
    );
    // The readiness probe is not a socket call; the checks made exactly one connection.
    assert.equal(connects.length, 1);
    const answers = r.events.filter((e) => e.kind === "http" && e.dir === "response");
    assert.equal(answers.length, 4);
  });

  it("a server that closes after every request fails on the second one, saying so", {
    skip: !python && "no python3",
  }, async () => {
    const source = await readFile(REFERENCE, "utf8");
    const from = "        self.wfile.write(body)\n";
    assert.equal(source.split(from).length, 2, "the reference writes its body once");
    const file = path.join(dir, "closes_every_time.py");
    await writeFile(file, source.replace(from, `${from}        self.close_connection = True\n`));
    const r = await verify(file);
    assert.equal(r.code, 1);
    const v = verdict(r.events)!;
    assert.equal(v.key, "verify.fail");
    assert.equal(v.facts?.check, "same-connection");
    assert.match(String(v.facts?.reason), /closed connection \d+ after answering one request/);
    assert.match(String(v.facts?.hint), /Keep reading requests from the same connection/);
    assert.match(r.stderr, /check 2\/3/);
  });
});
