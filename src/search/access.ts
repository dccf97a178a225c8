// What the web asks of search: the one boundary between the pages and the indexes. In one process it is the search
// service itself (workers/search-access.ts adapts it); with several web workers (WEB_CONCURRENCY) the indexes live
// once, in the primary process, and each worker asks through workers/search-rpc.ts. So every answer is plain data
// and every call is async.
import type { ForYouResult } from '../model/for-you-result.ts';
import type { UserSignals } from '../store/interests.ts';
import type { SearchRequest, SearchResult } from './engine.ts';
import type { SearchMode } from './hybrid-engine.ts';
import type { BuildProgress } from './index-sync.ts';

/** A paper close to another by meaning, and the sentence that says what they share. */
export interface SimilarHit {
  id: string;
  score: number;
  reason: string;
}

export interface SearchStatus {
  /** Progress of the first keyword index build, or null once it is ready. */
  building: BuildProgress | null;
  /** Whether semantic search and similar papers can answer (a model serves and its vectors are loaded). */
  semanticReady: boolean;
  /** Changes whenever an answer may change: a page of results cached under one version is stale under the next. */
  version: string;
}

export interface SearchAccess {
  /** Runs a search in `mode` (default: the configured one); a 503 while the keyword index is first built. */
  search(req: SearchRequest, mode?: SearchMode): Promise<SearchResult>;
  /** Up to `k` papers like `paper` (cosine ≥ minScore), best first; available: whether the paper has a vector. */
  similar(
    paper: { id: string; title: string; abstract: string },
    k: number,
    minScore: number,
  ): Promise<{ hits: SimilarHit[]; available: boolean }>;
  /** The user's For you picks from their signals (recommend/for-you.ts): among recent papers, or exactly `among`. */
  forYouPicks(signals: UserSignals, limit: number, among?: readonly string[]): Promise<ForYouResult>;
  /** As of now (in a worker: as of the primary's last report, at most a second old). */
  status(): SearchStatus;
}
