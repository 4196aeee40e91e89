/**
 * Levels of detail. The compact ladder (the default) must let a student read
 * a step in two screens: one line per call, one arrow per HTTP message, each
 * explanation once. --detail full keeps every call's py and node lines.
 *
 * The budgets are measured at 80 columns, the way a student's terminal draws
 * them (not a TTY, so the view draws at $COLUMNS), in English and Korean.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { Chalk } from "chalk";
import { LESSONS as REGISTERED } from "../lessons/registry.js";
import type { Locale } from "../src/i18n/locale.js";
import { createTexts } from "../src/i18n/texts.js";
import { type Detail, type LadderOptions, ladderRenderer } from "../src/render/ladder.js";
import { Output } from "../src/render/output.js";
import type { NewEvent, TraceEvent } from "../src/trace/events.js";
import { runCli } from "./helpers.js";

/** Every registered lesson: a new one is held to the same budget. */
const LESSONS = REGISTERED.map((l) => l.id);
const LOCALES: Locale[] = ["en", "ko"];

/** A screen is 28 lines (a 30-line terminal less the prompt); a step gets two, a lesson twelve. */
const SCREEN = 28;
const STEP_BUDGET = 2 * SCREEN;
const LESSON_BUDGET = 12 * SCREEN;
const CHART_BUDGET = SCREEN;

const TITLE = /^── (\d+)\/(\d+) · /;
const CHART_TITLE: Record<Locale, RegExp> = { en: /^ {2}timeline\b/, ko: /^ {2}타임라인/ };

interface Measured {
  total: number;
  /** Lines per step, by its index; lines before the first title count with step 1. */
  steps: number[];
  /** Lines of each timeline chart: its title line to the last row of its table. */
  charts: number[];
}

/**
 * Split a lesson's terminal output at its step titles, and find its charts. A
 * chart is a screen of its own (its own budget): its lines are not counted
 * in its step's.
 */
function measure(stdout: string, locale: Locale): Measured {
  const lines = stdout.replace(/\n$/, "").split("\n");
  const steps: number[] = [];
  const charts: number[] = [];
  let step = 1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const title = TITLE.exec(line);
    if (title) step = Number(title[1]);
    if (CHART_TITLE[locale].test(line)) {
      // Title and lanes, the legend, one empty line, then the table: its rows start with a
      // label, where what follows the chart is an empty line, a title or a note (› ≈ ⏱).
      let end = i;
      while (end + 1 < lines.length && lines[end + 1] !== "") end++;
      end++;
      while (end + 1 < lines.length && /^ {2}[^ ›≈⏱]/.test(lines[end + 1]!)) end++;
      charts.push(end - i + 1);
      i = end;
      continue;
    }
    steps[step] = (steps[step] ?? 0) + 1;
  }
  return { total: lines.length, steps, charts };
}

async function run(lesson: string, locale: Locale, ...extra: string[]): Promise<string> {
  const r = await runCli([lesson, "--auto", "--lang", locale, ...extra], {
    env: { COLUMNS: "80" },
    timeoutMs: 120_000,
  });
  assert.equal(r.code, 0, `${lesson} ${locale} ${extra.join(" ")}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

describe("compact detail: every step in two screens at 80 columns", () => {
  const measured = new Map<string, Measured>();
  before(async () => {
    // Two at a time: the machine has two cores, and each lesson times its own network.
    const jobs = LESSONS.flatMap((lesson) => LOCALES.map((locale) => ({ lesson, locale })));
    for (let i = 0; i < jobs.length; i += 2) {
      await Promise.all(
        jobs.slice(i, i + 2).map(async ({ lesson, locale }) => {
          measured.set(`${lesson} ${locale}`, measure(await run(lesson, locale), locale));
        }),
      );
    }
  });

  it("prints lines per step (lesson × step, en / ko)", (t) => {
    const rows = LESSONS.map((lesson) => {
      const [en, ko] = LOCALES.map((l) => measured.get(`${lesson} ${l}`)!);
      const cells = en!.steps
        .map((n, i) => (n === undefined ? null : `${i}:${n}/${ko!.steps[i] ?? "-"}`))
        .filter((c) => c !== null);
      const charts = en!.charts.length > 0 ? `  charts ${en!.charts}/${ko!.charts}` : "";
      return `${lesson.padEnd(16)} total ${en!.total}/${ko!.total}  ${cells.join(" ")}${charts}`;
    });
    t.diagnostic(`lines at 80 columns, en/ko (step budget ${STEP_BUDGET}):\n${rows.join("\n")}`);
  });

  for (const lesson of LESSONS) {
    for (const locale of LOCALES) {
      it(`${lesson} ${locale}: no step over ${STEP_BUDGET} lines, the lesson within ${LESSON_BUDGET}`, () => {
        const m = measured.get(`${lesson} ${locale}`)!;
        const over = m.steps
          .map((n, i) => ({ step: i, lines: n }))
          .filter((s) => s.lines !== undefined && s.lines > STEP_BUDGET);
        // Both budgets in one finding, so a failure names everything that is over.
        assert.deepEqual(
          { over, total: m.total <= LESSON_BUDGET ? "within" : m.total },
          { over: [], total: "within" },
          `steps over ${STEP_BUDGET} lines; the lesson's total if over ${LESSON_BUDGET}`,
        );
      });
    }
  }

  it(`each timeline chart, with its title, fits one screen (${CHART_BUDGET} lines)`, () => {
    for (const [name, m] of measured) {
      for (const lines of m.charts) {
        assert.ok(lines <= CHART_BUDGET, `${name}: a chart of ${lines} lines`);
      }
      // The connection lessons draw charts; the title is what finds them.
      if (/^(keep-alive|pipelining) /.test(name)) assert.ok(m.charts.length > 0, name);
    }
  });
});

