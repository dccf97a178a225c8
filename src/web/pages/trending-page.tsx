// GET /papers/trending?page=N: papers featured in the last TRENDING_WINDOW_DAYS days, by stored hotness.
import type { Context } from 'hono';
import { formatDay } from '../../core/dates.ts';
import { listTrending, trendingWindow } from '../../store/trending.ts';
import type { AppDeps } from '../deps.ts';
import { intParam } from '../query.ts';
import { renderPage } from '../render-page.tsx';
import { voteStateFor } from '../vote-state.ts';
import { TrendingView } from '../views/trending-view.tsx';

/** The trending page handler. */
export async function trendingPage(c: Context, deps: AppDeps): Promise<Response> {
  const page = intParam('page', c.req.query('page'), 1, 1, 100_000);
  const pageSize = deps.config.feedPageSize;
  const window = await trendingWindow(deps.sql, formatDay(new Date()));
  const { papers, total } = await listTrending(deps.sql, window, { limit: pageSize, offset: (page - 1) * pageSize });
  const vote = await voteStateFor(c, deps, papers.map((p) => p.id));
  return renderPage(
    c,
    deps,
    {
      title: 'Trending papers',
      description: 'The research papers people are upvoting and discussing right now',
      canonical: `${deps.config.baseUrl}/papers/trending${page > 1 ? `?page=${page}` : ''}`,
    },
    <TrendingView papers={papers} total={total} page={page} pageSize={pageSize} window={window} vote={vote} />,
  );
}
