import type { Say } from "../i18n/index.js";
import type { Locale, Params, TextTable } from "../i18n/locale.js";
import type { Addr } from "../net/address.js";
import type { NetEnv } from "../net/env.js";
import type { Relay } from "../net/relay.js";
import type { TcpSocket } from "../net/tcp.js";
import type { UdpSocket } from "../net/udp.js";
import type { Actor, Fact } from "../trace/events.js";

/**
 * The lesson contract. A lesson is two files of data and code:
 * - meta.ts: `{ id, proto, title, summary, options, connect } satisfies LessonMeta`, what
 *   the command line, the menu and `list` need (a type import only: nothing else is loaded);
 * - lesson.ts: `defineLesson(meta, { text, quiz, init, steps, serve, connect })`.
 * Step ids, totals, titles, help and option parsing all derive from these.
 */

/** A string in every language sockstep speaks. */
export type Localized = Record<Locale, string>;

/** A lesson's sentences: `{ en, ko }`, the same keys in both (en `as const`, ko `satisfies`). */
export type Table = Record<string, string>;

/** The {names} a sentence quotes (`{n|item|items}`, an English plural, quotes n). */
type Holes<S> = S extends `${string}{${infer P}}${infer R}`
  ? (P extends `${infer N}|${string}` ? N : P) | Holes<R>
  : never;

/** The facts a sentence needs: every {name} it quotes, and any others worth keeping in the trace. */
export type FactsOf<S> = { [P in Holes<S>]: Fact | undefined } & Params;

/** A key's facts argument: optional when its sentence quotes nothing. */
type FactArgs<S, Rest extends unknown[] = []> = [Holes<S>] extends [never]
  ? [facts?: Params, ...rest: Partial<Rest>]
  : [facts: FactsOf<S>, ...rest: Partial<Rest>];

/** `step.<id>` in a text table names a step: its title. */
export type StepIdOf<En> = {
  [K in keyof En]: K extends `step.${infer I}` ? I : never;
}[keyof En];

export interface Question {
  id: string;
  prompt: Localized;
  /**
   * In the order written; each run shows them shuffled (seeded by --seed), so
   * where the right one stands in the source says nothing. Spread the answers
   * over the positions anyway: a reader of the source should not learn "the
   * second one" either.
   */
  choices: Localized[];
  /** Index into choices (as written). */
  answer: number;
  /**
   * Shown after a wrong choice, before the answer: a nudge toward the reason,
   * never the answer itself. With three or more choices the student then
   * gets one more try.
   */
  hint: Localized;
  explain: Localized;
}

export interface Quiz<StepId extends string = string, State = unknown> {
  /** Asked in step mode just before the step with this id runs. */
  predict: Partial<Record<StepId, Question>>;
  /** Asked at the end of the lesson. */
  final: Question[];
  /**
   * End-of-lesson questions about this run's own numbers ("which port did the
   * kernel give the client?"), built from the steps' state after the last
   * step and asked before `final`. The right choice is the real value, the
   * others plausible wrong ones. Declare `State` as just what it reads.
   */
  fromRun?(state: State, opts: LessonOptions): Question[];
}

/** A number option a lesson takes: its default when not given, and the range it accepts. */
export interface NumberOption {
  default: number;
  min: number;
  max: number;
}

/** Which of the lesson options a lesson takes (--port, --host, --message… are common to all). */
export interface OptionSpecs {
  /** --rtt <ms>: the emulator's round-trip time. */
  rtt?: NumberOption;
  /** --loss <percent>: datagram loss in the emulator. */
  loss?: NumberOption;
  /** --max-age <s>: Cache-Control max-age the server sends. */
  maxAge?: NumberOption;
  /** --message <text>: what the client sends. */
  message?: true;
  /** --backlog <n>: the --serve server's listen() backlog (a lesson that teaches listen()). */
  backlog?: NumberOption;
}

/** What `--connect` takes: host:port (socket lessons) or an http:// URL (HTTP lessons). */
export type TargetKind = "hostport" | "url";

/** Where `--connect` points, parsed once for every lesson. */
export interface ConnectTarget {
  host: string;
  port: number;
  /** The request target of a URL ("/" when none); "" for host:port. */
  path: string;
  /** As the user typed it. */
  text: string;
}

export interface LessonMeta {
  id: string;
  proto: "udp" | "tcp" | "http";
  title: Localized;
  summary: Localized;
  options: OptionSpecs;
  connect: TargetKind;
}

