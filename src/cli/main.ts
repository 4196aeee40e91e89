import { Command, CommanderError, Help } from "commander";
import { findLesson, LESSONS } from "../../lessons/registry.js";
import { engineSay, type Say } from "../i18n/index.js";
import { detectLocale, isLocale, type Locale } from "../i18n/locale.js";
import { parseAddr } from "../net/address.js";
import { EXIT_CODES } from "../runtime/exit.js";
import { nearest } from "./suggest.js";

interface LessonFlags {
  serve?: boolean;
  connect?: string;
  port?: string;
  host?: string;
  step?: boolean;
  auto?: boolean;
  delay?: string;
  json?: boolean;
  lang?: string;
  rtt?: string;
  loss?: string;
  message?: string;
  maxAge?: string;
  color?: boolean;
}

interface VerifyFlags {
  role?: string;
  timeout?: string;
  json?: boolean;
  lang?: string;
  color?: boolean;
}

/** The commands besides lessons, for "did you mean". */
const COMMANDS = ["list", "verify", "progress", "reset"];

/** The locale is needed before commander parses (the help text is translated). */
function localeFromArgv(argv: string[]): Locale {
  const i = argv.findIndex((a) => a === "--lang" || a.startsWith("--lang="));
  const value = i < 0 ? undefined : argv[i]!.includes("=") ? argv[i]!.split("=")[1] : argv[i + 1];
  return detectLocale(value && isLocale(value) ? value : undefined);
}

class UsageError extends Error {}

function usage(message: string): never {
  throw new UsageError(message);
}

function numberOption(
  say: Say,
  name: string,
  value: string | undefined,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || n < min || n > max) {
    usage(say("cli.badNumber", { option: name, min, max, value }));
  }
  return n;
}

function buildProgram(say: Say): Command {
  const program = new Command("sockstep")
    .description(say("cli.description"))
    .argument("[lesson]", say("cli.arg.lesson"))
    .option("--serve", say("cli.opt.serve"))
    .option("--connect <addr>", say("cli.opt.connect"))
    .option("--port <n>", say("cli.opt.port"))
    .option("--host <addr>", say("cli.opt.host"))
    .option("--step", say("cli.opt.step"))
    .option("--auto", say("cli.opt.auto"))
    .option("--delay <ms>", say("cli.opt.delay"))
    .option("--json", say("cli.opt.json"))
    .option("--lang <en|ko>", say("cli.opt.lang"))
    .option("--rtt <ms>", say("cli.opt.rtt"))
    .option("--loss <percent>", say("cli.opt.loss"))
    .option("--message <text>", say("cli.opt.message"))
    .option("--max-age <s>", say("cli.opt.maxAge"))
    .option("--no-color", say("cli.opt.noColor"))
    .helpOption("-h, --help", say("cli.opt.help"))
    .helpCommand(false)
    .addHelpText("after", () => lessonsHelp(say, localeFromArgv(process.argv)))
    .configureHelp({
      formatHelp: (cmd, helper) =>
        Help.prototype.formatHelp
          .call(helper, cmd, helper)
          .replace(/^Usage:/m, say("cli.help.usage"))
          .replace(/^Arguments:/m, say("cli.help.arguments"))
          .replace(/^Options:/m, say("cli.help.options"))
          .replace(/^Commands:/m, say("cli.help.commands")),
    })
    .enablePositionalOptions()
    .showSuggestionAfterError(false)
    .exitOverride()
    .configureOutput({ writeErr: () => {}, outputError: () => {} });
  program
    .command("list")
    .description(say("cli.cmd.list"))
    .option("--json", say("cli.opt.listJson"))
    .option("--lang <en|ko>", say("cli.opt.lang"))
    .action(async (flags: { json?: boolean }) => {
      const { listCommand } = await import("./list.js");
      listCommand(say, localeFromArgv(process.argv), flags);
    });
  program
    .command("verify")
    .description(say("cli.cmd.verify"))
    .argument("[lesson]", say("cli.arg.verifyLesson"))
    .argument("[command...]", say("cli.arg.command"))
    .option("--role <server|client>", say("cli.opt.role"))
    .option("--timeout <s>", say("cli.opt.timeout"))
    .option("--json", say("cli.opt.verifyJson"))
    .option("--lang <en|ko>", say("cli.opt.lang"))
    .option("--no-color", say("cli.opt.noColor"))
    .action(async (lesson: string | undefined, command: string[], flags: VerifyFlags) => {
      process.exitCode = await verifyAction(say, lesson, command, flags);
    });
  program
    .command("progress")
    .description(say("cli.cmd.progress"))
    .option("--json", say("cli.opt.listJson"))
    .option("--lang <en|ko>", say("cli.opt.lang"))
    .action(async (flags: { json?: boolean }) => {
      const { progressCommand } = await import("./progress.js");
      process.exitCode = progressCommand(say, localeFromArgv(process.argv), flags);
    });
  program
    .command("reset")
    .description(say("cli.cmd.reset"))
    .argument("[lesson]", say("cli.arg.resetLesson"))
    .option("--yes", say("cli.opt.yes"))
    .option("--lang <en|ko>", say("cli.opt.lang"))
    .action(async (lesson: string | undefined, flags: { yes?: boolean }) => {
      if (lesson !== undefined) knownLesson(say, lesson);
      const { resetCommand } = await import("./progress.js");
      process.exitCode = await resetCommand(say, lesson, flags);
    });
  program.action(async (lesson: string | undefined, flags: LessonFlags) => {
    process.exitCode = await lessonCommand(say, lesson, flags);
  });
  return program;
}

