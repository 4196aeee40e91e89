import dgram from "node:dgram";
import net from "node:net";
import type { Locale, Params, TextTable } from "../i18n/locale.js";
import { translator } from "../i18n/locale.js";
import type { Addr } from "../net/address.js";
import type { NetEnv } from "../net/env.js";
import { Interrupted } from "../net/env.js";
import { tcpRelay, udpRelay } from "../net/relay.js";
import { TcpSocket } from "../net/tcp.js";
import { UdpSocket } from "../net/udp.js";
import type { Actor } from "../trace/events.js";
import {
  type LessonContext,
  LessonFailed,
  type LessonModule,
  type LessonOptions,
  type Question,
} from "./lesson.js";

export interface Pacing {
  /** Whether ask() puts questions to the student (step mode on a terminal); unset means it may. */
  asking?: boolean;
  /** Called before every step after the first; resolves when the student wants to go on. */
  beforeStep(): Promise<"next" | "quit">;
  /** Asks a predict question, or resolves null when questions are off (--auto, --json). */
  ask(question: Question): Promise<{ chosen: number; right: boolean } | null>;
}

const DEFAULT_NAMES: Record<Actor, string> = {
  client: "clientSocket",
  server: "serverSocket",
  network: "relaySocket",
  lesson: "socket",
};

export function createContext(
  lesson: LessonModule,
  env: NetEnv,
  locale: Locale,
  opts: LessonOptions,
  pacing: Pacing,
): LessonContext {
  const say = translator(lesson.text as TextTable<string>, locale);
  let stepIndex = 0;
  const ctx: LessonContext = {
    locale,
    opts,
    tracer: env.tracer,
    signal: env.signal,
    env,
    track: env.track,
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
    say: (key: string, params?: Params) => say(key, params),
    note(key, params, actor = "lesson") {
      env.tracer.emit({
        kind: "note",
        actor,
        key,
        text: say(key, params),
        ...(params ? { facts: params as Record<string, string | number | boolean | null> } : {}),
      });
    },
    measure(name, label, value, unit, model) {
      env.tracer.emit({
        kind: "measure",
        actor: "lesson",
        name,
        label,
        value,
        unit,
        ...(model !== undefined ? { model } : {}),
      });
    },
    async step(id, stepOpts, body) {
      stepIndex++;
      if (stepIndex > 1 && (await pacing.beforeStep()) === "quit") throw new Interrupted();
      const question = lesson.quiz.predict[id];
      const answer = question ? await pacing.ask(question) : null;
      env.tracer.emit({
        kind: "step",
        actor: "lesson",
        id,
        index: stepIndex,
        total: lesson.steps.length,
        title: say(`step.${id}`),
        ...(stepOpts.py ? { py: stepOpts.py } : {}),
      });
      await body();
      if (question && answer) {
        const verdict = answer.right
          ? env.say("run.predict.right")
          : env.say("run.predict.wrong", { answer: question.choices[question.answer]![locale] });
        env.tracer.emit({
          kind: "note",
          actor: "lesson",
          key: `predict.${question.id}`,
          text: `${verdict} ${question.explain[locale]}`,
          facts: { right: answer.right },
        });
      }
    },
    fail(reason) {
      throw new LessonFailed(reason);
    },
  };
  return ctx;
}

/**
 * The end-of-lesson quiz (quiz.final), after the last step: each question,
 * then at once whether it was right and why. Resolves with the score, or
 * null when questions are off (--auto, --json, no terminal) or there are none.
 */
export async function finalQuiz(
  lesson: LessonModule,
  env: NetEnv,
  locale: Locale,
  pacing: Pacing,
): Promise<{ score: number; total: number } | null> {
  const questions = lesson.quiz.final;
  const total = questions.length;
  if (total === 0 || pacing.asking === false) return null;
  env.tracer.emit({
    kind: "note",
    actor: "lesson",
    key: "quiz.title",
    text: env.say("run.quiz.title", { total }),
  });
  let score = 0;
  for (const [i, question] of questions.entries()) {
    const numbered: Question = {
      ...question,
      prompt: {
        en: `${i + 1}/${total} · ${question.prompt.en}`,
        ko: `${i + 1}/${total} · ${question.prompt.ko}`,
      },
    };
    const answer = await pacing.ask(numbered);
    if (!answer) return null;
    if (answer.right) score++;
    const verdict = answer.right
      ? env.say("run.predict.right")
      : env.say("run.predict.wrong", { answer: question.choices[question.answer]![locale] });
    env.tracer.emit({
      kind: "note",
      actor: "lesson",
      key: `quiz.${question.id}`,
      text: `${verdict} ${question.explain[locale]}`,
      facts: { right: answer.right, chosen: answer.chosen, answer: question.answer },
    });
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
