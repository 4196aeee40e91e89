import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { BIN, cliEnv, hasPython, ROOT } from "./helpers.js";

/**
 * `verify --watch`: the checks again when the student's file changes. Driven
 * through a pipe (as CI would run it) and in tmux (as a student would). No
 * duration is asserted: each wait is for a line to appear, bounded so a broken
 * build fails instead of hanging.
 */

const REFERENCE = path.join(ROOT, "lessons", "tcp-echo", "reference", "TCPServer.py");
/** The lecture's server: one recv(1024), so the 2000 B message comes back cut. */
const BROKEN = [
  "import sys",
  "from socket import *",
  "serverSocket = socket(AF_INET, SOCK_STREAM)",
  "serverSocket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)",
  "serverSocket.bind(('127.0.0.1', int(sys.argv[1])))",
  "serverSocket.listen(8)",
  "while True:",
  "    connectionSocket, addr = serverSocket.accept()",
  "    sentence = connectionSocket.recv(1024)",
  "    connectionSocket.send(sentence.decode().upper().encode())",
  "    connectionSocket.close()",
  "",
].join("\n");

let dir: string;
let python = false;

/** Save a file the way many editors do: write a new file, rename it over the old one. */
function save(file: string, text: string): void {
  const temp = `${file}.tmp~`;
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
}

describe("sockstep verify --watch", () => {
  before(async () => {
    python = await hasPython();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sockstep-watch-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("through a pipe: runs, reruns when the file is rewritten from broken to fixed, ends with stdin", async (t) => {
    if (!python) return t.skip("python3 not available");
    const file = path.join(dir, "server.py");
    fs.writeFileSync(file, BROKEN);
    const child = spawn(
      process.execPath,
      [BIN, "verify", "tcp-echo", "--watch", "--", "python3", file, "{port}"],
      { env: cliEnv({ SOCKSTEP_CONFIG_DIR: path.join(dir, "config") }), cwd: dir },
    );
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", () => {});
    const killer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    const waitFor = async (re: RegExp, what: string) => {
      for (let i = 0; i < 600 && !re.test(stdout); i++) await sleep(100);
      assert.match(stdout, re, `waited for ${what}`);
    };
    try {
      await waitFor(/^✗ 4\/6 checks passed · \d\d:\d\d:\d\d · watching /m, "the failing status");
      const status = stdout.split("\n").find((l) => l.startsWith("✗ 4/6"));
      assert.ok(status?.endsWith(`watching ${path.join(dir, "server.py")}`), status);
      // Not a terminal: no screen clearing, no keys offered.
      assert.ok(!stdout.includes("\u001b["));
      assert.ok(!status?.includes("q to quit"));
      save(file, fs.readFileSync(REFERENCE, "utf8"));
      await waitFor(/^✓ 6\/6 checks passed · \d\d:\d\d:\d\d · watching /m, "the passing status");
      // Both runs were drawn in full, one after the other.
      assert.ok(stdout.indexOf("✗ FAIL · tcp-echo") < stdout.indexOf("✓ PASS · tcp-echo"));
      child.stdin.end();
      const [code] = await once(child, "exit");
      assert.equal(code, 0);
    } finally {
      clearTimeout(killer);
      child.kill("SIGKILL");
    }
  });

  it("names the file to watch when the command holds none, and does not go with --json", () => {
    const noFile = spawnSync(
      process.execPath,
      [BIN, "verify", "tcp-echo", "--watch", "--", "python3", "-c", "pass", "{port}"],
      { env: cliEnv(), encoding: "utf8" },
    );
    assert.equal(noFile.status, 2);
    assert.match(noFile.stderr, /--watch: .*--watch <path>/);
    assert.equal(noFile.stderr.trim().split("\n").length, 1);
    const json = spawnSync(
      process.execPath,
      [BIN, "verify", "tcp-echo", "--watch", "--json", "--", "python3", REFERENCE, "{port}"],
      { env: cliEnv(), encoding: "utf8" },
    );
    assert.equal(json.status, 2);
    assert.match(json.stderr, /--watch .*--json/);
  });
});

// ── in tmux ─────────────────────────────────────────────────────────────────

const hasTmux = spawnSync("tmux", ["-V"]).status === 0;
/** A tmux server of this test process only: the user's own sessions are never touched. */
const SOCKET = `sockstep-watch-test-${process.pid}`;

function tmux(...args: string[]): string {
  return execFileSync("tmux", ["-L", SOCKET, ...args], { encoding: "utf8", env: cliEnv() });
}

describe("sockstep verify --watch in a terminal (tmux)", {
  skip: !hasTmux && "tmux is not installed",
}, () => {
  after(() => {
    if (hasTmux) spawnSync("tmux", ["-L", SOCKET, "kill-server"]);
  });

  /** `verify --watch` on a 100×30 terminal in its own folder; then the shell says its exit code and tty modes. */
  async function watching(t: { after(fn: () => void): void }, name: string) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "sockstep-watch-tty-"));
    t.after(() => fs.rmSync(work, { recursive: true, force: true }));
    fs.copyFileSync(REFERENCE, path.join(work, "server.py"));
    const command = [
      `cd '${work}'`,
      `env NO_COLOR=1 LANG=C SOCKSTEP_CONFIG_DIR='${work}/config' '${process.execPath}' '${BIN}' verify tcp-echo --watch -- python3 server.py '{port}'`,
      "echo EXIT=$?",
      "stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo",
      "sleep 60",
    ].join("; ");
    tmux("new-session", "-d", "-s", name, "-x", "100", "-y", "30", command);
    const screen = () => tmux("capture-pane", "-p", "-t", name);
    const until = async (re: RegExp, what: string) => {
      for (let i = 0; i < 600; i++) {
        if (re.test(screen())) return;
        await sleep(100);
      }
      assert.fail(`waited for ${what}; the screen:\n${screen()}`);
    };
    await until(
      /✓ 6\/6 checks passed · \d\d:\d\d:\d\d · watching server\.py — q to quit/,
      "the status",
    );
    return { screen, until, keys: (...keys: string[]) => tmux("send-keys", "-t", name, ...keys) };
  }

  it("offers q in its status line; q quits with 0 and gives the terminal back", async (t) => {
    if (!(await hasPython())) return t.skip("python3 not available");
    const term = await watching(t, "q");
    // The screen was cleared before the run: the verdict and the status are on it.
    assert.match(term.screen(), /✓ PASS · tcp-echo/);
    term.keys("q");
    // The shell prints the exit code, then the terminal's modes: wait for both.
    await term.until(/EXIT=0\n(?:.*\n)*?-?icanon -?echo/, "the exit and the modes");
    // Raw mode is undone: the shell after it has its line editing and echo back.
    assert.match(term.screen(), /^icanon echo\s*$/m);
  });

  it("Ctrl-C while it waits ends it with 130", async (t) => {
    if (!(await hasPython())) return t.skip("python3 not available");
    const term = await watching(t, "c");
    term.keys("C-c");
    // The shell prints the exit code, then the terminal's modes: wait for both.
    await term.until(/EXIT=130\n(?:.*\n)*?-?icanon -?echo/, "the exit and the modes");
    assert.match(term.screen(), /^icanon echo\s*$/m);
  });
});
