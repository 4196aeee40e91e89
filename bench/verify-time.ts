/**
 * How long `sockstep verify` takes on each lesson's reference server, start
 * to exit of the whole command (node's start-up, the program's, every check,
 * the cleanup), as a student waits for it. The goal is under 2 s per lesson.
 * And how long a failing check takes to fail, on the broken programs of the
 * language matrix that run without a compiler. The goal is under 3 s.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { LESSONS, lessonFolders, loadVerify } from "../lessons/registry.js";
import { parseEvents } from "../test/helpers.js";
import { BROKEN, TOOLCHAINS } from "../test/matrix.js";
import { median } from "./median.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const BIN = path.join(ROOT, "bin", "sockstep.js");

export interface VerifyTime {
  lesson: string;
  runs: number;
  medianMs: number;
  worstMs: number;
}

/** `runs` verifications of each lesson's reference server, lessons interleaved round by round. */
export async function verifyTimes(runs: number): Promise<VerifyTime[]> {
  const commands: { lesson: string; argv: string[] }[] = [];
  for (const meta of LESSONS) {
    const argv = (await loadVerify(meta.id))?.reference?.server;
    if (!argv) continue;
    const ref = lessonFolders(meta.id).reference;
    commands.push({ lesson: meta.id, argv: argv.map((a) => a.replaceAll("{ref}", ref)) });
  }
  const times = new Map<string, number[]>(commands.map((c) => [c.lesson, []]));
  withConfig((env) => timeRounds(runs, commands, times, env));
  return commands.map(({ lesson }) => {
    const list = times.get(lesson)!;
    return { lesson, runs: list.length, medianMs: median(list), worstMs: Math.max(...list) };
  });
}

/** Run `fn` with verify's environment; a pass marks progress: in a throwaway folder, never the user's. */
function withConfig<T>(fn: (env: NodeJS.ProcessEnv) => T): T {
  const config = mkdtempSync(path.join(os.tmpdir(), "sockstep-bench-verify-"));
  try {
    return fn({ ...process.env, NO_COLOR: "1", LANG: "C", SOCKSTEP_CONFIG_DIR: config });
  } finally {
    rmSync(config, { recursive: true, force: true });
  }
}

function timeRounds(
  runs: number,
  commands: { lesson: string; argv: string[] }[],
  times: Map<string, number[]>,
  env: NodeJS.ProcessEnv,
): void {
  for (let i = 0; i < runs; i++) {
    for (const c of commands) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [BIN, "verify", c.lesson, "--json", "--", ...c.argv], {
        env,
        encoding: "utf8",
        maxBuffer: 64 << 20,
      });
      const ms = performance.now() - t0;
      if (r.status !== 0) throw new Error(`verify ${c.lesson} exited ${r.status}: ${r.stderr}`);
      times.get(c.lesson)!.push(ms);
    }
  }
}

export interface FailTime {
  program: string;
  check: string;
  runs: number;
  /** From the failing check's step event to the verdict, in the trace. */
  medianMs: number;
  worstMs: number;
}

/** `runs` verifications of each broken program that needs no build, programs interleaved. */
function failTimes(runs: number): FailTime[] {
  return withConfig((env) => timeFailures(runs, env));
}

function timeFailures(runs: number, env: NodeJS.ProcessEnv): FailTime[] {
  const programs = BROKEN.filter((b) => TOOLCHAINS[b.lang].build(b.path) === null);
  const times = new Map<string, number[]>(programs.map((b) => [b.path, []]));
  for (let i = 0; i < runs; i++) {
    for (const b of programs) {
      const argv = [...TOOLCHAINS[b.lang].run(path.join(ROOT, b.path)), ...b.args];
      const r = spawnSync(
        process.execPath,
        [BIN, "verify", b.lesson, "--role", b.role, "--json", "--", ...argv],
        { env, encoding: "utf8", maxBuffer: 64 << 20 },
      );
      const events = parseEvents(r.stdout);
      const verdict = events.find((e) => e.kind === "verdict");
      const check = verdict?.kind === "verdict" ? verdict.facts?.check : undefined;
      const step = events.find((e) => e.kind === "step" && e.id === check);
      if (r.status !== 1 || check !== b.fails || !verdict || !step) {
        throw new Error(`verify of ${b.path} did not fail ${b.fails} (exit ${r.status})`);
      }
      times.get(b.path)!.push(verdict.t - step.t);
    }
  }
  return programs.map((b) => {
    const list = times.get(b.path)!;
    return {
      program: `${b.lesson} ${b.role} ${path.basename(b.path)}`,
      check: b.fails,
      runs: list.length,
      medianMs: median(list),
      worstMs: Math.max(...list),
    };
  });
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** The sections `npm run bench` prints. */
export async function reportVerifyTimes(runs: number): Promise<void> {
  if (spawnSync("python3", ["--version"]).status !== 0) {
    console.log("\nverify of the reference servers: skipped (python3 is not installed)");
    return;
  }
  const passes = (await verifyTimes(runs)).map((t) => [
    t.lesson,
    ...timeCells(t, t.medianMs < 2000),
  ]);
  console.log(
    `\nverify of each lesson's reference server (python3; whole command, median of ${runs})\n${table([["lesson", "runs", "median", "worst", "under 2 s"], ...passes])}`,
  );
  const fails = failTimes(runs).map((t) => [t.program, t.check, ...timeCells(t, t.worstMs < 3000)]);
  console.log(
    `\na failing check, from its start to the verdict (broken programs that need no compiler; median of ${runs})\n${table([["broken program", "check", "runs", "median", "worst", "under 3 s"], ...fails])}`,
  );
}

/** Runs, median, worst, and whether the goal was met. */
function timeCells(t: { runs: number; medianMs: number; worstMs: number }, met: boolean): string[] {
  return [
    String(t.runs),
    `${Math.round(t.medianMs)} ms`,
    `${Math.round(t.worstMs)} ms`,
    met ? "yes" : "no",
  ];
}
