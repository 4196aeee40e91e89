import { Chalk } from "chalk";
import type { Texts } from "../i18n/texts.js";
import { wrapCells } from "../render/cells.js";
import { jsonRenderer } from "../render/json.js";
import { type Detail, ladderRenderer } from "../render/ladder.js";
import { Output } from "../render/output.js";
import { spinnerFor } from "../render/spinner.js";
import { timelineRenderer } from "../render/timeline.js";
import type { Canvas } from "../render/verdict.js";
import type { View } from "../runtime/session.js";
import { escapeText } from "../trace/escape.js";
import type { StepEvent, TraceEvent } from "../trace/events.js";
import type { Subscriber, Tracer } from "../trace/tracer.js";
import { FALLBACK_WIDTH, terminalWidth, type ViewOptions } from "./screen.js";

export interface TerminalViewOptions extends ViewOptions {
  /** Draw the timeline chart (not for verify). */
  chart?: boolean;
  /** Wrap the ladder, to show some events another way (verify's verdict). */
  wrap?: (ladder: Subscriber, canvas: Canvas) => Subscriber;
  /** How much the ladder draws; the ladder's own default when not given. */
  detail?: Detail;
  /** The header fields each step is about (by step id), for the compact ladder. */
  stepHeaders?: (stepId: string) => readonly string[] | undefined;
  /**
   * Step mode: each step starts on a clean screen (on a terminal) with its
   * title on top, and a step can be shown again from what it recorded.
   */
  steps?: boolean;
}

/** Hooks a waiting prompt gives the view, so a redraw (a resize) does not draw over it. */
export interface PromptHooks {
  /** Before the screen is drawn anew: a question takes itself off the screen. */
  before?(): Promise<void>;
  /** After: the prompt draws itself again under the redrawn step. */
  after?(): void;
}

/** The terminal's view, and what pacing needs of it. */
export interface TerminalView extends View {
  output: Output;
  /** Hide the spinner while a prompt or a key wait owns the terminal. */
  pauseSpinner(on: boolean): void;
  /**
   * A prompt (the pause, a question) is on the screen: what the run reports
   * meanwhile (a server's idle timeout) is held, and the spinner is hidden.
   */
  holdForPrompt(): void;
  /**
   * The prompt was answered: what was held is drawn now, or, with `carry`,
   * under the title of the step that starts next (on its clean screen).
   */
  releasePrompt(carry: boolean): void;
  /** While a prompt waits, what to do around a redraw; null when none waits. */
  setPromptHooks(hooks: PromptHooks | null): void;
  /** Steps up to this index run without being drawn; the next step's screen lists them. */
  quietThrough(index: number): void;
  /** The step on the screen now (shown again or not). */
  onScreen(): number;
  /** Show a step again from the events it recorded: nothing in it runs again. */
  showStep(index: number): void;
  /** Draw at this detail; in step mode the step on the screen is drawn again at once. */
  setDetail(detail: Detail): void;
  detail(): Detail;
}

/** What one step drew: its event, the events after it, and what the screen said around them. */
interface Screen {
  /** null for what came before the first step (the lesson's setup). */
  step: StepEvent | null;
  events: TraceEvent[];
  /** How many of `events` came in while the previous step's pause waited. */
  carried: number;
  /** Steps that ran without being drawn just before this one (--from-step, a jump). */
  quietBefore: StepEvent[];
}

/**
 * NDJSON on stdout (--json), or the ladder with its chart and spinner. A reader that went away (`sockstep … | head`) stops the run once.
 *
 * Every event drawn is kept with the step it was drawn in, so a step can be
 * drawn again with fresh renderers: at another width (a resize), at another
 * detail (d), or as a replay (b, r, a number). Renderers keep state across
 * steps (which connection is which, what was explained already), so a fresh
 * one is first fed every earlier step with the output muted.
 */
