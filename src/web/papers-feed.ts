// Any list of papers as RSS, Atom or JSON Feed: the page at `path` plus the format's suffix.
import type { Context } from 'hono';
import { feedOfPapers, type FeedFormat } from '../feeds/feed-model.ts';
import type { FeedPaper } from '../store/papers.ts';
import type { AppDeps } from './deps.ts';
import { feedResponse } from './feed-response.ts';

export function papersFeed(
  c: Context,
  deps: AppDeps,
  format: FeedFormat,
  meta: { title: string; description: string; path: string; query?: string },
  papers: FeedPaper[],
  opts: { personal?: boolean } = {},
): Response {
  const base = deps.config.baseUrl;
  const query = meta.query ?? '';
  const feed = feedOfPapers(
    {
      title: `${deps.config.siteName}: ${meta.title}`,
      description: meta.description,
      homeUrl: `${base}${meta.path}${query}`,
      feedUrl: `${base}${meta.path}.${format}${query}`,
    },
    papers,
    base,
  );
  return feedResponse(c, feed, format, opts);
}

// Feed readers show the newest items; fifty is plenty and keeps a poll cheap.
export const FEED_PAGE = 50;
