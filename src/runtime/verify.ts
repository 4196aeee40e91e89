import dgram from "node:dgram";
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { Say } from "../i18n/index.js";
import type { Locale, TextTable } from "../i18n/locale.js";
import type { MessageKey } from "../i18n/messages.js";
import type { Texts } from "../i18n/texts.js";
import { type Addr, formatAddr } from "../net/address.js";
import { Interrupted, SockError } from "../net/env.js";
import { escapeText } from "../trace/escape.js";
import type { Actor, Facts } from "../trace/events.js";
import { createContext, reservePort } from "./context.js";
import { EXIT_CODES as EXIT } from "./exit.js";
import type { LessonContext, LessonModule } from "./lesson.js";
import { markVerified } from "./progress.js";
import { closeSession, endSession, openSession, type Session, type View } from "./session.js";
import { type Exit, groupSockets, type Stream, StudentProcess } from "./student.js";
import {
  type CrashRule,
  lessonStep,
  type PlanStep,
  planLines,
  type Rerun,
  type RunFacts,
  recordWire,
  rerunOf,
  visible,
} from "./verify-explain.js";

export type { CrashRule, PlanStep, Rerun } from "./verify-explain.js";

/**
 * `sockstep verify`: run the student's program against the lesson's own peer.
 *
 * A lesson opts in with lessons/<id>/verify.ts exporting `verify: VerifyModule`.
 * This file starts and ends the student's program, waits until a server
 * listens, narrates its output, and turns a failed check into FAIL with
 * expected, got and a hint. The lesson's file holds only what is particular
 * to the lesson: its checks and their sentences.
 */

export type Role = "server" | "client";

export interface VerifyModule {
  /**
   * The verification's sentences per locale: `step.<id>` titles each check;
   * the rest are the lesson's reasons and hints. Laid over the lesson's own
   * text, so the lesson's keys work too (its client and server code may note).
   */
  text: TextTable<string>;
  /** Checks of a student's server, made by sockstep's client. */
  server?: Checks;
  /** Checks of a student's client, made by sockstep's server. */
  client?: Checks;
  /**
   * The lesson's reference programs, as a student would verify them: argv with
   * `{ref}` for the lesson's reference/ folder (`sockstep dev check` runs them).
   */
  reference?: Partial<Record<Role, string[]>>;
}

/** One check: its id (titled by `step.<id>`) and what it does; it fails by ctx.failCheck() or a socket error. */
export interface Check<State> {
  id: string;
  /** What the check does, in order, then what it expects: shown numbered when it fails. */
  plan?: readonly PlanStep[];
  /** How to see this check by hand; the role's rerun when not given. */
  rerun?: Rerun;
  /** The id of the lesson step that teaches what this check tests: a failure points there. */
  teaches?: string;
  run(ctx: VerifyContext, state: State): Promise<void>;
}

/**
 * The checks of one role, in the shape of a lesson's steps: state made once
 * (a server the client checks talk to, what one check learnt for the next),
 * then each check in order.
 */
export interface Checks<State = unknown> {
  /**
   * Server role: how sockstep sees the student's server is up (a TCP connect
   * is accepted, or a UDP probe datagram is answered); the checks start then.
   * Client role: none; a check starts sockstep's server and ctx.launch()es the program.
   */
  ready?: "tcp" | "udp";
  init?(ctx: VerifyContext): State | Promise<State>;
  steps: readonly Check<State>[];
  /** How to see a check by hand, for the checks that name none. */
  rerun?: Rerun;
  /** The program exited during a check: what its traceback may show (the first rule that matches). */
  crashes?: readonly CrashRule[];
  /** The lesson step to read when the program exited and no crash rule matched. */
  exitStep?: string;
}

/** Checks with their state's type kept inside the module that writes them. */
export function defineChecks<State>(checks: Checks<State>): Checks {
  return checks as unknown as Checks;
}

export interface StudentHandle {
  pid: number;
  /** Resolves when the program's own process exits. */
  exited: Promise<Exit>;
  /** The exit, once it happened. */
  readonly exit: Exit | null;
  /** What it wrote so far (the last 64 KB). */
  output(stream: Stream): string;
}

