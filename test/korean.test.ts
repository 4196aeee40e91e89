import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { describe, it } from "node:test";
import { LESSONS, loadLesson, loadVerify } from "../lessons/registry.js";
import { format } from "../src/i18n/locale.js";
import { messages } from "../src/i18n/messages.js";
import { lastSound, particleAfter } from "../src/i18n/particles.js";
import type { Question } from "../src/runtime/lesson.js";
import { BIN, cliEnv, hasPython, ROOT, runCli } from "./helpers.js";

/**
 * Korean runs read as Korean: every particle after a value is chosen from the
 * value (never `41755을(를)`), and no English prose is left in the sentences
 * (protocol tokens, code, header names and the programs' own data stay as on
 * the wire). The lessons, the menu, verify and the errors are run in Korean
 * and their output scanned; the sentences are also checked where they are
 * written. A finding fails the test, naming the text it was printed from.
 */

// ── the scanners ──────────────────────────────────────────────────────────────

/** A particle left in its paired form: the formatter did not (could not) choose. */
const DOUBLED = /\((?:를|을|이|가|은|는|와|과|으)\)/;

/** HTTP header names a header line may start with (a name with a hyphen always counts). */
const HEADER =
  /^(?:Host|Date|Connection|Cookie|ETag|Location|Expires|Vary|Server|Accept|Age|Pragma|Upgrade|Via|Referer|Origin|Allow|TE|Trailer)$/i;
/** English words that are never protocol tokens when they stand alone in a Korean sentence. */
const ENGLISH_WORD =
  /^(?:true|false|yes|no|lax|strict|the|is|are|was|of|to|in|for|with|and|or|not|this|that|from|nothing|navigate|select|choose|quit)$/;

/**
 * English prose in one line of output: a run of three or more English words,
 * or one of the words above standing alone. Not prose: code listings (`py`,
 * `node`), the programs' own output (`stdout:`), header and start lines,
 * quoted data ("…", “…”, `…`), URLs, synopses ([options], <addr>), status
 * reason phrases (304 Not Modified), and all-capital tokens (SYN, ACK, GMT).
 */
export function englishIn(line: string): string[] {
  const t = line.trim();
  if (t.startsWith("{")) {
    try {
      JSON.parse(t);
      return []; // NDJSON
    } catch {}
  }
  const found: string[] = [];
  for (const cell of line.split("│")) {
    let s = cell
      .replace(/[─━▶◀]+/g, " ")
      .trim()
      .replace(/^[›≈✓✗⏱?✔❯>]\s*/, "");
    if (/^(?:py|node)\s/.test(s)) continue;
    if (/^(?:stdout|stderr): /.test(s)) continue;
    const header = /^([A-Za-z][A-Za-z0-9-]*): /.exec(s);
    if (header && (header[1]!.includes("-") || HEADER.test(header[1]!))) continue;
    s = s
      .replace(/\b(?:GET|HEAD|POST|PUT|DELETE|OPTIONS|TRACE|PATCH) \S+ HTTP\/\d\.\d/g, " ")
      .replace(/HTTP\/\d\.\d \d{3}(?: [A-Z][A-Za-z-]*)*/g, " ")
      .replace(/\b[1-5]\d\d(?: [A-Z][A-Za-z-]*)+/g, " ")
      .replace(/"[^"]*"|“[^”]*”|`[^`]*`/g, " ")
      .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/g, " ")
      .replace(/\[[^\]\s]*\]|<[^>\s]*>/g, " ");
    let run: string[] = [];
    const flush = () => {
      if (run.length >= 3) found.push(run.join(" "));
      else found.push(...run.filter((w) => ENGLISH_WORD.test(w)));
      run = [];
    };
    for (const token of s.split(/\s+/)) {
      const word = token.replace(/^\(+/, "").replace(/[,.;:!?)]+$/, "");
      if (word === "" || /^[A-Z]+$/.test(word)) continue;
      if (/^[A-Za-z]+(?:'[a-z]+)?$/.test(word)) run.push(word);
      else flush();
    }
    flush();
  }
  return found;
}

