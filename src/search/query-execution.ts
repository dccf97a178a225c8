// Query execution over the keyword index: filters, exclusions, required groups and BM25 ranking into a top-k heap.
// Ranking walks posting lists document-at-a-time and skips documents that cannot enter the top k (MaxScore), so a
// broad query such as "language model" scores a small fraction of its matches; PostgreSQL's ts_rank must score
// every one. Ties break by date, then paper id, never by internal document numbers: two app instances agree.
import { HAS_CODE, HIDDEN, LIVE, NO_DAY } from './doc-table.ts';
import type { IndexHits, IndexQuery, IndexSort, KeywordIndex, ScoredTerm } from './keyword-index.ts';
import { END, UnionCursor, type PostingCursor } from './postings.ts';
import { TopK } from './top-k.ts';

/** Textbook BM25 constants. */
export const BM25 = { k1: 1.2, b: 0.75 } as const;

// Pruning compares floating-point sums taken in different orders; this margin keeps it from ever dropping a
// document whose exact score ties the k-th (the tie then breaks by paper id, as everywhere).
const PRUNE_MARGIN = 1e-9;

// Author terms (prefixed "@") rank without length normalisation: a long abstract says nothing about a name.
function isAuthorTerm(index: KeywordIndex, t: number): boolean {
  return index.termText(t).charCodeAt(0) === 64;
}

/** Runs a query on `index`: the k best documents by its sort, with the exact number of matches when known. */
export function runQuery(index: KeywordIndex, q: IndexQuery): IndexHits {
  const heap = new TopK(Math.max(0, q.k), (d) => index.docs.ids[d]!);
  if (q.required.some((g) => g.length === 0)) return { hits: [], total: 0 };
  const accept = acceptor(index, q);
  const N = Math.max(index.size, 1);
  const avgLength = index.averageLength;
  const scorers = q.scored.map((s) => new TermScorer(index, s, N, avgLength)).filter((s) => s.upperBound > 0);
  // Words that no live paper uses match nothing (they do not turn into "everything in the category").
  if (q.scored.length > 0 && scorers.length === 0 && (q.required.length === 0 || q.sort === 'relevance')) return { hits: [], total: 0 };
  // Nothing to rank by: relevance means newest first.
  const sort = q.sort === 'relevance' && scorers.length === 0 ? 'date' : q.sort;
  let total: number | null;
  if (q.required.length > 0) total = searchRequired(index, q.required, sort, scorers, accept, heap);
  else if (scorers.length > 0 && sort === 'relevance') {
    searchMaxScore(index, scorers, accept, heap);
    total = null;
  } else if (scorers.length > 0) total = searchUnion(index, sort, scorers, accept, heap);
  else total = searchAll(index, sort, accept, heap);
  return { hits: heap.sorted().map(({ doc, key }) => ({ id: index.docs.ids[doc]!, score: sort === 'relevance' ? key : 0 })), total };
}

// Returns whether a document passes the filters and exclusions; must be called in increasing document order.
function acceptor(index: KeywordIndex, q: IndexQuery): (d: number) => boolean {
  const { flags, published, daily } = index.docs;
  const f = q.filter;
  const from = f.publishedFromMs ?? -Infinity;
  const to = f.publishedToMs ?? Infinity;
  const needFlags = LIVE | (f.hasCode ? HAS_CODE : 0);
  const dated = f.publishedFromMs !== undefined || f.publishedToMs !== undefined;
  const excluded = q.excluded.map((t) => index.cursor(t));
  return (d) => {
    const fl = flags[d]!;
    if ((fl & needFlags) !== needFlags || fl & HIDDEN) return false;
    if (dated) {
      const p = published[d]!;
      if (!(p >= from && p < to)) return false;
    }
    if (f.featured && daily[d] === NO_DAY) return false;
    for (const x of excluded) {
      x.seek(d);
      if (x.doc === d) return false;
    }
    return true;
  };
}

function offer(index: KeywordIndex, heap: TopK, sort: IndexSort, d: number, score: number): void {
  const published = index.docs.published[d]!;
  if (sort === 'relevance') heap.offer(d, score, published);
  else if (sort === 'date') heap.offer(d, published, 0);
  else heap.offer(d, index.docs.upvotes[d]!, published);
}

// Documents matching every required group (leapfrog intersection), scored by the ranking terms they have.
function searchRequired(
  index: KeywordIndex,
  required: number[][],
  sort: IndexSort,
  scorers: TermScorer[],
  accept: (d: number) => boolean,
  heap: TopK,
): number {
  const groups = required.map((g) => index.groupCursor(g));
  let total = 0;
  let d = groups[0]!.doc;
  outer: while (d !== END) {
    for (const g of groups) {
      g.seek(d);
      if (g.doc !== d) {
        d = g.doc;
        continue outer;
      }
    }
    if (accept(d)) {
      let score = 0;
      if (sort === 'relevance') for (const s of scorers) score += s.scoreAt(d);
      // Ranked by relevance, a paper must have at least one of the words, not only the category or author.
      if (score > 0 || scorers.length === 0 || sort !== 'relevance') {
        total++;
        offer(index, heap, sort, d, score);
      }
    }
    groups[0]!.next();
    d = groups[0]!.doc;
  }
  return total;
}