export interface Mismatch {
  /** One line: what went wrong. */
  reason: string;
  /** What a correct program would have done, as shown to the student (see shown()). */
  expected?: string;
  got?: string;
  /** Where to look in the program. */
  hint?: string;
  /** The lesson step that teaches this fix, when it is not the check's own (`teaches`). */
  teaches?: string;
}

export interface VerifyContext extends LessonContext {
  role: Role;
  lessonId: string;
  /** Server role: where the student's server listens. */
  target: Addr;
  /** Client role: what the student's client is asked to send ({message}, MESSAGE, a line on stdin). */
  message: string;
  timeouts: {
    /** For each reply a check waits for (a client's print and exit after sockstep's reply too). */
    replyMs: number;
    /** For a connection to be closed after its reply. */
    closeMs: number;
    /** For the program to start: to listen (server), or to make its first move (client). */
    runMs: number;
  };
  /** Client role: start the student's program against sockstep's server at `address`. */
  launch(address: Addr): Promise<StudentHandle>;
  /** Await something the student's program must do; if it exits first, the check fails saying so. */
  whileRunning<T>(wait: Promise<T>): Promise<T>;
  /** Fail the current check with a reason, expected vs got, and a hint. */
  failCheck(m: Mismatch): never;
  /** Bytes or text as checks show them: quoted, escaped, with the size in bytes. */
  shown(data: Uint8Array | string | null): string;
}

/** A check failed: the verification ends with FAIL. */
export class CheckFailed extends Error {
  constructor(readonly mismatch: Mismatch) {
    super(mismatch.reason);
    this.name = "CheckFailed";
  }
}

/** The student's program exited while a check still needed it. */
class StudentGone extends Error {
  constructor(readonly exit: Exit) {
    super("the program exited");
    this.name = "StudentGone";
  }
}

export interface VerifyOptions {
  lessonId: string;
  locale: Locale;
  json: boolean;
  role: Role;
  /** The student's command, before {port}, {host} and {message} are filled in. */
  command: string[];
  host: string;
  /** How long to wait for a server to listen, or for a client to finish. */
  timeoutMs: number;
  /** Mark a pass in the progress file (off for `dev check`). */
  record?: boolean;
}

/** Generous bounds so a slow machine still passes; they are limits, never measurements. */
const REPLY_MS = 3000;
const CLOSE_MS = 3000;
/** Lines of the student's output narrated as they come; the rest are counted. */
const LIVE_LINES = 20;
/** Lines of its stderr repeated under a FAIL when the program crashed or never listened. */
const TAIL_LINES = 8;
/** How long a failed check waits for a dying program's exit to be reported. */
const EXIT_GRACE_MS = 300;

