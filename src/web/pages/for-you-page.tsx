// GET /for-you: a logged-in user's recent papers ranked by their own model (src/recommend/), each with its reason;
// the topics and seed papers it starts from (cold start), and "Not interested" on every pick.
// POST /for-you/interests (add or remove a topic or seed), POST /papers/:id/not-interested.
import type { Context } from 'hono';
import * as v from 'valibot';
import { parseArxivId } from '../../core/arxiv-id.ts';
import { BadRequest, NotFound, Unprocessable } from '../../errors.ts';
import { forYouFeedKey } from '../../recommend/feed-token.ts';
import { forYouOverview, MAX_TOPIC_LENGTH } from '../../recommend/for-you-overview.ts';
import { addInterest, MAX_INTERESTS, removeInterest, setForYouFeed } from '../../store/interests.ts';
import { getPaper } from '../../store/papers.ts';
import type { AppDeps } from '../deps.ts';
import { csrfToken, siteSecret } from '../http/csrf.ts';
import { wantsJson } from '../http/form.ts';
import { requireActiveUser, requireUser } from '../http/guards.ts';
import { renderPage } from '../render-page.tsx';
import { formValues, readForm, text, wholeForm } from '../http/schema.ts';
import { ForYouView } from '../views/for-you-view.tsx';
import { voteStateFor } from '../vote-state.ts';

const PICKS = 30;

type InterestInput = { kind: 'topic' | 'seed'; value: string; action: 'add' | 'remove' };

// What is added must be a topic of the right length or an arXiv id (a URL of a paper gives its id); what is removed
// is taken as typed.
function checkInterest(input: InterestInput): { value: InterestInput } | { errors: Record<string, string> } {
  if (input.action === 'remove') return { value: input };
  if (input.kind === 'topic') {
    const ok = input.value.length > 0 && input.value.length <= MAX_TOPIC_LENGTH;
    return ok ? { value: input } : { errors: { value: `A topic is 1 to ${MAX_TOPIC_LENGTH} characters.` } };
  }
  const parsed = parseArxivId(input.value.replace(/^https?:\/\/[^/]+\/(abs|pdf|papers)\//, '').replace(/\.pdf$/, ''));
  if (!parsed) {
    return { errors: { value: `"${input.value}" is not an arXiv id or URL (like 2405.15738 or https://arxiv.org/abs/2405.15738).` } };
  }
  return { value: { ...input, value: parsed.id } };
}

// A topic or seed to add or remove: a bad kind is a 400, a bad value (when adding) a 422; a seed comes out as its id.
const INTERESTS_FORM = v.pipe(
  v.object({
    kind: v.pipe(text(), v.picklist(['topic', 'seed'], '"kind" must be topic or seed.')),
    value: v.pipe(
      text(),
      v.trim(),
      v.transform((raw) => raw.replace(/\s+/g, ' ')),
    ),
    action: v.pipe(
      text(),
      v.transform((raw): 'add' | 'remove' => (raw === 'remove' ? 'remove' : 'add')),
    ),
  }),
  wholeForm(checkInterest),
);

// The private feed link: made anew or taken away.
const FEED_FORM = v.object({ action: v.pipe(text(), v.picklist(['renew', 'revoke'], '"action" must be renew or revoke.')) });

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
  const form = await readForm(c, INTERESTS_FORM);
  if (!form.ok) {
    if (form.errors.kind !== undefined) throw BadRequest(form.errors.kind);
    throw Unprocessable(form.errors.value ?? 'Check the form.');
  }
  const { kind, value, action } = form.value;
  if (action === 'remove') {
    await removeInterest(deps.sql, user.id, kind, value);
  } else {
    if (kind === 'seed' && !(await getPaper(deps.sql, value)))
      throw Unprocessable(`arXiv:${value} is not on this site yet; submit it first, or pick another.`);
    if (!(await addInterest(deps.sql, user.id, kind, value)))
      throw Unprocessable(`You have ${MAX_INTERESTS} of these already; remove one first.`);
  }
  return wantsJson(c) ? c.json({ ok: true }) : c.redirect('/for-you', 303);
}

/** Creates or replaces (action=renew) or removes (action=revoke) the private feed link. */
export async function forYouFeedSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const user = requireUser(c);
  const { action } = await formValues(c, FEED_FORM);
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
