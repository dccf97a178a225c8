// The discussion on a paper page: the thread (replies indented under what they answer, placeholders
// for deleted and removed comments) and, for each viewer, the forms to comment and reply and the actions to edit and
// delete (the forms themselves are comment-form.tsx).
import { raw } from 'hono/html';
import type { ThreadComment } from '../../store/comments.ts';
import type { Child } from 'hono/jsx';
import type { User } from '../../store/users.ts';
import type { PartViewer } from '../personal-page.tsx';
import { CommentForm, Placeholder } from './comment-form.tsx';
import { CsrfField, Notice } from './forms.tsx';
import { plural, shortDate } from './format.ts';

// Replies indent up to this depth; deeper ones line up with it (and say whom they answer).
const MAX_INDENT = 8;

/** Who is looking and what they may do, for every comment of a page. */
export interface ThreadContext {
  paperId: string;
  /** The page of top-level comments shown (1-based). */
  page: number;
  viewer: User | null;
  /** The token for this page's forms; null for anonymous visitors (they get no forms). */
  csrf: string | null;
  /** The comment whose reply form is open (GET ?reply=n, for browsers without JavaScript). */
  replyTo: number | null;
  /** Users verified as authors of this paper (user id → author position): marked next to their comments. */
  verifiedAuthors?: Map<number, number>;
  /**
   * On a page rendered for every viewer (personal-page.tsx): makes a part that depends on the viewer a slot, filled
   * per viewer by `render`. Absent, such parts are rendered for `viewer` and `csrf`.
   */
  part?: (render: (viewer: PartViewer) => Child, shape: (viewer: PartViewer) => string) => Child;
}

/**
 * A part of the thread that depends on who is looking (their forms and actions); `shape` names all it depends on
 * but their token (personal-page.tsx renders it once per shape).
 */
function viewerSide(ctx: ThreadContext, render: (viewer: PartViewer) => Child, shape: (viewer: PartViewer) => string): Child {
  return ctx.part ? ctx.part(render, shape) : render({ user: ctx.viewer, csrf: ctx.csrf, claims: null });
}

/** What the comment and reply forms depend on: logged in, and allowed to post (or why not). */
function postingShape({ user }: PartViewer): string {
  return user === null ? 'anonymous' : canPost(user) ? 'may post' : user.suspended ? 'suspended' : 'unverified';
}

