import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { StepEvent, TraceEvent } from "../src/trace/events.js";
import { BIN, cliEnv, parseEvents, ROOT, runCli, serveCli } from "./helpers.js";
import { CHROMIUM, launchChromium } from "./peers.js";

const FORMATS = ["html", "svg", "md", "mermaid"] as const;
const FIXTURE = path.join(ROOT, "test", "fixtures", "handout-trace.ndjson");
const MERMAID_JS = path.join(ROOT, "node_modules", "mermaid", "dist", "mermaid.min.js");
const BROWSER = CHROMIUM ? false : "chromium is not installed (apt-get install chromium)";

let dir: string;

function traceEvents(file: string): TraceEvent[] {
  return parseEvents(fs.readFileSync(file, "utf8")).filter((e) => (e.kind as string) !== "record");
}

/** What crossed between client and server, counted from the trace itself: every connect and send. */
function wireCount(events: TraceEvent[]): number {
  return events.filter(
    (e) =>
      e.kind === "call" &&
      (e.actor === "client" || e.actor === "server") &&
      (e.call === "connect" ||
        ((e.call === "send" || e.call === "sendto") && e.bytes !== undefined)),
  ).length;
}

async function render(trace: string, format: string, extra: string[] = []): Promise<string> {
  const out = path.join(dir, `${path.basename(trace)}.${extra.join("")}.${format}`);
  const r = await runCli(["render", trace, "--format", format, "-o", out, ...extra]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "");
  return fs.readFileSync(out, "utf8");
}

/** Mermaid's own parser, in Chromium (it needs a DOM), from the installed package: no network. */
async function mermaidParser() {
  const browser = await launchChromium();
  const page = await browser.context.newPage();
  await page.setContent("<!doctype html><html><body></body></html>");
  await page.addScriptTag({ path: MERMAID_JS });
  await page.evaluate(() =>
    (globalThis as unknown as { mermaid: { initialize(o: object): void } }).mermaid.initialize({
      startOnLoad: false,
    }),
  );
  return {
    async parse(text: string): Promise<string | null> {
      return page.evaluate(async (src) => {
        try {
          const m = (globalThis as unknown as { mermaid: { parse(s: string): Promise<unknown> } })
            .mermaid;
          await m.parse(src);
          return null;
        } catch (err) {
          return String((err as Error).message ?? err);
        }
      }, text);
    },
    close: () => browser.close(),
  };
}

