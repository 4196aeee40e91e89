import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { Socket } from "node:net";
import { StringDecoder } from "node:string_decoder";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { formatAddr } from "../net/address.js";
import type { Closable } from "../net/env.js";
import { Cgroup } from "./cgroup.js";
import {
  allPids,
  hasProc,
  type Listening,
  ProcessTree,
  RUN_TOKEN_VAR,
  readProc,
  signalAll,
  socketsOf,
} from "./proctree.js";

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

/** A process of the program that had left its process group and still ran when the run ended. */
export interface Stray {
  pid: number;
  /** Where it listened (TCP) or was bound (UDP), as `ip:port`. */
  listening?: string;
}

/** How often the program's processes are looked for while it runs. */
const LOOK_MS = 150;
/** Compiled next to this file (dist/src/runtime/). */
const WATCHDOG = fileURLToPath(new URL("./watchdog.js", import.meta.url));

/** Lines longer than this are cut when reported (the rest is still counted). */
const LINE_MAX = 400;
/** How much of each stream is kept for the tail shown on failure and for checks. */
const KEEP_BYTES = 64 * 1024;

/**
 * The student's program: started in its own process group (detached), so
 * that it and everything it starts can be ended together, on every path out.
 * What leaves the group (a daemon: fork, setsid, fork) is followed through
 * /proc while the program runs (see proctree.ts) and ended too; a watchdog
 * process ends all of it if sockstep itself is killed. Its stdout and stderr
 * are captured line by line.
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
  private readonly lastResort = () => this.killAll("SIGKILL");
  /** Every process found to be the program's; followed on Linux only (/proc). */
  private readonly tree: ProcessTree;
  private readonly watchdog: WatchdogLink | null;
  /** The program's own cgroup, where one could be made and the program moved into it. */
  private cgroup: Cgroup | null;
  private readonly looking: NodeJS.Timeout | null = null;
  /** The port the program was given (PORT): whoever listens there is the program. */
  private readonly port: number | undefined;
  private strayList: Stray[] = [];

  constructor(readonly opts: StudentOptions) {
    const [file, ...args] = opts.command;
    const token = randomBytes(8).toString("hex");
    const port = Number(opts.env.PORT);
    this.port = Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
    const followed = process.platform === "linux" && hasProc();
    // Before the program, so that no moment exists where sockstep could die unwatched.
    this.watchdog = process.platform === "win32" ? null : new WatchdogLink();
    this.watchdog?.tell(`token ${token}`);
    if (this.port !== undefined) this.watchdog?.tell(`port ${this.port}`);
    this.tree = new ProcessTree(
      token,
      0,
      new Set([process.pid, ...(this.watchdog?.pid ? [this.watchdog.pid] : [])]),
    );
    this.cgroup = followed ? Cgroup.create(`sockstep-verify-${process.pid}-${token}`) : null;
    if (this.cgroup) this.watchdog?.tell(`cgroup ${this.cgroup.dir}`);
    this.child = spawn(file!, args, {
      env: { ...opts.env, [RUN_TOKEN_VAR]: token },
      detached: process.platform !== "win32",
      stdio: [opts.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      windowsHide: true,
    });
    const pid = this.child.pid;
    // At once, before the program has started anything: what it starts later stays in the cgroup.
    if (this.cgroup && (pid === undefined || !this.cgroup.enter(pid))) {
      this.cgroup.remove();
      this.cgroup = null;
    }
    if (pid !== undefined) {
      const own = followed ? readProc(pid) : null;
      if (own) {
        this.tree.startsAt(own.start);
        this.tree.add(own);
        this.watchdog?.tell(`root ${pid} ${own.start}`);
        this.looking = setInterval(() => this.look(), LOOK_MS);
        this.looking.unref();
      } else this.watchdog?.tell(`root ${pid} 0`);
    }
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

  /**
   * After close(): the processes of the program that had left its process
   * group and were still running, which sockstep had to end.
   */
  get strays(): readonly Stray[] {
    return this.strayList;
  }

  /** Remember the processes the program started since the last look, and tell the watchdog. */
  private look(): void {
    const found = [...this.tree.adopt(this.cgroup?.pids() ?? []), ...this.tree.scan()];
    for (const p of found) this.watchdog?.tell(`pid ${p.pid} ${p.start}`);
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

  /** The program's process group, and every process of it that left the group. */
  private killAll(signal: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      if (process.platform === "win32") this.child.kill(signal);
      else process.kill(-pid, signal);
    } catch {
      // ESRCH: nobody left in the group.
    }
    signalAll(this.tree.alive(), signal);
    if (signal === "SIGKILL") this.cgroup?.kill();
  }

  /** Whether anything of the program (its process or one it started) is still alive. */
  alive(): boolean {
    const pid = this.child.pid;
    if (pid === undefined) return false;
    if (process.platform === "win32") return this.exitInfo === null;
    return groupAlive(pid) || this.tree.alive().length > 0 || (this.cgroup?.pids().length ?? 0) > 0;
  }

  /** The program's processes outside its group, and where each listens. */
  private outsiders(pgid: number): Stray[] {
    this.look();
    for (const p of this.tree.scanSockets(this.port))
      this.watchdog?.tell(`pid ${p.pid} ${p.start}`);
    return this.tree
      .alive()
      .filter((p) => readProc(p.pid)?.pgrp !== pgid)
      .map((p) => {
        const sockets = socketsOf([p.pid]);
        const where = sockets.find((l) => l.port === this.port) ?? sockets[0];
        return where
          ? { pid: p.pid, listening: formatAddr({ host: where.address, port: where.port })! }
          : { pid: p.pid };
      });
  }

  /**
   * End the program, everything in its process group and every process of
   * it that left the group: SIGTERM, then SIGKILL for whatever is still there
   * after a grace period. Idempotent.
   */
  close(graceMs = 1000): Promise<void> {
    this.closing ??= (async () => {
      try {
        if (this.looking) clearInterval(this.looking);
        const pid = this.child.pid;
        if (pid === undefined) return;
        this.child.stdout?.pause();
        this.child.stderr?.pause();
        if (process.platform !== "win32") this.strayList = this.outsiders(pid);
        if (this.alive()) {
          this.killAll("SIGTERM");
          if (!(await until(() => !this.alive(), graceMs))) {
            this.killAll("SIGKILL");
            await until(() => !this.alive(), 2000);
          }
        }
        // The pipes close once every holder of them has gone; do not wait on a stray one.
        await Promise.race([this.exited, sleep(500)]);
        this.child.stdout?.destroy();
        this.child.stderr?.destroy();
        const cgroup = this.cgroup;
        if (cgroup) await until(() => cgroup.remove(), 1000);
      } finally {
        process.off("exit", this.lastResort);
        // Nothing left for it: it looks once more, finds nothing, and exits.
        this.watchdog?.end();
      }
    })();
    return this.closing;
  }
}

/**
 * sockstep's end of the watchdog's pipe (see watchdog.ts). Neither the
 * watchdog nor the pipe keeps sockstep running; if it cannot start, the
 * program is still ended on every path sockstep itself lives through.
 */
class WatchdogLink {
  private readonly stdin: Socket | null = null;
  readonly pid: number | undefined;

  constructor() {
    try {
      const child = spawn(process.execPath, [WATCHDOG, String(process.pid)], {
        detached: true,
        stdio: ["pipe", "ignore", "ignore"],
      });
      child.on("error", () => {});
      child.unref();
      const stdin = child.stdin as Socket | null;
      stdin?.on("error", () => {});
      stdin?.unref();
      this.stdin = stdin;
      this.pid = child.pid;
    } catch {
      this.pid = undefined;
    }
  }

  tell(line: string): void {
    if (this.stdin?.writable) this.stdin.write(`${line}\n`);
  }

  end(): void {
    this.stdin?.end();
  }
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
  if (!hasProc()) {
    try {
      process.kill(-pgid, 0);
      return [pgid];
    } catch {
      return [];
    }
  }
  const out: number[] = [];
  for (const pid of allPids()) {
    const p = readProc(pid);
    if (p && p.pgrp === pgid && !p.zombie) out.push(pid);
  }
  return out;
}

export function groupAlive(pgid: number): boolean {
  return groupMembers(pgid).length > 0;
}

/**
 * Where the processes of a group listen (TCP) or are bound (UDP), from /proc
 * on Linux; empty elsewhere. Used to tell a student "your program listens on
 * 12000, not on the port it was given".
 */
export function groupSockets(pgid: number): Listening[] {
  return socketsOf(groupMembers(pgid));
}
