// Posting lists in typed arrays and the cursors that walk them. A term's list is the part in the frozen base
// segment (one flat Uint32Array of document numbers for all terms, Uint8Array of frequencies beside it) followed
// by the part appended since (a growable list per term). Document numbers only grow, so both parts are sorted
// and the second starts after the first: a cursor walks one and then the other.

/** Past the last document: every cursor ends here. */
export const END = 0xffffffff;

/**
 * A growable posting list for the documents indexed since the base segment was built. Plain arrays of small
 * integers, not typed arrays: a full build appends to hundreds of thousands of them, and a typed array per list
 * (with its separately allocated buffer) made that several times slower; compaction turns them into typed arrays.
 */
export class GrowingList {
  readonly docs: number[] = [];
  readonly freqs: number[] = [];

  get length(): number {
    return this.docs.length;
  }

  push(doc: number, freq: number): void {
    this.docs.push(doc);
    this.freqs.push(freq);
  }
}

/** Walks one term's postings in increasing document order. */
export interface DocCursor {
  /** The current document, or END. */
  doc: number;
  next(): void;
  /** Moves to the first document >= target (never backwards). */
  seek(target: number): void;
}

/** A cursor over a base range and then an appended list; `freq` is the current posting's frequency. */
export class PostingCursor implements DocCursor {
  doc = END;
  #docs: ArrayLike<number>;
  #freqs: ArrayLike<number>;
  #pos: number;
  #end: number;
  #tail: GrowingList | null;

  constructor(docs: Uint32Array, freqs: Uint8Array, start: number, end: number, tail: GrowingList | null) {
    this.#docs = docs;
    this.#freqs = freqs;
    this.#pos = start;
    this.#end = end;
    this.#tail = tail && tail.length > 0 ? tail : null;
    if (start >= end) this.#toTail();
    else this.doc = docs[start]!;
  }

  /** The number of postings, both parts. */
  static count(start: number, end: number, tail: GrowingList | undefined): number {
    return end - start + (tail?.length ?? 0);
  }

  get freq(): number {
    return this.#freqs[this.#pos]!;
  }

  #toTail(): void {
    if (this.#tail) {
      this.#docs = this.#tail.docs;
      this.#freqs = this.#tail.freqs;
      this.#pos = 0;
      this.#end = this.#tail.length;
      this.#tail = null;
      this.doc = this.#docs[0]!;
    } else {
      this.#pos = this.#end;
      this.doc = END;
    }
  }

  next(): void {
    if (++this.#pos < this.#end) this.doc = this.#docs[this.#pos]!;
    else this.#toTail();
  }

  seek(target: number): void {
    if (this.doc >= target) return;
    for (;;) {
      const docs = this.#docs;
      const end = this.#end;
      if (docs[end - 1]! >= target) {
        // Gallop from the current position, then binary-search the last step.
        let lo = this.#pos;
        let step = 1;
        let hi = lo + 1;
        while (hi < end && docs[hi]! < target) {
          lo = hi;
          step *= 2;
          hi = lo + step;
        }
        if (hi > end - 1) hi = end - 1;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (docs[mid]! < target) lo = mid + 1;
          else hi = mid;
        }
        this.#pos = lo;
        this.doc = docs[lo]!;
        return;
      }
      this.#toTail();
      if (this.doc === END || this.doc >= target) return;
    }
  }
}

/** The union of several cursors (a query word and its typo corrections, or its text and author terms). */
export class UnionCursor implements DocCursor {
  doc = END;
  readonly #parts: DocCursor[];

  constructor(parts: DocCursor[]) {
    this.#parts = parts;
    this.#update();
  }

  #update(): void {
    let d = END;
    for (const p of this.#parts) if (p.doc < d) d = p.doc;
    this.doc = d;
  }

  next(): void {
    const d = this.doc;
    for (const p of this.#parts) if (p.doc === d) p.next();
    this.#update();
  }

  seek(target: number): void {
    if (this.doc >= target) return;
    for (const p of this.#parts) p.seek(target);
    this.#update();
  }
}

/** A cursor that matches nothing (a word no paper uses). */
export class EmptyCursor implements DocCursor {
  doc = END;
  next(): void {}
  seek(): void {}
}
