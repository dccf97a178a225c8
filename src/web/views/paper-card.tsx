// A paper card as on Hugging Face's daily page: title, first lines of the abstract, authors,
// date, upvotes, organization badge, comment count and code/project links.
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { safeHttpUrl } from '../../core/urls.ts';
import { renderRichText, truncateWords } from '../../core/math.ts';
import type { FeedPaper } from '../../store/papers.ts';
import { abstractPreview, highlightRichText } from '../../search/highlight.ts';
import { plural, shortDate } from './format.ts';
import { AuthorSummaryLinks, OrgBadge } from './author-links.tsx';
import { VoteButton, type VoteState } from './vote-button.tsx';

const ABSTRACT_PREVIEW_CHARS = 280;

// Like the upvotes beside it, the count adds this site's comments to Hugging Face's; the title tells them apart.
function commentsTitle(p: FeedPaper): string {
  return p.hfNumComments > 0
    ? `${plural(p.numComments, 'comment')} here, ${p.hfNumComments} on Hugging Face`
    : plural(p.numComments, 'comment');
}

/**
 * Renders one paper of a feed; with `vote`, its upvote button works (else it only shows the count); with `highlight`
 * (search results), words matching those index terms are marked and the abstract preview starts at a match.
 */
export function PaperCard({
  paper,
  vote,
  highlight,
  reason,
  extra,
}: {
  paper: FeedPaper;
  vote?: VoteState | undefined;
  highlight?: readonly string[] | undefined;
  /** Why this paper is here (similar papers, For you), one line under the abstract. */
  reason?: string | undefined;
  /** More controls at the end of the card's links ("Not interested" in For you). */
  extra?: Child | undefined;
}) {
  const href = `/papers/${paper.id}`;
  const code = safeHttpUrl(paper.githubRepo);
  const project = safeHttpUrl(paper.projectPage);
  return (
    <article class="card" data-paper-id={paper.id} id={`paper-${paper.id}`}>
      <div class="votes">
        <VoteButton paperId={paper.id} upvotes={paper.upvotes} state={vote} />
      </div>
      <div class="card-body">
        <h3 class="card-title">
          <a href={href}>{raw(highlight ? highlightRichText(paper.title, highlight) : renderRichText(paper.title))}</a>
        </h3>
        <p class="card-meta">
          {paper.organization ? <OrgBadge org={paper.organization} /> : null}
          <span class="authors" title={paper.authors.join(', ')}>
            <AuthorSummaryLinks authors={paper.authors} /> <span class="muted">({plural(paper.authors.length, 'author')})</span>
          </span>
          {paper.publishedAt ? <span class="muted">{shortDate(paper.publishedAt)}</span> : null}
          {paper.withdrawn ? <span class="badge badge-warn">withdrawn</span> : null}
        </p>
        <p class="card-abstract">
          {raw(
            highlight
              ? highlightRichText(abstractPreview(paper.abstract, highlight, ABSTRACT_PREVIEW_CHARS), highlight)
              : renderRichText(truncateWords(paper.abstract, ABSTRACT_PREVIEW_CHARS)),
          )}
        </p>
        {reason ? <p class="card-reason muted">{reason}</p> : null}
        <p class="card-links">
          <a href={`${href}#comments`} class="comments" title={commentsTitle(paper)}>
            {plural(paper.numComments + paper.hfNumComments, 'comment')}
          </a>
          <a href={`${href}/save`} class="save-link" data-save-paper={paper.id} rel="nofollow">
            Save
          </a>
          <a href={`${href}/similar`} class="similar-link" title="Papers close to this one in meaning">
            More like this
          </a>
          {code ? (
            <a href={code} rel="nofollow noopener">
              Code{paper.githubStars ? ` ★${paper.githubStars}` : ''}
            </a>
          ) : null}
          {project ? (
            <a href={project} rel="nofollow noopener">
              Project page
            </a>
          ) : null}
          {paper.submittedBy ? <span class="muted">submitted by {paper.submittedBy.fullname ?? paper.submittedBy.name}</span> : null}
        </p>
        {/* A form may not sit inside a paragraph: the browser would close the links' <p> before it. */}
        {extra ? <div class="card-extra">{extra}</div> : null}
      </div>
    </article>
  );
}
