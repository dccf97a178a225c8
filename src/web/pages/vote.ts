// POST /papers/:id/vote (and old-style /papers/:archive/:number/vote), form field vote=up|remove.
// Without JavaScript: 303 back to the page the form was on. From app.js (Accept: application/json):
// {paperId, upvotes, upvoted}. Refusals are typed errors, rendered as a page or as JSON by render-error.tsx.
import type { Context } from 'hono';
import * as v from 'valibot';
import { NotFound } from '../../errors.ts';
import { setVote } from '../../store/votes.ts';
import type { AppDeps } from '../deps.ts';
import { wantsJson } from '../http/form.ts';
import { requireActiveUser } from '../http/guards.ts';
import { requestOrigin } from '../http/client-ip.ts';
import { enforceLimit } from '../http/rate-limit.ts';
import { paperIdParam } from '../http/paper-id.ts';
import { formValues } from '../http/schema.ts';

const VOTE_FORM = v.object({ vote: v.picklist(['up', 'remove'], '"vote" must be "up" or "remove".') });

/** Where a form post returns: the page it was sent from when that is on this site, else the paper's page. */
function returnPath(c: Context, deps: AppDeps, paperId: string): string {
  const paperPath = `/papers/${paperId}`;
  const referer = c.req.header('referer');
  if (!referer) return paperPath;
  let from: URL;
  try {
    from = new URL(referer);
  } catch {
    return paperPath;
  }
  const ours = from.origin === new URL(deps.config.baseUrl).origin || from.origin === requestOrigin(c, deps.config.trustProxy);
  const path = from.pathname + from.search;
  // A path, never "//host" (which a browser would read as another site).
  if (!ours || !/^\/(?![/\\])/.test(path)) return paperPath;
  // Back at the card that was voted on rather than at the top of a long feed.
  return from.pathname === paperPath ? path : `${path}#paper-${paperId}`;
}

/** The vote action handler. */
export async function voteSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const user = requireActiveUser(c);
  const parsed = paperIdParam(c);
  const { vote } = await formValues(c, VOTE_FORM);
  await enforceLimit(deps, 'votePerUser', String(user.id), user);
  const result = await setVote(deps.sql, user.id, parsed.id, vote === 'up');
  if (!result) throw NotFound(`No paper arXiv:${parsed.id} on this site.`);
  // Every process hears of it from the database; this one must show it on the page the redirect asks for next, which
  // may come before that notice.
  deps.viewerCaches?.upvotes.changed(user.id);
  if (wantsJson(c)) return c.json({ paperId: parsed.id, upvotes: result.upvotes, upvoted: result.upvoted });
  return c.redirect(returnPath(c, deps, parsed.id), 303);
}
