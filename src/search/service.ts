// Search as the app holds it: the keyword index kept in sync with PostgreSQL, the vector index of the serving
// embedding model (and, in one process per database, the worker that embeds papers), and the engines over them.
// Built once per process by `serve` (and by tests), handed to handlers through AppDeps.
import path from 'node:path';
import type { Sql } from '../db/connect.ts';
import { EmbeddingWorker, type EmbeddingProgress, type ProviderChoice } from '../embeddings/embedding-worker.ts';
import type { VectorHit } from '../embeddings/vector-index.ts';
import { VectorSync, type SemanticState } from '../embeddings/vector-sync.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { paperTexts } from '../store/search-papers.ts';
import { KeywordSearchEngine, type PaperTextSource, type SearchEngine, type SearchRequest, type SearchResult } from './engine.ts';
import { HybridSearchEngine, type SearchMode } from './hybrid-engine.ts';
import { KeywordIndexSync, type BuildProgress } from './index-sync.ts';
import type { KeywordIndex } from './keyword-index.ts';

export type { SearchMode } from './hybrid-engine.ts';

export interface SearchService {
  /** Runs a search in `mode` (default: the configured one); throws a 503 while the keyword index is first built. */
  search(req: SearchRequest, mode?: SearchMode): Promise<SearchResult>;
  /** The papers nearest to paper `id` by meaning (not itself, not hidden), best first; [] without embeddings. */
  similar(id: string, k: number): VectorHit[];
  /** The vector index and query embedder of the serving model, or null (embeddings off or not ready yet). */
  semantic(): SemanticState | null;
  /** The keyword index (term statistics for explanations). */
  keywordIndex(): KeywordIndex;
  /** Progress of the first build, or null once the index is ready. */
  building(): BuildProgress | null;
  /** Progress of an embedding run in this process, or null. */
  embedding(): EmbeddingProgress | null;
  /** Applies every committed change now (the server does it on each change notification by itself). */
  catchUp(): Promise<void>;
  /** Embeds what needs embedding now, then applies every change (tests and commands; the server does it by itself). */
  embedNow(onProgress?: (p: EmbeddingProgress) => void): Promise<void>;
  /** Changes whenever an answer of search may change (papers read into the index, vectors, readiness). */
  version(): string;
  /** Sizes for /healthz and benchmarks. */
  stats(): { papers: number; terms: number; postings: number; bytes: number; vectors: number; vectorBytes: number };
  stop(): Promise<void>;
}

/** Where the keyword index is saved under DATA_DIR. */
export function keywordSnapshotFile(dataDir: string): string {
  return path.join(dataDir, 'search', 'keyword-index.bin');
}

export interface StartSearchOptions {
  sql: Sql;
  log: Logger;
  /** DATA_DIR, where the indexes are saved; null keeps them in memory only. */
  dataDir: string | null;
  /** Follow change notifications (servers); without, call catchUp() (tests, commands). */
  follow: boolean;
  /** Resolve only once the keyword index is ready; else build in the background (search answers 503 meanwhile). */
  waitUntilReady: boolean;
  /** Where vectors come from; null or absent: keyword search only. */
  embeddings?: ProviderChoice | null;
  /** Run the embedding worker in the background (servers; one per database gets the lock). */
  embedInBackground?: boolean;
  /** The default mode of search() (SEARCH_MODE). */
  mode?: SearchMode;
}

/** Loads or builds the indexes and returns the search service over them. */
export async function startSearch(opts: StartSearchOptions): Promise<SearchService> {
  const sync = new KeywordIndexSync({
    sql: opts.sql,
    log: opts.log,
    snapshotFile: opts.dataDir ? keywordSnapshotFile(opts.dataDir) : null,
  });
  const choice = opts.embeddings ?? null;
  const worker = choice ? new EmbeddingWorker({ sql: opts.sql, log: opts.log, choice }) : null;
  // The worker's choice, which EMBEDDINGS=auto changes once its model is downloaded (in the process that runs it).
  const current = () => worker?.choice ?? choice!;
  const vectors = choice
    ? new VectorSync({ sql: opts.sql, log: opts.log, dir: opts.dataDir ? path.join(opts.dataDir, 'search') : null, choice: current })
    : null;
  const texts: PaperTextSource = (ids, o) => paperTexts(opts.sql, ids, o);
  const keyword = new KeywordSearchEngine(() => sync.index, texts);
  const semanticState = () => vectors?.state ?? null;
  const over = { keyword, index: () => sync.index, semantic: semanticState, texts };
  const engines: Record<SearchMode, SearchEngine> = {
    keyword,
    semantic: new HybridSearchEngine({ mode: 'semantic', ...over }),
    hybrid: new HybridSearchEngine({ mode: 'hybrid', ...over }),
  };
  const started = sync.start({ follow: opts.follow });
  const vectorsStarted = vectors
    ?.start({ follow: opts.follow })
    .catch((err: unknown) => opts.log.error('vector index could not start', { err }));
  if (opts.embedInBackground) worker?.start();
  if (opts.waitUntilReady) await Promise.all([started, vectorsStarted]);
  else started.catch((err: unknown) => opts.log.error('search index could not start', { err }));
  return {
    async search(req, mode = opts.mode ?? 'hybrid') {
      if (!sync.ready) {
        const p = sync.building;
        const done = p && p.total > 0 ? ` (${Math.floor((100 * p.done) / p.total)}% done)` : '';
        throw new AppError(503, `The search index is being built${done}. Try again in a minute.`, 'unavailable', 30);
      }
      return engines[mode].search(req);
    },
    similar(id, k) {
      const state = vectors?.state;
      const v = state?.index.vectorOf(id);
      if (!state || !v || !sync.ready) return [];
      const index = sync.index;
      return state.index.search(v, k, (other) => other !== id && index.isVisible(other));
    },
    semantic: semanticState,
    keywordIndex: () => sync.index,
    building: () => (sync.ready ? null : (sync.building ?? { done: 0, total: 0 })),
    embedding: () => worker?.progress ?? null,
    version: () => `${sync.ready ? 'ready' : 'building'}|${sync.watermark ?? ''}|${vectors?.state?.modelId ?? '-'}:${vectors?.seq ?? 0}`,
    async catchUp() {
      await sync.catchUp();
      await vectors?.catchUp();
    },
    async embedNow(onProgress) {
      await worker?.runOnce(onProgress);
      await sync.catchUp();
      await vectors?.catchUp();
    },
    stats() {
      const m = sync.index.memoryBytes();
      const v = vectors?.state?.index;
      return {
        papers: sync.index.size,
        terms: sync.index.termCount,
        postings: sync.index.postingCount,
        bytes: m.postings + m.docs + m.terms,
        vectors: v?.size ?? 0,
        vectorBytes: v?.memoryBytes() ?? 0,
      };
    },
    async stop() {
      // Every part is told to stop first, so a first build or load in progress ends at its next batch instead of
      // running to completion (minutes on a large corpus) against a database that is about to close.
      const stops = Promise.all([worker?.stop(), sync.stop(), vectors?.stop()]);
      await started.catch(() => {});
      await vectorsStarted;
      await stops;
    },
  };
}
