// The slow path of imports, for papers that may already exist: rows are COPYed into temporary
// staging tables, then merged into the real tables by a few set-based statements.
import type { Tx } from '../db/connect.ts';
import type { PaperRecord } from '../model/paper-record.ts';
import { copyRows, type CopyValue } from './copy.ts';
import { paperRecordColumns, paperRecordValues } from './paper-copy-columns.ts';

export interface UpsertResult {
  inserted: number;
  updated: number;
}

const STAGED_COLUMNS = [...paperRecordColumns, 'org_name', 'org_fullname', 'org_avatar'];

function stagedRow(r: PaperRecord): CopyValue[] {
  const org = r.hf?.organization;
  return [...paperRecordValues(r), org?.name ?? null, org?.fullname ?? null, org?.avatarUrl ?? null];
}

async function stage(tx: Tx, records: PaperRecord[]): Promise<void> {
  await tx`CREATE TEMP TABLE import_papers (
      id text, version int, metadata_rank smallint, title text, abstract text, author_names text[],
      categories text[], primary_category text, published_at timestamptz, updated_at timestamptz,
      comments text, journal_ref text, doi text, report_no text, license text, submitter text,
      withdrawn boolean, daily_date date, daily_source text, submitted_at timestamptz, submitted_by jsonb,
      hf_upvotes int, hf_num_comments int, github_repo text, github_stars int, project_page text,
      thumbnail text, ai_summary text, ai_keywords text[], ai_summary_model text, ai_summary_source text,
      ai_keywords_source text, hf_fields jsonb, org_name text, org_fullname text, org_avatar text
    ) ON COMMIT DROP`;
  await tx`CREATE TEMP TABLE import_versions (paper_id text, version int, created_at timestamptz) ON COMMIT DROP`;
  await tx`CREATE TEMP TABLE import_links (paper_id text, url text, kind text, source text, position int) ON COMMIT DROP`;
  await copyRows(tx, 'import_papers', STAGED_COLUMNS, records.map(stagedRow));
  await copyRows(
    tx,
    'import_versions',
    ['paper_id', 'version', 'created_at'],
    records.flatMap((r) =>
      r.versions.length > 0 ? r.versions.map((v) => [r.id, v.version, v.createdAt]) : r.version ? [[r.id, r.version, null]] : [],
    ),
  );
  await copyRows(
    tx,
    'import_links',
    ['paper_id', 'url', 'kind', 'source', 'position'],
    records.flatMap((r) => r.links.map((l, i) => [r.id, l.url, l.kind, l.source, i])),
  );
}

