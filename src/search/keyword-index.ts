// The in-process inverted index behind keyword search: postings of title, abstract, author and category terms and
// per-paper attributes, in typed arrays, updated in place as papers change. Queries run in query-execution.ts.
//
// Results are a function of the papers alone, never of the index's history: statistics (live documents, total
// length, each term's live document frequency) count only live documents, and ties break by paper id. Two app
// instances that have applied the same changes therefore answer identically, whatever order they applied them in.
import { documentTerms } from '../core/analyze.ts';
import { DocTable, HAS_CODE, HIDDEN, LIVE, NO_DAY } from './doc-table.ts';
import { decodeList, EMPTY_PACKED, packedBytes, PostingsWriter, type PackedPostings } from './packed-postings.ts';
import { EmptyCursor, GrowingList, PostingCursor, UnionCursor, type BaseRange, type DocCursor } from './postings.ts';
import { runQuery } from './query-execution.ts';
import { hashText, type IndexDoc, type IndexHits, type IndexQuery, type IndexState } from './index-types.ts';
import { TypoVocabulary, type TypoCandidate } from './typo.ts';

export { BM25 } from './query-execution.ts';
export type { DocFilter, IndexDoc, IndexHit, IndexHits, IndexQuery, IndexSort, IndexState, ScoredTerm } from './index-types.ts';

// Frequencies are stored in a byte; a title word repeated in a long abstract stays far below this.
const MAX_FREQ = 255;
const MAX_LENGTH = 65535;

export class KeywordIndex {
  readonly docs: DocTable;
  readonly #termIds = new Map<string, number>();
  #terms: string[] = [];
  // The base segment: postings of term t are at positions baseStart[t] .. baseStart[t + 1] (terms beyond baseStart's
  // range have none there), their documents packed in blocks (packed-postings.ts), their frequencies in baseFreqs;
  // then tails[t].
  #baseStart: Uint32Array;
  #packed: PackedPostings;
  #baseFreqs: Uint8Array;
  /** Room to decode the longest list into (liveDf, compaction). */
  #scratch = new Uint32Array(0);
  #tails: (GrowingList | undefined)[] = [];
  #tailPostings = 0;
  // Upper bounds for pruning, per term: the highest frequency and the shortest document among its postings.
  #maxFreq = new Uint8Array(1024);
  #minLength = new Uint16Array(1024).fill(MAX_LENGTH);
  // Live document frequency, recounted lazily after documents die.
  #dfEpoch = new Int32Array(1024).fill(-1);
  #dfCache = new Int32Array(1024);
  #deathEpoch = 0;
  /** Documents that died since the last compaction (their postings are still in the lists). */
  #deadPostingsDocs = 0;
  #liveDocs = 0;
  #totalLength = 0;
  readonly #typos = new TypoVocabulary();

