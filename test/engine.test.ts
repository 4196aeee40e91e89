import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import stringWidth from "string-width";
import { nearest } from "../src/cli/suggest.js";
import { format } from "../src/i18n/locale.js";
import { AddrError, formatAddr, parseAddr, parsePort, pyAddr } from "../src/net/address.js";
import { cells, padCells, truncateCells, wrapCells } from "../src/render/cells.js";
import { toJsonLine } from "../src/render/json.js";
import { escapeBytes, escapeText, preview, pyBytes } from "../src/trace/escape.js";
import type { TraceEvent } from "../src/trace/events.js";
import { Tracer } from "../src/trace/tracer.js";
import { hasPython } from "./helpers.js";

describe("escapeText", () => {
  it("names tab, newline and carriage return", () => {
    assert.equal(escapeText("a\tb\r\nc"), "a\\tb\\r\\nc");
  });

  it("turns every other C0 control, DEL and C1 into \\xNN", () => {
    assert.equal(escapeText("\u001b[2J\u0007"), "\\x1b[2J\\x07");
    assert.equal(escapeText("\u0000\u007f\u009b"), "\\x00\\x7f\\x9b");
  });

  it("shows line separators and bidi overrides as \\uNNNN", () => {
    assert.equal(escapeText("a\u2028b\u202ec"), "a\\u2028b\\u202ec");
  });

  it("leaves printable text alone, Korean and emoji included", () => {
    const text = "héllo 안녕 👋 ~!@#";
    assert.equal(escapeText(text), text);
  });
});

describe("escapeBytes", () => {
  it("decodes valid UTF-8 and escapes its controls", () => {
    assert.equal(escapeBytes(Buffer.from("안녕\u001b[0m")), "안녕\\x1b[0m");
  });

  it("shows invalid UTF-8 byte by byte, ASCII kept", () => {
    assert.equal(escapeBytes(Buffer.from([0x68, 0x69, 0xff, 0xc3, 0x0a])), "hi\\xff\\xc3\\n");
  });

  it("doubles a backslash, so the characters \\r\\n a peer typed never read as CR LF", () => {
    assert.equal(escapeBytes(Buffer.from("a\\r\\nb")), "a\\\\r\\\\nb");
    assert.equal(escapeBytes(Buffer.from("a\r\nb")), "a\\r\\nb");
    assert.equal(escapeBytes(Buffer.from([0x5c, 0xff])), "\\\\\\xff");
  });

  it("reads back to exactly the bytes it was made from", () => {
    // The trace's text is a faithful record only if no two payloads escape to the same text.
    const back = (escaped: string): Buffer => {
      const named: Record<string, number> = { t: 9, n: 10, r: 13, "\\": 0x5c };
      const parts: Buffer[] = [];
      for (const [token] of escaped.matchAll(/\\(x[0-9a-f]{2}|u[0-9a-f]{4}|.)|[\s\S]/gu)) {
        if (!token.startsWith("\\")) parts.push(Buffer.from(token));
        else if (token[1] === "x") parts.push(Buffer.from([Number.parseInt(token.slice(2), 16)]));
        else if (token[1] === "u") {
          parts.push(Buffer.from(String.fromCodePoint(Number.parseInt(token.slice(2), 16))));
        } else parts.push(Buffer.from([named[token[1] ?? ""] ?? -1]));
      }
      return Buffer.concat(parts);
    };
    const samples = [
      Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
      Buffer.from("GET / HTTP/1.1\r\nX: a\\r\\n\u2028안녕\\x41\r\n\r\n"),
      Buffer.from("\\\\\\"),
    ];
    let seed = 7;
    for (let i = 0; i < 200; i++) {
      const bytes = Array.from({ length: 1 + (i % 17) }, () => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return [0x5c, 0x0a, 0x0d, 0x78, 0x41, 0xe2, 0x80, 0xa8, 0xec][seed % 9] ?? 0;
      });
      samples.push(Buffer.from(bytes));
    }
    for (const sample of samples) {
      assert.deepEqual(back(escapeBytes(sample)), sample, escapeBytes(sample));
    }
  });

  it("never lets a control byte through, whatever the input", () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    assert.doesNotMatch(escapeBytes(all), /[\u0000-\u001f\u007f-\u009f]/);
    assert.doesNotMatch(escapeBytes(Buffer.from("\u0085\u009b")), /[\u0080-\u009f]/);
  });
});

