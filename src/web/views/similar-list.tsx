// The "Similar papers" list under a paper: titles with their one-line reasons, and a link to the full page.
import { raw } from 'hono/html';
import { renderRichText } from '../../core/math.ts';
import type { SimilarPapers } from '../similar-papers.ts';

export function SimilarList({ paperId, similar }: { paperId: string; similar: SimilarPapers }) {
  if (!similar.available && similar.papers.length === 0) return null;
  return (
    <section class="similar" aria-labelledby="similar-heading">
      <h2 id="similar-heading">Similar papers</h2>
      {similar.papers.length === 0 ? (
        <p class="muted">No other paper on this site is close enough in meaning yet.</p>
      ) : (
        <>
          <ol class="similar-list">
            {similar.papers.map((p) => (
              <li>
                <a href={`/papers/${p.id}`}>{raw(renderRichText(p.title))}</a>
                <span class="muted"> · {similar.reasons.get(p.id)}</span>
              </li>
            ))}
          </ol>
          <p>
            <a href={`/papers/${paperId}/similar`}>More like this</a>
          </p>
        </>
      )}
    </section>
  );
}
