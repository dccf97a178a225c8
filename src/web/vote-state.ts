// The viewer's side of a page's vote buttons: their CSRF token and which of the page's papers they upvoted.
import type { Context } from 'hono';
import { upvotedPaperIds, votedPaperIds } from '../store/votes.ts';
import { csrfToken } from './http/csrf.ts';
import type { AppDeps } from './deps.ts';
import { rendersSlots } from './personal-page.tsx';
import type { VoteState } from './views/vote-button.tsx';

/**
 * Returns the vote state of a page listing `paperIds`. Anonymous visitors get no token and no votes (so their
 * page stays the same for all of them, and cacheable); logged-in users get theirs (their pages are never cached).
 */
export async function voteStateFor(c: Context, deps: AppDeps, paperIds: readonly string[]): Promise<VoteState> {
  const loginNext = c.req.path + (new URL(c.req.url).search || '');
  const user = c.get('viewer').user;
  if (rendersSlots(c)) return { csrf: null, voted: new Set(), loginNext, slots: true };
  if (!user) return { csrf: null, voted: new Set(), loginNext };
  const [csrf, voted] = await Promise.all([csrfToken(c, deps), votesOf(deps, user.id, paperIds)]);
  return { csrf, voted, loginNext };
}

/** Which of `paperIds` `userId` upvoted: from the process's memory of their upvotes when it keeps one. */
export function votesOf(deps: AppDeps, userId: number, paperIds: readonly string[]): Promise<ReadonlySet<string>> {
  const cache = deps.viewerCaches?.upvotes;
  return cache ? cache.of(userId, () => upvotedPaperIds(deps.sql, userId)) : votedPaperIds(deps.sql, userId, paperIds);
}
