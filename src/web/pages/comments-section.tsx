// The comments section at the end of a paper page (GET /papers/:id[?cpage=n][&reply=m]); the actions
// its forms post to are in comments.tsx.
import type { Context } from 'hono';
import { verifiedAuthorsOf } from '../../store/author-claims.ts';
import { listThread, ROOT_COMMENTS_PER_PAGE } from '../../store/comments.ts';
import type { PaperDetail } from '../../store/papers.ts';
import type { AppDeps } from '../deps.ts';
import * as v from 'valibot';
import { intField, queryValues } from '../http/schema.ts';
import { csrfToken } from '../render-page.tsx';
import { CommentsSection, type ThreadContext } from '../views/comments-view.tsx';
import { rendersSlots, viewerPart } from '../personal-page.tsx';

// The paper page's own ?page= is not the thread's, hence cpage. A reply link to a comment that is not a number
// (an old or mangled link) opens the page without a reply form rather than failing it.
const THREAD_QUERY = v.object({
  cpage: intField('cpage', 1, 1, 100_000),
  reply: v.pipe(
    v.optional(v.string(), ''),
    v.transform((raw) => (/^\d{1,15}$/.test(raw) ? Number(raw) : null)),
  ),
});

/** The comments section of a paper page, for the viewer (GET /papers/:id[?cpage=n][&reply=m]). */
export async function commentsSection(c: Context, deps: AppDeps, paper: PaperDetail) {
  const user = c.get('viewer').user;
  const { cpage: page, reply: replyTo } = queryValues(c, THREAD_QUERY);
  const [{ comments, rootCount }, verifiedAuthors] = await Promise.all([
    listThread(deps.sql, paper.id, page),
    verifiedAuthorsOf(deps.sql, paper.id),
  ]);
  const ctx: ThreadContext = {
    paperId: paper.id,
    page,
    viewer: user,
    csrf: user ? await csrfToken(c, deps) : null,
    replyTo,
    verifiedAuthors,
    // Rendered for every viewer: the forms and actions are filled per viewer.
    ...(rendersSlots(c) ? { part: (render, shape) => viewerPart(c, { user: null, csrf: null, claims: null }, render, { shape }) } : {}),
  };
  const pages = Math.max(1, Math.ceil(rootCount / ROOT_COMMENTS_PER_PAGE));
  return <CommentsSection ctx={ctx} comments={comments} count={paper.numComments} hfCount={paper.hfNumComments} pages={pages} />;
}
