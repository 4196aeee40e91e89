import { Command, CommanderError, Help, Option } from "commander";
import { LESSONS } from "../../lessons/registry.js";
import { engineSay, type Say } from "../i18n/index.js";
import { detectLocale, isLocale, type Locale } from "../i18n/locale.js";
import { EXIT_CODES } from "../runtime/exit.js";
import { listCommand } from "./list.js";
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
  color?: boolean;
}

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
    .addOption(new Option("--rtt <ms>", say("cli.opt.rtt")))
    .option("--loss <percent>", say("cli.opt.loss"))
    .option("--message <text>", say("cli.opt.message"))
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
    .action((flags: { json?: boolean }) => listCommand(say, localeFromArgv(process.argv), flags));
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
  const ids = LESSONS.map((l) => l.id);
  if (!ids.includes(lessonId)) {
    const suggestion = nearest(lessonId, [...ids, "list"]);
    usage(
      `${say("cli.unknownLesson", { name: lessonId })} ${suggestion ? say("cli.didYouMean", { suggestion }) : say("cli.seeList")}`,
    );
  }
  if (flags.serve && flags.connect) usage(say("cli.serveAndConnect"));
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
    lossPercent: numberOption(say, "--loss", flags.loss, 0, 100, 0),
    rttMs: numberOption(say, "--rtt", flags.rtt, 0, 10000, 0),
    delayMs: numberOption(say, "--delay", flags.delay, 0, 60000, 0),
    step: !json && !flags.auto && !flags.serve && (flags.step === true || interactive),
    json,
    locale,
    color: !json && color,
    width: process.stdout.isTTY ? process.stdout.columns : Number(env.COLUMNS) || 80,
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
    return `${say("cli.unknownOption", { name })} ${suggestion ? say("cli.didYouMean", { suggestion }) : say("cli.help")}`;
  }
  return err.message.replace(/^error: /, "");
}

export async function main(argv: string[]): Promise<void> {
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
