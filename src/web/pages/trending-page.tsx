// GET /papers/trending?page=N: papers featured in the last TRENDING_WINDOW_DAYS days, by stored hotness.
import type { Context } from 'hono';
import { formatDay } from '../../core/dates.ts';
import { listTrending, trendingWindow } from '../../store/trending.ts';
import type { AppDeps } from '../deps.ts';
import { PAGE_QUERY, queryValues } from '../http/schema.ts';
import { feedLinksFor } from '../feed-response.ts';
import { FEED_PAGE, papersFeed } from '../papers-feed.ts';
import type { FeedFormat } from '../../feeds/feed-model.ts';
import { renderPage } from '../render-page.tsx';
import { voteStateFor } from '../vote-state.ts';
import { TrendingView } from '../views/trending-view.tsx';

/** The trending page handler. */
export async function trendingPage(c: Context, deps: AppDeps): Promise<Response> {
  const page = queryValues(c, PAGE_QUERY).page;
  const pageSize = deps.config.feedPageSize;
  const window = await trendingWindow(deps.sql, formatDay(new Date()));
  const { papers, total } = await listTrending(deps.sql, window, { limit: pageSize, offset: (page - 1) * pageSize, orAll: true });
  const vote = await voteStateFor(
    c,
    deps,
    papers.map((p) => p.id),
  );
  return renderPage(
    c,
    deps,
    {
      title: 'Trending papers',
      description: 'The research papers people are upvoting and discussing right now',
      canonical: `${deps.config.baseUrl}/papers/trending${page > 1 ? `?page=${page}` : ''}`,
      feeds: feedLinksFor('/papers/trending', 'Trending papers'),
    },
    <TrendingView papers={papers} total={total} page={page} pageSize={pageSize} window={window} vote={vote} />,
  );
}

/** /papers/trending.rss|.atom|.json: what is trending now, hottest first. */
export function trendingFeed(format: FeedFormat) {
  return async (c: Context, deps: AppDeps): Promise<Response> => {
    const window = await trendingWindow(deps.sql, formatDay(new Date()));
    const { papers } = await listTrending(deps.sql, window, { limit: FEED_PAGE, offset: 0, orAll: true });
    return papersFeed(
      c,
      deps,
      format,
      {
        title: 'trending papers',
        description: 'The research papers people are upvoting and discussing right now',
        path: '/papers/trending',
      },
      papers,
    );
  };
}
