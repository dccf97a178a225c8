// Parsing of the query parameters shared by pages and the API; a bad value is a 400, never a guess.
import { BadRequest } from '../errors.ts';
import type { FeedSort } from '../store/papers.ts';

/** Returns the integer in `raw` within [min, max], `fallback` when absent, or throws a 400. */
export function intParam(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw BadRequest(`"${name}" must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw BadRequest(`"${name}" must be between ${min} and ${max}, got ${n}`);
  return n;
}

const SORTS: Record<string, FeedSort> = { upvotes: 'upvotes', publishedAt: 'publishedAt', trending: 'trending' };

/** Returns the feed sort named by `raw` (default: upvotes), or throws a 400. */
export function sortParam(raw: string | undefined): FeedSort {
  if (raw === undefined || raw === '') return 'upvotes';
  const s = SORTS[raw];
  if (!s) throw BadRequest(`"sort" must be one of ${Object.keys(SORTS).join(', ')}, got "${raw}"`);
  return s;
}
