// GET /api/daily_papers?date=|week=|month=&submitter=&p=&limit=&sort=: Hugging Face's daily papers endpoint.
import type { Context } from 'hono';
import { formatDay } from '../../core/dates.ts';
import { parseListing, type Listing, type ListingKind } from '../../core/listing.ts';
import { BadRequest } from '../../errors.ts';
import { latestFeedDay, listFeed } from '../../store/papers.ts';
import { listTrending, trendingWindow } from '../../store/trending.ts';
import type { AppDeps } from '../deps.ts';
import { intParam, onlyParams, sortParam } from '../http/query.ts';
import { presentDailyItem } from './presenters.ts';

// HF's endpoint answers 50 items by default and at most 100.
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;
// What huggingface_hub's list_daily_papers sends; anything else is a 400 rather than silently ignored.
const PARAMS = ['date', 'week', 'month', 'submitter', 'sort', 'p', 'limit'];

async function listingOf(c: Context, deps: AppDeps): Promise<Listing> {
  const given = (['date', 'week', 'month'] as const).filter((k) => c.req.query(k) !== undefined);
  if (given.length > 1) throw BadRequest(`give only one of date, week and month (got ${given.join(' and ')})`);
  const name = given[0];
  if (!name) {
    const day = (await latestFeedDay(deps.sql, formatDay(new Date()))) ?? formatDay(new Date());
    return { kind: 'day', key: day, range: { start: day, end: day } };
  }
  const kind: ListingKind = name === 'date' ? 'day' : name;
  const l = parseListing(kind, c.req.query(name) ?? '');
  if ('error' in l) throw BadRequest(l.error);
  return l;
}

/** Returns a JSON array of daily papers, like huggingface.co/api/daily_papers. */
export async function dailyPapersApi(c: Context, deps: AppDeps): Promise<Response> {
  onlyParams(c, PARAMS);
  const limit = intParam('limit', c.req.query('limit'), DEFAULT_LIMIT, 1, MAX_LIMIT);
  const page = intParam('p', c.req.query('p'), 0, 0, 100_000);
  const sort = sortParam(c.req.query('sort'));
  // Only the papers this user put on the daily page (their username, on Hugging Face or here).
  const submitter = c.req.query('submitter')?.trim() || undefined;
  const named = ['date', 'week', 'month'].some((k) => c.req.query(k) !== undefined);
  // sort=trending without a period lists what is trending now, as /papers/trending does (store/trending.ts).
  const { papers, total } =
    sort === 'trending' && !named
      ? await listTrending(deps.sql, await trendingWindow(deps.sql, formatDay(new Date())), { limit, offset: page * limit, submitter })
      : await listFeed(deps.sql, (await listingOf(c, deps)).range, { limit, offset: page * limit, sort, submitter });
  c.header('X-Total-Count', String(total));
  c.header('Cache-Control', 'public, max-age=60');
  return c.json(papers.map(presentDailyItem));
}