export interface LessonOptions {
  host: string;
  port: number;
  message?: string;
  /** Cache-Control: max-age a lesson's server sends, in seconds (--max-age). */
  maxAge?: number;
  lossPercent: number;
  rttMs: number;
  /** listen() backlog of the --serve server (--backlog), where the lesson takes it. */
  backlog?: number;
}

/** What a lesson's code gets: sockets, narration, the run's options. It never prints. */
export interface LessonContext<En extends Table = Table> {
  locale: Locale;
  opts: LessonOptions;
  signal: AbortSignal;
  env: NetEnv;
  /** Milliseconds since the run started, on the trace's clock. */
  now(): number;
  udp(actor: Actor, name?: string): UdpSocket;
  tcp(actor: Actor, name?: string): TcpSocket;
  /** A lossy relay in front of `target`: random loss, or exactly the first datagram when lossPercent is "first". */
  udpRelay(target: Addr, lossPercent: number | "first"): Promise<Relay>;
  tcpRelay(target: Addr, rttMs: number): Promise<Relay>;
  /** A port that is free right now (the kernel picks it for a probe socket that is closed again). */
  reservePort(host: string): Promise<number>;
  /** The lesson's own sentence in the user's language. */
  say<K extends keyof En & string>(key: K, ...facts: FactArgs<En[K]>): string;
  /** One of the engine's own sentences (src/i18n/messages.ts), e.g. why HTTP keeps a connection. */
  sayEngine: Say;
  /** A "why" note from the lesson (or a side), with the facts it quotes. */
  note<K extends keyof En & string>(key: K, ...args: FactArgs<En[K], [actor: Actor]>): void;
  measure(
    name: string,
    label: string,
    value: number,
    unit: string,
    model?: number,
    facts?: Record<string, Fact>,
  ): void;
  /** Draw the timeline chart of these measures, in this order. */
  chart(groups: string[]): void;
  /** A socket error's meaning in the user's language (its error event already narrated it). */
  explain(err: unknown): string;
  /** End the lesson as failed with a one-line reason. */
  fail(reason: string): never;
  /**
   * In --connect: run the replay's steps (titles, pauses, questions) with this
   * state, when the client's part of the lesson is the steps themselves.
   */
  replaySteps(state: unknown): Promise<void>;
  /** Register something to close at the end of the run. */
  track: NetEnv["track"];
}

/** One step of the replay: its id (titled by `step.<id>`), the lecture's lines, and what it does. */
export interface Step<En extends Table, State> {
  id: StepIdOf<En>;
  /**
   * The lecture's Python lines this step stands for. A comment may be a
   * sentence of the lesson's table: `# {py.clientAddr}` is shown in the user's language.
   */
  py?: string[];
  /**
   * The header fields this step is about (`["Set-Cookie", "Cookie"]`): the
   * compact ladder draws only these under an HTTP arrow; --detail full draws all.
   */
  headers?: readonly string[];
  run(ctx: LessonContext<En>, state: State): Promise<void>;
}

export interface LessonParts<En extends Table, State> {
  text: { en: En; ko: Record<keyof En, string> };
  quiz: Quiz<StepIdOf<En>, NoInfer<State>>;
  /** The replay's shared state, made before the first step (sockets the steps pass along). */
  init(ctx: LessonContext<En>): State | Promise<State>;
  steps: readonly Step<En, State>[];
  /** After the last step: close what the steps left open (runs on every path). */
  finish?(ctx: LessonContext<En>, state: State): Promise<void>;
  /** Only the server; returns when ctx.signal aborts. */
  serve(ctx: LessonContext<En>): Promise<void>;
  /** Only the client, against the --connect target. */
  connect(ctx: LessonContext<En>, target: ConnectTarget): Promise<void>;
}

/** A lesson as the runtime sees it: the same parts with the types erased. */
export interface LessonModule {
  meta: LessonMeta;
  text: TextTable<string>;
  quiz: Quiz;
  init(ctx: LessonContext): unknown;
  steps: readonly {
    id: string;
    py?: string[];
    headers?: readonly string[];
    run(ctx: LessonContext, state: unknown): Promise<void>;
  }[];
  finish?(ctx: LessonContext, state: unknown): Promise<void>;
  serve(ctx: LessonContext): Promise<void>;
  connect(ctx: LessonContext, target: ConnectTarget): Promise<void>;
}

export function defineLesson<En extends Table, State>(
  meta: LessonMeta,
  parts: LessonParts<En, State>,
): LessonModule {
  return { meta, ...parts } as unknown as LessonModule;
}

/** The lesson did not go as designed; the run ends with exit code 1 and this reason. */
export class LessonFailed extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "LessonFailed";
  }
}

/** Bad input from the user (a port in use, an unreachable server): one line, exit 1. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }
}
