import fs from "node:fs";

/**
 * The processes a student's program started, found from /proc (Linux) even
 * after they left its process group: a daemon forks twice and calls setsid(),
 * so neither its group nor, once its parent is gone, its parent pid leads
 * back to the program. Several clues are followed:
 *
 * - the parent pid, the session and the process group of a process started
 *   after the program, when they name a process already known to be its;
 * - an environment variable with a token of this run, which every process the
 *   program starts inherits unless it clears its environment;
 * - the sockets: a process holding a socket a known process listened on, or
 *   listening on the port the program was given.
 *
 * Where sockstep can make a cgroup for the program (cgroup.ts), its members
 * are the program's for certain, and are remembered here too.
 *
 * A process is remembered with its start time (field 22 of /proc/<pid>/stat,
 * in clock ticks since boot): a pid the kernel hands out again later belongs
 * to someone else and is never signalled.
 */

/** The environment variable that marks every process of one verification run. */
export const RUN_TOKEN_VAR = "SOCKSTEP_VERIFY_RUN";

export interface ProcId {
  pid: number;
  /** Start time, in clock ticks since boot. */
  start: number;
}

export interface Proc extends ProcId {
  ppid: number;
  pgrp: number;
  session: number;
  /** Exited and not yet collected by its parent: gone for every purpose here. */
  zombie: boolean;
}

export function readProc(pid: number): Proc | null {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // pid (comm) state ppid pgrp session … starttime (field 22); comm may hold spaces and parentheses.
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return {
    pid,
    ppid: Number(f[1]),
    pgrp: Number(f[2]),
    session: Number(f[3]),
    start: Number(f[19]),
    zombie: f[0] === "Z" || f[0] === "X",
  };
}

/** Whether /proc can be read here (Linux). */
export function hasProc(): boolean {
  return fs.existsSync("/proc/self/stat");
}

/** Every pid in /proc now; empty without /proc. */
export function allPids(): number[] {
  let names: string[];
  try {
    names = fs.readdirSync("/proc");
  } catch {
    return [];
  }
  return names.filter((n) => /^\d+$/.test(n)).map(Number);
}

/** The same process still running (not a zombie, not a newcomer with its old pid). */
export function stillThere(p: ProcId): boolean {
  const now = readProc(p.pid);
  return now !== null && !now.zombie && now.start === p.start;
}

function hasToken(pid: number, token: string): boolean {
  let environ: string;
  try {
    environ = fs.readFileSync(`/proc/${pid}/environ`, "latin1");
  } catch {
    return false;
  }
  return environ.split("\0").includes(`${RUN_TOKEN_VAR}=${token}`);
}

/** The inodes of a process's sockets, from its /proc/<pid>/fd links. */
export function socketInodes(pid: number): string[] {
  let fds: string[];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) out.push(m[1]!);
    } catch {}
  }
  return out;
}

export interface Listening {
  proto: "tcp" | "udp";
  address: string;
  port: number;
}

/**
 * Listening TCP and bound UDP sockets by inode, from /proc/net (this network
 * namespace); empty elsewhere.
 */
export function listeningSockets(): Map<string, Listening> {
  const out = new Map<string, Listening>();
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
      if (cols.length < 10) continue;
      // TCP: only listening sockets (state 0A); UDP: any bound socket (07 = unconnected).
      if (proto === "tcp" && cols[3] !== "0A") continue;
      if (proto === "udp" && cols[3] !== "07") continue;
      const [hexAddr, hexPort] = cols[1]!.split(":");
      out.set(cols[9]!, {
        proto,
        address: procAddress(hexAddr!, v6),
        port: Number.parseInt(hexPort!, 16),
      });
    }
  }
  return out;
}

