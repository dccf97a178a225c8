// The columns a PaperRecord fills when it is COPYed, in one place for both import paths: straight
// into `papers` (papers-write.ts) and into the staging table of the merge (papers-merge.ts). They
// differ only in the organization: a new row carries its id, the staging row its name and details
// (the merge looks the id up). Each path appends those columns after these.
import type { PaperRecord } from '../model/paper-record.ts';
import type { CopyValue } from './copy.ts';

const PAPER_RECORD_COLUMNS: readonly (readonly [column: string, value: (r: PaperRecord) => CopyValue])[] = [
  ['id', (r) => r.id],
  ['version', (r) => r.version ?? 1],
  ['metadata_rank', (r) => r.metadataRank],
  ['title', (r) => r.title],
  ['abstract', (r) => r.abstract],
  ['author_names', (r) => r.authors],
  ['categories', (r) => r.categories],
  ['primary_category', (r) => r.primaryCategory],
  ['published_at', (r) => r.publishedAt],
  ['updated_at', (r) => r.updatedAt],
  ['comments', (r) => r.comments],
  ['journal_ref', (r) => r.journalRef],
  ['doi', (r) => r.doi],
  ['report_no', (r) => r.reportNo],
  ['license', (r) => r.license],
  ['submitter', (r) => r.submitter],
  ['withdrawn', (r) => r.withdrawn],
  ['daily_date', (r) => r.daily?.date ?? null],
  ['daily_source', (r) => r.daily?.source ?? null],
  ['submitted_at', (r) => r.daily?.submittedAt ?? null],
  ['submitted_by', (r) => (r.daily?.submittedBy ? JSON.stringify(r.daily.submittedBy) : null)],
  ['hf_upvotes', (r) => r.hf?.upvotes ?? null],
  ['hf_num_comments', (r) => r.hf?.numComments ?? null],
  ['github_repo', (r) => r.hf?.githubRepo ?? null],
  ['github_stars', (r) => r.hf?.githubStars ?? null],
  ['project_page', (r) => r.hf?.projectPage ?? null],
  ['thumbnail', (r) => r.hf?.thumbnail ?? null],
  ['ai_summary', (r) => r.hf?.aiSummary ?? null],
  ['ai_keywords', (r) => r.hf?.aiKeywords ?? null],
  // Who made them (migration 0012): a record only ever brings Hugging Face's.
  ['ai_summary_model', (r) => (r.hf?.aiSummary ? r.hf.aiSummaryModel : null)],
  ['ai_summary_source', (r) => (r.hf?.aiSummary ? 'hf' : null)],
  ['ai_keywords_source', (r) => (r.hf?.aiKeywords ? 'hf' : null)],
  ['hf_fields', (r) => (r.hf?.fields ? JSON.stringify(r.hf.fields) : null)],
];

/** The column names, in the order paperRecordValues gives the values. */
export const paperRecordColumns: readonly string[] = PAPER_RECORD_COLUMNS.map(([column]) => column);

export function paperRecordValues(r: PaperRecord): CopyValue[] {
  return PAPER_RECORD_COLUMNS.map(([, value]) => value(r));
}
