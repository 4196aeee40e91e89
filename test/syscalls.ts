import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { CallEvent, ErrorEvent, TraceEvent } from "../src/trace/events.js";
import { BIN, cliEnv, parseEvents, ROOT } from "./helpers.js";

/**
 * strace as the referee: the socket system calls a run really made, each tied
 * to the socket it was made on (its whole life, from socket() or accept() to
 * close(), with the addresses strace -yy printed for it).
 */

export interface Sock {
  proto: "TCP" | "UDP";
  pid: string;
  local: string | null;
  remote: string | null;
}

export interface Syscall {
  /** Line order in the log. */
  order: number;
  name: string;
  sock: Sock | null;
  ret: number;
  errno: string | null;
  /** The destination of bind/connect/sendmsg/sendto, or the source of recvmsg: ip:port. */
  addr: string | null;
  args: string;
}

const TRACED = [
  "socket",
  "bind",
  "listen",
  "accept",
  "accept4",
  "connect",
  "setsockopt",
  "read",
  "readv",
  "write",
  "writev",
  "recvfrom",
  "recvmsg",
  "recvmmsg",
  "sendto",
  "sendmsg",
  "sendmmsg",
  "shutdown",
  "close",
];

/** Whether strace is installed and may trace here (ptrace may be forbidden in a sandbox). */
export const canTrace =
  spawnSync("strace", ["-f", "-e", "trace=close", "-o", "/dev/null", "true"], { stdio: "ignore" })
    .status === 0;

/** Run the built CLI under strace; its --json events and its socket system calls. */
export function traceRun(args: string[]): {
  code: number | null;
  stderr: string;
  events: TraceEvent[];
  syscalls: Syscall[];
} {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sockstep-truth-"));
  const log = path.join(dir, "strace.txt");
  try {
    const r = spawnSync(
      "strace",
      [
        "-f",
        "-qq",
        "-yy",
        "-s",
        "0",
        "-e",
        `trace=${TRACED.join(",")}`,
        "-e",
        "signal=none",
        "-o",
        log,
        process.execPath,
        BIN,
        ...args,
        "--json",
      ],
      { cwd: ROOT, env: cliEnv(), encoding: "utf8", timeout: 600_000, maxBuffer: 1 << 28 },
    );
    return {
      code: r.status,
      stderr: r.stderr,
      events: parseEvents(r.stdout),
      syscalls: parseStrace(readFileSync(log, "utf8")),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const FD = /^(\d+)<(TCP|UDP)(?:v6)?:\[([^\]]*(?:\][^\]]*)?)\]>/;

/** An annotation's addresses: "ip:port" or "ip:port->ip:port"; an inode alone says nothing yet. */
function endpoints(text: string): { local: string | null; remote: string | null } {
  const [local, remote] = text.split("->");
  const addr = (s: string | undefined) => (s?.includes(":") ? s : null);
  return { local: addr(local), remote: addr(remote) };
}

function sockaddr(args: string): string | null {
  const port = /sin6?_port=htons\((\d+)\)/.exec(args)?.[1];
  const v4 = /sin_addr=inet_addr\("([^"]+)"\)/.exec(args)?.[1];
  const v6 = /inet_pton\(AF_INET6, "([^"]+)"/.exec(args)?.[1];
  if (port === undefined || (v4 === undefined && v6 === undefined)) return null;
  return v4 !== undefined ? `${v4}:${port}` : `[${v6}]:${port}`;
}

