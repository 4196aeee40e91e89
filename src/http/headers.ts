/**
 * Header fields in wire order. Names keep the case they were sent with (for
 * display); every lookup compares names case-insensitively (RFC 9110 §5.1).
 * Values are kept as the peer's bytes read as latin1, so nothing is lost;
 * escape them before display (trace.ts does).
 */
export type HeaderInit =
  | HeaderList
  | readonly (readonly [string, string])[]
  | Readonly<Record<string, string | number | readonly string[] | undefined>>;

export class HeaderList implements Iterable<[string, string]> {
  private readonly fields: [string, string][] = [];

  constructor(init?: HeaderInit) {
    if (!init) return;
    if (init instanceof HeaderList) {
      for (const [n, v] of init) this.fields.push([n, v]);
    } else if (Array.isArray(init)) {
      for (const [n, v] of init as readonly (readonly [string, string])[]) this.fields.push([n, v]);
    } else {
      for (const [n, v] of Object.entries(init)) {
        // undefined leaves the field out, so `{ Location: cond ? "/" : undefined }` reads naturally.
        if (v === undefined) continue;
        if (Array.isArray(v)) for (const each of v) this.fields.push([n, String(each)]);
        else this.fields.push([n, String(v)]);
      }
    }
  }

  /** All values of `name` joined with ", " (the RFC's rule for list fields); undefined if absent. Use getAll for Set-Cookie. */
  get(name: string): string | undefined {
    const all = this.getAll(name);
    return all.length === 0 ? undefined : all.join(", ");
  }

  getAll(name: string): string[] {
    const key = name.toLowerCase();
    return this.fields.filter(([n]) => n.toLowerCase() === key).map(([, v]) => v);
  }

  has(name: string): boolean {
    const key = name.toLowerCase();
    return this.fields.some(([n]) => n.toLowerCase() === key);
  }

  /** Append a field (a second Set-Cookie, say). */
  add(name: string, value: string | number): this {
    this.fields.push([name, String(value)]);
    return this;
  }

  /** Replace every field of that name with one, at the first one's place (or at the end). */
  set(name: string, value: string | number): this {
    const key = name.toLowerCase();
    const at = this.fields.findIndex(([n]) => n.toLowerCase() === key);
    if (at < 0) return this.add(name, value);
    this.fields[at] = [this.fields[at]![0], String(value)];
    for (let i = this.fields.length - 1; i > at; i--) {
      if (this.fields[i]![0].toLowerCase() === key) this.fields.splice(i, 1);
    }
    return this;
  }

  delete(name: string): this {
    const key = name.toLowerCase();
    for (let i = this.fields.length - 1; i >= 0; i--) {
      if (this.fields[i]![0].toLowerCase() === key) this.fields.splice(i, 1);
    }
    return this;
  }

  /** Comma-separated list tokens of a field, lower-cased (Connection, Transfer-Encoding). */
  tokens(name: string): string[] {
    return this.getAll(name)
      .flatMap((v) => v.split(","))
      .map((t) => t.trim().toLowerCase())
      .filter((t) => t !== "");
  }

  get size(): number {
    return this.fields.length;
  }

  /** [name, value] pairs in wire order (a copy). */
  entries(): [string, string][] {
    return this.fields.map(([n, v]) => [n, v]);
  }

  [Symbol.iterator](): Iterator<[string, string]> {
    return this.entries()[Symbol.iterator]();
  }
}