export interface Finding {
  line: string;
  what: string;
}

/** Doubled particles and English prose in a Korean run's output. */
export function scan(output: string): Finding[] {
  const findings: Finding[] = [];
  const plain = output.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r/g, "");
  // The last lines of the student's program's stderr, indented under their heading, are its own.
  let programOutput = -1;
  for (const raw of plain.split("\n")) {
    const line = raw.replace(/\s+$/, "");
    const indent = line.length - line.trimStart().length;
    if (programOutput >= 0 && indent > programOutput && line !== "") continue;
    programOutput = -1;
    if (/표준 오류\(stderr\)의 마지막 줄:$|its stderr, last lines:$/.test(line))
      programOutput = indent;
    const doubled = line.match(new RegExp(DOUBLED.source, "g"));
    for (const d of doubled ?? []) findings.push({ line, what: `particle ${d}` });
    for (const e of englishIn(line)) findings.push({ line, what: `English “${e}”` });
  }
  return findings;
}

// ── where a finding comes from ───────────────────────────────────────────────

interface Source {
  /** "udp-echo/text.ts", "src/i18n/messages.ts", … */
  where: string;
  key: string;
  template: string;
}

const HOLE =
  /\{[\w.]+\}["'”’]*(?:을\(를\)|를\(을\)|이\(가\)|가\(이\)|은\(는\)|는\(은\)|와\(과\)|과\(와\)|\(으\)로|\(이\))?|\{\w+\|[^|{}]*\|[^|{}]*\}/g;

/**
 * Whether `line` may have been printed from `template`: its literal pieces
 * (between the placeholders) appear in the line, in order.
 */
function printedFrom(template: string, line: string): boolean {
  const squash = (text: string) => text.replace(/\s+/g, " ");
  const pieces = template
    .split(HOLE)
    .map((p) => squash(p).trim())
    .filter((p) => p !== "");
  if (pieces.join("").length < 8) return false; // too little to recognise it by
  const text = squash(line);
  let at = 0;
  for (const piece of pieces) {
    const found = text.indexOf(piece, at);
    if (found < 0) return false;
    at = found + piece.length;
  }
  return true;
}

function sourcesOf(table: Record<string, string>, where: string): Source[] {
  return Object.entries(table).map(([key, template]) => ({ where, key, template }));
}

const engineSources = sourcesOf(messages.ko, "src/i18n/messages.ts");

async function lessonSources(id: string): Promise<Source[]> {
  const lesson = await loadLesson(id);
  const verify = await loadVerify(id);
  return [
    ...sourcesOf(lesson.text.ko, `${id}/text.ts`),
    ...sourcesOf(verify?.text.ko ?? {}, `${id}/verify.ts`),
  ];
}

/** The texts whose template the finding's line was printed from (best first). */
function attribute(finding: Finding, sources: Source[]): Source[] {
  const hits: Source[] = [];
  for (const s of sources) if (printedFrom(s.template, finding.line)) hits.push(s);
  const size = (s: Source) => s.template.replace(HOLE, "").length;
  return hits.sort((a, b) => size(b) - size(a));
}

/** Fail on findings, each with the text (file and key) it was printed from. */
function report(findings: Finding[], sources: Source[]): void {
  if (findings.length === 0) return;
  // One entry per finding and text, with how often it was printed and one line it was in.
  const grouped = new Map<
    string,
    { what: string; from: Source | undefined; line: string; n: number }
  >();
  for (const f of findings) {
    const from = attribute(f, sources)[0];
    const id = `${f.what}\u0000${from?.where}\u0000${from?.key}`;
    const entry = grouped.get(id);
    if (entry) entry.n++;
    else grouped.set(id, { what: f.what, from, line: f.line.trim(), n: 1 });
  }
  const entries = [...grouped.values()];
  const text = entries
    .map(
      (e) =>
        `  ${e.what}${e.n > 1 ? ` (${e.n}×)` : ""} ← ${e.from ? `${e.from.where} "${e.from.key}"` : "(no text matched)"}\n      ${e.line.slice(0, 240)}`,
    )
    .join("\n");
  assert.fail(`${findings.length} finding(s) in the Korean output:\n${text}`);
}

// ── the sentences as written ─────────────────────────────────────────────────

/** A fixed particle written right after a placeholder: the formatter cannot choose it. */
const FIXED =
  /\{\w+\}["'”’]*(?:을|를|이|가|은|는|와|과|으로|로|이라고|라고|이라는|라는|이나)(?=$|[^가-힣(])/g;

/** What is wrong with one Korean sentence as written (empty: nothing). */
export function sentenceProblems(ko: string): string[] {
  const problems: string[] = [];
  for (const m of ko.match(FIXED) ?? []) problems.push(`fixed particle ${m} (write the pair)`);
  const left = ko.replace(HOLE, "□");
  for (const m of left.match(new RegExp(DOUBLED.source, "g")) ?? []) {
    problems.push(`paired particle ${m} not right after a {placeholder}: it is printed as is`);
  }
  if (/선로/.test(ko)) problems.push("“선로”: say 네트워크/회선, or what is meant");
  if (/이 강의에서/.test(ko)) problems.push("“이 강의에서” for this lesson: 이 레슨에서");
  const connection = ko.replace(/(?:지속|병렬|파이프라인) 커넥션|연결\(커넥션\)/g, "");
  if (/커넥션/.test(connection)) {
    problems.push("“커넥션” alone: 연결 (커넥션 only in 지속/병렬/파이프라인 커넥션, GLOSSARY.md)");
  }
  for (const e of englishIn(left)) problems.push(`English “${e}”`);
  return problems;
}

/** Texts that are data, not sentences: the messages the echo clients and verify send. */
const DATA_KEYS = new Set(["verify.message", "default.message"]);

function tableProblems(table: Record<string, string>, where: string): string[] {
  return Object.entries(table)
    .filter(([key]) => !DATA_KEYS.has(key))
    .flatMap(([key, ko]) =>
      ko
        .split("\n")
        .flatMap((line) => sentenceProblems(line).map((p) => `${where} "${key}": ${p}`)),
    );
}

function questionProblems(q: Question, where: string): string[] {
  const texts = [q.prompt.ko, q.explain.ko, q.hint.ko, ...q.choices.map((c) => c.ko)].flatMap((t) =>
    t.split("\n"),
  );
  return texts.flatMap((ko) => sentenceProblems(ko).map((p) => `${where} ${q.id}: ${p}`));
}

/** English `request(s)`: the formatter writes the right form, `{n} {n|request|requests}`. */
function pluralProblems(table: Record<string, string>, where: string): string[] {
  return Object.entries(table)
    .filter(([, en]) => /\w\(s\)/.test(en))
    .map(
      ([key, en]) => `${where} "${key}" (en): “${/\w+\(s\)/.exec(en)![0]}”: write {n|one|other}`,
    );
}

function failOn(problems: string[]): void {
  if (problems.length > 0) assert.fail(problems.join("\n"));
}

// ── running sockstep in Korean ───────────────────────────────────────────────

/** Wide enough that no sentence wraps (a wrapped line would split a run of words). */
const KO = { COLUMNS: "1000", LANG: "ko_KR.UTF-8" };

async function ko(args: string[], timeoutMs = 60_000) {
  // Before a `--`: what follows it is the student's command.
  const dashes = args.indexOf("--");
  const at = dashes < 0 ? args.length : dashes;
  const withLang = args.includes("--lang")
    ? args
    : [...args.slice(0, at), "--lang", "ko", ...args.slice(at)];
  const r = await runCli(withLang, { env: KO, timeoutMs });
  return { ...r, output: `${r.stdout}\n${r.stderr}` };
}

/**
 * Run the CLI on a pseudo-terminal (util-linux `script`). Each key is typed once the
 * output shows what it answers (never after a guessed delay: a loaded machine is slow
 * to draw a prompt); the run is bounded, so a prompt that never comes fails the test.
 */
async function onTerminal(args: string[], keys: [RegExp, string][]): Promise<string> {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(" ");
  const child = spawn("script", ["-qfec", command, "/dev/null"], {
    cwd: ROOT,
    env: cliEnv({ ...KO, TERM: "xterm" }),
    stdio: ["pipe", "pipe", "pipe"],
  });
  const exited = once(child, "close");
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  for (const [shown, key] of keys) {
    while (!shown.test(out) && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 50));
    }
    child.stdin.write(key);
  }
  // Each answer ends the program; the pty's input stays open until it has.
  await exited;
  child.stdin.end();
  clearTimeout(timer);
  return out;
}