export function parseStrace(text: string): Syscall[] {
  // -f interleaves threads: join "<unfinished ...>" with its "<... resumed>".
  const pending = new Map<string, string>();
  const lines: string[] = [];
  for (const raw of text.split("\n")) {
    const m = /^(\d+)\s+(.*)$/.exec(raw);
    if (!m) continue;
    const [, pid, rest] = m as unknown as [string, string, string];
    if (rest.endsWith("<unfinished ...>")) {
      pending.set(pid, rest.slice(0, -"<unfinished ...>".length));
      continue;
    }
    const resumed = /^<\.\.\. \w+ resumed>(.*)$/.exec(rest);
    if (resumed) {
      lines.push(`${pid} ${pending.get(pid) ?? ""}${resumed[1]}`);
      pending.delete(pid);
      continue;
    }
    lines.push(raw);
  }

  const open = new Map<string, Sock>();
  const out: Syscall[] = [];
  for (const [order, line] of lines.entries()) {
    const m = /^(\d+)\s+(\w+)\((.*)\)\s+= (-?\d+)(?:<([^>]*)>)?(?: (E\w+))?/.exec(line);
    if (!m) continue;
    const [, pid, name, args, retText, retNote, errno] = m as unknown as [
      string,
      string,
      string,
      string,
      string,
      string | undefined,
      string | undefined,
    ];
    if (!TRACED.includes(name)) continue;
    const ret = Number(retText);
    let sock: Sock | null = null;
    const fd = FD.exec(args);
    if (fd) {
      const key = `${pid}:${fd[1]}`;
      sock = open.get(key) ?? null;
      if (!sock) {
        sock = { proto: fd[2] as Sock["proto"], pid, local: null, remote: null };
        open.set(key, sock);
      }
      const seen = endpoints(fd[3]!);
      sock.local = seen.local ?? sock.local;
      sock.remote = seen.remote ?? sock.remote;
    }
    // socket() and accept() open a new life on the descriptor they return.
    if ((name === "socket" || name === "accept4" || name === "accept") && ret >= 0) {
      const proto = /^(TCP|UDP)/.exec(retNote ?? "")?.[1] as Sock["proto"] | undefined;
      const kind = proto ?? (/SOCK_DGRAM/.test(args) ? "UDP" : "TCP");
      const made: Sock = { proto: kind, pid, local: null, remote: null };
      const seen = endpoints(/\[(.*)\]/.exec(retNote ?? "")?.[1] ?? "");
      made.local = seen.local;
      made.remote = seen.remote;
      open.set(`${pid}:${ret}`, made);
      if (name === "socket") {
        if (!/AF_INET6?\b/.test(args)) continue;
        out.push({ order, name, sock: made, ret, errno: null, addr: null, args });
      } else {
        out.push({ order, name, sock: made, ret, errno: null, addr: null, args });
      }
      continue;
    }
    if (!sock) continue;
    const addr =
      name === "bind" || name === "connect" || name.startsWith("send") || name.startsWith("recv")
        ? sockaddr(args)
        : null;
    out.push({ order, name, sock, ret, errno: errno ?? null, addr, args });
    if (name === "close" && fd) open.delete(`${pid}:${fd[1]}`);
  }
  return out;
}

const KINDS: Record<string, string[]> = {
  socket: ["socket"],
  setsockopt: ["setsockopt"],
  bind: ["bind"],
  listen: ["listen"],
  accept: ["accept4", "accept"],
  connect: ["connect"],
  send: ["write", "writev", "sendmsg", "sendto"],
  recv: ["read", "readv", "recvmsg", "recvfrom"],
  sendto: ["sendmsg", "sendto", "sendmmsg"],
  recvfrom: ["recvmsg", "recvfrom", "recvmmsg"],
  shutdown: ["shutdown"],
  close: ["close"],
};

export interface Unmatched {
  event: CallEvent | ErrorEvent;
  want: string;
}

/** The kernel reads behind a narrated recv: its `reads`, else its own byte count. */
function readsOf(e: CallEvent): number[] {
  return e.reads ?? [e.bytes ?? 0];
}

/**
 * Every narrated call matched to a system call of the same kind, on the same
 * socket addresses, with the same byte count; each system call answers for
 * one narrated call at most. What is left unmatched was narrated and did not happen.
 */
