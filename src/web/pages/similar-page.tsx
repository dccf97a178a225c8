// GET /papers/:id/similar ("More like this" on every card): the papers nearest in meaning, with their reasons.
import type { Context } from 'hono';
import { plainTextOf } from '../../core/math.ts';
import { NotFound } from '../../errors.ts';
import { getPaper } from '../../store/papers.ts';
import type { AppDeps } from '../deps.ts';
import { renderPage } from '../render-page.tsx';
import { similarPapers } from '../similar-papers.ts';
import { PaperCard } from '../views/paper-card.tsx';
import { voteStateFor } from '../vote-state.ts';
import { renderRichText } from '../../core/math.ts';
import { raw } from 'hono/html';
import { paperIdParam } from '../http/paper-id.ts';

const SIMILAR_PAGE_SIZE = 30;

export async function similarPage(c: Context, deps: AppDeps): Promise<Response> {
  const parsed = paperIdParam(c);
  const requested = parsed.requested;
  if (parsed.id !== requested) return c.redirect(`/papers/${parsed.id}/similar`, 301);
  const paper = await getPaper(deps.sql, parsed.id);
  if (!paper || paper.hidden) throw NotFound(`No paper arXiv:${parsed.id} on this site.`);
  const similar = await similarPapers(deps, paper, SIMILAR_PAGE_SIZE);
  const vote = await voteStateFor(
    c,
    deps,
    similar.papers.map((p) => p.id),
  );
  return renderPage(
    c,
    deps,
    { title: `Papers like ${plainTextOf(paper.title)}`, description: `Papers close in meaning to arXiv:${paper.id}` },
    <>
      <h1>
        Papers like <a href={`/papers/${paper.id}`}>{raw(renderRichText(paper.title))}</a>
      </h1>
      {similar.papers.length > 0 ? (
        <section class="cards" aria-label="Similar papers">
          {similar.papers.map((p) => (
            <PaperCard paper={p} vote={vote} reason={similar.reasons.get(p.id)} />
          ))}
        </section>
      ) : (
        <section class="empty">
          <h2>No similar papers yet</h2>
          <p>
            {similar.available
              ? 'No other paper on this site is close enough in meaning.'
              : 'This paper has not been read by the similarity model yet; new papers join it within a minute. Meanwhile, search for its key words.'}
          </p>
          <p>
            <a href={`/search?q=${encodeURIComponent(plainTextOf(paper.title))}`}>Search for its title</a>
          </p>
        </section>
      )}
    </>,
  );
}
