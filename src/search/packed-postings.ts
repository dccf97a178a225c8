// The base segment's document numbers, compressed: each term's sorted list cut into blocks of BLOCK postings; a
// block keeps its first document in `blockFirst` (what a seek jumps over without decoding) and the gaps to the
// others as variable-length bytes (7 bits a byte, the high bit saying more follow). Gaps of common terms take one
// byte where a Uint32Array took four: at 1M papers 120M postings went from 480 MB to ~170 MB (bench/search.ts).
// Frequencies stay one byte a posting beside it, at the posting's position, so a cursor reads them directly.

/** Postings per block: a seek decodes at most one block; the directory costs 8 bytes per block. */
export const BLOCK = 128;

export interface PackedPostings {
  /** Term t's blocks are termBlocks[t] .. termBlocks[t + 1]; length terms + 1. */
  termBlocks: Uint32Array;
  /** The first document of each block. */
  blockFirst: Uint32Array;
  /** Where each block's gaps start in `bytes`. */
  blockOffset: Uint32Array;
  bytes: Uint8Array;
}

export const EMPTY_PACKED: PackedPostings = {
  termBlocks: new Uint32Array(1),
  blockFirst: new Uint32Array(0),
  blockOffset: new Uint32Array(0),
  bytes: new Uint8Array(0),
};

function grown<T extends Uint8Array | Uint32Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, Math.ceil(a.length * 1.5)));
  b.set(a);
  return b;
}

/** Packs lists term by term, in term order: startTerm(), then add() each document of it in increasing order. */
export class PostingsWriter {
  #termBlocks: Uint32Array;
  #blockFirst: Uint32Array;
  #blockOffset: Uint32Array;
  #bytes: Uint8Array;
  #terms = 0;
  #blocks = 0;
  #length = 0;
  #inBlock = 0;
  #prev = 0;

  /** `postings`: the expected total, to size the buffers (they grow when it is exceeded). */
  constructor(terms: number, postings: number) {
    this.#termBlocks = new Uint32Array(terms + 1);
    const blocks = Math.ceil(postings / BLOCK) + terms;
    this.#blockFirst = new Uint32Array(Math.max(16, Math.min(blocks, postings + 1)));
    this.#blockOffset = new Uint32Array(this.#blockFirst.length);
    this.#bytes = new Uint8Array(Math.max(64, Math.ceil(postings * 1.5)));
  }

  startTerm(): void {
    this.#termBlocks = grown(this.#termBlocks, this.#terms + 2);
    this.#termBlocks[this.#terms++] = this.#blocks;
    this.#termBlocks[this.#terms] = this.#blocks;
    this.#inBlock = 0;
  }

  add(doc: number): void {
    if (this.#inBlock === 0) {
      this.#blockFirst = grown(this.#blockFirst, this.#blocks + 1);
      this.#blockOffset = grown(this.#blockOffset, this.#blocks + 1);
      this.#blockFirst[this.#blocks] = doc;
      this.#blockOffset[this.#blocks] = this.#length;
      this.#blocks++;
      this.#termBlocks[this.#terms] = this.#blocks;
    } else {
      let gap = doc - this.#prev;
      if (this.#length + 5 > this.#bytes.length) this.#bytes = grown(this.#bytes, this.#length + 5);
      const bytes = this.#bytes;
      while (gap >= 0x80) {
        bytes[this.#length++] = (gap & 0x7f) | 0x80;
        gap >>>= 7;
      }
      bytes[this.#length++] = gap;
    }
    this.#prev = doc;
    if (++this.#inBlock === BLOCK) this.#inBlock = 0;
  }

  finish(): PackedPostings {
    return {
      termBlocks: this.#termBlocks.slice(0, this.#terms + 1),
      blockFirst: this.#blockFirst.slice(0, this.#blocks),
      blockOffset: this.#blockOffset.slice(0, this.#blocks),
      bytes: this.#bytes.slice(0, this.#length),
    };
  }
}

/**
 * Decodes block `block` (holding `length` postings) into `out` from index 0; returns `length`. The hot loop of
 * every query: one byte per gap in the common case.
 */
export function decodeBlock(p: PackedPostings, block: number, length: number, out: Uint32Array): number {
  const bytes = p.bytes;
  let at = p.blockOffset[block]!;
  let doc = p.blockFirst[block]!;
  out[0] = doc;
  for (let i = 1; i < length; i++) {
    let b = bytes[at++]!;
    if (b < 0x80) {
      // One byte: most gaps of the lists queries walk longest.
      doc += b;
      out[i] = doc;
      continue;
    }
    let gap = b & 0x7f;
    let shift = 7;
    do {
      b = bytes[at++]!;
      gap += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    doc += gap;
    out[i] = doc;
  }
  return length;
}

/** Decodes every document of a term whose list (of `count` postings) starts at block `first`, into `out`. */
export function decodeList(p: PackedPostings, first: number, count: number, out: Uint32Array): void {
  for (let i = 0, block = first; i < count; i += BLOCK, block++) {
    const n = Math.min(BLOCK, count - i);
    if (i === 0) decodeBlock(p, block, n, out);
    else decodeBlock(p, block, n, out.subarray(i));
  }
}

/** Packs flat lists (term t's documents are docs[starts[t] .. starts[t + 1])), as format-1 snapshots kept them. */
export function packFlat(starts: Uint32Array, docs: Uint32Array): PackedPostings {
  const terms = starts.length - 1;
  const w = new PostingsWriter(terms, docs.length);
  for (let t = 0; t < terms; t++) {
    w.startTerm();
    for (let i = starts[t]!; i < starts[t + 1]!; i++) w.add(docs[i]!);
  }
  return w.finish();
}

/** Bytes held. */
export function packedBytes(p: PackedPostings): number {
  return p.termBlocks.byteLength + p.blockFirst.byteLength + p.blockOffset.byteLength + p.bytes.byteLength;
}
