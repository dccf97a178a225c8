// The viewer's side of a paper's authorship: its verified authors (for everyone) and the claim box
// (a log-in link for anonymous visitors, whose shared page stays cacheable; the form or the claim's state otherwise).
import type { Context } from 'hono';
import { AppError } from '../errors.ts';
import { claimOfUser, verifiedAuthorsOnPaper } from '../store/author-claims.ts';
import type { PaperDetail } from '../store/papers.ts';
import { csrfToken } from './http/csrf.ts';
import type { AppDeps } from './deps.ts';
import { requireActiveUser } from './http/guards.ts';
import { ClaimBox, type ClaimBoxState } from './views/claim-box.tsx';
import type { PaperAuthorship } from './views/paper-view.tsx';

async function claimBoxState(c: Context, deps: AppDeps, paperId: string): Promise<ClaimBoxState> {
  const user = c.get('viewer').user;
  if (!user) return { kind: 'anonymous', loginHref: `/login?next=${encodeURIComponent(`/papers/${paperId}#claim`)}` };
  const claim = await claimOfUser(deps.sql, paperId, user.id);
  if (claim) return { kind: 'claimed', claim };
  try {
    requireActiveUser(c);
  } catch (err) {
    if (err instanceof AppError) return { kind: 'blocked', reason: err.message };
    throw err;
  }
  return { kind: 'open', csrf: await csrfToken(c, deps) };
}

/** Returns what the paper page shows about `paper`'s authors for this viewer. */
export async function authorshipFor(c: Context, deps: AppDeps, paper: PaperDetail): Promise<PaperAuthorship> {
  const [verified, state] = await Promise.all([verifiedAuthorsOnPaper(deps.sql, paper.id), claimBoxState(c, deps, paper.id)]);
  return { verified, claimBox: <ClaimBox paperId={paper.id} authors={paper.authors} verified={verified} state={state} /> };
}