/** Run a verification; resolves with the exit code. The student's program is ended on every path. */
export async function runVerify(
  lesson: LessonModule,
  verify: VerifyModule,
  opts: VerifyOptions,
  view: View,
): Promise<number> {
  const checks = opts.role === "server" ? verify.server : verify.client;
  if (!checks) throw new Error(`${opts.lessonId} verifies no ${opts.role}`);
  // The verification's text over the lesson's: its checks are the steps.
  const session = await openSession(view, {
    locale: opts.locale,
    text: {
      en: { ...lesson.text.en, ...verify.text.en },
      ko: { ...lesson.text.ko, ...verify.text.ko },
    },
  });
  const { texts, tracer } = session;
  const say = texts.say;
  const stepIds = checks.steps.map((c) => c.id);
  const studentActor: Actor = opts.role;
  const message = say("verify.message");
  const base = createContext(session.env, texts, {
    host: opts.host,
    port: 0,
    message,
    lossPercent: 0,
    rttMs: 0,
  });

  let student: StudentProcess | null = null;
  let liveLines = 0;
  let hiddenLines = 0;
  let current: { id: string; index: number } | null = null;
  let passed = 0;
  /** Where the program was pointed, and its command as started: a rerun by hand repeats them. */
  let launchedAt: Addr = { host: opts.host, port: 0 };
  let launched = "";
  const wireNow = recordWire(tracer, opts.role === "server" ? "client" : "server");
  const runFacts = (): RunFacts => ({
    host: launchedAt.host,
    port: launchedAt.port,
    address: formatAddr(launchedAt) ?? "",
    message,
    command: launched,
    seconds: REPLY_MS / 1000,
    closeSeconds: CLOSE_MS / 1000,
    runSeconds: opts.timeoutMs / 1000,
  });

  const note = (actor: Actor, key: MessageKey, facts: Facts) =>
    tracer.emit({ kind: "note", actor, key, facts });

  const onLine = (stream: Stream, line: string) => {
    if (liveLines >= LIVE_LINES) {
      hiddenLines++;
      return;
    }
    liveLines++;
    note(studentActor, "verify.output", { stream, line });
  };

  const launch = async (address: Addr): Promise<StudentHandle> => {
    if (student) throw new Error("launch() called twice");
    const fill = (arg: string) =>
      arg
        .replaceAll("{port}", String(address.port))
        .replaceAll("{host}", address.host)
        .replaceAll("{message}", message);
    const command = opts.command.map(fill);
    launchedAt = address;
    // A program that reads PORT (and HOST, MESSAGE) instead of its arguments gets them by hand too.
    const given = opts.command.join(" ");
    const vars = given.includes("{port}")
      ? []
      : [
          `PORT=${address.port}`,
          `HOST=${address.host}`,
          ...(opts.role === "client" && !given.includes("{message}")
            ? [`MESSAGE=${shellQuote(message)}`]
            : []),
        ];
    launched = [...vars, ...command.map(shellQuote)].join(" ");
    const proc = new StudentProcess({
      command,
      env: {
        ...process.env,
        PORT: String(address.port),
        HOST: address.host,
        // Python buffers stdout into a pipe; the narration wants each line as it is printed.
        PYTHONUNBUFFERED: "1",
        PYTHONIOENCODING: "utf-8",
        ...(opts.role === "client" ? { MESSAGE: message } : {}),
      },
      // A client gets the message as a line on stdin (the lecture's input()); a server gets EOF.
      ...(opts.role === "client" ? { input: `${message}\n` } : {}),
      onLine,
    });
    student = proc;
    session.resources.track(proc);
    try {
      await proc.started;
    } catch (err) {
      const file = command[0] ?? "";
      const notFound = (err as NodeJS.ErrnoException).code === "ENOENT";
      throw new CheckFailed({
        reason: notFound
          ? say("verify.fail.notFound", { file: escapeText(file) })
          : say("verify.fail.cannotStart", {
              file: escapeText(file),
              detail: (err as Error).message,
            }),
        hint: say(
          command.length === 1 && /\s/.test(file) ? "verify.hint.oneWord" : "verify.hint.notFound",
          { lesson: opts.lessonId },
        ),
      });
    }
    note("lesson", opts.role === "client" ? "verify.startedClient" : "verify.started", {
      command: escapeText(command.map(shellQuote).join(" ")),
      pid: proc.pid!,
      portNumber: address.port,
      host: address.host,
      message,
    });
    return {
      pid: proc.pid!,
      exited: proc.exited,
      get exit() {
        return proc.exit;
      },
      output: (stream) => proc.output(stream),
    };
  };

  const whileRunning = <T>(wait: Promise<T>): Promise<T> => {
    const proc = student;
    if (!proc) return wait;
    // Whichever loses the race must not become an unhandled rejection.
    wait.catch(() => {});
    const gone = proc.exited.then((exit): never => {
      throw new StudentGone(exit);
    });
    gone.catch(() => {});
    return Promise.race([wait, gone]);
  };

  const ctx: VerifyContext = {
    ...base,
    role: opts.role,
    lessonId: opts.lessonId,
    target: { host: opts.host, port: 0 },
    message,
    timeouts: { replyMs: REPLY_MS, closeMs: CLOSE_MS, runMs: opts.timeoutMs },
    launch,
    whileRunning,
    failCheck(m) {
      throw new CheckFailed(m);
    },
    shown: (data) => shown(data, say),
  };

  let code: number = EXIT.ok;
  let failure: Mismatch | null = null;
  /** What the check itself saw go wrong, when that was not the program's exit. */
  let saw: string | null = null;
  /** How the program had ended when the checks stopped (sockstep ends it after that). */
  let exitAtEnd: Exit | null = null;
  try {
    note("lesson", `verify.intro.${opts.role}` as MessageKey, { lesson: opts.lessonId });
    if (checks.ready) {
      const port = await reservePort(opts.host, checks.ready);
      ctx.target = { host: opts.host, port };
      await launch(ctx.target);
      await waitListening(ctx, session, student!, checks.ready, opts.timeoutMs);
    }
    const state = await checks.init?.(ctx);
    for (const [i, check] of checks.steps.entries()) {
      if (session.abort.signal.aborted) throw new Interrupted();
      current = { id: check.id, index: i + 1 };
      tracer.emit({
        kind: "step",
        actor: "lesson",
        id: check.id,
        index: i + 1,
        total: stepIds.length,
        title: texts.of(`step.${check.id}`),
      });
      // A server must outlive every check; a client's checks wait for its exit themselves.
      const run = check.run(ctx, state);
      await (opts.role === "server" ? whileRunning(run) : run);
      passed++;
    }
    if (session.abort.signal.aborted) throw new Interrupted();
  } catch (err) {
    if (session.abort.signal.aborted || err instanceof Interrupted) code = EXIT.interrupted;
    else {
      code = EXIT.failed;
      // A program that crashes closes its sockets as it dies: the check sees a reset or a
      // refusal a moment before the exit itself is reported. The exit is the news.
      const proc = student as StudentProcess | null;
      if (proc && proc.exit === null) {
        await Promise.race([proc.exited, sleep(EXIT_GRACE_MS)]);
      }
      exitAtEnd = proc?.exit ?? null;
      if (err instanceof CheckFailed) saw = err.mismatch.reason;
      else if (!(err instanceof StudentGone)) saw = errorText(err, texts);
      failure = explain(err, student, opts.role, texts, passed);
      if (process.env.SOCKSTEP_DEBUG && !(err instanceof CheckFailed)) console.error(err);
    }
  } finally {
    // The program first (its last words still belong to the narration), then sockstep's sockets.
    await (student as StudentProcess | null)?.close();
    await closeSession(session);
  }

  if (hiddenLines > 0) note(studentActor, "verify.outputMore", { count: hiddenLines });
  for (const s of (student as StudentProcess | null)?.strays ?? [])
    note(studentActor, s.listening ? "verify.strayListening" : "verify.stray", {
      pid: s.pid,
      address: s.listening ?? null,
    });
  let reason: string | undefined;
  if (code === EXIT.interrupted) reason = say("end.interrupted");
  else {
    const proc = student as StudentProcess | null;
    const step = failure ? (current as { id: string; index: number } | null) : null;
    const check = step ? checks.steps[step.index - 1] : undefined;
    const title = step ? texts.of(`step.${step.id}`) : "";
    const total = stepIds.length;
    // A server may not end at all; a client only by itself, with exit code 0.
    const exit = exitAtEnd as Exit | null;
    const crashed =
      failure !== null &&
      exit !== null &&
      (opts.role === "server" || exit.code !== 0 || exit.signal !== null);
    // The program's own words matter when it crashed or never got as far as a check.
    const stderr =
      failure && proc && (exit !== null || !step) ? proc.tail("stderr", TAIL_LINES) : [];
    const rule = crashed ? checks.crashes?.find((r) => r.match.test(stderr.join("\n"))) : undefined;
    let shownFailure = failure;
    let seen: string | null = null;
    if (failure && crashed && step) {
      // The exit heads the verdict; what the check saw of it comes second.
      seen = saw;
      const own = explain(new StudentGone(exit), proc, opts.role, texts, passed);
      shownFailure = { ...failure, reason: own.reason, hint: own.hint };
    }
    if (shownFailure && rule) shownFailure = { ...shownFailure, hint: texts.of(rule.hint) };
    const seeId = crashed ? (rule?.step ?? (step ? checks.exitStep : undefined)) : undefined;
    const see = failure
      ? lessonStep(lesson, seeId ?? failure.teaches ?? check?.teaches ?? "", texts)
      : null;
    const key: MessageKey = !failure
      ? "verify.passLine"
      : !step
        ? "verify.failLineEarly"
        : crashed
          ? "verify.failLineExited"
          : "verify.failLine";
    const text = say(key, {
      lesson: opts.lessonId,
      role: say(`actor.${opts.role}`),
      total,
      index: step?.index ?? 0,
      title,
      how: exit ? exitText(exit, say) : "",
    });
    const run = runFacts();
    const plan = check?.plan ? planLines(check.plan, texts, run) : undefined;
    const rerun = check ? (check.rerun ?? checks.rerun) : undefined;
    const wire = wireNow();
    tracer.emit({
      kind: "verdict",
      actor: "lesson",
      ok: !failure,
      key: failure ? "verify.fail" : "verify.pass",
      text,
      facts: {
        ok: !failure,
        lesson: opts.lessonId,
        role: opts.role,
        passed,
        total,
        check: step?.id ?? null,
        reason: shownFailure?.reason ?? null,
        seen,
        expected: shownFailure?.expected ?? null,
        got: shownFailure?.got ?? null,
        hint: shownFailure?.hint ?? null,
        stderr: stderr.length > 0 ? stderr.join("\n") : null,
        exitCode: crashed ? (exit?.code ?? null) : null,
        signal: crashed ? (exit?.signal ?? null) : null,
      },
      ...(failure && plan ? { plan } : {}),
      ...(failure && step && wire.length > 0 ? { wire } : {}),
      ...(failure && rerun && run.command !== "" ? { rerun: rerunOf(rerun, opts.role, run) } : {}),
      ...(see ? { see } : {}),
    });
    if (shownFailure) {
      reason =
        step && !crashed ? `${text}: ${shownFailure.reason}` : step ? text : shownFailure.reason;
    } else if (opts.record !== false) markVerified(opts.lessonId, opts.role);
  }
  await endSession(session, opts.json, code, reason);
  return code;
}

