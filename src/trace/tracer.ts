import { performance } from "node:perf_hooks";
import type { Facts, NewEvent, TraceEvent } from "./events.js";

export type Subscriber = (event: TraceEvent) => void;

/** Something being awaited (a reply, a connection, a timeout): renderers may show a spinner. */
export interface Wait {
  actor: TraceEvent["actor"];
  /** What is awaited, as a text id and its facts (renderers word it). */
  key: string;
  facts: Facts;
  timeoutMs?: number;
  started: number;
}
export interface WaitSubscriber {
  start(wait: Wait): void;
  end(wait: Wait): void;
}

/**
 * The one bus between instrumented code and renderers. Emit sites publish
 * facts; renderers subscribe. Nothing here knows how an event is shown.
 */
export class Tracer {
  private seq = 0;
  private readonly start = performance.now();
  private readonly subscribers: Subscriber[] = [];
  private readonly waitSubscribers: WaitSubscriber[] = [];
  private ended = false;
  readonly events: TraceEvent[] = [];
  /** Keep every event in memory (replay mode); --serve turns this off. */
  keep = true;
  /** The reader's pauses (a step's prompt, a question), [from, to] on this clock. */
  private readonly pauses: [number, number][] = [];
  private pausedSince: number | null = null;
  private pauseDepth = 0;

  now(): number {
    return Math.round((performance.now() - this.start) * 100) / 100;
  }

  subscribe(fn: Subscriber): void {
    this.subscribers.push(fn);
  }

  subscribeWaits(sub: WaitSubscriber): void {
    this.waitSubscribers.push(sub);
  }

  emit<E extends NewEvent>(event: E): E & { seq: number; t: number } {
    const stamped = { seq: ++this.seq, t: this.now(), ...event } as E & {
      seq: number;
      t: number;
    };
    if (this.ended) return stamped;
    if (stamped.kind === "end") this.ended = true;
    if (this.keep) this.events.push(stamped as TraceEvent);
    for (const fn of this.subscribers) fn(stamped as TraceEvent);
    return stamped;
  }

  /**
   * The run waits for the reader (a pause between steps, a question) until
   * the returned function is called. A wait measured across it (a recv that
   * started before the pause) leaves that time out and says so: the reader's
   * time is not the network's.
   */
  pause(): () => void {
    if (this.pauseDepth++ === 0) this.pausedSince = this.now();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (--this.pauseDepth > 0 || this.pausedSince === null) return;
      this.pauses.push([this.pausedSince, this.now()]);
      this.pausedSince = null;
      // Only waits still running can overlap an old pause; a long --serve keeps none.
      if (this.pauses.length > 64) this.pauses.splice(0, this.pauses.length - 64);
    };
  }

  /** Milliseconds of the reader's pauses between two times on this clock (0.01 ms resolution). */
  pausedBetween(from: number, to: number): number {
    let ms = 0;
    const spans: [number, number][] =
      this.pausedSince === null ? this.pauses : [...this.pauses, [this.pausedSince, this.now()]];
    for (const [a, b] of spans) ms += Math.max(0, Math.min(b, to) - Math.max(a, from));
    return Math.round(ms * 100) / 100;
  }

  /**
   * How long a wait that began at `started` took, without the reader's pauses
   * in it, and those pauses: `paused` only when there was one, so an event
   * without a pause looks as it always did.
   */
  elapsed(started: number): { ms: number; paused?: number } {
    const now = this.now();
    const paused = this.pausedBetween(started, now);
    const ms = Math.max(0, Math.round((now - started - paused) * 100) / 100);
    return paused > 0 ? { ms, paused } : { ms };
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Announce that something is awaited; call the returned function when it is over. */
  waiting(actor: Wait["actor"], key: string, facts: Facts, timeoutMs?: number): () => void {
    const wait: Wait = { actor, key, facts, started: this.now() };
    if (timeoutMs !== undefined) wait.timeoutMs = timeoutMs;
    for (const sub of this.waitSubscribers) sub.start(wait);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      for (const sub of this.waitSubscribers) sub.end(wait);
    };
  }
}
