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
  /** Each field's name lower-cased, made once: every lookup compares against these. */
  private readonly keys: string[] = [];

  constructor(init?: HeaderInit) {
    if (!init) return;
    if (init instanceof HeaderList) {
      for (let i = 0; i < init.fields.length; i++) {
        const [n, v] = init.fields[i]!;
        this.fields.push([n, v]);
        this.keys.push(init.keys[i]!);
      }
    } else if (Array.isArray(init)) {
      for (const [n, v] of init as readonly (readonly [string, string])[]) this.add(n, v);
    } else {
      for (const [n, v] of Object.entries(init)) {
        // undefined leaves the field out, so `{ Location: cond ? "/" : undefined }` reads naturally.
        if (v === undefined) continue;
        if (Array.isArray(v)) for (const each of v) this.add(n, String(each));
        else this.add(n, String(v));
      }
    }
  }

  /** All values of `name` joined with ", " (the RFC's rule for list fields); undefined if absent. Use getAll for Set-Cookie. */
  get(name: string): string | undefined {
    const key = name.toLowerCase();
    let out: string | undefined;
    for (let i = 0; i < this.keys.length; i++) {
      if (this.keys[i] !== key) continue;
      const v = this.fields[i]![1];
      out = out === undefined ? v : `${out}, ${v}`;
    }
    return out;
  }

  getAll(name: string): string[] {
    const key = name.toLowerCase();
    const out: string[] = [];
    for (let i = 0; i < this.keys.length; i++)
      if (this.keys[i] === key) out.push(this.fields[i]![1]);
    return out;
  }

  has(name: string): boolean {
    return this.keys.includes(name.toLowerCase());
  }

  /** Append a field (a second Set-Cookie, say). */
  add(name: string, value: string | number): this {
    this.fields.push([name, String(value)]);
    this.keys.push(name.toLowerCase());
    return this;
  }

  /** Replace every field of that name with one, at the first one's place (or at the end). */
  set(name: string, value: string | number): this {
    const key = name.toLowerCase();
    const at = this.keys.indexOf(key);
    if (at < 0) return this.add(name, value);
    this.fields[at] = [this.fields[at]![0], String(value)];
    for (let i = this.fields.length - 1; i > at; i--) {
      if (this.keys[i] === key) this.remove(i);
    }
    return this;
  }

  delete(name: string): this {
    const key = name.toLowerCase();
    for (let i = this.fields.length - 1; i >= 0; i--) {
      if (this.keys[i] === key) this.remove(i);
    }
    return this;
  }

  private remove(i: number): void {
    this.fields.splice(i, 1);
    this.keys.splice(i, 1);
  }

  /** Comma-separated list tokens of a field, lower-cased (Connection, Transfer-Encoding). */
  tokens(name: string): string[] {
    const key = name.toLowerCase();
    const out: string[] = [];
    for (let i = 0; i < this.keys.length; i++) {
      if (this.keys[i] !== key) continue;
      for (const part of this.fields[i]![1].split(",")) {
        const t = part.trim().toLowerCase();
        if (t !== "") out.push(t);
      }
    }
    return out;
  }

  get size(): number {
    return this.fields.length;
  }

  /** Each field in wire order, without copying the list (a message's hot path reads every field). */
  forEach(fn: (name: string, value: string) => void): void {
    for (const [n, v] of this.fields) fn(n, v);
  }

  /** [name, value] pairs in wire order (a copy). */
  entries(): [string, string][] {
    return this.fields.map(([n, v]) => [n, v]);
  }

  [Symbol.iterator](): Iterator<[string, string]> {
    return this.entries()[Symbol.iterator]();
  }
}
