import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it, mock } from "node:test";
import { Chalk } from "chalk";
import { loadLesson } from "../lessons/registry.js";
import { createTexts } from "../src/i18n/texts.js";
import type { NetEnv } from "../src/net/env.js";
import { TcpSocket } from "../src/net/tcp.js";
import { UdpSocket } from "../src/net/udp.js";
import { ladderRenderer } from "../src/render/ladder.js";
import { Output } from "../src/render/output.js";
import type { Pacing } from "../src/runtime/context.js";
import { pausePacing } from "../src/runtime/questions.js";
import { runLesson } from "../src/runtime/run.js";
import type { View } from "../src/runtime/session.js";
import type { CallEvent, NoteEvent, TraceEvent } from "../src/trace/events.js";
import { Tracer } from "../src/trace/tracer.js";

/** A tracer whose clock the test moves: no test here waits to see a time. */
class ClockTracer extends Tracer {
  t = 0;
  override now(): number {
    return this.t;
  }
}

const envOf = (tracer: Tracer): NetEnv => ({
  tracer,
  track: () => () => {},
  signal: new AbortController().signal,
});

const calls = (tracer: Tracer, call: string) =>
  tracer.events.filter((e): e is CallEvent => e.kind === "call" && e.call === call);

describe("the reader's pauses on the trace's clock", () => {
  it("are summed where they overlap a wait, nested ones once, an open one up to now", () => {
    const tracer = new ClockTracer();
    tracer.t = 100;
    const outer = tracer.pause();
    tracer.t = 150;
    const inner = tracer.pause();
    tracer.t = 300;
    inner();
    tracer.t = 400;
    outer();
    assert.equal(tracer.pausedBetween(0, 1000), 300);
    assert.equal(tracer.pausedBetween(200, 1000), 200);
    assert.equal(tracer.pausedBetween(0, 250), 150);
    assert.equal(tracer.pausedBetween(500, 1000), 0);
    tracer.t = 1000;
    const open = tracer.pause();
    tracer.t = 1250;
    assert.equal(tracer.pausedBetween(900, 1250), 250);
    assert.deepEqual(tracer.elapsed(900), { ms: 100, paused: 250 });
    open();
    open();
    tracer.t = 1300;
    assert.deepEqual(tracer.elapsed(1260), { ms: 40 });
  });

  it("come from the pacing: a pause between steps and a question", async () => {
    const tracer = new ClockTracer();
    const inner: Pacing = {
      asking: true,
      beforeStep: async () => {
        tracer.t += 5000;
        return "next";
      },
      ask: async () => {
        tracer.t += 700;
        return { chosen: 0, right: true };
      },
    };
    const pacing = pausePacing(inner, tracer);
    const signal = new AbortController().signal;
    tracer.t = 10;
    assert.equal(await pacing.beforeStep(signal), "next");
    tracer.t += 20;
    await pacing.ask(
      {
        id: "q",
        prompt: { en: "?", ko: "?" },
        choices: [
          { en: "a", ko: "a" },
          { en: "b", ko: "b" },
        ],
        answer: 0,
        hint: { en: "h", ko: "h" },
        explain: { en: "e", ko: "e" },
      },
      signal,
    );
    assert.equal(tracer.pausedBetween(0, tracer.t), 5700);
    assert.equal(tracer.elapsed(0).ms, 30);
  });
});

