// GET /for-you: a logged-in user's recent papers ranked by their own model (src/recommend/), each with its reason;
// the topics and seed papers it starts from (cold start), and "Not interested" on every pick.
// POST /for-you/interests (add or remove a topic or seed), POST /papers/:id/not-interested.
import type { Context } from 'hono';
import { parseArxivId } from '../../core/arxiv-id.ts';
import { BadRequest, NotFound, Unprocessable } from '../../errors.ts';
import { forYouPicks, type PickReason } from '../../recommend/for-you.ts';
import { addInterest, forYouFeedVersion, MAX_INTERESTS, removeInterest, setForYouFeed, userSignals, type InterestKind } from '../../store/interests.ts';
import { forYouFeedKey } from '../../recommend/feed-token.ts';
import { csrfToken, siteSecret } from '../http/csrf.ts';
import { getPaper } from '../../store/papers.ts';
import { listPapersByIds } from '../../store/search-papers.ts';
import type { AppDeps } from '../deps.ts';
import { formFields, wantsJson } from '../http/form.ts';
import { requireActiveUser, requireUser } from '../http/guards.ts';
import { renderPage } from '../render-page.tsx';
import { CsrfField } from '../views/forms.tsx';
import { PaperCard } from '../views/paper-card.tsx';
import { voteStateFor } from '../vote-state.ts';
import { plainTextOf } from '../../core/math.ts';
import { termRowCache } from '../../recommend/term-rows.ts';

const PICKS = 30;
const MAX_TOPIC_LENGTH = 200;

function reasonText(r: PickReason, titles: Map<string, string>): string {
  if (r.kind === 'topic') return `Matches your topic “${r.topic}”`;
  const title = titles.get(r.id) ?? `arXiv:${r.id}`;
  return r.via === 'upvoted' ? `Because you upvoted “${title}”` : r.via === 'saved' ? `Because you saved “${title}”` : `Close to your seed paper “${title}”`;
}

