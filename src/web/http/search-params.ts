// The search page's and the search API's query parameters, validated into a search request: a bad value is a 400
// with a message saying what is accepted, never a silent default.
import type { Context } from 'hono';
import { parseDay } from '../../core/dates.ts';
import { BadRequest } from '../../errors.ts';
import type { SearchFilters, SearchSort } from '../../search/engine.ts';
import type { SearchMode } from '../../search/hybrid-engine.ts';

export const SEARCH_MODES: readonly SearchMode[] = ['hybrid', 'keyword', 'semantic'];

export const SEARCH_SORTS: readonly SearchSort[] = ['relevance', 'date', 'upvotes'];
// A query longer than this is not something typed in a search box.
export const MAX_QUERY_LENGTH = 500;
// How deep results can be paged: ranking keeps the best (page x size) in memory, and nobody reads page 60.
export const MAX_RESULTS_DEPTH = 1000;
const CATEGORY = /^[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z-]{2,})?$/;

export interface SearchParams {
  q: string;
  sort: SearchSort;
  filters: SearchFilters;
  /** How results are ranked; undefined: the site's default (SEARCH_MODE). */
  mode?: SearchMode | undefined;
}

function flag(name: string, raw: string | undefined): boolean {
  if (raw === undefined || raw === '' || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'on' || raw === 'true') return true;
  throw BadRequest(`"${name}" must be 1 or 0, got "${raw}"`);
}

function day(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!parseDay(raw)) throw BadRequest(`"${name}" must be a date like 2024-05-27, got "${raw}"`);
  return raw;
}

/** Reads q, sort, from, to, category, code and featured from the request; throws a 400 for a bad value. */
export function searchParams(c: Context): SearchParams {
  const q = (c.req.query('q') ?? '').trim();
  if (q.length > MAX_QUERY_LENGTH) throw BadRequest(`The query is too long (${q.length} characters; at most ${MAX_QUERY_LENGTH}).`);
  const rawSort = c.req.query('sort');
  const sort = rawSort === undefined || rawSort === '' ? 'relevance' : (rawSort as SearchSort);
  if (!SEARCH_SORTS.includes(sort)) throw BadRequest(`"sort" must be one of ${SEARCH_SORTS.join(', ')}, got "${rawSort}"`);
  const from = day('from', c.req.query('from'));
  const to = day('to', c.req.query('to'));
  if (from && to && from > to) throw BadRequest(`"from" (${from}) is after "to" (${to})`);
  const category = (c.req.query('category') ?? '').trim();
  if (category && !CATEGORY.test(category)) throw BadRequest(`"category" must be an arXiv category like cs.CL or an archive like cs, got "${category}"`);
  const rawMode = c.req.query('mode');
  const mode = rawMode === undefined || rawMode === '' ? undefined : (rawMode as SearchMode);
  if (mode !== undefined && !SEARCH_MODES.includes(mode)) throw BadRequest(`"mode" must be one of ${SEARCH_MODES.join(', ')}, got "${rawMode}"`);
  return {
    q,
    sort,
    mode,
    filters: {
      from,
      to,
      category: category || undefined,
      hasCode: flag('code', c.req.query('code')),
      featured: flag('featured', c.req.query('featured')),
    },
  };
}

/** Returns the URL query string for `p` at `page` (1-based; page 1 left out), keeping only what is set. */
export function searchQueryString(p: SearchParams, page = 1, overrides: Partial<Record<string, string>> = {}): string {
  const u = new URLSearchParams();
  if (p.q) u.set('q', p.q);
  if (p.sort !== 'relevance') u.set('sort', p.sort);
  if (p.mode) u.set('mode', p.mode);
  if (p.filters.from) u.set('from', p.filters.from);
  if (p.filters.to) u.set('to', p.filters.to);
  if (p.filters.category) u.set('category', p.filters.category);
  if (p.filters.hasCode) u.set('code', '1');
  if (p.filters.featured) u.set('featured', '1');
  if (page > 1) u.set('page', String(page));
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined || v === '') u.delete(k);
    else u.set(k, v);
  }
  return u.toString();
}
