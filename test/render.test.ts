import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Chalk } from "chalk";
import stringWidth from "string-width";
import type { Locale } from "../src/i18n/locale.js";
import { createTexts } from "../src/i18n/texts.js";
import { type LadderOptions, ladderRenderer } from "../src/render/ladder.js";
import { Output } from "../src/render/output.js";
import { escapeBytes } from "../src/trace/escape.js";
import type { NewEvent, TraceEvent } from "../src/trace/events.js";

/** Stamp events with fixed seq and t, as a tracer would. */
function stamp(events: NewEvent[]): TraceEvent[] {
  return events.map((e, i) => ({ seq: i + 1, t: i * 1.5, ...e }) as TraceEvent);
}

/** Render events through the ladder with colours off; returns the text written. */
function render(
  events: TraceEvent[],
  width: number,
  locale: Locale = "en",
  extra: Partial<LadderOptions> = {},
): string {
  let text = "";
  const stream = {
    write(chunk: string) {
      text += chunk;
      return true;
    },
  } as unknown as NodeJS.WritableStream;
  const out = new Output(stream);
  const ladder = ladderRenderer(out, {
    width,
    chalk: new Chalk({ level: 0 }),
    texts: createTexts(locale),
    ...extra,
  });
  for (const e of events) ladder(e);
  return text;
}

const SERVER = "127.0.0.1:12000";
const CLIENT = "127.0.0.1:50001";

/** A short UDP exchange with fixed addresses: what udp-echo's first steps emit. */
function exchange(title: string, noteText: string): TraceEvent[] {
  return stamp([
    {
      kind: "step",
      actor: "lesson",
      id: "first-datagram",
      index: 3,
      total: 7,
      title,
      py: ["clientSocket.sendto(message.encode(), (serverName, serverPort))"],
    },
    {
      kind: "call",
      actor: "client",
      call: "bind",
      proto: "udp",
      sock: "clientSocket",
      local: "0.0.0.0:50001",
      remote: null,
      py: "# Python: no bind(); its port comes in sendto()",
      node: "socket.send() on an unbound socket: libuv calls bind(0.0.0.0:0) first",
      detail: { implicit: true, ephemeral: true },
    },
    {
      kind: "call",
      actor: "client",
      call: "sendto",
      proto: "udp",
      sock: "clientSocket",
      local: "0.0.0.0:50001",
      remote: SERVER,
      bytes: 5,
      data: "hello",
      py: "clientSocket.sendto(b'hello', ('127.0.0.1', 12000))",
      node: 'socket.send(<5 bytes>, 12000, "127.0.0.1")',
    },
    {
      kind: "call",
      actor: "server",
      call: "recvfrom",
      proto: "udp",
      sock: "serverSocket",
      local: SERVER,
      remote: CLIENT,
      bytes: 5,
      data: "hello",
      ms: 0.25,
      py: "message, clientAddress = serverSocket.recvfrom(2048)",
      node: "socket.on('message', (msg, rinfo) => …)",
    },
    { kind: "note", actor: "lesson", key: "note.x", text: noteText },
    {
      kind: "note",
      actor: "network",
      key: "emulator.dropped",
      text: `datagram of 5 B ${CLIENT} → ${SERVER} dropped`,
      simulated: true,
    },
    {
      kind: "error",
      actor: "client",
      code: "TIMEOUT",
      key: "error.timeout",
      facts: { call: "recvfrom", seconds: 1 },
      local: "0.0.0.0:50001",
    },
    { kind: "end", actor: "lesson", ok: true },
  ]);
}

const EN = exchange(
  "The first datagram already carries the data",
  "No handshake happened: the very first packet on the wire was the client's data.",
);

