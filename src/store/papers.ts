// Reads of papers: the daily/weekly/monthly feeds, single papers and the days that have papers.
import type { Sql } from '../db/connect.ts';
import type { HfExtras, OrganizationRecord } from '../model/paper-record.ts';

export type FeedSort = 'upvotes' | 'publishedAt' | 'trending';

export type Organization = OrganizationRecord;

/** Who submitted a paper to the daily list; HF gives the same three fields as for an organization. */
export type Submitter = OrganizationRecord;

/** The fields a paper card and the daily_papers API need. */
export interface FeedPaper extends HfExtras {
  id: string;
  title: string;
  abstract: string;
  authors: string[];
  categories: string[];
  publishedAt: Date | null;
  dailyDate: string | null;
  submittedAt: Date | null;
  submittedBy: Submitter | null;
  upvotes: number;
  /** This site's visible comments (papers.num_comments). */
  numComments: number;
  /** Hugging Face's comment count, kept apart: its discussion lives on huggingface.co. */
  hfNumComments: number;
  organization: Organization | null;
  withdrawn: boolean;
  /** What made aiSummary (migration 0012): HF's model name, this site's chat model, 'extractive'; null: not said. */
  aiSummaryModel: string | null;
  /** Who made it: Hugging Face ('hf') or this site ('site'). */
  aiSummarySource: 'hf' | 'site' | null;
}

export interface PaperLinkRow {
  url: string;
  kind: 'code' | 'project';
  source: 'abstract' | 'comments' | 'hf';
}

/** Everything the paper page shows. */
export interface PaperDetail extends FeedPaper {
  /** Hidden by a moderator: only moderators see the page (with a notice). */
  hidden: boolean;
  version: number;
  primaryCategory: string | null;
  updatedAt: Date | null;
  comments: string | null;
  journalRef: string | null;
  doi: string | null;
  reportNo: string | null;
  license: string | null;
  links: PaperLinkRow[];
  versions: { version: number; createdAt: Date | null }[];
}

/** A papers row as feedColumns() selects it (collections and profiles list papers with it too). */
export interface FeedRow {
  id: string;
  title: string;
  abstract: string;
  author_names: string[];
  categories: string[];
  published_at: Date | null;
  daily_date: string | null;
  submitted_at: Date | null;
  submitted_by: Submitter | null;
  total_upvotes: number;
  num_comments: number;
  hf_num_comments: number | null;
  github_repo: string | null;
  github_stars: number | null;
  project_page: string | null;
  thumbnail: string | null;
  ai_summary: string | null;
  ai_summary_model: string | null;
  ai_summary_source: 'hf' | 'site' | null;
  ai_keywords: string[] | null;
  withdrawn: boolean;
  org_name: string | null;
  org_fullname: string | null;
  org_avatar: string | null;
  code_url: string | null;
  page_url: string | null;
}

export function toFeedPaper(r: FeedRow): FeedPaper {
  return {
    id: r.id,
    title: r.title,
    abstract: r.abstract,
    authors: r.author_names,
    categories: r.categories,
    publishedAt: r.published_at,
    dailyDate: r.daily_date,
    submittedAt: r.submitted_at,
    submittedBy: r.submitted_by,
    upvotes: r.total_upvotes,
    numComments: r.num_comments,
    hfNumComments: r.hf_num_comments ?? 0,
    organization: r.org_name ? { name: r.org_name, fullname: r.org_fullname, avatarUrl: r.org_avatar } : null,
    // Hugging Face's own fields first, else the first link found in the abstract or comments.
    githubRepo: r.github_repo ?? r.code_url,
    githubStars: r.github_stars,
    projectPage: r.project_page ?? r.page_url,
    thumbnail: r.thumbnail,
    aiSummary: r.ai_summary,
    aiSummaryModel: r.ai_summary_model,
    aiSummarySource: r.ai_summary_source,
    aiKeywords: r.ai_keywords,
    withdrawn: r.withdrawn,
  };
}

/** The columns of a FeedRow, from `papers p LEFT JOIN organizations o`. */
export function feedColumns(sql: Sql) {
  return sql`
    p.id, p.title, p.abstract, p.author_names, p.categories, p.published_at, p.daily_date, p.submitted_at,
    p.submitted_by, p.total_upvotes, p.num_comments, p.hf_num_comments, p.github_repo, p.github_stars, p.project_page,
    p.thumbnail, p.ai_summary, p.ai_summary_model, p.ai_summary_source, p.ai_keywords, p.withdrawn,
    o.name AS org_name, o.fullname AS org_fullname, o.avatar_url AS org_avatar,
    (SELECT l.url FROM paper_links l WHERE l.paper_id = p.id AND l.kind = 'code' ORDER BY l.position LIMIT 1) AS code_url,
    (SELECT l.url FROM paper_links l WHERE l.paper_id = p.id AND l.kind = 'project' ORDER BY l.position LIMIT 1) AS page_url`;
}

