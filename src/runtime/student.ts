import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import { StringDecoder } from "node:string_decoder";
import type { Closable } from "../net/env.js";

export type Stream = "stdout" | "stderr";

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StudentOptions {
  /** argv, already substituted; argv[0] is looked up on PATH. */
  command: string[];
  env: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed; without it stdin is closed from the start. */
  input?: string;
  onLine?(stream: Stream, line: string): void;
}

/** Lines longer than this are cut when reported (the rest is still counted). */
const LINE_MAX = 400;
/** How much of each stream is kept for the tail shown on failure and for checks. */
const KEEP_BYTES = 64 * 1024;

/**
 * The student's program: started in its own process group (detached), so
 * that it and everything it starts can be ended together, on every path out.
 * Its stdout and stderr are captured line by line.
 */
export class StudentProcess implements Closable {
  private readonly child: ChildProcess;
  private readonly kept: Record<Stream, string> = { stdout: "", stderr: "" };
  private exitInfo: Exit | null = null;
  private closing: Promise<void> | null = null;
  /** Resolves when the program has started (rejects when it could not: ENOENT, EACCES). */
  readonly started: Promise<void>;
  /** Resolves when the program's own process has exited. */
  readonly exited: Promise<Exit>;
  private readonly lastResort = () => this.killGroup("SIGKILL");

