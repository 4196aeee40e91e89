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
  /** Called before every step after the first; resolves when the student wants to go on. */
  beforeStep(signal: AbortSignal): Promise<"next" | "quit">;
  /** Asks a question, or resolves null when questions are off (--auto, --json). */
  ask(question: Question, signal: AbortSignal): Promise<{ chosen: number; right: boolean } | null>;
}

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
  answer: { chosen: number; right: boolean },
): void {
  const locale: Locale = texts.locale;
  const verdict = answer.right
    ? texts.say("run.predict.right")
    : texts.say("run.predict.wrong", { answer: question.choices[question.answer]![locale] });
  env.tracer.emit({
    kind: "note",
    actor: "lesson",
    key,
    text: `${verdict} ${question.explain[locale]}`,
    facts: { right: answer.right, chosen: answer.chosen, answer: question.answer },
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
): Promise<void> {
  const state = await lesson.init(ctx);
  try {
    await stepsWith(lesson, ctx, texts, pacing, state);
  } finally {
    await lesson.finish?.(ctx, state);
  }
}

/** Each step in order with `state`: the replay's, and --connect's where a lesson replays its steps against a target. */
export async function stepsWith(
  lesson: LessonModule,
  ctx: LessonContext,
  texts: Texts,
  pacing: Pacing,
  state: unknown,
): Promise<void> {
  const env = ctx.env;
  const total = lesson.steps.length;
  for (const [i, step] of lesson.steps.entries()) {
    if (i > 0 && (await pacing.beforeStep(env.signal)) === "quit") throw new Interrupted();
    if (env.signal.aborted) throw new Interrupted();
    const question = lesson.quiz.predict[step.id];
    const answer = question ? await pacing.ask(question, env.signal) : null;
    env.tracer.emit({
      kind: "step",
      actor: "lesson",
      id: step.id,
      index: i + 1,
      total,
      title: texts.of(`step.${step.id}`),
      ...(step.py ? { py: step.py.map((line) => pyLine(line, texts)) } : {}),
    });
    await step.run(ctx, state);
    if (question && answer) answerNote(env, texts, `predict.${question.id}`, question, answer);
  }
}

/**
 * The end-of-lesson quiz (quiz.final), after the last step: each question,
 * then at once whether it was right and why. Resolves with the score, or
 * null when questions are off (--auto, --json, no terminal) or there are none.
 */
export async function finalQuiz(
  lesson: LessonModule,
  env: NetEnv,
  texts: Texts,
  pacing: Pacing,
): Promise<{ score: number; total: number } | null> {
  const questions = lesson.quiz.final;
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
