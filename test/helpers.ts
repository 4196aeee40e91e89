import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TraceEvent, VerdictEvent } from "../src/trace/events.js";

/** The project root, from dist/test/ or test/. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const BIN = path.join(ROOT, "bin", "sockstep.js");

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  events: TraceEvent[];
}

/**
 * Progress files of test runs go to one temporary folder per test process, never to
 * the user's own config folder (a test may pass its own SOCKSTEP_CONFIG_DIR).
 */
let testConfigDir: string | undefined;
function configDir(): string {
  if (!testConfigDir) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sockstep-test-config-"));
    process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    testConfigDir = dir;
  }
  return testConfigDir;
}

/** Environment for a child CLI: no colours, no terminal, English unless the test says so. */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: "1",
    LANG: "C",
    SOCKSTEP_CONFIG_DIR: configDir(),
    ...extra,
  };
  delete env.FORCE_COLOR;
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  delete env.SOCKSTEP_LANG;
  for (const [k, v] of Object.entries(extra)) if (v === undefined) delete env[k];
  return env;
}

export function parseEvents(stdout: string): TraceEvent[] {
  return stdout
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as TraceEvent);
}

/** Run the built CLI to the end (bounded by `timeoutMs`, then killed). */
export async function runCli(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string; cwd?: string } = {},
): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: cliEnv(opts.env),
    cwd: opts.cwd ?? ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  child.stdin.end(opts.input ?? "");
  const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 30_000);
  // "close", not "exit": only then has all of its output been read.
  const [code, signal] = (await once(child, "close")) as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  const events = args.includes("--json") ? safeEvents(stdout) : [];
  return { code, signal, stdout, stderr, events };
}

function safeEvents(stdout: string): TraceEvent[] {
  try {
    return parseEvents(stdout);
  } catch {
    return [];
  }
}

export interface Served {
  child: ChildProcess;
  /** host and port from the first bind/listen event (or the banner line). */
  host: string;
  port: number;
  events: TraceEvent[];
  stdout: () => string;
  stderr: () => string;
  /** Ctrl-C, then wait for the exit code and the last of the output (events and stdout are complete after it). */
  stop(): Promise<number | null>;
}

/**
 * A --serve server's narration reaches the test through a pipe, on its own time: a client
 * that got its answer may be ahead of the events about it. Wait (bounded) until `ready`
 * holds; the caller's assertion then says what was missing.
 */
export async function eventually(ready: () => boolean, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!ready() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

/**
 * Start `sockstep <lesson> --serve` and resolve once it has said where it listens.
 * With --json the address comes from the bind/listen event; otherwise from the first line.
 */
export async function serveCli(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; killAfterMs?: number } = {},
): Promise<Served> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: cliEnv(opts.env),
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // "close", not "exit": only then has all of its output been read.
  const closed = once(child, "close");
  closed.catch(() => {});
  let out = "";
  let err = "";
  const events: TraceEvent[] = [];
  const json = args.includes("--json");
  const address = new Promise<{ host: string; port: number }>((resolve, reject) => {
    let buffered = "";
    child.stdout!.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      buffered += d;
      let nl = buffered.indexOf("\n");
      while (nl >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        nl = buffered.indexOf("\n");
        if (json) {
          const e = JSON.parse(line) as TraceEvent;
          events.push(e);
          if (
            e.kind === "call" &&
            e.actor === "server" &&
            (e.call === "listen" || (e.proto === "udp" && e.call === "bind")) &&
            e.local
          ) {
            resolve(splitAddr(e.local));
          }
        } else {
          const m = /(\d+\.\d+\.\d+\.\d+|\[[^\]]+\]):(\d+)/.exec(line);
          if (m) resolve({ host: m[1]!.replace(/^\[|\]$/g, ""), port: Number(m[2]) });
        }
      }
    });
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (err += d));
    child.once("exit", (code) =>
      reject(new Error(`sockstep exited (${code}) before listening: ${err}`)),
    );
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), opts.killAfterMs ?? 60_000);
  const { host, port } = await address;
  return {
    child,
    host,
    port,
    events,
    stdout: () => out,
    stderr: () => err,
    async stop() {
      if (child.exitCode === null) child.kill("SIGINT");
      const [code] = (await closed) as [number | null];
      clearTimeout(timer);
      return code;
    },
  };
}

