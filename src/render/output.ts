/**
 * The terminal writer: lines go out in order, optionally paced by --delay,
 * and a spinner (if any) is cleared before a line and redrawn after it.
 */
export interface SpinnerHost {
  clear(): void;
  redraw(): void;
}

export class Output {
  private readonly queue: string[] = [];
  private pumping = false;
  private drained: (() => void)[] = [];
  spinner: SpinnerHost | null = null;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly delayMs = 0,
  ) {}

  line(text = ""): void {
    if (this.delayMs <= 0) {
      this.write(text);
      return;
    }
    this.queue.push(text);
    if (!this.pumping) this.pump();
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
    if (!this.pumping) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  /** Drop what is still queued (Ctrl-C). */
  discard(): void {
    this.queue.length = 0;
  }
}
