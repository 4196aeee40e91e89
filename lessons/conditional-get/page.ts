import { etagOf, httpDate, toSecond } from "./validators.js";

/** What the page says, in the reader's language (text.ts fills it). */
export type PageRenderer = (version: number, editedAt: string) => string;

export interface PageState {
  version: number;
  bytes: number;
  etag: string;
  lastModified: string;
  lastModifiedMs: number;
  /** When the last edit happened, to the millisecond (the server knows; Last-Modified cannot say). */
  editedAtMs: number;
}

/**
 * The one resource of the lesson: an HTML page with its validators. The ETag
 * is a hash of the bytes, so any edit changes it; Last-Modified is the edit
 * time cut to whole seconds, so two edits within one second share it.
 */
export class Page {
  private body!: Buffer;
  private state!: PageState;

  constructor(
    private readonly render: PageRenderer,
    private readonly clock: () => number = Date.now,
  ) {
    this.set(1);
  }

  private set(version: number): void {
    const editedAtMs = this.clock();
    this.body = Buffer.from(this.render(version, editedClock(editedAtMs)), "utf8");
    const lastModifiedMs = toSecond(editedAtMs);
    this.state = {
      version,
      bytes: this.body.length,
      etag: etagOf(this.body),
      lastModified: httpDate(lastModifiedMs),
      lastModifiedMs,
      editedAtMs,
    };
  }

  get current(): PageState {
    return { ...this.state };
  }

  get content(): Buffer {
    return this.body;
  }

  /** A new version of the page; returns the state before and after. */
  edit(): { before: PageState; after: PageState } {
    const before = this.current;
    this.set(before.version + 1);
    return { before, after: this.current };
  }
}

/** The edit time as the page shows it: UTC, with milliseconds. */
export function editedClock(ms: number): string {
  return `${new Date(ms).toISOString().replace("T", " ").replace("Z", "")} UTC`;
}

/** HH:MM:SS.mmm UTC, for narration of times that HTTP dates cannot hold. */
export function clockTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 23);
}
