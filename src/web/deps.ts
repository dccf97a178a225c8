// What every handler receives: configuration, the database pool, a logger, the mailer and the arXiv client.
import type { Config } from '../config.ts';
import type { Sql } from '../db/connect.ts';
import type { PoliteFetcher } from '../harvest/polite-fetch.ts';
import type { Logger } from '../log.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { SearchService } from '../search/service.ts';
import type { PageCache } from './page-cache.ts';

export interface AppDeps {
  config: Config;
  sql: Sql;
  log: Logger;
  mailer: Mailer;
  /** Shared responses for anonymous visitors; absent in tests and when PAGE_CACHE_SECONDS=0. */
  pageCache?: PageCache | null;
  /** The one arXiv client of the app (submissions): shared so its 3 s politeness holds across requests. */
  arxiv: PoliteFetcher;
  /** Keyword search over the in-memory index (`serve` starts it); absent, search pages answer 503. */
  search?: SearchService | null;
}
