// The papers' AI summaries and keywords as this site makes them (migration 0012): which papers still lack them, the
// texts the corpus statistics count, and the write that fills them without ever replacing Hugging Face's.
import type { Sql } from '../db/connect.ts';
import { LOCK_KEYS, withAdvisoryLock } from './advisory-lock.ts';
import { announcePapersChanged } from './changes.ts';

export interface PaperLackingSummary {
  id: string;
  title: string;
  abstract: string;
  /** papers.modified_at as PostgreSQL prints it: the write applies only if the paper is unchanged since. */
  modifiedAt: string;
  needsSummary: boolean;
  needsKeywords: boolean;
}

export interface SummaryWrite {
  id: string;
  modifiedAt: string;
  /** null: nothing to summarize (no abstract); recorded so the paper is not looked at again. */
  summary: string | null;
  /** What made it ('extractive', a chat model's name); null with no summary. */
  model: string | null;
  /** null or empty: none found. */
  keywords: string[] | null;
}

/** Runs `work` as the one summary writer on this database, or returns null when another process is. */
export function withSummaryLock<T>(sql: Sql, work: () => Promise<T>): Promise<{ value: T } | null> {
  return withAdvisoryLock(sql, LOCK_KEYS.paperSummaries, work);
}

/** Returns the number of papers. */
export async function countPapersForSummaries(sql: Sql): Promise<number> {
  const rows = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM papers`;
  return rows[0]?.n ?? 0;
}

/** Returns the number of papers lacking a summary or keywords (neither Hugging Face's nor ours). */
export async function countPapersLackingSummaries(sql: Sql): Promise<number> {
  const rows = await sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM papers WHERE ai_summary_source IS NULL OR ai_keywords_source IS NULL`;
  return rows[0]?.n ?? 0;
}

/** Calls `onBatch` with the title and abstract of every paper, `batchSize` at a time, through a cursor. */
export async function forEachPaperText(
  sql: Sql,
  batchSize: number,
  onBatch: (papers: { title: string; abstract: string }[]) => void | Promise<void>,
): Promise<void> {
  const cursor = sql<{ title: string; abstract: string }[]>`SELECT title, abstract FROM papers`.cursor(batchSize);
  for await (const rows of cursor) await onBatch(rows);
}

/** Returns up to `limit` papers after id `after` (in id order) that lack a summary or keywords. */
export async function papersLackingSummaries(sql: Sql, after: string, limit: number): Promise<PaperLackingSummary[]> {
  // Spelled as papers_ai_missing_idx's predicate, so the list is read from that index.
  return sql<PaperLackingSummary[]>`
    SELECT id, title, abstract, modified_at::text AS "modifiedAt",
      (ai_summary_source IS NULL) AS "needsSummary", (ai_keywords_source IS NULL) AS "needsKeywords"
    FROM papers
    WHERE (ai_summary_source IS NULL OR ai_keywords_source IS NULL) AND id > ${after}
    ORDER BY id LIMIT ${limit}`;
}

/**
 * Stores this site's summaries and keywords where a paper still has none, in one transaction that announces the
 * change (cached pages refresh). A paper changed since it was read (modified_at moved: a new abstract, an HF import
 * meanwhile) is left for the next round. Returns how many papers were written.
 */
export async function saveSummaries(sql: Sql, writes: SummaryWrite[]): Promise<number> {
  if (writes.length === 0) return 0;
  return sql.begin(async (tx) => {
    const rows = await tx<{ id: string }[]>`
      UPDATE papers p SET
        ai_summary = CASE WHEN p.ai_summary_source IS NULL THEN w.summary ELSE p.ai_summary END,
        ai_summary_model = CASE WHEN p.ai_summary_source IS NULL THEN w.model ELSE p.ai_summary_model END,
        ai_summary_source = COALESCE(p.ai_summary_source, 'site'),
        ai_keywords = CASE WHEN p.ai_keywords_source IS NULL THEN w.keywords ELSE p.ai_keywords END,
        ai_keywords_source = COALESCE(p.ai_keywords_source, 'site')
      FROM (
        SELECT * FROM unnest(
          ${writes.map((w) => w.id)}::text[],
          ${writes.map((w) => w.modifiedAt)}::text[], -- as text: the driver would cut a timestamptz to milliseconds
          ${writes.map((w) => w.summary)}::text[],
          ${writes.map((w) => w.model)}::text[]
        ) AS u(id, modified_at, summary, model)
        -- Keyword lists differ in length, which a two-dimensional array cannot hold: they travel as JSON.
        JOIN (
          SELECT id, CASE WHEN k = '{}' THEN NULL ELSE k END AS keywords
          FROM jsonb_to_recordset(${tx.json(writes.map((w) => ({ id: w.id, k: w.keywords ?? [] })))}) AS j(id text, k text[])
        ) kw USING (id)
      ) w
      WHERE p.id = w.id AND p.modified_at = w.modified_at::timestamptz
        AND (p.ai_summary_source IS NULL OR p.ai_keywords_source IS NULL)
      RETURNING p.id`;
    if (rows.length > 0) await announcePapersChanged(tx);
    return rows.length;
  });
}