const hasScript = spawnSync("script", ["--version"]).status === 0;

// ── tests ────────────────────────────────────────────────────────────────────

describe("Korean particles chosen from the value", () => {
  const pick = (value: string, paired: string) => particleAfter(value, paired);

  it("Hangul: with and without a final consonant", () => {
    assert.equal(pick("사과", "을(를)"), "를");
    assert.equal(pick("수박", "을(를)"), "을");
    assert.equal(pick("서버", "이(가)"), "가");
    assert.equal(pick("세션", "이(가)"), "이");
    assert.equal(pick("서버", "은(는)"), "는");
    assert.equal(pick("연결", "은(는)"), "은");
    assert.equal(pick("서버", "와(과)"), "와");
    assert.equal(pick("세션", "와(과)"), "과");
    assert.equal(pick("사과", "(이)"), "");
    assert.equal(pick("세션", "(이)"), "이");
  });

  it("ㄹ final takes 로, not 으로; another final takes 으로", () => {
    assert.equal(pick("서울", "(으)로"), "로");
    assert.equal(pick("연결", "(으)로"), "로");
    assert.equal(pick("세션", "(으)로"), "으로");
    assert.equal(pick("서버", "(으)로"), "로");
  });

  it("digits as read in Korean: the last digit, or the place of trailing zeros", () => {
    assert.equal(pick("41755", "을(를)"), "를"); // 오
    assert.equal(pick("41751", "을(를)"), "을"); // 일
    assert.equal(pick("41751", "(으)로"), "로"); // 일: ㄹ
    assert.equal(pick("41757", "(으)로"), "로"); // 칠
    assert.equal(pick("41758", "(으)로"), "로"); // 팔
    assert.equal(pick("41753", "(으)로"), "으로"); // 삼
    assert.equal(pick("41756", "이(가)"), "이"); // 육
    assert.equal(pick("41752", "이(가)"), "가"); // 이
    assert.equal(pick("41754", "은(는)"), "는"); // 사
    assert.equal(pick("41759", "와(과)"), "와"); // 구
    assert.equal(pick("0", "이(가)"), "이"); // 영
    assert.equal(pick("10", "(으)로"), "으로"); // 십
    assert.equal(pick("200", "을(를)"), "을"); // 이백
    assert.equal(pick("12000", "(으)로"), "으로"); // 만 이천
    assert.equal(pick("50000", "이(가)"), "이"); // 오만
    assert.equal(lastSound("1000000"), "만"); // 백만
  });

  it("addresses and tokens end in their last digit", () => {
    assert.equal(pick("127.0.0.1", "(으)로"), "로"); // 일
    assert.equal(pick("127.0.0.1:5000", "을(를)"), "을"); // 오천
    assert.equal(pick("127.0.0.1:50093", "(으)로"), "으로"); // 삼
    assert.equal(pick("0.0.0.0:59901", "을(를)"), "을"); // 일
    assert.equal(pick("max=3", "이(가)"), "이"); // 삼
    assert.equal(pick("timeout=5", "은(는)"), "는"); // 오
    assert.equal(pick("HTTP/1.1", "(이)"), "이"); // 일
  });

  it("Latin: acronyms by their letter names (L 엘 takes 로)", () => {
    assert.equal(pick("L", "(으)로"), "로"); // 엘
    assert.equal(pick("M", "(으)로"), "으로"); // 엠
    assert.equal(pick("TCP", "을(를)"), "를"); // 피
    assert.equal(pick("URL", "을(를)"), "을"); // 엘
    assert.equal(pick("URL", "(으)로"), "로");
    assert.equal(pick("FIN", "을(를)"), "을"); // 엔
    assert.equal(pick("RST", "이(가)"), "가"); // 티
    assert.equal(pick("HTML", "은(는)"), "은"); // 엘
    assert.equal(pick("html", "은(는)"), "은");
    assert.equal(pick("GMT", "와(과)"), "와");
    assert.equal(pick("ACK", "을(를)"), "를"); // 에이씨케이, as the lessons read it
    assert.equal(pick("GET", "(으)로"), "으로"); // 겟
  });

  it("Latin: words by how the loanword ends", () => {
    assert.equal(pick("ECONNREFUSED", "(으)로"), "로"); // …드
    assert.equal(pick("ECONNRESET", "(으)로"), "으로"); // …셋
    assert.equal(pick("ETIMEDOUT", "이(가)"), "이"); // …아웃
    assert.equal(pick("session", "이(가)"), "이"); // 세션
    assert.equal(pick("keep-alive", "을(를)"), "를"); // 얼라이브
    assert.equal(pick("close", "(이)"), ""); // 클로즈
    assert.equal(pick("Cache-Control", "(으)로"), "로"); // 컨트롤
    assert.equal(pick("encoding", "은(는)"), "은"); // 인코딩
    assert.equal(pick("SOCK_STREAM", "(으)로"), "으로"); // 스트림
    assert.equal(pick("connectionSocket", "(으)로"), "으로"); // 소켓
    assert.equal(pick("HttpOnly", "이(가)"), "가"); // 온리
    assert.equal(pick("udp-echo", "을(를)"), "를"); // 에코
    assert.equal(pick("user=admin", "은(는)"), "은"); // 어드민
  });

  it("random tokens (session ids, ETags) letter by letter; quotes are not read", () => {
    assert.equal(pick("PLk5J4nCnbyilt4_jBsbcQ", "을(를)"), "를"); // 큐
    assert.equal(pick('"I5CxMcmc3GxYyMOE"', "이(가)"), "가"); // 이
    assert.equal(pick("W7BQ4czCPjHi45yi1fT8Dm", "(으)로"), "으로"); // 엠
    assert.equal(pick("3a-18f2l", "(으)로"), "로"); // 엘
    assert.equal(pick("“서울”", "(으)로"), "로");
    assert.equal(pick("(41751)", "을(를)"), "을");
  });

  it("format() writes the chosen particle, after closing quotes too", () => {
    assert.equal(
      format("{a}을(를) {b}(으)로", { a: 41755, b: "127.0.0.1:5000" }),
      "41755를 127.0.0.1:5000으로",
    );
    assert.equal(format("'{v}'은(는) 안 됩니다", { v: "max=3" }), "'max=3'은 안 됩니다");
    assert.equal(format("“{v}”(이)라는", { v: "세션" }), "“세션”이라는");
    assert.equal(format("{e}(으)로 실패", { e: "ECONNREFUSED" }), "ECONNREFUSED로 실패");
    // A missing value stays visible, and its particle fits what is shown.
    assert.equal(format("{port}은(는) 포트", {}), "{port}는 포트");
    // Without a particle nothing changes; English is untouched.
    assert.equal(format("{a} and {b}", { a: 1 }), "1 and {b}");
  });

  it("format() picks singular or plural in English", () => {
    assert.equal(format("{n} {n|field|fields}", { n: 1 }), "1 field");
    assert.equal(format("{n} {n|field|fields}", { n: 0 }), "0 fields");
    assert.equal(format("{n} {n|field|fields}", { n: 2 }), "2 fields");
    assert.equal(format("{n|x|y}", {}), "{n|x|y}");
    const en = messages.en;
    assert.equal(
      format(en["http.received"], { startLine: "GET / HTTP/1.1", headers: 1, bytes: 0 }),
      "✓ parsed GET / HTTP/1.1: 1 field, body 0 B",
    );
    assert.match(format(en["http.client.resend"], { conn: 1, count: 1 }), /1 request goes again/);
    assert.match(format(en["http.client.resend"], { conn: 1, count: 3 }), /3 requests go again/);
    assert.match(format(en["timeline.group"], { connections: 1 }), /· 1 connection$/);
    assert.match(format(en["verify.outputMore"], { count: 1 }), /^1 more line of/);
  });

  it("no English sentence says line(s), request(s), connection(s) and the like", () => {
    for (const [key, text] of Object.entries(messages.en)) {
      assert.doesNotMatch(text, /\w\(s\)/, `messages.en "${key}"`);
    }
  });
});

