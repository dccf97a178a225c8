// Writes imported papers: one batch is one transaction, so a batch is stored whole or not at all.
import type { Sql } from '../db/connect.ts';
import type { PaperRecord } from '../import/record.ts';

export interface UpsertResult {
  inserted: number;
  updated: number;
}

// Shape of one row of the jsonb batch; names match the jsonb_to_recordset column list below.
function toRow(r: PaperRecord) {
  return {
    id: r.id,
    version: r.version,
    metadata_rank: r.metadataRank,
    title: r.title,
    abstract: r.abstract,
    author_names: r.authors,
    categories: r.categories,
    primary_category: r.primaryCategory,
    published_at: r.publishedAt,
    updated_at: r.updatedAt,
    comments: r.comments,
    journal_ref: r.journalRef,
    doi: r.doi,
    report_no: r.reportNo,
    license: r.license,
    submitter: r.submitter,
    withdrawn: r.withdrawn,
    versions: r.versions.length > 0 ? r.versions : r.version ? [{ version: r.version, createdAt: null }] : [],
    links: r.links.map((l, i) => ({ ...l, position: i })),
    daily_date: r.daily?.date ?? null,
    daily_source: r.daily?.source ?? null,
    submitted_at: r.daily?.submittedAt ?? null,
    submitted_by: r.daily?.submittedBy ?? null,
    hf_upvotes: r.hf?.upvotes ?? null,
    hf_num_comments: r.hf?.numComments ?? null,
    github_repo: r.hf?.githubRepo ?? null,
    github_stars: r.hf?.githubStars ?? null,
    project_page: r.hf?.projectPage ?? null,
    thumbnail: r.hf?.thumbnail ?? null,
    ai_summary: r.hf?.aiSummary ?? null,
    ai_keywords: r.hf?.aiKeywords ?? null,
    org_name: r.hf?.organization?.name ?? null,
    org_fullname: r.hf?.organization?.fullname ?? null,
    org_avatar: r.hf?.organization?.avatarUrl ?? null,
  };
}

