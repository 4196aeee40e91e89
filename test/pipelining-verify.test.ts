import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { hasPython, ROOT, runCli, verdict } from "./helpers.js";

const REFERENCE = path.join(ROOT, "lessons", "pipelining", "reference", "pipelining_server.py");

/**
 * A server that answers each request from its own thread as soon as it is
 * done: quick answers overtake a slow one, so pipelined answers come back
 * out of order.
 */
const OUT_OF_ORDER = `
import socket, sys, threading, time
from urllib.parse import parse_qs, urlsplit

def answer(conn, lock, target):
    url = urlsplit(target)
    if url.path == "/slow":
        time.sleep(int(parse_qs(url.query).get("ms", ["1000"])[0]) / 1000)
    body = f"GET {target}: this is {url.path}\\n".encode()
    with lock:
        conn.sendall(b"HTTP/1.1 200 OK\\r\\nContent-Length: %d\\r\\n\\r\\n" % len(body) + body)

def serve(conn):
    lock = threading.Lock()
    buf = b""
    workers = []
    while True:
        data = conn.recv(65536)
        if not data:
            break
        buf += data
        while b"\\r\\n\\r\\n" in buf:
            head, buf = buf.split(b"\\r\\n\\r\\n", 1)
            target = head.split(b"\\r\\n")[0].split(b" ")[1].decode()
            worker = threading.Thread(target=answer, args=(conn, lock, target))
            worker.start()
            workers.append(worker)
    for worker in workers:
        worker.join()
    conn.close()

server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", int(sys.argv[1])))
server.listen(8)
while True:
    conn, _ = server.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
`;

describe("sockstep verify pipelining", async () => {
  const python = await hasPython();
  let dir: string;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "sockstep-pl-verify-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const verify = (file: string) =>
    runCli(["verify", "pipelining", "--json", "--", "python3", file, "{port}"], {
      timeoutMs: 40_000,
    });

  it("the Python reference server passes: answers in order, a split request joined", {
    skip: !python && "no python3",
  }, async () => {
    const r = await verify(REFERENCE);
    assert.equal(r.code, 0, r.stderr);
    const v = verdict(r.events)!;
    assert.equal(v.key, "verify.pass");
    assert.equal(v.facts?.passed, 2);
    // Three requests went out in one send, and then two requests in two sends.
    const sends = r.events.filter(
      (e) => e.kind === "call" && e.actor === "client" && e.call === "send",
    );
    assert.equal(sends.length, 3);
  });

  it("a server that answers out of order fails the first check, saying which answer overtook", {
    skip: !python && "no python3",
  }, async () => {
    const file = path.join(dir, "out_of_order.py");
    await writeFile(file, OUT_OF_ORDER);
    const r = await verify(file);
    assert.equal(r.code, 1);
    const v = verdict(r.events)!;
    assert.equal(v.key, "verify.fail");
    assert.equal(v.facts?.check, "in-order");
    assert.match(String(v.facts?.reason), /answer 1 is for \/a, but request 1 was \/slow\?ms=300/);
    assert.equal(v.facts?.expected, "/slow?ms=300, /a, /b");
    assert.match(String(v.facts?.hint), /in the order they arrived/);
  });
});
