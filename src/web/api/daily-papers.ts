// GET /api/daily_papers?date=|week=|month=&submitter=&p=&limit=&sort=: Hugging Face's daily papers endpoint, the
// period's picks (store/papers.ts FeedScope). Our extension: all=true lists everything the period holds, the picks and
// the rest arXiv announced ("New on arXiv" on the page).
import type { Context } from 'hono';
import * as v from 'valibot';
import { formatDay } from '../../core/dates.ts';
import { parseListing, type Listing, type ListingKind } from '../../core/listing.ts';
import { type FeedPaper, latestFeedDay, latestPicksDay, listFeed } from '../../store/papers.ts';
import { listTrending, trendingWindow } from '../../store/trending.ts';
import type { AppDeps } from '../deps.ts';
import { apiQuery, choiceField, intField, sortField, text } from '../http/schema.ts';
import { presentContextFor } from './present-context.ts';
import { presentDailyItem } from './presenters.ts';

// HF's endpoint answers 50 items by default and at most 100.
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;
const PERIODS = ['date', 'week', 'month'] as const;

interface Periods {
  date?: string | undefined;
  week?: string | undefined;
  month?: string | undefined;
}

/** The one period named by date=, week= or month=, its key parsed; null when none is (the latest day, then). */
const onePeriod = <T extends Periods>() =>
  v.rawTransform<T, Omit<T, keyof Periods> & { listing: Listing | null }>(({ dataset, addIssue, NEVER }) => {
    const { date, week, month, ...rest } = dataset.value;
    const given = PERIODS.filter((k) => dataset.value[k] !== undefined);
    if (given.length > 1) {
      addIssue({ message: `give only one of date, week and month (got ${given.join(' and ')})` });
      return NEVER;
    }
    const name = given[0];
    if (!name) return { ...rest, listing: null };
    const kind: ListingKind = name === 'date' ? 'day' : name;
    const l = parseListing(kind, { date, week, month }[name] ?? '');
    if ('error' in l) {
      addIssue({ message: l.error });
      return NEVER;
    }
    return { ...rest, listing: l };
  });

// What huggingface_hub's list_daily_papers sends, in the order a 400 lists them; anything else is a 400 rather than
// silently ignored.
const QUERY = v.pipe(
  v.object({
    date: v.optional(v.string()),
    week: v.optional(v.string()),
    month: v.optional(v.string()),
    // Only the papers this user put on the daily page (their username, on Hugging Face or here).
    submitter: v.pipe(
      text(),
      v.transform((s) => s.trim() || undefined),
    ),
    sort: sortField(),
    p: intField('p', 0, 0, 100_000),
    limit: intField('limit', DEFAULT_LIMIT, 1, MAX_LIMIT),
    all: v.pipe(
      choiceField('all', ['true', 'false'] as const, 'false'),
      v.transform((s) => s === 'true'),
    ),
  }),
  onePeriod(),
);

/** The latest day with picks (with all=true, with papers), as Hugging Face lists its latest day without a date. */
// Every day there can be (a submitter's whole history).
const ALL_DAYS = { start: '0001-01-01', end: '9999-12-31' };

async function latestDay(deps: AppDeps, all: boolean): Promise<Listing> {
  const today = formatDay(new Date());
  const day = (await (all ? latestFeedDay : latestPicksDay)(deps.sql, today)) ?? today;
  return { kind: 'day', key: day, range: { start: day, end: day } };
}

/** Returns a JSON array of daily papers, like huggingface.co/api/daily_papers. */
export async function dailyPapersApi(c: Context, deps: AppDeps): Promise<Response> {
  const { limit, p: page, sort: asked, submitter, listing, all } = apiQuery(c, QUERY);
  const scope = all ? 'all' : 'picks';
  const at = { limit, offset: page * limit, submitter, scope } as const;
  // sort=trending without a period lists what is trending now, as /papers/trending does (store/trending.ts).
  if (asked === 'trending' && !listing) {
    const trending = await listTrending(deps.sql, await trendingWindow(deps.sql, formatDay(new Date())), at);
    return respond(c, deps, trending);
  }
  // A submitter without a period: everything they put on the daily list, newest first unless a sort is named
  // (huggingface_hub's list_daily_papers(submitter=...) asks so, and HF answers with their papers).
  const everything = submitter !== undefined && !listing;
  const range = everything ? ALL_DAYS : (listing ?? (await latestDay(deps, all))).range;
  const sort = everything && c.req.query('sort') === undefined ? 'publishedAt' : asked;
  return respond(c, deps, await listFeed(deps.sql, range, { ...at, sort }));
}

async function respond(c: Context, deps: AppDeps, { papers, total }: { papers: FeedPaper[]; total: number }): Promise<Response> {
  c.header('X-Total-Count', String(total));
  c.header('Cache-Control', 'public, max-age=60');
  const ctx = await presentContextFor(deps, papers);
  return c.json(papers.map((p) => presentDailyItem(p, ctx)));
}
