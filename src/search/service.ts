// Search as the app holds it: the keyword index kept in sync with PostgreSQL and the engine over it. Built once
// per process by `serve` (and by tests), handed to handlers through AppDeps.
import path from 'node:path';
import type { Sql } from '../db/connect.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { paperTexts } from '../store/search-papers.ts';
import { KeywordSearchEngine, type SearchEngine, type SearchRequest, type SearchResult } from './engine.ts';
import { KeywordIndexSync, type BuildProgress } from './index-sync.ts';

export interface SearchService {
  /** Runs a search; throws a 503 while the index is first being built. */
  search(req: SearchRequest): Promise<SearchResult>;
  /** Progress of the first build, or null once the index is ready. */
  building(): BuildProgress | null;
  /** Applies every committed change now (the server does it on each change notification by itself). */
  catchUp(): Promise<void>;
  /** Sizes for /healthz and benchmarks. */
  stats(): { papers: number; terms: number; postings: number; bytes: number };
  stop(): Promise<void>;
}

/** Where the keyword index is saved under DATA_DIR. */
export function keywordSnapshotFile(dataDir: string): string {
  return path.join(dataDir, 'search', 'keyword-index.bin');
}

export interface StartSearchOptions {
  sql: Sql;
  log: Logger;
  /** DATA_DIR, where the index is saved; null keeps it in memory only. */
  dataDir: string | null;
  /** Follow change notifications (servers); without, call catchUp() (tests, commands). */
  follow: boolean;
  /** Resolve only once the index is ready; else build in the background (search answers 503 meanwhile). */
  waitUntilReady: boolean;
}

/** Loads or builds the keyword index and returns the search service over it. */
export async function startSearch(opts: StartSearchOptions): Promise<SearchService> {
  const sync = new KeywordIndexSync({ sql: opts.sql, log: opts.log, snapshotFile: opts.dataDir ? keywordSnapshotFile(opts.dataDir) : null });
  const engine: SearchEngine = new KeywordSearchEngine(() => sync.index, (ids, o) => paperTexts(opts.sql, ids, o));
  const started = sync.start({ follow: opts.follow });
  if (opts.waitUntilReady) await started;
  else started.catch((err: unknown) => opts.log.error('search index could not start', { err }));
  return {
    async search(req) {
      if (!sync.ready) {
        const p = sync.building;
        const done = p && p.total > 0 ? ` (${Math.floor((100 * p.done) / p.total)}% done)` : '';
        throw new AppError(503, `The search index is being built${done}. Try again in a minute.`, 'unavailable', 30);
      }
      return engine.search(req);
    },
    building: () => (sync.ready ? null : (sync.building ?? { done: 0, total: 0 })),
    catchUp: () => sync.catchUp(),
    stats() {
      const m = sync.index.memoryBytes();
      return { papers: sync.index.size, terms: sync.index.termCount, postings: sync.index.postingCount, bytes: m.postings + m.docs + m.terms };
    },
    async stop() {
      await started.catch(() => {});
      await sync.stop();
    },
  };
}
