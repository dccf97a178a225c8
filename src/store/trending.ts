// The trending list: recently featured papers by their stored hotness (papers.trending_score, see
// src/core/trending.ts), kept current by every vote and comment; nothing is computed per request.
import { addDays } from '../core/dates.ts';
import { TRENDING_WINDOW_DAYS } from '../core/trending.ts';
import type { Sql } from '../db/connect.ts';
import {
  feedColumns,
  latestFeedDay,
  scopeFilter,
  submitterFilter,
  toFeedPaper,
  type FeedPaper,
  type FeedRow,
  type FeedScope,
} from './papers.ts';

/**
 * Returns the days the trending list covers: TRENDING_WINDOW_DAYS up to the latest day with papers. On a live site
 * that is the last 30 days; on an imported archive it is the archive's last 30 days rather than an empty page.
 */
export async function trendingWindow(sql: Sql, today: string): Promise<{ start: string; end: string }> {
  const end = (await latestFeedDay(sql, today)) ?? today;
  return { start: addDays(end, -(TRENDING_WINDOW_DAYS - 1)), end };
}

/** Returns one page of the visible papers of `window` (days) in `scope` (picks unless told; see orAll), hottest first, and how many there are. */
export async function listTrending(
  sql: Sql,
  window: { start: string; end: string },
  page: { limit: number; offset: number; submitter?: string | undefined; scope?: FeedScope; orAll?: boolean },
): Promise<{ papers: FeedPaper[]; total: number }> {
  const scope = page.scope ?? 'picks';
  // orAll: a window without picks (a new site) trends among all its papers, as listFeed's orAll reads a day whole.
  if (page.orAll && scope === 'picks') {
    const picks = await listTrending(sql, window, { ...page, orAll: false });
    return picks.total > 0 ? picks : listTrending(sql, window, { ...page, orAll: false, scope: 'all' });
  }
  // Ranks narrow rows, then reads the page's wide rows (as listFeed does). PostgreSQL picks the window's papers
  // from papers_daily_idx and keeps the top ones (a few hundred to thousands of rows), or walks
  // papers_trending_idx from the top, where recent papers are (the time term grows by 1 every 48 hours).
  const [rows, count] = await Promise.all([
    sql<FeedRow[]>`
      WITH r AS (
        SELECT r.id, r.trending_score FROM papers r
        WHERE r.hidden_at IS NULL AND r.daily_date BETWEEN ${window.start} AND ${window.end}
          ${scopeFilter(sql, scope)} ${submitterFilter(sql, page.submitter)}
        ORDER BY r.trending_score DESC NULLS LAST, r.id DESC
        LIMIT ${page.limit} OFFSET ${page.offset})
      SELECT ${feedColumns(sql)}
      FROM r JOIN papers p ON p.id = r.id LEFT JOIN organizations o ON o.id = p.organization_id
      ORDER BY r.trending_score DESC NULLS LAST, r.id DESC`,
    sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM papers
      WHERE hidden_at IS NULL AND daily_date BETWEEN ${window.start} AND ${window.end}
        ${scopeFilter(sql, scope)} ${submitterFilter(sql, page.submitter)}`,
  ]);
  return { papers: rows.map(toFeedPaper), total: count[0]?.n ?? 0 };
}
