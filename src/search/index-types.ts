// The shapes the keyword index takes and gives (documents, queries, hits, snapshot state), apart from the index
// itself so that query planning and execution can name them without the class.
import type { IndexableText } from '../core/analyze.ts';
import type { DocColumns } from './doc-table.ts';
import type { PackedPostings } from './packed-postings.ts';
import { fnv1a } from '../core/hash.ts';

export type { IndexDoc } from '../model/index-doc.ts';

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
  /** Positions of each term's first posting in the base segment (terms + 1). */
  baseStart: Uint32Array;
  /** The base segment's documents, packed per term. */
  packed: PackedPostings;
  baseFreqs: Uint8Array;
  /** Per term, the highest frequency and the shortest document among its postings (recomputed when absent). */
  bounds?: { maxFreq: Uint8Array; minLength: Uint16Array };
}

/** A hash of everything a paper is indexed by: an unchanged hash keeps its postings. */
export function hashText(d: IndexableText): number {
  return fnv1a([d.title, d.abstract, ...d.authors, ...d.categories]);
}
