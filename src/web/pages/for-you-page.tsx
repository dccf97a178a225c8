// GET /for-you: a logged-in user's recent papers ranked by their own model (src/recommend/), each with its reason;
// the topics and seed papers it starts from (cold start), and "Not interested" on every pick.
// POST /for-you/interests (add or remove a topic or seed), POST /papers/:id/not-interested.
import type { Context } from 'hono';
import { parseArxivId } from '../../core/arxiv-id.ts';
import { BadRequest, NotFound, Unprocessable } from '../../errors.ts';
import { forYouFeedKey } from '../../recommend/feed-token.ts';
import { forYouOverview, MAX_TOPIC_LENGTH } from '../../recommend/for-you-overview.ts';
import { addInterest, MAX_INTERESTS, removeInterest, setForYouFeed } from '../../store/interests.ts';
import { getPaper } from '../../store/papers.ts';
import type { AppDeps } from '../deps.ts';
import { csrfToken, siteSecret } from '../http/csrf.ts';
import { formFields, wantsJson } from '../http/form.ts';
import { requireActiveUser, requireUser } from '../http/guards.ts';
import { renderPage } from '../render-page.tsx';
import { ForYouView } from '../views/for-you-view.tsx';
import { voteStateFor } from '../vote-state.ts';

const PICKS = 30;

/** GET /for-you: the user's picks, their topics and seed papers, and their private feed link. */
export async function forYouPage(c: Context, deps: AppDeps): Promise<Response> {
  const user = requireUser(c);
  const overview = await forYouOverview(deps.sql, deps.search, user.id, PICKS);
  const vote = await voteStateFor(
    c,
    deps,
    overview.papers.map((p) => p.id),
  );
  const token = await csrfToken(c, deps);
  const feedKey = overview.feedVersion === null ? null : forYouFeedKey(await siteSecret(deps), user.id, overview.feedVersion);
  return renderPage(c, deps, { title: 'For you' }, <ForYouView overview={overview} vote={vote} token={token} feedKey={feedKey} />);
}

/** Adds or removes a topic or seed paper; bad input is a 422 saying what is expected. */
export async function forYouInterestsSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const user = requireActiveUser(c);
  const field = await formFields(c);
  const kind = field('kind');
  if (kind !== 'topic' && kind !== 'seed') throw BadRequest('"kind" must be topic or seed.');
  let value = field('value').trim().replace(/\s+/g, ' ');
  if (field('action') === 'remove') {
    await removeInterest(deps.sql, user.id, kind, value);
  } else {
    if (kind === 'topic' && (value.length === 0 || value.length > MAX_TOPIC_LENGTH))
      throw Unprocessable(`A topic is 1 to ${MAX_TOPIC_LENGTH} characters.`);
    if (kind === 'seed') {
      const parsed = parseArxivId(value.replace(/^https?:\/\/[^/]+\/(abs|pdf|papers)\//, '').replace(/\.pdf$/, ''));
      if (!parsed) throw Unprocessable(`"${value}" is not an arXiv id or URL (like 2405.15738 or https://arxiv.org/abs/2405.15738).`);
      if (!(await getPaper(deps.sql, parsed.id)))
        throw Unprocessable(`arXiv:${parsed.id} is not on this site yet; submit it first, or pick another.`);
      value = parsed.id;
    }
    if (!(await addInterest(deps.sql, user.id, kind, value)))
      throw Unprocessable(`You have ${MAX_INTERESTS} of these already; remove one first.`);
  }
  return wantsJson(c) ? c.json({ ok: true }) : c.redirect('/for-you', 303);
}

/** Creates or replaces (action=renew) or removes (action=revoke) the private feed link. */
export async function forYouFeedSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const user = requireUser(c);
  const action = (await formFields(c))('action');
  if (action !== 'renew' && action !== 'revoke') throw BadRequest('"action" must be renew or revoke.');
  await setForYouFeed(deps.sql, user.id, action === 'revoke');
  return c.redirect('/for-you#feed-heading', 303);
}

/** Marks a paper "not interested": it leaves the user's For you and steers the model away from its like. */
export async function notInterestedSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const user = requireActiveUser(c);
  const id = c.req.param('id') ?? '';
  const parsed = parseArxivId(id);
  if (!parsed || !(await getPaper(deps.sql, parsed.id))) throw NotFound(`No paper arXiv:${id} on this site.`);
  await addInterest(deps.sql, user.id, 'not_interested', parsed.id);
  return wantsJson(c) ? c.json({ ok: true }) : c.redirect('/for-you', 303);
}
