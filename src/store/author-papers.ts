// Reads for the author and organization pages: a person's or a lab's papers, newest first.
import type { Sql } from '../db/connect.ts';
import { feedColumns, toFeedPaper, type FeedPaper, type FeedRow, type Organization } from './papers.ts';

export interface PaperPage {
  papers: FeedPaper[];
  total: number;
}

/**
 * Returns one page of the papers that list `name` (exactly as arXiv writes it) among their authors,
 * newest first, without the ones moderators hid, and how many there are.
 */
export async function listAuthorPapers(sql: Sql, name: string, page: { limit: number; offset: number }): Promise<PaperPage> {
  // `@>` on the array is what the GIN index papers_authors_idx answers; `= ANY` would scan every paper
  // (25x slower for a prolific author: bench/authors.ts). As in listFeed, the page is picked on narrow
  // rows before the wide ones (abstracts, links) are read.
  const [rows, count] = await Promise.all([
    sql<FeedRow[]>`
      WITH r AS (
        SELECT r.id, r.published_at FROM papers r
        WHERE r.author_names @> ARRAY[${name}]::text[] AND r.hidden_at IS NULL
        ORDER BY r.published_at DESC NULLS LAST, r.id DESC
        LIMIT ${page.limit} OFFSET ${page.offset})
      SELECT ${feedColumns(sql)}
      FROM r JOIN papers p ON p.id = r.id LEFT JOIN organizations o ON o.id = p.organization_id
      ORDER BY r.published_at DESC NULLS LAST, r.id DESC`,
    sql<{ n: number }[]>`SELECT count(*)::int AS n FROM papers WHERE author_names @> ARRAY[${name}]::text[] AND hidden_at IS NULL`,
  ]);
  return { papers: rows.map(toFeedPaper), total: count[0]?.n ?? 0 };
}

/** Returns the organization with handle `name` (as on Hugging Face, "google"), or null. */
export async function getOrganization(sql: Sql, name: string): Promise<(Organization & { id: number }) | null> {
  const rows = await sql<(Organization & { id: number })[]>`
    SELECT id::int, name, fullname, avatar_url AS "avatarUrl" FROM organizations WHERE name = ${name}`;
  return rows[0] ?? null;
}

/** Returns one page of organization `organizationId`'s papers, newest first, without hidden ones, and how many there are. */
export async function listOrganizationPapers(
  sql: Sql,
  organizationId: number,
  page: { limit: number; offset: number },
): Promise<PaperPage> {
  const [rows, count] = await Promise.all([
    sql<FeedRow[]>`
      WITH r AS (
        SELECT r.id, r.published_at FROM papers r
        WHERE r.organization_id = ${organizationId} AND r.hidden_at IS NULL
        ORDER BY r.published_at DESC NULLS LAST, r.id DESC
        LIMIT ${page.limit} OFFSET ${page.offset})
      SELECT ${feedColumns(sql)}
      FROM r JOIN papers p ON p.id = r.id JOIN organizations o ON o.id = p.organization_id
      ORDER BY r.published_at DESC NULLS LAST, r.id DESC`,
    sql<{ n: number }[]>`SELECT count(*)::int AS n FROM papers WHERE organization_id = ${organizationId} AND hidden_at IS NULL`,
  ]);
  return { papers: rows.map(toFeedPaper), total: count[0]?.n ?? 0 };
}

/** Returns one page of the papers in arXiv category `category` (cs.CL; or a whole archive like astro-ph), newest first. */
export async function listCategoryPapers(sql: Sql, category: string, page: { limit: number; offset: number }): Promise<PaperPage> {
  // A category name also matches its archive's subcategories (astro-ph → astro-ph.GA), as arXiv's listings do.
  const archive = !category.includes('.');
  const where = archive
    ? sql`(r.categories @> ARRAY[${category}]::text[] OR r.primary_category LIKE ${`${category}.%`})`
    : sql`r.categories @> ARRAY[${category}]::text[]`;
  const [rows, count] = await Promise.all([
    sql<FeedRow[]>`
      WITH r AS (
        SELECT r.id, r.published_at FROM papers r
        WHERE ${where} AND r.hidden_at IS NULL
        ORDER BY r.published_at DESC NULLS LAST, r.id DESC
        LIMIT ${page.limit} OFFSET ${page.offset})
      SELECT ${feedColumns(sql)}
      FROM r JOIN papers p ON p.id = r.id LEFT JOIN organizations o ON o.id = p.organization_id
      ORDER BY r.published_at DESC NULLS LAST, r.id DESC`,
    sql<{ n: number }[]>`SELECT count(*)::int AS n FROM papers r WHERE ${where} AND r.hidden_at IS NULL`,
  ]);
  return { papers: rows.map(toFeedPaper), total: count[0]?.n ?? 0 };
}