/** The query string that shows a given page of the thread ('' for the first). */
export function threadQuery(page: number, extra = ''): string {
  const parts = [page > 1 ? `cpage=${page}` : '', extra].filter((p) => p !== '');
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/** Where a comment is shown: its paper's page (and thread page) with the comment's anchor. */
export function commentPath(paperId: string, commentId: number, page: number): string {
  return `/papers/${paperId}${threadQuery(page)}#comment-${commentId}`;
}

function canPost(user: User | null): boolean {
  return user?.emailVerified === true && !user.suspended;
}

function loginToComment(paperId: string, what: string, extra = '') {
  return (
    <p class="comment-login">
      <a href={`/login?next=${encodeURIComponent(`/papers/${paperId}${extra}#comments`)}`}>Log in</a> or <a href="/signup">sign up</a> to{' '}
      {what}.
    </p>
  );
}

// Why a logged-in user has no form (they can act on it from their settings).
function cannotPost(user: User) {
  if (user.suspended) return <Notice kind="info">Your account is suspended, so you cannot comment.</Notice>;
  return (
    <Notice kind="info">
      Confirm your email address to comment: follow the link we sent you, or ask for a new one in your <a href="/settings">settings</a>.
    </Notice>
  );
}

/** What the viewer may do with a visible comment: reply (or log in to), and edit or delete their own. */
function CommentActions({
  comment,
  ctx,
  viewer,
  replyQuery,
}: {
  comment: ThreadComment;
  ctx: ThreadContext;
  viewer: PartViewer;
  replyQuery: string;
}) {
  const own = viewer.user !== null && comment.author?.id === viewer.user.id;
  return (
    <footer class="comment-actions">
      {viewer.user === null ? (
        <a href={`/login?next=${encodeURIComponent(`/papers/${ctx.paperId}${replyQuery}#reply-${comment.id}`)}`}>reply</a>
      ) : canPost(viewer.user) ? (
        <a href={`/papers/${ctx.paperId}${replyQuery}#reply-${comment.id}`} class="reply-link" data-reply-to={String(comment.id)}>
          reply
        </a>
      ) : null}
      {own && comment.editable && viewer.csrf ? <a href={`/comments/${comment.id}/edit`}>edit</a> : null}
      {own && viewer.csrf ? (
        <form method="post" action={`/comments/${comment.id}/delete`} class="inline-form comment-delete" data-comment-delete>
          <CsrfField token={viewer.csrf} />
          <button type="submit" class="link-button">
            delete
          </button>
        </form>
      ) : null}
    </footer>
  );
}

/** One comment of a thread (or its placeholder), with the actions the viewer may take. */
export function CommentItem({ comment, ctx }: { comment: ThreadComment; ctx: ThreadContext }) {
  const visible = comment.state === 'visible';
  const replyQuery = threadQuery(ctx.page, `reply=${comment.id}`);
  const replyOpen = ctx.replyTo === comment.id;
  const indent = Math.min(comment.depth, MAX_INDENT);
  return (
    <article
      id={`comment-${comment.id}`}
      class={`comment indent-${indent}${visible ? '' : ' comment-gone'}`}
      data-comment-id={String(comment.id)}
      data-depth={String(comment.depth)}
      aria-label={visible ? `Comment by ${comment.author?.displayName ?? 'a deleted account'}` : 'Comment no longer available'}
    >
      <header class="comment-meta">
        {visible ? (
          comment.author ? (
            <>
              <a class="comment-author" href={`/users/${comment.author.username}`}>
                {comment.author.displayName}
              </a>
              {ctx.verifiedAuthors?.has(comment.author.id) ? (
                <span class="badge verified-badge" title="A verified author of this paper">
                  <span aria-hidden="true">✓</span> author
                </span>
              ) : null}
            </>
          ) : (
            <span class="comment-author muted">[deleted account]</span>
          )
        ) : null}
        <a class="comment-permalink muted" href={commentPath(ctx.paperId, comment.id, ctx.page)} title="Link to this comment">
          <time datetime={comment.createdAt.toISOString()}>{shortDate(comment.createdAt)}</time>
        </a>
        {visible && comment.editedAt ? (
          <span class="muted" title={`edited ${comment.editedAt.toISOString()}`}>
            (edited)
          </span>
        ) : null}
        {comment.parentId !== null && comment.depth > MAX_INDENT ? (
          <a class="muted" href={`#comment-${comment.parentId}`}>
            in reply to
          </a>
        ) : null}
      </header>
      {visible ? <div class="comment-body">{raw(comment.bodyHtml)}</div> : <Placeholder comment={comment} />}
      {visible
        ? viewerSide(
            ctx,
            (viewer) => <CommentActions comment={comment} ctx={ctx} viewer={viewer} replyQuery={replyQuery} />,
            (viewer) => `${postingShape(viewer)}|${viewer.user !== null && viewer.user.id === comment.author?.id ? 'own' : 'other'}`,
          )
        : null}
      {replyOpen && visible
        ? viewerSide(
            ctx,
            (viewer) => (
              <div class="reply-box" id={`reply-${comment.id}`}>
                {viewer.user && viewer.csrf && canPost(viewer.user) ? (
                  <CommentForm paperId={ctx.paperId} csrf={viewer.csrf} parentId={comment.id} idSuffix={String(comment.id)} autofocus />
                ) : viewer.user ? (
                  cannotPost(viewer.user)
                ) : (
                  loginToComment(ctx.paperId, 'reply', replyQuery)
                )}
              </div>
            ),
            postingShape,
          )
        : null}
    </article>
  );
}

export interface CommentsSectionProps {
  ctx: ThreadContext;
  comments: ThreadComment[];
  /** This site's visible comments on the paper. */
  count: number;
  /** Hugging Face's comment count for the paper, if it has one. */
  hfCount: number | null;
  pages: number;
}

/** The comments section at the end of a paper page (id="comments"). */
export function CommentsSection({ ctx, comments, count, hfCount, pages }: CommentsSectionProps) {
  const { paperId } = ctx;
  return (
    <section id="comments" class="comments" aria-labelledby="comments-h" data-paper-id={paperId}>
      <h2 id="comments-h">
        Discussion{' '}
        <span class="muted comment-count" data-comment-count={String(count)}>
          {plural(count, 'comment')}
        </span>
      </h2>
      {hfCount ? (
        <p class="muted hf-comments">
          {plural(hfCount, 'more comment')} on{' '}
          <a href={`https://huggingface.co/papers/${paperId}`} rel="nofollow noopener">
            Hugging Face
          </a>
          .
        </p>
      ) : null}
      {viewerSide(
        ctx,
        ({ user, csrf }) =>
          user === null ? (
            loginToComment(paperId, 'comment')
          ) : csrf && canPost(user) ? (
            <CommentForm paperId={paperId} csrf={csrf} />
          ) : (
            cannotPost(user)
          ),
        postingShape,
      )}
      <div class="comment-thread" data-comment-thread>
        {comments.length === 0 && ctx.page === 1 ? <p class="comments-empty muted">No comments yet. Start the discussion.</p> : null}
        {comments.map((comment) => (
          <CommentItem comment={comment} ctx={ctx} />
        ))}
      </div>
      {pages > 1 ? (
        <nav class="pagination" aria-label="Comment pages">
          {ctx.page > 1 ? (
            <a href={`/papers/${paperId}${threadQuery(ctx.page - 1)}#comments`} rel="prev">
              ← Earlier comments
            </a>
          ) : null}
          <span class="muted">
            Page {ctx.page} of {pages}
          </span>
          {ctx.page < pages ? (
            <a href={`/papers/${paperId}${threadQuery(ctx.page + 1)}#comments`} rel="next">
              Later comments →
            </a>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