/** Merges papers that may already exist into the tables, inside the caller's transaction. */
export async function mergePapers(tx: Tx, records: PaperRecord[]): Promise<UpsertResult> {
  if (records.length === 0) return { inserted: 0, updated: 0 };
  await stage(tx, records);
  // `prior` reads the rows as they were before this statement, so `metadata_won` tells which
  // papers took this batch's title/abstract/authors (their abstract links are rebuilt below).
  const results = await tx<{ id: string; inserted: boolean; metadata_won: boolean }[]>`
    WITH input AS (
      SELECT x.*, o.id AS organization_id
      FROM import_papers x LEFT JOIN organizations o ON o.name = x.org_name
    ),
    prior AS (
      SELECT p.id, p.metadata_rank, p.version FROM papers p JOIN import_papers USING (id)
    ),
    upserted AS (
      INSERT INTO papers AS p (
        id, version, metadata_rank, title, abstract, author_names, categories, primary_category,
        published_at, updated_at, comments, journal_ref, doi, report_no, license, submitter, withdrawn,
        daily_date, daily_source, submitted_at, submitted_by, hf_upvotes, hf_num_comments, organization_id,
        github_repo, github_stars, project_page, thumbnail, ai_summary, ai_keywords, ai_summary_model, ai_summary_source,
        ai_keywords_source, hf_fields)
      SELECT id, version, metadata_rank, title, abstract, author_names, categories, primary_category,
        published_at, updated_at, comments, journal_ref, doi, report_no, license, submitter, withdrawn,
        daily_date, daily_source, submitted_at, submitted_by, hf_upvotes, hf_num_comments, organization_id,
        github_repo, github_stars, project_page, thumbnail, ai_summary, ai_keywords, ai_summary_model, ai_summary_source,
        ai_keywords_source, hf_fields
      FROM input
      ON CONFLICT (id) DO UPDATE SET
        -- Metadata: only from a better source, or the same source with the same or a newer version.
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
        -- The first version's time: the earliest day any source gives; on the same day the time of day a source knows
        -- (arXiv's API and Hugging Face give one; dumps with a date only are read as midnight).
        published_at = CASE
          WHEN date_trunc('day', p.published_at, 'UTC') = date_trunc('day', EXCLUDED.published_at, 'UTC')
            THEN GREATEST(p.published_at, EXCLUDED.published_at)
          ELSE LEAST(p.published_at, EXCLUDED.published_at) END,
        -- The daily day: a local submission beats Hugging Face, which beats the arXiv date. Among
        -- arXiv days the first announcement stays (a later cross-list or replacement does not move it).
        (daily_date, daily_source, submitted_at, submitted_by) =
        (SELECT * FROM (VALUES (EXCLUDED.daily_date, EXCLUDED.daily_source, EXCLUDED.submitted_at, EXCLUDED.submitted_by)) AS d
         WHERE EXCLUDED.daily_date IS NOT NULL AND (p.daily_date IS NULL OR
           array_position(ARRAY['arxiv', 'hf', 'submission'], EXCLUDED.daily_source)
             > array_position(ARRAY['arxiv', 'hf', 'submission'], p.daily_source)
           OR (EXCLUDED.daily_source = p.daily_source AND (p.daily_source <> 'arxiv' OR EXCLUDED.daily_date < p.daily_date)))
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
        -- Who made them goes with them: Hugging Face's replace this site's own (migration 0012).
        ai_summary_model = CASE WHEN EXCLUDED.ai_summary IS NULL THEN p.ai_summary_model ELSE EXCLUDED.ai_summary_model END,
        ai_summary_source = COALESCE(EXCLUDED.ai_summary_source, p.ai_summary_source),
        ai_keywords_source = COALESCE(EXCLUDED.ai_keywords_source, p.ai_keywords_source),
        -- Hugging Face's latest body of the paper replaces the one before (its counts and claims move on).
        hf_fields = COALESCE(EXCLUDED.hf_fields, p.hf_fields),
        modified_at = now()
      RETURNING p.id, (xmax = 0) AS inserted
    )
    SELECT u.id, u.inserted,
      (prior.id IS NULL OR i.metadata_rank > prior.metadata_rank
        OR (i.metadata_rank = prior.metadata_rank AND i.version >= prior.version)) AS metadata_won
    FROM upserted u JOIN import_papers i USING (id) LEFT JOIN prior USING (id)`;

  const replaced = results.filter((r) => r.metadata_won && !r.inserted).map((r) => r.id);
  const won = results.filter((r) => r.metadata_won).map((r) => r.id);
  await tx`
    INSERT INTO paper_versions (paper_id, version, created_at)
    SELECT DISTINCT ON (paper_id, version) paper_id, version, created_at FROM import_versions
    ORDER BY paper_id, version, created_at NULLS LAST
    ON CONFLICT (paper_id, version) DO UPDATE SET created_at = COALESCE(EXCLUDED.created_at, paper_versions.created_at)`;
  // Links found in an older abstract go when a newer abstract replaces it; Hugging Face's stay.
  if (replaced.length > 0) await tx`DELETE FROM paper_links WHERE paper_id = ANY(${replaced}) AND source <> 'hf'`;
  await tx`
    INSERT INTO paper_links (paper_id, url, kind, source, position)
    SELECT l.paper_id, l.url, l.kind, l.source, l.position FROM import_links l
    WHERE l.source = 'hf' OR l.paper_id = ANY(${won})
    ON CONFLICT (paper_id, url) DO NOTHING`;
  const inserted = results.filter((r) => r.inserted).length;
  return { inserted, updated: results.length - inserted };
}
