import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import http from "node:http";
import { after, before, describe, it } from "node:test";
import { type HttpServer, httpServer, LIMITS } from "../src/http/index.js";
import { type Harness, harness, rawExchange, statuses } from "./http-harness.js";

interface NodeReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  localPort: number;
}

function nodeRequest(
  port: number,
  opts: http.RequestOptions & { body?: string | string[] } = {},
): Promise<NodeReply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, ...opts }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body,
          localPort: req.socket?.localPort ?? 0,
        }),
      );
    });
    req.on("error", reject);
    const body = opts.body;
    if (Array.isArray(body)) for (const piece of body) req.write(piece);
    else if (body !== undefined) req.write(body);
    req.end();
  });
}

function curl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("curl", args, { timeout: 20_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe("httpServer with real peers", () => {
  let h: Harness;
  let server: HttpServer;
  let port: number;

  before(async () => {
    h = harness();
    server = await httpServer(h.env, {
      idleTimeoutMs: 800,
      handler: async (req) => {
        if (req.target === "/boom") throw new Error("handler exploded");
        if (req.target === "/echo") {
          return {
            status: 200,
            headers: { "Content-Type": "text/plain" },
            body: `${req.method} ${req.body.length} ${req.body.toString()}`,
          };
        }
        if (req.target === "/chunked") {
          return { status: 200, framing: "chunked", chunks: ["one ", "two ", "three"] };
        }
        if (req.target.startsWith("/slow")) await new Promise((r) => setTimeout(r, 100));
        return {
          status: 200,
          headers: { "Content-Type": "text/plain; charset=utf-8" },
          body: `path ${req.target}\n`,
        };
      },
    });
    port = server.address.port;
  });

  after(async () => {
    await server.close();
    await h.close();
  });

  it("answers node:http, keeps the connection, and reads a chunked POST", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const a = await nodeRequest(port, { path: "/a", agent });
    const b = await nodeRequest(port, { path: "/b", agent });
    const c = await nodeRequest(port, {
      path: "/echo",
      method: "POST",
      agent,
      body: ["hello ", "chunks"],
    });
    agent.destroy();
    assert.equal(a.status, 200);
    assert.equal(a.body, "path /a\n");
    assert.equal(b.body, "path /b\n");
    assert.equal(c.body, "POST 12 hello chunks");
    assert.ok(a.headers.date);
    assert.equal(a.headers["content-length"], "8");
    // One connection for all three: the server's events carry the same conn id.
    assert.equal(a.localPort, b.localPort);
    const mine = h.http("server").filter((e) => e.conn === a.localPort && e.dir === "request");
    assert.deepEqual(
      mine.map((e) => e.startLine),
      ["GET /a HTTP/1.1", "GET /b HTTP/1.1", "POST /echo HTTP/1.1"],
    );
    const post = mine[2]!;
    assert.ok(post.headers.some(([n, v]) => n === "Transfer-Encoding" && v === "chunked"));
    assert.equal(post.bodyBytes, 12);
  });

  it("sends a chunked response node:http decodes", async () => {
    const r = await nodeRequest(port, { path: "/chunked" });
    assert.equal(r.headers["transfer-encoding"], "chunked");
    assert.equal(r.body, "one two three");
  });

  it("answers curl and curl re-uses the connection", async (t) => {
    const probe = await curl(["--version"]);
    if (probe.code !== 0) return t.skip("curl is not installed");
    const r = await curl(["-sv", `http://127.0.0.1:${port}/one`, `http://127.0.0.1:${port}/two`]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "path /one\npath /two\n");
    assert.match(r.stderr, /Re-using existing/i);
    assert.match(r.stderr, /< HTTP\/1.1 200 OK/);
    const conns = h
      .http("server")
      .filter((e) => e.dir === "request" && /^GET \/(one|two) /.test(e.startLine))
      .map((e) => e.conn);
    assert.equal(conns.length, 2);
    assert.equal(conns[0], conns[1]);
  });

  it("answers Expect: 100-continue so curl sends a large body at once", async (t) => {
    const probe = await curl(["--version"]);
    if (probe.code !== 0) return t.skip("curl is not installed");
    const body = "k=".padEnd(3000, "v");
    const r = await curl([
      "-sv",
      "-H",
      "Expect: 100-continue",
      "--data-binary",
      body,
      `http://127.0.0.1:${port}/echo`,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `POST 3000 ${body}`);
    assert.match(r.stderr, /< HTTP\/1.1 100 Continue/);
    assert.ok(h.http("server").some((e) => e.startLine === "HTTP/1.1 100 Continue"));
  });

  it("answers HEAD with the GET headers and no body (curl -I)", async (t) => {
    const probe = await curl(["--version"]);
    if (probe.code !== 0) return t.skip("curl is not installed");
    const r = await curl(["-sI", `http://127.0.0.1:${port}/head`]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Content-Length: 11/i);
    const events = h.http("server").filter((e) => e.dir === "response");
    assert.equal(events.at(-1)!.bodyBytes, 0);
  });

  it("answers pipelined requests in one write, in order, and honours Connection: close", async () => {
    const r = await rawExchange(port, [
      "GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\n\r\nGET /last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    ]);
    assert.equal(r.closedByServer, true);
    assert.deepEqual(statuses(r.data), [200, 200, 200]);
    const order = [...r.data.matchAll(/path (\/\w+)/g)].map((m) => m[1]);
    assert.deepEqual(order, ["/slow", "/fast", "/last"]);
    assert.match(r.data, /Connection: close\r\n/);
  });

  it("treats HTTP/1.0 as one request per connection unless keep-alive is asked", async () => {
    const plain = await rawExchange(port, ["GET /a HTTP/1.0\r\n\r\n"]);
    assert.equal(plain.closedByServer, true);
    assert.match(plain.data, /^HTTP\/1.1 200 OK/);
    const ka = await rawExchange(
      port,
      [
        "GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
        "GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
      ],
      { gapMs: 50, end: true },
    );
    assert.deepEqual(statuses(ka.data), [200, 200]);
    assert.match(ka.data, /Connection: keep-alive\r\n/);
  });

  it("turns a handler error into 500 and keeps serving", async () => {
    const r = await nodeRequest(port, { path: "/boom" });
    assert.equal(r.status, 500);
    assert.ok(h.notes("http.handlerError").length >= 1);
    assert.equal((await nodeRequest(port, { path: "/ok" })).status, 200);
  });

  describe("robustness: hostile and broken peers", () => {
    const cases: { name: string; pieces: (string | Buffer)[]; status: number | null }[] = [
      {
        name: "garbage bytes",
        pieces: [Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x00])],
        status: 400,
      },
      {
        name: "an overlong request line",
        pieces: [`GET /${"x".repeat(LIMITS.maxRequestLine + 100)} HTTP/1.1\r\nHost: a\r\n\r\n`],
        status: 414,
      },
      {
        name: "2000 headers",
        pieces: [`GET / HTTP/1.1\r\nHost: a\r\n${"X-H: v\r\n".repeat(2000)}\r\n`],
        status: 431,
      },
      {
        name: "a bad Content-Length",
        pieces: ["POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 12abc\r\n\r\n"],
        status: 400,
      },
      {
        name: "conflicting Content-Length",
        pieces: ["POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"],
        status: 400,
      },
      { name: "HTTP/2.0", pieces: ["GET / HTTP/2.0\r\nHost: a\r\n\r\n"], status: 505 },
      {
        name: "an HTTP/2 connection preface",
        pieces: ["PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"],
        status: 505,
      },
      {
        name: "ESC bytes in a header",
        pieces: ["GET / HTTP/1.1\r\nHost: a\r\nX-Evil: \x1b[2J\x1b]0;owned\x07\r\n\r\n"],
        status: 400,
      },
      { name: "NUL in the target", pieces: ["GET /\x00 HTTP/1.1\r\nHost: a\r\n\r\n"], status: 400 },
      {
        name: "POST without a length",
        pieces: ["POST /echo HTTP/1.1\r\nHost: a\r\n\r\n"],
        status: 411,
      },
      {
        name: "a body too large",
        pieces: [`PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: ${LIMITS.maxBodyBytes + 1}\r\n\r\n`],
        status: 413,
      },
      {
        name: "an unknown transfer-coding",
        pieces: ["POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n"],
        status: 501,
      },
      { name: "an unknown method", pieces: ["BREW /pot HTTP/1.1\r\nHost: a\r\n\r\n"], status: 501 },
      {
        name: "obs-fold",
        pieces: ["GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n  2\r\n\r\n"],
        status: 400,
      },
      {
        name: "a slow client (a few bytes, then silence)",
        pieces: ["GET /sl"],
        status: 408,
      },
      { name: "a client that connects and says nothing", pieces: [], status: null },
    ];

    for (const c of cases) {
      it(`answers ${c.name} with ${c.status ?? "a quiet close"}, and still serves after`, async () => {
        const r = await rawExchange(port, c.pieces, { timeoutMs: 10_000 });
        assert.equal(r.closedByServer, true, "the server closed the connection");
        assert.deepEqual(statuses(r.data), c.status === null ? [] : [c.status]);
        if (c.status !== null) assert.match(r.data, /Connection: close\r\n/);
        assert.ok(!r.data.includes("\x1b"), "nothing of the peer's bytes echoed raw");
        assert.equal((await nodeRequest(port, { path: "/after" })).status, 200);
      });
    }

    it("never puts a raw control byte into an event", () => {
      for (const e of h.events) {
        const json = JSON.stringify(e);
        assert.ok(!/\\u001b|\\u0000/.test(json), `raw control byte in ${json.slice(0, 120)}`);
      }
      const refused = h.notes("http.refused").map((n) => n.facts?.status);
      for (const s of [400, 408, 411, 413, 414, 431, 501, 505])
        assert.ok(refused.includes(s), `${s}`);
    });
  });
});
