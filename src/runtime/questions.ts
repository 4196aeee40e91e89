import { randomInt } from "node:crypto";
import type { Texts } from "../i18n/texts.js";
import type { Tracer } from "../trace/tracer.js";
import type { Pacing } from "./context.js";
import type { Localized, Question } from "./lesson.js";

/**
 * Fair questions: each run shows a question's choices in its own order, so
 * "the second one" is never a strategy; `--seed` makes that order the same
 * in every run (tests, a lecturer who wants the class to see one screen).
 */

/** A number every run draws when --seed does not give one. */
export function runSeed(seed?: number): number {
  return seed === undefined ? randomInt(0, 2 ** 32) : seed >>> 0;
}

/** murmur3's finaliser: every input bit moves every output bit, so seeds 1, 2, 3… differ fully. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** One number per (seed, text): FNV-1a over the text, mixed with the seed. */
function mix(seed: number, text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return fmix(h ^ fmix(seed + 0x9e3779b9));
}

/** mulberry32: small, fast, and well spread even for neighbouring seeds. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A question as shown: its choices in a new order; `order[shown]` is the source index. */
export interface Shuffled {
  question: Question;
  order: number[];
}

/**
 * The choices of `question` in this run's order. The right one goes to
 * position (seed + a number of the question's id) mod n, so consecutive
 * seeds walk it through every position alike (seeds 1..100: 25 times each
 * of 4), and a random seed puts it anywhere with the same chance; the wrong
 * ones are shuffled around it (Fisher–Yates). The order depends on the run's
 * seed and the question's id only, not on which questions came before, so a
 * step shown again or jumped to asks the same.
 */
export function shuffleQuestion(question: Question, seed: number): Shuffled {
  const n = question.choices.length;
  const random = seededRandom(mix(seed, question.id));
  const wrong = question.choices.map((_, i) => i).filter((i) => i !== question.answer);
  for (let i = wrong.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [wrong[i], wrong[j]] = [wrong[j]!, wrong[i]!];
  }
  const at = ((seed % n) + (mix(0, question.id) % n)) % n;
  const order = [...wrong.slice(0, at), question.answer, ...wrong.slice(at)];
  return {
    question: {
      ...question,
      choices: order.map((i) => question.choices[i]!),
      answer: at,
    },
    order,
  };
}

/** An answer in source indices; `second` when a hint gave the student another try. */
export interface Answered {
  chosen: number;
  right: boolean;
  second?: { chosen: number; right: boolean };
}

/**
 * The pacing a lesson run uses: the terminal's, with every question shuffled
 * for this run, a hint after a wrong choice (and, with a choice left to
 * make, one more try without the wrong one), and the answer given back in
 * the source's indices, so the verdict and the trace name the same choice
 * whatever the order on the screen.
 */
export function questionPacing(
  inner: Pacing,
  opts: { seed: number; texts: Texts; tracer: Tracer },
): Pacing {
  const { texts, tracer } = opts;
  return {
    ...inner,
    async ask(question, signal): Promise<Answered | null> {
      const shown = shuffleQuestion(question, opts.seed);
      const first = await inner.ask(shown.question, signal);
      if (!first) return null;
      const chosen = shown.order[first.chosen]!;
      const right = chosen === question.answer;
      if (right) return { chosen, right };
      const left = shown.order.filter((i) => i !== chosen);
      const retry = left.length >= 2;
      const hint = question.hint[texts.locale];
      tracer.emit({
        kind: "note",
        actor: "lesson",
        key: `hint.${question.id}`,
        text: texts.say(retry ? "run.predict.hint" : "run.predict.hintOnly", { hint }),
        facts: { chosen },
      });
      if (!retry) return { chosen, right };
      const again = await inner.ask(
        {
          ...question,
          choices: left.map((i) => question.choices[i]!),
          answer: left.indexOf(question.answer),
        },
        signal,
      );
      if (!again) return { chosen, right };
      const second = left[again.chosen]!;
      return { chosen, right, second: { chosen: second, right: second === question.answer } };
    },
  };
}

/**
 * The pacing with the reader's time marked on the trace's clock: a pause
 * between steps and a question are the reader's, and a socket call whose
 * wait spans one leaves it out of its time (and says how much).
 */
export function pausePacing(inner: Pacing, tracer: Tracer): Pacing {
  return {
    ...inner,
    async beforeStep(signal, next) {
      const resume = tracer.pause();
      try {
        return await inner.beforeStep(signal, next);
      } finally {
        resume();
      }
    },
    async ask(question, signal) {
      const resume = tracer.pause();
      try {
        return await inner.ask(question, signal);
      } finally {
        resume();
      }
    },
  };
}

/**
 * The choices of a question about this run's numbers (quiz.fromRun): the
 * real value and the first `count - 1` wrong ones that differ from it and
 * from each other (as shown in English), so a coincidence of this run (a
 * --port equal to a distractor) never shows one value twice. Where the
 * right one stands follows from the value: no position is special.
 */
export function runChoices(
  right: Localized,
  wrong: readonly Localized[],
  count = 4,
): { choices: Localized[]; answer: number } {
  const seen = new Set([right.en]);
  const others: Localized[] = [];
  for (const w of wrong) {
    if (others.length >= count - 1 || seen.has(w.en)) continue;
    seen.add(w.en);
    others.push(w);
  }
  const answer = mix(0, right.en) % (others.length + 1);
  return { choices: [...others.slice(0, answer), right, ...others.slice(answer)], answer };
}

/** A number as a choice: the same in every language. */
export function numberChoice(value: number | string): Localized {
  return { en: String(value), ko: String(value) };
}
