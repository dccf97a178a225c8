// GET /papers, /papers/date/:day, /papers/week/:week, /papers/month/:month.
import type { Context } from 'hono';
import { formatDay } from '../../core/dates.ts';
import { adjacentListing, enclosingListings, listingPath, parseListing, type ListingKind } from '../../core/listing.ts';
import { BadRequest } from '../../errors.ts';
import { latestRuns } from '../../store/harvest.ts';
import { hasPapers, latestFeedDay, listFeed, listFeedIds, neighbourFeedDays, type FeedPaper } from '../../store/papers.ts';
import { listPapersByIds } from '../../store/search-papers.ts';
import { rankForUser, type RankedForUser } from '../../recommend/rank-for-user.ts';
import type { AppDeps } from '../deps.ts';
import * as v from 'valibot';
import { choiceField, PAGE_QUERY, queryValues, sortField } from '../http/schema.ts';
import { FeedView, listingTitle } from '../views/feed-view.tsx';
import { renderPage } from '../render-page.tsx';
import { feedLinksFor, feedResponse, splitFeedSuffix } from '../feed-response.ts';
import { feedOfPapers, type FeedFormat } from '../../feeds/feed-model.ts';
import { voteStateFor } from '../vote-state.ts';

// view=all: everything the day holds ("New on arXiv"), besides the picks the page shows by default; with rank=for-you
// in the reader's own order (a page per reader: never shared, never cached).
const FEED_QUERY = v.object({
  ...PAGE_QUERY.entries,
  sort: sortField(),
  view: choiceField('view', ['picks', 'all'] as const, 'picks'),
  rank: choiceField('rank', ['votes', 'for-you'] as const, 'votes'),
});

/** The page's papers in the reader's order, or why they are not; null for an anonymous visitor (asked to log in). */
async function forYouPage(c: Context, deps: AppDeps, range: { start: string; end: string }, at: { limit: number; offset: number }) {
  const user = c.get('viewer').user;
  if (!user) return { papers: null, ranking: null } as const;
  const ranking: RankedForUser = await rankForUser(deps.sql, deps.search, user.id, await listFeedIds(deps.sql, range));
  const ids = ranking.ids.slice(at.offset, at.offset + at.limit);
  const byId = new Map((await listPapersByIds(deps.sql, ids)).map((p) => [p.id, p]));
  return { papers: ids.flatMap((id) => byId.get(id) ?? []) as FeedPaper[], ranking };
}

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

/** A feed document's papers: the period's picks, or its whole announcement while it has none (as the page shows). */
async function feedItems(deps: AppDeps, range: { start: string; end: string }) {
  return (await listFeed(deps.sql, range, { limit: FEED_ITEMS, offset: 0, sort: 'upvotes', orAll: true })).papers;
}

async function listingFeedDocument(c: Context, deps: AppDeps, kind: ListingKind, key: string, format: FeedFormat): Promise<Response> {
  const listing = parseListing(kind, key);
  if ('error' in listing) throw BadRequest(listing.error);
  const papers = await feedItems(deps, listing.range);
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
    const papers = await feedItems(deps, { start: day, end: day });
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
  const { page, sort, view: asked, rank } = queryValues(c, FEED_QUERY);
  // Ranking for the reader is of the whole announcement.
  const view = rank === 'for-you' ? 'all' : asked;
  const pageSize = deps.config.feedPageSize;
  const at = { limit: pageSize, offset: (page - 1) * pageSize, sort };
  const [shown, neighbours] = await Promise.all([
    // A period without picks shows its whole announcement under a note: the front page is never empty.
    listFeed(deps.sql, listing.range, { ...at, scope: view, orAll: true }),
    kind === 'day' ? neighbourFeedDays(deps.sql, listing.range) : Promise.resolve(null),
  ]);
  const fallback = view === 'picks' && shown.scope === 'all';
  const { total, counts } = shown;
  let papers = shown.papers;
  let forYou: { ranking: RankedForUser | null } | null = null;
  if (rank === 'for-you') {
    // Each reader's own page: no shared cache may keep it (and the anonymous one asks them to log in).
    c.header('Cache-Control', 'private, no-store');
    const own = await forYouPage(c, deps, listing.range, at);
    if (own.papers) papers = own.papers;
    forYou = { ranking: own.ranking };
  }
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
      view={fallback ? 'all' : view}
      forYou={forYou}
      counts={counts}
      noPicks={fallback}
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