describe("the English detector", () => {
  it("flags prose, and not the tokens a Korean sentence quotes", () => {
    assert.deepEqual(englishIn("저장소는 거부했습니다: Cookie not in this host's domain."), [
      "Cookie not in this host's domain",
    ]);
    assert.deepEqual(englishIn("HttpOnly true · SameSite lax"), ["true", "lax"]);
    assert.deepEqual(englishIn("↑↓ navigate • ⏎ select"), ["navigate", "select"]);
    const legit = [
      "    py  clientSocket.sendto(message.encode(), (serverName, serverPort))",
      "  node socket.on('message', (msg, rinfo) => …)",
      'recvfrom → 14 B "hello over udp", 보낸 쪽 127.0.0.1:59901 (7.72 ms 대기)',
      "Set-Cookie: sid=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=1800",
      "Cache-Control: private, no-cache",
      " ── GET /index.html HTTP/1.1 · conn 58836 ──▶",
      "HTTP/1.1 304 Not Modified",
      "› 서버는 412 Precondition Failed로 답합니다",
      "사용법: sockstep [options] [command] [lesson]",
      "  --lang <en|ko>   해설 언어: en 또는 ko",
      "두 커널이 SYN, SYN+ACK, ACK를 마쳤음",
      '{"kind":"note","text":"this is the json trace of a run"}',
      "› stdout: The server is ready to receive",
      "http://127.0.0.1:8080/the/path/to/a/page 에 접속",
      "`while True:` 안에 있어야 하고",
      "Date: Tue, 01 Dec 2026 03:07:30 GMT",
    ];
    for (const line of legit) assert.deepEqual(englishIn(line), [], line);
  });

  it("flags doubled particles", () => {
    assert.deepEqual(
      scan("포트 41755을(를) 골랐음\nECONNREFUSED(으)로").map((f) => f.what),
      ["particle (를)", "particle (으)"],
    );
  });
});