/** Where some processes listen (TCP) or are bound (UDP). */
export function socketsOf(pids: Iterable<number>): Listening[] {
  const inodes = new Set<string>();
  for (const pid of pids) for (const inode of socketInodes(pid)) inodes.add(inode);
  if (inodes.size === 0) return [];
  return [...listeningSockets()].filter(([inode]) => inodes.has(inode)).map(([, l]) => l);
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

/** Everything ever seen of one program: its process, and every process found to be its. */
export class ProcessTree {
  /** pid → start time of every process ever found to be the program's. */
  readonly known = new Map<number, number>();
  /** Sockets a known process held: whoever holds one later got it from the program. */
  private readonly sockets = new Set<string>();
  /** Pids already looked at. */
  private readonly looked = new Set<number>();

  /**
   * @param token the run's token in RUN_TOKEN_VAR
   * @param since nothing that started before this (clock ticks) is the program's
   * @param never pids never counted (sockstep itself, its watchdog)
   */
  constructor(
    private readonly token: string,
    private since: number,
    private readonly never: ReadonlySet<number>,
  ) {}

  /** Remember a process as the program's (its own, or one another look found). */
  add(p: ProcId): void {
    this.known.set(p.pid, p.start);
    this.looked.add(p.pid);
  }

  /** From the program's own start on, only later processes can be its. */
  startsAt(start: number): void {
    this.since = Math.max(this.since, start);
  }

  private isKnown(p: ProcId): boolean {
    return this.known.get(p.pid) === p.start;
  }

  /** A pid names a known process: alive as that process, or gone (a session or group outlives its leader). */
  private names(pid: number, after: number): boolean {
    const start = this.known.get(pid);
    if (start === undefined || after < start) return false;
    const now = readProc(pid);
    return now === null || now.zombie || now.start === start;
  }

  /** Processes known to be the program's by other means (its cgroup): remembered, returning the new ones. */
  adopt(pids: readonly number[]): ProcId[] {
    const found: ProcId[] = [];
    for (const pid of pids) {
      const p = readProc(pid);
      if (!p || p.zombie || this.isKnown(p) || this.never.has(pid)) continue;
      this.add(p);
      found.push({ pid: p.pid, start: p.start });
    }
    return found;
  }

  /**
   * Look at the processes that appeared since the last look; returns those
   * found to be the program's. Cheap enough to run every few hundred ms: a
   * process is read once, its environment only if it started after the program;
   * after the first look, a look is one listing of /proc.
   */
  scan(): ProcId[] {
    const pids = allPids();
    // A pid gone from one listing to the next is forgotten: if it comes back, it is someone new.
    // (Coming back between two listings would take the whole pid space in a few hundred ms.)
    const present = new Set(pids);
    for (const pid of this.looked) if (!present.has(pid)) this.looked.delete(pid);
    const fresh: Proc[] = [];
    for (const pid of pids) {
      if (this.never.has(pid) || this.looked.has(pid)) continue;
      const p = readProc(pid);
      if (!p) continue;
      this.looked.add(pid);
      if (!p.zombie && p.start >= this.since) fresh.push(p);
    }
    const found: ProcId[] = [];
    // A child may be listed before its parent: repeat until nothing more is found.
    for (let grew = true; grew; ) {
      grew = false;
      for (const p of fresh) {
        if (this.isKnown(p)) continue;
        const ours =
          this.names(p.ppid, p.start) ||
          this.names(p.session, p.start) ||
          this.names(p.pgrp, p.start) ||
          hasToken(p.pid, this.token);
        if (ours) {
          this.add(p);
          found.push({ pid: p.pid, start: p.start });
          grew = true;
        }
      }
    }
    for (const [pid, start] of this.known) {
      if (stillThere({ pid, start }))
        for (const inode of socketInodes(pid)) this.sockets.add(inode);
    }
    return found;
  }

  /**
   * Processes holding a socket the program had, or listening on its port
   * (the last clue to a daemon that cleared its environment). Reads every
   * later process's open files: for the end of a run, not for every look.
   */
  scanSockets(port?: number): ProcId[] {
    const wanted = new Set(this.sockets);
    if (port !== undefined) {
      for (const [inode, l] of listeningSockets()) if (l.port === port) wanted.add(inode);
    }
    if (wanted.size === 0) return [];
    const found: ProcId[] = [];
    for (const pid of allPids()) {
      if (this.never.has(pid)) continue;
      const p = readProc(pid);
      if (!p || p.zombie || p.start < this.since || this.isKnown(p)) continue;
      if (socketInodes(pid).some((inode) => wanted.has(inode))) {
        this.add(p);
        found.push({ pid: p.pid, start: p.start });
      }
    }
    return found;
  }

  /** The known processes still running. */
  alive(): ProcId[] {
    return [...this.known].map(([pid, start]) => ({ pid, start })).filter((p) => stillThere(p));
  }
}

/** Signal each process that is still the one remembered. */
export function signalAll(procs: readonly ProcId[], signal: NodeJS.Signals): void {
  for (const p of procs) {
    if (!stillThere(p)) continue;
    try {
      process.kill(p.pid, signal);
    } catch {
      // ESRCH: gone in between; EPERM: not ours to end.
    }
  }
}
