import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import { after, before, describe, it } from "node:test";
import zlib from "node:zlib";
import { HttpClient, HttpConnection, parseUrl } from "../src/http/index.js";
import { type Harness, harness } from "./http-harness.js";
import { NGINX, type Nginx, startNginx } from "./peers.js";

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port));
  });
}

function closeServer(server: net.Server): Promise<void> {
  if ("closeAllConnections" in server) (server as http.Server).closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A raw TCP peer: `answer(request, n)` returns what to write back for the n-th request on a connection (null: close without answering). */
function rawServer(
  answer: (request: string, n: number, conn: number) => string | null,
): net.Server {
  let conns = 0;
  const server = net.createServer((sock) => {
    const conn = ++conns;
    let n = 0;
    let buf = "";
    sock.on("error", () => {});
    sock.on("data", (d) => {
      buf += d.toString("latin1");
      for (let end = buf.indexOf("\r\n\r\n"); end >= 0; end = buf.indexOf("\r\n\r\n")) {
        const request = buf.slice(0, end);
        buf = buf.slice(end + 4);
        const reply = answer(request, ++n, conn);
        if (reply === null) {
          sock.destroy();
          return;
        }
        sock.write(reply);
      }
    });
  });
  return server;
}

describe("HttpClient against node:http", () => {
  let h: Harness;
  let server: http.Server;
  let port: number;
  const seen: { url: string; port: number }[] = [];

  before(async () => {
    h = harness();
    server = http.createServer((req, res) => {
      seen.push({ url: req.url ?? "", port: req.socket.remotePort ?? 0 });
      if (req.url === "/chunked") {
        res.setHeader("Content-Type", "text/plain");
        res.write("first,");
        setTimeout(() => {
          res.write("second,");
          res.end("third");
        }, 20);
        return;
      }
      if (req.url === "/close") {
        res.setHeader("Connection", "close");
        res.end("bye");
        return;
      }
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        res.setHeader("Content-Type", "text/plain");
        res.setHeader("Content-Length", Buffer.byteLength(`${req.method} ${req.url} ${body}`));
        res.end(req.method === "HEAD" ? undefined : `${req.method} ${req.url} ${body}`);
      });
    });
    server.keepAliveTimeout = 5000;
    port = await listen(server);
  });

  after(async () => {
    await h.close();
    await closeServer(server);
  });

  it("reuses one persistent connection for several requests", async () => {
    const client = new HttpClient(h.env, { host: "127.0.0.1", port });
    const a = await client.request({ target: "/a" });
    const b = await client.request({ method: "POST", target: "/b", body: "x=1" });
    const c = await client.request({ method: "HEAD", target: "/c" });
    client.close();
    assert.equal(a.body.toString(), "GET /a ");
    assert.equal(b.body.toString(), "POST /b x=1");
    assert.equal(c.body.length, 0);
    assert.equal(c.headers.get("content-length"), "8");
    assert.equal(a.reused, false);
    assert.equal(b.reused, true);
    assert.equal(c.conn, a.conn);
    assert.equal(client.connects, 1);
    assert.deepEqual(a.persist, { keep: true, reason: "http11Default" });
    const ports = seen.filter((s) => ["/a", "/b", "/c"].includes(s.url)).map((s) => s.port);
    assert.deepEqual(ports, [a.conn, a.conn, a.conn]);
    const mine = h.http("client").filter((e) => e.conn === a.conn);
    assert.deepEqual(
      mine.map((e) => `${e.dir} ${e.startLine}`),
      [
        "request GET /a HTTP/1.1",
        "response HTTP/1.1 200 OK",
        "request POST /b HTTP/1.1",
        "response HTTP/1.1 200 OK",
        "request HEAD /c HTTP/1.1",
        "response HTTP/1.1 200 OK",
      ],
    );
    assert.equal(mine[0]!.headers[0]![0], "Host");
  });

  it("decodes a chunked response", async () => {
    const client = new HttpClient(h.env, { host: "127.0.0.1", port });
    const r = await client.request({ target: "/chunked" });
    client.close();
    assert.equal(r.framing, "chunked");
    assert.equal(r.headers.get("transfer-encoding"), "chunked");
    assert.equal(r.body.toString(), "first,second,third");
    const event = h
      .http("client")
      .filter((e) => e.dir === "response")
      .at(-1)!;
    assert.equal(event.bodyBytes, 18);
    assert.equal(event.body, "first,second,third");
  });

  it("opens a new connection after Connection: close", async () => {
    const client = new HttpClient(h.env, { host: "127.0.0.1", port });
    const a = await client.request({ target: "/close" });
    assert.deepEqual(a.persist, { keep: false, reason: "responseClose" });
    const b = await client.request({ target: "/next" });
    client.close();
    assert.notEqual(a.conn, b.conn);
    assert.equal(client.connects, 2);
  });

  it("pipelines requests on one connection and reads the answers in order", async () => {
    const client = new HttpClient(h.env, { host: "127.0.0.1", port });
    const rs = await client.pipeline([
      { target: "/p1" },
      { target: "/p2" },
      { method: "POST", target: "/p3", body: "z" },
      { target: "/p4" },
    ]);
    client.close();
    assert.deepEqual(
      rs.map((r) => r.body.toString()),
      ["GET /p1 ", "GET /p2 ", "POST /p3 z", "GET /p4 "],
    );
    assert.equal(new Set(rs.map((r) => r.conn)).size, 1);
  });

  it("speaks HTTP/1.0 with and without keep-alive", async () => {
    const client = new HttpClient(h.env, { host: "127.0.0.1", port });
    const a = await client.request({ target: "/old", version: "HTTP/1.0" });
    assert.equal(a.persist.keep, false);
    const b = await client.request({
      target: "/old-ka",
      version: "HTTP/1.0",
      headers: { Connection: "keep-alive" },
    });
    client.close();
    assert.equal(b.persist.reason, "http10KeepAlive");
    assert.notEqual(a.conn, b.conn);
  });
});

