/**
 * The numbers cookie-session's notes compute, recomputed from the --json
 * events: the sid's size from the Set-Cookie that crossed the wire, the Cookie
 * line's bytes from the request that carried it, the cart's count from the
 * server's own notes and the page the client got.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import type { HttpEvent, NoteEvent, TraceEvent } from "../src/trace/events.js";
import { runCli, stepEvents } from "./helpers.js";

let ev: TraceEvent[] = [];

const notes = (key: string, from: TraceEvent[] = ev) =>
  from.filter((e): e is NoteEvent => e.kind === "note" && e.key === key);
const http = (actor: string, dir: string, from: TraceEvent[] = ev) =>
  from.filter((e): e is HttpEvent => e.kind === "http" && e.actor === actor && e.dir === dir);
const header = (e: HttpEvent, name: string) =>
  e.headers.find(([n]) => n.toLowerCase() === name)?.[1];

describe("cookie-session: the numbers in the notes match the events", () => {
  before(async () => {
    const r = await runCli(["cookie-session", "--json"], { timeoutMs: 60_000 });
    assert.equal(r.code, 0, r.stderr);
    ev = r.events;
  });

  it("the sid: its random bytes, bits and characters, from the Set-Cookie on the wire", () => {
    const [note] = notes("note.sidRandom");
    assert.ok(note);
    const first = http("client", "response", stepEvents(ev, "first-visit"))[0]!;
    const sid = /^sid=([^;]*)/.exec(header(first, "set-cookie") ?? "")?.[1];
    assert.ok(sid);
    const f = note.facts!;
    assert.equal(f.sid, sid);
    assert.equal(f.chars, sid.length);
    assert.equal(f.bits, Number(f.bytes) * 8);
    // base64url without padding: 6 bits a character.
    assert.equal(f.chars, Math.ceil((Number(f.bytes) * 8) / 6));
  });

  it("the Cookie line's bytes are those of the request that carried it", () => {
    const step = stepEvents(ev, "cart");
    const last = http("client", "request", step).at(-1)!;
    const cookie = header(last, "cookie");
    assert.ok(cookie);
    const [size] = notes("vs.size");
    assert.equal(size?.facts?.cookieBytes, Buffer.byteLength(`Cookie: ${cookie}\r\n`));
  });

  it("the cart: the server's count and the page's list agree with the items added", () => {
    const step = stepEvents(ev, "cart");
    const added = notes("srv.cart", step);
    assert.ok(added.length >= 1);
    // Each srv.cart counts the items added to that session so far.
    const bySid = new Map<unknown, number>();
    for (const n of notes("srv.cart")) {
      const count = (bySid.get(n.facts?.sid) ?? 0) + 1;
      bySid.set(n.facts?.sid, count);
      assert.equal(n.facts?.cart, count, `cart of ${String(n.facts?.sid)}`);
    }
    const [page] = notes("note.cartPage", step);
    assert.equal(page?.facts?.count, added.at(-1)?.facts?.cart);
    assert.equal(String(page?.facts?.items).split(", ").length, page?.facts?.count);
    assert.equal(page?.facts?.sidChars, notes("note.sidRandom")[0]?.facts?.chars);
  });

  it("where: the jar's count is that of its last listing", () => {
    const [where] = notes("vs.where");
    assert.ok(where);
    const contents = notes("jar.contents").concat(notes("jar.empty"));
    const lastJar = contents.sort((a, b) => a.seq - b.seq).at(-1)!;
    assert.equal(where.facts?.jarCount, lastJar.facts?.count);
  });
});