export async function forYouPage(c: Context, deps: AppDeps): Promise<Response> {
  const user = requireUser(c);
  const signals = await userSignals(deps.sql, user.id);
  const result = deps.search ? await forYouPicks(deps.search, signals, PICKS, { termRows: termRowCache(deps.sql) }) : ({ status: 'unavailable' } as const);
  const picks = result.status === 'ok' ? result.picks : [];
  const papers = await listPapersByIds(deps.sql, picks.map((p) => p.id));
  const reasonIds = picks.flatMap((p) => (p.reason.kind === 'paper' ? [p.reason.id] : []));
  const titles = new Map((await listPapersByIds(deps.sql, [...new Set([...reasonIds, ...signals.seeds])])).map((p) => [p.id, plainTextOf(p.title)]));
  const reasons = new Map(picks.map((p) => [p.id, reasonText(p.reason, titles)]));
  const vote = await voteStateFor(c, deps, papers.map((p) => p.id));
  const token = await csrfToken(c, deps);
  const feedVersion = await forYouFeedVersion(deps.sql, user.id);
  const feedKey = feedVersion === null ? null : forYouFeedKey(await siteSecret(deps), user.id, feedVersion);
  return renderPage(
    c,
    deps,
    { title: 'For you' },
    <>
      <h1>For you</h1>
      {result.status === 'unavailable' ? (
        <section class="empty">
          <h2>Recommendations are not ready</h2>
          <p>They need the papers' embeddings, which this site is still computing (or has turned off). Try again in a few minutes.</p>
        </section>
      ) : result.status === 'cold-start' ? (
        <section class="empty">
          <h2>Tell us what you read</h2>
          <p>Add a few topics or papers you like below, or upvote and save papers: this page then ranks the recent papers for you, and says why it picked each one.</p>
        </section>
      ) : papers.length === 0 ? (
        <section class="empty">
          <h2>Nothing new for you</h2>
          <p>No recent paper is left that you have not upvoted, saved or set aside. Come back after the next daily listing.</p>
        </section>
      ) : (
        <>
          <p class="muted">
            Papers from the last {result.windowDays} days, ranked by a model of what you upvoted, saved and set aside (trained afresh on every visit).
          </p>
          <section class="cards" aria-label="Recommended papers">
            {papers.map((p) => (
              <PaperCard
                paper={p}
                vote={vote}
                reason={reasons.get(p.id)}
                extra={
                  <form method="post" action={`/papers/${p.id}/not-interested`} class="inline-form">
                    <CsrfField token={token} />
                    <button type="submit" class="link-button">Not interested</button>
                  </form>
                }
              />
            ))}
          </section>
        </>
      )}
      <section class="interests" aria-labelledby="interests-heading">
        <h2 id="interests-heading">Your topics and seed papers</h2>
        {signals.topics.length + signals.seeds.length === 0 ? <p class="muted">None yet.</p> : (
          <ul>
            {signals.topics.map((t) => <InterestItem kind="topic" value={t} label={`Topic: ${t}`} token={token} />)}
            {signals.seeds.map((id) => <InterestItem kind="seed" value={id} label={`Paper: ${titles.get(id) ?? id}`} token={token} />)}
          </ul>
        )}
        <form method="post" action="/for-you/interests" class="stack">
          <CsrfField token={token} />
          <input type="hidden" name="kind" value="topic" />
          <label>
            A topic, in your own words <input type="text" name="value" maxlength={MAX_TOPIC_LENGTH} placeholder="e.g. speculative decoding for LLM inference" required />
          </label>
          <button type="submit">Add topic</button>
        </form>
        <form method="post" action="/for-you/interests" class="stack">
          <CsrfField token={token} />
          <input type="hidden" name="kind" value="seed" />
          <label>
            A paper you liked (arXiv id or URL) <input type="text" name="value" maxlength={100} placeholder="2405.15738" required />
          </label>
          <button type="submit">Add paper</button>
        </form>
      </section>
      <section class="for-you-feed" aria-labelledby="feed-heading">
        <h2 id="feed-heading">In your feed reader</h2>
        {feedKey ? (
          <>
            <p>
              Your private links (anyone with one sees your picks, so keep them to yourself):{' '}
              {(['rss', 'atom', 'json'] as const).map((f, i) => (
                <>
                  {i > 0 ? ', ' : ''}
                  <a href={`/for-you/feed/${feedKey}.${f}`} rel="nofollow">
                    {f === 'json' ? 'JSON Feed' : f.toUpperCase()}
                  </a>
                </>
              ))}
            </p>
            <form method="post" action="/for-you/feed" class="inline-form">
              <CsrfField token={token} />
              <button type="submit" name="action" value="renew">New link (the old ones stop working)</button>{' '}
              <button type="submit" name="action" value="revoke" class="link-button">Turn the feed off</button>
            </form>
          </>
        ) : (
          <form method="post" action="/for-you/feed">
            <CsrfField token={token} />
            <p class="muted">Follow these picks in a feed reader through a private link you can replace at any time.</p>
            <button type="submit" name="action" value="renew">Create a private feed link</button>
          </form>
        )}
      </section>
    </>,
  );
}

function InterestItem({ kind, value, label, token }: { kind: InterestKind; value: string; label: string; token: string }) {
  return (
    <li>
      {label}{' '}
      <form method="post" action="/for-you/interests" class="inline-form">
        <CsrfField token={token} />
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" name="value" value={value} />
        <input type="hidden" name="action" value="remove" />
        <button type="submit" class="link-button">Remove</button>
      </form>
    </li>
  );
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
    if (kind === 'topic' && (value.length === 0 || value.length > MAX_TOPIC_LENGTH)) throw Unprocessable(`A topic is 1 to ${MAX_TOPIC_LENGTH} characters.`);
    if (kind === 'seed') {
      const parsed = parseArxivId(value.replace(/^https?:\/\/[^/]+\/(abs|pdf|papers)\//, '').replace(/\.pdf$/, ''));
      if (!parsed) throw Unprocessable(`"${value}" is not an arXiv id or URL (like 2405.15738 or https://arxiv.org/abs/2405.15738).`);
      if (!(await getPaper(deps.sql, parsed.id))) throw Unprocessable(`arXiv:${parsed.id} is not on this site yet; submit it first, or pick another.`);
      value = parsed.id;
    }
    if (!(await addInterest(deps.sql, user.id, kind, value))) throw Unprocessable(`You have ${MAX_INTERESTS} of these already; remove one first.`);
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
