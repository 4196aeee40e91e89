/**
 * `npm run bench`: start-up and whole-lesson wall time against `node -e 0`
 * in the same run (paired, interleaved rounds; medians and ratios), peak
 * memory, and the connection lessons' measured time against their model.
 * Numbers, not assertions: tests never time anything.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { LESSONS } from "../lessons/registry.js";
import { median } from "./median.js";
import { throughput, throughputReport } from "./throughput.js";
import { reportVerifyTimes } from "./verify-time.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const BIN = path.join(ROOT, "bin", "sockstep.js");
const rounds = Number(process.env.BENCH_ROUNDS ?? 21);
const lessonRounds = Number(process.env.BENCH_LESSON_ROUNDS ?? 5);

interface Scenario {
  name: string;
  args: string[];
  rounds: number;
}

const env = { ...process.env, NO_COLOR: "1", LANG: "C" };
const has = (id: string) => LESSONS.some((l) => l.id === id);

const startup: Scenario[] = [
  { name: "node -e 0", args: ["-e", "0"], rounds },
  { name: "sockstep --help", args: [BIN, "--help"], rounds },
  { name: "sockstep list", args: [BIN, "list"], rounds },
];
const lessons: Scenario[] = LESSONS.map((l) => ({
  name: `sockstep ${l.id} --json`,
  args: [BIN, l.id, "--json"],
  rounds: lessonRounds,
}));

function once(
  args: string[],
  extraNodeArgs: string[] = [],
): { ms: number; stdout: string; code: number | null } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...extraNodeArgs, ...args], {
    env,
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  const ms = performance.now() - t0;
  return { ms, stdout: r.stdout, code: r.status };
}

/** Interleave the scenarios round by round so drift hits all of them alike. */
function timeAll(scenarios: Scenario[]): Map<string, number[]> {
  const times = new Map<string, number[]>(scenarios.map((s) => [s.name, []]));
  const most = Math.max(...scenarios.map((s) => s.rounds));
  for (let i = 0; i < most; i++) {
    for (const s of scenarios) {
      if (i >= s.rounds) continue;
      const r = once(s.args);
      if (r.code !== 0) throw new Error(`${s.name} exited ${r.code}`);
      times.get(s.name)!.push(r.ms);
    }
  }
  return times;
}

/** Peak resident memory of one run, read by a preload at exit. */
function peakMemoryMiB(args: string[]): number {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sockstep-bench-"));
  const preload = path.join(dir, "rss.mjs");
  const out = path.join(dir, "rss.txt");
  writeFileSync(
    preload,
    `import { writeFileSync } from "node:fs";\nprocess.on("exit", () => writeFileSync(${JSON.stringify(out)}, String(process.resourceUsage().maxRSS)));\n`,
  );
  once(args, ["--import", preload]);
  const kib = existsSync(out) ? Number(readFileSync(out, "utf8")) : Number.NaN;
  rmSync(dir, { recursive: true, force: true });
  return kib / 1024;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
        .join("  "),
    )
    .join("\n");
}

function report(
  title: string,
  scenarios: Scenario[],
  times: Map<string, number[]>,
  base: number,
): void {
  const rows = [["scenario", "runs", "median ms", "× node -e 0", "peak MiB"]];
  for (const s of scenarios) {
    const t = times.get(s.name)!;
    const med = median(t);
    rows.push([
      s.name,
      String(t.length),
      med.toFixed(1),
      (med / base).toFixed(2),
      peakMemoryMiB(s.args).toFixed(1),
    ]);
  }
  console.log(`\n${title}\n${table(rows)}`);
}

/** Measured vs model for every `measure` event that has a model (connection lessons). */
function fidelity(): void {
  const runs: { id: string; rtt: number }[] = [];
  for (const id of ["keep-alive", "pipelining"]) {
    if (!has(id)) continue;
    for (const rtt of [40, 100]) runs.push({ id, rtt });
  }
  if (runs.length === 0) return;
  // The last column is the host's own time per request (the sockets, the parser, the trace):
  // the same at any RTT, so the ratio nears 1 as the RTT grows.
  const rows = [
    ["lesson", "rtt ms", "measure", "measured ms", "model ms", "ratio", "over model per request"],
  ];
  for (const { id, rtt } of runs) {
    const r = once([BIN, id, "--json", "--rtt", String(rtt)]);
    for (const line of r.stdout.split("\n")) {
      if (!line.trim()) continue;
      const e = JSON.parse(line);
      if (e.kind !== "measure" || typeof e.model !== "number" || e.model === 0) continue;
      rows.push([
        id,
        String(rtt),
        e.name,
        e.value.toFixed(1),
        e.model.toFixed(1),
        (e.value / e.model).toFixed(3),
        `${((e.value - e.model) / Number(e.facts?.requests ?? 1)).toFixed(1)} ms`,
      ]);
    }
  }
  console.log(`\nEmulated RTT: measured total against the model (N = 5 requests)\n${table(rows)}`);
}

