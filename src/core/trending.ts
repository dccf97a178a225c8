// Trending: a Lobsters/Reddit-style "hotness" that stays correct as time passes without being recomputed.
//
//   score  = log10(1 + points) + (featuredAt - ARXIV_EPOCH) / HOTNESS_WINDOW
//   points = upvotes + COMMENT_WEIGHT × comments
//
// Hacker News divides points by a power of the age, so every score changes every second and must be computed
// per request or recomputed on a timer. Here newer papers get a larger time term instead: comparing two papers
// gives the same answer as dividing each one's points by 10 for every HOTNESS_WINDOW of age (an exponential
// decay), but a paper's score changes only when its points do. So PostgreSQL keeps it in a generated column
// (papers.trending_score, 0004_community.sql) that follows every vote and comment in the same statement, and an
// index serves the trending page. The SQL function paper_trending_score() there is this file in SQL: change both
// together (test/core/trending.test.ts checks they agree).

/**
 * How much age costs. A paper featured HOTNESS_WINDOW later needs ten times fewer points to rank level with an
 * older one; a day of age costs a factor 10^(24/48) ≈ 3.2. Lobsters uses 22 hours for links, which are news for
 * a day; papers are read over a few days, and the daily page already shows today's.
 */
export const HOTNESS_WINDOW_HOURS = 48;
const HOTNESS_WINDOW_SECONDS = HOTNESS_WINDOW_HOURS * 3600;

/** A comment counts for half an upvote (as on Lobsters): discussion is interest, but cheaper to produce than a vote. */
export const COMMENT_WEIGHT = 0.5;

/**
 * arXiv's first day (14 August 1991, 00:00 UTC) in Unix seconds. Any constant gives the same order; this one keeps
 * the time term positive for every paper and small enough to read (about 6,400 in 2026).
 */
export const ARXIV_EPOCH_SECONDS = Date.UTC(1991, 7, 14) / 1000;

/** The trending page lists papers featured in this many days up to the latest day with papers. */
export const TRENDING_WINDOW_DAYS = 30;

export interface TrendingInput {
  /** This site's upvotes plus those mirrored from Hugging Face (papers.total_upvotes). */
  upvotes: number;
  /** This site's visible comments plus those mirrored from Hugging Face. */
  comments: number;
  /** When the paper was put on a daily page, else which day, else when it was published (see featuredAt). */
  featuredAt: Date | null;
}

/** Returns when a paper started trending: submitted to the daily page, else its day (midnight UTC), else published. */
export function featuredAt(p: { submittedAt: Date | null; dailyDate: string | null; publishedAt: Date | null }): Date | null {
  if (p.submittedAt) return p.submittedAt;
  if (p.dailyDate) return new Date(`${p.dailyDate}T00:00:00Z`);
  return p.publishedAt;
}

/** Returns the points a paper has: upvotes, plus comments at COMMENT_WEIGHT. */
export function trendingPoints(upvotes: number, comments: number): number {
  return upvotes + COMMENT_WEIGHT * comments;
}

/** Returns the hotness of a paper (higher ranks first), or null when it has no date at all. */
export function trendingScore(p: TrendingInput): number | null {
  if (!p.featuredAt) return null;
  // The same operations in the same order as paper_trending_score() in SQL, so both round alike.
  const points = trendingPoints(p.upvotes, p.comments);
  return Math.log10(1 + points) + (p.featuredAt.getTime() / 1000 - ARXIV_EPOCH_SECONDS) / HOTNESS_WINDOW_SECONDS;
}

/** Returns how many times more points a paper needs to rank level with one featured `hours` later. */
export function pointsFactorForAge(hours: number): number {
  return 10 ** (hours / HOTNESS_WINDOW_HOURS);
}