describe("a socket wait across the reader's pause", () => {
  it("recvfrom: the pause is left out of ms and said in paused", async () => {
    const tracer = new ClockTracer();
    const env = envOf(tracer);
    const server = new UdpSocket(env, "server", "serverSocket");
    const client = new UdpSocket(env, "client", "clientSocket");
    try {
      const addr = await server.bind(0, "127.0.0.1");
      tracer.t = 1000;
      const got = server.recvfrom(2048);
      tracer.t = 1010;
      const resume = tracer.pause();
      tracer.t = 13_310;
      resume();
      tracer.t = 13_335;
      await client.sendto("hi", addr);
      await got;
      const [recv] = calls(tracer, "recvfrom");
      assert.equal(recv!.ms, 35);
      assert.equal(recv!.paused, 12_300);
    } finally {
      await Promise.all([server.close(), client.close()]);
    }
  });

  it("accept: the time in the backlog leaves the pause out; connect without one has no paused", async () => {
    const tracer = new ClockTracer();
    const env = envOf(tracer);
    const server = new TcpSocket(env, "server", "serverSocket");
    const client = new TcpSocket(env, "client", "clientSocket");
    let conn: TcpSocket | null = null;
    try {
      server.bind(0, "127.0.0.1");
      const addr = await server.listen(1);
      tracer.t = 50;
      await client.connect(addr);
      // The connection sits in the queue; the reader reads for 4.4 s; then accept().
      while (server.queued === 0) await new Promise((r) => setImmediate(r));
      tracer.t = 60;
      const resume = tracer.pause();
      tracer.t = 4460;
      resume();
      tracer.t = 4462.5;
      conn = await server.accept();
      const [accept] = calls(tracer, "accept");
      assert.equal(accept!.detail?.queuedMs, conn.queuedMs);
      assert.equal(accept!.paused, 4400);
      assert.ok(Number(accept!.detail?.queuedMs) < 4400);
      const [connect] = calls(tracer, "connect");
      assert.equal(connect!.paused, undefined);
    } finally {
      await Promise.all([server.close(), client.close(), conn?.close()]);
    }
  });

  it("the ladder says the reading was left out, in full and compact, in English and Korean", () => {
    const event = {
      seq: 1,
      t: 4462.5,
      kind: "call",
      actor: "server",
      call: "recv",
      proto: "tcp",
      sock: "connectionSocket",
      local: "127.0.0.1:12000",
      remote: "127.0.0.1:50001",
      conn: 50001,
      bytes: 2,
      data: "hi",
      reads: [2],
      ms: 35,
      paused: 12_300,
      py: "data = connectionSocket.recv(1024)",
      node: "socket.on('data', …)",
    } as TraceEvent;
    for (const [locale, said] of [
      ["en", /your 12\.3 s of reading left out/],
      ["ko", /읽느라 멈춘 12\.3초는 뺐음/],
    ] as const) {
      for (const detail of ["full", "compact"] as const) {
        let text = "";
        const out = new Output({
          write(chunk: string) {
            text += chunk;
            return true;
          },
        } as unknown as NodeJS.WritableStream);
        const ladder = ladderRenderer(out, {
          width: 100,
          chalk: new Chalk({ level: 0 }),
          texts: createTexts(locale),
          detail,
        });
        ladder(event);
        out.flush();
        assert.match(text.replace(/[│\s]+/g, " "), said, `${locale} ${detail}:\n${text}`);
      }
    }
  });
});

describe("--delay", () => {
  it("paces events: one event's lines go out together, the next one delay later", (t) => {
    t.mock.timers.enable({ apis: ["setTimeout"] });
    const writes: string[] = [];
    const out = new Output(
      {
        write(chunk: string) {
          writes.push(chunk);
          return true;
        },
      } as unknown as NodeJS.WritableStream,
      300,
    );
    out.event(() => {
      out.line("call");
      out.line("  what the kernel did");
      out.line("  py …");
    });
    out.event(() => out.line("› a note"));
    out.event(() => {});
    out.event(() => out.line("› another"));
    assert.deepEqual(writes, ["call\n  what the kernel did\n  py …\n"]);
    t.mock.timers.tick(300);
    assert.deepEqual(writes.slice(1), ["› a note\n"]);
    t.mock.timers.tick(300);
    assert.deepEqual(writes.slice(2), ["› another\n"]);
    mock.timers.reset();
  });
});

describe("conditional-get's fresh step", () => {
  it("holds its premise after a reader's pause longer than max-age", {
    timeout: 60_000,
  }, async (t) => {
    // runLesson records progress: into a folder of this test's, never the user's.
    const config = fs.mkdtempSync(path.join(os.tmpdir(), "sockstep-times-"));
    const before = process.env.SOCKSTEP_CONFIG_DIR;
    process.env.SOCKSTEP_CONFIG_DIR = config;
    t.after(() => {
      if (before === undefined) delete process.env.SOCKSTEP_CONFIG_DIR;
      else process.env.SOCKSTEP_CONFIG_DIR = before;
      fs.rmSync(config, { recursive: true, force: true });
    });
    const lesson = await loadLesson("conditional-get");
    const freshAt = lesson.steps.findIndex((s) => s.id === "fresh") + 1;
    const events: TraceEvent[] = [];
    const view: View = {
      attach: ({ tracer }) => tracer.subscribe((e) => events.push(e)),
      drain: async () => {},
      discard: () => {},
      release: () => {},
    };
    const pacing: Pacing = {
      asking: false,
      // The reader takes longer than max-age (1 s) over the pause before the fresh step.
      beforeStep: async (_signal, next) => {
        if (next?.index === freshAt) await new Promise((r) => setTimeout(r, 1300));
        return "next";
      },
      ask: async () => null,
    };
    const code = await runLesson(
      lesson,
      {
        lessonId: "conditional-get",
        mode: "replay",
        json: false,
        locale: "en",
        step: true,
        host: "127.0.0.1",
        port: 0,
        lossPercent: 0,
        rttMs: 0,
        maxAge: 1,
      },
      { view, pacing },
    );
    assert.equal(code, 0);
    const start = events.findIndex((e) => e.kind === "step" && e.id === "fresh");
    const end = events.findIndex((e, i) => i > start && e.kind === "step");
    const notes = events
      .slice(start, end)
      .filter((e): e is NoteEvent => e.kind === "note")
      .map((n) => n.key);
    assert.ok(notes.includes("note.pausedStale"), notes.join());
    const fresh = events
      .slice(start, end)
      .find((e): e is NoteEvent => e.kind === "note" && e.key === "note.fresh");
    assert.equal(fresh?.facts?.calls, 0);
  });
});
