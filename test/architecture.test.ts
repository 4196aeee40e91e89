import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { ROOT } from "./helpers.js";

/**
 * The import graph of src/ and lessons/, read from the sources: static
 * imports, `import type`, and dynamic `import()` (a template such as
 * `./${id}/lesson.js` stands for that file in every lesson folder).
 */
type Graph = Map<string, Set<string>>;

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "reference") out.push(...sources(rel));
    } else if (entry.name.endsWith(".ts")) out.push(rel);
  }
  return out;
}

function graph(): Graph {
  const files = [...sources("src"), ...sources("lessons")];
  const known = new Set(files);
  const lessonDirs = fs
    .readdirSync(path.join(ROOT, "lessons"), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  const g: Graph = new Map();
  for (const file of files) {
    const code = fs.readFileSync(path.join(ROOT, file), "utf8");
    const edges = new Set<string>();
    const specs = [
      ...code.matchAll(/^\s*(?:import|export)\s[^"'`;]*?from\s*["']([^"']+)["']/gm),
      ...code.matchAll(/\bimport\(\s*["'`]([^"'`]+)["'`]\s*\)/g),
    ].map((m) => m[1]!);
    for (const spec of specs) {
      if (!spec.startsWith(".")) {
        edges.add(`pkg:${spec}`);
        continue;
      }
      const targets = spec.includes("${")
        ? lessonDirs.map((d) => spec.replace(/\$\{[^}]+\}/, d))
        : [spec];
      for (const t of targets) {
        const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), t));
        const ts = resolved.replace(/\.js$/, ".ts");
        if (known.has(ts)) edges.add(ts);
      }
    }
    g.set(file, edges);
  }
  return g;
}

function cycle(g: Graph): string[] | null {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (n: string): string[] | null => {
    state.set(n, "open");
    stack.push(n);
    for (const m of g.get(n) ?? []) {
      if (!g.has(m)) continue;
      if (state.get(m) === "open") return [...stack.slice(stack.indexOf(m)), m];
      if (!state.has(m)) {
        const found = visit(m);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(n, "done");
    return null;
  };
  for (const n of g.keys()) {
    if (!state.has(n)) {
      const found = visit(n);
      if (found) return found;
    }
  }
  return null;
}

const lessonOf = (file: string) => /^lessons\/([^/]+)\//.exec(file)?.[1];

describe("architecture: the import graph", () => {
  const g = graph();
  const arrows = [...g].flatMap(([from, tos]) => [...tos].map((to) => ({ from, to })));

  it("reads every source file", () => {
    assert.ok(g.size > 50, `only ${g.size} files`);
    assert.ok(g.get("lessons/registry.ts")?.has("lessons/udp-echo/lesson.ts"));
  });

  it("has no cycle, dynamic imports counted", () => {
    assert.equal(cycle(g)?.join(" → ") ?? null, null);
  });

  it("no lesson imports another lesson", () => {
    const bad = arrows.filter(
      (a) => lessonOf(a.from) && lessonOf(a.to) && lessonOf(a.from) !== lessonOf(a.to),
    );
    assert.deepEqual(bad, []);
  });

  it("src/runtime knows no lesson and no terminal", () => {
    const bad = arrows.filter(
      (a) =>
        a.from.startsWith("src/runtime/") &&
        (a.to.startsWith("lessons/") ||
          a.to.startsWith("src/cli/") ||
          a.to.startsWith("src/render/") ||
          /^pkg:(chalk|inquirer|ora|@inquirer)/.test(a.to)),
    );
    assert.deepEqual(bad, []);
  });

  it("src/net and src/http carry no prose: they never import src/i18n", () => {
    const bad = arrows.filter(
      (a) => /^src\/(net|http)\//.test(a.from) && a.to.startsWith("src/i18n/"),
    );
    assert.deepEqual(bad, []);
  });

  it("only src/cli and src/render touch the terminal's packages", () => {
    const bad = arrows.filter(
      (a) =>
        /^pkg:(chalk|inquirer|ora|@inquirer)/.test(a.to) && !/^src\/(cli|render)\//.test(a.from),
    );
    assert.deepEqual(bad, []);
  });

  it("the registry is the one place that imports lesson folders", () => {
    const bad = arrows.filter(
      (a) => lessonOf(a.to) && !lessonOf(a.from) && a.from !== "lessons/registry.ts",
    );
    assert.deepEqual(bad, []);
    const intoRegistry = arrows.filter(
      (a) => a.to === "lessons/registry.ts" && !a.from.startsWith("src/cli/"),
    );
    assert.deepEqual(intoRegistry, []);
  });

  it("lessons learn what happened from the API, not by reading the trace back", () => {
    const readers = [...g.keys()].filter(
      (f) =>
        f.startsWith("lessons/") &&
        /\btracer\.events\b/.test(fs.readFileSync(path.join(ROOT, f), "utf8")),
    );
    assert.deepEqual(readers, []);
  });
});