async function lessonCommand(
  say: Say,
  lessonId: string | undefined,
  flags: LessonFlags,
): Promise<number> {
  const locale = detectLocale(flags.lang);
  if (flags.lang !== undefined && !isLocale(flags.lang))
    usage(say("cli.badLang", { value: flags.lang }));
  if (lessonId === undefined) {
    const { menu } = await import("./menu.js");
    return menu(say, locale);
  }
  knownLesson(say, lessonId, COMMANDS);
  if (flags.serve && flags.connect) usage(say("cli.serveAndConnect"));
  // Socket lessons take host:port; HTTP lessons parse their URL themselves.
  if (flags.connect !== undefined && findLesson(lessonId)?.proto !== "http") {
    try {
      parseAddr(flags.connect);
    } catch {
      usage(say("cli.badAddr", { value: flags.connect }));
    }
  }
  if (flags.step && flags.auto) usage(say("cli.stepAndAuto"));
  const json = flags.json === true;
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  const env = process.env;
  const color =
    flags.color !== false &&
    (env.NO_COLOR === undefined || env.NO_COLOR === "" || env.FORCE_COLOR !== undefined);
  const { runLesson } = await import("../runtime/run.js");
  return runLesson({
    lessonId,
    mode: flags.serve ? "serve" : flags.connect ? "connect" : "replay",
    ...(flags.connect ? { target: flags.connect } : {}),
    host: flags.host ?? "127.0.0.1",
    port: numberOption(say, "--port", flags.port, 0, 65535, 0),
    ...(flags.message !== undefined ? { message: flags.message } : {}),
    ...(flags.maxAge !== undefined
      ? { maxAge: numberOption(say, "--max-age", flags.maxAge, 0, 86400, 0) }
      : {}),
    lossPercent: numberOption(say, "--loss", flags.loss, 0, 100, 0),
    // A connection lesson picks an RTT that makes its point when --rtt is not given.
    rttMs: numberOption(say, "--rtt", flags.rtt, 0, 10000, findLesson(lessonId)?.defaultRttMs ?? 0),
    delayMs: numberOption(say, "--delay", flags.delay, 0, 60000, 0),
    step: !json && !flags.auto && !flags.serve && (flags.step === true || interactive),
    json,
    locale,
    color: !json && color,
    width: process.stdout.isTTY ? process.stdout.columns : Number(env.COLUMNS) || 80,
  });
}