describe("pyBytes", () => {
  const cases: [Buffer, string][] = [
    [Buffer.from("hello"), "b'hello'"],
    [Buffer.from("it's"), `b"it's"`],
    [Buffer.from(`it's "x"`), `b'it\\'s "x"'`],
    [Buffer.from("a\\b"), "b'a\\\\b'"],
    [Buffer.from("\t\n\r\u001b"), "b'\\t\\n\\r\\x1b'"],
    [Buffer.from("é안"), "b'\\xc3\\xa9\\xec\\x95\\x88'"],
    [Buffer.from([0x7f, 0x80, 0xff]), "b'\\x7f\\x80\\xff'"],
  ];

  it("prints what Python's repr() prints", () => {
    for (const [buf, expected] of cases) assert.equal(pyBytes(buf), expected);
  });

  it("marks a cut outside the literal", () => {
    assert.equal(pyBytes(Buffer.from("abcdef"), 3), "b'abc'…");
  });

  it("agrees with python3 itself", async (t) => {
    if (!(await hasPython())) {
      t.skip("python3 is not installed here");
      return;
    }
    const literals = cases.map(([buf]) => `bytes.fromhex('${buf.toString("hex")}')`);
    const r = spawnSync("python3", ["-c", `for b in [${literals.join(",")}]: print(repr(b))`], {
      encoding: "utf8",
    });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(
      r.stdout.trim().split("\n"),
      cases.map(([buf]) => pyBytes(buf)),
    );
  });
});

describe("preview", () => {
  it("cuts by code points, never through an emoji", () => {
    assert.equal(preview("👋👋👋", 2), "👋👋…");
  });

  it("never leaves half an escape behind", () => {
    assert.equal(preview("ab\\x1b[2J", 4), "ab…");
    assert.equal(preview("ab\\x1b[2J", 6), "ab\\x1b…");
    assert.equal(preview("ab\\\\cd", 3), "ab…", "an escaped backslash is one escape");
    assert.equal(preview("ab\\\\cd", 4), "ab\\\\…");
  });

  it("leaves short text alone", () => {
    assert.equal(preview("short", 60), "short");
  });
});

describe("cells and wrapping", () => {
  it("counts Korean as two cells", () => {
    assert.equal(cells("안녕"), 4);
    assert.equal(cells("a안b"), 4);
    assert.equal(padCells("안녕", 6), "안녕  ");
  });

  it("truncates by cells with a mark", () => {
    assert.equal(truncateCells("안녕하세요", 5), "안녕…");
    assert.ok(cells(truncateCells("안녕하세요", 5)) <= 5);
    assert.equal(truncateCells("abc", 5), "abc");
  });

  it("wraps Korean prose at spaces within the width, with a hanging indent", () => {
    const text =
      "  커널은 첫 sendto() 때 클라이언트에게 포트 50001을(를) 주었고, 서버의 recvfrom()은 보낸 쪽을 127.0.0.1:50001(으)로 알려 줍니다.";
    for (const width of [20, 31, 40, 57]) {
      const lines = wrapCells(text, width);
      assert.ok(lines.length > 1);
      for (const line of lines) assert.ok(stringWidth(line) <= width, `${width}: "${line}"`);
      for (const line of lines.slice(1)) assert.match(line, /^ {4}\S/);
      // Nothing lost: the characters come back in order.
      assert.equal(lines.join("").replace(/\s/g, ""), text.replace(/\s/g, ""));
    }
  });

  it("cuts a word longer than the line by cells", () => {
    const lines = wrapCells("가".repeat(30), 11);
    for (const line of lines) assert.ok(stringWidth(line) <= 11);
    assert.equal(lines.join("").replace(/ /g, ""), "가".repeat(30));
  });

  it("keeps a quoted literal whole in code and breaks long calls after (", () => {
    const code = "  py   clientSocket.sendto(b'hello over udp', ('127.0.0.1', 12000))";
    assert.deepEqual(wrapCells(code, 38, { hang: 7, code: true }), [
      "  py   clientSocket.sendto(",
      "       b'hello over udp',",
      "       ('127.0.0.1', 12000))",
    ]);
    assert.deepEqual(wrapCells(code, 50, { hang: 7, code: true }), [
      "  py   clientSocket.sendto(b'hello over udp',",
      "       ('127.0.0.1', 12000))",
    ]);
  });

  it("keeps paragraphs apart", () => {
    assert.deepEqual(wrapCells("one\ntwo", 10), ["one", "two"]);
  });
});

