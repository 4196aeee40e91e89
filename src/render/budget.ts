/**
 * A narration budget for a terminal that cannot keep up (a class of browsers
 * hitting --serve). Up to `perSecond` events a second go through to the
 * renderer; the rest are counted and summed up in one line when the second is
 * over. Only what is shown is cut: the trace itself (and --json) stays whole,
 * and nothing here ever makes the server wait.
 */
import type { TraceEvent } from "../trace/events.js";
import type { Subscriber } from "../trace/tracer.js";

export interface BudgetOptions {
  /** Events shown per window (default 60). */
  perSecond?: number;
  windowMs?: number;
  /** Clock in ms (tests pass their own). */
  now?: () => number;
}

/** Kinds that are rare and structural: always shown. */
const ALWAYS: ReadonlySet<TraceEvent["kind"]> = new Set(["step", "measure", "end"]);

export interface Budgeted extends Subscriber {
  /** Print the summary of what was held back, if anything (the end of the run calls it too). */
  flush(): void;
}

export function narrationBudget(inner: Subscriber, opts: BudgetOptions): Budgeted {
  const limit = opts.perSecond ?? 60;
  const windowMs = opts.windowMs ?? 1000;
  const now = opts.now ?? (() => performance.now());
  let windowStart = now();
  let shown = 0;
  let dropped = 0;
  let lastSeq = 0;
  let lastT = 0;
  const conns = new Set<number>();
  const requests = { server: 0, other: 0 };
  let timer: NodeJS.Timeout | null = null;

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (dropped === 0) return;
    const count = Math.max(requests.server, requests.other);
    const params = { events: dropped, requests: count, conns: conns.size, limit };
    // A note that exists only on the terminal: the trace is not touched.
    inner({
      seq: lastSeq,
      t: lastT,
      kind: "note",
      actor: "lesson",
      key: "budget.summary",
      facts: params,
    });
    dropped = 0;
    conns.clear();
    requests.server = requests.other = 0;
  };

  const subscriber = ((event: TraceEvent) => {
    const at = now();
    if (at - windowStart >= windowMs) {
      flush();
      windowStart = at;
      shown = 0;
    }
    if (ALWAYS.has(event.kind)) {
      flush();
      inner(event);
      return;
    }
    if (shown < limit) {
      shown++;
      inner(event);
      return;
    }
    dropped++;
    lastSeq = event.seq;
    lastT = event.t;
    if ((event.kind === "call" || event.kind === "http") && typeof event.conn === "number") {
      conns.add(event.conn);
    }
    if (event.kind === "http" && event.dir === "request") {
      if (event.actor === "server") requests.server++;
      else requests.other++;
    }
    if (!timer) {
      timer = setTimeout(flush, Math.max(1, windowStart + windowMs - at));
      timer.unref();
    }
  }) as Budgeted;
  subscriber.flush = flush;
  return subscriber;
}
