/**
 * The terminal writer: lines go out in order, optionally paced by --delay,
 * and a spinner (if any) is cleared before a line and redrawn after it.
 *
 * With `gather` (a lesson's terminal) and without --delay, lines (and
 * renderer work handed over with later()) are gathered and written at the
 * end of the current turn of the event loop, in one write with one spinner
 * redraw. Rendering then happens while the
 * sockets wait, not between a recv and the send it causes: the timings a
 * connection lesson measures stay the network's, not the terminal's.
 * drain() writes whatever is gathered at once.
 */
export interface SpinnerHost {
  clear(): void;
  redraw(): void;
}

export class Output {
  private readonly queue: string[] = [];
  private pumping = false;
  private drained: (() => void)[] = [];
  /** Lines and renderer work not written yet, in order. */
  private readonly pending: (string | (() => void))[] = [];
  private readonly gathered: string[] = [];
  private scheduled = false;
  private flushing = false;
  spinner: SpinnerHost | null = null;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly delayMs = 0,
    private readonly gather = false,
  ) {}

  line(text = ""): void {
    if (this.gather && !this.flushing) {
      this.pending.push(text);
      this.schedule();
    } else if (this.delayMs > 0) {
      this.queue.push(text);
      if (!this.pumping) this.pump();
    } else if (this.flushing) {
      this.gathered.push(text);
    } else {
      this.write(text);
    }
  }

  /** Run a renderer's work after this turn of the event loop, in order with the lines around it. */
  later(work: () => void): void {
    if (!this.gather && this.pending.length === 0) {
      work();
      return;
    }
    this.pending.push(work);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Do the gathered work and write the gathered lines now. */
  flush(): void {
    this.scheduled = false;
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.pending.length > 0) {
        const next = this.pending.shift()!;
        if (typeof next === "string") {
          this.line(next);
          continue;
        }
        try {
          next();
        } catch (err) {
          // A renderer's slip must not take the run down; the trace itself is whole.
          if (process.env.SOCKSTEP_DEBUG) console.error(err);
        }
      }
    } finally {
      this.flushing = false;
    }
    if (this.gathered.length > 0) {
      const text = this.gathered.join("\n");
      this.gathered.length = 0;
      this.write(text);
    }
  }

  private write(text: string): void {
    this.spinner?.clear();
    this.stream.write(`${text}\n`);
    this.spinner?.redraw();
  }

  private pump(): void {
    const next = this.queue.shift();
    if (next === undefined) {
      this.pumping = false;
      for (const fn of this.drained.splice(0)) fn();
      return;
    }
    this.pumping = true;
    this.write(next);
    setTimeout(() => this.pump(), this.delayMs);
  }

  /** Resolves once every queued line is out (at once without --delay). */
  drain(): Promise<void> {
    this.flush();
    if (!this.pumping) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  /** Drop what is still queued for pacing (Ctrl-C). */
  discard(): void {
    this.queue.length = 0;
  }
}
