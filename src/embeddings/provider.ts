// Where vectors come from. Semantic search, similar papers and "For you" all work on unit-length vectors that a
// provider computes from a paper's text or a query. Providers differ in cost (the corpus model embeds thousands of
// papers a second in-process; an HTTP endpoint may take a second a batch), so documents are embedded in batches by
// one background worker and stored in PostgreSQL; queries are embedded one at a time while the user waits.
import { fnv1a } from '../core/hash.ts';

import type { PaperText } from '../model/paper-text.ts';
export type { PaperText } from '../model/paper-text.ts';

export interface EmbeddingProvider {
  /**
   * Identifies the model and everything that changes its vectors (provider, model name, endpoint, dimensions).
   * Stored with each model in PostgreSQL: when the configured key differs, every paper is embedded again.
   */
  readonly key: string;
  /** Vector length, when known before the first call (an HTTP endpoint reports it with its first answer). */
  readonly dimensions: number | null;
  /** How many papers one embedDocuments call should carry. */
  readonly batchSize: number;
  /** Unit-length vectors for `papers`, in order. */
  embedDocuments(papers: PaperText[], signal?: AbortSignal): Promise<Float32Array[]>;
  /** A unit-length vector for a search query or a topic a user typed. */
  embedQuery(text: string, signal?: AbortSignal): Promise<Float32Array>;
  /**
   * The index terms of `paper` that bring it nearest to `query` (its vector), most first: why meaning matched.
   * Only models whose vectors are sums over words can say (the corpus model); others leave it out.
   */
  termsNearest?(paper: PaperText, query: Float32Array, max: number): string[];
}

/** A provider could not embed (endpoint down, bad answer, model folder unreadable); the message says what to fix. */
export class EmbeddingError extends Error {
  override name = 'EmbeddingError';
  /** Whether trying the same input again later may succeed (network, overload), as opposed to bad config or input. */
  readonly retryable: boolean;
  constructor(message: string, retryable: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.retryable = retryable;
  }
}

/** Scales `v` to unit length in place (a zero vector stays zero) and returns it. */
export function normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  if (s > 0) {
    const inv = 1 / Math.sqrt(s);
    for (let i = 0; i < v.length; i++) v[i]! *= inv;
  }
  return v;
}

/** The text external models read for a paper: title and abstract, as sentence-embedding models were trained on. */
export function paperPassage(p: PaperText): string {
  return `${p.title.trim()}\n\n${p.abstract.trim()}`;
}

/** A hash of what providers embed: a paper whose hash is unchanged keeps its vector. */
export function paperTextHash(p: PaperText): number {
  return fnv1a([p.title, p.abstract, ...p.categories]);
}
