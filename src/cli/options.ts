import type { CliSay } from "../i18n/cli-messages.js";
import type { Locale } from "../i18n/locale.js";
import { parseAddr } from "../net/address.js";
import type { ConnectTarget, LessonMeta, NumberOption, TargetKind } from "../runtime/lesson.js";
import type { RunOptions } from "../runtime/run.js";
import { terminalWidth, type ViewOptions, wantsColor } from "./screen.js";

/** The flags of `sockstep <lesson>` as commander hands them over. */
export interface LessonFlags {
  serve?: boolean;
  /** --follow <conn|ip|name>: the one client --serve narrates in full. */
  follow?: string;
  connect?: string;
  port?: string;
  host?: string;
  step?: boolean;
  auto?: boolean;
  delay?: string;
  json?: boolean;
  rtt?: string;
  loss?: string;
  message?: string;
  maxAge?: string;
  backlog?: string;
  color?: boolean;
  /** --from-step <n>: steps before n run without pausing (checked against the lesson's steps when it loads). */
  fromStep?: string;
  /** --seed <n>: the questions' choice order, the same in every run. */
  seed?: string;
  detail?: string;
  /** --record <file>: the trace as NDJSON into this file, for `sockstep render`. */
  record?: string;
}

/** A command line the user must fix: one line on stderr, exit 2 (or 1 where a lesson always said so). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 2,
  ) {
    super(message);
  }
}

export function usage(message: string): never {
  throw new UsageError(message);
}

export function numberOption(
  say: CliSay,
  name: string,
  value: string | undefined,
  range: { min: number; max: number; default: number },
): number {
  if (value === undefined) return range.default;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || n < range.min || n > range.max) {
    usage(say("cli.badNumber", { option: name, min: range.min, max: range.max, value }));
  }
  return n;
}

/** The lesson options, each with the flag that sets it: what a lesson may declare in its meta. */
const LESSON_OPTIONS = [
  { spec: "rtt", flag: "--rtt" },
  { spec: "loss", flag: "--loss" },
  { spec: "maxAge", flag: "--max-age" },
  { spec: "message", flag: "--message" },
  { spec: "backlog", flag: "--backlog" },
] as const;

/** The flags a lesson takes beyond the common ones, for help and for its error messages. */
export function lessonFlags(meta: LessonMeta): string[] {
  return LESSON_OPTIONS.filter((o) => meta.options[o.spec] !== undefined).map((o) => o.flag);
}

/** --connect as the lesson's kind of target wants it, or null when it is not one. */
export function parseTarget(kind: TargetKind, text: string): ConnectTarget | null {
  if (kind === "hostport") {
    try {
      const addr = parseAddr(text);
      return { host: addr.host, port: addr.port, path: "", text };
    } catch {
      return null;
    }
  }
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" || url.hostname === "") return null;
  return {
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port === "" ? 80 : Number(url.port),
    path: `${url.pathname || "/"}${url.search}`,
    text,
  };
}

/**
 * The one place a lesson run's options are built, for the command line and
 * the menu alike: each lesson option only where the lesson declares it, with
 * the lesson's default and range.
 */
export function buildRunOptions(
  say: CliSay,
  meta: LessonMeta,
  flags: LessonFlags,
  env: { locale: Locale; interactive: boolean; fromMenu?: boolean },
): RunOptions & ViewOptions & { fromStep?: number; record?: string } {
  const takes = lessonFlags(meta);
  for (const o of LESSON_OPTIONS) {
    if (flags[o.spec] !== undefined && !takes.includes(o.flag)) {
      usage(
        say(takes.length > 0 ? "cli.notTaken" : "cli.notTakenNone", {
          lesson: meta.id,
          option: o.flag,
          takes: takes.join(", "),
        }),
      );
    }
  }
  if (flags.serve && flags.connect) usage(say("cli.serveAndConnect"));
  // What only the --serve server uses is a usage error elsewhere, not silently ignored.
  for (const [option, given] of [
    ["--follow", flags.follow],
    ["--backlog", flags.backlog],
  ] as const) {
    if (given !== undefined && !flags.serve) usage(say("cli.serveOnly", { option }));
  }
  if (flags.follow !== undefined && flags.follow.trim() === "") {
    usage(say("cli.badFollow", { value: flags.follow }));
  }
  if (flags.step && flags.auto) usage(say("cli.stepAndAuto"));
  let target: ConnectTarget | undefined;
  if (flags.connect !== undefined) {
    const parsed = parseTarget(meta.connect, flags.connect);
    if (!parsed) {
      // A URL the lesson cannot use has always been the lesson's own failure (exit 1).
      if (meta.connect === "url") {
        throw new UsageError(say("cli.badUrl", { value: flags.connect }), 1);
      }
      usage(say("cli.badAddr", { value: flags.connect }));
    }
    target = parsed;
  }
  const json = flags.json === true;
  if (flags.detail !== undefined && flags.detail !== "compact" && flags.detail !== "full") {
    usage(say("cli.badDetail", { value: flags.detail }));
  }
  // A step number is whole; its upper bound is the lesson's step count, known once the lesson loads.
  if (flags.fromStep !== undefined && !/^[1-9]\d*$/.test(flags.fromStep)) {
    usage(say("cli.badNumber", { option: "--from-step", min: 1, max: 99, value: flags.fromStep }));
  }
  const zero: NumberOption = { default: 0, min: 0, max: 0 };
  const { rtt, loss, maxAge, backlog } = meta.options;
  return {
    lessonId: meta.id,
    mode: flags.serve ? "serve" : target ? "connect" : "replay",
    ...(target ? { target } : {}),
    host: flags.host ?? "127.0.0.1",
    port: numberOption(say, "--port", flags.port, { min: 0, max: 65535, default: 0 }),
    ...(flags.message !== undefined ? { message: flags.message } : {}),
    ...(maxAge ? { maxAge: numberOption(say, "--max-age", flags.maxAge, maxAge) } : {}),
    ...(backlog ? { backlog: numberOption(say, "--backlog", flags.backlog, backlog) } : {}),
    lossPercent: numberOption(say, "--loss", flags.loss, loss ?? zero),
    rttMs: numberOption(say, "--rtt", flags.rtt, rtt ?? zero),
    delayMs: numberOption(say, "--delay", flags.delay, { min: 0, max: 60000, default: 0 }),
    step: !json && !flags.auto && !flags.serve && (flags.step === true || env.interactive),
    json,
    locale: env.locale,
    color: !json && wantsColor(flags.color),
    width: terminalWidth(),
    detail: flags.detail === "full" ? "full" : "compact",
    ...(flags.follow !== undefined ? { follow: flags.follow.trim() } : {}),
    ...(env.fromMenu ? { fromMenu: true } : {}),
    ...(flags.seed !== undefined
      ? { seed: numberOption(say, "--seed", flags.seed, { min: 0, max: 4294967295, default: 0 }) }
      : {}),
    ...(flags.fromStep !== undefined ? { fromStep: Number(flags.fromStep) } : {}),
    ...(flags.record !== undefined ? { record: flags.record } : {}),
  };
}
