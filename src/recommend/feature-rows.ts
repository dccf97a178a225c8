// For you's feature rows (paper-features.ts) of the papers a visit scores. Computing one means analysing the
// paper's text (a third of a millisecond), so rows are kept per process, keyed by paper and checked against the
// keyword index's text hash (an edited paper gets a new row) and the index itself (a rebuilt index numbers its
// terms anew). Document frequencies drift as papers arrive; a row keeps the ones it was made with until evicted.
import type { Sql } from '../db/connect.ts';
import type { IndexableText } from '../core/analyze.ts';
import { paperTexts } from '../store/search-papers.ts';
import { FEATURE_WEIGHTS, paperFeatureRow, topicFeatureRow, type FeatureVocabulary, type FeatureWeights } from './paper-features.ts';
import type { FeatureRow } from './user-model.ts';

// About a month of papers in the configured categories, several times over (a row is ~1 KB).
const MAX_ROWS = 100_000;
const READ_BATCH = 2000;

interface Cached {
  vocabulary: FeatureVocabulary;
  hash: number;
  row: FeatureRow;
}

/** Where texts of papers are read (the papers table; a benchmark's memory). */
export type TextSource = (ids: string[]) => Promise<Map<string, IndexableText>>;

export class FeatureRowCache {
  readonly #texts: TextSource;
  readonly #rows = new Map<string, Cached>();
  readonly #weights: FeatureWeights;

  /** `weights` other than the site's are for bench/for-you.ts's variants. */
  constructor(texts: TextSource, weights = FEATURE_WEIGHTS) {
    this.#texts = texts;
    this.#weights = weights;
  }

  /** A typed topic's row, with the same weights. */
  topicRow(vocabulary: FeatureVocabulary, topic: string): FeatureRow {
    return topicFeatureRow(topic, vocabulary, this.#weights);
  }

  /** Rows of `papers` (id and current text hash) under `vocabulary`; papers missing from the database are left out. */
  async rows(vocabulary: FeatureVocabulary, papers: { id: string; hash: number }[]): Promise<Map<string, FeatureRow>> {
    const out = new Map<string, FeatureRow>();
    const missing: { id: string; hash: number }[] = [];
    for (const p of papers) {
      const c = this.#rows.get(p.id);
      if (c && c.vocabulary === vocabulary && c.hash === p.hash) out.set(p.id, c.row);
      else missing.push(p);
    }
    for (let i = 0; i < missing.length; i += READ_BATCH) {
      const batch = missing.slice(i, i + READ_BATCH);
      const texts = await this.#texts(batch.map((p) => p.id));
      for (const p of batch) {
        const text = texts.get(p.id);
        if (!text) continue;
        const row = paperFeatureRow(text, vocabulary, this.#weights);
        out.set(p.id, row);
        // Oldest first out: Map keeps insertion order; a re-read paper moves to the end.
        this.#rows.delete(p.id);
        this.#rows.set(p.id, { vocabulary, hash: p.hash, row });
      }
      // Between batches, requests get their turn (a first visit after a start reads a month of papers).
      await new Promise((r) => setImmediate(r));
    }
    while (this.#rows.size > MAX_ROWS) this.#rows.delete(this.#rows.keys().next().value!);
    return out;
  }
}

const caches = new WeakMap<Sql, FeatureRowCache>();

/** The process's cache for the database behind `sql`. */
export function featureRowCache(sql: Sql): FeatureRowCache {
  let c = caches.get(sql);
  if (!c) caches.set(sql, (c = new FeatureRowCache((ids) => paperTexts(sql, ids))));
  return c;
}
