import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { hasPython, ROOT, runCli, verdict } from "./helpers.js";

const SHOP_PY = path.join(ROOT, "lessons", "cookie-session", "reference", "shop.py");
const python = await hasPython();

describe("sockstep verify cookie-session", {
  skip: python ? false : "python3 is not installed",
}, () => {
  let dir: string;
  let source: string;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "sockstep-shop-"));
    source = await readFile(SHOP_PY, "utf8");
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** shop.py with one rule broken, as a student's program might break it. */
  async function variant(name: string, from: string, to: string): Promise<string> {
    assert.ok(source.includes(from), `shop.py no longer contains ${JSON.stringify(from)}`);
    const file = path.join(dir, `${name}.py`);
    await writeFile(file, source.replace(from, to));
    return file;
  }

  async function verify(file: string, lang = "en") {
    return runCli(
      ["verify", "cookie-session", "--json", "--lang", lang, "--", "python3", file, "{port}"],
      {
        timeoutMs: 45_000,
      },
    );
  }

  it("the reference shop passes every check", async () => {
    const r = await verify(SHOP_PY);
    assert.equal(r.code, 0, r.stdout.slice(-2000) + r.stderr);
    const v = verdict(r.events);
    assert.equal(v?.facts?.ok, true);
    assert.equal(v?.facts?.passed, 8);
    const steps = r.events.filter((e) => e.kind === "step").map((e) => e.kind === "step" && e.id);
    assert.deepEqual(steps, [
      "first-visit",
      "sid-random",
      "cookie-returns",
      "login",
      "cart",
      "stranger",
      "forged",
      "logout",
    ]);
  });

  it("a shop that sets no cookie fails the first check, saying so", async () => {
    const file = await variant(
      "no-cookie",
      '            self.send_header("Set-Cookie", cookie)\n',
      "            pass  # the cookie is never sent\n",
    );
    const r = await verify(file);
    assert.equal(r.code, 1);
    const v = verdict(r.events);
    assert.equal(v?.facts?.ok, false);
    assert.equal(v?.facts?.check, "first-visit");
    assert.match(String(v?.facts?.reason), /no Set-Cookie/);
    assert.match(String(v?.facts?.hint), /HttpOnly; SameSite=Lax/);
  });

  it("a cookie without HttpOnly fails with the attribute named", async () => {
    const file = await variant(
      "no-httponly",
      "Path=/; HttpOnly; SameSite=Lax; Max-Age={LIFETIME_S}",
      "Path=/; SameSite=Lax; Max-Age={LIFETIME_S}",
    );
    const r = await verify(file);
    assert.equal(r.code, 1);
    const v = verdict(r.events);
    assert.equal(v?.facts?.check, "first-visit");
    assert.match(String(v?.facts?.reason), /lacks HttpOnly/);
  });

  it("a logout that only expires the cookie fails: the old sid still works", async () => {
    const file = await variant(
      "logout-keeps",
      "            if find_session(sid) is not None:\n                del SESSIONS[sid]\n",
      "            pass  # the session is kept\n",
    );
    const r = await verify(file, "ko");
    assert.equal(r.code, 1);
    const v = verdict(r.events);
    assert.equal(v?.facts?.check, "logout");
    assert.match(String(v?.facts?.reason), /로그아웃 뒤에도 예전 sid로/);
  });
});