/** Whatever ended the checks early, as a reason and a hint. */
function explain(
  err: unknown,
  student: StudentProcess | null,
  role: Role,
  texts: Texts,
  passed: number,
): Mismatch {
  const say = texts.say;
  if (err instanceof CheckFailed) return err.mismatch;
  if (err instanceof StudentGone || student?.exit) {
    const exit = err instanceof StudentGone ? err.exit : student!.exit!;
    // A client that fails at once has most often gone to the wrong address.
    const hint =
      role === "server"
        ? say("verify.hint.keepServing")
        : `${say("verify.hint.crash")}${passed === 0 ? ` ${say("verify.hint.clientTarget")}` : ""}`;
    return {
      reason: say(role === "server" ? "verify.fail.serverExited" : "verify.fail.clientExited", {
        how: exitText(exit, say),
      }),
      hint,
    };
  }
  // A socket error (its error event is already in the narration), or a lesson's ctx.fail().
  return { reason: errorText(err, texts) };
}

/** A socket error's meaning in words, or another error's message. */
function errorText(err: unknown, texts: Texts): string {
  if (err instanceof SockError) return texts.of(err.key, err.facts);
  return err instanceof Error ? err.message : String(err);
}

export function exitText(exit: Exit, say: Say): string {
  if (exit.signal) return say("verify.exit.signal", { signal: exit.signal });
  return say("verify.exit.code", { code: exit.code ?? "?" });
}

