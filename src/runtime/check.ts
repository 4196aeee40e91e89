import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LOCALES } from "../i18n/locale.js";
import { messages } from "../i18n/messages.js";
import type { Facts, TraceEvent } from "../trace/events.js";
import type { Tracer } from "../trace/tracer.js";
import type { LessonMeta, LessonModule, Question } from "./lesson.js";
import type { View } from "./session.js";
import { type Role, runVerify, type VerifyModule } from "./verify.js";

/**
 * `sockstep dev check`: what the compiler cannot see about a lesson. Each
 * function returns the problems it found, one line each; none means the
 * lesson keeps the contract.
 */

const holes = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

/** en and ko have the same keys, and each sentence quotes the same {facts} in both. */
export function checkTable(table: Record<string, Record<string, string>>, where: string): string[] {
  const problems: string[] = [];
  const keys = new Set(LOCALES.flatMap((l) => Object.keys(table[l] ?? {})));
  for (const key of keys) {
    for (const locale of LOCALES) {
      const text = table[locale]?.[key];
      if (text === undefined || text.trim() === "") {
        problems.push(`${where}: "${key}" has no ${locale} text`);
      }
    }
    const en = table.en?.[key];
    const ko = table.ko?.[key];
    if (en !== undefined && ko !== undefined && holes(en).join() !== holes(ko).join()) {
      problems.push(`${where}: "${key}" quotes {${holes(en)}} in en but {${holes(ko)}} in ko`);
    }
  }
  return problems;
}

function checkQuestion(q: Question, where: string): string[] {
  const problems: string[] = [];
  if (q.choices.length < 2) problems.push(`${where}: fewer than two choices`);
  if (!Number.isInteger(q.answer) || q.answer < 0 || q.answer >= q.choices.length) {
    problems.push(`${where}: answer ${q.answer} is not one of its ${q.choices.length} choices`);
  }
  for (const locale of LOCALES) {
    // The hint too: a wrong choice shows it before the answer (src/runtime/questions.ts).
    const texts = [q.prompt, q.explain, q.hint ?? { en: "", ko: "" }, ...q.choices].map(
      (t) => t[locale],
    );
    if (texts.some((t) => typeof t !== "string" || t.trim() === "")) {
      problems.push(`${where}: a prompt, choice, hint or explanation has no ${locale} text`);
    }
  }
  return problems;
}

