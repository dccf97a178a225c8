// What the comment forms post to: comment or reply (POST /papers/:id/comments), edit (GET/POST
// /comments/:id/edit), delete (POST /comments/:id/delete), preview (POST /comments/preview), and the
// permalink (GET /comments/:id). Each answers a form with a 303 and JavaScript with JSON. The section
// of the paper page is comments-section.tsx.
import type { Context } from 'hono';
import * as v from 'valibot';
import { checkCommentBody } from '../../core/comment-markdown.ts';
import { renderRichText } from '../../core/math.ts';
import { BadRequest, Conflict, Forbidden, NotFound, type AppError } from '../../errors.ts';
import { postCommentAndNotify } from '../../mail/comment-notifications.ts';
import {
  COMMENT_EDIT_WINDOW_MINUTES,
  deleteComment,
  editComment,
  getComment,
  locateComment,
  type AddCommentResult,
  type ChangeCommentResult,
  type Comment,
} from '../../store/comments.ts';
import { getPaper, type PaperDetail } from '../../store/papers.ts';
import type { User } from '../../store/users.ts';
import type { AppDeps } from '../deps.ts';
import { wantsJson } from '../http/form.ts';
import { requireActiveUser } from '../http/guards.ts';
import { enforceLimit } from '../http/rate-limit.ts';
import { csrfToken, renderPage } from '../render-page.tsx';
import { CommentFormPage } from '../views/comment-form.tsx';
import { CommentItem, commentPath, type ThreadContext } from '../views/comments-view.tsx';
import { paperIdParam } from '../http/paper-id.ts';
import { checked, readForm, text, type Checked } from '../http/schema.ts';

function checkParentId(raw: string): Checked<number | null> {
  const trimmed = raw.trim();
  if (trimmed === '') return { ok: true, value: null };
  if (!/^\d{1,15}$/.test(trimmed)) return { ok: false, error: 'parent_id must be a comment number.' };
  return { ok: true, value: Number(trimmed) };
}

function parentIdOf(raw: string): number | null {
  const r = checkParentId(raw);
  return r.ok ? r.value : null;
}

const previewField = () =>
  v.pipe(
    text(),
    v.transform((raw) => raw !== ''),
  );

// A new comment or a reply: a bad parent_id is a 400; the body's problem is shown beside the text (422).
const COMMENT_FORM = v.object({ parent_id: checked(checkParentId), body: checked(checkCommentBody), preview: previewField() });

// An edit: the new text, perhaps only previewed.
const COMMENT_EDIT_FORM = v.object({ body: checked(checkCommentBody), preview: previewField() });

// The preview under the form.
const COMMENT_PREVIEW_FORM = v.object({ body: checked(checkCommentBody) });

function commentIdParam(c: Context): number {
  const raw = c.req.param('id') ?? '';
  if (!/^\d{1,15}$/.test(raw)) throw NotFound('There is no such comment.');
  return Number(raw);
}

async function paperFromParams(c: Context, deps: AppDeps): Promise<PaperDetail> {
  const parsed = paperIdParam(c);
  const paper = await getPaper(deps.sql, parsed.id);
  if (!paper || paper.hidden) throw NotFound(`No paper arXiv:${parsed.id} on this site.`);
  return paper;
}

// One place for the refusals of edit and delete, so both say the same thing.
function refuse(reason: Exclude<ChangeCommentResult, { ok: true }>['reason']): AppError {
  switch (reason) {
    case 'not-found':
      return NotFound('There is no such comment.');
    case 'deleted':
      return NotFound('That comment was deleted.');
    case 'hidden':
      return Forbidden('A moderator removed that comment; it cannot be changed.');
    case 'not-yours':
      return Forbidden('That is not your comment.');
    case 'too-late':
      return Forbidden(`Comments can be edited for ${COMMENT_EDIT_WINDOW_MINUTES} minutes after they are posted; this one is older.`);
  }
}

