import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { ROOT, runCli, verdict } from "./helpers.js";
import {
  BROKEN,
  buildCommand,
  MATRIX,
  matrixTable,
  type Program,
  runCommand,
  TOOLCHAINS,
} from "./matrix.js";

/**
 * Every reference program of the language matrix passes `sockstep verify`,
 * every broken one fails the check it is meant to fail. Each program is
 * copied to a folder of its own, built there once with the command the README
 * shows, and verified from there. A missing toolchain skips its rows with the
 * reason; in CI it fails them, so the matrix cannot shrink unnoticed.
 */

const WORK = fs.mkdtempSync(path.join(os.tmpdir(), "sockstep-matrix-"));
after(() => fs.rmSync(WORK, { recursive: true, force: true }));

/** Go builds offline and leaves its cache in WORK, never in the user's home. */
const BUILD_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GOCACHE: path.join(WORK, "go-cache"),
  GOPATH: path.join(WORK, "go-path"),
  GOTOOLCHAIN: "local",
  GOPROXY: "off",
  GOFLAGS: "",
};

function onPath(tool: string): boolean {
  return (process.env.PATH ?? "").split(path.delimiter).some((dir) => {
    try {
      fs.accessSync(path.join(dir, tool), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Why a program's rows cannot run here, or null. */
function missingTool(p: Program): string | null {
  const missing = TOOLCHAINS[p.lang].tools.filter((t) => !onPath(t));
  return missing.length > 0 ? `${missing.join(", ")} not installed` : null;
}

async function run(argv: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd,
    env: BUILD_ENV,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (output += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (output += d));
  const [code] = (await once(child, "close")) as [number | null];
  return { code, output };
}

let folders = 0;

/** Copy the program into a folder of its own and build it there, as the README says. */
async function prepare(p: Program): Promise<string> {
  const dir = path.join(WORK, `${++folders}-${p.lesson}-${p.role}-${p.lang}`);
  fs.mkdirSync(dir);
  fs.copyFileSync(path.join(ROOT, p.path), path.join(dir, path.basename(p.path)));
  const build = buildCommand(p);
  if (build) {
    const r = await run(build, dir);
    assert.equal(r.code, 0, `${build.join(" ")} failed:\n${r.output}`);
  }
  return dir;
}

async function verifyProgram(p: Program) {
  const dir = await prepare(p);
  const r = await runCli(["verify", p.lesson, "--role", p.role, "--json", "--", ...runCommand(p)], {
    cwd: dir,
    timeoutMs: 120_000,
  });
  const v = verdict(r.events);
  assert.ok(v, `a verdict from ${p.path}:\n${r.stdout.slice(-2000)}\n${r.stderr}`);
  return { r, v };
}

const ROW_TIMEOUT = 180_000;

function rowOptions(p: Program) {
  const missing = missingTool(p);
  // Locally a missing toolchain skips with its reason; CI must have every one.
  return { timeout: ROW_TIMEOUT, skip: missing !== null && !process.env.CI ? missing : false };
}

function requireTools(p: Program): void {
  const missing = missingTool(p);
  if (missing) assert.fail(`${missing}: .ci/run installs it`);
}

const label = (p: Program) => `${p.lesson} ${p.role} ${TOOLCHAINS[p.lang].name}: ${p.path}`;

describe("the language matrix passes verify", { concurrency: 2 }, () => {
  for (const p of MATRIX) {
    it(label(p), rowOptions(p), async () => {
      requireTools(p);
      const { r, v } = await verifyProgram(p);
      assert.equal(
        v.ok,
        true,
        `check ${v.facts.check}: ${v.facts.reason}\nexpected ${v.facts.expected}\ngot ${v.facts.got}\n${r.stderr}`,
      );
      assert.equal(r.code, 0);
    });
  }
});

describe("broken programs fail the check they break", { concurrency: 2 }, () => {
  for (const p of BROKEN) {
    it(`${label(p)} (${p.mistake}) fails ${p.fails}`, rowOptions(p), async () => {
      requireTools(p);
      const { r, v } = await verifyProgram(p);
      assert.equal(v.ok, false, `${p.path} passed`);
      assert.equal(v.key, "verify.fail");
      assert.equal(v.facts.check, p.fails, `failed ${v.facts.check}: ${v.facts.reason}`);
      assert.equal(r.code, 1);
    });
  }
});

describe("the README's matrix", () => {
  it("is the table the matrix draws", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    assert.ok(readme.includes(`${matrixTable()}\n`), `README.md lacks:\n${matrixTable()}`);
  });

  it("names every reference program and broken program that exists", () => {
    for (const p of [...MATRIX, ...BROKEN]) {
      assert.ok(fs.existsSync(path.join(ROOT, p.path)), p.path);
    }
  });
});
