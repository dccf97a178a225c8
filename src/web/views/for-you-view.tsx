// The For you page (src/web/pages/for-you-page.tsx): the picks with their reasons and "Not interested", the
// topics and seed papers the model starts from, and the private feed link.
import { MAX_TOPIC_LENGTH, type ForYouOverview } from '../../recommend/for-you-overview.ts';
import type { InterestKind } from '../../store/interests.ts';
import { CsrfField } from './forms.tsx';
import { PaperCard } from './paper-card.tsx';
import type { VoteState } from './vote-button.tsx';

/** The body of GET /for-you; `feedKey` is the private feed link's key, null when the user has none. */
export function ForYouView({
  overview,
  vote,
  token,
  feedKey,
}: {
  overview: ForYouOverview;
  vote: VoteState;
  token: string;
  feedKey: string | null;
}) {
  return (
    <>
      <h1>For you</h1>
      {overview.result.status === 'unavailable' ? (
        <section class="empty">
          <h2>Recommendations are not ready</h2>
          <p>They need the papers' embeddings, which this site is still computing (or has turned off). Try again in a few minutes.</p>
        </section>
      ) : overview.result.status === 'cold-start' ? (
        <section class="empty">
          <h2>Tell us what you read</h2>
          <p>
            Add a few topics or papers you like below, or upvote and save papers: this page then ranks the recent papers for you, and says
            why it picked each one.
          </p>
        </section>
      ) : overview.papers.length === 0 ? (
        <section class="empty">
          <h2>Nothing new for you</h2>
          <p>No recent paper is left that you have not upvoted, saved or set aside. Come back after the next daily listing.</p>
        </section>
      ) : (
        <>
          <p class="muted">
            Papers from the last {overview.result.windowDays} days, ranked by a model of what you upvoted, saved and set aside (trained
            afresh on every visit).
          </p>
          <section class="cards" aria-label="Recommended papers">
            {overview.papers.map((p) => (
              <PaperCard
                paper={p}
                vote={vote}
                reason={overview.reasons.get(p.id)}
                extra={
                  <form method="post" action={`/papers/${p.id}/not-interested`} class="inline-form">
                    <CsrfField token={token} />
                    <button type="submit" class="link-button">
                      Not interested
                    </button>
                  </form>
                }
              />
            ))}
          </section>
        </>
      )}
      <section class="interests" aria-labelledby="interests-heading">
        <h2 id="interests-heading">Your topics and seed papers</h2>
        {overview.signals.topics.length + overview.signals.seeds.length === 0 ? (
          <p class="muted">None yet.</p>
        ) : (
          <ul>
            {overview.signals.topics.map((t) => (
              <InterestItem kind="topic" value={t} label={`Topic: ${t}`} token={token} />
            ))}
            {overview.signals.seeds.map((id) => (
              <InterestItem kind="seed" value={id} label={`Paper: ${overview.titles.get(id) ?? id}`} token={token} />
            ))}
          </ul>
        )}
        <form method="post" action="/for-you/interests" class="stack">
          <CsrfField token={token} />
          <input type="hidden" name="kind" value="topic" />
          <label>
            A topic, in your own words{' '}
            <input
              type="text"
              name="value"
              maxlength={MAX_TOPIC_LENGTH}
              placeholder="e.g. speculative decoding for LLM inference"
              required
            />
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
              <button type="submit" name="action" value="renew">
                New link (the old ones stop working)
              </button>{' '}
              <button type="submit" name="action" value="revoke" class="link-button">
                Turn the feed off
              </button>
            </form>
          </>
        ) : (
          <form method="post" action="/for-you/feed">
            <CsrfField token={token} />
            <p class="muted">Follow these picks in a feed reader through a private link you can replace at any time.</p>
            <button type="submit" name="action" value="renew">
              Create a private feed link
            </button>
          </form>
        )}
      </section>
    </>
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
        <button type="submit" class="link-button">
          Remove
        </button>
      </form>
    </li>
  );
}
