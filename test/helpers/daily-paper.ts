// One paper on a day's feed (a pick: featured on Hugging Face), inserted directly (no import: a title with math, one
// author, cs.LG, Hugging Face upvotes), or as a line to import: for tests of the pages that list and show papers.
import type { Sql } from '../../src/db/connect.ts';

export async function addDailyPaper(sql: Sql, id: string, day: string, upvotes: number): Promise<void> {
  await sql`
    INSERT INTO papers (id, title, abstract, author_names, categories, primary_category, published_at, daily_date, daily_source, hf_upvotes)
    VALUES (${id}, ${`Paper $x^2$ ${id}`}, 'An abstract with $\\alpha$.', ${['Ada Lovelace']}, ${['cs.LG']}, 'cs.LG',
            ${`${day}T08:00:00Z`}, ${day}, 'hf', ${upvotes})`;
}

/** The import line (arxiv-papers.jsonl format) of a paper announced and featured on Hugging Face on 2026-03-02, with HF's upvotes. */
export function paperLine(id: string, title: string, upvotes = 0): string {
  return JSON.stringify({
    arxiv_id: id,
    title,
    authors: ['A. Author'],
    abstract: 'An abstract.',
    categories: ['cs.LG'],
    date: '2026-03-02',
    hf_upvotes_at_fetch: upvotes,
    hf_daily_date: '2026-03-02',
    source: 'test',
  });
}
