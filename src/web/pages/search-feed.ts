// /search.rss|.atom|.json?q=…: search results as a feed, so a saved search can be followed in a reader
// (sorted by date unless the query asks otherwise: a reader wants what is new).
import type { Context } from 'hono';
import type { FeedFormat } from '../../feeds/feed-model.ts';
import { BadRequest } from '../../errors.ts';
import { listPapersByIds } from '../../store/search-papers.ts';
import type { AppDeps } from '../deps.ts';
import { FEED_PAGE, papersFeed } from '../papers-feed.ts';
import { searchParams } from '../http/search-params.ts';
import { searchServiceOf } from '../deps.ts';

export function searchFeed(format: FeedFormat) {
  return async (c: Context, deps: AppDeps): Promise<Response> => {
    const params = searchParams(c);
    if (!params.q) throw BadRequest('A search feed needs a query: /search.rss?q=words');
    const sort = c.req.query('sort') ? params.sort : 'date';
    const result = await searchServiceOf(deps).search({ query: params.q, filters: params.filters, sort, offset: 0, limit: FEED_PAGE });
    const papers = await listPapersByIds(
      deps.sql,
      result.hits.map((h) => h.id),
    );
    const query = `?${new URL(c.req.url).searchParams.toString()}`;
    return papersFeed(
      c,
      deps,
      format,
      { title: `search: ${params.q}`, description: `Papers matching "${params.q}"`, path: '/search', query },
      papers,
    );
  };
}
