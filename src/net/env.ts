import type { Actor, Facts } from "../trace/events.js";
import type { Tracer } from "../trace/tracer.js";

/** Anything that must be closed when the lesson ends, whatever way it ends. */
export interface Closable {
  close(): void | Promise<void>;
}

/** What sockets need from the run they belong to. */
export interface NetEnv {
  tracer: Tracer;
  /** Register something to close; returns the function that unregisters it. */
  track(resource: Closable): () => void;
  signal: AbortSignal;
}

/** A socket call that failed, after its error event was emitted. */
export class SockError extends Error {
  constructor(
    readonly code: string,
    /** The explanation as a text id and its facts, for whoever words the run's end. */
    readonly key: string = "error.other",
    readonly facts: Facts = { code, detail: code },
  ) {
    super(code);
    this.name = "SockError";
  }
}

/** Raised into lesson code when the run is interrupted (Ctrl-C). */
export class Interrupted extends Error {
  constructor() {
    super("interrupted");
    this.name = "Interrupted";
  }
}

export interface WaitOptions {
  timeoutMs?: number;
  /** What the spinner says while this is awaited: a text id and its facts. */
  awaiting?: { key: string; facts?: Facts };
}

/**
 * Everything awaiting Ctrl-C on one signal, behind one listener: a class's
 * hundreds of connections each wait in recv() many times a second, and an
 * EventTarget listener added and removed per wait showed in the profile.
 */
const abortWaiters = new WeakMap<AbortSignal, Set<() => void>>();

function onAbort(signal: AbortSignal, fn: () => void): () => void {
  let set = abortWaiters.get(signal);
  if (!set) {
    const waiters = new Set<() => void>();
    set = waiters;
    abortWaiters.set(signal, waiters);
    signal.addEventListener(
      "abort",
      () => {
        for (const waiter of [...waiters]) waiter();
      },
      { once: true },
    );
  }
  set.add(fn);
  const waiters = set;
  return () => waiters.delete(fn);
}

/**
 * Await one event with a timeout and Ctrl-C. `register` arms listeners and
 * returns their cleanup; it may resolve at once.
 */
export function awaitEvent<T>(
  env: NetEnv,
  actor: Actor,
  opts: WaitOptions,
  register: (resolve: (value: T) => void, reject: (err: Error) => void) => () => void,
  onTimeout: () => Error,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (env.signal.aborted) {
      reject(new Interrupted());
      return;
    }
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let cleanup: () => void = () => {};
    const stopWaiting = opts.awaiting
      ? env.tracer.waiting(actor, opts.awaiting.key, opts.awaiting.facts ?? {}, opts.timeoutMs)
      : () => {};
    const finish = () => {
      settled = true;
      if (timer) clearTimeout(timer);
      unlisten();
      cleanup();
      stopWaiting();
    };
    const unlisten = onAbort(env.signal, () => {
      if (settled) return;
      finish();
      reject(new Interrupted());
    });
    if (opts.timeoutMs !== undefined) {
      timer = setTimeout(() => {
        if (settled) return;
        finish();
        reject(onTimeout());
      }, opts.timeoutMs);
    }
    cleanup = register(
      (value) => {
        if (settled) return;
        finish();
        resolve(value);
      },
      (err) => {
        if (settled) return;
        finish();
        reject(err);
      },
    );
    if (settled) cleanup();
  });
}
