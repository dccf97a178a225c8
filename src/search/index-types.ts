// The shapes the keyword index takes and gives (documents, queries, hits, snapshot state), apart from the index
// itself so that query planning and execution can name them without the class.
import type { IndexableText } from './analyze.ts';
import type { DocColumns } from './doc-table.ts';

/** A paper as the index takes it: its text and the attributes that filter and sort. */
export interface IndexDoc extends IndexableText {
  id: string;
  publishedMs: number | null;
  /** Days since 1970 of the day Hugging Face or a submission featured it on the daily page, or null. */
  dailyDay: number | null;
  upvotes: number;
  hidden: boolean;
  hasCode: boolean;
  /** papers.modified_at in microseconds. */
  modifiedUs: number;
}

export type IndexSort = 'relevance' | 'date' | 'upvotes';

/** A ranking term: its BM25 score is multiplied by `weight`; author terms are not length-normalised. */
export interface ScoredTerm {
  termId: number;
  weight: number;
}

export interface DocFilter {
  publishedFromMs?: number | undefined;
  /** Exclusive. */
  publishedToMs?: number | undefined;
  hasCode?: boolean | undefined;
  featured?: boolean | undefined;
}

/** A query in term ids, as query-plan.ts compiles it. */
export interface IndexQuery {
  /** Terms that rank (any may match, unless also required). */
  scored: ScoredTerm[];
  /** Each group must match: a document must have at least one term of every group. */
  required: number[][];
  /** No document with any of these terms. */
  excluded: number[];
  filter: DocFilter;
  sort: IndexSort;
  /** How many hits to return at most. */
  k: number;
}

export interface IndexHit {
  id: string;
  score: number;
}

export interface IndexHits {
  hits: IndexHit[];
  /** The exact number of matches when the search visited them all (filters and sorts by date or votes do); else null. */
  total: number | null;
}

/** The arrays of an index, for snapshots; the base segment holds every posting (`compact` runs first). */
export interface IndexState {
  docs: DocColumns;
  terms: string[];
  baseStart: Uint32Array;
  baseDocs: Uint32Array;
  baseFreqs: Uint8Array;
}

/** Returns a 32-bit FNV-1a hash of everything a paper is indexed by. */
export function hashText(d: IndexableText): number {
  let h = 0x811c9dc5;
  const mix = (s: string) => {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0x1f, 0x01000193);
  };
  mix(d.title);
  mix(d.abstract);
  for (const a of d.authors) mix(a);
  for (const c of d.categories) mix(c);
  return h | 0;
}

