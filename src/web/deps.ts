// What every handler receives: configuration, the database pool, a logger, the mail outbox and the arXiv client.
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import type { Sql } from '../db/connect.ts';
import type { PoliteFetcher } from '../http/polite-fetch.ts';
import type { Logger } from '../log.ts';
import type { MailOutbox } from '../mail/outbox.ts';
import type { SearchAccess } from '../search/access.ts';
import type { PageCache } from './http/page-cache.ts';
import type { ViewerCaches } from './viewer-caches.ts';

export interface AppDeps {
  config: Config;
  sql: Sql;
  log: Logger;
  /** Sends the mail pages queue (src/web/outgoing-mail.ts): the server's outbox worker, or createApp's in-process default. */
  outbox: MailOutbox;
  /** Shared responses for anonymous visitors; absent in tests and when PAGE_CACHE_SECONDS=0. */
  pageCache?: PageCache | null;
  /** Logged-in viewers' sessions and upvotes in memory (viewer-caches.ts); absent, every request asks the database. */
  viewerCaches?: ViewerCaches | null;
  /** The one arXiv client of the app (submissions): shared so its 3 s politeness holds across requests. */
  arxiv: PoliteFetcher;
  /** Search, similar papers and For you (search/access.ts; `serve` starts it); absent, search pages answer 503. */
  search?: SearchAccess | null;
  /** Aborted when the process begins to shut down (/readyz then answers 503); absent in tests. */
  stopping?: AbortSignal;
  /** The rate limits' clock (tests move it instead of waiting); the system clock when absent. */
  now?: () => Date;
}

/** The search service, or a 503 on a server started without one. */
export function searchServiceOf(deps: AppDeps): SearchAccess {
  if (!deps.search) throw new AppError(503, 'Search is not available on this server.', 'unavailable');
  return deps.search;
}
