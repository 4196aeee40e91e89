import dgram from "node:dgram";
import net from "node:net";
import type { Locale, Params } from "../i18n/locale.js";
import type { Texts } from "../i18n/texts.js";
import type { Addr } from "../net/address.js";
import type { NetEnv } from "../net/env.js";
import { Interrupted, SockError } from "../net/env.js";
import { tcpRelay, udpRelay } from "../net/relay.js";
import { TcpSocket } from "../net/tcp.js";
import { UdpSocket } from "../net/udp.js";
import type { Actor, Facts } from "../trace/events.js";
import {
  type LessonContext,
  LessonFailed,
  type LessonModule,
  type LessonOptions,
  type Question,
} from "./lesson.js";

/** How a run moves on between steps and asks questions; the terminal's side is injected (src/cli). */
export interface Pacing {
  /** Whether ask() puts questions to the student (step mode on a terminal). */
  asking: boolean;
  /**
   * Steps before this one (1-based) run without a pause and without their
   * question (--from-step); 1 or absent: every step pauses.
   */
  startAt?: number;
  /**
   * Called before every step after the first that pauses; resolves when the
   * student wants to go on: the next step, or a jump forward to a later one
   * (the steps in between then run without a pause or a question).
   */
  beforeStep(signal: AbortSignal, next?: { index: number; total: number }): Promise<StepGo>;
  /** Asks a question, or resolves null when questions are off (--auto, --json). */
  ask(question: Question, signal: AbortSignal): Promise<{ chosen: number; right: boolean } | null>;
}

/** What the student chose at a pause. */
export type StepGo = "next" | "quit" | { jump: number };

/** Never pauses, never asks: --auto, --json, --serve, verify. */
export const NO_PACING: Pacing = {
  asking: false,
  beforeStep: async () => "next",
  ask: async () => null,
};

const DEFAULT_NAMES: Record<Actor, string> = {
  client: "clientSocket",
  server: "serverSocket",
  network: "relaySocket",
  lesson: "socket",
};

/** The flat facts of a note: what the sentence quotes, as the trace keeps them. */
function factsOf(params: Params | undefined): Facts | undefined {
  if (!params) return undefined;
  const facts: Facts = {};
  for (const [k, v] of Object.entries(params)) facts[k] = v ?? null;
  return facts;
}

export function createContext(env: NetEnv, texts: Texts, opts: LessonOptions): LessonContext {
  const ctx: LessonContext = {
    locale: texts.locale,
    opts,
    signal: env.signal,
    env,
    track: env.track,
    now: () => env.tracer.now(),
    udp: (actor, name) => new UdpSocket(env, actor, name ?? DEFAULT_NAMES[actor]),
    tcp: (actor, name) => new TcpSocket(env, actor, name ?? DEFAULT_NAMES[actor]),
    udpRelay: (target: Addr, loss: number | "first") =>
      udpRelay(
        env,
        loss === "first"
          ? { target, host: opts.host, drop: (n) => n === 1 }
          : { target, host: opts.host, lossPercent: loss },
      ),
    tcpRelay: (target: Addr, rttMs: number) => tcpRelay(env, { target, host: opts.host, rttMs }),
    reservePort: (host) => reservePort(host),
    say: (key: string, params?: Params) => texts.of(key, params),
    sayEngine: texts.say,
    note(key: string, params?: Params, actor: Actor = "lesson") {
      const facts = factsOf(params);
      env.tracer.emit({ kind: "note", actor, key, ...(facts ? { facts } : {}) });
    },
    measure(name, label, value, unit, model, facts) {
      env.tracer.emit({
        kind: "measure",
        actor: "lesson",
        name,
        label,
        value,
        unit,
        ...(model !== undefined ? { model } : {}),
        ...(facts ? { facts } : {}),
      });
    },
    chart(groups) {
      env.tracer.emit({ kind: "chart", actor: "lesson", chart: "timeline", groups });
    },
    explain: (err) =>
      err instanceof SockError
        ? texts.of(err.key, err.facts)
        : err instanceof Error
          ? err.message
          : String(err),
    fail(reason) {
      throw new LessonFailed(reason);
    },
    replaySteps: async () => {
      throw new Error("replaySteps() is for --connect");
    },
  } as LessonContext;
  return ctx;
}

/** A predict or quiz answer as a note: right or not, and why. */
function answerNote(
  env: NetEnv,
  texts: Texts,
  key: string,
  question: Question,
  /** In the question's source indices; `second`: the try after a hint (src/runtime/questions.ts). */
  answer: { chosen: number; right: boolean; second?: { chosen: number; right: boolean } },
): void {
  const locale: Locale = texts.locale;
  const second = answer.second;
  const verdict = answer.right
    ? texts.say("run.predict.right")
    : second?.right
      ? texts.say("run.predict.second")
      : texts.say("run.predict.wrong", { answer: question.choices[question.answer]![locale] });
  env.tracer.emit({
    kind: "note",
    actor: "lesson",
    key,
    text: `${verdict} ${question.explain[locale]}`,
    facts: {
      right: answer.right,
      chosen: answer.chosen,
      answer: question.answer,
      ...(second ? { second: second.chosen, secondRight: second.right } : {}),
    },
  });
}

/** A lecture line with its `{py.*}` comment worded in the user's language. */
function pyLine(line: string, texts: Texts): string {
  return line.replace(/\{(py\.[\w-]+)\}/g, (_, key: string) => texts.of(key));
}

