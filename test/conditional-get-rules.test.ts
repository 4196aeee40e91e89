import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import {
  ageOf,
  conditionalHeaders,
  confirms,
  freshen,
  freshness,
  freshnessLifetime,
  headerSource,
  makeEntry,
  parseCacheControl,
  storable,
} from "../lessons/conditional-get/cache.js";
import { Page } from "../lessons/conditional-get/page.js";
import { quiz } from "../lessons/conditional-get/quiz.js";
import { answer, pathOf } from "../lessons/conditional-get/server.js";
import { text } from "../lessons/conditional-get/text.js";
import {
  etagOf,
  evaluate,
  httpDate,
  parseEtag,
  parseHttpDate,
  parseIfNoneMatch,
  weakMatch,
} from "../lessons/conditional-get/validators.js";
import { HeaderList } from "../src/http/index.js";
import { ROOT } from "./helpers.js";

const T = Date.UTC(1994, 10, 6, 8, 49, 37); // Sun, 06 Nov 1994 08:49:37 GMT
const rep = { etag: '"abc"', lastModifiedMs: T };
const get = (ifNoneMatch: string[] = [], ifModifiedSince: string[] = [], method = "GET") =>
  evaluate(rep, { method, ifNoneMatch, ifModifiedSince });

describe("conditional-get: HTTP dates", () => {
  it("formats IMF-fixdate and drops milliseconds", () => {
    assert.equal(httpDate(T + 999), "Sun, 06 Nov 1994 08:49:37 GMT");
  });

  it("parses the three forms a recipient must accept", () => {
    assert.equal(parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"), T);
    assert.equal(parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT", Date.UTC(2026, 0, 1)), T);
    assert.equal(parseHttpDate("Sun Nov  6 08:49:37 1994"), T);
  });

  it("refuses what is not an HTTP date", () => {
    for (const bad of [
      "",
      "2024",
      "yesterday",
      "Mon, 06 Nov 1994 08:49:37 GMT", // wrong weekday
      "Sun, 31 Feb 1994 08:49:37 GMT",
      "Sun, 06 Nov 1994 08:49:37 +0000",
      "Sun, 06 Nov 1994 25:49:37 GMT",
      "sun, 06 nov 1994 08:49:37 gmt",
    ]) {
      assert.equal(parseHttpDate(bad), null, bad);
    }
  });
});

describe("conditional-get: entity tags", () => {
  it("derives a strong tag from the bytes", () => {
    const a = etagOf(Buffer.from("one"));
    assert.match(a, /^"[A-Za-z0-9_-]{16}"$/);
    assert.equal(a, etagOf(Buffer.from("one")));
    assert.notEqual(a, etagOf(Buffer.from("onf")));
  });

  it("parses weak and strong tags and compares weakly", () => {
    assert.deepEqual(parseEtag('W/"x"'), { weak: true, opaque: '"x"' });
    assert.deepEqual(parseEtag('"x"'), { weak: false, opaque: '"x"' });
    assert.equal(parseEtag("x"), null);
    assert.equal(parseEtag('"a"b"'), null);
    assert.ok(weakMatch(parseEtag('W/"x"')!, parseEtag('"x"')!));
  });

  it("splits If-None-Match lists, across fields, keeping commas inside quotes", () => {
    const inm = parseIfNoneMatch(['"a", W/"b,c"', ' "d" , junk ,']);
    assert.equal(inm.any, false);
    if (inm.any) return;
    assert.deepEqual(
      inm.tags.map((t) => t.opaque),
      ['"a"', '"b,c"', '"d"'],
    );
    assert.equal(inm.invalid, 1);
    assert.deepEqual(parseIfNoneMatch([" * "]), { any: true });
  });
});

describe("conditional-get: the server's decision (RFC 9110 §13.2.2)", () => {
  it("no validators: 200", () => {
    assert.deepEqual(get(), { status: 200, rule: "unconditional" });
  });

  it("If-None-Match: a match (weak comparison, in a list, or *) is 304", () => {
    assert.equal(get(['"abc"']).status, 304);
    assert.equal(get(['W/"abc"']).status, 304);
    assert.equal(get(['"zzz", "abc"']).status, 304);
    assert.equal(get(["*"]).rule, "inm-star");
    assert.equal(get(['"abc"'], [], "HEAD").status, 304);
  });

  it("If-None-Match without a match is 200", () => {
    assert.deepEqual(get(['"zzz"']), { status: 200, rule: "inm-no-match" });
    assert.equal(get(["garbage"]).status, 200);
  });

  it("If-Modified-Since: 304 when Last-Modified is not later, 200 when it is", () => {
    assert.equal(get([], ["Sun, 06 Nov 1994 08:49:37 GMT"]).status, 304);
    assert.equal(get([], ["Sun, 06 Nov 1994 08:49:38 GMT"]).status, 304);
    assert.equal(get([], ["Sun, 06 Nov 1994 08:49:36 GMT"]).rule, "ims-modified");
  });

  it("If-Modified-Since compares whole seconds (a change later in the same second is invisible)", () => {
    const sameSecond = { etag: '"new"', lastModifiedMs: T + 700 };
    const d = evaluate(sameSecond, {
      method: "GET",
      ifNoneMatch: [],
      ifModifiedSince: ["Sun, 06 Nov 1994 08:49:37 GMT"],
    });
    assert.equal(d.status, 304);
  });

  it("an invalid or repeated If-Modified-Since is ignored", () => {
    assert.equal(get([], ["not a date"]).rule, "ims-invalid");
    assert.equal(
      get([], ["Sun, 06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMT"]).rule,
      "ims-invalid",
    );
  });

  it("If-None-Match wins over If-Modified-Since", () => {
    const d = get(['"old"'], ["Sun, 06 Nov 1994 08:49:37 GMT"]);
    assert.deepEqual(d, { status: 200, rule: "ims-ignored-inm" });
    assert.equal(get(['"abc"'], ["Sun, 06 Nov 1994 08:49:36 GMT"]).status, 304);
  });

  it("other methods never get 304 from these fields", () => {
    assert.equal(get(['"abc"'], [], "POST").status, 200);
    assert.equal(get([], ["Sun, 06 Nov 1994 08:49:37 GMT"], "POST").status, 200);
  });
});

describe("conditional-get: the page and its routes", () => {
  const clock = { now: T + 100 };
  const page = new Page(
    (v, at) => `<p>version ${v} at ${at}</p>`,
    () => clock.now,
  );
  const req = (method: string, target: string, fields: [string, string][] = []) => ({
    method,
    target,
    headers: new HeaderList(fields),
  });

  it("an edit in the same second keeps Last-Modified and changes the ETag", () => {
    const first = page.current;
    clock.now = T + 900;
    const { before, after } = page.edit();
    assert.equal(before.etag, first.etag);
    assert.equal(after.lastModified, first.lastModified);
    assert.notEqual(after.etag, first.etag);
    clock.now = T + 1500;
    assert.notEqual(page.edit().after.lastModified, first.lastModified);
  });

  it("GET / has validators and type; 304 has no body and no Content-Type", () => {
    const ok = answer(page, req("GET", "/"), 2, T + 2000);
    assert.equal(ok.init.status, 200);
    const names = (ok.init.headers as [string, string][]).map(([n]) => n);
    assert.deepEqual(names, ["Date", "Last-Modified", "ETag", "Cache-Control", "Content-Type"]);
    const etag = page.current.etag;
    const nm = answer(page, req("GET", "/?x=1", [["If-None-Match", etag]]), 2, T + 2000);
    assert.equal(nm.init.status, 304);
    assert.equal(nm.init.body, undefined);
    const nmNames = (nm.init.headers as [string, string][]).map(([n]) => n);
    assert.deepEqual(nmNames, ["Date", "ETag", "Last-Modified", "Cache-Control"]);
  });

  it("other methods and paths: 405 with Allow, 303 for POST /edit, 404", () => {
    const put = answer(page, req("PUT", "/"), 2, T);
    assert.equal(put.init.status, 405);
    assert.equal((put.init.headers as Record<string, string>).Allow, "GET, HEAD");
    assert.equal(answer(page, req("GET", "/edit"), 2, T).init.status, 405);
    const edit = answer(page, req("POST", "/edit"), 2, T);
    assert.equal(edit.route, "edit");
    assert.equal(edit.init.status, 303);
    assert.equal(answer(page, req("GET", "/nope"), 2, T).init.status, 404);
    assert.equal(pathOf("http://example.org/?q"), "/");
  });
});

describe("conditional-get: the client's cache (RFC 9111)", () => {
  const date = "Sun, 06 Nov 1994 08:49:37 GMT";
  const fields: [string, string][] = [
    ["Date", date],
    ["Last-Modified", "Sun, 06 Nov 1994 08:00:00 GMT"],
    ["ETag", '"abc"'],
    ["Cache-Control", "max-age=2"],
    ["Content-Length", "5"],
  ];

  it("parses Cache-Control directives, quoted arguments included", () => {
    const cc = parseCacheControl(['max-age=60, no-cache="Set-Cookie", Private', "public"]);
    assert.equal(cc.get("max-age"), "60");
    assert.equal(cc.get("no-cache"), "Set-Cookie");
    assert.equal(cc.get("private"), true);
    assert.equal(cc.get("public"), true);
  });

  it("freshness lifetime: max-age, then Expires, then a heuristic; no-cache means 0", () => {
    const h = (f: [string, string][]) => freshnessLifetime(headerSource(f), T);
    assert.deepEqual(h([["Cache-Control", "max-age=2"]]), { seconds: 2, source: "max-age" });
    assert.deepEqual(
      h([
        ["Date", date],
        ["Expires", "Sun, 06 Nov 1994 08:50:37 GMT"],
      ]),
      { seconds: 60, source: "expires" },
    );
    assert.deepEqual(h([["Expires", "0"]]), { seconds: 0, source: "expires" });
    assert.deepEqual(
      h([
        ["Date", date],
        ["Last-Modified", "Sun, 06 Nov 1994 07:49:37 GMT"],
      ]),
      { seconds: 360, source: "heuristic" },
    );
    assert.deepEqual(h([["Cache-Control", "no-cache, max-age=60"]]), {
      seconds: 0,
      source: "no-cache",
    });
    assert.deepEqual(h([]), { seconds: 0, source: "none" });
  });

  it("the age counts the time since Date (whole seconds) and the stay in the cache", () => {
    const entry = makeEntry("/", 200, fields, Buffer.from("hello"), T + 300, T + 400);
    const { initial, current } = ageOf(entry, T + 1400);
    assert.equal(initial, 0.4); // the response left the server at 08:49:37, seen at .400
    assert.equal(current, 1.4);
    assert.equal(freshness(entry, T + 1500).fresh, true);
    assert.equal(freshness(entry, T + 2000).fresh, false);
    assert.equal(freshness(entry, T).freshUntil, T + 2000);
  });

  it("a conditional request sends back the validators it was given", () => {
    const entry = makeEntry("/", 200, fields, Buffer.from("hello"), T, T);
    assert.deepEqual(conditionalHeaders(entry), [
      ["If-None-Match", '"abc"'],
      ["If-Modified-Since", "Sun, 06 Nov 1994 08:00:00 GMT"],
    ]);
    assert.deepEqual(conditionalHeaders(entry, "if-modified-since"), [
      ["If-Modified-Since", "Sun, 06 Nov 1994 08:00:00 GMT"],
    ]);
  });

  it("a 304 freshens the entry in place and keeps the body and its length", () => {
    const entry = makeEntry("/", 200, fields, Buffer.from("hello"), T, T);
    const later = "Sun, 06 Nov 1994 08:49:47 GMT";
    const update: [string, string][] = [
      ["Date", later],
      ["ETag", 'W/"abc"'],
      ["Cache-Control", "max-age=5"],
      ["Content-Length", "0"],
    ];
    assert.ok(confirms(entry, update));
    assert.equal(confirms(entry, [["ETag", '"other"']]), false);
    const next = freshen(entry, update, T + 10_000, T + 10_000);
    assert.deepEqual(
      next.headers.map(([n]) => n),
      fields.map(([n]) => n),
    );
    assert.equal(headerSource(next.headers).get("content-length"), "5");
    assert.equal(headerSource(next.headers).get("date"), later);
    assert.equal(next.lifetime.seconds, 5);
    assert.equal(next.body.toString(), "hello");
    assert.equal(next.revalidated, 1);
  });

  it("stores only a 200 to GET without no-store", () => {
    assert.ok(storable("GET", 200, headerSource(fields)));
    assert.equal(storable("HEAD", 200, headerSource(fields)), false);
    assert.equal(storable("GET", 404, headerSource(fields)), false);
    assert.equal(storable("GET", 200, headerSource([["Cache-Control", "no-store"]])), false);
  });
});

describe("conditional-get: texts", () => {
  it("every key exists in English and Korean, with the same placeholders", () => {
    assert.deepEqual(Object.keys(text.ko).sort(), Object.keys(text.en).sort());
    for (const key of Object.keys(text.en) as (keyof typeof text.en)[]) {
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      assert.deepEqual(names(text.ko[key]), names(text.en[key]), key);
    }
  });

  it("every question has its answer among the choices, in both languages", () => {
    const predicts = Object.values(quiz.predict).filter((q) => q !== undefined);
    for (const q of [...predicts, ...quiz.final]) {
      assert.ok(q.choices[q.answer], q.id);
      for (const c of q.choices) assert.ok(c.en && c.ko, q.id);
    }
  });
});

describe("conditional-get: the lecture mapping", () => {
  it("every Python line a step shows is in reference/server.py", async () => {
    const { lesson } = await import("../lessons/conditional-get/lesson.js");
    const source = readFileSync(
      path.join(ROOT, "lessons", "conditional-get", "reference", "server.py"),
      "utf8",
    );
    for (const step of lesson.steps) {
      for (const line of step.py ?? []) {
        assert.ok(source.includes(line.trim()), `${step.id}: ${line}`);
      }
    }
  });
});
