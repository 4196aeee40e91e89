import fs from "node:fs";
import path from "node:path";

/**
 * A cgroup (v2) of the student's program's own, where sockstep may make one:
 * root, or a user whose session's cgroup is delegated to them (systemd), and
 * seldom inside a container. Whatever a process in it starts stays in it
 * (setsid and double forks included), and the kernel ends them all at once
 * through cgroup.kill. Where no cgroup can be made, /proc is followed instead
 * (proctree.ts); both run together when it can, the cgroup being the surer.
 *
 * SOCKSTEP_CGROUP=0 turns it off (tests of the /proc way; machines where
 * moving processes between cgroups is not wanted).
 */
export class Cgroup {
  private constructor(readonly dir: string) {}

  /** A new cgroup under sockstep's own, or null where none can be made. */
  static create(name: string, env: NodeJS.ProcessEnv = process.env): Cgroup | null {
    if (env.SOCKSTEP_CGROUP === "0" || process.platform !== "linux") return null;
    const base = ownCgroupDir();
    if (!base) return null;
    const dir = path.join(base, name);
    try {
      fs.mkdirSync(dir);
    } catch {
      return null;
    }
    return new Cgroup(dir);
  }

  /** One made by another process (the watchdog is told its folder). */
  static at(dir: string): Cgroup {
    return new Cgroup(dir);
  }

  /** Move a process in; false when the kernel refuses (then nothing was moved). */
  enter(pid: number): boolean {
    try {
      fs.writeFileSync(path.join(this.dir, "cgroup.procs"), `${pid}\n`);
      return true;
    } catch {
      return false;
    }
  }

  /** The processes in it now. */
  pids(): number[] {
    try {
      return fs
        .readFileSync(path.join(this.dir, "cgroup.procs"), "utf8")
        .split("\n")
        .filter((l) => l !== "")
        .map(Number);
    } catch {
      return [];
    }
  }

  /** SIGKILL to every process in it (Linux 5.14+; elsewhere each is signalled by its pid). */
  kill(): void {
    try {
      fs.writeFileSync(path.join(this.dir, "cgroup.kill"), "1");
      return;
    } catch {}
    for (const pid of this.pids()) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {}
    }
  }

  /** Remove it; only an empty cgroup can go, so false while anything still runs in it. */
  remove(): boolean {
    try {
      fs.rmdirSync(this.dir);
      return true;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === "ENOENT";
    }
  }
}

/** The folder of this process's cgroup v2, from /proc/self/cgroup and the cgroup2 mount. */
export function ownCgroupDir(): string | null {
  let own: string;
  let mounts: string;
  try {
    own = fs.readFileSync("/proc/self/cgroup", "utf8");
    mounts = fs.readFileSync("/proc/self/mountinfo", "utf8");
  } catch {
    return null;
  }
  const rel = /^0::(\/.*)$/m.exec(own)?.[1];
  if (rel === undefined) return null;
  for (const line of mounts.split("\n")) {
    const [before, after] = line.split(" - ");
    if (!after?.startsWith("cgroup2 ")) continue;
    // mountinfo: id parent major:minor root mount-point …; root is the cgroup at the mount's top.
    const fields = before!.split(" ");
    const root = fields[3]!;
    const point = fields[4]!;
    const inside = path.posix.relative(root, rel);
    if (inside.startsWith("..")) continue;
    return path.join(point, inside);
  }
  return null;
}