describe("HttpClient against raw peers", () => {
  let h: Harness;
  before(() => {
    h = harness();
  });
  after(async () => {
    await h.close();
  });

  it("reads a response without length until the server closes", async () => {
    // The answer has no length: its end is the server's FIN.
    const server = net.createServer((sock) => {
      sock.on("error", () => {});
      sock.once("data", () =>
        sock.end("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it"),
      );
    });
    const port = await listen(server);
    const client = new HttpClient(h.env, { host: "127.0.0.1", port });
    const r = await client.request({ target: "/" });
    client.close();
    await closeServer(server);
    assert.equal(r.body.toString(), "all of it");
    assert.equal(r.framing, "close");
    assert.deepEqual(r.persist, { keep: false, reason: "closeDelimited" });
  });

  it("sends a GET again on a new connection when a reused one closes unanswered", async () => {
    const server = rawServer((_req, n) =>
      n === 1 ? "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok" : null,
    );
    const port = await listen(server);
    const client = new HttpClient(h.env, { host: "127.0.0.1", port });
    const a = await client.request({ target: "/1" });
    const b = await client.request({ target: "/2" });
    client.close();
    await closeServer(server);
    assert.equal(b.body.toString(), "ok");
    assert.notEqual(a.conn, b.conn);
    assert.equal(h.notes("http.client.resend").length, 1);
  });

  it("resends only the unanswered pipelined requests when the server closes mid-pipeline", async () => {
    const server = rawServer((req, n) => {
      const target = req.split(" ")[1];
      return n <= 2
        ? `HTTP/1.1 200 OK\r\nContent-Length: ${target!.length}\r\n\r\n${target}`
        : null;
    });
    const port = await listen(server);
    const client = new HttpClient(h.env, { host: "127.0.0.1", port });
    const rs = await client.pipeline([
      { target: "/a" },
      { target: "/b" },
      { target: "/c" },
      { target: "/d" },
    ]);
    client.close();
    await closeServer(server);
    assert.deepEqual(
      rs.map((r) => r.body.toString()),
      ["/a", "/b", "/c", "/d"],
    );
    assert.equal(rs[0]!.conn, rs[1]!.conn);
    assert.notEqual(rs[1]!.conn, rs[2]!.conn);
  });

  it("escapes hostile bytes from a server in its events", async () => {
    const server = rawServer(
      () => "HTTP/1.1 200 OK\r\nX-Evil: \x9b31m\xff\r\nContent-Length: 6\r\n\r\n\x1b[2Jhi",
    );
    const port = await listen(server);
    const conn = await HttpConnection.open(h.env, { host: "127.0.0.1", port });
    const r = await conn.request({ target: "/" });
    conn.close();
    await closeServer(server);
    assert.equal(r.body.length, 6);
    const e = h.http("client").at(-1)!;
    assert.ok(!JSON.stringify(e).includes("\\u001b"));
    assert.ok(e.headers.some(([n, v]) => n === "X-Evil" && v.includes("\\x9b")));
  });

  it("parses URLs for --connect", () => {
    assert.deepEqual(parseUrl("http://127.0.0.1:8080/a?b=1"), {
      host: "127.0.0.1",
      port: 8080,
      target: "/a?b=1",
    });
    assert.deepEqual(parseUrl("localhost:81"), { host: "localhost", port: 81, target: "/" });
    assert.equal(parseUrl("https://x/"), null);
  });
});

