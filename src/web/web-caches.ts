// What a serving process keeps in memory and follows the database for: the page cache (anonymous pages and the
// shared templates of personal ones) and the viewer caches (sessions, upvotes). Started alike by `serve` in one
// process and by each web worker.
import type { Sql } from '../db/connect.ts';
import { type PageCache, startPageCache } from './http/page-cache.ts';
import { startViewerCaches, type ViewerCaches } from './viewer-caches.ts';

export interface WebCaches {
  pageCache: PageCache | null;
  viewerCaches: ViewerCaches;
  stop(): Promise<void>;
}

/** Starts both, listening for the database's change notifications; resolves once listening. */
export async function startWebCaches(sql: Sql, pageCacheSeconds: number): Promise<WebCaches> {
  const pages = await startPageCache(sql, pageCacheSeconds);
  // A render begun before a vote must not be stored as the shared page after it (its counts predate the vote).
  const viewers = await startViewerCaches(sql, { onVotesChanged: () => pages?.cache.invalidateInFlight() }).catch(async (err: unknown) => {
    await pages?.stop();
    throw err;
  });
  return {
    pageCache: pages?.cache ?? null,
    viewerCaches: viewers,
    async stop() {
      await Promise.all([pages?.stop(), viewers.stop()]);
    },
  };
}
