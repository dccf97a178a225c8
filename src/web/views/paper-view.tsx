// The paper page: full abstract, all authors, categories, dates, arXiv/PDF/code/project links, BibTeX.
import { raw } from 'hono/html';
import { arxivAbsUrl, arxivPdfUrl } from '../../core/arxiv-id.ts';
import { toBibtex } from '../../core/bibtex.ts';
import { listingPath } from '../../core/listing.ts';
import { renderRichText } from '../../core/math.ts';
import { safeHttpUrl } from '../../core/urls.ts';
import type { PaperDetail } from '../../store/papers.ts';
import { longDay, plural, shortDate, shortUrl } from './format.ts';
import { VoteButton, type VoteState } from './vote-button.tsx';
import type { Child } from 'hono/jsx';
import type { VerifiedAuthor } from '../../store/author-claims.ts';
import { AuthorList, OrgBadge } from './author-links.tsx';
import { AiSummary } from './ai-summary.tsx';

/** The paper's verified authors (marked in the list) and the viewer's claim box (under it). */
export interface PaperAuthorship {
  verified: VerifiedAuthor[];
  claimBox?: Child;
}

/** The paper's BibTeX entry, as its page and its Markdown give it. */
export function paperBibtex(paper: PaperDetail): string {
  return toBibtex({
    id: paper.id,
    title: paper.title,
    authors: paper.authors,
    year: (paper.publishedAt ?? paper.updatedAt ?? new Date()).getUTCFullYear(),
    primaryCategory: paper.primaryCategory ?? paper.categories[0] ?? null,
    doi: paper.doi,
    journalRef: paper.journalRef,
  });
}

/** Renders the body of /papers/{id}; with `vote`, its upvote button works (else it only shows the count). */
export function PaperView({
  paper,
  vote,
  authorship,
}: {
  paper: PaperDetail;
  vote?: VoteState | undefined;
  authorship?: PaperAuthorship | undefined;
}) {
  const links = paper.links.map((l) => ({ ...l, url: safeHttpUrl(l.url) })).filter((l) => l.url !== null);
  const code = links.filter((l) => l.kind === 'code');
  const projects = links.filter((l) => l.kind === 'project');
  const bibtex = paperBibtex(paper);
  const doiUrl = paper.doi ? `https://doi.org/${paper.doi}` : null;
  return (
    <article class="paper" data-paper-id={paper.id}>
      {paper.withdrawn ? (
        <p class="notice notice-warn" role="note">
          This paper has been withdrawn by its authors. The metadata is kept for reference.
        </p>
      ) : null}
      <p class="paper-kicker muted">
        arXiv:{paper.id}
        {paper.version > 1 ? `v${paper.version}` : ''}
        {paper.dailyDate ? (
          <>
            {' · featured on '}
            <a href={listingPath('day', paper.dailyDate)}>{longDay(paper.dailyDate)}</a>
          </>
        ) : null}
      </p>
      <h1 class="paper-title">{raw(renderRichText(paper.title))}</h1>
      <p class="paper-authors">
        <AuthorList authors={paper.authors} verified={authorship?.verified ?? []} />
      </p>
      {authorship?.claimBox ?? null}
      <div class="paper-actions">
        <div class="votes votes-inline">
          <VoteButton paperId={paper.id} upvotes={paper.upvotes} state={vote} />
        </div>
        <a class="button save-link" href={`/papers/${paper.id}/save`} data-save-paper={paper.id} rel="nofollow">
          Save
        </a>
        <a class="button" href={arxivAbsUrl(paper.id)}>
          arXiv page
        </a>
        <a class="button" href={arxivPdfUrl(paper.id)}>
          PDF
        </a>
        {code.map((l) => (
          <a class="button" href={l.url!} rel="nofollow noopener">
            Code: {shortUrl(l.url!)}
          </a>
        ))}
        {projects.map((l) => (
          <a class="button" href={l.url!} rel="nofollow noopener">
            Project: {shortUrl(l.url!)}
          </a>
        ))}
      </div>
      {paper.organization ? (
        <p>
          <OrgBadge org={paper.organization} />
        </p>
      ) : null}
      <section class="abstract" aria-labelledby="abstract-h">
        <h2 id="abstract-h">Abstract</h2>
        {raw(renderRichText(paper.abstract || '(no abstract)', { paragraphs: true }))}
      </section>
      <AiSummary paper={paper} />
      <dl class="facts">
        {paper.categories.length > 0 ? (
          <>
            <dt>Categories</dt>
            <dd>
              {paper.categories.map((c) => (
                <a href={`/categories/${encodeURIComponent(c)}`} class={c === paper.primaryCategory ? 'tag tag-primary' : 'tag'}>
                  {c}
                </a>
              ))}
            </dd>
          </>
        ) : null}
        {paper.publishedAt ? (
          <>
            <dt>Submitted</dt>
            <dd>{shortDate(paper.publishedAt)}</dd>
          </>
        ) : null}
        {paper.versions.length > 1 ? (
          <>
            <dt>Versions</dt>
            <dd>
              {paper.versions.map((v, i) => (
                <>
                  {i > 0 ? ', ' : ''}
                  <a href={`${arxivAbsUrl(paper.id)}v${v.version}`}>v{v.version}</a>
                  {v.createdAt ? ` (${shortDate(v.createdAt)})` : ''}
                </>
              ))}
            </dd>
          </>
        ) : null}
        {paper.comments ? (
          <>
            <dt>Comments</dt>
            <dd>{paper.comments}</dd>
          </>
        ) : null}
        {paper.journalRef ? (
          <>
            <dt>Journal reference</dt>
            <dd>{paper.journalRef}</dd>
          </>
        ) : null}
        {doiUrl ? (
          <>
            <dt>DOI</dt>
            <dd>
              <a href={doiUrl}>{paper.doi}</a>
            </dd>
          </>
        ) : null}
        {paper.submittedBy ? (
          <>
            <dt>Submitted to the daily page by</dt>
            <dd>{paper.submittedBy.fullname ?? paper.submittedBy.name}</dd>
          </>
        ) : null}
        <dt>Discussion</dt>
        <dd>
          <a href="#comments" data-comment-count={String(paper.numComments)}>
            {plural(paper.numComments, 'comment')}
          </a>
          {paper.hfNumComments > 0 ? (
            <>
              {' · '}
              <a href={`https://huggingface.co/papers/${paper.id}`} rel="nofollow noopener">
                {plural(paper.hfNumComments, 'comment')} on Hugging Face
              </a>
            </>
          ) : null}
        </dd>
      </dl>
      <section class="bibtex" aria-labelledby="bibtex-h">
        <h2 id="bibtex-h">Cite</h2>
        <textarea id="bibtex-text" class="bibtex-text" readonly rows={Math.min(12, bibtex.split('\n').length)} aria-label="BibTeX">
          {bibtex}
        </textarea>
        <button type="button" class="copy" data-copy-target="bibtex-text" hidden>
          Copy BibTeX
        </button>
      </section>
    </article>
  );
}
