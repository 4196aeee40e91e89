import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { LESSONS, loadLesson } from "../lessons/registry.js";
import { detectLocale, LOCALES, type TextTable } from "../src/i18n/locale.js";
import { messages } from "../src/i18n/messages.js";
import type { LessonModule, Localized, Question } from "../src/runtime/lesson.js";
import { ROOT } from "./helpers.js";

/** The {placeholders} a sentence uses: a translation must quote the same facts. */
function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
}

/** Every key in both languages, none empty, the same placeholders in each. */
function assertParity(table: TextTable<string>, where: string): void {
  const en = table.en;
  const ko = table.ko;
  assert.deepEqual(Object.keys(ko).sort(), Object.keys(en).sort(), `${where}: keys differ`);
  for (const key of Object.keys(en)) {
    for (const locale of LOCALES) {
      const text = table[locale][key];
      assert.equal(typeof text, "string", `${where} ${locale}.${key}`);
      assert.notEqual(text!.trim(), "", `${where}: ${locale}.${key} is empty`);
    }
    assert.deepEqual(
      placeholders(ko[key]!),
      placeholders(en[key]!),
      `${where}: ${key} quotes different facts in en and ko`,
    );
  }
}

function assertLocalized(value: Localized, where: string): void {
  for (const locale of LOCALES) {
    assert.equal(typeof value[locale], "string", `${where}.${locale}`);
    assert.notEqual(value[locale].trim(), "", `${where}.${locale} is empty`);
  }
}

function assertQuestion(q: Question, where: string): void {
  assertLocalized(q.prompt, `${where}.prompt`);
  assertLocalized(q.explain, `${where}.explain`);
  assert.ok(q.choices.length >= 2, `${where}: fewer than two choices`);
  for (const [i, c] of q.choices.entries()) assertLocalized(c, `${where}.choices[${i}]`);
  assert.ok(q.answer >= 0 && q.answer < q.choices.length, `${where}: answer out of range`);
  assert.ok(q.id.length > 0, `${where}: no id`);
}

describe("engine messages", () => {
  it("have the same keys, non-empty, with the same placeholders in en and ko", () => {
    assertParity(messages as unknown as TextTable<string>, "src/i18n/messages.ts");
  });
});

describe("lessons (every lesson in the registry)", () => {
  it("the registry's titles and summaries exist in both languages", () => {
    assert.ok(LESSONS.length > 0);
    const ids = new Set<string>();
    for (const meta of LESSONS) {
      assert.ok(!ids.has(meta.id), `duplicate lesson id ${meta.id}`);
      ids.add(meta.id);
      assertLocalized(meta.title, `${meta.id}.title`);
      assertLocalized(meta.summary, `${meta.id}.summary`);
    }
  });

  for (const meta of LESSONS) {
    it(`${meta.id}: text, steps and quiz in en and ko`, async (t) => {
      // A lesson listed while its folder is still being written is reported, not crashed on.
      if (!existsSync(path.join(ROOT, "lessons", meta.id, "lesson.ts"))) {
        t.skip(`lessons/${meta.id}/lesson.ts does not exist yet`);
        return;
      }
      const lesson: LessonModule = await loadLesson(meta.id);
      assertParity(lesson.text, `lessons/${meta.id}/text.ts`);
      const stepIds = lesson.steps.map((s) => s.id);
      for (const step of stepIds) {
        assert.ok(`step.${step}` in lesson.text.en, `${meta.id}: no title for step ${step}`);
      }
      for (const [stepId, q] of Object.entries(lesson.quiz.predict)) {
        assert.ok(stepIds.includes(stepId), `${meta.id}: predict question for no step ${stepId}`);
        assertQuestion(q!, `${meta.id}.quiz.predict.${stepId}`);
      }
      for (const [i, q] of lesson.quiz.final.entries()) {
        assertQuestion(q, `${meta.id}.quiz.final[${i}]`);
      }
      const qids = [...Object.values(lesson.quiz.predict), ...lesson.quiz.final].map((q) => q!.id);
      assert.equal(new Set(qids).size, qids.length, `${meta.id}: duplicate question ids`);
    });
  }
});

describe("detectLocale", () => {
  const none = {} as NodeJS.ProcessEnv;

  it("--lang wins over everything", () => {
    assert.equal(detectLocale("en", { SOCKSTEP_LANG: "ko", LC_ALL: "ko_KR.UTF-8" }), "en");
    assert.equal(detectLocale("ko", { SOCKSTEP_LANG: "en", LANG: "C" }), "ko");
  });

  it("then SOCKSTEP_LANG", () => {
    assert.equal(detectLocale(undefined, { SOCKSTEP_LANG: "ko", LC_ALL: "C" }), "ko");
    assert.equal(detectLocale(undefined, { SOCKSTEP_LANG: "EN", LANG: "ko_KR.UTF-8" }), "en");
  });

  it("then LC_ALL, then LC_MESSAGES, then LANG", () => {
    assert.equal(detectLocale(undefined, { LC_ALL: "ko_KR.UTF-8", LANG: "en_US.UTF-8" }), "ko");
    assert.equal(detectLocale(undefined, { LC_ALL: "C", LANG: "ko_KR.UTF-8" }), "en");
    assert.equal(detectLocale(undefined, { LC_MESSAGES: "ko_KR", LANG: "en_US" }), "ko");
    assert.equal(detectLocale(undefined, { LC_MESSAGES: "en_GB", LANG: "ko_KR" }), "en");
    assert.equal(detectLocale(undefined, { LANG: "ko_KR.UTF-8" }), "ko");
    assert.equal(detectLocale(undefined, { LANG: "ko" }), "ko");
  });

  it("C, POSIX and nothing at all mean English", () => {
    assert.equal(detectLocale(undefined, { LANG: "C" }), "en");
    assert.equal(detectLocale(undefined, { LC_ALL: "POSIX" }), "en");
    assert.equal(detectLocale(undefined, none), "en");
  });

  it("an empty variable is skipped, an unknown SOCKSTEP_LANG too", () => {
    assert.equal(detectLocale(undefined, { LC_ALL: "", LANG: "ko_KR.UTF-8" }), "ko");
    assert.equal(detectLocale(undefined, { SOCKSTEP_LANG: "fr", LANG: "ko_KR.UTF-8" }), "ko");
  });

  it("an unknown --lang value falls through to the environment", () => {
    assert.equal(detectLocale("fr", { LANG: "ko_KR.UTF-8" }), "ko");
  });
});