export function splitAddr(addr: string): { host: string; port: number } {
  const at = addr.lastIndexOf(":");
  return { host: addr.slice(0, at).replace(/^\[|\]$/g, ""), port: Number(addr.slice(at + 1)) };
}

export function calls(events: TraceEvent[], actor?: string) {
  return events.filter(
    (e): e is Extract<TraceEvent, { kind: "call" }> =>
      e.kind === "call" && (!actor || e.actor === actor),
  );
}

/** Whether python3 can be run here. */
export async function hasPython(): Promise<boolean> {
  try {
    const child = spawn("python3", ["--version"], { stdio: "ignore" });
    const [code] = (await once(child, "exit")) as [number | null];
    return code === 0;
  } catch {
    return false;
  }
}

/** Events from one step (between its step event and the next). */
export function stepEvents(events: TraceEvent[], id: string): TraceEvent[] {
  const start = events.findIndex((e) => e.kind === "step" && e.id === id);
  assert.ok(start >= 0, `no step ${id}`);
  const rest = events.slice(start + 1);
  const end = rest.findIndex((e) => e.kind === "step" || e.kind === "end");
  return end < 0 ? rest : rest.slice(0, end);
}

/** The port of an `ip:port` address from the trace. */
export function portOf(addr: string | null | undefined): number {
  assert.ok(addr, "no address");
  return Number(addr.slice(addr.lastIndexOf(":") + 1));
}

/** Every line of stdout is one JSON event, and the last (and only) `end` closes it. */
export function assertNdjson(stdout: string): TraceEvent[] {
  const lines = stdout.split("\n");
  assert.equal(lines.at(-1), "", "stdout ends with a newline");
  for (const line of lines.slice(0, -1)) assert.doesNotThrow(() => JSON.parse(line), line);
  const events = parseEvents(stdout);
  assert.equal(events.at(-1)?.kind, "end");
  assert.equal(events.filter((e) => e.kind === "end").length, 1);
  return events;
}

/** The verdict `verify` ends with (key `verify.pass` or `verify.fail`). */
export function verdict(events: TraceEvent[]): VerdictEvent | undefined {
  return events.find((e): e is VerdictEvent => e.kind === "verdict");
}

/** The verdict `verify` ended with; failing the test when there is none. */
export function theVerdict(events: TraceEvent[]): VerdictEvent {
  const v = verdict(events);
  assert.ok(v, "a verdict");
  return v;
}

/** Alive and not a zombie (a killed process its parent has not collected yet is gone for us). */
export function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}

/** Whether something listens on a TCP port of 127.0.0.1 (a bind there fails). */
export async function listening(port: number): Promise<boolean> {
  const srv = net.createServer();
  return new Promise((resolve) => {
    srv.once("error", () => resolve(true));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(false)));
  });
}

/** A pid the student's program printed ("daemon pid 1234"), as verify relayed its output. */
export function printedPid(events: TraceEvent[], who: string): number | null {
  for (const e of events) {
    if (e.kind !== "note" || e.key !== "verify.output") continue;
    const m = new RegExp(`${who} pid (\\d+)`).exec(String(e.facts?.line ?? ""));
    if (m) return Number(m[1]);
  }
  return null;
}

/** Peak resident memory of a process so far, in MiB (the kernel's high-water mark). */
export function peakMiB(pid: number): number {
  const m = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  assert.ok(m, `no VmHWM for process ${pid}`);
  return Number(m[1]) / 1024;
}
