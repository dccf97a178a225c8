// The papers a digest period offers: featured in the period, visible, most upvoted first.
import type { Sql } from '../db/connect.ts';

export interface CandidateRow {
  id: string;
  title: string;
  abstract: string;
  authors: string[];
  categories: string[];
  upvotes: number;
  numComments: number;
}

// Plenty for any combination of preferences; a busy arXiv day has about 1,000 papers in cs.
const MAX_CANDIDATES = 5000;

export async function digestCandidates(sql: Sql, range: { start: string; end: string }): Promise<CandidateRow[]> {
  return sql<CandidateRow[]>`
    SELECT id, title, abstract, author_names AS authors, categories, total_upvotes AS upvotes,
      num_comments + COALESCE(hf_num_comments, 0) AS "numComments"
    FROM papers
    WHERE daily_date BETWEEN ${range.start} AND ${range.end} AND hidden_at IS NULL
    ORDER BY total_upvotes DESC, num_comments DESC, published_at DESC NULLS LAST, id
    LIMIT ${MAX_CANDIDATES}`;
}