// Ordering of the page's rows, by the columns the ranking subquery passes on (`r`).
function orderBy(sql: Sql, sort: FeedSort) {
  switch (sort) {
    case 'publishedAt':
      return sql`r.published_at DESC NULLS LAST, r.id DESC`;
    case 'trending':
      // The stored hotness (src/core/trending.ts), kept current by every vote and comment.
      return sql`r.trending_score DESC NULLS LAST, r.id DESC`;
    default:
      return sql`r.total_upvotes DESC, r.published_at DESC NULLS LAST, r.id DESC`;
  }
}

/** Only the papers put on the daily page by the user named `name` (Hugging Face's or this site's username); all when undefined. */
export function submitterFilter(sql: Sql, name: string | undefined) {
  return name === undefined ? sql`` : sql`AND submitted_by->>'name' = ${name}`;
}

/**
 * Which papers of a day a list holds. picks: the daily list as Hugging Face means it, the community's picks (submitted
 * by a member, mirrored from HF's daily list, or upvoted here). all: everything the day holds, i.e. the picks and what
 * arXiv announced that day.
 */
export type FeedScope = 'picks' | 'all';

/**
 * Only the day's picks when `scope` is picks. Spelled as papers_picks_idx's predicate (migration 0013), so PostgreSQL
 * reads the picks from that index. Unqualified: it is used where `papers` is the only table.
 */
export function scopeFilter(sql: Sql, scope: FeedScope) {
  return scope === 'all' ? sql`` : sql`AND (daily_source IN ('hf', 'submission') OR upvotes > 0)`;
}

/** How many papers the range holds in each scope. */
export interface FeedCounts {
  picks: number;
  all: number;
}

/** A page of a feed, the scope it was read in, how many that scope holds (`total`) and the counts of both scopes. */
export interface FeedPage {
  papers: FeedPaper[];
  total: number;
  counts: FeedCounts;
  scope: FeedScope;
}

/**
 * Returns one page of the papers featured between `start` and `end` (inclusive days) in `scope` (picks unless told).
 * `orAll`: a range without picks is read whole instead (a new site, the morning after the harvest: its pages, feeds
 * and trending list show the announcement rather than nothing); the answer's `scope` says which was read.
 */
export async function listFeed(
  sql: Sql,
  range: { start: string; end: string },
  page: { limit: number; offset: number; sort: FeedSort; submitter?: string | undefined; scope?: FeedScope; orAll?: boolean },
): Promise<FeedPage> {
  const first = await listFeedIn(sql, range, page, page.scope ?? 'picks');
  if (!page.orAll || first.scope === 'all' || first.counts.picks > 0 || first.counts.all === 0) return first;
  return listFeedIn(sql, range, page, 'all');
}

async function listFeedIn(
  sql: Sql,
  range: { start: string; end: string },
  page: { limit: number; offset: number; sort: FeedSort; submitter?: string | undefined },
  scope: FeedScope,
): Promise<FeedPage> {
  // Ranks the day's papers on narrow rows (an index-only scan of papers_picks_idx or papers_daily_idx for the default
  // sort), then reads the wide rows (abstracts, authors) of just the page: 3-4x faster than sorting wide rows.
  const [rows, count] = await Promise.all([
    sql<FeedRow[]>`
      WITH r AS (
        SELECT r.id, r.total_upvotes, r.published_at, r.trending_score FROM papers r
        WHERE r.daily_date BETWEEN ${range.start} AND ${range.end} AND r.hidden_at IS NULL
          ${scopeFilter(sql, scope)} ${submitterFilter(sql, page.submitter)}
        ORDER BY ${orderBy(sql, page.sort)}
        LIMIT ${page.limit} OFFSET ${page.offset})
      SELECT ${feedColumns(sql)}
      FROM r JOIN papers p ON p.id = r.id LEFT JOIN organizations o ON o.id = p.organization_id
      ORDER BY ${orderBy(sql, page.sort)}`,
    // The page shows both tabs. Each count is an index-only scan of its own index (one FILTERed count over the day
    // read 219 heap pages for the source and votes: 11 ms against 0.2 ms on the 801-paper day, cold).
    sql<FeedCounts[]>`
      SELECT
        (SELECT count(*)::int FROM papers
         WHERE daily_date BETWEEN ${range.start} AND ${range.end} AND hidden_at IS NULL
           ${scopeFilter(sql, 'picks')} ${submitterFilter(sql, page.submitter)}) AS picks,
        (SELECT count(*)::int FROM papers
         WHERE daily_date BETWEEN ${range.start} AND ${range.end} AND hidden_at IS NULL ${submitterFilter(sql, page.submitter)}) AS all`,
  ]);
  const counts = count[0] ?? { picks: 0, all: 0 };
  return { papers: rows.map(toFeedPaper), total: counts[scope], counts, scope };
}