describe("sentences as written: Korean, and English plurals", () => {
  it("the engine's messages (src/i18n/messages.ts)", () => {
    const problems = tableProblems(messages.ko, "messages.ko");
    assert.deepEqual(problems, []);
  });

  for (const meta of LESSONS) {
    it(`${meta.id}: text.ts, verify.ts, quiz.ts, meta.ts`, async () => {
      const lesson = await loadLesson(meta.id);
      const verify = await loadVerify(meta.id);
      const quiz = [...Object.values(lesson.quiz.predict), ...lesson.quiz.final].filter(
        (q): q is Question => q !== undefined,
      );
      const problems = [
        ...sentenceProblems(meta.title.ko).map((p) => `${meta.id}/meta.ts title: ${p}`),
        ...sentenceProblems(meta.summary.ko).map((p) => `${meta.id}/meta.ts summary: ${p}`),
        ...tableProblems(lesson.text.ko, `${meta.id}/text.ts`),
        ...tableProblems(verify?.text.ko ?? {}, `${meta.id}/verify.ts`),
        ...quiz.flatMap((q) => questionProblems(q, `${meta.id}/quiz.ts`)),
        ...pluralProblems(lesson.text.en, `${meta.id}/text.ts`),
        ...pluralProblems(verify?.text.en ?? {}, `${meta.id}/verify.ts`),
      ];
      failOn(problems);
    });
  }
});

