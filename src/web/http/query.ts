// Parsing of the query parameters shared by pages and the API; a bad value is a 400, never a guess.
import type { Context } from 'hono';
import type { Checked } from '../../core/account-input.ts';
import { BadRequest } from '../../errors.ts';
import type { FeedSort } from '../../store/papers.ts';

/**
 * Throws a 400 naming the first query parameter of `c` that is not one of `accepted`, is given more than once, or is
 * written as a list (`limit[]=`): an API answers what was asked or says why not, it never picks one of two values.
 */
export function onlyParams(c: Context, accepted: readonly string[]): void {
  for (const [name, values] of Object.entries(c.req.queries())) {
    const listOf = name.endsWith('[]') ? name.slice(0, -2) : null;
    if (listOf !== null && accepted.includes(listOf)) throw BadRequest(`"${listOf}" takes one value, not a list ("${name}")`);
    if (!accepted.includes(name)) {
      throw BadRequest(
        `Unknown parameter "${name}"; ${accepted.length ? `this endpoint accepts ${accepted.join(', ')}` : 'this endpoint takes no parameters'}`,
      );
    }
    if (values.length > 1) throw BadRequest(`"${name}" is given ${values.length} times; give it once`);
  }
}

/** Checks that `raw` is an integer within [min, max] (`fallback` when absent); the message names the parameter. */
export function checkInt(name: string, raw: string | undefined, fallback: number, min: number, max: number): Checked<number> {
  if (raw === undefined || raw === '') return { ok: true, value: fallback };
  if (!/^\d+$/.test(raw)) return { ok: false, error: `"${name}" must be a whole number, got "${raw}"` };
  const n = Number(raw);
  if (n < min || n > max) return { ok: false, error: `"${name}" must be between ${min} and ${max}, got ${n}` };
  return { ok: true, value: n };
}

const SORTS: Record<string, FeedSort> = { upvotes: 'upvotes', publishedAt: 'publishedAt', trending: 'trending' };

/** Checks that `raw` names a feed sort (default: upvotes). */
export function checkSort(raw: string | undefined): Checked<FeedSort> {
  if (raw === undefined || raw === '') return { ok: true, value: 'upvotes' };
  const s = SORTS[raw];
  if (!s) return { ok: false, error: `"sort" must be one of ${Object.keys(SORTS).join(', ')}, got "${raw}"` };
  return { ok: true, value: s };
}
