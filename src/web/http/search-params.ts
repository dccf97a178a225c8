// The search page's and the search API's query parameters, validated into a search request: a bad value is a 400
// with a message saying what is accepted, never a silent default.
import type { Context } from 'hono';
import { parseDay } from '../../core/dates.ts';
import * as v from 'valibot';
import type { SearchFilters, SearchSort } from '../../search/engine.ts';
import type { SearchMode } from '../../search/hybrid-engine.ts';
import { checked, queryValues, type Checked } from './schema.ts';

export const SEARCH_MODES: readonly SearchMode[] = ['hybrid', 'keyword', 'semantic'];

export const SEARCH_SORTS: readonly SearchSort[] = ['relevance', 'date', 'upvotes'];
// A query longer than this is not something typed in a search box.
export const MAX_QUERY_LENGTH = 500;
// How deep results can be paged: ranking keeps the best (page x size) in memory, and nobody reads page 60.
export const MAX_RESULTS_DEPTH = 1000;
const CATEGORY = /^[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z-]{2,})?$/;

function checkFlag(name: string, raw: string): Checked<boolean> {
  if (raw === '' || raw === '0' || raw === 'false') return { ok: true, value: false };
  if (raw === '1' || raw === 'on' || raw === 'true') return { ok: true, value: true };
  return { ok: false, error: `"${name}" must be 1 or 0, got "${raw}"` };
}

function checkDay(name: string, raw: string): Checked<string | undefined> {
  if (raw === '') return { ok: true, value: undefined };
  if (!parseDay(raw)) return { ok: false, error: `"${name}" must be a date like 2024-05-27, got "${raw}"` };
  return { ok: true, value: raw };
}

function checkQuery(raw: string): Checked<string> {
  const q = raw.trim();
  if (q.length > MAX_QUERY_LENGTH)
    return { ok: false, error: `The query is too long (${q.length} characters; at most ${MAX_QUERY_LENGTH}).` };
  return { ok: true, value: q };
}

/** A checker for a parameter that names one of `accepted` ('' or absent: `fallback`). */
function oneOf<T extends string, F extends T | undefined>(
  name: string,
  accepted: readonly T[],
  fallback: F,
): (raw: string) => Checked<T | F> {
  return (raw) => {
    if (raw === '') return { ok: true, value: fallback };
    if (!(accepted as readonly string[]).includes(raw))
      return { ok: false, error: `"${name}" must be one of ${accepted.join(', ')}, got "${raw}"` };
    return { ok: true, value: raw as T };
  };
}

function checkCategory(raw: string): Checked<string | undefined> {
  const category = raw.trim();
  if (category && !CATEGORY.test(category))
    return { ok: false, error: `"category" must be an arXiv category like cs.CL or an archive like cs, got "${category}"` };
  return { ok: true, value: category || undefined };
}

/** The search parameters, shared by the search page, its feeds and the search API (which adds limit and p). */
export const SEARCH_ENTRIES = {
  q: checked(checkQuery),
  sort: checked(oneOf('sort', SEARCH_SORTS, 'relevance')),
  from: checked((raw) => checkDay('from', raw)),
  to: checked((raw) => checkDay('to', raw)),
  category: checked(checkCategory),
  code: checked((raw) => checkFlag('code', raw)),
  featured: checked((raw) => checkFlag('featured', raw)),
  /** How results are ranked; undefined: the site's default (SEARCH_MODE). */
  mode: checked(oneOf('mode', SEARCH_MODES, undefined)),
};

type SearchEntries = v.InferOutput<v.ObjectSchema<typeof SEARCH_ENTRIES, undefined>>;

/** The check across fields: a date range that ends before it starts is a mistake, not an empty result. */
export const fromBeforeTo = <T extends SearchEntries>() =>
  v.rawCheck<T>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const { from, to } = dataset.value;
    if (from && to && from > to) addIssue({ message: `"from" (${from}) is after "to" (${to})` });
  });

/** The search request those parameters make. */
export function toSearchParams(o: SearchEntries) {
  const filters: SearchFilters = { from: o.from, to: o.to, category: o.category, hasCode: o.code, featured: o.featured };
  return { q: o.q, sort: o.sort, mode: o.mode, filters };
}

const SEARCH_SCHEMA = v.pipe(v.object(SEARCH_ENTRIES), fromBeforeTo(), v.transform(toSearchParams));

export type SearchParams = v.InferOutput<typeof SEARCH_SCHEMA>;

/** Reads q, sort, from, to, category, mode, code and featured from the request; throws a 400 for a bad value. */
export function searchParams(c: Context): SearchParams {
  return queryValues(c, SEARCH_SCHEMA);
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
