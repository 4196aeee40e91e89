import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { HttpEvent, NoteEvent } from "../src/trace/events.js";
import { type Served, serveCli } from "./helpers.js";
import { CHROMIUM, launchChromium } from "./peers.js";

function header(e: HttpEvent, name: string): string | undefined {
  return e.headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

describe("cookie-session --serve with headless Chromium", {
  skip: CHROMIUM ? false : "chromium is not installed (apt-get install chromium)",
}, () => {
  let served: Served;
  let base: string;

  before(async () => {
    served = await serveCli(["cookie-session", "--serve", "--json"]);
    base = `http://${served.host}:${served.port}`;
  });

  after(async () => {
    assert.equal(await served.stop(), 130);
  });

  it("logs in through the form, keeps the name across a reload, and the narration shows the browser's Cookie", async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${base}/`);
      assert.equal(await page.textContent("#greeting"), "Hello, stranger.");
      // HttpOnly: the page's own script cannot see the cookie.
      assert.equal(await page.textContent("#js"), '""');
      await page.fill("#user", "kim");
      await Promise.all([page.waitForURL(`${base}/`), page.click("#login")]);
      assert.equal(await page.textContent("#greeting"), "Hello, kim!");
      await page.reload();
      assert.equal(await page.textContent("#greeting"), "Hello, kim!");
      assert.match((await page.textContent("#visits")) ?? "", /: 3$/);

      const cookies = await browser.context.cookies(base);
      const sid = cookies.find((c) => c.name === "sid");
      assert.ok(sid, JSON.stringify(cookies));
      assert.equal(sid.httpOnly, true);
      assert.equal(sid.sameSite, "Lax");
      assert.equal(sid.path, "/");
      assert.ok(sid.expires > Date.now() / 1000, "a lifetime, not a session cookie");

      // The server's narration holds the browser's real request headers, Cookie among them.
      const requests = () =>
        served.events.filter(
          (e): e is HttpEvent => e.kind === "http" && e.actor === "server" && e.dir === "request",
        );
      const deadline = Date.now() + 5000;
      while (!requests().some((e) => header(e, "cookie") === `sid=${sid.value}`)) {
        assert.ok(Date.now() < deadline, "no request with the browser's sid in the narration");
        await new Promise((r) => setTimeout(r, 20));
      }
      const withCookie = requests().filter((e) => header(e, "cookie") === `sid=${sid.value}`);
      assert.ok(withCookie.some((e) => e.startLine.startsWith("GET / ")));
      assert.ok(
        requests().some((e) => header(e, "user-agent")?.includes("Chrome")),
        "the browser's own User-Agent",
      );
      const login = requests().find((e) => e.startLine.startsWith("POST /login "));
      assert.ok(login);
      assert.equal(header(login, "content-type"), "application/x-www-form-urlencoded");
      const found = served.events.filter(
        (e): e is NoteEvent => e.kind === "note" && e.key === "srv.found",
      );
      assert.ok(found.some((n) => n.facts?.sid === sid.value && n.facts?.user === "kim"));

      // Logout through the form: the browser drops the cookie.
      await Promise.all([page.waitForURL(`${base}/`), page.click("#logout")]);
      assert.equal(await page.textContent("#greeting"), "Hello, stranger.");
      const left = await browser.context.cookies(base);
      assert.notEqual(left.find((c) => c.name === "sid")?.value, sid.value);
    } finally {
      await browser.close();
    }
  });
});
