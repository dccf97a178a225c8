// The daily harvest, after arXiv rebuilds its listings: which papers were announced today (the RSS
// listing of the configured categories: new, cross-list or replacement), then their full metadata
// from the API. Days missed while the server was down are caught up through OAI-PMH first.
import { listingFeedUrl, parseListingFeed, type ListingFeed } from '../arxiv/listing-feed.ts';
import { MalformedResponse } from '../arxiv/malformed.ts';
import { addDays } from '../core/dates.ts';
import { MetadataRank, type PaperRecord } from '../model/paper-record.ts';
import { getCursor, setCursor } from '../store/harvest.ts';
import { papersNeedingMetadata } from '../store/harvest-papers.ts';
import { upsertPapers } from '../store/papers-write.ts';
import { harvestOai } from './backfill.ts';
import { uniqueById, type HarvestContext } from './context.ts';
import { HarvestFailed } from '../http/polite-fetch.ts';
import { lookupIds } from '../arxiv/api-client.ts';
import { missedMailingDays } from '../core/arxiv-calendar.ts';

interface DailyCursor {
  /** The latest mailing day whose listing is stored. */
  lastDay: string;
}

const DAILY_CURSOR = 'daily';
// Catch-up reaches back at most this far; older gaps are a backfill (`dailypapers harvest --from`).
const MAX_CATCH_UP_DAYS = 30;
// Papers featured this recently and still without API metadata are looked up again on each run.
const ENRICH_WITHIN_DAYS = 14;

/**
 * New and cross-listed papers are featured on the listing's day; replacements only update metadata.
 * A listing entry is partial (no submission dates, DOI or comments), so it ranks below the API's record:
 * it never overwrites full metadata, and the API lookup that follows always replaces it.
 */
function recordsOf(feed: ListingFeed, day: string): PaperRecord[] {
  return feed.items.map(({ announceType, record }) => ({
    ...record,
    metadataRank: MetadataRank.aggregated,
    daily: announceType === 'new' || announceType === 'cross' ? { date: day, source: 'arxiv', submittedAt: null, submittedBy: null } : null,
  }));
}

/** Runs the daily harvest as of `now`. */
export async function harvestDaily(ctx: HarvestContext, now: Date): Promise<void> {
  const { config } = ctx;
  const holidays = new Set(config.arxivHolidays);
  const cursor = await getCursor<DailyCursor>(ctx.sql, DAILY_CURSOR);
  const due = missedMailingDays(cursor?.lastDay ?? null, now, {
    holidays,
    delayMinutes: config.harvestDelayMinutes,
    maxDays: MAX_CATCH_UP_DAYS,
  });
  if (cursor && due.length > 1) {
    // The listing only shows the latest day; earlier missed days come from OAI-PMH, by datestamp
    // (a few days' margin: datestamps trail announcements).
    ctx.progress(`catching up ${due.length - 1} missed day(s) from ${due[0]}`);
    await harvestOai(ctx, { from: addDays(due[0]!, -3), until: null });
  }

  const url = listingFeedUrl(config.arxivRssUrl, config.arxivCategories);
  const page = await ctx.arxiv.get(url);
  if (page.status !== 200) throw new HarvestFailed(`${url}: HTTP ${page.status}`);
  let feed: ListingFeed;
  try {
    feed = parseListingFeed(page.body);
  } catch (err) {
    if (err instanceof MalformedResponse) throw new HarvestFailed(`${url}: ${err.message}`);
    throw err;
  }
  for (const s of feed.skipped) {
    ctx.counts.skipped++;
    ctx.log.warn('skipped a listing item', { guid: s.guid, reason: s.reason });
  }
  const day = feed.day ?? due.at(-1) ?? null;
  if (!day) throw new HarvestFailed(`${url}: the listing has no date`);
  const records = uniqueById(recordsOf(feed, day));
  const stored = await upsertPapers(ctx.sql, records, (tx) =>
    setCursor(tx, DAILY_CURSOR, { lastDay: cursor && cursor.lastDay > day ? cursor.lastDay : day }),
  );
  ctx.counts.records += records.length;
  ctx.counts.inserted += stored.inserted;
  ctx.counts.updated += stored.updated;
  ctx.progress(`listing of ${day}: ${records.length} papers (${feed.items.filter((i) => i.announceType === 'new').length} new)`);
  const expected = due.at(-1);
  // Still yesterday's listing (rebuilt late, or an arXiv holiday we do not know of): fail, so the
  // scheduler tries again later; what was there is stored either way.
  const stale = expected && day < expected ? `the listing is still dated ${day}, expected ${expected}` : null;

  // Listing entries lack dates, versions, DOI and comments: fill them from the API, for every paper of
  // the listing (a replacement's new version too) and for papers whose lookup failed on an earlier run,
  // so a failure here is repaired by the next run.
  const ids = [...new Set([...records.map((r) => r.id), ...(await papersNeedingMetadata(ctx.sql, addDays(day, -ENRICH_WITHIN_DAYS)))])];
  let looked = 0;
  const result = await lookupIds(ctx.arxiv, config.arxivApiUrl, ids, async (batch) => {
    const r = await upsertPapers(ctx.sql, uniqueById(batch));
    ctx.counts.updated += r.updated;
    ctx.counts.inserted += r.inserted;
    looked += batch.length;
    ctx.progress(`metadata of ${looked} of ${ids.length} papers`);
  });
  for (const p of result.problems) ctx.log.warn('arXiv lookup problem', { id: p.id, message: p.message });
  if (stale) throw new HarvestFailed(stale);
}