describe("nearest (did you mean)", () => {
  const lessons = ["udp-echo", "tcp-echo", "cookie-session", "conditional-get", "list"];
  it("finds a typo", () => {
    assert.equal(nearest("udp-ecko", lessons), "udp-echo");
    assert.equal(nearest("tcp-ehco", lessons), "tcp-echo");
  });
  it("finds a prefix", () => {
    assert.equal(nearest("cookie", lessons), "cookie-session");
  });
  it("finds an option", () => {
    assert.equal(nearest("--lsos", ["--loss", "--lang", "--json"]), "--loss");
  });
  it("says nothing for something unrelated", () => {
    assert.equal(nearest("zzzzzz", lessons), undefined);
  });
});

describe("Tracer", () => {
  it("stamps events with increasing seq and non-decreasing t, in delivery order", async () => {
    const tracer = new Tracer();
    const seen: TraceEvent[] = [];
    tracer.subscribe((e) => seen.push(e));
    for (let i = 0; i < 5; i++) {
      tracer.emit({ kind: "note", actor: "lesson", key: `k${i}`, text: `n${i}` });
      await new Promise((r) => setTimeout(r, 1));
    }
    assert.deepEqual(
      seen.map((e) => e.seq),
      [1, 2, 3, 4, 5],
    );
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i]!.t >= seen[i - 1]!.t);
    assert.deepEqual(tracer.events, seen);
  });

  it("delivers nothing after the end event", () => {
    const tracer = new Tracer();
    const seen: TraceEvent[] = [];
    tracer.subscribe((e) => seen.push(e));
    tracer.emit({ kind: "end", actor: "lesson", ok: true });
    tracer.emit({ kind: "note", actor: "lesson", key: "late", text: "late" });
    assert.equal(seen.length, 1);
    assert.ok(tracer.isEnded);
  });

  it("keeps no history when told not to (--serve)", () => {
    const tracer = new Tracer();
    tracer.keep = false;
    let count = 0;
    tracer.subscribe(() => count++);
    tracer.emit({ kind: "note", actor: "lesson", key: "k", text: "t" });
    assert.equal(count, 1);
    assert.equal(tracer.events.length, 0);
  });

  it("announces waits and their end once", () => {
    const tracer = new Tracer();
    const log: string[] = [];
    tracer.subscribeWaits({
      start: (w) => log.push(`start ${w.key} ${w.timeoutMs}`),
      end: (w) => log.push(`end ${w.key}`),
    });
    const done = tracer.waiting("client", "reply", {}, 1000);
    done();
    done();
    assert.deepEqual(log, ["start reply 1000", "end reply"]);
  });
});

describe("addresses", () => {
  it("parses host:port, [v6]:port and a bare port", () => {
    assert.deepEqual(parseAddr("127.0.0.1:12000"), { host: "127.0.0.1", port: 12000 });
    assert.deepEqual(parseAddr("[::1]:8080"), { host: "::1", port: 8080 });
    assert.deepEqual(parseAddr("12000"), { host: "127.0.0.1", port: 12000 });
    assert.deepEqual(parseAddr(":5"), { host: "127.0.0.1", port: 5 });
    assert.deepEqual(parseAddr(" example.com:80 "), { host: "example.com", port: 80 });
  });

  it("rejects what is not a port", () => {
    for (const bad of ["70000", "host:", "a:b", "host:-1", "1.2.3.4:1e3", ""]) {
      assert.throws(() => parseAddr(bad), AddrError, bad);
    }
    assert.throws(() => parsePort("65536"), AddrError);
    assert.equal(parsePort("65535"), 65535);
  });

  it("formats as in the trace and as Python", () => {
    assert.equal(formatAddr({ host: "::1", port: 9 }), "[::1]:9");
    assert.equal(formatAddr({ host: "127.0.0.1", port: 9 }), "127.0.0.1:9");
    assert.equal(formatAddr(null), null);
    assert.equal(pyAddr({ host: "127.0.0.1", port: 12000 }), "('127.0.0.1', 12000)");
  });
});

describe("format", () => {
  it("fills placeholders and leaves a missing one visible", () => {
    assert.equal(format("{a} and {b}", { a: 1 }), "1 and {b}");
    assert.equal(format("{a}", { a: null }), "{a}");
  });
});

describe("NDJSON lines", () => {
  it("escape C1 controls, separators and bidi controls as JSON \\u escapes", () => {
    const event = { text: "a\u009b31mb\u2028c\u202ed\u001b" };
    const line = toJsonLine(event);
    assert.doesNotMatch(line, /[\u0000-\u001f\u007f-\u009f\u2028\u202e]/);
    assert.deepEqual(JSON.parse(line), event);
  });
});
