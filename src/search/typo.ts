// Typo tolerance: finds the index's own terms within a small edit distance of a query term that has few or no
// postings ("trasnformer" finds "transform"). The index dictionary is the only vocabulary, so suggestions are
// always words some paper uses. A scan with two cheap filters (length, and which letters occur) before the
// exact distance keeps a lookup over hundreds of thousands of terms to a few milliseconds; it only runs for
// the rare query terms that need it.

/** How many edits a query term of `length` letters may need: none for short words, where a typo is another word. */
export function allowedEdits(length: number): number {
  if (length < 5) return 0;
  return length < 8 ? 1 : 2;
}

/**
 * Returns the optimal-string-alignment distance of a and b (insertions, deletions, substitutions and
 * transpositions of neighbours count one each), or max + 1 as soon as it must exceed `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const n = b.length;
  let prev2 = new Int32Array(n + 1);
  let prev = new Int32Array(n + 1);
  let cur = new Int32Array(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const cb = b.charCodeAt(j - 1);
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]! <= max ? prev[n]! : max + 1;
}

/** A bit per letter a-z (and one for digits) that occurs in the word. */
export function letterMask(word: string): number {
  let m = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    m |= c >= 97 && c <= 122 ? 1 << (c - 97) : 1 << 26;
  }
  return m;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export interface TypoCandidate {
  termId: number;
  distance: number;
}

// Terms longer than this are never typo targets (they are rare junk, and the buckets stay small).
const MAX_LENGTH = 40;

/**
 * The letters-only terms of a dictionary, bucketed by length with their letter masks. Terms are only ever
 * added (a term whose papers all went away is skipped by the caller through its document frequency).
 */
export class TypoVocabulary {
  readonly #byLength: number[][] = Array.from({ length: MAX_LENGTH + 1 }, () => []);
  #masks = new Int32Array(1024);

  /** Registers term `termId`; terms that are not plain lowercase words are ignored. */
  add(termId: number, term: string): void {
    if (term.length < 2 || term.length > MAX_LENGTH || !/^[a-z]+$/.test(term)) return;
    if (termId >= this.#masks.length) {
      const grown = new Int32Array(Math.max(termId + 1, this.#masks.length * 2));
      grown.set(this.#masks);
      this.#masks = grown;
    }
    this.#masks[termId] = letterMask(term);
    this.#byLength[term.length]!.push(termId);
  }

  /**
   * Returns the terms within `maxEdits` of `term` (never the term itself), nearest first.
   * `termOf` gives a term's text; `keep` drops candidates the caller does not want (no live papers).
   */
  lookup(term: string, maxEdits: number, termOf: (id: number) => string, keep: (id: number) => boolean): TypoCandidate[] {
    if (maxEdits <= 0) return [];
    const mask = letterMask(term);
    const out: TypoCandidate[] = [];
    const lo = Math.max(2, term.length - maxEdits);
    const hi = Math.min(MAX_LENGTH, term.length + maxEdits);
    for (let len = lo; len <= hi; len++) {
      for (const id of this.#byLength[len]!) {
        // Each edit changes the set of letters by at most two.
        if (popcount(mask ^ this.#masks[id]!) > 2 * maxEdits) continue;
        const candidate = termOf(id);
        if (candidate === term) continue;
        const d = editDistance(term, candidate, maxEdits);
        if (d <= maxEdits && keep(id)) out.push({ termId: id, distance: d });
      }
    }
    return out.sort((a, b) => a.distance - b.distance);
  }
}