// A day's whole announcement is about 1,000 papers in the busiest categories; a month is more than anyone ranks.
const MAX_RANKED = 5000;

/** Returns the ids of everything the range holds, most upvoted first (what a reader's own ranking starts from). */
export async function listFeedIds(sql: Sql, range: { start: string; end: string }): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    SELECT r.id FROM papers r
    WHERE r.daily_date BETWEEN ${range.start} AND ${range.end} AND r.hidden_at IS NULL
    ORDER BY ${orderBy(sql, 'upvotes')}
    LIMIT ${MAX_RANKED}`;
  return rows.map((r) => r.id);
}

/** Returns the latest day on or before `day` that has picks, else the latest day with papers (latestFeedDay). */
export async function latestPicksDay(sql: Sql, day: string): Promise<string | null> {
  const rows = await sql<{ d: string | null }[]>`
    SELECT max(daily_date) AS d FROM papers
    WHERE daily_date <= ${day} AND hidden_at IS NULL AND (daily_source IN ('hf', 'submission') OR upvotes > 0)`;
  return rows[0]?.d ?? (await latestFeedDay(sql, day));
}

/** Returns the latest day on or before `day` that has papers, else the earliest day after it, else null. */
export async function latestFeedDay(sql: Sql, day: string): Promise<string | null> {
  const rows = await sql<{ d: string | null }[]>`
    SELECT COALESCE(
      (SELECT max(daily_date) FROM papers WHERE daily_date <= ${day} AND hidden_at IS NULL),
      (SELECT min(daily_date) FROM papers WHERE daily_date > ${day} AND hidden_at IS NULL)) AS d`;
  return rows[0]?.d ?? null;
}

/** Returns the nearest days before and after the range that have papers. */
export async function neighbourFeedDays(
  sql: Sql,
  range: { start: string; end: string },
): Promise<{ prev: string | null; next: string | null }> {
  const rows = await sql<{ prev: string | null; next: string | null }[]>`
    SELECT (SELECT max(daily_date) FROM papers WHERE daily_date < ${range.start} AND hidden_at IS NULL) AS prev,
           (SELECT min(daily_date) FROM papers WHERE daily_date > ${range.end} AND hidden_at IS NULL) AS next`;
  return rows[0] ?? { prev: null, next: null };
}

/** Returns whether there is any paper at all (the empty-database state). */
export async function hasPapers(sql: Sql): Promise<boolean> {
  const rows = await sql<{ any: boolean }[]>`SELECT EXISTS (SELECT 1 FROM papers) AS any`;
  return rows[0]?.any ?? false;
}

/** Returns the total number of papers (for /healthz). */
export async function countPapers(sql: Sql): Promise<number> {
  const rows = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM papers`;
  return rows[0]?.n ?? 0;
}

/** Returns one paper with its links and versions, or null. */
export async function getPaper(sql: Sql, id: string): Promise<PaperDetail | null> {
  const rows = await sql<
    (FeedRow & {
      hidden: boolean;
      version: number;
      primary_category: string | null;
      updated_at: Date | null;
      comments: string | null;
      journal_ref: string | null;
      doi: string | null;
      report_no: string | null;
      license: string | null;
    })[]
  >`
    SELECT ${feedColumns(sql)}, (p.hidden_at IS NOT NULL) AS hidden, p.version, p.primary_category, p.updated_at, p.comments, p.journal_ref, p.doi,
      p.report_no, p.license
    FROM papers p LEFT JOIN organizations o ON o.id = p.organization_id
    WHERE p.id = ${id}`;
  const r = rows[0];
  if (!r) return null;
  const [links, versions] = await Promise.all([
    sql<PaperLinkRow[]>`SELECT url, kind, source FROM paper_links WHERE paper_id = ${id} ORDER BY (source = 'hf') DESC, position`,
    sql<
      { version: number; createdAt: Date | null }[]
    >`SELECT version, created_at AS "createdAt" FROM paper_versions WHERE paper_id = ${id} ORDER BY version`,
  ]);
  return {
    ...toFeedPaper(r),
    hidden: r.hidden,
    version: r.version,
    primaryCategory: r.primary_category,
    updatedAt: r.updated_at,
    comments: r.comments,
    journalRef: r.journal_ref,
    doi: r.doi,
    reportNo: r.report_no,
    license: r.license,
    links,
    versions,
  };
}
