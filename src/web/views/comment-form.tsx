// The Markdown form used to comment, reply and edit (on the paper page, and on a page of its own when it comes back
// with a problem or a preview), and what a thread shows in place of a comment that is gone.
import { raw } from 'hono/html';
import { MAX_COMMENT_CHARS } from '../../core/comment-markdown.ts';
import type { Comment } from '../../store/comments.ts';
import { CsrfField } from './forms.tsx';

export interface CommentFormProps {
  paperId: string;
  csrf: string;
  parentId?: number | null;
  /** What was typed, when the form comes back. */
  text?: string;
  error?: string | null;
  /** Where the form posts (default: a new comment on the paper). */
  action?: string;
  submitLabel?: string;
  /** A distinct id per form on the page. */
  idSuffix?: string;
  autofocus?: boolean;
}

/** The Markdown form used to comment, reply and edit; with JavaScript it posts without a reload. */
export function CommentForm(p: CommentFormProps) {
  const suffix = p.idSuffix ?? 'new';
  const fieldId = `comment-body-${suffix}`;
  const errorId = `comment-error-${suffix}`;
  return (
    <form
      method="post"
      action={p.action ?? `/papers/${p.paperId}/comments`}
      class="comment-form"
      data-comment-form
      data-paper-id={p.paperId}
    >
      <CsrfField token={p.csrf} />
      {p.parentId ? <input type="hidden" name="parent_id" value={String(p.parentId)} /> : null}
      <label for={fieldId} class={p.parentId ? 'sr-only' : undefined}>
        {p.parentId ? 'Your reply' : 'Add a comment'}
      </label>
      <textarea
        id={fieldId}
        name="body"
        rows={p.parentId ? 4 : 5}
        maxlength={MAX_COMMENT_CHARS}
        required
        autofocus={p.autofocus ?? false}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={p.error ? errorId : `comment-hint-${suffix}`}
      >
        {p.text ?? ''}
      </textarea>
      <p class="form-error field-error" id={errorId} role="alert" hidden={!p.error}>
        {p.error ?? ''}
      </p>
      <p class="hint" id={`comment-hint-${suffix}`}>
        Markdown, with math as <code>$x^2$</code> or <code>$$\sum_i x_i$$</code>. Links are kept; images are not.
      </p>
      <div class="comment-preview comment-body" hidden aria-live="polite"></div>
      <p class="comment-form-actions">
        <button type="submit" class="primary">
          {p.submitLabel ?? (p.parentId ? 'Reply' : 'Post comment')}
        </button>
        <button type="submit" name="preview" value="1" formnovalidate data-preview>
          Preview
        </button>
      </p>
    </form>
  );
}

/** What a thread shows in place of a deleted or removed comment. */
export function Placeholder({ comment }: { comment: Comment }) {
  return <p class="comment-placeholder muted">{comment.state === 'hidden' ? '[removed by a moderator]' : '[deleted]'}</p>;
}

export interface CommentFormPageProps {
  paperId: string;
  paperTitleHtml: string;
  csrf: string;
  /** The comment answered (a reply) or edited. */
  context?: { label: string; comment: Comment } | null;
  parentId?: number | null;
  text: string;
  error?: string | null;
  previewHtml?: string | null;
  action?: string;
  submitLabel?: string;
}

/** A form on a page of its own: a comment that came back with a problem, a preview, or an edit. */
export function CommentFormPage(p: CommentFormPageProps) {
  return (
    <section class="comment-form-page">
      <p class="muted">
        On <a href={`/papers/${p.paperId}#comments`}>{raw(p.paperTitleHtml)}</a>
      </p>
      {p.context ? (
        <div class="comment-context">
          <p class="muted">{p.context.label}</p>
          {p.context.comment.state === 'visible' ? (
            <div class="comment-body">{raw(p.context.comment.bodyHtml)}</div>
          ) : (
            <Placeholder comment={p.context.comment} />
          )}
        </div>
      ) : null}
      {p.previewHtml ? (
        <div class="comment-preview-static">
          <h2>Preview</h2>
          <div class="comment-body">{raw(p.previewHtml)}</div>
        </div>
      ) : null}
      <CommentForm
        paperId={p.paperId}
        csrf={p.csrf}
        parentId={p.parentId ?? null}
        text={p.text}
        error={p.error ?? null}
        action={p.action}
        submitLabel={p.submitLabel}
        idSuffix="page"
        autofocus
      />
    </section>
  );
}
