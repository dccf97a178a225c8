// GET /papers/:id (and old-style /papers/:archive/:number): one paper; versioned ids redirect.
import type { Context } from 'hono';
import { plainTextOf, truncateWords } from '../../core/math.ts';
import { NotFound } from '../../errors.ts';
import { getPaper } from '../../store/papers.ts';
import type { AppDeps } from '../deps.ts';
import { renderPage } from '../render-page.tsx';
import { PaperView } from '../views/paper-view.tsx';
import { voteStateFor } from '../vote-state.ts';
import { authorshipFor } from '../authorship-state.tsx';
import { SubmissionNotice, submissionNoticeKind } from '../views/submission-notice.tsx';
import { ModerateLink, ModerationNotice } from '../views/moderation-view.tsx';
import { isModerator } from '../http/guards.ts';
import { hiddenReason } from '../../store/moderation.ts';
import { commentsSection } from './comments-section.tsx';
import { similarPapers } from '../similar-papers.ts';
import { SimilarList } from '../views/similar-list.tsx';
import { idFromParams, paperIdParam } from '../http/paper-id.ts';
import { paperMarkdownPage } from './paper-markdown-page.ts';
import { wantsMarkdown } from '../http/content-negotiation.ts';
import { viewerPart } from '../personal-page.tsx';

// Similar papers under the paper: the arxiv-sanity habit of reading on from one good paper.
const SIMILAR_ON_PAGE = 10;

/** The paper page handler. */
export async function paperPage(c: Context, deps: AppDeps): Promise<Response> {
  if (wantsMarkdown(c.req.header('accept'))) return paperMarkdownPage(c, deps, idFromParams(c));
  // The same URL answers Markdown to who asks for it: a shared cache must keep the two apart.
  c.header('Vary', 'Accept');
  const parsed = paperIdParam(c);
  const requested = parsed.requested;
  if (parsed.id !== requested) return c.redirect(`/papers/${parsed.id}`, 301);
  const paper = await getPaper(deps.sql, parsed.id);
  if (!paper) throw NotFound(`No paper arXiv:${parsed.id} on this site yet.`);
  const moderator = isModerator(c.get('viewer').user);
  if (paper.hidden && !moderator) {
    const reason = await hiddenReason(deps.sql, paper.id);
    throw NotFound(`The moderators removed this paper from the site${reason ? `: ${reason}` : ''}. The moderation log has the details.`);
  }
  const submission = submissionNoticeKind(c.req.query('submitted'));
  return renderPage(
    c,
    deps,
    {
      title: plainTextOf(paper.title),
      description: truncateWords(plainTextOf(paper.abstract), 200),
      canonical: `${deps.config.baseUrl}/papers/${paper.id}`,
    },
    <>
      {paper.hidden ? <ModerationNotice kind="paper" id={paper.id} /> : null}
      {submission ? <SubmissionNotice kind={submission} id={paper.id} dailyDate={paper.dailyDate} /> : null}
      <PaperView
        paper={paper}
        vote={paper.hidden ? undefined : await voteStateFor(c, deps, [paper.id])}
        authorship={await authorshipFor(c, deps, paper)}
      />
      {paper.hidden ? null : <SimilarList paperId={paper.id} similar={await similarPapers(deps, paper, SIMILAR_ON_PAGE)} />}
      {paper.hidden ? null : await commentsSection(c, deps, paper)}
      {viewerPart(
        c,
        { user: c.get('viewer').user, csrf: null, claims: null },
        ({ user }) => (isModerator(user) ? <ModerateLink target={`paper=${encodeURIComponent(paper.id)}`} /> : null),
        { shape: ({ user }) => (isModerator(user) ? 'moderator' : 'reader') },
      )}
    </>,
  );
}
