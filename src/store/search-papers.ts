// Reads for the search index: papers as the index takes them, what changed since a watermark, and the rows of a
// result page. The index itself lives in memory (src/search/); this is all of its SQL.
import type { Sql } from '../db/connect.ts';
import type { IndexDoc } from '../model/index-doc.ts';
import type { IndexableText } from '../core/analyze.ts';
import { feedColumns, toFeedPaper, type FeedPaper, type FeedRow } from './papers.ts';

interface IndexRow {
  id: string;
  title: string;
  abstract: string;
  author_names: string[];
  categories: string[];
  published_ms: number | null;
  daily_day: number | null;
  total_upvotes: number;
  hidden: boolean;
  has_code: boolean;
  modified_us: number;
}

function indexColumns(sql: Sql) {
  // Microseconds fit a double exactly (2^53 µs is year 2255).
  return sql`
    p.id, p.title, p.abstract, p.author_names, p.categories,
    (extract(epoch FROM p.published_at) * 1000)::float8 AS published_ms,
    -- "Featured": put on the daily page by Hugging Face or a submission here, not merely announced by arXiv that day.
    CASE WHEN p.daily_source IN ('hf', 'submission') THEN p.daily_date - date '1970-01-01' END AS daily_day,
    p.total_upvotes, (p.hidden_at IS NOT NULL) AS hidden,
    (p.github_repo IS NOT NULL OR EXISTS (SELECT 1 FROM paper_links l WHERE l.paper_id = p.id AND l.kind = 'code')) AS has_code,
    (extract(epoch FROM p.modified_at) * 1000000)::float8 AS modified_us`;
}

function toIndexDoc(r: IndexRow): IndexDoc {
  return {
    id: r.id,
    title: r.title,
    abstract: r.abstract,
    authors: r.author_names,
    categories: r.categories,
    publishedMs: r.published_ms,
    dailyDay: r.daily_day,
    upvotes: r.total_upvotes,
    hidden: r.hidden,
    hasCode: r.has_code,
    modifiedUs: r.modified_us,
  };
}

/** Returns the id that names this database to a persisted index. */
export async function searchDatabaseId(sql: Sql): Promise<string> {
  const rows = await sql<{ id: string }[]>`SELECT database_id::text AS id FROM search_meta LIMIT 1`;
  return rows[0]?.id ?? 'unknown';
}

/**
 * Returns a watermark for catching up: now, or the start of the oldest transaction still running in this database
 * if earlier (its rows will carry that start as modified_at when it commits, after this catch-up has read).
 */
export async function changeFence(sql: Sql): Promise<string> {
  const rows = await sql<{ fence: string }[]>`
    SELECT LEAST(clock_timestamp(), (
      SELECT min(xact_start) FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'))::text AS fence`;
  return rows[0]!.fence;
}

/** Returns the number of papers (for progress). */
export async function countIndexablePapers(sql: Sql): Promise<number> {
  const rows = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM papers`;
  return rows[0]?.n ?? 0;
}

/** Calls `onBatch` with every paper, a batch at a time, as the index takes them. */
export async function forEachPaperForIndex(
  sql: Sql,
  batchSize: number,
  onBatch: (docs: IndexDoc[]) => void | Promise<void>,
): Promise<void> {
  const cursor = sql<IndexRow[]>`SELECT ${indexColumns(sql)} FROM papers p`.cursor(batchSize);
  for await (const rows of cursor) await onBatch(rows.map(toIndexDoc));
}

/** Returns (id, modified µs) of the papers modified at or after `since` (a timestamptz as text; null: all). */
export async function paperStampsSince(sql: Sql, since: string | null): Promise<{ id: string; modifiedUs: number }[]> {
  return since === null
    ? sql<{ id: string; modifiedUs: number }[]>`SELECT id, (extract(epoch FROM modified_at) * 1000000)::float8 AS "modifiedUs" FROM papers`
    : sql<{ id: string; modifiedUs: number }[]>`
        SELECT id, (extract(epoch FROM modified_at) * 1000000)::float8 AS "modifiedUs" FROM papers WHERE modified_at >= ${since}::timestamptz`;
}

/** Returns the papers `ids` as the index takes them (missing ones are left out). */
export async function papersForIndex(sql: Sql, ids: string[]): Promise<IndexDoc[]> {
  if (ids.length === 0) return [];
  const rows = await sql<IndexRow[]>`SELECT ${indexColumns(sql)} FROM papers p WHERE p.id = ANY(${ids})`;
  return rows.map(toIndexDoc);
}

/** Returns papers deleted at or after `since`, and whether the table was truncated then (everything went). */
export async function paperDeletionsSince(sql: Sql, since: string): Promise<{ ids: string[]; truncated: boolean }> {
  const rows = await sql<{ paper_id: string | null }[]>`SELECT paper_id FROM paper_deletions WHERE deleted_at >= ${since}::timestamptz`;
  return { ids: rows.flatMap((r) => (r.paper_id === null ? [] : [r.paper_id])), truncated: rows.some((r) => r.paper_id === null) };
}

/**
 * Returns the searchable text of papers `ids`, for the exact phrase and author checks; with `authorsOnly`, titles
 * and abstracts are left empty (an author check needs only the names, and abstracts are most of the bytes).
 */
export async function paperTexts(sql: Sql, ids: string[], opts: { authorsOnly?: boolean } = {}): Promise<Map<string, IndexableText>> {
  if (ids.length === 0) return new Map();
  const rows = opts.authorsOnly
    ? await sql<{ id: string; author_names: string[] }[]>`SELECT id, author_names FROM papers WHERE id = ANY(${ids})`
    : await sql<{ id: string; title: string; abstract: string; author_names: string[]; categories: string[] }[]>`
        SELECT id, title, abstract, author_names, categories FROM papers WHERE id = ANY(${ids})`;
  return new Map(
    rows.map((r) => [
      r.id,
      {
        title: 'title' in r ? r.title : '',
        abstract: 'abstract' in r ? r.abstract : '',
        authors: r.author_names,
        categories: 'categories' in r ? r.categories : [],
      },
    ]),
  );
}

/** Returns the cards of papers `ids` in that order, leaving out hidden and missing ones. */
export async function listPapersByIds(sql: Sql, ids: string[]): Promise<FeedPaper[]> {
  if (ids.length === 0) return [];
  const rows = await sql<FeedRow[]>`
    SELECT ${feedColumns(sql)}
    FROM papers p LEFT JOIN organizations o ON o.id = p.organization_id
    WHERE p.id = ANY(${ids}) AND p.hidden_at IS NULL`;
  const byId = new Map(rows.map((r) => [r.id, toFeedPaper(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