export function terminalView(opts: TerminalViewOptions): TerminalView {
  const stdout = process.stdout;
  const output = new Output(stdout, opts.json ? 0 : opts.delayMs, true);
  const chalk = opts.color ? new Chalk() : new Chalk({ level: 0 });
  let width = opts.width > 0 ? opts.width : FALLBACK_WIDTH;
  let detail: Detail | undefined = opts.detail;
  const tty = stdout.isTTY === true && !opts.json;
  /** A clean screen for each step: step mode on a terminal. */
  const cleanScreens = opts.steps === true && tty;
  /** Keep what each step drew, to draw it again. */
  const keep = !opts.json;
  let pauseSpinner: (on: boolean) => void = () => {};
  let onStdoutError: (() => void) | null = null;
  let onResize: (() => void) | null = null;
  let resizeTimer: NodeJS.Timeout | null = null;
  let texts: Texts | null = null;

  type Pipe = (e: TraceEvent) => void;
  let live: (Pipe & { detail?: () => Detail; flush?: () => void }) | null = null;
  const screens: Screen[] = [{ step: null, events: [], carried: 0, quietBefore: [] }];
  /** Index into screens of the step on the screen now. */
  let shown = 0;
  /**
   * prompt: a prompt waits, events are held. carry: the prompt was answered,
   * and what was held goes under the next drawn step's title. prologue: the
   * lesson's setup waits for the first step's title (its clean screen).
   */
  let hold: "off" | "prompt" | "carry" | "prologue" = cleanScreens ? "prologue" : "off";
  const held: TraceEvent[] = [];
  /** Held while a prompt waited: drawn under the title of the next step that is drawn. */
  const carry: TraceEvent[] = [];
  /** Whether the last step announced runs without being drawn (a jump, --from-step). */
  let lastQuiet = false;
  let quietTo = 0;
  let quietSteps: StepEvent[] = [];
  let hooks: PromptHooks | null = null;

  const build = (t: Texts): Pipe & { detail?: () => Detail; flush?: () => void } => {
    const ladder = ladderRenderer(output, {
      width,
      chalk,
      texts: t,
      ...(detail ? { detail } : {}),
      ...(opts.stepHeaders ? { stepHeaders: opts.stepHeaders } : {}),
    });
    const canvas: Canvas = { output, chalk, texts: t, width };
    const wrapped = opts.wrap ? opts.wrap(ladder, canvas) : ladder;
    const timeline = opts.chart ? timelineRenderer(output, { width, chalk, say: t.say }) : null;
    const pipe = (e: TraceEvent) => {
      wrapped(e);
      timeline?.(e);
    };
    const current = (ladder as { detail?: () => Detail }).detail;
    // What the ladder holds to join with a next event (a socket() and its connect) is drawn before a pause.
    Object.assign(pipe, { flush: () => ladder.flush() });
    return current ? Object.assign(pipe, { detail: () => current() }) : pipe;
  };

  const isQuiet = (step: StepEvent | null) => step !== null && step.index <= quietTo;

  /** Draw one event as it happens, and keep it with its step; --delay paces it as one. */
  const drawLive = (e: TraceEvent, carried = false) => output.event(() => drawEvent(e, carried));
  const drawEvent = (e: TraceEvent, carried: boolean) => {
    if (!live) return;
    if (e.kind === "step") {
      output.dropHeading();
      const quiet = isQuiet(e);
      const screen: Screen = { step: e, events: [], carried: 0, quietBefore: [] };
      if (keep) screens.push(screen);
      if (quiet) {
        output.muted = true;
        quietSteps.push(e);
        live(e);
        return;
      }
      output.muted = false;
      if (keep) shown = screens.length - 1;
      if (cleanScreens) output.control(clearScreen(), { skipBlank: true });
      live(e);
      screen.quietBefore = quietSteps;
      quietSteps = [];
      drawQuietList(screen);
      return;
    }
    const screen = screens.at(-1)!;
    if (keep) {
      if (carried && screen.carried === screen.events.length && screen.step?.index !== 1) {
        if (screen.carried === 0) labelCarried();
        screen.carried++;
      } else output.dropHeading();
      screen.events.push(e);
    }
    live(e);
  };

  /** The view's own lines (dim, like the ladder's notes), wrapped at the width drawn at. */
  const dimLines = (text: string, hang = 4) => {
    for (const piece of wrapCells(text, width - 1, { hang })) output.line(chalk.dim(piece));
  };

  /** The run ended inside steps that were not drawn: what follows, its last line, must show. */
  const endUnseen = () => {
    if (!output.muted) return;
    output.muted = false;
    const screen = screens.at(-1)!;
    screen.quietBefore = quietSteps;
    quietSteps = [];
    drawQuietList(screen);
  };

  const drawQuietList = (screen: Screen) => {
    if (screen.quietBefore.length === 0 || !texts) return;
    const say = texts.say;
    dimLines(`  ${say("run.quiet.title")}`);
    for (const s of screen.quietBefore) {
      dimLines(`    ↷ ${s.index}/${s.total} · ${escapeText(s.title)}`, 6);
    }
  };

  /** "While the prompt waited:", over the held events, if any of them draws a line. */
  const labelCarried = () => {
    if (!texts) return;
    const label = wrapCells(`  ${texts.say("run.carried")}`, width - 1, { hang: 4 });
    output.headWith(label.map((l) => chalk.dim(l)));
  };

  /** Feed a screen's events to a renderer pipeline (in order with the output's work). */
  const feed = (pipe: Pipe, screen: Screen, title?: StepEvent) => {
    if (screen.step) {
      const step = title ?? screen.step;
      output.later(() => pipe(step));
    }
    if (!output.muted) output.later(() => drawQuietList(screen));
    for (const [i, e] of screen.events.entries()) {
      if (i === 0 && screen.carried > 0) output.later(labelCarried);
      if (i === screen.carried && screen.carried > 0) output.later(() => output.dropHeading());
      output.later(() => pipe(e));
    }
    output.later(() => output.dropHeading());
  };

  /** A fresh pipeline that has seen screens[0..upTo) without drawing them. */
  const caughtUp = (t: Texts, upTo: number) => {
    const pipe = build(t);
    output.flush();
    output.muted = true;
    for (const screen of screens.slice(0, upTo)) feed(pipe, screen);
    output.flush();
    output.muted = false;
    return pipe;
  };

  /**
   * Draw screens[index] anew on a clean screen: as a replay (a fresh pipeline,
   * thrown away after), or as the step running now (the pipeline carries on).
   */
  const drawScreen = (index: number, how: "replay" | "redraw" | "resize") => {
    if (!texts) return;
    // What --delay still queues is drawn anew below.
    output.discard();
    output.paced = false;
    const pipe = caughtUp(texts, index);
    const screen = screens[index]!;
    // Not a terminal (`--step` with stdout to a file): the step again, below, with no cursor moves.
    if (cleanScreens) {
      output.control(how === "resize" ? "\u001b[H\u001b[2J" : clearScreen(), { skipBlank: true });
    }
    const step = screen.step;
    const replay = how === "replay" && step !== null;
    feed(
      pipe,
      screen,
      replay ? { ...step, title: texts.say("run.replay.title", { title: step.title }) } : undefined,
    );
    if (replay) output.later(() => dimLines(`  ${texts?.say("run.replay.note")}`));
    output.flush();
    output.paced = true;
    shown = index;
    if (!replay && index === screens.length - 1) live = pipe;
  };

  /** After a resize or a detail change: new renderers for what follows, and the screen drawn again. */
  const redraw = (how: "resize" | "redraw") => {
    if (!texts || !live) return;
    const last = screens.length - 1;
    const onLatest = shown === last;
    const quietNow = isQuiet(screens[last]!.step);
    if (!keep) {
      live = build(texts);
      return;
    }
    if (!cleanScreens || (onLatest && (quietNow || hold === "carry" || hold === "prologue"))) {
      // Nothing to draw again (or no clean screen to draw on): later lines use the new width.
      live = caughtUp(texts, screens.length);
      output.muted = quietNow;
      return;
    }
    if (onLatest) {
      drawScreen(last, how);
      return;
    }
    live = caughtUp(texts, screens.length);
    drawScreen(shown, "replay");
  };

  const resized = async () => {
    resizeTimer = null;
    const columns = terminalWidth(stdout);
    if (columns === width) return;
    const waiting = hooks;
    await waiting?.before?.();
    width = terminalWidth(stdout);
    redraw("resize");
    waiting?.after?.();
  };

  return {
    output,
    pauseSpinner: (on) => pauseSpinner(on),
    async attach({ tracer, texts: t, stop }) {
      texts = t;
      let gone = false;
      onStdoutError = () => {
        if (gone) return;
        gone = true;
        stop();
      };
      stdout.on("error", onStdoutError);
      if (opts.json) {
        tracer.subscribe(jsonRenderer(stdout, t));
        return;
      }
      live = build(t);
      // Rendering waits for the end of the event loop's turn, so it never sits between a recv and a send.
      tracer.subscribe((e) => {
        if (hold === "prompt") {
          held.push(e);
          return;
        }
        if (hold === "prologue") {
          if (e.kind !== "step" && e.kind !== "end") {
            held.push(e);
            return;
          }
          // The setup is step 1's: drawn under its title (or before a failure's last line).
          hold = "off";
          lastQuiet = e.kind === "step" && isQuiet(e);
          const setup = held.splice(0);
          if (e.kind === "step") output.later(() => drawLive(e));
          for (const c of setup) output.later(() => drawLive(c));
          if (e.kind === "end") output.later(() => drawLive(e));
          return;
        }
        if (hold === "carry") {
          hold = "off";
          carry.push(...held.splice(0));
        }
        if (e.kind === "step") {
          lastQuiet = isQuiet(e);
          output.later(() => drawLive(e));
          // Steps run unseen after a jump: what was held waits for the step that is drawn.
          if (!lastQuiet) for (const c of carry.splice(0)) output.later(() => drawLive(c, true));
          return;
        }
        if (e.kind === "end") output.later(endUnseen);
        if (carry.length > 0 && (!lastQuiet || e.kind === "end")) {
          for (const c of carry.splice(0)) output.later(() => drawLive(c));
        }
        output.later(() => drawLive(e));
      });
      if (stdout.isTTY) {
        onResize = () => {
          // A window being dragged sends many: draw once it stops.
          if (resizeTimer) clearTimeout(resizeTimer);
          resizeTimer = setTimeout(() => void resized(), 80);
        };
        stdout.on("resize", onResize);
      }
      // A spinner redraws one line in place: only on a terminal that says how wide it is.
      if (stdout.isTTY && stdout.columns > 0) {
        await attachSpinner(tracer, t, output, (pause) => {
          pauseSpinner = pause;
        });
      }
    },
    holdForPrompt() {
      if (opts.json) return;
      output.flush();
      output.dropHeading();
      if (hold === "off") hold = "prompt";
      pauseSpinner(true);
    },
    releasePrompt(carry) {
      if (opts.json) return;
      pauseSpinner(false);
      if (hold !== "prompt") return;
      if (carry) {
        hold = "carry";
        return;
      }
      hold = "off";
      for (const e of held.splice(0)) output.later(() => drawLive(e));
    },
    setPromptHooks(next) {
      hooks = next;
    },
    quietThrough(index) {
      quietTo = Math.max(quietTo, index);
    },
    onScreen: () => screens[shown]?.step?.index ?? 0,
    showStep(index) {
      const at = screens.findIndex((s) => s.step?.index === index);
      if (at < 0) return;
      output.flush();
      // Shown again on purpose, so titled as such: r on the step just run is a replay too.
      drawScreen(at, "replay");
    },
    setDetail(next) {
      detail = next;
      output.flush();
      if (shown === screens.length - 1) redraw("redraw");
      else {
        live = texts ? caughtUp(texts, screens.length) : live;
        drawScreen(shown, "replay");
      }
    },
    detail: () => detail ?? live?.detail?.() ?? "full",
    drain: () => {
      output.later(() => live?.flush?.());
      return output.drain();
    },
    discard: () => output.discard(),
    release() {
      if (onStdoutError) stdout.off("error", onStdoutError);
      if (onResize) stdout.off("resize", onResize);
      if (resizeTimer) clearTimeout(resizeTimer);
      onResize = null;
      hooks = null;
    },
  };
}

/**
 * A clean screen that keeps what was on it: the lines scroll up into the
 * terminal's scrollback (one newline per row pushes every used row up, and
 * no more), then the cursor goes home. The student can still scroll back to
 * earlier steps, and after the lesson everything is still there.
 */
function clearScreen(): string {
  const rows = process.stdout.rows > 0 ? process.stdout.rows : 24;
  return `${"\n".repeat(rows)}\u001b[H`;
}

async function attachSpinner(
  tracer: Tracer,
  texts: Texts,
  output: Output,
  setPause: (pause: (on: boolean) => void) => void,
): Promise<void> {
  const spinner = await spinnerFor(output, process.stdout, texts, () => tracer.now());
  tracer.subscribeWaits(spinner);
  setPause(spinner.pause);
}
