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
 *
 * Step mode draws each step on a clean screen and draws a step again (a
 * replay, a resize): `control()` puts a cursor sequence in line with the
 * lines, `muted` drops what renderers draw while they are fed a step they
 * have seen before, and `paced` off writes a redraw at once under --delay.
 */
export interface SpinnerHost {
  clear(): void;
  redraw(): void;
}

/** A line (ended by a newline) or a control sequence (written as it is). */
interface Piece {
  text: string;
  control?: true;
  /** What one event drew, lines and all (written as it is): one --delay after it. */
  event?: true;
}

export class Output {
  private readonly queue: Piece[] = [];
  private pumping = false;
  private drained: (() => void)[] = [];
  /** Lines and renderer work not written yet, in order. */
  private readonly pending: (Piece | (() => void))[] = [];
  private gathered = "";
  private scheduled = false;
  private flushing = false;
  /** Drop the next blank line: a step's title starts a clean screen on its first row. */
  private skipBlank = false;
  /** Lines to write before the next line, if one comes (a label over what may draw nothing). */
  private heading: string[] | null = null;
  spinner: SpinnerHost | null = null;
  /** Drop lines instead of writing them (renderers catching up on steps already shown). */
  muted = false;
  /** Whether --delay paces lines now; a redraw turns it off so the screen is drawn at once. */
  paced = true;
  /** Under --delay, what the event being drawn has put so far (see event()). */
  private grouped: Piece[] | null = null;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly delayMs = 0,
    private readonly gather = false,
  ) {}

  line(text = ""): void {
    this.put({ text });
  }

  /** A cursor or screen sequence, in order with the lines (no newline after it). */
  control(sequence: string, opts: { skipBlank?: boolean } = {}): void {
    this.put({ text: sequence, control: true });
    if (!opts.skipBlank) return;
    // In order with the lines: now when this is the flush writing them, else when it comes.
    if (this.flushing || !this.gather) this.skipBlank = !this.muted;
    else
      this.pending.push(() => {
        this.skipBlank = !this.muted;
      });
  }

  private put(piece: Piece): void {
    if (this.gather && !this.flushing) {
      this.pending.push(piece);
      this.schedule();
      return;
    }
    if (this.muted) return;
    if (!piece.control) {
      if (this.skipBlank && piece.text === "") {
        this.skipBlank = false;
        return;
      }
      this.skipBlank = false;
      if (this.heading) {
        const heading = this.heading;
        this.heading = null;
        for (const text of heading) this.put({ text });
      }
    }
    if (this.delayMs > 0 && this.paced) {
      if (this.grouped) {
        this.grouped.push(piece);
        return;
      }
      this.queue.push(piece);
      if (!this.pumping) this.pump();
    } else if (this.flushing) {
      this.gathered += render(piece);
    } else {
      this.write(render(piece));
    }
  }

  /**
   * Write these lines before the next line, only if one comes before
   * dropHeading(): a label over events that may draw nothing at all.
   */
  headWith(lines: string[]): void {
    this.heading = this.muted ? null : lines;
  }

  dropHeading(): void {
    this.heading = null;
  }

  /**
   * Draw one event: under --delay its lines go out together and the next
   * event's one delay later, so --delay paces events, not lines (a call of
   * four lines waits as long as a note of one). An event that draws nothing
   * costs no delay.
   */
  event(work: () => void): void {
    if (this.grouped || this.delayMs <= 0) {
      work();
      return;
    }
    this.grouped = [];
    try {
      work();
    } finally {
      const pieces = this.grouped;
      this.grouped = null;
      if (pieces.length > 0) {
        const text = pieces.map(render).join("");
        const lines = pieces.some((p) => !p.control);
        this.queue.push(lines ? { text, control: true, event: true } : { text, control: true });
        if (!this.pumping) this.pump();
      }
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
        if (typeof next !== "function") {
          this.put(next);
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
    if (this.gathered !== "") {
      const text = this.gathered;
      this.gathered = "";
      this.write(text);
    }
  }

  private write(text: string): void {
    this.spinner?.clear();
    this.stream.write(text);
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
    this.write(render(next));
    // A control sequence is no line to read: only lines are paced.
    setTimeout(() => this.pump(), next.control && !next.event ? 0 : this.delayMs);
  }

  /** Resolves once every queued line is out (at once without --delay). */
  drain(): Promise<void> {
    this.flush();
    if (!this.pumping) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  /** Drop what is still queued for pacing (Ctrl-C, or a redraw that draws it anew). */
  discard(): void {
    this.queue.length = 0;
  }
}

function render(piece: Piece): string {
  return piece.control ? piece.text : `${piece.text}\n`;
}
