// The upvote button of a card or paper page. Logged in: a form that works without JavaScript (app.js
// turns it into an instant toggle), pressed when the viewer upvoted. Anonymous: a link to log in that comes back.

import { raw } from 'hono/html';

/** What a page knows about its viewer's votes. */
export interface VoteState {
  /** The CSRF token of the viewer's forms; null for anonymous visitors (their page is shared through the cache). */
  csrf: string | null;
  /** Which papers of the page the viewer upvoted. */
  voted: ReadonlySet<string>;
  /** Where log-in should return (this page). */
  loginNext: string;
  /** The page is rendered once for every viewer: each button is a slot, filled per viewer (personal-page.ts). */
  slots?: boolean;
}

/** The slot of a paper's vote button in a page rendered for every viewer. */
export function voteSlot(paperId: string, upvotes: number): string {
  return `<!--dp:vote ${paperId} ${upvotes}-->`;
}

/** The action of a paper's vote form. */
export function votePath(paperId: string): string {
  return `/papers/${paperId}/vote`;
}

function Count({ upvotes }: { upvotes: number }) {
  return (
    <>
      <span class="arrow" aria-hidden="true">
        ▲
      </span>
      <span class="count">{upvotes}</span>
      <span class="sr-only"> upvotes</span>
    </>
  );
}

/** Renders the vote control of one paper; a plain count when the page gives no vote state. */
export function VoteButton({ paperId, upvotes, state }: { paperId: string; upvotes: number; state?: VoteState | undefined }) {
  if (!state) {
    return (
      <span class="vote vote-static" title={`${upvotes} upvotes`}>
        <Count upvotes={upvotes} />
      </span>
    );
  }
  if (state.slots) return raw(voteSlot(paperId, upvotes));
  if (state.csrf === null) {
    return (
      <a class="vote" href={`/login?next=${encodeURIComponent(state.loginNext)}`} title="Log in to upvote" rel="nofollow">
        <Count upvotes={upvotes} />
      </a>
    );
  }
  const voted = state.voted.has(paperId);
  // `vote` says what the click wants, not "toggle": a double click or a retried request cannot undo itself.
  return (
    <form class="vote-form" method="post" action={votePath(paperId)}>
      <input type="hidden" name="_csrf" value={state.csrf} />
      <input type="hidden" name="vote" value={voted ? 'remove' : 'up'} />
      <button type="submit" class="vote" aria-pressed={voted ? 'true' : 'false'} title={voted ? 'Remove your upvote' : 'Upvote'}>
        <Count upvotes={upvotes} />
      </button>
    </form>
  );
}