/** Inserts or merges a batch of papers (ids must be unique within the batch) and their authors, links and versions. */
export async function upsertPapers(sql: Sql, records: PaperRecord[]): Promise<UpsertResult> {
  if (records.length === 0) return { inserted: 0, updated: 0 };
  const rows = records.map(toRow);
  return sql.begin(async (tx) => {
    await tx`
      INSERT INTO organizations (name, fullname, avatar_url)
      SELECT DISTINCT ON (org_name) org_name, org_fullname, org_avatar
      FROM jsonb_to_recordset(${tx.json(rows)}::jsonb) AS x(org_name text, org_fullname text, org_avatar text)
      WHERE org_name IS NOT NULL
      ORDER BY org_name
      ON CONFLICT (name) DO UPDATE SET
        fullname = COALESCE(EXCLUDED.fullname, organizations.fullname),
        avatar_url = COALESCE(EXCLUDED.avatar_url, organizations.avatar_url)`;

    // `prior` reads the rows as they were before this statement, so `metadata_won` tells which
    // papers took this batch's title/abstract/authors (their author and link rows are rebuilt below).
    const results = await tx<{ id: string; inserted: boolean; metadata_won: boolean }[]>`
      WITH input AS (
        SELECT x.*, o.id AS organization_id
        FROM jsonb_to_recordset(${tx.json(rows)}::jsonb) AS x(
          id text, version int, metadata_rank smallint, title text, abstract text, author_names text[],
          categories text[], primary_category text, published_at timestamptz, updated_at timestamptz,
          comments text, journal_ref text, doi text, report_no text, license text, submitter text,
          withdrawn boolean, daily_date date, daily_source text, submitted_at timestamptz, submitted_by jsonb,
          hf_upvotes int, hf_num_comments int, github_repo text, github_stars int,
          project_page text, thumbnail text, ai_summary text, ai_keywords text[], org_name text)
        LEFT JOIN organizations o ON o.name = x.org_name
      ),
      prior AS (
        SELECT p.id, p.metadata_rank, p.version FROM papers p JOIN input USING (id)
      ),
      upserted AS (
        INSERT INTO papers AS p (
          id, version, metadata_rank, title, abstract, author_names, categories, primary_category,
          published_at, updated_at, comments, journal_ref, doi, report_no, license, submitter, withdrawn,
          daily_date, daily_source, submitted_at, submitted_by, hf_upvotes, hf_num_comments, organization_id,
          github_repo, github_stars, project_page, thumbnail, ai_summary, ai_keywords)
        SELECT id, COALESCE(version, 1), metadata_rank, title, abstract, author_names, categories, primary_category,
          published_at, updated_at, comments, journal_ref, doi, report_no, license, submitter, withdrawn,
          daily_date, daily_source, submitted_at, submitted_by, hf_upvotes, hf_num_comments, organization_id,
          github_repo, github_stars, project_page, thumbnail, ai_summary, ai_keywords
        FROM input
        ON CONFLICT (id) DO UPDATE SET
          (version, metadata_rank, title, abstract, author_names, categories, primary_category, updated_at,
           comments, journal_ref, doi, report_no, license, submitter, withdrawn) =
          (SELECT * FROM (VALUES (
             GREATEST(p.version, EXCLUDED.version), EXCLUDED.metadata_rank, EXCLUDED.title, EXCLUDED.abstract,
             EXCLUDED.author_names,
             CASE WHEN cardinality(EXCLUDED.categories) > 0 THEN EXCLUDED.categories ELSE p.categories END,
             COALESCE(EXCLUDED.primary_category, p.primary_category), COALESCE(EXCLUDED.updated_at, p.updated_at),
             COALESCE(EXCLUDED.comments, p.comments), COALESCE(EXCLUDED.journal_ref, p.journal_ref),
             COALESCE(EXCLUDED.doi, p.doi), COALESCE(EXCLUDED.report_no, p.report_no),
             COALESCE(EXCLUDED.license, p.license), COALESCE(EXCLUDED.submitter, p.submitter), EXCLUDED.withdrawn)) AS v
           WHERE EXCLUDED.metadata_rank > p.metadata_rank
              OR (EXCLUDED.metadata_rank = p.metadata_rank AND EXCLUDED.version >= p.version)
           UNION ALL
           SELECT p.version, p.metadata_rank, p.title, p.abstract, p.author_names, p.categories, p.primary_category,
             p.updated_at, p.comments, p.journal_ref, p.doi, p.report_no, p.license, p.submitter, p.withdrawn
           LIMIT 1),
          published_at = LEAST(p.published_at, EXCLUDED.published_at),
          -- The daily day: a local submission beats Hugging Face, which beats the arXiv date.
          (daily_date, daily_source, submitted_at, submitted_by) =
          (SELECT * FROM (VALUES (EXCLUDED.daily_date, EXCLUDED.daily_source, EXCLUDED.submitted_at, EXCLUDED.submitted_by)) AS d
           WHERE EXCLUDED.daily_date IS NOT NULL AND (p.daily_date IS NULL OR
             array_position(ARRAY['arxiv', 'hf', 'submission'], EXCLUDED.daily_source)
               >= array_position(ARRAY['arxiv', 'hf', 'submission'], p.daily_source))
           UNION ALL SELECT p.daily_date, p.daily_source, p.submitted_at, p.submitted_by
           LIMIT 1),
          hf_upvotes = COALESCE(EXCLUDED.hf_upvotes, p.hf_upvotes),
          hf_num_comments = COALESCE(EXCLUDED.hf_num_comments, p.hf_num_comments),
          organization_id = COALESCE(EXCLUDED.organization_id, p.organization_id),
          github_repo = COALESCE(EXCLUDED.github_repo, p.github_repo),
          github_stars = COALESCE(EXCLUDED.github_stars, p.github_stars),
          project_page = COALESCE(EXCLUDED.project_page, p.project_page),
          thumbnail = COALESCE(EXCLUDED.thumbnail, p.thumbnail),
          ai_summary = COALESCE(EXCLUDED.ai_summary, p.ai_summary),
          ai_keywords = COALESCE(EXCLUDED.ai_keywords, p.ai_keywords),
          modified_at = now()
        RETURNING p.id, (xmax = 0) AS inserted
      )
      SELECT u.id, u.inserted,
        (prior.id IS NULL OR i.metadata_rank > prior.metadata_rank
          OR (i.metadata_rank = prior.metadata_rank AND COALESCE(i.version, 1) >= prior.version)) AS metadata_won
      FROM upserted u JOIN input i USING (id) LEFT JOIN prior USING (id)`;

    const won = results.filter((r) => r.metadata_won).map((r) => r.id);
    await tx`
      INSERT INTO paper_versions (paper_id, version, created_at)
      SELECT x.id, v.version, v."createdAt"
      FROM jsonb_to_recordset(${tx.json(rows)}::jsonb) AS x(id text, versions jsonb),
           jsonb_to_recordset(x.versions) AS v(version int, "createdAt" timestamptz)
      ON CONFLICT (paper_id, version) DO UPDATE SET created_at = COALESCE(EXCLUDED.created_at, paper_versions.created_at)`;
    if (won.length > 0) {
      await tx`DELETE FROM paper_authors WHERE paper_id = ANY(${won})`;
      await tx`
        INSERT INTO authors (name)
        SELECT DISTINCT a.name FROM papers p, unnest(p.author_names) AS a(name)
        WHERE p.id = ANY(${won}) ORDER BY 1
        ON CONFLICT (name) DO NOTHING`;
      await tx`
        INSERT INTO paper_authors (paper_id, position, author_id)
        SELECT p.id, a.ord, au.id
        FROM papers p, unnest(p.author_names) WITH ORDINALITY AS a(name, ord), authors au
        WHERE p.id = ANY(${won}) AND au.name = a.name AND a.ord <= 32767`;
      await tx`DELETE FROM paper_links WHERE paper_id = ANY(${won}) AND source <> 'hf'`;
    }
    await tx`
      INSERT INTO paper_links (paper_id, url, kind, source, position)
      SELECT x.id, l.url, l.kind, l.source, l.position
      FROM jsonb_to_recordset(${tx.json(rows)}::jsonb) AS x(id text, links jsonb),
           jsonb_to_recordset(x.links) AS l(url text, kind text, source text, position int)
      WHERE x.id = ANY(${won}) OR l.source = 'hf'
      ON CONFLICT (paper_id, url) DO NOTHING`;

    const inserted = results.filter((r) => r.inserted).length;
    return { inserted, updated: results.length - inserted };
  });
}