/**
 * The same table as a student sees it: each connection lesson run on a
 * terminal (util-linux `script` gives it one) at its default --rtt, `runs`
 * times, and each strategy's measured/model read from the table it printed.
 * A terminal is where the narration's own work (rendering, the spinner)
 * shares the event loop with the sockets; the README quotes these numbers.
 */
function terminalFidelity(runs: number): void {
  if (spawnSync("script", ["--version"]).status !== 0) {
    console.log("\nTerminal fidelity: skipped (util-linux `script` is not installed)");
    return;
  }
  const row = /^\s*(.+?)\s{2,}(\d+)\s+([\d.]+) ms\s+([\d.]+) ms\s+[+−-]?\d+ %/;
  const rows = [["lesson", "strategy", "runs", "within 10 %", "median", "worst"]];
  for (const id of ["keep-alive", "pipelining"]) {
    if (!has(id)) continue;
    const ratios = new Map<string, number[]>();
    for (let i = 0; i < runs; i++) {
      const r = spawnSync(
        "script",
        ["-qec", `${process.execPath} ${BIN} ${id} --auto --no-color`, "/dev/null"],
        { env: { ...env, CI: "" }, encoding: "utf8", maxBuffer: 64 << 20 },
      );
      for (const line of r.stdout.replace(/\r/g, "").split("\n")) {
        const m = row.exec(line);
        if (!m) continue;
        const list = ratios.get(m[1]!) ?? [];
        list.push(Number(m[3]) / Number(m[4]));
        ratios.set(m[1]!, list);
      }
    }
    // A label the table had to cut (its numbers were wider that run) is the same strategy.
    for (const [cut, list] of ratios) {
      if (!cut.endsWith("…")) continue;
      const whole = [...ratios.keys()].find(
        (k) => !k.endsWith("…") && k.startsWith(cut.slice(0, -1)),
      );
      if (!whole) continue;
      ratios.get(whole)!.push(...list);
      ratios.delete(cut);
    }
    for (const [strategy, list] of ratios) {
      const off = (x: number) => Math.abs(x - 1);
      rows.push([
        id,
        strategy,
        String(list.length),
        String(list.filter((x) => off(x) <= 0.1).length),
        median(list).toFixed(3),
        list.reduce((a, b) => (off(b) > off(a) ? b : a)).toFixed(3),
      ]);
    }
  }
  console.log(
    `\nOn a terminal at the default --rtt: measured / model per strategy, ${runs} runs each\n${table(rows)}`,
  );
}

console.log(
  `sockstep bench · node ${process.version} · ${os.cpus().length} cpu · ${rounds} start-up rounds, ${lessonRounds} lesson rounds`,
);
const startTimes = timeAll(startup);
const base = median(startTimes.get("node -e 0")!);
report(
  "Start-up (median wall time, ratio to node -e 0 in the same run)",
  startup,
  startTimes,
  base,
);
const lessonTimes = timeAll([startup[0]!, ...lessons]);
report(
  "Whole lessons with --json",
  [startup[0]!, ...lessons],
  lessonTimes,
  median(lessonTimes.get("node -e 0")!),
);
fidelity();
terminalFidelity(Number(process.env.BENCH_TERMINAL_ROUNDS ?? 10));
await reportVerifyTimes(Number(process.env.BENCH_VERIFY_ROUNDS ?? 5));
console.log(
  `\n--serve under a class's load: cookie-session against node:http, 500 keep-alive connections, 20,000 requests\n${throughputReport(await throughput(undefined, Number(process.env.BENCH_THROUGHPUT_ROUNDS ?? 2)))}`,
);
