/**
 * The trace catalogue: every event sockstep can emit, in one place.
 * `--json` prints these objects as NDJSON; the fields are a public interface
 * (keep them stable, add freely).
 */

export type Actor = "client" | "server" | "network" | "lesson";
export type Kind =
  | "call"
  | "http"
  | "note"
  | "step"
  | "measure"
  | "chart"
  | "verdict"
  | "error"
  | "end";

/** What a note or an error quotes: flat values, so `--json` carries them as they are. */
export type Fact = string | number | boolean | null;
export type Facts = Record<string, Fact>;

export type CallName =
  | "socket"
  | "setsockopt"
  | "bind"
  | "listen"
  | "accept"
  | "connect"
  | "send"
  | "recv"
  | "sendto"
  | "recvfrom"
  | "shutdown"
  | "close";

export type Proto = "udp" | "tcp";

interface Base {
  seq: number;
  /** Milliseconds since the lesson started (0.01 ms resolution). */
  t: number;
  actor: Actor;
}

export interface CallEvent extends Base {
  kind: "call";
  call: CallName;
  proto: Proto;
  /** The socket's name as in the lecture's program (clientSocket, connectionSocket, …). */
  sock: string;
  local: string | null;
  remote: string | null;
  /** Connection id: the client's local port as seen by this side (TCP only). */
  conn?: number | null;
  bytes?: number;
  /** Payload as text, control bytes escaped. */
  data?: string;
  /** How many reads from the kernel a recv gathered (TCP byte stream). */
  chunks?: number;
  /**
   * recv/recvfrom: the byte counts of the kernel reads (read(2), recvmsg(2)) behind this call,
   * in order; empty when every byte came from what Node had already read.
   */
  reads?: number[];
  /**
   * Elapsed time of a call that waits on the network (connect, recv…), in ms;
   * accept: detail.queuedMs. Without the reader's pauses inside the wait.
   */
  ms?: number;
  /** The reader's pause (a step's prompt, a question) inside that wait, in ms, left out of it. */
  paused?: number;
  /** The same call as the lecture's Python would make it. */
  py: string;
  /** The Node API that did the work. */
  node: string;
  /** Extra facts the kernel reported: e.g. "ephemeral" when the OS chose the port. */
  detail?: Record<string, string | number | boolean>;
}

export interface HttpEvent extends Base {
  kind: "http";
  dir: "request" | "response";
  startLine: string;
  headers: [string, string][];
  bodyBytes: number;
  conn: number | null;
  /** Body as text, control bytes escaped and cut to a preview. */
  body?: string;
}

export interface NoteEvent extends Base {
  kind: "note";
  /** Text id, stable across languages: renderers format the text from it and the facts. */
  key: string;
  /**
   * The text, only where it is not a table's sentence (a quiz explanation, a
   * line of the student's program). `--json` always carries it: renderers fill it in.
   */
  text?: string;
  /** True when the note reports something the network emulator did. */
  simulated?: boolean;
  /** The facts the note quotes, so a test can check them. */
  facts?: Facts;
}

export interface StepEvent extends Base {
  kind: "step";
  id: string;
  index: number;
  total: number;
  title: string;
  /** The lecture's lines this step stands for. */
  py?: string[];
}

export interface MeasureEvent extends Base {
  kind: "measure";
  name: string;
  label: string;
  value: number;
  unit: string;
  /** What the model predicts, when there is a model. */
  model?: number;
  /** Per-connection or per-strategy breakdown (connection lessons). */
  facts?: Facts;
}

/** Draw the timeline chart of these measures (by name, in this order). */
export interface ChartEvent extends Base {
  kind: "chart";
  chart: "timeline";
  groups: string[];
}

/** How `verify` ended: PASS, or FAIL with the check, the reason, expected vs got and a hint. */
export interface VerdictEvent extends Base {
  kind: "verdict";
  ok: boolean;
  key: "verify.pass" | "verify.fail";
  /** The headline, e.g. "FAIL · tcp-echo, check 3/6: …". */
  text: string;
  facts: Facts;
  /** A failed check's plan, in order: what sockstep did, then what it expected (sentences). */
  plan?: string[];
  /** What sockstep's own sockets sent and received during the failed check (data escaped as in `call`). */
  wire?: WireEntry[];
  /** How to see the failure by hand, with this run's address: start one, then run the other. */
  rerun?: { start: string; run: string };
  /** The lesson step that teaches the fix. */
  see?: { lesson: string; step: string; index: number; total: number; title: string };
}

export interface WireEntry {
  dir: "sent" | "received";
  call: CallName;
  bytes: number;
  /** Control bytes escaped (`\r\n` shown as `\r\n`); cut when long (`bytes` is the whole size). */
  data: string;
}

export interface ErrorEvent extends Base {
  kind: "error";
  code: string;
  /** The explanation's text id (error.<code> or error.other), with facts; renderers fill in `message`. */
  key: string;
  facts?: Facts;
  message?: string;
  call?: CallName;
  local?: string | null;
  remote?: string | null;
}

export interface EndEvent extends Base {
  kind: "end";
  ok: boolean;
  reason?: string;
}

export type TraceEvent =
  | CallEvent
  | HttpEvent
  | NoteEvent
  | StepEvent
  | MeasureEvent
  | ChartEvent
  | VerdictEvent
  | ErrorEvent
  | EndEvent;

/** An event before the tracer stamps it with seq and t. */
export type Unstamped<E> = E extends TraceEvent ? Omit<E, "seq" | "t"> : never;
export type NewEvent = Unstamped<TraceEvent>;
