// Per-document attributes of the keyword index, in typed arrays indexed by document number: what ranking,
// filtering and sorting read for every candidate, so a query never goes to the database until it has its page.
// A paper keeps its document number while only its attributes change (votes, hiding, featuring); a paper whose
// text changes gets a new number and the old one dies (its postings are dropped at the next compaction).

export const LIVE = 1;
export const HIDDEN = 2;
export const HAS_CODE = 4;
/** daily[] of a paper never featured on the daily page. */
export const NO_DAY = -2147483648;

/** The columns of the table, as stored in a snapshot. */
export interface DocColumns {
  ids: string[];
  lengths: Uint16Array;
  published: Float64Array;
  daily: Int32Array;
  upvotes: Int32Array;
  flags: Uint8Array;
  modified: Float64Array;
  textHash: Int32Array;
}

export class DocTable {
  ids: string[] = [];
  lengths = new Uint16Array(1024);
  /** Milliseconds since 1970 of the first version; -Infinity when unknown. */
  published = new Float64Array(1024);
  /** Days since 1970 of the day featured on the daily page, or NO_DAY. */
  daily = new Int32Array(1024);
  upvotes = new Int32Array(1024);
  flags = new Uint8Array(1024);
  /** papers.modified_at in microseconds since 1970, to skip rows already seen. */
  modified = new Float64Array(1024);
  /** A hash of the indexed text: an unchanged text keeps its postings. */
  textHash = new Int32Array(1024);
  readonly #byId = new Map<string, number>();

  /** The number of document numbers handed out (live or not). */
  get count(): number {
    return this.ids.length;
  }

  /** Returns the live document number of paper `id`, or undefined. */
  docOf(id: string): number | undefined {
    return this.#byId.get(id);
  }

  /** Hands out the next document number for paper `id` (whose previous number, if any, must be dead). */
  allocate(id: string): number {
    const d = this.ids.length;
    if (d === this.lengths.length) this.#grow(d * 2);
    this.ids.push(id);
    this.#byId.set(id, d);
    return d;
  }

  /** Marks document `d` dead: it no longer stands for its paper. */
  kill(d: number): void {
    this.flags[d] = 0;
    if (this.#byId.get(this.ids[d]!) === d) this.#byId.delete(this.ids[d]!);
  }

  isLive(d: number): boolean {
    return (this.flags[d]! & LIVE) !== 0;
  }

  #grow(capacity: number): void {
    const grow = <T extends Uint16Array | Float64Array | Int32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(capacity);
      b.set(a);
      return b;
    };
    this.lengths = grow(this.lengths);
    this.published = grow(this.published);
    this.daily = grow(this.daily);
    this.upvotes = grow(this.upvotes);
    this.flags = grow(this.flags);
    this.modified = grow(this.modified);
    this.textHash = grow(this.textHash);
  }

  /** Returns a copy of the columns, trimmed to the documents handed out (a snapshot is written from it while updates go on). */
  columns(): DocColumns {
    const n = this.count;
    return {
      ids: this.ids.slice(),
      lengths: this.lengths.slice(0, n),
      published: this.published.slice(0, n),
      daily: this.daily.slice(0, n),
      upvotes: this.upvotes.slice(0, n),
      flags: this.flags.slice(0, n),
      modified: this.modified.slice(0, n),
      textHash: this.textHash.slice(0, n),
    };
  }

  /** Returns a table holding `c` (as read from a snapshot). */
  static fromColumns(c: DocColumns): DocTable {
    const t = new DocTable();
    const n = c.ids.length;
    t.#grow(Math.max(1024, n));
    t.ids = c.ids;
    t.lengths.set(c.lengths);
    t.published.set(c.published);
    t.daily.set(c.daily);
    t.upvotes.set(c.upvotes);
    t.flags.set(c.flags);
    t.modified.set(c.modified);
    t.textHash.set(c.textHash);
    for (let d = 0; d < n; d++) if (t.flags[d]! & LIVE) t.#byId.set(c.ids[d]!, d);
    return t;
  }

  /** Bytes held by the columns (the id strings estimated). */
  bytes(): number {
    return (
      this.lengths.byteLength +
      this.published.byteLength +
      this.daily.byteLength +
      this.upvotes.byteLength +
      this.flags.byteLength +
      this.modified.byteLength +
      this.textHash.byteLength +
      this.count * 48
    );
  }
}