const GOLDEN_80 = `
── 3/7 · The first datagram already carries the data ───────────────────────────
    py  clientSocket.sendto(message.encode(), (serverName, serverPort))
client                                 │ server
bind → 0.0.0.0:50001: Node (libuv)     │
  binds an unbound UDP socket to port  │
  0 before its first send, and the     │
  kernel chose this port. The          │
  lecture's Python makes no bind()     │
  call: its kernel picks the port      │
  inside sendto()                      │
  py   # Python: no bind(); its port   │
       comes in sendto()               │
  node socket.send() on an unbound     │
       socket: libuv calls             │
       bind(0.0.0.0:0) first           │
sendto → 127.0.0.1:12000: 5 B          │
  py   clientSocket.sendto(b'hello',   │
       ('127.0.0.1', 12000))           │
  node socket.send(<5 bytes>, 12000,   │
       "127.0.0.1")                    │
 ─────────────────────────── datagram, 5 B "hello" ────────────────────────────▶
                                       │ recvfrom → 5 B "hello" from
                                       │   127.0.0.1:50001 (waited 0.25 ms)
                                       │   py   message, clientAddress =
                                       │        serverSocket.recvfrom(2048)
                                       │   node socket.on('message', (msg,
                                       │        rinfo) => …)
  › No handshake happened: the very first packet on the wire was the client's
    data.
  ≈ [simulated] datagram of 5 B 127.0.0.1:50001 → 127.0.0.1:12000 dropped
✗ TIMEOUT                              │
  nothing within 1 s: sockstep's own   │
    timer ran out, no system call      │
    failed (Python's settimeout raises │
    socket.timeout here)               │

✓ lesson finished
`;

const GOLDEN_120 = `
── 3/7 · The first datagram already carries the data ───────────────────────────────────────────────────────────────────
    py  clientSocket.sendto(message.encode(), (serverName, serverPort))
client                                                     │ server
bind → 0.0.0.0:50001: Node (libuv) binds an unbound UDP    │
  socket to port 0 before its first send, and the kernel   │
  chose this port. The lecture's Python makes no bind()    │
  call: its kernel picks the port inside sendto()          │
  py   # Python: no bind(); its port comes in sendto()     │
  node socket.send() on an unbound socket: libuv calls     │
       bind(0.0.0.0:0) first                               │
sendto → 127.0.0.1:12000: 5 B                              │
  py   clientSocket.sendto(b'hello', ('127.0.0.1', 12000)) │
  node socket.send(<5 bytes>, 12000, "127.0.0.1")          │
 ─────────────────────────────────────────────── datagram, 5 B "hello" ────────────────────────────────────────────────▶
                                                           │ recvfrom → 5 B "hello" from 127.0.0.1:50001 (waited 0.25
                                                           │   ms)
                                                           │   py   message, clientAddress =
                                                           │        serverSocket.recvfrom(2048)
                                                           │   node socket.on('message', (msg, rinfo) => …)
  › No handshake happened: the very first packet on the wire was the client's data.
  ≈ [simulated] datagram of 5 B 127.0.0.1:50001 → 127.0.0.1:12000 dropped
✗ TIMEOUT                                                  │
  nothing within 1 s: sockstep's own timer ran out, no     │
    system call failed (Python's settimeout raises         │
    socket.timeout here)                                   │

✓ lesson finished
`;

const GOLDEN_60 = `
── 3/7 · The first datagram already carries the data ───────
    py  clientSocket.sendto(message.encode(), (serverName,
        serverPort))
client   bind → 0.0.0.0:50001: Node (libuv) binds an unbound
           UDP socket to port 0 before its first send, and
           the kernel chose this port. The lecture's Python
           makes no bind() call: its kernel picks the port
           inside sendto()
           py   # Python: no bind(); its port comes in
                sendto()
           node socket.send() on an unbound socket: libuv
                calls bind(0.0.0.0:0) first
client   sendto → 127.0.0.1:12000: 5 B
           py   clientSocket.sendto(b'hello', ('127.0.0.1',
                12000))
           node socket.send(<5 bytes>, 12000, "127.0.0.1")
client   ──▶ server  datagram, 5 B "hello"
server   recvfrom → 5 B "hello" from 127.0.0.1:50001 (waited
           0.25 ms)
           py   message, clientAddress =
                serverSocket.recvfrom(2048)
           node socket.on('message', (msg, rinfo) => …)
  › No handshake happened: the very first packet on the wire
    was the client's data.
  ≈ [simulated] datagram of 5 B 127.0.0.1:50001 →
    127.0.0.1:12000 dropped
client   ✗ TIMEOUT
           nothing within 1 s: sockstep's own timer ran out,
             no system call failed (Python's settimeout
             raises socket.timeout here)

✓ lesson finished
`;

function widest(text: string): number {
  return Math.max(...text.split("\n").map((l) => stringWidth(l)));
}

describe("ladder renderer (golden, no colour)", () => {
  it("two columns at 80", () => {
    assert.equal(render(EN, 80), GOLDEN_80);
  });

  it("two columns at 120", () => {
    assert.equal(render(EN, 120), GOLDEN_120);
  });

  it("one column with side tags at 60", () => {
    assert.equal(render(EN, 60), GOLDEN_60);
  });

  it("no line ends in a space", () => {
    for (const width of [60, 80, 120]) {
      for (const line of render(EN, width).split("\n")) assert.doesNotMatch(line, / $/);
    }
  });
});