  constructor(readonly opts: StudentOptions) {
    const [file, ...args] = opts.command;
    this.child = spawn(file!, args, {
      env: opts.env,
      detached: process.platform !== "win32",
      stdio: [opts.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      windowsHide: true,
    });
    this.started = new Promise<void>((resolve, reject) => {
      this.child.once("spawn", () => resolve());
      this.child.once("error", reject);
    });
    // Observed elsewhere through `started`; never an unhandled rejection.
    this.started.catch(() => {});
    this.exited = new Promise<Exit>((resolve) => {
      this.child.once("exit", (code, signal) => {
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
      });
      this.child.once("error", () => {
        this.exitInfo ??= { code: null, signal: null };
        resolve(this.exitInfo);
      });
    });
    // A second Ctrl-C or a thrown error ends sockstep with process.exit(): the group goes too.
    process.once("exit", this.lastResort);
    if (this.child.stdin) {
      this.child.stdin.on("error", () => {});
      this.child.stdin.end(opts.input);
    }
    for (const stream of ["stdout", "stderr"] as const) {
      const decoder = new StringDecoder("utf8");
      let partial = "";
      const source = this.child[stream];
      if (!source) continue;
      source.on("data", (chunk: Buffer) => {
        const text = decoder.write(chunk);
        this.keep(stream, text);
        partial += text;
        let nl = partial.indexOf("\n");
        while (nl >= 0) {
          this.line(stream, partial.slice(0, nl));
          partial = partial.slice(nl + 1);
          nl = partial.indexOf("\n");
        }
        if (partial.length > LINE_MAX * 4) {
          this.line(stream, partial);
          partial = "";
        }
      });
      source.on("end", () => {
        const rest = partial + decoder.end();
        if (rest !== "") this.line(stream, rest);
      });
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The exit, once it happened. */
  get exit(): Exit | null {
    return this.exitInfo;
  }

  private keep(stream: Stream, text: string): void {
    const all = this.kept[stream] + text;
    this.kept[stream] = all.length > KEEP_BYTES ? all.slice(-KEEP_BYTES) : all;
  }

  private line(stream: Stream, raw: string): void {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    this.opts.onLine?.(stream, line.length > LINE_MAX ? `${line.slice(0, LINE_MAX)}…` : line);
  }

  /** What the program wrote on a stream so far (the last 64 KB). */
  output(stream: Stream): string {
    return this.kept[stream];
  }

  /** The last `n` non-empty lines of a stream. */
  tail(stream: Stream, n: number): string[] {
    return this.kept[stream]
      .split(/\r?\n/)
      .filter((l) => l.trim() !== "")
      .slice(-n)
      .map((l) => (l.length > LINE_MAX ? `${l.slice(0, LINE_MAX)}…` : l));
  }

  private killGroup(signal: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      if (process.platform === "win32") this.child.kill(signal);
      else process.kill(-pid, signal);
    } catch {
      // ESRCH: nobody left in the group.
    }
  }

  /** Whether anything of the program (its process or one it started) is still alive. */
  alive(): boolean {
    const pid = this.child.pid;
    if (pid === undefined) return false;
    if (process.platform === "win32") return this.exitInfo === null;
    return groupAlive(pid);
  }

  /**
   * End the program and everything in its process group: SIGTERM, then
   * SIGKILL for whatever is still there after a grace period. Idempotent.
   */
  close(graceMs = 1000): Promise<void> {
    this.closing ??= (async () => {
      try {
        if (this.child.pid === undefined) return;
        this.child.stdout?.pause();
        this.child.stderr?.pause();
        if (this.alive()) {
          this.killGroup("SIGTERM");
          if (!(await until(() => !this.alive(), graceMs))) {
            this.killGroup("SIGKILL");
            await until(() => !this.alive(), 2000);
          }
        }
        // The pipes close once every holder of them has gone; do not wait on a stray one.
        await Promise.race([this.exited, sleep(500)]);
        this.child.stdout?.destroy();
        this.child.stderr?.destroy();
      } finally {
        process.off("exit", this.lastResort);
      }
    })();
    return this.closing;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function until(done: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (done()) return true;
    await sleep(20);
  }
  return done();
}

/**
 * The live processes of a process group. On Linux from /proc, where a zombie
 * (killed, waiting for its parent to collect it) does not count as alive;
 * elsewhere kill(-pgid, 0), which counts zombies too.
 */
export function groupMembers(pgid: number): number[] {
  let names: string[];
  try {
    names = fs.readdirSync("/proc");
  } catch {
    try {
      process.kill(-pgid, 0);
      return [pgid];
    } catch {
      return [];
    }
  }
  const out: number[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue;
    }
    // pid (comm) state ppid pgrp …; comm may hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const state = fields[0];
    if (Number(fields[2]) === pgid && state !== "Z" && state !== "X") out.push(Number(name));
  }
  return out;
}

export function groupAlive(pgid: number): boolean {
  return groupMembers(pgid).length > 0;
}

export interface Listening {
  proto: "tcp" | "udp";
  address: string;
  port: number;
}

/**
 * Where the processes of a group listen (TCP) or are bound (UDP), from /proc
 * on Linux; empty elsewhere. Used to tell a student "your program listens on
 * 12000, not on the port it was given".
 */
export function groupSockets(pgid: number): Listening[] {
  const inodes = new Set<string>();
  for (const pid of groupMembers(pgid)) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.add(m[1]!);
      } catch {}
    }
  }
  if (inodes.size === 0) return [];
  const out: Listening[] = [];
  for (const [file, proto, v6] of [
    ["tcp", "tcp", false],
    ["tcp6", "tcp", true],
    ["udp", "udp", false],
    ["udp6", "udp", true],
  ] as const) {
    let table: string;
    try {
      table = fs.readFileSync(`/proc/net/${file}`, "utf8");
    } catch {
      continue;
    }
    for (const row of table.split("\n").slice(1)) {
      const cols = row.trim().split(/\s+/);
      if (cols.length < 10 || !inodes.has(cols[9]!)) continue;
      // TCP: only listening sockets (state 0A); UDP: any bound socket (07 = unconnected).
      if (proto === "tcp" && cols[3] !== "0A") continue;
      if (proto === "udp" && cols[3] !== "07") continue;
      const [hexAddr, hexPort] = cols[1]!.split(":");
      out.push({ proto, address: procAddress(hexAddr!, v6), port: Number.parseInt(hexPort!, 16) });
    }
  }
  return out;
}

/** /proc/net addresses are little-endian words in hex. */
function procAddress(hex: string, v6: boolean): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((w) => (w.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)));
  if (!v6) return bytes.join(".");
  if (bytes.every((b) => b === 0)) return "::";
  if (bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1) return "::1";
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return groups.join(":");
}