export function unmatched(events: TraceEvent[], syscalls: Syscall[]): Unmatched[] {
  const used = new Set<Syscall>();
  const missing: Unmatched[] = [];
  const take = (pred: (s: Syscall) => boolean) => {
    const found = syscalls.find((s) => !used.has(s) && pred(s));
    if (found) used.add(found);
    return found !== undefined;
  };
  for (const e of events) {
    if (e.kind !== "call" && !(e.kind === "error" && (e.call === "connect" || e.call === "bind"))) {
      continue;
    }
    const call = e.call!;
    const names = KINDS[call] ?? [];
    const proto = e.kind === "call" ? e.proto.toUpperCase() : null;
    const on = (s: Syscall) =>
      names.includes(s.name) && (proto === null || s.sock?.proto === proto);
    const sameLocal = (s: Syscall) =>
      e.local === null || e.local === undefined || s.sock?.local === e.local;
    const sameRemote = (s: Syscall) =>
      e.remote === null || e.remote === undefined || s.sock?.remote === e.remote;
    let ok: boolean;
    let want = `${call} on ${e.local ?? "?"}${e.remote ? ` ⇄ ${e.remote}` : ""}`;
    if (e.kind === "error") {
      ok = take((s) => on(s) && (call === "connect" ? s.addr === e.remote : true));
    } else if (call === "socket") {
      ok = take((s) => on(s));
    } else if (call === "setsockopt") {
      const option = String(e.detail?.option ?? "");
      ok = take((s) => on(s) && s.args.includes(option) && sameLocal(s));
    } else if (call === "bind" || call === "listen" || call === "close" || call === "shutdown") {
      ok = take((s) => on(s) && sameLocal(s) && (call === "bind" ? true : sameRemote(s)));
    } else if (call === "accept") {
      ok = take((s) => on(s) && sameLocal(s) && sameRemote(s));
    } else if (call === "connect") {
      ok = take((s) => on(s) && s.addr === e.remote && sameLocal(s));
    } else if (call === "send" || call === "sendto") {
      want += `, ${e.bytes} B`;
      ok = take(
        (s) =>
          on(s) &&
          sameLocal(s) &&
          (call === "sendto" ? s.addr === e.remote : sameRemote(s)) &&
          s.ret === e.bytes,
      );
    } else if (call === "recv" || call === "recvfrom") {
      const reads = readsOf(e);
      want += `, reads of ${reads.join(" + ") || "none"} B`;
      ok = reads.every((n) =>
        take(
          (s) =>
            on(s) &&
            sameLocal(s) &&
            (call === "recvfrom" ? s.addr === e.remote : sameRemote(s)) &&
            s.ret === n,
        ),
      );
    } else ok = true;
    if (!ok) missing.push({ event: e, want });
  }
  return missing;
}

/**
 * For each TCP connection both of whose ends the run narrates: the side whose
 * shutdown() or close() came first, in the narration and in the system calls.
 */
export function firstFin(
  events: TraceEvent[],
  syscalls: Syscall[],
): { connection: string; narrated: string; kernel: string }[] {
  const key = (a: string, b: string) => [a, b].sort().join(" ⇄ ");
  const narrated = new Map<string, string>();
  for (const e of events) {
    if (e.kind !== "call" || e.proto !== "tcp" || !e.local || !e.remote) continue;
    if (e.call !== "shutdown" && e.call !== "close") continue;
    const k = key(e.local, e.remote);
    if (!narrated.has(k)) narrated.set(k, e.local);
  }
  const kernel = new Map<string, string>();
  const ends = new Map<string, number>();
  for (const s of syscalls) {
    if (s.sock?.proto !== "TCP" || !s.sock.local || !s.sock.remote) continue;
    ends.set(key(s.sock.local, s.sock.remote), 0);
  }
  for (const s of syscalls) {
    const sock = s.sock;
    if (sock?.proto !== "TCP" || !sock.local || !sock.remote) continue;
    if (s.name !== "shutdown" && s.name !== "close") continue;
    const k = key(sock.local, sock.remote);
    if (!kernel.has(k)) kernel.set(k, sock.local);
  }
  // Both ends narrated: the emulator's own legs carry no call events of their own.
  const both = new Set(
    events.flatMap((e) =>
      e.kind === "call" && e.proto === "tcp" && e.local && e.remote
        ? [`${e.local}>${e.remote}`]
        : [],
    ),
  );
  const out: { connection: string; narrated: string; kernel: string }[] = [];
  for (const [k, side] of narrated) {
    const [a, b] = k.split(" ⇄ ") as [string, string];
    if (!both.has(`${a}>${b}`) || !both.has(`${b}>${a}`)) continue;
    out.push({ connection: k, narrated: side, kernel: kernel.get(k) ?? "none" });
  }
  return out;
}
