import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type HttpServer, httpServer } from "../src/http/index.js";
import { type Harness, harness } from "./http-harness.js";
import { CHROMIUM, launchChromium } from "./peers.js";

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>sockstep 안녕</title>
<link rel="stylesheet" href="/style.css"><script src="/app.js"></script></head>
<body><h1>hello</h1><form method="post" action="/form"><input name="user" value="kim"></form></body></html>`;

describe("httpServer and Chromium", {
  skip: CHROMIUM ? false : "chromium is not installed",
}, () => {
  let h: Harness;
  let server: HttpServer;

  before(async () => {
    h = harness();
    server = await httpServer(h.env, {
      idleTimeoutMs: 5000,
      handler: (req) => {
        const type: Record<string, string> = {
          "/": "text/html; charset=utf-8",
          "/second": "text/html; charset=utf-8",
          "/style.css": "text/css",
          "/app.js": "text/javascript",
        };
        if (req.method === "POST") {
          return { status: 303, headers: { Location: "/second" }, body: "" };
        }
        const ct = type[req.target];
        if (!ct) return { status: 404, headers: { "Content-Type": "text/plain" }, body: "no\n" };
        const body =
          req.target === "/style.css"
            ? "h1 { color: teal }"
            : req.target === "/app.js"
              ? "window.loaded = true;"
              : PAGE;
        return { status: 200, headers: { "Content-Type": ct }, body };
      },
    });
  });

  after(async () => {
    await server.close();
    await h.close();
  });

  it("serves a page, its parts, a form POST and a second page over persistent connections", async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${server.url}/`);
      assert.equal(await page.title(), "sockstep 안녕");
      assert.equal(
        await page.evaluate(() => (window as unknown as { loaded: boolean }).loaded),
        true,
      );
      await Promise.all([
        page.waitForURL(`${server.url}/second`),
        page.locator("form").evaluate((f) => (f as HTMLFormElement).submit()),
      ]);
      await page.goto(`${server.url}/`);
    } finally {
      await browser.close();
    }
    const requests = h.http("server").filter((e) => e.dir === "request");
    const responses = h.http("server").filter((e) => e.dir === "response");
    const targets = requests.map((e) => e.startLine.split(" ").slice(0, 2).join(" "));
    for (const t of ["GET /", "GET /style.css", "GET /app.js", "POST /form", "GET /second"]) {
      assert.ok(targets.includes(t), `${t} in ${targets.join(", ")}`);
    }
    // Chromium's requests all parse: nothing answered 4xx but the missing favicon.
    for (const r of responses) {
      const status = Number(r.startLine.split(" ")[1]);
      assert.ok(status < 400 || status === 404, r.startLine);
    }
    const post = requests.find((e) => e.startLine.startsWith("POST"))!;
    assert.equal(post.bodyBytes, "user=kim".length);
    // Keep-alive: fewer connections than requests.
    const conns = new Set(requests.map((e) => e.conn));
    assert.ok(
      conns.size < requests.length,
      `${requests.length} requests on ${conns.size} connections`,
    );
  });
});
