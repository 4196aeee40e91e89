import type { Closable } from "../net/env.js";

/**
 * Everything a run opened: sockets, servers, relays, timers, child processes.
 * closeAll() runs on every path out (success, failure, Ctrl-C, a thrown error).
 */
export class Resources {
  private readonly open = new Set<Closable>();

  track = (resource: Closable): (() => void) => {
    this.open.add(resource);
    return () => {
      this.open.delete(resource);
    };
  };

  get size(): number {
    return this.open.size;
  }

  async closeAll(): Promise<void> {
    const all = [...this.open].reverse();
    this.open.clear();
    await Promise.allSettled(all.map(async (r) => r.close()));
  }
}