  constructor(state?: IndexState) {
    if (!state) {
      this.docs = new DocTable();
      this.#baseStart = new Uint32Array(1);
      this.#packed = EMPTY_PACKED;
      this.#baseFreqs = new Uint8Array(0);
      return;
    }
    this.docs = DocTable.fromColumns(state.docs);
    this.#terms = state.terms;
    this.#tails = new Array<GrowingList | undefined>(state.terms.length).fill(undefined);
    this.#baseStart = state.baseStart;
    this.#packed = state.packed;
    this.#baseFreqs = state.baseFreqs;
    this.#growTerms(this.#terms.length);
    this.#terms.forEach((t, id) => {
      this.#termIds.set(t, id);
      this.#typos.add(id, t);
    });
    for (let d = 0; d < this.docs.count; d++) {
      if (this.docs.isLive(d)) {
        this.#liveDocs++;
        this.#totalLength += this.docs.lengths[d]!;
      }
    }
    if (state.bounds && state.bounds.maxFreq.length === this.#terms.length) {
      this.#maxFreq.set(state.bounds.maxFreq);
      this.#minLength.set(state.bounds.minLength);
    } else this.#recomputeBounds();
  }

  /** The number of live documents. */
  get size(): number {
    return this.#liveDocs;
  }

  get termCount(): number {
    return this.#terms.length;
  }

  /** Returns the id of `term`, or undefined when no paper ever used it. */
  termId(term: string): number | undefined {
    return this.#termIds.get(term);
  }

  termText(id: number): string {
    return this.#terms[id]!;
  }

  /** Whether paper `id` is indexed (hidden or not). */
  has(id: string): boolean {
    return this.docs.docOf(id) !== undefined;
  }

  /** Whether paper `id` is indexed and not hidden by moderators (what every listing shows). */
  isVisible(id: string): boolean {
    const d = this.docs.docOf(id);
    return d !== undefined && (this.docs.flags[d]! & HIDDEN) === 0;
  }

  /** The modified_at (µs) of paper `id` as indexed, or undefined. */
  modifiedOf(id: string): number | undefined {
    const d = this.docs.docOf(id);
    return d === undefined ? undefined : this.docs.modified[d];
  }

  #growTerms(n: number): void {
    if (n <= this.#maxFreq.length) return;
    const cap = Math.max(n, this.#maxFreq.length * 2);
    const grow = <T extends Uint8Array | Uint16Array | Int32Array>(a: T, fill: number): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.fill(fill);
      b.set(a);
      return b;
    };
    this.#maxFreq = grow(this.#maxFreq, 0);
    this.#minLength = grow(this.#minLength, MAX_LENGTH);
    this.#dfEpoch = grow(this.#dfEpoch, -1);
    this.#dfCache = grow(this.#dfCache, 0);
  }

  #termIdOrNew(term: string): number {
    let id = this.#termIds.get(term);
    if (id === undefined) {
      id = this.#terms.length;
      this.#terms.push(term);
      this.#tails.push(undefined);
      this.#termIds.set(term, id);
      this.#growTerms(id + 1);
      this.#typos.add(id, term);
    }
    return id;
  }

  #baseRange(t: number): BaseRange {
    if (t + 1 >= this.#baseStart.length) return { block: 0, count: 0, start: 0 };
    const start = this.#baseStart[t]!;
    return { block: this.#packed.termBlocks[t]!, count: this.#baseStart[t + 1]! - start, start };
  }

  /** Term t's base documents, decoded into a scratch array (valid until the next call). */
  #baseDocsOf(t: number): Uint32Array {
    const r = this.#baseRange(t);
    if (this.#scratch.length < r.count) this.#scratch = new Uint32Array(Math.max(r.count, this.#scratch.length * 2));
    decodeList(this.#packed, r.block, r.count, this.#scratch);
    return this.#scratch.subarray(0, r.count);
  }

  /**
   * Adds or updates a paper. Returns 'added', 'text' (re-indexed under a new document number), 'attributes'
   * (same text: only votes, dates, flags changed) or 'unchanged'.
   */
  upsert(doc: IndexDoc): 'added' | 'text' | 'attributes' | 'unchanged' {
    const hash = hashText(doc);
    const old = this.docs.docOf(doc.id);
    if (old !== undefined && this.docs.textHash[old] === hash) {
      const changed = this.#setAttributes(old, doc);
      return changed ? 'attributes' : 'unchanged';
    }
    if (old !== undefined) this.#kill(old);
    const d = this.docs.allocate(doc.id);
    const { freqs, length } = documentTerms(doc);
    const len = Math.min(length, MAX_LENGTH);
    this.docs.lengths[d] = len;
    this.docs.textHash[d] = hash;
    this.#setAttributes(d, doc);
    this.docs.flags[d]! |= LIVE;
    for (const [term, f] of freqs) {
      const t = this.#termIdOrNew(term);
      let tail = this.#tails[t];
      if (!tail) this.#tails[t] = tail = new GrowingList();
      const freq = Math.min(f, MAX_FREQ);
      tail.push(d, freq);
      if (freq > this.#maxFreq[t]!) this.#maxFreq[t] = freq;
      if (len < this.#minLength[t]!) this.#minLength[t] = len;
    }
    this.#tailPostings += freqs.size;
    this.#liveDocs++;
    this.#totalLength += len;
    return old === undefined ? 'added' : 'text';
  }

  #setAttributes(d: number, doc: IndexDoc): boolean {
    const t = this.docs;
    const published = doc.publishedMs ?? -Infinity;
    const daily = doc.dailyDay ?? NO_DAY;
    const flags = (t.flags[d]! & LIVE) | (doc.hidden ? HIDDEN : 0) | (doc.hasCode ? HAS_CODE : 0);
    const changed = t.published[d] !== published || t.daily[d] !== daily || t.upvotes[d] !== doc.upvotes || t.flags[d] !== flags;
    t.published[d] = published;
    t.daily[d] = daily;
    t.upvotes[d] = doc.upvotes;
    t.flags[d] = flags;
    t.modified[d] = doc.modifiedUs;
    return changed;
  }

  /** Removes paper `id` (deleted from the database); returns whether it was indexed. */
  remove(id: string): boolean {
    const d = this.docs.docOf(id);
    if (d === undefined) return false;
    this.#kill(d);
    return true;
  }

  #kill(d: number): void {
    this.#liveDocs--;
    this.#totalLength -= this.docs.lengths[d]!;
    this.docs.kill(d);
    this.#deathEpoch++;
    this.#deadPostingsDocs++;
  }

  /** Returns the number of live documents with term `t`. */
  liveDf(t: number): number {
    const tail = this.#tails[t];
    const all = PostingCursor.count(this.#baseRange(t), tail);
    if (this.#deadPostingsDocs === 0) return all;
    if (this.#dfEpoch[t] === this.#deathEpoch) return this.#dfCache[t]!;
    let live = 0;
    const flags = this.docs.flags;
    const base = this.#baseDocsOf(t);
    for (let i = 0; i < base.length; i++) live += flags[base[i]!]! & LIVE;
    if (tail) for (let i = 0; i < tail.length; i++) live += flags[tail.docs[i]!]! & LIVE;
    this.#dfEpoch[t] = this.#deathEpoch;
    this.#dfCache[t] = live;
    return live;
  }

  /** Returns terms within `maxEdits` of `term` that live papers use, nearest first. */
  typoCandidates(term: string, maxEdits: number): TypoCandidate[] {
    return this.#typos.lookup(
      term,
      maxEdits,
      (id) => this.#terms[id]!,
      (id) => this.liveDf(id) > 0,
    );
  }

  #cursor(t: number): PostingCursor {
    return new PostingCursor(this.#packed, this.#baseFreqs, this.#baseRange(t), this.#tails[t] ?? null);
  }

  #groupCursor(group: number[]): DocCursor {
    if (group.length === 0) return new EmptyCursor();
    if (group.length === 1) return this.#cursor(group[0]!);
    return new UnionCursor(group.map((t) => this.#cursor(t)));
  }

  /** Whether postings of dead documents or appended lists have grown enough to be worth a compaction. */
  needsCompaction(): boolean {
    const base = this.#baseFreqs.length;
    return this.#tailPostings > Math.max(200_000, base / 4) || this.#deadPostingsDocs > Math.max(1000, this.#liveDocs / 10);
  }

  /** Rebuilds the base segment from every live posting, emptying the appended lists. */
  compact(): void {
    const T = this.#terms.length;
    const flags = this.docs.flags;
    let total = 0;
    for (let t = 0; t < T; t++) total += PostingCursor.count(this.#baseRange(t), this.#tails[t]);
    const writer = new PostingsWriter(T, total);
    const freqs = new Uint8Array(total);
    const starts = new Uint32Array(T + 1);
    const lengths = this.docs.lengths;
    let p = 0;
    for (let t = 0; t < T; t++) {
      starts[t] = p;
      writer.startTerm();
      // The pruning bounds are recomputed on the way, from the postings kept.
      let mf = 0;
      let ml = MAX_LENGTH;
      const keep = (d: number, f: number) => {
        writer.add(d);
        freqs[p++] = f;
        if (f > mf) mf = f;
        const l = lengths[d]!;
        if (l < ml) ml = l;
      };
      const r = this.#baseRange(t);
      if (r.count > 0) {
        const base = this.#baseDocsOf(t);
        for (let i = 0; i < base.length; i++) if (flags[base[i]!]! & LIVE) keep(base[i]!, this.#baseFreqs[r.start + i]!);
      }
      const tail = this.#tails[t];
      if (tail) for (let i = 0; i < tail.length; i++) if (flags[tail.docs[i]!]! & LIVE) keep(tail.docs[i]!, tail.freqs[i]!);
      this.#maxFreq[t] = mf;
      this.#minLength[t] = ml;
    }
    starts[T] = p;
    this.#packed = writer.finish();
    this.#baseFreqs = p === total ? freqs : freqs.slice(0, p);
    this.#baseStart = starts;
    // Dense (not sparse) so appending to a term's list never turns it into a slow dictionary-backed array.
    this.#tails = new Array<GrowingList | undefined>(T).fill(undefined);
    this.#tailPostings = 0;
    this.#deadPostingsDocs = 0;
    this.#deathEpoch++;
    // Decoding room is only needed again at the next compaction or death: not kept at the longest list's size.
    this.#scratch = new Uint32Array(0);
  }

  #recomputeBounds(): void {
    const lengths = this.docs.lengths;
    for (let t = 0; t < this.#terms.length; t++) {
      let mf = 0;
      let ml = MAX_LENGTH;
      const r = this.#baseRange(t);
      if (r.count > 0) {
        const base = this.#baseDocsOf(t);
        for (let i = 0; i < base.length; i++) {
          if (this.#baseFreqs[r.start + i]! > mf) mf = this.#baseFreqs[r.start + i]!;
          const l = lengths[base[i]!]!;
          if (l < ml) ml = l;
        }
      }
      this.#maxFreq[t] = mf;
      this.#minLength[t] = ml;
    }
    this.#scratch = new Uint32Array(0);
  }

  /** The arrays to persist; call compact() first so that nothing is in the appended lists. */
  exportState(): IndexState {
    if (this.#tailPostings > 0 || this.#deadPostingsDocs > 0) this.compact();
    return {
      docs: this.docs.columns(),
      terms: this.#terms,
      baseStart: this.#baseStart,
      packed: this.#packed,
      baseFreqs: this.#baseFreqs,
      bounds: { maxFreq: this.#maxFreq.slice(0, this.#terms.length), minLength: this.#minLength.slice(0, this.#terms.length) },
    };
  }

  /** Memory held by the index, in bytes (typed arrays exactly; strings and maps estimated). */
  memoryBytes(): { postings: number; docs: number; terms: number } {
    let tails = 0;
    for (const t of this.#tails) if (t) tails += t.length * 8 + 80;
    return {
      postings: packedBytes(this.#packed) + this.#baseFreqs.byteLength + this.#baseStart.byteLength + tails,
      docs: this.docs.bytes(),
      terms: this.#terms.length * 80 + this.#maxFreq.byteLength * 12,
    };
  }

  /** The number of postings (including those of dead documents not yet compacted away). */
  get postingCount(): number {
    return this.#baseFreqs.length + this.#tailPostings;
  }

  /** Runs a query: the k best documents by its sort, with the exact number of matches when known. */
  search(q: IndexQuery): IndexHits {
    return runQuery(this, q);
  }

  /** A cursor over term `t`'s postings (for query execution). */
  cursor(t: number): PostingCursor {
    return this.#cursor(t);
  }

  /** A cursor over the documents having any of `group`'s terms. */
  groupCursor(group: number[]): DocCursor {
    return this.#groupCursor(group);
  }

  /** What pruning needs of term `t`: its highest frequency and the shortest document among its postings. */
  bounds(t: number): { maxFreq: number; minLength: number } {
    return { maxFreq: this.#maxFreq[t]!, minLength: this.#minLength[t]! };
  }

  /** The average BM25 length of live documents. */
  get averageLength(): number {
    return this.#totalLength / Math.max(this.#liveDocs, 1);
  }

  /** Whether term `t` is an author term (scored without length normalisation). */
  isAuthorTerm(t: number): boolean {
    return this.#terms[t]!.charCodeAt(0) === 64; // '@'
  }
}
