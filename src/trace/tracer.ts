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