describe("HttpClient against nginx", { skip: NGINX ? false : "nginx is not installed" }, () => {
  let h: Harness;
  let nginx: Nginx;
  let port = 0;
  const page = `<!doctype html><title>sockstep</title>${"<p>line</p>\n".repeat(400)}`;

  before(async () => {
    h = harness();
    // gzip makes nginx send the page chunked: it cannot know the compressed length up front.
    nginx = await startNginx(
      { "index.html": page },
      "gzip on; gzip_types text/html; gzip_min_length 0;",
    );
    port = nginx.port;
  });

  after(async () => {
    await h.close();
    await nginx.stop();
  });

  it("GETs a page (Content-Length), a gzip page (chunked), HEAD and 304 on one connection", async () => {
    const client = new HttpClient(h.env, { host: "127.0.0.1", port });
    const plain = await client.request({ target: "/index.html" });
    assert.equal(plain.status, 200);
    assert.equal(plain.framing, "length");
    assert.equal(plain.body.toString(), page);
    const gz = await client.request({
      target: "/index.html",
      headers: { "Accept-Encoding": "gzip" },
    });
    assert.equal(gz.framing, "chunked");
    assert.equal(zlib.gunzipSync(gz.body).toString(), page);
    const head = await client.request({ method: "HEAD", target: "/index.html" });
    assert.equal(head.body.length, 0);
    assert.equal(head.headers.get("content-length"), String(page.length));
    const cond = await client.request({
      target: "/index.html",
      headers: { "If-None-Match": plain.headers.get("etag") ?? "" },
    });
    assert.equal(cond.status, 304);
    assert.equal(cond.body.length, 0);
    const missing = await client.request({ target: "/nope" });
    assert.equal(missing.status, 404);
    client.close();
    assert.equal(client.connects, 1);
    assert.ok([gz, head, cond, missing].every((r) => r.reused && r.conn === plain.conn));
  });

  it("pipelines to nginx", async () => {
    const client = new HttpClient(h.env, { host: "127.0.0.1", port });
    const rs = await client.pipeline([
      { target: "/index.html" },
      { method: "HEAD", target: "/index.html" },
      { target: "/missing" },
    ]);
    client.close();
    assert.deepEqual(
      rs.map((r) => r.status),
      [200, 200, 404],
    );
    assert.equal(rs[0]!.body.toString(), page);
  });
});
