// A list of papers (a day's whole announcement) in the order of one reader's For you model: the arxiv-sanity habit
// of reading a day's arXiv ranked by your own taste. Papers the model cannot place (no vector yet, nothing to go
// on) follow in the order given.
import type { Sql } from '../db/connect.ts';
import type { SearchAccess } from '../search/access.ts';
import { userSignals } from '../store/interests.ts';

export interface RankedForUser {
  ids: string[];
  /** Whether the model ordered any of them (false: as given, with `why`). */
  ranked: boolean;
  why?: 'no signals' | 'unavailable';
}

/** Returns `ids` ranked for user `userId`. */
export async function rankForUser(
  sql: Sql,
  search: SearchAccess | null | undefined,
  userId: number,
  ids: readonly string[],
): Promise<RankedForUser> {
  if (!search) return { ids: [...ids], ranked: false, why: 'unavailable' };
  const signals = await userSignals(sql, userId);
  const result = await search.forYouPicks(signals, ids.length, ids);
  if (result.status !== 'ok') return { ids: [...ids], ranked: false, why: result.status === 'cold-start' ? 'no signals' : 'unavailable' };
  if (result.picks.length === 0) return { ids: [...ids], ranked: false, why: 'no signals' };
  const first = result.picks.map((p) => p.id);
  const placed = new Set(first);
  return { ids: [...first, ...ids.filter((id) => !placed.has(id))], ranked: true };
}
