/**
 * A lecture hall on cookie-session --serve while someone floods it: 60
 * Chromium browsers (each its own cookie jar) and 60 Python clients log in,
 * fill a cart and read it back, and each must see only its own page, while
 * a client pipelines requests as fast as it can and never reads an answer.
 * The server's memory stays bounded throughout.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { hasPython, serveCli } from "./helpers.js";
import { CHROMIUM } from "./peers.js";

const run = promisify(execFile);
const STUDENTS = 60;

/** Pipelined GETs as fast as the socket takes them, never reading; stops at `limit` bytes. */
function flood(port: number, limit: number): { sent: () => number; stop: () => void } {
  const request = Buffer.from("GET / HTTP/1.1\r\nHost: flood\r\n\r\n".repeat(256));
  let sent = 0;
  let stopped = false;
  const socket = net.connect(port, "127.0.0.1");
  socket.on("error", () => {});
  const pump = () => {
    while (!stopped && sent < limit) {
      sent += request.length;
      if (!socket.write(request)) {
        socket.once("drain", pump);
        return;
      }
    }
  };
  socket.on("connect", pump);
  // Never read: the answers pile up on the server's side.
  socket.pause();
  return {
    sent: () => sent,
    stop: () => {
      stopped = true;
      socket.destroy();
    },
  };
}

const PYTHON_CLIENTS = `
import http.cookiejar, json, sys, threading, urllib.parse, urllib.request
base, n = sys.argv[1], int(sys.argv[2])
results = [None] * n
def student(i):
    try:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        def post(path, **form):
            data = urllib.parse.urlencode(form).encode()
            return opener.open(base + path, data=data, timeout=60).read().decode()
        opener.open(base + "/", timeout=60).read()
        post("/login", user="py%d" % i)
        post("/cart", item="pyitem%d" % i)
        cart = opener.open(base + "/cart", timeout=60).read().decode()
        page = opener.open(base + "/", timeout=60).read().decode()
        mine = ("py%d!" % i) in page and ("<li>pyitem%d</li>" % i) in cart
        others = cart.count("<li>")
        results[i] = {"ok": mine and others == 1}
    except Exception as e:
        results[i] = {"ok": False, "error": repr(e)}
threads = [threading.Thread(target=student, args=(i,)) for i in range(n)]
for t in threads: t.start()
for t in threads: t.join()
print(json.dumps(results))
`;

describe("cookie-session --serve for a class, under a flood", {
  timeout: 360_000,
  skip: !CHROMIUM ? "chromium is not installed (apt-get install chromium)" : false,
}, () => {
  it("every browser and every Python client gets its own page, and memory stays bounded", async () => {
    if (!(await hasPython())) return;
    const served = await serveCli(["cookie-session", "--serve"], { killAfterMs: 400_000 });
    const base = `http://127.0.0.1:${served.port}`;
    const flooder = flood(served.port, 400 * 1024 * 1024);
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({
      executablePath: CHROMIUM!,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking"],
    });
    try {
      const browserStudent = async (i: number): Promise<string | null> => {
        // A context of its own: its own cookie jar, as a separate browser would have.
        const context = await browser.newContext();
        try {
          const page = await context.newPage();
          await page.goto(`${base}/`, { timeout: 60_000 });
          await page.fill("#user", `web${i}`);
          await Promise.all([page.waitForURL(`${base}/`), page.click("#login")]);
          await page.fill("#item", `webitem${i}`);
          await Promise.all([page.waitForURL(`${base}/`), page.click("#add")]);
          const greeting = (await page.textContent("#greeting")) ?? "";
          await page.goto(`${base}/cart`, { timeout: 60_000 });
          const items = await page.locator("#cart li").allTextContents();
          if (greeting !== `Hello, web${i}!`) return `browser ${i}: greeting “${greeting}”`;
          if (items.length !== 1 || items[0] !== `webitem${i}`) {
            return `browser ${i}: cart ${JSON.stringify(items)}`;
          }
          return null;
        } catch (err) {
          return `browser ${i}: ${(err as Error).message.split("\n")[0]}`;
        } finally {
          await context.close();
        }
      };
      // 20 pages at a time: two cores run the browsers, the Python clients and the server.
      const browsers = (async () => {
        const failures: string[] = [];
        for (let from = 0; from < STUDENTS; from += 20) {
          const batch = Array.from({ length: 20 }, (_, k) => browserStudent(from + k));
          for (const f of await Promise.all(batch)) if (f) failures.push(f);
        }
        return failures;
      })();
      const python = run("python3", ["-c", PYTHON_CLIENTS, base, String(STUDENTS)], {
        timeout: 240_000,
        maxBuffer: 1 << 20,
      });
      const [browserFailures, py] = await Promise.all([browsers, python]);
      assert.deepEqual(browserFailures, []);
      const results = JSON.parse(py.stdout) as { ok: boolean; error?: string }[];
      const pyFailures = results.flatMap((r, i) =>
        r.ok ? [] : [`python ${i}: ${r.error ?? "wrong page"}`],
      );
      assert.deepEqual(pyFailures, []);
      assert.ok(flooder.sent() > 0, "the flood ran");
      const status = fs.readFileSync(`/proc/${served.child.pid}/status`, "utf8");
      const peakMiB = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
      assert.ok(peakMiB < 120, `peak RSS ${peakMiB.toFixed(1)} MiB`);
    } finally {
      flooder.stop();
      await browser.close();
      assert.equal(await served.stop(), 130);
    }
  });
});