describe("ladder renderer: width in cells", () => {
  const KO = exchange(
    "첫 데이터그램이 곧바로 데이터를 싣고 간다, 그리고 이 제목은 한 줄에 다 들어가지 않을 만큼 아주 길게 썼습니다",
    "핸드셰이크가 없었습니다. 선로에 나간 첫 패킷이 바로 클라이언트의 데이터입니다. UDP는 연결을 유지하지 않으니 미리 준비할 것도, 끝나고 정리할 것도 없습니다.",
  );
  // A Korean payload: two cells per syllable, in the arrow label and the call rows.
  const payload = Buffer.from("안녕하세요 ".repeat(12));
  for (const e of KO) {
    if (e.kind === "call") {
      e.data = escapeBytes(payload);
      e.bytes = payload.length;
    }
  }

  for (const width of [40, 60, 79, 80, 100, 120]) {
    it(`Korean lines never exceed ${width} cells`, () => {
      const text = render(KO, width, "ko");
      assert.ok(widest(text) <= width, `widest line: ${widest(text)} cells\n${text}`);
      assert.match(text, /서버|클라이언트/);
    });
  }

  it("the two columns line up in cells with Korean actor names", () => {
    const text = render(KO, 80, "ko");
    const gutters = text
      .split("\n")
      .filter((l) => l.includes("│"))
      .map((l) => stringWidth(l.slice(0, l.indexOf("│"))));
    assert.ok(gutters.length > 3);
    assert.equal(new Set(gutters).size, 1, `gutter columns: ${[...new Set(gutters)]}`);
  });
});

describe("ladder renderer: untrusted bytes", () => {
  const hostile = Buffer.from("\u001b[2J\u0007\u009b31m\r\nbye");
  const events = stamp([
    {
      kind: "call",
      actor: "server",
      call: "recvfrom",
      proto: "udp",
      sock: "serverSocket",
      local: SERVER,
      remote: CLIENT,
      bytes: hostile.length,
      data: escapeBytes(hostile),
      ms: 1,
      py: "message, clientAddress = serverSocket.recvfrom(2048)",
      node: "socket.on('message', (msg, rinfo) => …)",
    },
    // A renderer must not trust a lesson either: raw controls in a note are escaped too.
    { kind: "note", actor: "lesson", key: "note.x", text: "reply: \u001b]0;owned\u0007 done" },
    { kind: "end", actor: "lesson", ok: false, reason: "bad \u001b[31m reason" },
  ]);

  for (const width of [60, 80]) {
    it(`no control byte reaches the terminal at ${width}`, () => {
      const text = render(events, width);
      assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
      assert.match(text, /\\x1b\[2J\\x07/);
      assert.match(text, /\\x1b\]0;owned\\x07/);
      assert.match(text, /\\r\\n/);
    });
  }
});

describe("ladder renderer: --serve banner", () => {
  const bind = stamp([
    {
      kind: "call",
      actor: "server",
      call: "socket",
      proto: "udp",
      sock: "serverSocket",
      local: null,
      remote: null,
      py: "serverSocket = socket(AF_INET, SOCK_DGRAM)",
      node: 'dgram.createSocket("udp4")',
    },
    {
      kind: "call",
      actor: "server",
      call: "bind",
      proto: "udp",
      sock: "serverSocket",
      local: SERVER,
      remote: null,
      py: "serverSocket.bind(('127.0.0.1', 12000))",
      node: 'socket.bind(12000, "127.0.0.1")',
    },
  ]);
  const bannerFirst = (e: TraceEvent) =>
    e.kind === "call" && e.call === "bind" && e.local ? `serving UDP on ${e.local}` : null;

  it("the first line is the bound address", () => {
    const text = render(bind, 80, "en", { bannerFirst });
    assert.equal(text.split("\n")[0], `serving UDP on ${SERVER}`);
  });

  it("a server that never bound prints only its reason", () => {
    const failed = stamp([
      bind[0]! as NewEvent,
      {
        kind: "error",
        actor: "server",
        code: "EADDRINUSE",
        key: "error.other",
        message: "in use",
        call: "bind",
        local: SERVER,
      },
      { kind: "end", actor: "lesson", ok: false, reason: `the address ${SERVER} is in use` },
    ]);
    const text = render(failed, 80, "en", { bannerFirst });
    assert.equal(text, `✗ the address ${SERVER} is in use\n`);
  });
});
