// A paper as the keyword index takes it, and as the store reads it for the index: the one shape both sides name,
// kept here so that the store need not import the search engine to describe its rows.
import type { IndexableText } from '../core/analyze.ts';

/** A paper as the index takes it: its text and the attributes that filter and sort. */
export interface IndexDoc extends IndexableText {
  id: string;
  publishedMs: number | null;
  /** Days since 1970 of the day Hugging Face or a submission featured it on the daily page, or null. */
  dailyDay: number | null;
  upvotes: number;
  hidden: boolean;
  hasCode: boolean;
  /** papers.modified_at in microseconds. */
  modifiedUs: number;
}
