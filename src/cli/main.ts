import { Command, CommanderError, Help } from "commander";
import { findLesson, LESSONS } from "../../lessons/registry.js";
import { type CliSay, cliSay } from "../i18n/cli-messages.js";
import { detectLocale, isLocale, type Locale } from "../i18n/locale.js";
import { EXIT_CODES } from "../runtime/exit.js";
import type { LessonMeta } from "../runtime/lesson.js";
import { progressLanguage } from "../runtime/progress-language.js";
import {
  buildRunOptions,
  type LessonFlags,
  lessonFlags,
  numberOption,
  UsageError,
  usage,
} from "./options.js";
import { terminalWidth, wantsColor } from "./screen.js";
import { nearest } from "./suggest.js";

interface VerifyFlags {
  role?: string;
  watch?: string | true;
  timeout?: string;
  json?: boolean;
  lang?: string;
  color?: boolean;
}

/** The commands besides lessons, for "did you mean". */
const COMMANDS = ["list", "verify", "progress", "reset", "render", "help"];

/** The locale is needed before commander parses (the help text is translated). */
function localeFromArgv(argv: string[]): Locale {
  const i = argv.findIndex((a) => a === "--lang" || a.startsWith("--lang="));
  const value = i < 0 ? undefined : argv[i]!.includes("=") ? argv[i]!.split("=")[1] : argv[i + 1];
  return detectLocale(value && isLocale(value) ? value : undefined);
}

function buildProgram(say: CliSay): Command {
  const program = new Command("sockstep")
    .description(say("cli.description"))
    .argument("[lesson]", say("cli.arg.lesson"))
    .option("--serve", say("cli.opt.serve"))
    .option("--follow <who>", say("cli.opt.follow"))
    .option("--connect <addr>", say("cli.opt.connect"))
    .option("--port <n>", say("cli.opt.port"))
    .option("--host <addr>", say("cli.opt.host"))
    .option("--step", say("cli.opt.step"))
    .option("--auto", say("cli.opt.auto"))
    .option("--delay <ms>", say("cli.opt.delay"))
    .option("--from-step <n>", say("cli.opt.fromStep"))
    .option("--seed <n>", say("cli.opt.seed"))
    .option("--detail <compact|full>", say("cli.opt.detail"))
    .option("--json", say("cli.opt.json"))
    .option("--record <file>", say("cli.opt.record"))
    .option("--lang <en|ko>", say("cli.opt.lang"))
    .option("--rtt <ms>", say("cli.opt.rtt"))
    .option("--loss <percent>", say("cli.opt.loss"))
    .option("--message <text>", say("cli.opt.message"))
    .option("--max-age <s>", say("cli.opt.maxAge"))
    .option("--backlog <n>", say("cli.opt.backlog"))
    .option("--no-color", say("cli.opt.noColor"))
    .option("-V, --version", say("cli.opt.version"))
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
    .option("--watch [path]", say("cli.opt.watch"))
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
  program
    .command("render")
    .description(say("cli.cmd.render"))
    .argument("[trace]", say("cli.arg.trace"))
    .option("--format <html|svg|md|mermaid>", say("cli.opt.format"))
    .option("-o, --output <file>", say("cli.opt.output"))
    .option("--step <n>", say("cli.opt.renderStep"))
    .option("--lang <en|ko>", say("cli.opt.renderLang"))
    .action(async (trace: string | undefined, flags: Record<string, string | undefined>) => {
      const { renderCommand } = await import("./render-command.js");
      process.exitCode = renderCommand(say, trace, flags);
    });
  // For people writing lessons: listed in the README's development part, not in the users' help.
  program
    .command("dev", { hidden: true })
    .command("check")
    .argument("[lesson]")
    .action(async (lesson: string | undefined) => {
      if (lesson !== undefined) knownLesson(say, lesson);
      const { devCheck } = await import("./dev.js");
      process.exitCode = await devCheck(lesson);
    });
  program
    .command("help")
    .description(say("cli.cmd.help"))
    .argument("[lesson]", say("cli.arg.lesson"))
    .option("--lang <en|ko>", say("cli.opt.lang"))
    .action(async (lesson: string | undefined) => {
      if (lesson === undefined) {
        program.outputHelp();
        return;
      }
      const meta = knownLesson(say, lesson);
      const { lessonHelp } = await import("./lesson-help.js");
      process.stdout.write(await lessonHelp(say, meta, localeFromArgv(process.argv)));
    });
  program.action(async (lesson: string | undefined, flags: LessonFlags & { version?: boolean }) => {
    if (flags.version) {
      const { version } = await import("./version.js");
      process.stdout.write(`${version()}\n`);
      return;
    }
    process.exitCode = await lessonCommand(say, lesson, flags);
  });
  return program;
}

