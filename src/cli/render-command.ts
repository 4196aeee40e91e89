import { readFileSync, writeFileSync } from "node:fs";
import type { CliSay } from "../i18n/cli-messages.js";
import { engineSay } from "../i18n/index.js";
import { isLocale } from "../i18n/locale.js";
import { renderHtml } from "../render/handout/html.js";
import { renderMarkdown } from "../render/handout/markdown.js";
import { renderMermaid } from "../render/handout/mermaid.js";
import {
  BadTrace,
  buildHandout,
  parseTrace,
  pickStep,
  stepNumbers,
  traceLocale,
} from "../render/handout/model.js";
import { renderSvg } from "../render/handout/svg.js";
import { EXIT_CODES } from "../runtime/exit.js";
import { usage } from "./options.js";

export const FORMATS = ["html", "svg", "md", "mermaid"] as const;
type Format = (typeof FORMATS)[number];

export interface RenderFlags {
  format?: string;
  output?: string;
  step?: string;
  lang?: string;
}

/** An error from the file system as its code, or its message: never a stack trace. */
const reasonOf = (err: unknown) =>
  (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));

/** `sockstep render <trace> --format html|svg|md|mermaid [-o file] [--step N] [--lang en|ko]` */
export function renderCommand(say: CliSay, file: string | undefined, flags: RenderFlags): number {
  if (file === undefined) usage(say("cli.render.noTrace"));
  const format = (flags.format ?? "html") as Format;
  if (!FORMATS.includes(format)) {
    usage(say("cli.render.badFormat", { value: flags.format, formats: FORMATS.join(", ") }));
  }
  if (flags.lang !== undefined && !isLocale(flags.lang))
    usage(say("cli.badLang", { value: flags.lang }));
  const fail = (message: string) => {
    process.stderr.write(`sockstep: ${message}\n`);
    return EXIT_CODES.failed;
  };

  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return fail(say("cli.render.noFile", { file }));
    return fail(say("cli.render.unreadable", { file, reason: reasonOf(err) }));
  }
  let trace: ReturnType<typeof parseTrace>;
  try {
    trace = parseTrace(text);
  } catch (err) {
    if (!(err instanceof BadTrace)) throw err;
    const key =
      err.why === "empty"
        ? "cli.render.empty"
        : err.why === "notJson"
          ? "cli.render.notJson"
          : "cli.render.notTrace";
    return fail(say(key, { file, line: err.line }));
  }
  // The page's own words in --lang, else in the language the trace was recorded in.
  const lang =
    flags.lang !== undefined && isLocale(flags.lang)
      ? flags.lang
      : traceLocale(trace.header, trace.events);
  const pageSay = engineSay(lang);
  const whole = buildHandout(trace.header, trace.events, pageSay);
  // A step the trace does not have is named with the steps it does have.
  const step =
    flags.step === undefined ? undefined : /^\d+$/.test(flags.step) ? Number(flags.step) : -1;
  const handout = pickStep(whole, step);
  if (!handout) {
    const steps = stepNumbers(whole);
    usage(
      steps.length === 0
        ? say("cli.render.noSteps", { file })
        : say("cli.badNumber", {
            option: "--step",
            min: steps[0],
            max: steps.at(-1),
            value: flags.step,
          }),
    );
  }
  const out =
    format === "html"
      ? renderHtml(handout, pageSay, lang)
      : format === "svg"
        ? renderSvg(handout, pageSay)
        : format === "md"
          ? renderMarkdown(handout, pageSay)
          : renderMermaid(handout, pageSay);
  if (flags.output === undefined || flags.output === "-") {
    process.stdout.write(out);
    return EXIT_CODES.ok;
  }
  try {
    writeFileSync(flags.output, out);
  } catch (err) {
    return fail(say("cli.render.cannotWrite", { file: flags.output, reason: reasonOf(err) }));
  }
  return EXIT_CODES.ok;
}
