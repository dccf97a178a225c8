// GET /papers, /papers/date/:day, /papers/week/:week, /papers/month/:month.
import type { Context } from 'hono';
import { formatDay } from '../../core/dates.ts';
import { adjacentListing, enclosingListings, listingPath, parseListing, type ListingKind } from '../../core/listing.ts';
import { BadRequest } from '../../errors.ts';
import { latestRuns } from '../../store/harvest.ts';
import { hasPapers, latestFeedDay, listFeed, neighbourFeedDays } from '../../store/papers.ts';
import type { AppDeps } from '../deps.ts';
import * as v from 'valibot';
import { PAGE_QUERY, queryValues, sortField } from '../http/schema.ts';
import { FeedView, listingTitle } from '../views/feed-view.tsx';
import { renderPage } from '../render-page.tsx';
import { feedLinksFor, feedResponse, splitFeedSuffix } from '../feed-response.ts';
import { feedOfPapers, type FeedFormat } from '../../feeds/feed-model.ts';
import { voteStateFor } from '../vote-state.ts';

const FEED_QUERY = v.object({ ...PAGE_QUERY.entries, sort: sortField() });

/** /papers: today's feed, or the latest day with papers; `?date=` (the date picker) redirects to that day. */
export async function latestFeedPage(c: Context, deps: AppDeps): Promise<Response> {
  const picked = c.req.query('date');
  if (picked !== undefined) {
    const l = parseListing('day', picked);
    if ('error' in l) throw BadRequest(l.error);
    return c.redirect(listingPath('day', picked), 302);
  }
  const today = formatDay(new Date());
  const day = (await latestFeedDay(deps.sql, today)) ?? today;
  return renderFeed(c, deps, 'day', day, { canonical: true });
}

/** A listing page named in the URL, or its feed when the URL ends in .rss, .atom or .json. */
export function listingFeedPage(kind: ListingKind) {
  return (c: Context, deps: AppDeps) => {
    const { key, format } = splitFeedSuffix(c.req.param('key') ?? '');
    return format ? listingFeedDocument(c, deps, kind, key, format) : renderFeed(c, deps, kind, key, { canonical: false });
  };
}

// Feed readers get the day's (week's, month's) top papers; a hundred is more than any reader shows.
const FEED_ITEMS = 100;

async function listingFeedDocument(c: Context, deps: AppDeps, kind: ListingKind, key: string, format: FeedFormat): Promise<Response> {
  const listing = parseListing(kind, key);
  if ('error' in listing) throw BadRequest(listing.error);
  const { papers } = await listFeed(deps.sql, listing.range, { limit: FEED_ITEMS, offset: 0, sort: 'upvotes' });
  const path = listingPath(kind, key);
  const title = listingTitle(listing);
  const feed = feedOfPapers(
    {
      title: `${deps.config.siteName}: ${title}`,
      description: `Research papers featured on ${title}`,
      homeUrl: `${deps.config.baseUrl}${path}`,
      feedUrl: `${deps.config.baseUrl}${path}.${format}`,
    },
    papers,
    deps.config.baseUrl,
  );
  return feedResponse(c, feed, format);
}

/** /papers.rss|.atom|.json: the latest day with papers, as a feed that follows the site day by day. */
export function latestFeedDocument(format: FeedFormat) {
  return async (c: Context, deps: AppDeps): Promise<Response> => {
    const day = (await latestFeedDay(deps.sql, formatDay(new Date()))) ?? formatDay(new Date());
    const { papers } = await listFeed(deps.sql, { start: day, end: day }, { limit: FEED_ITEMS, offset: 0, sort: 'upvotes' });
    const feed = feedOfPapers(
      {
        title: `${deps.config.siteName}: daily papers`,
        description: 'The research papers of the day, as the community ranks them',
        homeUrl: `${deps.config.baseUrl}/papers`,
        feedUrl: `${deps.config.baseUrl}/papers.${format}`,
      },
      papers,
      deps.config.baseUrl,
    );
    return feedResponse(c, feed, format);
  };
}

async function renderFeed(c: Context, deps: AppDeps, kind: ListingKind, key: string, opts: { canonical: boolean }): Promise<Response> {
  const listing = parseListing(kind, key);
  if ('error' in listing) throw BadRequest(listing.error);
  const { page, sort } = queryValues(c, FEED_QUERY);
  const pageSize = deps.config.feedPageSize;
  const [{ papers, total }, neighbours] = await Promise.all([
    listFeed(deps.sql, listing.range, { limit: pageSize, offset: (page - 1) * pageSize, sort }),
    kind === 'day' ? neighbourFeedDays(deps.sql, listing.range) : Promise.resolve(null),
  ]);
  const vote = await voteStateFor(
    c,
    deps,
    papers.map((p) => p.id),
  );
  const databaseEmpty = total === 0 && !(await hasPapers(deps.sql));
  const harvest = databaseEmpty
    ? ((await latestRuns(deps.sql)).sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime())[0] ?? null)
    : null;
  // The empty site changes as the first harvest goes: never cached, reloaded while it runs.
  if (databaseEmpty) c.header('Cache-Control', 'no-store');
  const { week, month } = enclosingListings(listing.range.start);
  const title = listingTitle(listing);
  return renderPage(
    c,
    deps,
    {
      title: opts.canonical ? deps.config.siteName : `Papers of ${title}`,
      description: `Research papers featured on ${title}`,
      canonical: `${deps.config.baseUrl}${listingPath(kind, key)}`,
      feeds: opts.canonical ? feedLinksFor('/papers', 'Daily papers') : feedLinksFor(listingPath(kind, key), title),
      ...(harvest?.status === 'running' ? { refreshSeconds: 10 } : {}),
    },
    <FeedView
      listing={listing}
      papers={papers}
      total={total}
      page={page}
      pageSize={pageSize}
      sort={sort}
      prevKey={neighbours ? neighbours.prev : adjacentListing(listing, -1)}
      nextKey={neighbours ? neighbours.next : adjacentListing(listing, 1)}
      week={week}
      month={month}
      databaseEmpty={databaseEmpty}
      harvest={harvest}
      vote={vote}
    />,
  );
}
