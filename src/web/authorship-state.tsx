// The viewer's side of a paper's authorship: its verified authors (for everyone) and the claim box
// (a log-in link for anonymous visitors; the form or the claim's state otherwise). On a page rendered for every
// viewer the claim box is a viewer part (personal-page.tsx), filled from each viewer's claims.
import type { Context } from 'hono';
import { claimOfUser, verifiedAuthorsOnPaper } from '../store/author-claims.ts';
import type { PaperDetail } from '../store/papers.ts';
import { csrfToken } from './http/csrf.ts';
import type { AppDeps } from './deps.ts';
import { whyInactive } from './http/guards.ts';
import { type PartViewer, rendersSlots, viewerPart } from './personal-page.tsx';
import { ClaimBox, type ClaimBoxState } from './views/claim-box.tsx';
import type { PaperAuthorship } from './views/paper-view.tsx';

/** The claim box's state for `viewer` on paper `paperId`. */
function claimBoxState(viewer: PartViewer, paperId: string): ClaimBoxState {
  if (!viewer.user) return { kind: 'anonymous', loginHref: `/login?next=${encodeURIComponent(`/papers/${paperId}#claim`)}` };
  const claim = viewer.claims?.get(paperId);
  if (claim) return { kind: 'claimed', claim };
  const why = whyInactive(viewer.user);
  return why ? { kind: 'blocked', reason: why } : { kind: 'open', csrf: viewer.csrf ?? '' };
}

/** The viewer of this request, with their claim on `paperId` (what the claim box needs of them). */
async function requestViewer(c: Context, deps: AppDeps, paperId: string): Promise<PartViewer> {
  const user = c.get('viewer').user;
  if (!user) return { user: null, csrf: null, claims: null };
  const [claim, csrf] = await Promise.all([claimOfUser(deps.sql, paperId, user.id), csrfToken(c, deps)]);
  return { user, csrf, claims: new Map(claim ? [[paperId, claim]] : []) };
}

/** Returns what the paper page shows about `paper`'s authors for this viewer. */
export async function authorshipFor(c: Context, deps: AppDeps, paper: PaperDetail): Promise<PaperAuthorship> {
  const [verified, viewer] = await Promise.all([
    verifiedAuthorsOnPaper(deps.sql, paper.id),
    rendersSlots(c) ? Promise.resolve(null) : requestViewer(c, deps, paper.id),
  ]);
  const box = (v: PartViewer) => (
    <ClaimBox paperId={paper.id} authors={paper.authors} verified={verified} state={claimBoxState(v, paper.id)} />
  );
  // Rendered once per state (per claim, or per reason it cannot be made), filled with each viewer's token.
  const shape = (v: PartViewer) => {
    const state = claimBoxState(v, paper.id);
    return state.kind === 'claimed'
      ? `claimed|${state.claim.id}|${state.claim.position}|${state.claim.status}`
      : state.kind === 'blocked'
        ? `blocked|${state.reason}`
        : state.kind;
  };
  return {
    verified,
    claimBox: viewer ? box(viewer) : viewerPart(c, { user: null, csrf: null, claims: null }, box, { claims: true, shape }),
  };
}
