import type { Locale, Params, TextTable } from "../i18n/locale.js";
import type { Addr } from "../net/address.js";
import type { NetEnv } from "../net/env.js";
import type { Relay } from "../net/relay.js";
import type { TcpSocket } from "../net/tcp.js";
import type { UdpSocket } from "../net/udp.js";
import type { Actor } from "../trace/events.js";
import type { Tracer } from "../trace/tracer.js";

/** A string in every language sockstep speaks. */
export type Localized = Record<Locale, string>;

export interface Question {
  id: string;
  prompt: Localized;
  choices: Localized[];
  /** Index into choices. */
  answer: number;
  explain: Localized;
}

export interface Quiz {
  /** Asked in step mode just before the step with this id runs. */
  predict: Record<string, Question>;
  /** Asked at the end of the lesson. */
  final: Question[];
}

export interface LessonOptions {
  host: string;
  port: number;
  message?: string;
  /** Cache-Control: max-age a lesson's server sends, in seconds (--max-age). */
  maxAge?: number;
  lossPercent: number;
  rttMs: number;
}

export interface StepOptions {
  /** The lecture's Python lines this step stands for. */
  py?: string[];
}

/** What a lesson's code gets: sockets, narration, steps. It never prints. */
export interface LessonContext {
  locale: Locale;
  opts: LessonOptions;
  tracer: Tracer;
  signal: AbortSignal;
  env: NetEnv;
  udp(actor: Actor, name?: string): UdpSocket;
  tcp(actor: Actor, name?: string): TcpSocket;
  /** A lossy relay in front of `target`: random loss, or exactly the first datagram when lossPercent is "first". */
  udpRelay(target: Addr, lossPercent: number | "first"): Promise<Relay>;
  tcpRelay(target: Addr, rttMs: number): Promise<Relay>;
  /** A port that is free right now (the kernel picks it for a probe socket that is closed again). */
  reservePort(host: string): Promise<number>;
  /** The lesson's own sentence in the user's language. */
  say(key: string, params?: Params): string;
  /** A "why" note from the lesson (or a side), with the facts it quotes. */
  note(key: string, params?: Params, actor?: Actor): void;
  measure(name: string, label: string, value: number, unit: string, model?: number): void;
  step(id: string, opts: StepOptions, body: () => Promise<void>): Promise<void>;
  /** End the lesson as failed with a one-line reason. */
  fail(reason: string): never;
  /** Register something to close at the end of the run. */
  track: NetEnv["track"];
}

export interface LessonModule {
  text: TextTable<string>;
  /** Step ids in order (replay). */
  steps: readonly string[];
  quiz: Quiz;
  replay(ctx: LessonContext): Promise<void>;
  /** Only the server; returns when ctx.signal aborts. */
  serve(ctx: LessonContext): Promise<void>;
  /** Only the client, against `target` (the --connect argument). */
  connect(ctx: LessonContext, target: string): Promise<void>;
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
