// The For you model's features under the corpus model: each candidate paper's TF-IDF row. Computing one means
// analysing the paper's text (a third of a millisecond), so rows are kept per process, keyed by paper and checked
// against the keyword index's text hash (an edited paper gets a new row) and the model (a refit changes columns).
import type { Sql } from '../db/connect.ts';
import type { CorpusModel } from '../embeddings/corpus-model.ts';
import type { IndexableText } from '../core/analyze.ts';
import { paperTexts } from '../store/search-papers.ts';
import type { FeatureRow } from './user-model.ts';

// About a month of papers in the configured categories, several times over (a row is ~1 KB).
const MAX_ROWS = 100_000;
const READ_BATCH = 2000;

interface Cached {
  model: CorpusModel;
  hash: number;
  row: FeatureRow;
}

/** Where texts of papers are read (the papers table; a benchmark's memory). */
export type TextSource = (ids: string[]) => Promise<Map<string, IndexableText>>;

export class TermRowCache {
  readonly #texts: TextSource;
  readonly #rows = new Map<string, Cached>();

  constructor(texts: TextSource) {
    this.#texts = texts;
  }

  /** Rows of `papers` (id and current text hash) under `model`; papers missing from the database are left out. */
  async rows(model: CorpusModel, papers: { id: string; hash: number }[]): Promise<Map<string, FeatureRow>> {
    const out = new Map<string, FeatureRow>();
    const missing: { id: string; hash: number }[] = [];
    for (const p of papers) {
      const c = this.#rows.get(p.id);
      if (c && c.model === model && c.hash === p.hash) out.set(p.id, c.row);
      else missing.push(p);
    }
    for (let i = 0; i < missing.length; i += READ_BATCH) {
      const batch = missing.slice(i, i + READ_BATCH);
      const texts = await this.#texts(batch.map((p) => p.id));
      for (const p of batch) {
        const text = texts.get(p.id);
        if (!text) continue;
        const row = model.termRow(text);
        out.set(p.id, row);
        // Oldest first out: Map keeps insertion order; a re-read paper moves to the end.
        this.#rows.delete(p.id);
        this.#rows.set(p.id, { model, hash: p.hash, row });
      }
      // Between batches, requests get their turn (a first visit after a start reads a month of papers).
      await new Promise((r) => setImmediate(r));
    }
    while (this.#rows.size > MAX_ROWS) this.#rows.delete(this.#rows.keys().next().value!);
    return out;
  }
}

const caches = new WeakMap<Sql, TermRowCache>();

/** The process's cache for the database behind `sql`. */
export function termRowCache(sql: Sql): TermRowCache {
  let c = caches.get(sql);
  if (!c) caches.set(sql, (c = new TermRowCache((ids) => paperTexts(sql, ids))));
  return c;
}
