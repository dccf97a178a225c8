// "Are you an author of this paper?" under a paper's author list: the claim form, or where the viewer's
// claim stands. A <details> element, so it stays out of the way and works without JavaScript.
import type { OwnClaim, VerifiedAuthor } from '../../store/author-claims.ts';
import { CsrfField } from './forms.tsx';

export type ClaimBoxState =
  /** Anonymous visitors: a log-in link (the same for all of them, so the page stays cacheable). */
  | { kind: 'anonymous'; loginHref: string }
  /** Logged in but not allowed to act (unverified email, suspended). */
  | { kind: 'blocked'; reason: string }
  | { kind: 'claimed'; claim: OwnClaim }
  | { kind: 'open'; csrf: string };

/** Renders the claim box of a paper for the viewer. */
export function ClaimBox({
  paperId,
  authors,
  verified,
  state,
}: {
  paperId: string;
  authors: string[];
  verified: VerifiedAuthor[];
  state: ClaimBoxState;
}) {
  if (authors.length === 0) return null;
  if (state.kind === 'claimed') {
    const { claim } = state;
    const name = authors[claim.position] ?? `author ${claim.position + 1}`;
    const text =
      claim.status === 'approved'
        ? `You are a verified author of this paper (${name}).`
        : claim.status === 'pending'
          ? `Your claim to be ${name} (author ${claim.position + 1}) is waiting for an administrator.`
          : `Your claim to be ${name} was not approved.`;
    return (
      <p class={`claim-status claim-${claim.status}`} role="status">
        {text}
      </p>
    );
  }
  const taken = new Set(verified.map((v) => v.position));
  const open = authors.some((_, i) => !taken.has(i));
  if (!open) return null;
  return (
    <details class="claim-box" id="claim">
      <summary>Are you an author of this paper?</summary>
      {state.kind === 'anonymous' ? (
        <p>
          <a href={state.loginHref}>Log in</a> to claim your authorship; once an administrator confirms it, your name on this paper links to
          your profile and your comments here are marked.
        </p>
      ) : state.kind === 'blocked' ? (
        <p>{state.reason}</p>
      ) : (
        <form method="post" action="/claims" class="claim-form" data-claim-form>
          <CsrfField token={state.csrf} />
          <input type="hidden" name="paper_id" value={paperId} />
          <label for="claim-position">I am</label>{' '}
          <select id="claim-position" name="position" required>
            {authors.map((name, i) => (
              <option value={String(i)} disabled={taken.has(i)}>
                {name}
                {taken.has(i) ? ' (verified)' : ''}
              </option>
            ))}
          </select>{' '}
          <button type="submit">Claim authorship</button>
          <p class="hint">An administrator checks each claim before your name is marked as verified.</p>
        </form>
      )}
    </details>
  );
}
