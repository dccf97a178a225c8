// The best k documents seen so far, as a binary heap whose root is the worst of them. Documents are ordered by
// two numeric keys (score, then date; or date alone...) and finally by paper id, so that ties break the same
// way in every app instance whatever their internal document numbers.

export class TopK {
  readonly k: number;
  readonly #docs: Int32Array;
  readonly #key1: Float64Array;
  readonly #key2: Float64Array;
  readonly #idOf: (doc: number) => string;
  size = 0;

  constructor(k: number, idOf: (doc: number) => string) {
    this.k = k;
    this.#docs = new Int32Array(k);
    this.#key1 = new Float64Array(k);
    this.#key2 = new Float64Array(k);
    this.#idOf = idOf;
  }

  get full(): boolean {
    return this.size >= this.k;
  }

  /** The first key of the worst document kept (the score to beat once full), or -Infinity while not full. */
  get threshold(): number {
    return this.size >= this.k ? this.#key1[0]! : -Infinity;
  }

  // Whether the entry at heap position i ranks below (doc, k1, k2).
  #worseThan(i: number, doc: number, k1: number, k2: number): boolean {
    const a = this.#key1[i]!;
    if (a !== k1) return a < k1;
    const b = this.#key2[i]!;
    if (b !== k2) return b < k2;
    return this.#idOf(this.#docs[i]!) > this.#idOf(doc);
  }

  /** Offers a document; returns whether it was kept. */
  offer(doc: number, k1: number, k2: number): boolean {
    if (this.k === 0) return false;
    if (this.size < this.k) {
      this.#siftUp(this.size++, doc, k1, k2);
      return true;
    }
    if (!this.#worseThan(0, doc, k1, k2)) return false;
    this.#siftDown(0, doc, k1, k2);
    return true;
  }

  // Places (doc, k1, k2) at i or above: while it ranks below its parent, the parent moves down.
  #siftUp(i: number, doc: number, k1: number, k2: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      // Stop once the parent is already worse than (or as bad as) the newcomer.
      if (this.#worseThan(parent, doc, k1, k2)) break;
      this.#move(parent, i);
      i = parent;
    }
    this.#set(i, doc, k1, k2);
  }

  // Replaces the root and restores the heap: the worse child moves up while it ranks below the newcomer.
  #siftDown(i: number, doc: number, k1: number, k2: number): void {
    const n = this.size;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const worst = r < n && this.#worseThan(r, this.#docs[l]!, this.#key1[l]!, this.#key2[l]!) ? r : l;
      if (!this.#worseThan(worst, doc, k1, k2)) break;
      this.#move(worst, i);
      i = worst;
    }
    this.#set(i, doc, k1, k2);
  }

  #move(from: number, to: number): void {
    this.#docs[to] = this.#docs[from]!;
    this.#key1[to] = this.#key1[from]!;
    this.#key2[to] = this.#key2[from]!;
  }

  #set(i: number, doc: number, k1: number, k2: number): void {
    this.#docs[i] = doc;
    this.#key1[i] = k1;
    this.#key2[i] = k2;
  }

  /** Returns the kept documents, best first, with their first key. */
  sorted(): { doc: number; key: number }[] {
    const out: { doc: number; key: number; key2: number }[] = [];
    for (let i = 0; i < this.size; i++) out.push({ doc: this.#docs[i]!, key: this.#key1[i]!, key2: this.#key2[i]! });
    out.sort((a, b) => b.key - a.key || b.key2 - a.key2 || (this.#idOf(a.doc) < this.#idOf(b.doc) ? -1 : 1));
    return out.map(({ doc, key }) => ({ doc, key }));
  }
}
