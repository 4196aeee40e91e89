import { setTimeout as sleep } from "node:timers/promises";
import { Cgroup } from "./cgroup.js";
import { hasProc, ProcessTree, type ProcId, readProc, signalAll } from "./proctree.js";

/**
 * The watchdog of one `sockstep verify` run: a small process of its own
 * (detached, in its own session) whose stdin is a pipe from sockstep. Node
 * cannot ask the kernel to signal a child when its parent dies
 * (PR_SET_PDEATHSIG), so this stands in: sockstep tells it, line by line,
 * the run's token, the program's process and every process found to be the
 * program's. When the pipe ends, sockstep is gone (it ended the program and
 * closed the pipe, or it was killed): whatever of the program still runs is
 * ended, and the watchdog exits.
 *
 * Lines: `token <hex>`, `root <pid> <start>`, `pid <pid> <start>`, `port <n>`,
 * `cgroup <folder>` (the program's cgroup, removed at the end).
 * Started as `node watchdog.js <sockstep's pid>` (the pid names it in `ps`).
 */

const GRACE_MS = 1000;

const self = readProc(process.pid);
let token = "";
let root: ProcId | null = null;
let port: number | undefined;
let cgroup: Cgroup | null = null;
const told: ProcId[] = [];

function hear(line: string): void {
  const [what, a, b] = line.split(" ");
  if (what === "cgroup" && a) cgroup = Cgroup.at(line.slice("cgroup ".length));
  else if (what === "token" && a) token = a;
  else if (what === "root" && a && b) root = { pid: Number(a), start: Number(b) };
  else if (what === "pid" && a && b) told.push({ pid: Number(a), start: Number(b) });
  else if (what === "port" && a) port = Number(a);
}

async function endWhatIsLeft(): Promise<void> {
  try {
    await endProcesses();
  } finally {
    if (cgroup) {
      const deadline = Date.now() + GRACE_MS;
      while (!cgroup.remove() && Date.now() < deadline) await sleep(50);
    }
  }
}

async function endProcesses(): Promise<void> {
  if (!hasProc()) {
    // No /proc to look at: the program's process group is all there is to end.
    if (root) {
      try {
        process.kill(-root.pid, "SIGKILL");
      } catch {}
    }
    return;
  }
  if (!token && !root) return;
  // Everything the program started after this watchdog, which started before it.
  const tree = new ProcessTree(token, self?.start ?? 0, new Set([process.pid]));
  if (root) tree.add(root);
  for (const p of told) tree.add(p);
  const look = () => {
    tree.adopt(cgroup?.pids() ?? []);
    tree.scan();
  };
  look();
  tree.scanSockets(port);
  let left = tree.alive();
  if (left.length === 0) return;
  signalAll(left, "SIGTERM");
  const deadline = Date.now() + GRACE_MS;
  while (Date.now() < deadline) {
    await sleep(50);
    look();
    left = tree.alive();
    if (left.length === 0) return;
  }
  signalAll(left, "SIGKILL");
  cgroup?.kill();
  // A process forked during the grace period is found by one more look.
  look();
  signalAll(tree.alive(), "SIGKILL");
}

let buffered = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk: string) => {
  buffered += chunk;
  let nl = buffered.indexOf("\n");
  while (nl >= 0) {
    hear(buffered.slice(0, nl));
    buffered = buffered.slice(nl + 1);
    nl = buffered.indexOf("\n");
  }
});
let ending = false;
const end = () => {
  if (ending) return;
  ending = true;
  endWhatIsLeft().finally(() => process.exit(0));
};
process.stdin.on("end", end);
process.stdin.on("close", end);
process.stdin.on("error", end);