// Any ranking term matches; sorted by date or votes, so every match is visited.
function searchUnion(index: KeywordIndex, sort: IndexSort, scorers: TermScorer[], accept: (d: number) => boolean, heap: TopK): number {
  const union = new UnionCursor(scorers.map((s) => s.cursor));
  let total = 0;
  for (let d = union.doc; d !== END; union.next(), d = union.doc) {
    if (!accept(d)) continue;
    total++;
    offer(index, heap, sort, d, 0);
  }
  return total;
}

// No terms at all: filters only, every live document visited.
function searchAll(index: KeywordIndex, sort: IndexSort, accept: (d: number) => boolean, heap: TopK): number {
  let total = 0;
  for (let d = 0; d < index.docs.count; d++) {
    if (!accept(d)) continue;
    total++;
    offer(index, heap, sort, d, 0);
  }
  return total;
}

// MaxScore (Turtle and Flood): terms sorted by their best possible score; once the k-th best score exceeds what
// the weakest terms could add up to together, documents having only those terms are never visited, and the
// others stop collecting scores as soon as the rest cannot lift them into the top k.
function searchMaxScore(index: KeywordIndex, scorers: TermScorer[], accept: (d: number) => boolean, heap: TopK): void {
  const s = [...scorers].sort((a, b) => a.upperBound - b.upperBound);
  const n = s.length;
  const prefix = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) prefix[i] = sum += s[i]!.upperBound;
  let firstEssential = 0;
  let cutoff = -Infinity; // the threshold less the margin
  for (;;) {
    let d = END;
    for (let i = firstEssential; i < n; i++) if (s[i]!.cursor.doc < d) d = s[i]!.cursor.doc;
    if (d === END) break;
    if (!accept(d)) {
      for (let i = firstEssential; i < n; i++) if (s[i]!.cursor.doc === d) s[i]!.cursor.next();
      continue;
    }
    let score = 0;
    for (let i = firstEssential; i < n; i++) {
      const c = s[i]!;
      if (c.cursor.doc === d) {
        score += c.current(d);
        c.cursor.next();
      }
    }
    let pruned = false;
    for (let i = firstEssential - 1; i >= 0; i--) {
      if (score + prefix[i]! < cutoff) {
        pruned = true;
        break;
      }
      score += s[i]!.scoreAt(d);
    }
    if (pruned || score < cutoff) continue;
    offer(index, heap, 'relevance', d, score);
    if (heap.full) {
      const threshold = heap.threshold;
      cutoff = threshold - Math.abs(threshold) * PRUNE_MARGIN;
      while (firstEssential < n && prefix[firstEssential]! < cutoff) firstEssential++;
    }
  }
}

/** One ranking term of a query: its cursor and BM25 weight, with an upper bound of what it can add to a score. */
class TermScorer {
  readonly cursor: PostingCursor;
  readonly upperBound: number;
  readonly #weight: number;
  readonly #lengths: Uint16Array;
  readonly #norm: boolean;
  readonly #kConst: number;
  readonly #kPerLength: number;

  constructor(index: KeywordIndex, term: ScoredTerm, N: number, avgLength: number) {
    this.cursor = index.cursor(term.termId);
    const { maxFreq, minLength } = index.bounds(term.termId);
    const df = index.liveDf(term.termId);
    const idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
    this.#weight = df === 0 ? 0 : term.weight * idf * (BM25.k1 + 1);
    this.#lengths = index.docs.lengths;
    this.#norm = !isAuthorTerm(index, term.termId);
    // k1 * (1 - b + b * length / avgLength) = kConst + kPerLength * length
    this.#kConst = this.#norm ? BM25.k1 * (1 - BM25.b) : BM25.k1;
    this.#kPerLength = this.#norm ? (BM25.k1 * BM25.b) / Math.max(avgLength, 1e-9) : 0;
    this.upperBound = maxFreq === 0 ? 0 : (this.#weight * maxFreq) / (maxFreq + this.#kConst + this.#kPerLength * minLength);
  }

  /** The score of the cursor's current posting, which must be at document d. */
  current(d: number): number {
    const f = this.cursor.freq;
    return (this.#weight * f) / (f + this.#kConst + this.#kPerLength * this.#lengths[d]!);
  }

  /** The score this term gives document d (0 without it); d must not be behind the cursor. */
  scoreAt(d: number): number {
    this.cursor.seek(d);
    return this.cursor.doc === d ? this.current(d) : 0;
  }
}

/**
 * Of the papers `ids` (candidates from another engine: semantic search), the ones this query's filters,
 * exclusions and required groups (categories, authors) let through, as a set.
 */
export function acceptedIds(index: KeywordIndex, q: Omit<IndexQuery, 'k'>, ids: string[]): Set<string> {
  const docs = ids.flatMap((id) => {
    const d = index.docs.docOf(id);
    return d === undefined ? [] : [d];
  });
  docs.sort((a, b) => a - b);
  const accept = acceptor(index, { ...q, k: 0 });
  const groups = q.required.map((g) => index.groupCursor(g));
  const out = new Set<string>();
  for (const d of docs) {
    if (!accept(d)) continue;
    let all = true;
    for (const g of groups) {
      g.seek(d);
      if (g.doc !== d) {
        all = false;
        break;
      }
    }
    if (all) out.add(index.docs.ids[d]!);
  }
  return out;
}