function refuseAdd(reason: Exclude<AddCommentResult, { ok: true }>['reason']): AppError {
  switch (reason) {
    case 'no-paper':
      return NotFound('There is no such paper on this site.');
    case 'no-parent':
      return NotFound('The comment you are replying to is not on this paper.');
    case 'parent-gone':
      return Conflict('The comment you are replying to was deleted or removed, so it cannot get replies.');
  }
}

// The fragment JavaScript inserts: the comment as its author sees it, with edit and delete.
async function itemHtml(c: Context, deps: AppDeps, comment: Comment, depth: number, page: number): Promise<string> {
  const user = c.get('viewer').user;
  const ctx: ThreadContext = { paperId: comment.paperId, page, viewer: user, csrf: await csrfToken(c, deps), replyTo: null };
  return String(await (<CommentItem comment={{ ...comment, depth }} ctx={ctx} />).toString());
}

async function placeOf(deps: AppDeps, commentId: number): Promise<{ page: number; depth: number }> {
  return (await locateComment(deps.sql, commentId)) ?? { page: 1, depth: 0 };
}

/** POST /papers/:id/comments: a new comment, or a reply (parent_id); `preview` shows it without posting. */
export async function commentSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const user = requireActiveUser(c);
  const form = await readForm(c, COMMENT_FORM);
  const paper = await paperFromParams(c, deps);
  if (!form.ok && form.errors.parent_id !== undefined) throw BadRequest(form.errors.parent_id);
  // Refused only for its body, so the parent is a valid one.
  const parentId = form.ok ? form.value.parent_id : parentIdOf(form.raw('parent_id'));
  const body = form.raw('body');
  if (!form.ok || form.value.preview) {
    const html = form.ok ? form.value.body.html : null;
    const error = form.ok ? null : (form.errors.body ?? null);
    if (wantsJson(c)) {
      return html !== null ? c.json({ html }) : c.json({ error, status: 422 }, 422);
    }
    const parent = parentId === null ? null : await getComment(deps.sql, parentId);
    return renderPage(
      c,
      deps,
      { title: parentId ? 'Reply' : 'Comment', status: form.ok ? 200 : 422 },
      <CommentFormPage
        paperId={paper.id}
        paperTitleHtml={renderRichText(paper.title)}
        csrf={await csrfToken(c, deps)}
        context={
          parent && parent.paperId === paper.id
            ? { label: `Replying to ${parent.author?.displayName ?? 'a deleted account'}:`, comment: parent }
            : null
        }
        parentId={parentId}
        text={body}
        error={error}
        previewHtml={html}
      />,
    );
  }
  await enforceLimit(deps, 'commentPerUser', String(user.id), user);
  // The comment and its notification mails commit together.
  const { result, page, depth } = await postCommentAndNotify(
    deps,
    user,
    { paperId: paper.id, userId: user.id, parentId, body: form.value.body.body, bodyHtml: form.value.body.html },
    (id, p) => commentPath(paper.id, id, p),
  );
  if (!result.ok) throw refuseAdd(result.reason);
  const path = commentPath(paper.id, result.comment.id, page);
  if (wantsJson(c)) {
    const html = await itemHtml(c, deps, result.comment, depth, page);
    return c.json({ id: result.comment.id, parentId, count: result.count, permalink: path, html }, 201);
  }
  return c.redirect(path, 303);
}

/** GET /comments/:id: the permalink, redirecting to the comment on its paper's page. */
export async function commentPermalink(c: Context, deps: AppDeps): Promise<Response> {
  const id = commentIdParam(c);
  const where = await locateComment(deps.sql, id);
  if (!where) throw NotFound('There is no such comment.');
  return c.redirect(commentPath(where.paperId, id, where.page), 302);
}