/** A lesson id, or a usage error naming the closest one (or command, where one fits). */
function knownLesson(say: Say, lessonId: string, commands: string[] = []): void {
  const ids = LESSONS.map((l) => l.id);
  if (ids.includes(lessonId)) return;
  const suggestion = nearest(lessonId, [...ids, ...commands]);
  usage(
    `${say("cli.unknownLesson", { name: lessonId })} ${suggestion ? say("cli.didYouMean", { suggestion }) : say("cli.seeList")}`,
  );
}

/** `sockstep verify <lesson> [--role server|client] -- <command...>` */
async function verifyAction(
  say: Say,
  lessonId: string | undefined,
  command: string[],
  flags: VerifyFlags,
): Promise<number> {
  if (flags.lang !== undefined && !isLocale(flags.lang)) {
    usage(say("cli.badLang", { value: flags.lang }));
  }
  if (lessonId === undefined) usage(say("cli.verify.noLesson"));
  knownLesson(say, lessonId);
  if (command.length === 0) usage(say("cli.verify.noCommand", { lesson: lessonId }));
  const role = flags.role ?? "server";
  if (role !== "server" && role !== "client") usage(say("cli.verify.badRole", { value: role }));
  const timeoutS = numberOption(say, "--timeout", flags.timeout, 1, 600, 10);
  const { loadVerify } = await import("../../lessons/registry.js");
  const verify = await loadVerify(lessonId);
  if (!verify) usage(say("cli.verify.none", { lesson: lessonId }));
  if (!verify[role]) {
    const roles = (["server", "client"] as const).filter((r) => verify[r]).join(", ");
    usage(say("cli.verify.noRole", { lesson: lessonId, role, roles }));
  }
  const json = flags.json === true;
  const env = process.env;
  const color =
    flags.color !== false &&
    (env.NO_COLOR === undefined || env.NO_COLOR === "" || env.FORCE_COLOR !== undefined);
  const { runVerify } = await import("../runtime/verify.js");
  return runVerify(verify, {
    lessonId,
    role,
    command,
    host: "127.0.0.1",
    timeoutMs: timeoutS * 1000,
    json,
    locale: detectLocale(flags.lang),
    color: !json && color,
    width: process.stdout.isTTY ? process.stdout.columns : Number(env.COLUMNS) || 80,
    delayMs: 0,
  });
}

function lessonsHelp(say: Say, locale: Locale): string {
  const rows = [...LESSONS].sort((a, b) => a.order - b.order);
  const width = Math.max(...rows.map((l) => l.id.length));
  return `\n${say("cli.list.header")}:\n${rows.map((l) => `  ${l.id.padEnd(width)}  ${l.title[locale]}`).join("\n")}\n\n${say("cli.help.examples")}`;
}

function commanderMessage(say: Say, program: Command, err: CommanderError): string {
  if (err.code === "commander.unknownOption") {
    const name = /'([^']+)'/.exec(err.message)?.[1] ?? err.message;
    const known = [...program.options, ...program.commands.flatMap((c) => c.options)].map(
      (o) => o.long ?? "",
    );
    const suggestion = nearest(name.split("=")[0]!, known.filter(Boolean));
    // `sockstep verify udp-echo python3 -u server.py`: the program's own options need the --.
    if (process.argv[2] === "verify" && !process.argv.includes("--")) {
      return `${say("cli.unknownOption", { name })} ${say("cli.verify.dashes")}`;
    }
    return `${say("cli.unknownOption", { name })} ${suggestion ? say("cli.didYouMean", { suggestion }) : say("cli.help")}`;
  }
  return err.message.replace(/^error: /, "");
}

export async function main(argv: string[]): Promise<void> {
  // Writes to a reader that went away (`… | head`) are dropped, never a stack trace;
  // a running lesson stops itself (see openSession).
  process.stdout.on("error", () => {});
  const say = engineSay(localeFromArgv(argv));
  const program = buildProgram(say);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      if (err.exitCode === 0) return;
      process.stderr.write(`sockstep: ${commanderMessage(say, program, err)}\n`);
      process.exitCode = EXIT_CODES.usage;
      return;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`sockstep: ${err.message}\n`);
      process.exitCode = EXIT_CODES.usage;
      return;
    }
    throw err;
  }
}