/** Bytes or text as checks show them: quoted, escaped, with the size in bytes. */
export function shown(data: Uint8Array | string | null, say: Say): string {
  if (data === null) return say("verify.nothing");
  return visible(data);
}

/** Wait until the student's server listens; fail plainly if it exits first or never does. */
async function waitListening(
  ctx: VerifyContext,
  session: Session,
  student: StudentProcess,
  ready: "tcp" | "udp",
  timeoutMs: number,
): Promise<void> {
  const { texts, tracer } = session;
  const say = texts.say;
  const address = formatAddr(ctx.target)!;
  const stopWaiting = tracer.waiting("lesson", "verify.wait.listen", { address }, timeoutMs);
  const started = tracer.now();
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (session.abort.signal.aborted) throw new Interrupted();
      if (student.exit) {
        throw new CheckFailed({
          reason: say("verify.fail.exitedEarly", { how: exitText(student.exit, say), address }),
          hint: say("verify.hint.crash"),
        });
      }
      const probe = ready === "tcp" ? probeTcp : probeUdp;
      const result = await probe(ctx.target, session.abort.signal);
      if (result === "ready") break;
      if (Date.now() >= deadline) {
        throw new CheckFailed(neverListened(ctx, student, ready, result, timeoutMs, say));
      }
      await sleep(50);
    }
  } finally {
    stopWaiting();
  }
  const ms = Math.round((tracer.now() - started) * 100) / 100;
  const key = ready === "tcp" ? "verify.listening.tcp" : "verify.listening.udp";
  tracer.emit({ kind: "note", actor: "server", key, facts: { address, ms } });
}

