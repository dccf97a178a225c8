// GET /api/papers/search?q=&limit=: Hugging Face's paper search endpoint, an array of items shaped like
// /api/daily_papers items ({ paper: {...}, title, summary, publishedAt, ... }), best match first. Our extras:
// p (0-based page), sort (relevance | date | upvotes), from, to, category, code, featured; the query syntax of the
// search box ("phrases", -exclude, author:, cat:). An arXiv id or link as q returns that paper.
import type { Context } from 'hono';
import * as v from 'valibot';
import { parseArxivId } from '../../core/arxiv-id.ts';
import { BadRequest } from '../../errors.ts';
import { listPapersByIds } from '../../store/search-papers.ts';
import type { AppDeps } from '../deps.ts';
import { searchServiceOf } from '../deps.ts';
import { apiQuery, intField } from '../http/schema.ts';
import { fromBeforeTo, MAX_RESULTS_DEPTH, SEARCH_ENTRIES, toSearchParams } from '../http/search-params.ts';
import { presentContextFor } from './present-context.ts';
import { presentDailyItem } from './presenters.ts';

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;
const DEPTH_ERROR = `Results can be paged up to ${MAX_RESULTS_DEPTH} deep (p × limit); narrow the query instead.`;
// HF's q and limit (what huggingface_hub sends), and our extras; anything else is a 400 rather than silently ignored.
const { q, ...filters } = SEARCH_ENTRIES;
const QUERY = v.pipe(
  v.object({
    q,
    limit: intField('limit', DEFAULT_LIMIT, 1, MAX_LIMIT),
    p: intField('p', 0, 0, MAX_RESULTS_DEPTH),
    ...filters,
  }),
  fromBeforeTo(),
  v.check(({ p, limit }) => (p + 1) * limit <= MAX_RESULTS_DEPTH, DEPTH_ERROR),
  v.transform((o) => ({ params: toSearchParams(o), limit: o.limit, page: o.p })),
);

/** Returns a JSON array of matching papers, like huggingface.co/api/papers/search. */
export async function searchApi(c: Context, deps: AppDeps): Promise<Response> {
  const { params, limit, page } = apiQuery(c, QUERY);
  c.header('Cache-Control', 'no-store');
  const arxiv = params.q ? parseArxivId(params.q) : null;
  if (arxiv) {
    const papers = page === 0 ? await listPapersByIds(deps.sql, [arxiv.id]) : [];
    if (papers.length > 0 || page > 0) {
      const ctx = await presentContextFor(deps, papers);
      return c.json(papers.map((p) => presentDailyItem(p, ctx)));
    }
  }
  const result = await searchServiceOf(deps).search(
    { query: params.q, filters: params.filters, sort: params.sort, offset: page * limit, limit },
    params.mode,
  );
  if (result.empty) throw BadRequest('Give a query in "q" (or at least one filter: from, to, category, code, featured).');
  const papers = await listPapersByIds(
    deps.sql,
    result.hits.map((h) => h.id),
  );
  if (result.total !== null) c.header('X-Total-Count', String(result.total));
  c.header('X-Has-More', String(result.hasMore));
  const ctx = await presentContextFor(deps, papers);
  return c.json(papers.map((p) => presentDailyItem(p, ctx)));
}