// Loads a comment its author may still edit, or throws the refusal.
async function ownEditableComment(deps: AppDeps, user: User, id: number): Promise<Comment> {
  const comment = await getComment(deps.sql, id);
  if (!comment) throw refuse('not-found');
  if (comment.state === 'deleted') throw refuse('deleted');
  if (comment.state === 'hidden') throw refuse('hidden');
  if (comment.author?.id !== user.id) throw refuse('not-yours');
  if (!comment.editable) throw refuse('too-late');
  return comment;
}

async function editPage(
  c: Context,
  deps: AppDeps,
  comment: Comment,
  text: string,
  state: { error?: string; previewHtml?: string; status?: 200 | 422 } = {},
) {
  const paper = await getPaper(deps.sql, comment.paperId);
  if (!paper) throw NotFound('There is no such paper on this site.');
  return renderPage(
    c,
    deps,
    { title: 'Edit your comment', status: state.status ?? 200 },
    <CommentFormPage
      paperId={paper.id}
      paperTitleHtml={renderRichText(paper.title)}
      csrf={await csrfToken(c, deps)}
      context={{ label: `Your comment (editable for ${COMMENT_EDIT_WINDOW_MINUTES} minutes after posting):`, comment }}
      text={text}
      error={state.error ?? null}
      previewHtml={state.previewHtml ?? null}
      action={`/comments/${comment.id}/edit`}
      submitLabel="Save changes"
    />,
  );
}

/** GET /comments/:id/edit: the author's form, while the edit window is open. */
export async function commentEditPage(c: Context, deps: AppDeps): Promise<Response> {
  const user = requireActiveUser(c);
  const comment = await ownEditableComment(deps, user, commentIdParam(c));
  return editPage(c, deps, comment, comment.body);
}

/** POST /comments/:id/edit: saves the new text (or previews it). */
export async function commentEditSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const user = requireActiveUser(c);
  const id = commentIdParam(c);
  const form = await readForm(c, COMMENT_EDIT_FORM);
  if (!form.ok || form.value.preview) {
    // The same checks as saving, so a preview never promises an edit that would be refused.
    const comment = await ownEditableComment(deps, user, id);
    if (wantsJson(c)) return form.ok ? c.json({ html: form.value.body.html }) : c.json({ error: form.errors.body, status: 422 }, 422);
    return editPage(
      c,
      deps,
      comment,
      form.raw('body'),
      form.ok ? { previewHtml: form.value.body.html } : { error: form.errors.body, status: 422 },
    );
  }
  await enforceLimit(deps, 'commentEditPerUser', String(user.id), user);
  const { body } = form.value;
  const result = await editComment(deps.sql, { commentId: id, userId: user.id, body: body.body, bodyHtml: body.html });
  if (!result.ok) throw refuse(result.reason);
  const { page } = await placeOf(deps, id);
  const path = commentPath(result.comment.paperId, id, page);
  if (wantsJson(c)) return c.json({ id, count: result.count, permalink: path, bodyHtml: result.comment.bodyHtml });
  return c.redirect(path, 303);
}

/** POST /comments/:id/delete: the author takes the comment back; a placeholder keeps the replies in place. */
export async function commentDeleteSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const user = requireActiveUser(c);
  const id = commentIdParam(c);
  const result = await deleteComment(deps.sql, { commentId: id, userId: user.id });
  if (!result.ok) throw refuse(result.reason);
  const { page } = await placeOf(deps, id);
  const path = commentPath(result.comment.paperId, id, page);
  if (wantsJson(c)) return c.json({ id, count: result.count, permalink: path });
  return c.redirect(path, 303);
}

/** POST /comments/preview: the HTML a comment would get, for the preview under the form. */
export async function commentPreview(c: Context, deps: AppDeps): Promise<Response> {
  const user = requireActiveUser(c);
  await enforceLimit(deps, 'commentPreviewPerUser', String(user.id), user);
  const form = await readForm(c, COMMENT_PREVIEW_FORM);
  return form.ok ? c.json({ html: form.value.body.html }) : c.json({ error: form.errors.body, status: 422 }, 422);
}