function neverListened(
  ctx: VerifyContext,
  student: StudentProcess,
  ready: "tcp" | "udp",
  last: Probe,
  timeoutMs: number,
  say: Say,
): Mismatch {
  const address = formatAddr(ctx.target)!;
  const seconds = timeoutMs / 1000;
  const portHint = say("verify.hint.port", { portNumber: ctx.target.port });
  const sockets = groupSockets(student.pid!);
  const where = (proto: string) =>
    sockets
      .filter((s) => s.proto === proto)
      .map((s) => formatAddr({ host: s.address, port: s.port }))
      .join(", ");
  // The most common mistake: a fixed port (12000) instead of the one given.
  const elsewhere = where(ready);
  if (elsewhere) {
    return {
      reason: say("verify.fail.listensElsewhere", { address, seconds, elsewhere }),
      expected: address,
      got: elsewhere,
      hint: portHint,
    };
  }
  // A TCP server where a UDP one belongs, or the other way round.
  const other = ready === "tcp" ? "udp" : "tcp";
  const wrongProto = where(other);
  if (wrongProto) {
    return {
      reason: say("verify.fail.wrongProto", {
        address,
        seconds,
        elsewhere: wrongProto,
        want: ready.toUpperCase(),
        got: other.toUpperCase(),
      }),
      hint: say(ready === "tcp" ? "verify.hint.listenTcp" : "verify.hint.listenUdp"),
    };
  }
  if (ready === "udp" && last === "silent") {
    return {
      reason: say("verify.fail.silentUdp", { address, seconds }),
      hint: say("verify.hint.listenUdp"),
    };
  }
  return {
    reason: say("verify.fail.neverListened", { address, seconds }),
    hint: `${say(ready === "tcp" ? "verify.hint.listenTcp" : "verify.hint.listenUdp")} ${portHint}`,
  };
}

type Probe = "ready" | "refused" | "silent";

/** One TCP connect: accepted means listening. The connection is closed at once. */
function probeTcp(to: Addr, signal: AbortSignal): Promise<Probe> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: to.host, port: to.port });
    const done = (result: Probe) => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      sock.destroy();
      resolve(result);
    };
    const onAbort = () => done("silent");
    const timer = setTimeout(() => done("silent"), 500);
    sock.once("connect", () => done("ready"));
    sock.on("error", (err: NodeJS.ErrnoException) =>
      done(err.code === "ECONNREFUSED" ? "refused" : "silent"),
    );
    signal.addEventListener("abort", onAbort);
  });
}

/**
 * One probe datagram from a connected UDP socket: any answer means the
 * server runs. A connected socket also hears the kernel's ICMP "port
 * unreachable" (ECONNREFUSED), which tells "nothing bound yet" from "bound
 * but silent".
 */
function probeUdp(to: Addr, signal: AbortSignal): Promise<Probe> {
  return new Promise((resolve) => {
    const sock = dgram.createSocket(to.host.includes(":") ? "udp6" : "udp4");
    let settled = false;
    const done = (result: Probe) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      sock.close();
      resolve(result);
    };
    const onAbort = () => done("silent");
    const timer = setTimeout(() => done("silent"), 250);
    sock.on("message", () => done("ready"));
    sock.on("error", (err: NodeJS.ErrnoException) =>
      done(err.code === "ECONNREFUSED" ? "refused" : "silent"),
    );
    signal.addEventListener("abort", onAbort);
    sock.connect(to.port, to.host, () => {
      sock.send("sockstep probe", (err) => {
        if (err) sock.emit("error", err);
      });
    });
  });
}

/** An argument as a shell would need it, for showing the command. */
function shellQuote(arg: string): string {
  return /^[\w@%+=:,./{}-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}