/**
 * The replay: the lesson's steps in order, each after the student's go-ahead
 * and its predict question, each announced by a `step` event. The lesson's
 * finish() runs on every path out.
 */
export async function runSteps(
  lesson: LessonModule,
  ctx: LessonContext,
  texts: Texts,
  pacing: Pacing,
): Promise<Question[]> {
  // init() runs under the first step's title: a lesson's setup is part of that step, never above it.
  let state: unknown;
  let made = false;
  const prepare = async () => {
    if (!made) {
      state = await lesson.init(ctx);
      made = true;
    }
    return state;
  };
  try {
    await stepsWith(lesson, ctx, texts, pacing, prepare);
    return questionsFromRun(lesson, ctx, await prepare());
  } finally {
    if (made) await lesson.finish?.(ctx, state);
  }
}

/**
 * The lesson's questions about this run's numbers (quiz.fromRun), read from
 * the state the steps left, before finish() closes anything. A question the
 * run cannot support (a value missing, two choices alike) is left out, never
 * asked wrong; the lesson itself went as designed either way.
 */
function questionsFromRun(lesson: LessonModule, ctx: LessonContext, state: unknown): Question[] {
  if (!lesson.quiz.fromRun) return [];
  let questions: Question[];
  try {
    questions = lesson.quiz.fromRun(state, ctx.opts);
  } catch {
    // A state the steps left incomplete (an early failure path): no question, not a crash.
    return [];
  }
  return questions.filter((q) => {
    const shown = q.choices.map((c) => c[ctx.locale]);
    return (
      shown.length >= 2 &&
      new Set(shown).size === shown.length &&
      Number.isInteger(q.answer) &&
      q.answer >= 0 &&
      q.answer < shown.length
    );
  });
}

/** Each step in order with `state`: the replay's, and --connect's where a lesson replays its steps against a target. */
export async function stepsWith(
  lesson: LessonModule,
  ctx: LessonContext,
  texts: Texts,
  pacing: Pacing,
  /** The state the steps share, made when the first step runs. */
  prepare: () => Promise<unknown>,
): Promise<void> {
  const env = ctx.env;
  const total = lesson.steps.length;
  /** Steps up to this index run without a pause or a question (--from-step, a jump forward). */
  let quietThrough = Math.min(total, Math.max(1, pacing.startAt ?? 1)) - 1;
  for (const [i, step] of lesson.steps.entries()) {
    const index = i + 1;
    // No pause inside a run of quiet steps, nor before the step they lead to.
    if (i > 0 && index > quietThrough + 1) {
      const go = await pacing.beforeStep(env.signal, { index, total });
      if (go === "quit") throw new Interrupted();
      if (typeof go === "object") quietThrough = Math.min(total, go.jump) - 1;
    }
    if (env.signal.aborted) throw new Interrupted();
    // The title comes first (a step's screen starts with it), then its question.
    env.tracer.emit({
      kind: "step",
      actor: "lesson",
      id: step.id,
      index,
      total,
      title: texts.of(`step.${step.id}`),
      ...(step.py ? { py: step.py.map((line) => pyLine(line, texts)) } : {}),
    });
    const question = index > quietThrough ? lesson.quiz.predict[step.id] : undefined;
    const answer = question ? await pacing.ask(question, env.signal) : null;
    await step.run(ctx, await prepare());
    if (question && answer) answerNote(env, texts, `predict.${question.id}`, question, answer);
  }
}

/**
 * The end-of-lesson quiz, after the last step: the questions about this
 * run's numbers (`fromRun`, from runSteps), then quiz.final; each question,
 * then at once whether it was right and why (after a wrong choice, a hint
 * and maybe one more try first: the pacing does that). The score counts
 * answers right at the first try. Resolves with the score, or null when
 * questions are off (--auto, --json, no terminal) or there are none.
 */
export async function finalQuiz(
  lesson: LessonModule,
  env: NetEnv,
  texts: Texts,
  pacing: Pacing,
  fromRun: readonly Question[] = [],
): Promise<{ score: number; total: number } | null> {
  const questions = [...fromRun, ...lesson.quiz.final];
  const total = questions.length;
  if (total === 0 || !pacing.asking) return null;
  env.tracer.emit({ kind: "note", actor: "lesson", key: "quiz.title", facts: { total } });
  let score = 0;
  for (const [i, question] of questions.entries()) {
    const numbered: Question = {
      ...question,
      prompt: {
        en: `${i + 1}/${total} · ${question.prompt.en}`,
        ko: `${i + 1}/${total} · ${question.prompt.ko}`,
      },
    };
    const answer = await pacing.ask(numbered, env.signal);
    if (!answer) return null;
    if (answer.right) score++;
    answerNote(env, texts, `quiz.${question.id}`, question, answer);
  }
  return { score, total };
}

/** Ask the kernel for a free port by binding a probe socket to port 0, then release it. */
export function reservePort(host: string, proto: "tcp" | "udp" = "tcp"): Promise<number> {
  return new Promise((resolve, reject) => {
    if (proto === "udp") {
      const s = dgram.createSocket("udp4");
      s.once("error", reject);
      s.bind(0, host, () => {
        const { port } = s.address();
        s.close(() => resolve(port));
      });
      return;
    }
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, host, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