async function lessonCommand(
  say: CliSay,
  lessonId: string | undefined,
  flags: LessonFlags & { lang?: string },
): Promise<number> {
  const locale = detectLocale(flags.lang);
  if (flags.lang !== undefined && !isLocale(flags.lang))
    usage(say("cli.badLang", { value: flags.lang }));
  if (lessonId === undefined) {
    const { menu } = await import("./menu.js");
    return menu(say, locale);
  }
  const meta = knownLesson(say, lessonId, COMMANDS);
  const opts = buildRunOptions(say, meta, flags, {
    locale,
    interactive: process.stdin.isTTY === true && process.stdout.isTTY === true,
  });
  const { startLesson } = await import("./lesson-run.js");
  return startLesson(meta, opts);
}

/** A lesson id, or a usage error naming the closest one (or command, where one fits). */
function knownLesson(say: CliSay, lessonId: string, commands: string[] = []): LessonMeta {
  const ids = LESSONS.map((l) => l.id);
  const meta = findLesson(lessonId);
  if (meta) return meta;
  const suggestion = nearest(lessonId, [...ids, ...commands]);
  usage(
    `${say("cli.unknownLesson", { name: lessonId })} ${suggestion ? say("cli.didYouMean", { suggestion }) : say("cli.seeList")}`,
  );
}

/** `sockstep verify <lesson> [--role server|client] -- <command...>` */
async function verifyAction(
  say: CliSay,
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
  const timeoutS = numberOption(say, "--timeout", flags.timeout, { min: 1, max: 600, default: 10 });
  const { loadVerify } = await import("../../lessons/registry.js");
  const verify = await loadVerify(lessonId);
  if (!verify) usage(say("cli.verify.none", { lesson: lessonId }));
  if (!verify[role]) {
    const roles = (["server", "client"] as const).filter((r) => verify[r]).join(", ");
    usage(say("cli.verify.noRole", { lesson: lessonId, role, roles }));
  }
  const json = flags.json === true;
  if (flags.watch !== undefined && json) usage(say("cli.verify.watchJson"));
  const opts = {
    lessonId,
    role,
    command,
    host: "127.0.0.1",
    timeoutMs: timeoutS * 1000,
    json,
    locale: detectLocale(flags.lang),
    color: !json && wantsColor(flags.color),
    width: terminalWidth(),
    delayMs: 0,
  } as const;
  if (flags.watch !== undefined) {
    const { watchTarget, watchVerify } = await import("./verify-watch.js");
    return watchVerify(say, verify, opts, watchTarget(say, flags.watch, command));
  }
  const { startVerify } = await import("./verify-run.js");
  return startVerify(verify, opts);
}

function lessonsHelp(say: CliSay, locale: Locale): string {
  const width = Math.max(...LESSONS.map((l) => l.id.length));
  const rows = LESSONS.map((l) => {
    const takes = lessonFlags(l);
    return `  ${l.id.padEnd(width)}  ${l.title[locale]}${takes.length > 0 ? `  [${takes.join(" ")}]` : ""}`;
  });
  return `\n${say("cli.list.header")}:\n${rows.join("\n")}\n\n${say("cli.help.examples")}`;
}

function commanderMessage(say: CliSay, program: Command, err: CommanderError): string {
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
  // commander's own sentences are English: say them in the user's language.
  if (err.code === "commander.excessArguments") {
    const command = /for '([^']+)'/.exec(err.message)?.[1] ?? "sockstep";
    const [, expected, got] = /Expected (\d+) arguments? but got (\d+)/.exec(err.message) ?? [];
    if (expected !== undefined && got !== undefined) {
      return `${say("cli.tooManyArgs", { command, expected, got })} ${say("cli.help")}`;
    }
  }
  if (err.code === "commander.optionMissingArgument") {
    const option = /option '([^' ]+)/.exec(err.message)?.[1];
    if (option) return `${say("cli.optionNeedsValue", { option })} ${say("cli.help")}`;
  }
  return err.message.replace(/^error: /, "");
}

export async function main(argv: string[]): Promise<void> {
  // Writes to a reader that went away (`… | head`) are dropped, never a stack trace;
  // a running lesson stops itself (see openSession).
  process.stdout.on("error", () => {});
  const say = cliSay(localeFromArgv(argv));
  progressLanguage(say);
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
      process.exitCode = err.exitCode;
      return;
    }
    throw err;
  }
}
