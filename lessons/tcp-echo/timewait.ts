import { execFile } from "node:child_process";
import type { LessonContext } from "../../src/runtime/lesson.js";

/** What `ss -tanH state time-wait` listed: local and peer address of each entry. */
export type TimeWaitLookup =
  | { ok: true; entries: { local: string; peer: string }[] }
  | { ok: false; reason: string };

const SS_TIMEOUT_MS = 2000;

/**
 * Ask the kernel (through iproute2's ss) which connections are in TIME_WAIT.
 * Never throws: a missing or failing ss is a reason, and the lesson says it
 * cannot look it up rather than claiming anything.
 */
export function lookupTimeWait(ctx: LessonContext): Promise<TimeWaitLookup> {
  return new Promise((resolve) => {
    let untrack = () => {};
    const child = execFile(
      "ss",
      ["-tanH", "state", "time-wait"],
      { timeout: SS_TIMEOUT_MS, encoding: "utf8", env: { ...process.env, LC_ALL: "C" } },
      (err, stdout) => {
        untrack();
        if (err) {
          resolve({ ok: false, reason: whyNot(err) });
          return;
        }
        resolve({ ok: true, entries: parseSs(stdout) });
      },
    );
    untrack = ctx.track({ close: () => void child.kill() });
  });
}

/** A short reason: ENOENT (not installed), a timeout, or ss's own exit status. */
function whyNot(err: Error & { code?: unknown; killed?: boolean }): string {
  if (typeof err.code === "string") return err.code;
  if (err.killed) return `no answer within ${SS_TIMEOUT_MS / 1000} s`;
  return typeof err.code === "number" ? `ss exit status ${err.code}` : "ss failed";
}

/** Lines are "Recv-Q Send-Q Local:Port Peer:Port [Process]" (the state column is left out). */
export function parseSs(stdout: string): { local: string; peer: string }[] {
  const entries: { local: string; peer: string }[] = [];
  for (const line of stdout.split("\n")) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 4) continue;
    entries.push({ local: normalize(cols[2]!), peer: normalize(cols[3]!) });
  }
  return entries;
}

/** `[::ffff:127.0.0.1]:80` and `127.0.0.1:80` are the same IPv4 endpoint. */
export function normalize(addr: string): string {
  const mapped = /^\[::ffff:(\d+\.\d+\.\d+\.\d+)\]:(\d+)$/i.exec(addr);
  return mapped ? `${mapped[1]}:${mapped[2]}` : addr;
}

export function inTimeWait(lookup: TimeWaitLookup, local: string, peer: string): boolean {
  return (
    lookup.ok &&
    lookup.entries.some((e) => e.local === normalize(local) && e.peer === normalize(peer))
  );
}
