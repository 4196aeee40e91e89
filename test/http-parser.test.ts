import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { HttpRequest, HttpResponse } from "../src/http/index.js";
import {
  HeaderList,
  HttpError,
  keepAlive,
  LIMITS,
  RequestParser,
  ResponseParser,
  serializeRequest,
  serializeResponse,
} from "../src/http/index.js";

const b = (s: string) => Buffer.from(s, "latin1");

function all<T>(parser: { next(): T | null }): T[] {
  const out: T[] = [];
  for (let m = parser.next(); m; m = parser.next()) out.push(m);
  return out;
}

function parseRequests(...pieces: string[]): HttpRequest[] {
  const p = new RequestParser();
  const out: HttpRequest[] = [];
  for (const piece of pieces) {
    p.feed(b(piece));
    out.push(...all(p));
  }
  return out;
}

function refusal(text: string, limits = {}): HttpError {
  const p = new RequestParser(limits);
  p.feed(b(text));
  try {
    all(p);
  } catch (err) {
    assert.ok(err instanceof HttpError, String(err));
    return err;
  }
  assert.fail(`no refusal for ${JSON.stringify(text.slice(0, 60))}`);
}

describe("RequestParser", () => {
  it("parses a request split across many recvs, one byte at a time", () => {
    const text = "POST /login HTTP/1.1\r\nHost: a\r\nContent-Length: 9\r\n\r\nuser=kim!";
    const p = new RequestParser();
    const got: HttpRequest[] = [];
    for (const ch of text) {
      p.feed(b(ch));
      got.push(...all(p));
    }
    assert.equal(got.length, 1);
    const req = got[0]!;
    assert.equal(req.method, "POST");
    assert.equal(req.target, "/login");
    assert.equal(req.version, "HTTP/1.1");
    assert.equal(req.body.toString(), "user=kim!");
    assert.equal(req.framing, "length");
    assert.equal(p.buffered, 0);
    assert.equal(p.midMessage, false);
  });

  it("splits several pipelined requests in one buffer and keeps the leftover", () => {
    const p = new RequestParser();
    p.feed(
      b(
        "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\nPOST /3 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nokGET /4 HT",
      ),
    );
    const got = all(p);
    assert.deepEqual(
      got.map((r) => r.target),
      ["/1", "/2", "/3"],
    );
    assert.equal(got[2]!.body.toString(), "ok");
    assert.equal(p.buffered, "GET /4 HT".length);
    assert.equal(p.midMessage, true);
    p.feed(b("TP/1.1\r\nHost: a\r\n\r\n"));
    assert.equal(p.next()?.target, "/4");
    assert.equal(p.next(), null);
  });

  it("keeps headers in wire order with their case, and finds them case-insensitively", () => {
    const [req] = parseRequests(
      "GET / HTTP/1.1\r\nhOsT: a\r\nX-One: 1\r\nACCEPT:  text/html \r\nx-one: 2\r\n\r\n",
    );
    assert.deepEqual(req!.headers.entries(), [
      ["hOsT", "a"],
      ["X-One", "1"],
      ["ACCEPT", "text/html"],
      ["x-one", "2"],
    ]);
    assert.equal(req!.headers.get("host"), "a");
    assert.equal(req!.headers.get("X-ONE"), "1, 2");
    assert.deepEqual(req!.headers.getAll("x-one"), ["1", "2"]);
  });

  it("decodes chunked bodies with extensions and trailers", () => {
    const [req] = parseRequests(
      "POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n",
      "5;name=value\r\nhello\r\n",
      "7 ; x\r\n, world\r\n0\r\nX-Checksum: 42\r\nX-Other: y\r\n\r\n",
    );
    assert.equal(req!.body.toString(), "hello, world");
    assert.equal(req!.framing, "chunked");
    assert.deepEqual(req!.chunkSizes, [5, 7, 0]);
    assert.equal(req!.trailers.get("x-checksum"), "42");
    assert.equal(req!.trailers.size, 2);
  });

  it("takes a chunked body that arrives split inside the CRLFs", () => {
    const text =
      "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
    for (let cut = 1; cut < text.length; cut++) {
      const got = parseRequests(text.slice(0, cut), text.slice(cut));
      assert.equal(got.length, 1, `cut at ${cut}`);
      assert.equal(got[0]!.body.toString(), "abc");
    }
  });

  it("ignores a stray CRLF before a request line and accepts bare LF line ends", () => {
    const got = parseRequests("\r\nGET / HTTP/1.0\n\n");
    assert.equal(got.length, 1);
    assert.equal(got[0]!.version, "HTTP/1.0");
  });

  it("refuses obsolete line folding", () => {
    const e = refusal("GET / HTTP/1.1\r\nHost: a\r\nX-Long: one\r\n two\r\n\r\n");
    assert.equal(e.status, 400);
    assert.equal(e.violation, "obsFold");
  });

  it("refuses a bad Content-Length", () => {
    for (const value of ["abc", "-1", "+5", "1.5", "0x10", ""]) {
      const e = refusal(`POST / HTTP/1.1\r\nHost: a\r\nContent-Length: ${value}\r\n\r\n`);
      assert.equal(e.status, 400, value);
    }
  });

  it("accepts repeated equal Content-Length and refuses conflicting ones with 400", () => {
    const [req] = parseRequests(
      "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok",
    );
    assert.equal(req!.body.toString(), "ok");
    const e = refusal(
      "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok",
    );
    assert.equal(e.status, 400);
    assert.equal(e.violation, "conflictingLength");
    assert.equal(refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2, 3\r\n\r\n").status, 400);
  });

  it("refuses Transfer-Encoding together with Content-Length (request smuggling)", () => {
    const e = refusal(
      "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    );
    assert.equal(e.status, 400);
    assert.equal(e.violation, "conflictingLength");
  });

  it("answers each limit and refusal with its exact status", () => {
    const cases: [string, number, object?][] = [
      [`GET /${"a".repeat(LIMITS.maxRequestLine)} HTTP/1.1\r\nHost: a\r\n\r\n`, 414],
      [`GET / HTTP/1.1\r\nHost: a\r\n${"X-A: 1\r\n".repeat(LIMITS.maxHeaders + 1)}\r\n`, 431],
      [`GET / HTTP/1.1\r\nHost: a\r\nX-Big: ${"b".repeat(LIMITS.maxHeaderBytes)}\r\n\r\n`, 431],
      [`POST / HTTP/1.1\r\nHost: a\r\nContent-Length: ${LIMITS.maxBodyBytes + 1}\r\n\r\n`, 413],
      ["POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n", 413],
      [
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n",
        413,
        { maxBodyBytes: 8 },
      ],
      ["POST /form HTTP/1.1\r\nHost: a\r\n\r\n", 411],
      ["PUT /x HTTP/1.1\r\nHost: a\r\n\r\n", 411],
      ["POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501],
      ["POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: foo\r\n\r\n", 501],
      ["POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", 400],
      ["BREW /pot HTTP/1.1\r\nHost: a\r\n\r\n", 501],
      ["TRACE / HTTP/1.1\r\nHost: a\r\n\r\n", 501],
      ["GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505],
      ["GET / HTTP/0.9\r\n\r\n", 505],
      ["GET / HTTP/1.1\r\n\r\n", 400],
      ["GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400],
      ["GET /  HTTP/1.1\r\nHost: a\r\n\r\n", 400],
      ["GET / HTTP/1.1 extra\r\nHost: a\r\n\r\n", 400],
      ["GET / HTTX/1.1\r\nHost: a\r\n\r\n", 400],
      ["GET / HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n", 400],
      ["GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", 400],
      ["GET / HTTP/1.1\r\nHost: a\r\nX: a\x1b[2Jb\r\n\r\n", 400],
      ["GET / HTTP/1.1\r\nHost: a\r\nX: a\x00b\r\n\r\n", 400],
      ["GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n", 400],
      ["\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 400],
      ["\x1b[31mGET", 400],
      ["POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400],
      ["POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n", 400],
      ["POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400],
    ];
    for (const [text, status, limits] of cases) {
      assert.equal(refusal(text, limits).status, status, JSON.stringify(text.slice(0, 50)));
    }
  });

  it("refuses an overlong request line before it ends, and garbage at once", () => {
    const p = new RequestParser();
    p.feed(b(`GET /${"a".repeat(LIMITS.maxRequestLine + 10)}`));
    assert.throws(
      () => p.next(),
      (e: HttpError) => e.status === 414,
    );
    const q = new RequestParser();
    q.feed(b("\x00\x01"));
    assert.throws(
      () => q.next(),
      (e: HttpError) => e.status === 400,
    );
  });

  it("reports a cut-off request at end(), and nothing for a clean close", () => {
    const p = new RequestParser();
    p.feed(b("GET / HTTP/1.1\r\nHo"));
    assert.equal(p.next(), null);
    assert.throws(
      () => p.end(),
      (e: HttpError) => e.violation === "incomplete",
    );
    const q = new RequestParser();
    q.feed(b("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
    assert.ok(q.next());
    assert.equal(q.end(), null);
  });

  it("keeps a request line's bytes latin1 so nothing is lost", () => {
    const [req] = parseRequests("GET / HTTP/1.1\r\nHost: a\r\nX-Name: caf\xc3\xa9\r\n\r\n");
    assert.equal(Buffer.from(req!.headers.get("x-name")!, "latin1").toString("utf8"), "café");
  });
});

describe("ResponseParser", () => {
  const parse = (methods: string[], ...pieces: string[]): HttpResponse[] => {
    const p = new ResponseParser();
    for (const m of methods) p.expect(m);
    const out: HttpResponse[] = [];
    for (const piece of pieces) {
      p.feed(b(piece));
      out.push(...all(p));
    }
    const last = p.end();
    if (last) out.push(last);
    return out;
  };

  it("reads Content-Length bodies and pipelined responses in order", () => {
    const got = parse(
      ["GET", "GET"],
      "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcHTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
    );
    assert.deepEqual(
      got.map((r) => [r.status, r.reason, r.body.toString()]),
      [
        [200, "OK", "abc"],
        [404, "Not Found", ""],
      ],
    );
  });

  it("gives HEAD responses and 1xx/204/304 no body whatever their headers say", () => {
    const got = parse(
      ["HEAD", "GET", "GET", "GET"],
      "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n",
      "HTTP/1.1 100 Continue\r\n\r\n",
      "HTTP/1.1 204 No Content\r\n\r\n",
      'HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\nETag: "x"\r\n\r\n',
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
    );
    assert.deepEqual(
      got.map((r) => [r.status, r.body.length, r.framing]),
      [
        [200, 0, "none"],
        [100, 0, "none"],
        [204, 0, "none"],
        [304, 0, "none"],
        [200, 2, "length"],
      ],
    );
  });

  it("decodes a chunked response, as nginx sends it", () => {
    const [res] = parse(
      ["GET"],
      "HTTP/1.1 200 OK\r\nServer: nginx\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\n\r\n",
    );
    assert.equal(res!.body.toString(), "Wikipedia in\r\n\r\nchunks.");
    assert.deepEqual(res!.chunkSizes, [4, 5, 14, 0]);
  });

  it("reads a body without length until the close", () => {
    const got = parse(
      ["GET"],
      "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nfirst ",
      "second",
    );
    assert.equal(got.length, 1);
    assert.equal(got[0]!.framing, "close");
    assert.equal(got[0]!.body.toString(), "first second");
  });

  it("accepts a status line without a reason phrase", () => {
    const [res] = parse(["GET"], "HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n");
    assert.equal(res!.status, 200);
    assert.equal(res!.reason, "");
  });
});

describe("serializer", () => {
  it("sets Content-Length from the body and keeps header order", () => {
    const out = serializeResponse({
      status: 200,
      headers: [
        ["Content-Type", "text/plain"],
        ["X-A", "1"],
      ],
      body: "안녕",
    });
    assert.equal(
      out.bytes.toString("utf8"),
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-A: 1\r\nContent-Length: 6\r\n\r\n안녕",
    );
  });

  it("writes HEAD and 304 answers without a body", () => {
    const head = serializeResponse({ status: 200, body: "hello" }, { method: "HEAD" });
    assert.match(head.bytes.toString(), /Content-Length: 5\r\n\r\n$/);
    assert.equal(head.sentBodyBytes, 0);
    const notModified = serializeResponse({ status: 304, headers: { ETag: '"v1"' } });
    assert.equal(notModified.bytes.toString(), 'HTTP/1.1 304 Not Modified\r\nETag: "v1"\r\n\r\n');
  });

  it("writes chunked and close-delimited bodies that the parser reads back", () => {
    const chunked = serializeResponse({
      status: 200,
      framing: "chunked",
      chunks: ["ab", "", "cde"],
    });
    const p = new ResponseParser();
    p.expect("GET");
    p.feed(chunked.bytes);
    const res = p.next()!;
    assert.equal(res.body.toString(), "abcde");
    assert.deepEqual(res.chunkSizes, [2, 3, 0]);
    const close = serializeResponse({ status: 200, framing: "close", body: "x" });
    assert.ok(!close.headers.has("content-length"));
  });

  it("round-trips a request, and refuses header injection", () => {
    const req = serializeRequest({
      method: "POST",
      target: "/login",
      headers: { Host: "a" },
      body: "user=kim",
    });
    const p = new RequestParser();
    p.feed(req.bytes);
    assert.equal(p.next()!.body.toString(), "user=kim");
    assert.throws(() => serializeResponse({ status: 200, headers: { "Set-Cookie": "a\r\nX: y" } }));
    assert.throws(() => serializeRequest({ headers: { "Bad Name": "x" } }));
  });
});

describe("keepAlive (RFC 9112 §9.3)", () => {
  const msg = (
    version: string,
    headers: [string, string][] = [],
    framing?: "close" | "length",
  ) => ({
    version,
    headers: new HeaderList(headers),
    ...(framing ? { framing } : {}),
  });

  it("HTTP/1.1 persists unless someone says close", () => {
    assert.deepEqual(keepAlive(msg("HTTP/1.1")), { keep: true, reason: "http11Default" });
    assert.equal(keepAlive(msg("HTTP/1.1", [["Connection", "Close"]])).reason, "requestClose");
    assert.equal(
      keepAlive(msg("HTTP/1.1"), msg("HTTP/1.1", [["Connection", "close"]])).reason,
      "responseClose",
    );
  });

  it("HTTP/1.0 persists only with keep-alive, echoed by the response", () => {
    assert.equal(keepAlive(msg("HTTP/1.0")).reason, "http10Default");
    const ka: [string, string][] = [["Connection", "Keep-Alive"]];
    assert.deepEqual(keepAlive(msg("HTTP/1.0", ka)), { keep: true, reason: "http10KeepAlive" });
    assert.equal(keepAlive(msg("HTTP/1.0", ka), msg("HTTP/1.1", ka)).keep, true);
    assert.deepEqual(keepAlive(msg("HTTP/1.0", ka), msg("HTTP/1.1")), {
      keep: false,
      reason: "http10NotEchoed",
    });
  });

  it("a response without length ends by close", () => {
    assert.deepEqual(keepAlive(msg("HTTP/1.1"), msg("HTTP/1.1", [], "close")), {
      keep: false,
      reason: "closeDelimited",
    });
  });
});

describe("parser robustness", () => {
  const sample =
    "POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\nT: 1\r\n\r\n" +
    "GET /b HTTP/1.1\r\nHost: a\r\n\r\n" +
    "PUT /c HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nwxyz";

  it("gives the same messages wherever the bytes are split", () => {
    const whole = parseRequests(sample).map((r) => `${r.method} ${r.target} ${r.body}`);
    assert.deepEqual(whole, ["POST /a abc", "GET /b ", "PUT /c wxyz"]);
    for (let i = 1; i < sample.length; i++) {
      for (const j of [i + 1, i + 7, sample.length - 1]) {
        if (j <= i || j >= sample.length) continue;
        const got = parseRequests(sample.slice(0, i), sample.slice(i, j), sample.slice(j));
        assert.deepEqual(
          got.map((r) => `${r.method} ${r.target} ${r.body}`),
          whole,
          `split at ${i}, ${j}`,
        );
      }
    }
  });

  it("throws nothing but HttpError on mutated and random input", () => {
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const base = Buffer.from(sample, "latin1");
    for (let round = 0; round < 3000; round++) {
      const buf = Buffer.from(base);
      for (let k = 0; k <= rand(6); k++) buf[rand(buf.length)] = rand(256);
      const input =
        round % 5 === 0 ? Buffer.from(Array.from({ length: rand(300) }, () => rand(256))) : buf;
      for (const Parser of [RequestParser, ResponseParser]) {
        const p = new Parser({ maxBodyBytes: 64, maxResponseBodyBytes: 64 });
        try {
          let at = 0;
          while (at < input.length) {
            const step = 1 + rand(40);
            p.feed(input.subarray(at, at + step));
            at += step;
            while (p.next());
          }
          p.end();
        } catch (err) {
          assert.ok(err instanceof HttpError, `round ${round}: ${String(err)}`);
          assert.ok([400, 408, 411, 413, 414, 431, 501, 505].includes(err.status));
        }
      }
    }
  });
});