/** Text keys the lesson's compiled code names as literals: say("…"), note("…"), and `{py.…}` comments. */
function usedKeys(folder: string): { key: string; file: string }[] {
  const used: { key: string; file: string }[] = [];
  for (const file of fs.readdirSync(folder)) {
    if (!file.endsWith(".js")) continue;
    const code = fs.readFileSync(path.join(folder, file), "utf8");
    const calls = code.matchAll(/\b(?:say|note)\(\s*"([\w.-]+)"/g);
    const pyComments = code.matchAll(/\{(py\.[\w-]+)\}/g);
    for (const m of [...calls, ...pyComments]) {
      used.push({ key: m[1]!, file });
    }
  }
  return used;
}

/** The lesson's metadata, steps, texts and questions agree with each other. */
export function checkLesson(
  meta: LessonMeta,
  lesson: LessonModule,
  verify: VerifyModule | undefined,
  folder: string | null,
): string[] {
  const id = meta.id;
  const problems: string[] = [];
  if (lesson.meta.id !== id)
    problems.push(`${id}: lesson.ts is defined with the meta of ${lesson.meta.id}`);
  for (const [name, spec] of Object.entries(meta.options)) {
    if (typeof spec === "object" && (spec.default < spec.min || spec.default > spec.max)) {
      problems.push(
        `${id}: option ${name} defaults to ${spec.default}, outside ${spec.min}–${spec.max}`,
      );
    }
  }
  problems.push(...checkTable(lesson.text, `${id}/text.ts`));
  const engine = messages.en as Record<string, string>;
  for (const key of Object.keys(lesson.text.en)) {
    // The lesson's table is looked up first: a lesson key would reword the engine's sentence.
    if (key in engine) problems.push(`${id}/text.ts: "${key}" is also an engine message`);
  }
  const ids = lesson.steps.map((s) => s.id);
  if (ids.length === 0) problems.push(`${id}: no steps`);
  for (const [i, step] of ids.entries()) {
    if (ids.indexOf(step) !== i) problems.push(`${id}: step "${step}" twice`);
    for (const locale of LOCALES) {
      if (!lesson.text[locale]?.[`step.${step}`]) {
        problems.push(`${id}: step "${step}" has no ${locale} title (step.${step})`);
      }
    }
  }
  for (const [step, q] of Object.entries(lesson.quiz.predict)) {
    if (!ids.includes(step)) problems.push(`${id}/quiz.ts: predict question for no step "${step}"`);
    if (q) problems.push(...checkQuestion(q, `${id}/quiz.ts predict.${step}`));
  }
  for (const [i, q] of lesson.quiz.final.entries()) {
    problems.push(...checkQuestion(q, `${id}/quiz.ts final[${i}]`));
  }
  const qids = [...Object.values(lesson.quiz.predict), ...lesson.quiz.final].map((q) => q?.id);
  for (const [i, q] of qids.entries()) {
    if (qids.indexOf(q) !== i) problems.push(`${id}/quiz.ts: question id "${q}" twice`);
  }
  const known = new Set([
    ...Object.keys(lesson.text.en),
    ...Object.keys(verify?.text.en ?? {}),
    ...Object.keys(engine),
  ]);
  if (verify) {
    problems.push(...checkTable(verify.text, `${id}/verify.ts`));
    const sentences = new Set([...Object.keys(verify.text.en), ...Object.keys(engine)]);
    for (const role of ["server", "client"] as const) {
      const checks = verify[role];
      // A failure points to a lesson step by id: one that is not there would point nowhere.
      const stepRefs: [string | undefined, string][] = [
        [checks?.exitStep, "exitStep"],
        ...(checks?.crashes ?? []).map((c): [string | undefined, string] => [c.step, "crash rule"]),
      ];
      for (const c of checks?.crashes ?? []) {
        if (!sentences.has(c.hint)) {
          problems.push(`${id}/verify.ts: ${role} crash rule's hint "${c.hint}" does not exist`);
        }
      }
      for (const check of checks?.steps ?? []) {
        if (!verify.text.en[`step.${check.id}`] && !lesson.text.en[`step.${check.id}`]) {
          problems.push(`${id}/verify.ts: ${role} check "${check.id}" has no title`);
        }
        stepRefs.push([check.teaches, `check "${check.id}"`]);
        for (const step of check.plan ?? []) {
          if (!sentences.has(step.key)) {
            problems.push(
              `${id}/verify.ts: ${role} check "${check.id}" plans "${step.key}", no sentence`,
            );
          }
        }
      }
      for (const [step, who] of stepRefs) {
        if (step !== undefined && !ids.includes(step)) {
          problems.push(
            `${id}/verify.ts: ${role} ${who} points to "${step}", not a step of the lesson`,
          );
        }
      }
    }
  }
  if (folder) {
    for (const { key, file } of usedKeys(folder)) {
      if (!known.has(key)) problems.push(`${id}/${file}: text key "${key}" does not exist`);
    }
  }
  return problems;
}

/** The folder a lesson's compiled code is in, from the URL of one of its modules. */
export function folderOf(moduleUrl: string): string {
  return path.dirname(fileURLToPath(moduleUrl));
}

/** A view that shows nothing and keeps what verify said, for its verdict. */
function quietView(seen: TraceEvent[]): View {
  return {
    attach: ({ tracer }: { tracer: Tracer }) => tracer.subscribe((e) => seen.push(e)),
    drain: async () => {},
    discard: () => {},
    release: () => {},
  };
}

/**
 * Run `verify` on the lesson's own reference programs (VerifyModule.reference,
 * `{ref}` standing for the reference folder): each must pass. Progress is not touched.
 */
export async function checkReferences(
  lesson: LessonModule,
  verify: VerifyModule,
  referenceFolder: string,
): Promise<{ role: Role; command: string; problem: string | null }[]> {
  const results: { role: Role; command: string; problem: string | null }[] = [];
  for (const role of ["server", "client"] as const) {
    const argv = verify.reference?.[role];
    if (!argv || !verify[role]) continue;
    const command = argv.map((a) => a.replaceAll("{ref}", referenceFolder));
    const seen: TraceEvent[] = [];
    const code = await runVerify(
      lesson,
      verify,
      {
        lessonId: lesson.meta.id,
        role,
        command,
        host: "127.0.0.1",
        timeoutMs: 10_000,
        // Not --json: the verdict is read from the events, nothing goes to stderr.
        json: false,
        locale: "en",
        record: false,
      },
      quietView(seen),
    );
    const verdict = seen.find((e) => e.kind === "verdict");
    const facts: Facts = verdict?.kind === "verdict" ? verdict.facts : {};
    const problem =
      code === 0
        ? null
        : `${lesson.meta.id}: the reference ${role} (${argv.join(" ")}) fails verify: ${
            verdict?.kind === "verdict" ? verdict.text : `exit ${code}`
          }${typeof facts.reason === "string" ? ` — ${facts.reason}` : ""}`;
    results.push({ role, command: argv.join(" "), problem });
  }
  return results;
}
