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
// Trailing letters of a query word that may be an unstemmed suffix, and the shortest stem left after dropping them.
const MAX_TAIL = 3;
const MIN_STEM = 4;

/**
 * The letters-only terms of a dictionary, bucketed by first letter and length, with their letter masks. Only
 * terms with the query word's first letter are candidates: people rarely mistype the first letter, and the scan
 * shrinks twentyfold. Terms are only ever added (a term whose papers all went away is skipped by the caller
 * through its document frequency).
 */
export class TypoVocabulary {
  // [first letter a-z][length] -> term ids
  readonly #buckets: number[][][] = Array.from({ length: 26 }, () => Array.from({ length: MAX_LENGTH + 1 }, () => []));
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
    this.#buckets[term.charCodeAt(0) - 97]![term.length]!.push(termId);
  }

  /**
   * Returns the terms within `maxEdits` of `term` (never the term itself), nearest first. Dictionary terms are
   * stems, so up to MAX_TAIL trailing letters of `term` are free: the typo "decodng" is 0 edits from the stem
   * "decod" once "ng" is dropped; such a match still counts as one edit, since it is not what was typed.
   * `termOf` gives a term's text; `keep` drops candidates the caller does not want (no live papers).
   */
  lookup(term: string, maxEdits: number, termOf: (id: number) => string, keep: (id: number) => boolean): TypoCandidate[] {
    if (maxEdits <= 0 || !/^[a-z]/.test(term)) return [];
    const byLength = this.#buckets[term.charCodeAt(0) - 97]!;
    const variants: { text: string; mask: number }[] = [];
    for (let tail = 0; tail <= MAX_TAIL && term.length - tail >= MIN_STEM; tail++) {
      const text = term.slice(0, term.length - tail);
      variants.push({ text, mask: letterMask(text) });
    }
    const out: TypoCandidate[] = [];
    // A correction as short as half the word is another word, not a spelling of it.
    const lo = Math.max(2, Math.ceil(term.length / 2), term.length - MAX_TAIL - 1);
    const hi = Math.min(MAX_LENGTH, term.length + maxEdits);
    for (let len = lo; len <= hi; len++) {
      for (const id of byLength[len]!) {
        const m = this.#masks[id]!;
        let best = maxEdits + 1;
        let candidate: string | null = null;
        for (let i = 0; i < variants.length; i++) {
          const v = variants[i]!;
          // With a suffix dropped, one edit at most: the dropped letters already changed the word.
          const allowed = i === 0 ? maxEdits : Math.min(1, maxEdits);
          // Each edit changes the set of letters by at most two.
          if (Math.abs(v.text.length - len) > allowed || popcount(v.mask ^ m) > 2 * allowed) continue;
          candidate ??= termOf(id);
          const d = editDistance(v.text, candidate, allowed);
          if (d <= allowed && d < best) best = d;
        }
        if (candidate === null || candidate === term || best > maxEdits || !keep(id)) continue;
        out.push({ termId: id, distance: Math.max(1, best) });
      }
    }
    return out.sort((a, b) => a.distance - b.distance);
  }
}