describe("full detail", () => {
  it("--detail full shows a py and a node line under every call", async () => {
    for (const lesson of LESSONS) {
      const stdout = await run(lesson, "en", "--detail", "full");
      const py = stdout.split("\n").filter((l) => /(^|│ ) {2}py {3}\S/.test(l)).length;
      const node = stdout.split("\n").filter((l) => /(^|│ ) {2}node \S/.test(l)).length;
      assert.ok(py > 0, `${lesson}: no py lines`);
      assert.equal(py, node, `${lesson}: ${py} py lines, ${node} node lines`);
      // And compact, the default, shows none of them.
      const compact = await run(lesson, "en");
      assert.doesNotMatch(compact, /(^|│ ) {2}(py {3}|node )\S/m, lesson);
    }
  });

  it("a lesson's events drawn in full detail: each call's py and node, every header, byte arrows", async () => {
    const r = await runCli(["keep-alive", "--json", "--lang", "en"], { timeoutMs: 120_000 });
    assert.equal(r.code, 0, r.stderr);
    const { text } = await import("../lessons/keep-alive/text.js");
    const out = draw(r.events, "full", { texts: createTexts("en", text) }).join("\n");
    for (const e of r.events) {
      if (e.kind === "call" && e.actor !== "network") {
        // py and node wrap at 80 columns (after a space or an opening parenthesis): their start finds them.
        assert.ok(out.includes(`py   ${e.py.split(/[ (]/)[0]}`), `py of ${e.call}: ${e.py}`);
        assert.ok(out.includes(`node ${e.node.split(/[ (]/)[0]}`), `node of ${e.call}: ${e.node}`);
      }
      if (e.kind === "http" && e.actor === "client" && e.dir === "request") {
        for (const [name] of e.headers) assert.ok(out.includes(`${name}: `), name);
      }
    }
    assert.match(out, /B of the byte stream "GET \/page\/1 HTTP\/1\.0/);
  });
});

describe("--detail on the command line", () => {
  it("takes compact or full, and says so otherwise (exit 2)", async () => {
    const r = await runCli(["udp-echo", "--auto", "--detail", "verbose"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--detail is compact or full, not 'verbose'/);
  });

  it("leaves --json as it is", async () => {
    const compact = await runCli(["udp-echo", "--json"]);
    const full = await runCli(["udp-echo", "--json", "--detail", "full"]);
    const shape = (events: TraceEvent[]) =>
      events.map((e) => `${e.kind}:${e.actor}:${"call" in e ? e.call : ""}`).join(" ");
    assert.equal(compact.code, 0);
    assert.equal(shape(compact.events), shape(full.events));
    assert.ok(compact.stdout.split("\n").every((l) => l === "" || l.startsWith("{")));
  });
});

/* ------------------------------------------------------------------ */
/* The compact ladder, event by event (fixed addresses and times).     */

function stamp(events: NewEvent[]): TraceEvent[] {
  return events.map((e, i) => ({ seq: i + 1, t: i * 1.5, ...e }) as TraceEvent);
}

/** Draw events as a lesson's view does: gathered per turn, so a call can join what follows it. */
function draw(
  events: TraceEvent[],
  detail: Detail,
  extra: Partial<LadderOptions> & { switchAt?: { seq: number; to: Detail } } = {},
): string[] {
  let text = "";
  const stream = {
    write(chunk: string) {
      text += chunk;
      return true;
    },
  } as unknown as NodeJS.WritableStream;
  const out = new Output(stream, 0, true);
  const ladder = ladderRenderer(out, {
    width: 80,
    chalk: new Chalk({ level: 0 }),
    texts: createTexts("en"),
    detail,
    ...extra,
  });
  for (const e of events) {
    if (extra.switchAt && e.seq === extra.switchAt.seq) {
      out.flush();
      ladder.setDetail(extra.switchAt.to);
    }
    out.later(() => ladder(e));
  }
  out.flush();
  ladder.flush();
  out.flush();
  return text.replace(/\n$/, "").split("\n");
}

const SERVER = "127.0.0.1:8080";
const CLIENT = "127.0.0.1:50123";
const call = (e: Partial<NewEvent> & Record<string, unknown>): NewEvent =>
  ({
    kind: "call",
    proto: "tcp",
    local: CLIENT,
    remote: SERVER,
    py: "py line",
    node: "node line",
    ...e,
  }) as NewEvent;

const REQUEST = "GET /cart HTTP/1.1\\r\\nHost: 127.0.0.1:8080\\r\\nCookie: sid=abc\\r\\n\\r\\n";

/** One request and its answer on a new connection: what the HTTP lessons emit. */
function exchange(path = "/cart", conn = 50123): NewEvent[] {
  const data = REQUEST.replace("/cart", path);
  const request = (actor: "client" | "server"): NewEvent => ({
    kind: "http",
    actor,
    dir: "request",
    startLine: `GET ${path} HTTP/1.1`,
    headers: [
      ["Host", "127.0.0.1:8080"],
      ["Cookie", "sid=abc"],
    ],
    bodyBytes: 0,
    conn,
  });
  const response = (actor: "client" | "server"): NewEvent => ({
    kind: "http",
    actor,
    dir: "response",
    startLine: "HTTP/1.1 200 OK",
    headers: [["Content-Length", "2"]],
    bodyBytes: 2,
    conn,
  });
  return [
    call({ actor: "client", call: "socket", sock: "clientSocket", local: null, remote: null }),
    call({ actor: "client", call: "connect", sock: "clientSocket", conn, ms: 1.5 }),
    call({ actor: "client", call: "send", sock: "clientSocket", conn, bytes: 60, data }),
    request("client"),
    call({
      actor: "server",
      call: "accept",
      sock: "connectionSocket",
      local: SERVER,
      remote: CLIENT,
      conn,
      detail: { queuedMs: 0.1 },
    }),
    call({
      actor: "server",
      call: "recv",
      sock: "connectionSocket",
      conn,
      bytes: 60,
      data,
      ms: 0.5,
      reads: [60],
    }),
    request("server"),
    call({
      actor: "server",
      call: "send",
      sock: "connectionSocket",
      conn,
      bytes: 40,
      data: "HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok",
    }),
    response("server"),
    call({ actor: "client", call: "recv", sock: "clientSocket", conn, bytes: 40, ms: 3.25 }),
    response("client"),
    call({ actor: "client", call: "close", sock: "clientSocket", conn }),
  ];
}

const step = (id: string): NewEvent => ({
  kind: "step",
  actor: "lesson",
  id,
  index: 1,
  total: 1,
  title: "A step",
  py: ["the lecture's line"],
});

describe("the compact ladder", () => {
  const cookieStep = { stepHeaders: (id: string) => (id === "cart" ? ["Cookie"] : undefined) };

  it("one line per call, one arrow per HTTP message with the step's fields, no py/node", () => {
    const lines = draw(stamp([step("cart"), ...exchange()]), "compact", cookieStep);
    const text = lines.join("\n");
    assert.match(text, /py {2}the lecture's line/, "the step's own py lines stay");
    assert.doesNotMatch(text, /py {3}py line|node line/);
    assert.equal(lines.filter((l) => l.includes("──")).length, 3, "a title and two arrows");
    assert.match(text, /─ GET \/cart HTTP\/1\.1 · conn 50123 · send 60 B ─+▶/);
    assert.match(text, /◀─+ HTTP\/1\.1 200 OK · conn 50123 · send 40 B ─/);
    assert.match(text, /^ {4}Cookie: sid=abc$/m);
    assert.doesNotMatch(text, /Host: |Content-Length|byte stream|parsed|body:/);
    assert.match(
      text,
      /^socket\(\), connect → 127\.0\.0\.1:8080 +│\n {2}\(1\.5 ms\), local 127\.0\.0\.1:50123/m,
    );
    assert.match(text, /│ recv → 60 B \(0\.5 ms\): 1 request$/m);
    assert.match(text, /^recv → 40 B \(3\.25 ms\): 1 response +│$/m);
    assert.match(text, /^close\(\) conn 50123 +│$/m);
  });

  it("a step without a list of fields shows none", () => {
    const text = draw(stamp([step("other"), ...exchange()]), "compact", cookieStep).join("\n");
    assert.doesNotMatch(text, /Cookie: /);
  });

  it("explains connect and accept the first time only", () => {
    const events = stamp([step("cart"), ...exchange("/a", 50001), ...exchange("/b", 50002)]);
    const text = draw(events, "compact").join("\n");
    assert.equal(text.match(/SYN, SYN\+ACK, ACK/g)?.length, 1);
    assert.equal(text.match(/sockstep's own queue/g)?.length, 1);
  });

  it("folds a round that repeats the one before it, numbers aside", () => {
    const events = stamp([
      step("cart"),
      ...exchange("/1", 50001),
      ...exchange("/2", 50002),
      ...exchange("/3", 50003),
      ...exchange("/4", 50004),
    ]);
    const text = draw(events, "compact").join("\n");
    // The explanations under the first round's calls are no part of its shape.
    assert.match(text, /GET \/1 HTTP\/1\.1 · conn 50001 · send/);
    assert.doesNotMatch(text, /GET \/[234] HTTP\/1\.1 · conn 5000[234] · send/);
    assert.match(
      text,
      /↻ the same again, only the numbers differ: GET \/2 HTTP\/1\.1 · conn 50002, GET\s+\/3 HTTP\/1\.1 · conn 50003, GET\s+\/4 HTTP\/1\.1 · conn 50004/,
    );
  });

  it("folds requests on one connection into one line that names it once", () => {
    const rounds = ["/1", "/2", "/3", "/4"].flatMap((path) =>
      exchange(path).filter((_, i) => i >= 2 && i <= 10 && i !== 4),
    );
    const text = draw(stamp([step("cart"), ...rounds]), "compact").join("\n");
    assert.match(text, /^client +│ server$/m);
    assert.match(text, /GET \/1 HTTP\/1\.1 · conn 50123 · send/);
    assert.match(
      text,
      /↻ the same again, only the numbers differ: GET \/2 HTTP\/1\.1, GET \/3 HTTP\/1\.1,\s+GET \/4 HTTP\/1\.1 · conn 50123$/m,
    );
  });

  it("does not fold what differs in more than numbers", () => {
    const events = stamp([
      step("cart"),
      ...exchange("/a", 50001),
      ...exchange("/b", 50002),
      ...exchange("/c", 50003),
    ]);
    const text = draw(events, "compact").join("\n");
    assert.doesNotMatch(text, /↻/);
    assert.match(text, /GET \/c HTTP\/1\.1 · conn 50003 · send/);
  });

  it("says in a few words when a recv took bytes Node had already read", () => {
    const events = stamp([
      call({
        actor: "server",
        call: "recv",
        sock: "s",
        conn: 1,
        bytes: 5,
        data: "hello",
        ms: 0,
        reads: [],
      }),
    ]);
    assert.match(
      draw(events, "compact", { width: 120 }).join("\n"),
      /recv → 5 B "hello" \(0 ms; no syscall: Node had read them\)$/m,
    );
  });

  it("draws a send that carried no HTTP message as its arrow, once", () => {
    const events = stamp([
      call({ actor: "client", call: "send", sock: "c", conn: 1, bytes: 5, data: "hello" }),
      call({
        actor: "server",
        call: "recv",
        sock: "s",
        conn: 1,
        bytes: 5,
        data: "hello",
        ms: 2,
        reads: [5],
      }),
    ]);
    const lines = draw(events, "compact");
    assert.match(lines[1]!, /─ send: 5 B of the byte stream "hello" ─+▶/);
    assert.match(lines[2]!, /│ recv → 5 B "hello" \(2 ms\)$/);
    assert.equal(lines.length, 3);
  });

  it("switches detail from the next event on (the d key)", () => {
    const events = stamp([...exchange("/a", 50001), ...exchange("/b", 50002)]);
    const switchAt = { seq: 13, to: "full" as const };
    const text = draw(events, "compact", { switchAt }).join("\n");
    const [before, after] = text.split(/(?=socket\(AF_INET)/);
    assert.doesNotMatch(before!, /py {3}py line/);
    assert.match(after!, /py {3}py line/);
    assert.match(after!, /node node line/);
    assert.match(after!, /B of the byte stream/);
  });

  it("full detail is the ladder as it was: py, node, every header, byte arrows", () => {
    const text = draw(stamp([step("cart"), ...exchange()]), "full", cookieStep).join("\n");
    assert.equal(text.match(/py {3}py line/g)?.length, 8);
    assert.equal(text.match(/node node line/g)?.length, 8);
    assert.match(text, /Host: 127\.0\.0\.1:8080/);
    assert.match(text, /60 B of the byte stream/);
    assert.match(text, /✓ parsed GET \/cart HTTP\/1\.1: 2 fields,/);
  });

  it("holds nothing back past a flush (a pause in step mode)", () => {
    const events = stamp([
      call({ actor: "client", call: "socket", sock: "clientSocket", local: null, remote: null }),
    ]);
    assert.match(draw(events, "compact").join("\n"), /socket\(\) → clientSocket \(TCP\)/);
  });
});