/** The rules the Mermaid output keeps without a browser: one statement per line, specials as entity codes. */
function checkMermaidLines(text: string): void {
  const [first, ...rest] = text.trimEnd().split("\n");
  assert.equal(first, "sequenceDiagram");
  for (const line of rest) {
    const m =
      /^ {2}(participant [CNS] as |Note over [CNS](,[CNS])?: |[CNS](?:->>|-->>|-x)[CNS]: )(.*)$/.exec(
        line,
      );
    assert.ok(m, `not a statement: ${line}`);
    // Entity codes (#59;) are how Mermaid takes its specials; nothing else of them may be left.
    const text = m[3]!.replace(/#\d+;/g, "");
    assert.doesNotMatch(text, /[;#"'<>&%{}`\\]/, line);
    assert.doesNotMatch(text, /[\u0000-\u001f\u007f]/, line);
  }
}

/** Markdown with its code blocks taken out: what a page would read as markup. */
function outsideCode(md: string): string {
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of md.split("\n")) {
    const f = /^(`{3,})/.exec(line)?.[1];
    if (fence === null && f) fence = f;
    else if (fence !== null && line === fence) fence = null;
    else if (fence === null) out.push(line);
  }
  return out.join("\n");
}

function mermaidBlocks(md: string): string[] {
  return [...md.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((m) => m[1]!);
}

function svgDoc(svg: string) {
  assert.equal(XMLValidator.validate(svg), true, "well-formed XML");
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(svg);
  assert.ok(doc.svg, "an <svg> root");
  assert.equal(doc.svg.xmlns, "http://www.w3.org/2000/svg");
  return doc.svg as Record<string, unknown>;
}

const asList = <T>(v: T | T[] | undefined): T[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sockstep-handout-"));
});
after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("--record", () => {
  it("writes the --json lines after a record line, while the lesson prints as usual", async () => {
    const file = path.join(dir, "echo-json.ndjson");
    const r = await runCli(["tcp-echo", "--json", "--record", file]);
    assert.equal(r.code, 0, r.stderr);
    const [head, ...lines] = fs.readFileSync(file, "utf8").trimEnd().split("\n");
    assert.deepEqual(lines, r.stdout.trimEnd().split("\n"));
    const record = JSON.parse(head!);
    assert.equal(record.kind, "record");
    assert.equal(record.lesson, "tcp-echo");
    assert.equal(record.title, "TCP uppercase echo");
    assert.equal(record.locale, "en");
    assert.equal(record.mode, "replay");
    assert.match(record.version, /^\d+\.\d+\.\d+/);
    assert.equal(record.options.host, "127.0.0.1");
  });

  it("a file it cannot write: one line, exit 1, before the lesson runs", async () => {
    const r = await runCli(["tcp-echo", "--record", path.join(dir, "no", "such", "dir.ndjson")]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^sockstep: --record: cannot write .*dir\.ndjson \(ENOENT\)\.\n$/);
  });
});

describe("--record in --serve and --connect", () => {
  it("records both sides of a class demo; a peer sockstep does not narrate is drawn from the server's side", async () => {
    const served = path.join(dir, "served.ndjson");
    const client = path.join(dir, "client.ndjson");
    const server = await serveCli(["tcp-echo", "--serve", "--record", served]);
    try {
      // A peer of our own first: its bytes are known only from the server's recv.
      const reply = await new Promise<string>((resolve, reject) => {
        const s = net.connect({ host: server.host, port: server.port }, () => s.end("hi\n"));
        let got = "";
        s.setEncoding("utf8").on("data", (d: string) => (got += d));
        s.on("end", () => resolve(got));
        s.on("error", reject);
      });
      assert.equal(reply, "HI\n");
      const r = await runCli([
        "tcp-echo",
        "--connect",
        `${server.host}:${server.port}`,
        "--record",
        client,
      ]);
      assert.equal(r.code, 0, r.stderr);
    } finally {
      assert.equal(await server.stop(), 130);
    }
    const head = (file: string) => JSON.parse(fs.readFileSync(file, "utf8").split("\n")[0]!);
    assert.equal(head(served).mode, "serve");
    assert.equal(head(client).mode, "connect");
    assert.equal(head(client).options.connect, `${server.host}:${server.port}`);
    // Stopped by Ctrl-C, the recording still ends with the run's end.
    assert.equal(traceEvents(served).at(-1)?.kind, "end");
    const mermaid = await render(served, "mermaid");
    checkMermaidLines(mermaid);
    assert.match(mermaid, /^ {2}C->>S: 3 B #34;hi#92;n#34;$/m);
    assert.match(mermaid, /^ {2}S->>C: send\(3 B\) #34;HI#92;n#34;$/m);
    const svg = svgDoc(await render(client, "svg"));
    const arrows = asList(svg.g as Record<string, unknown>[]).filter((g) => g.class === "arrow");
    assert.ok(arrows.length > 0);
  });
});

describe("sockstep render of recorded lessons", () => {
  const traces: { file: string; events: TraceEvent[]; titles: string[] }[] = [];
  const outputs = new Map<string, string>();

  before(async () => {
    const runs = [
      ["tcp-echo", []],
      ["conditional-get", ["--lang", "ko"]],
    ] as const;
    for (const [lesson, extra] of runs) {
      const file = path.join(dir, `${lesson}.ndjson`);
      const r = await runCli([lesson, "--record", file, ...extra], { timeoutMs: 60_000 });
      assert.equal(r.code, 0, r.stderr);
      // The terminal shows the lesson as usual: the ladder, not NDJSON.
      assert.match(r.stdout, /──/);
      const events = traceEvents(file);
      const titles = events.filter((e): e is StepEvent => e.kind === "step").map((e) => e.title);
      traces.push({ file, events, titles });
      for (const format of FORMATS) outputs.set(`${lesson}.${format}`, await render(file, format));
    }
    assert.ok(
      traces[1]!.titles.some((t) => /[\uac00-\ud7a3]/.test(t)),
      "the Korean run",
    );
  });

  it("svg: valid SVG, a lifeline per side, an arrow per connect and send", () => {
    for (const [i, lesson] of ["tcp-echo", "conditional-get"].entries()) {
      const svg = svgDoc(outputs.get(`${lesson}.svg`)!);
      const lines = asList(svg.line as Record<string, string>[]);
      assert.equal(lines.filter((l) => l.class?.startsWith("lifeline")).length, 2);
      const groups = asList(svg.g as Record<string, unknown>[]);
      const arrows = groups.filter((g) => g.class === "arrow");
      assert.equal(arrows.length, wireCount(traces[i]!.events), lesson);
      assert.ok(arrows.length > 3);
    }
  });

  it("svg --step: one step's diagram", async () => {
    const { file, events } = traces[0]!;
    const step = events.find((e): e is StepEvent => e.kind === "step" && e.index === 5)!;
    const next = events.find((e) => e.kind === "step" && e.index === 6)!;
    const inStep = events.filter((e) => e.seq > step.seq && e.seq < next.seq);
    const svg = svgDoc(await render(file, "svg", ["--step", "5"]));
    const arrows = asList(svg.g as Record<string, unknown>[]).filter((g) => g.class === "arrow");
    assert.equal(arrows.length, wireCount(inStep));
    assert.equal(
      asList(svg.rect as Record<string, string>[]).filter((r) => r.class === "step").length,
      1,
    );
  });

  it("mermaid and markdown: the statements keep Mermaid's rules, a heading and a block per step", () => {
    for (const [i, lesson] of ["tcp-echo", "conditional-get"].entries()) {
      checkMermaidLines(outputs.get(`${lesson}.mermaid`)!);
      const md = outputs.get(`${lesson}.md`)!;
      const headings = md.split("\n").filter((l) => l.startsWith("## "));
      assert.equal(headings.length, traces[i]!.titles.length);
      for (const block of mermaidBlocks(md)) checkMermaidLines(block);
    }
    // HTTP messages whole, in code blocks.
    assert.match(
      outputs.get("conditional-get.md")!,
      /```http\nGET \/ HTTP\/1\.1\nHost: 127\.0\.0\.1:\d+\n/,
    );
  });

  it("mermaid: Mermaid's own parser accepts the diagrams", { skip: BROWSER }, async () => {
    const parser = await mermaidParser();
    try {
      for (const lesson of ["tcp-echo", "conditional-get"]) {
        assert.equal(await parser.parse(outputs.get(`${lesson}.mermaid`)!), null, lesson);
        for (const block of mermaidBlocks(outputs.get(`${lesson}.md`)!)) {
          assert.equal(await parser.parse(block), null, block);
        }
      }
      // It does refuse what is not a diagram (the check can fail).
      assert.notEqual(await parser.parse("sequenceDiagram\n  C->>: x"), null);
    } finally {
      await parser.close();
    }
  });

  it("html: opens in Chromium with no error and no request, every step title shown", {
    skip: BROWSER,
  }, async () => {
    const browser = await launchChromium();
    try {
      for (const [i, lesson] of ["tcp-echo", "conditional-get"].entries()) {
        const file = path.join(dir, `${lesson}.page.html`);
        fs.writeFileSync(file, outputs.get(`${lesson}.html`)!);
        const page = await browser.context.newPage();
        const errors: string[] = [];
        const requests: string[] = [];
        page.on("console", (m) => {
          if (m.type() === "error") errors.push(m.text());
        });
        page.on("pageerror", (e) => errors.push(String(e)));
        page.on("request", (r) => requests.push(r.url()));
        const url = pathToFileURL(file).href;
        await page.goto(url);
        await page.waitForLoadState("load");
        for (const title of traces[i]!.titles) {
          const heading = page.locator("section.step h2", { hasText: title });
          assert.equal(await heading.count(), 1, title);
          assert.ok(await heading.isVisible(), title);
        }
        if (lesson === "conditional-get") {
          // Every header, one click away.
          const details = page.locator("details.http");
          assert.ok((await details.count()) > 4);
          await page.click("#expand");
          assert.ok(await page.locator("details.http pre").first().isVisible());
          assert.match(
            (await page.locator("details.http pre").first().textContent()) ?? "",
            /Host: /,
          );
        }
        const png = path.join(dir, `${lesson}.png`);
        await page.screenshot({ path: png, timeout: 120_000 });
        const bytes = fs.readFileSync(png);
        assert.ok(bytes.length > 1000);
        assert.deepEqual(
          [...bytes.subarray(0, 8)],
          [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
        );
        assert.deepEqual(errors, []);
        assert.deepEqual(
          requests.filter((r) => r !== url),
          [],
        );
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });
});

describe("sockstep render of a committed trace", () => {
  it("draws the fixture in every format", async () => {
    const md = await render(FIXTURE, "md");
    assert.match(md, /^# Conditional GET\n/);
    assert.match(md, /^## 1\/2 · The server listens$/m);
    assert.match(md, /^## 2\/2 · A GET and its 200$/m);
    assert.match(
      md,
      /^\*client:\* The client keeps the ETag &quot;abc&quot;|^\*client:\* The client keeps the ETag "abc"/m,
    );
    const mermaid = await render(FIXTURE, "mermaid");
    checkMermaidLines(mermaid);
    assert.match(mermaid, /^ {2}C->>S: GET \/ HTTP\/1\.1 · send\(35 B\)$/m);
    assert.match(mermaid, /^ {2}S->>C: HTTP\/1\.1 200 OK · send\(60 B\)$/m);
    assert.match(mermaid, /^ {2}C-->>S: connect\(127\.0\.0\.1:8080\)/m);
    const svg = svgDoc(await render(FIXTURE, "svg"));
    assert.equal(
      asList(svg.g as Record<string, unknown>[]).filter((g) => g.class === "arrow").length,
      3,
    );
    const html = await render(FIXTURE, "html");
    assert.match(html, /<details class="http server"/);
    assert.doesNotMatch(html, /<(link|img|iframe)\b|src=|@import|url\(/i);
  });

  it("a datagram the emulator dropped ends in a cross", async () => {
    const trace = path.join(dir, "lost.ndjson");
    const call = (seq: number, actor: string, call: string, data: string) => ({
      seq,
      t: seq,
      kind: "call",
      actor,
      call,
      proto: "udp",
      sock: "s",
      local: actor === "client" ? "127.0.0.1:5000" : "127.0.0.1:12000",
      remote: actor === "client" ? "127.0.0.1:6000" : "127.0.0.1:6001",
      bytes: data.length,
      data,
      py: "",
      node: "",
    });
    const events = [
      call(1, "client", "sendto", "hi"),
      {
        seq: 2,
        t: 2,
        kind: "note",
        actor: "network",
        key: "emulator.dropped",
        simulated: true,
        text: "datagram of 2 B client → server dropped",
        facts: { direction: "→", bytes: 2 },
      },
      call(3, "client", "sendto", "hi"),
      call(4, "server", "recvfrom", "hi"),
      call(5, "server", "sendto", "HI"),
      { seq: 6, t: 6, kind: "end", actor: "lesson", ok: true },
    ];
    fs.writeFileSync(trace, `${events.map((e) => JSON.stringify(e)).join("\n")}\n`);
    const mermaid = await render(trace, "mermaid");
    checkMermaidLines(mermaid);
    assert.deepEqual(
      mermaid
        .split("\n")
        .filter((l) => /^ {2}[CS]-/.test(l))
        .map((l) => l.slice(2, 7)),
      ["C-xS:", "C->>S", "S->>C"],
    );
    assert.match(mermaid, /participant N as network/);
    if (CHROMIUM) {
      const parser = await mermaidParser();
      try {
        assert.equal(await parser.parse(mermaid), null);
      } finally {
        await parser.close();
      }
    }
    const svg = svgDoc(await render(trace, "svg"));
    assert.equal(
      asList(svg.line as Record<string, string>[]).filter((l) => l.class?.startsWith("lifeline"))
        .length,
      3,
    );
    assert.equal((await render(trace, "svg")).match(/class="lost"/g)?.length, 1);
    assert.equal((await render(trace, "html")).match(/class="arrow [a-z ]*lost"/g)?.length, 1);
  });

  it("labels the page in --lang, keeps the trace's own sentences", async () => {
    const ko = await render(FIXTURE, "html", ["--lang", "ko"]);
    assert.match(ko, /큰 글씨/);
    assert.match(ko, /The client keeps the ETag/);
    const en = await render(FIXTURE, "html");
    assert.match(en, /Large type/);
  });

  it("a bad file: one line, exit 1; a bad format or step: usage, exit 2", async () => {
    const notJson = path.join(dir, "not.ndjson");
    fs.writeFileSync(notJson, '{"seq":1,"t":0,"kind":"end","actor":"lesson","ok":true}\nhello\n');
    const notTrace = path.join(dir, "other.ndjson");
    fs.writeFileSync(notTrace, '{"name":"x","version":1}\n');
    const empty = path.join(dir, "empty.ndjson");
    fs.writeFileSync(empty, "\n");
    const cases: [string[], number, RegExp][] = [
      [["render", path.join(dir, "missing.ndjson")], 1, /missing\.ndjson: no such file\.$/],
      [["render", notJson], 1, /not\.ndjson, line 2: not JSON\./],
      [["render", notTrace], 1, /other\.ndjson, line 1: not a sockstep trace event\.$/],
      [["render", empty], 1, /empty\.ndjson: no events in it\.$/],
      [["render", dir], 1, /cannot be read \(EISDIR\)/],
      [
        ["render", FIXTURE, "--format", "pdf"],
        2,
        /unknown format 'pdf': use html, svg, md, mermaid\.$/,
      ],
      [["render", FIXTURE, "--step", "7"], 2, /--step wants a number from 1 to 2, not '7'\.$/],
      [["render"], 2, /render needs a trace file/],
    ];
    for (const [args, code, message] of cases) {
      const r = await runCli(args);
      assert.equal(r.code, code, args.join(" "));
      assert.equal(r.stdout, "");
      assert.equal(r.stderr.split("\n").length, 2, r.stderr);
      assert.match(r.stderr.trimEnd(), message);
    }
  });
});

describe("sockstep render of hostile bytes", () => {
  const SCRIPT = "<script>alert(1)</script>";
  const LINE = `GET /${SCRIPT}--> ;#"x'\u0007\u001b[2J HTTP/1.1`;
  let trace: string;

  before(() => {
    trace = path.join(dir, "hostile.ndjson");
    const events = [
      {
        kind: "record",
        format: 1,
        lesson: "x</title><script>",
        title: `T ${SCRIPT}`,
        locale: "en",
        version: "1",
        mode: "serve",
        options: { host: "<b>" },
      },
      {
        seq: 1,
        t: 0,
        kind: "call",
        actor: "server",
        call: "listen",
        proto: "tcp",
        sock: "s",
        local: "127.0.0.1:1",
        remote: null,
        conn: null,
        py: "",
        node: "",
        detail: { backlog: 1 },
      },
      {
        seq: 2,
        t: 1,
        kind: "call",
        actor: "server",
        call: "recv",
        proto: "tcp",
        sock: "c",
        local: "127.0.0.1:1",
        remote: "127.0.0.1:2",
        conn: 2,
        bytes: 60,
        data: `${LINE}\r\n`,
        ms: 1,
        py: "",
        node: "",
      },
      {
        seq: 3,
        t: 1.1,
        kind: "http",
        actor: "server",
        dir: "request",
        startLine: LINE,
        headers: [[`X-${SCRIPT}`, `v --> ; # "\u0007`]],
        bodyBytes: 0,
        conn: 2,
      },
      {
        seq: 4,
        t: 2,
        kind: "note",
        actor: "server",
        key: "x",
        text: `<img src=x onerror=alert(1)> ${SCRIPT} -->;#\u0007`,
      },
      { seq: 5, t: 3, kind: "end", actor: "lesson", ok: false, reason: SCRIPT },
    ];
    fs.writeFileSync(trace, `${events.map((e) => JSON.stringify(e)).join("\n")}\n`);
  });

  it("escaped in every format", async () => {
    const out = Object.fromEntries(
      await Promise.all(FORMATS.map(async (f) => [f, await render(trace, f)])),
    );
    for (const f of FORMATS) {
      assert.doesNotMatch(out[f], /\u0007|\u001b/, `${f}: control bytes shown as escapes`);
      assert.match(out[f], f === "mermaid" ? /#92;x07/ : /\\x07/, f);
    }
    // HTML: the page's one script is its own; the peer's bytes are text.
    assert.equal(out.html.match(/<script>/g)?.length, 1);
    assert.doesNotMatch(out.html, /<img/);
    assert.match(out.html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;--&gt; ;#&quot;x&#39;/);
    // SVG: well-formed, nothing but text.
    const svg = svgDoc(out.svg);
    assert.equal(svg.script, undefined);
    assert.doesNotMatch(out.svg, /<script|<img/);
    // Mermaid: one statement per line, every special an entity code.
    checkMermaidLines(out.mermaid);
    assert.match(
      out.mermaid,
      /C->>S: GET \/#60;script#62;alert\(1\)#60;\/script#62;--#62; #59;#35;#34;x#39;/,
    );
    // Markdown: markup only in code blocks.
    assert.doesNotMatch(outsideCode(out.md), /<script|<img/);
    for (const block of mermaidBlocks(out.md)) checkMermaidLines(block);
  });

  it("Mermaid and Chromium take them as text", { skip: BROWSER }, async () => {
    const parser = await mermaidParser();
    try {
      assert.equal(await parser.parse(await render(trace, "mermaid")), null);
    } finally {
      await parser.close();
    }
    const browser = await launchChromium();
    try {
      const file = path.join(dir, "hostile.html");
      fs.writeFileSync(file, await render(trace, "html"));
      const page = await browser.context.newPage();
      let dialogs = 0;
      page.on("dialog", async (d) => {
        dialogs++;
        await d.dismiss();
      });
      await page.goto(pathToFileURL(file).href);
      assert.equal(await page.locator("script").count(), 1);
      assert.equal(await page.locator("img").count(), 0);
      assert.match(
        (await page.locator("main").textContent()) ?? "",
        /<script>alert\(1\)<\/script>-->/,
      );
      assert.equal(dialogs, 0);
    } finally {
      await browser.close();
    }
  });
});

describe("sockstep --help", () => {
  it("loads nothing of render or --record", async () => {
    const log = path.join(dir, "loaded.txt");
    const hooks = path.join(dir, "hooks.mjs");
    const register = path.join(dir, "register.mjs");
    fs.writeFileSync(
      hooks,
      `import { appendFileSync } from "node:fs";\nexport async function load(url, context, next) {\n  appendFileSync(${JSON.stringify(log)}, url + "\\n");\n  return next(url, context);\n}\n`,
    );
    fs.writeFileSync(
      register,
      `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
    );
    const child = spawn(
      process.execPath,
      ["--import", pathToFileURL(register).href, BIN, "--help"],
      {
        env: cliEnv(),
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    const [code] = await once(child, "close");
    assert.equal(code, 0);
    assert.match(stdout, /render/);
    const loaded = fs.readFileSync(log, "utf8").split("\n");
    assert.ok(
      loaded.some((u) => u.endsWith("/dist/src/cli/main.js")),
      "the hook saw the CLI load",
    );
    assert.deepEqual(
      loaded.filter((u) =>
        /\/render\/handout\/|render-command|\/cli\/record\.js|mermaid|fast-xml/.test(u),
      ),
      [],
    );
  });
});
