// Posting lists and the cursors that walk them. A term's list is the part in the frozen base segment (document
// numbers packed in blocks, packed-postings.ts; a Uint8Array of frequencies beside them) followed by the part
// appended since (a growable list per term). Document numbers only grow, so both parts are sorted
// and the second starts after the first: a cursor walks one and then the other.

import { BLOCK, decodeBlock, type PackedPostings } from './packed-postings.ts';

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

/** Where a term's list lies in the packed base segment. */
export interface BaseRange {
  /** Its first block. */
  block: number;
  /** Its number of postings there. */
  count: number;
  /** The position of its first posting (frequencies are at their postings' positions). */
  start: number;
}

/** A cursor over a term's packed base list and then its appended list; `freq` is the current posting's frequency. */
export class PostingCursor implements DocCursor {
  doc = END;
  readonly #packed: PackedPostings;
  readonly #baseFreqs: Uint8Array;
  // The decoded block (base) or the appended list's arrays (tail), and where the cursor is in it.
  #docs: ArrayLike<number>;
  #freqs: ArrayLike<number>;
  #freqAt = 0;
  #i = 0;
  #len = 0;
  // Base blocks: the current one, the end of the term's, and the position of the current block's first posting.
  #block: number;
  readonly #blockEnd: number;
  readonly #count: number;
  readonly #first: number;
  readonly #start: number;
  #tail: GrowingList | null;
  readonly #buf: Uint32Array;

  constructor(packed: PackedPostings, freqs: Uint8Array, base: BaseRange, tail: GrowingList | null) {
    this.#packed = packed;
    this.#baseFreqs = freqs;
    this.#block = base.block;
    this.#first = base.block;
    this.#start = base.start;
    this.#count = base.count;
    this.#blockEnd = base.block + Math.ceil(base.count / BLOCK);
    this.#tail = tail && tail.length > 0 ? tail : null;
    this.#buf = new Uint32Array(base.count > 0 ? Math.min(BLOCK, base.count) : 0);
    this.#docs = this.#buf;
    this.#freqs = freqs;
    this.#freqAt = base.start;
    if (base.count > 0) this.#enter(base.block);
    else this.#toTail();
  }

  /** The number of postings, both parts. */
  static count(base: BaseRange, tail: GrowingList | undefined): number {
    return base.count + (tail?.length ?? 0);
  }

  get freq(): number {
    return this.#freqs[this.#freqAt + this.#i]!;
  }

  /** Decodes base block `block` and stands on its first posting. */
  #enter(block: number): void {
    const k = block - this.#first;
    this.#block = block;
    this.#len = decodeBlock(this.#packed, block, Math.min(BLOCK, this.#count - k * BLOCK), this.#buf);
    this.#freqs = this.#baseFreqs;
    this.#freqAt = this.#start + k * BLOCK;
    this.#i = 0;
    this.doc = this.#buf[0]!;
  }

  #toTail(): void {
    if (this.#tail) {
      this.#docs = this.#tail.docs;
      this.#freqs = this.#tail.freqs;
      this.#freqAt = 0;
      this.#i = 0;
      this.#len = this.#tail.length;
      this.#tail = null;
      this.#block = this.#blockEnd;
      this.doc = this.#docs[0]!;
    } else {
      this.#i = this.#len;
      this.doc = END;
    }
  }

  next(): void {
    if (++this.#i < this.#len) this.doc = this.#docs[this.#i]!;
    else this.#nextPart();
  }

  /** Past the current block or list: the next block, the appended list, or the end. */
  #nextPart(): void {
    if (this.#docs === this.#buf && this.#block + 1 < this.#blockEnd) this.#enter(this.#block + 1);
    else if (this.#docs === this.#buf) this.#toTail();
    else {
      this.#i = this.#len;
      this.doc = END;
    }
  }

  seek(target: number): void {
    if (this.doc >= target) return;
    if (this.#docs === this.#buf) {
      if (this.#buf[this.#len - 1]! < target) {
        // Past this block: the last block starting at or before target (galloping over the directory), if any.
        const firsts = this.#packed.blockFirst;
        const end = this.#blockEnd;
        let lo = this.#block + 1;
        if (lo >= end) {
          this.#toTail();
          this.#seekHere(target);
          return;
        }
        if (firsts[lo]! > target) {
          this.#enter(lo);
          return;
        }
        let step = 1;
        let hi = lo + 1;
        while (hi < end && firsts[hi]! <= target) {
          lo = hi;
          step *= 2;
          hi = lo + step;
        }
        if (hi > end) hi = end;
        // firsts[lo] <= target; the answer is in block lo or starts block lo + 1.
        while (hi - lo > 1) {
          const mid = (lo + hi) >>> 1;
          if (firsts[mid]! <= target) lo = mid;
          else hi = mid;
        }
        this.#enter(lo);
        if (this.#buf[this.#len - 1]! < target) {
          if (lo + 1 < end) this.#enter(lo + 1);
          else {
            this.#toTail();
            this.#seekHere(target);
          }
          return;
        }
      }
    }
    this.#seekHere(target);
  }

  /** Moves within the current block or appended list to the first document >= target (or on to what follows). */
  #seekHere(target: number): void {
    if (this.doc >= target) return;
    const docs = this.#docs;
    const end = this.#len;
    if (docs[end - 1]! < target) {
      this.#i = end - 1;
      this.next();
      if (this.doc < target) this.seek(target);
      return;
    }
    let lo = this.#i;
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
    this.#i = lo;
    this.doc = docs[lo]!;
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