describe("Korean runs: the output scanned", () => {
  for (const meta of LESSONS) {
    it(`sockstep ${meta.id} --lang ko --auto`, async () => {
      const r = await ko([meta.id, "--auto"]);
      assert.equal(r.code, 0, r.stderr);
      const sources = [...(await lessonSources(meta.id)), ...engineSources];
      report(scan(r.output), sources);
    });
  }

  it("list, progress, --help, verify --help", async () => {
    const outputs = await Promise.all([
      ko(["list"]),
      ko(["progress"]),
      ko(["--help"]),
      ko(["verify", "--help"]),
    ]);
    for (const r of outputs) assert.equal(r.code, 0, r.stderr);
    report(scan(outputs.map((r) => r.output).join("\n")), engineSources);
  });

  it("usage errors", async () => {
    const runs = await Promise.all([
      ko(["--bogus"]),
      ko(["udpecho"]),
      ko(["udp-echo", "--rtt", "5"]),
      ko(["udp-echo", "--loss", "500"]),
      ko(["tcp-echo", "--connect", "nowhere"]),
      ko(["verify", "udp-echo"]),
      ko(["verify", "udp-echo", "--role", "peer", "--", "python3", "x.py"]),
      ko(["list", "extra"]),
      ko(["udp-echo", "--lang", "ko", "--port"]),
    ]);
    for (const r of runs) assert.equal(r.code, 2, r.output);
    const output = runs.map((r) => r.output).join("\n");
    assert.match(output, /'udp-echo'를 말씀하신 건가요\?/);
    report(scan(output), engineSources);
  });

  it("verify PASS and FAIL", async (t) => {
    if (!(await hasPython())) {
      t.skip("python3 is not installed");
      return;
    }
    const server = path.join(ROOT, "lessons", "udp-echo", "reference", "UDPServer.py");
    const broken = path.join(ROOT, "test", "fixtures", "udp_no_upper.py");
    const pass = await ko(["verify", "udp-echo", "--", "python3", server, "{port}"]);
    const fail = await ko(["verify", "udp-echo", "--", "python3", broken, "{port}"]);
    const missing = await ko(["verify", "udp-echo", "--", "no-such-program-here", "{port}"]);
    const crash = path.join(ROOT, "test", "fixtures", "crash_at_start.py");
    const crashed = await ko(["verify", "udp-echo", "--", "python3", crash, "{port}"]);
    assert.match(crashed.output, /표준 오류\(stderr\)의 마지막 줄:\n\s+Traceback/);
    assert.equal(pass.code, 0, pass.output);
    assert.match(pass.output, /통과 · udp-echo: 서버가 검사 \d+개를 모두 통과했습니다/);
    assert.equal(fail.code, 1, fail.output);
    assert.match(fail.output, /실패 · udp-echo/);
    assert.notEqual(missing.code, 0);
    const sources = [...(await lessonSources("udp-echo")), ...engineSources];
    const all = [pass.output, fail.output, missing.output, crashed.output].join("\n");
    report(scan(all), sources);
  });

  it("the menu and reset's question on a terminal", async (t) => {
    if (!hasScript) {
      t.skip("util-linux `script` is not installed (it gives the CLI a terminal)");
      return;
    }
    // Up from the first lesson wraps to 끝내기 (quit); Enter takes it.
    const menu = await onTerminal(
      ["--lang", "ko"],
      [
        [/↑↓/, "\u001b[A"],
        [/종료|끝내기/, "\r"],
      ],
    );
    assert.match(menu, /↑↓ 이동 · Enter: 고르기/);
    assert.doesNotMatch(menu, /navigate|select/);
    // An unknown answer (its error), then Enter (the default: no).
    const reset = await onTerminal(
      ["reset", "--lang", "ko"],
      [
        [/Enter: 아니요/, "x\r"],
        [/n\(아니요\)/, "\u007f\r"],
      ],
    );
    assert.match(reset, /\(y: 예 · Enter: 아니요\)/);
    assert.match(reset, /y\(예\) 또는 n\(아니요\)을 입력하세요/);
    assert.match(reset, /아무것도 지우지 않았습니다/);
    assert.doesNotMatch(reset, /\(y\/N\)|\bNo\b|You must/);
    report(scan(`${menu}\n${reset}`), engineSources);
  });
});
