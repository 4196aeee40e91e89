/**
 * How long `sockstep verify` takes on each lesson's reference server, start
 * to exit of the whole command (node's start-up, the program's, every check,
 * the cleanup), as a student waits for it. The goal is under 2 s per lesson.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { LESSONS, lessonFolders, loadVerify } from "../lessons/registry.js";
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
  // A pass marks progress: in a throwaway folder, never the user's.
  const config = mkdtempSync(path.join(os.tmpdir(), "sockstep-bench-verify-"));
  const env = { ...process.env, NO_COLOR: "1", LANG: "C", SOCKSTEP_CONFIG_DIR: config };
  try {
    await timeRounds(runs, commands, times, env);
  } finally {
    rmSync(config, { recursive: true, force: true });
  }
  return commands.map(({ lesson }) => {
    const list = times.get(lesson)!;
    return { lesson, runs: list.length, medianMs: median(list), worstMs: Math.max(...list) };
  });
}

async function timeRounds(
  runs: number,
  commands: { lesson: string; argv: string[] }[],
  times: Map<string, number[]>,
  env: NodeJS.ProcessEnv,
): Promise<void> {
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

/** The section `npm run bench` prints. */
export async function reportVerifyTimes(runs: number): Promise<void> {
  if (spawnSync("python3", ["--version"]).status !== 0) {
    console.log("\nverify of the reference servers: skipped (python3 is not installed)");
    return;
  }
  const rows = [["lesson", "runs", "median", "worst", "under 2 s"]];
  for (const t of await verifyTimes(runs)) {
    rows.push([
      t.lesson,
      String(t.runs),
      `${Math.round(t.medianMs)} ms`,
      `${Math.round(t.worstMs)} ms`,
      t.medianMs < 2000 ? "yes" : "no",
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd(),
  );
  console.log(
    `\nverify of each lesson's reference server (python3; whole command, median of ${runs})\n${lines.join("\n")}`,
  );
}
