// Comments on papers: writing (add, edit, delete) with papers.num_comments kept exact in the same
// transaction, and reading a paper's thread in order with placeholders. (A user's comments, for their
// profile, are read by listUserComments in profiles.ts.)
import type { Sql, Tx } from '../db/connect.ts';
import { announceContentHidden, announcePapersChanged } from './changes.ts';

// Long enough to fix a typo or a formula after seeing it rendered; short enough that replies keep
// answering what was written (Lobsters and HN use similar windows).
export const COMMENT_EDIT_WINDOW_MINUTES = 60;

// A paper page shows this many top-level comments (with all their replies) per page: 50 threads of
// three math-heavy comments are ~1 MB of HTML and ~40 ms to render (bench/comments.ts). Top-level
// comments are in the order they were written, so a comment never moves to another page.
export const ROOT_COMMENTS_PER_PAGE = 50;

export interface CommentAuthor {
  id: number;
  username: string;
  displayName: string;
}

/** What a thread shows in place of a comment: its text, or why the text is gone. */
export type CommentState = 'visible' | 'deleted' | 'hidden';

export interface Comment {
  id: number;
  paperId: string;
  parentId: number | null;
  /** Null once the author deleted their account. */
  author: CommentAuthor | null;
  state: CommentState;
  /** Markdown as written; '' for a deleted comment. */
  body: string;
  /** Rendered and sanitized when written; never show it for a comment that is not 'visible'. */
  bodyHtml: string;
  createdAt: Date;
  editedAt: Date | null;
  /** Whether the edit window is still open (the author may edit). */
  editable: boolean;
}

export interface ThreadComment extends Comment {
  /** 0 for a top-level comment, 1 for a reply to it, and so on. */
  depth: number;
}

/** Someone who may get a mail about a new comment. */
export interface Recipient {
  userId: number;
  email: string;
  displayName: string;
  /** The user's notify_replies or notify_activity setting, whichever applies. */
  wantsMail: boolean;
  emailVerified: boolean;
}

interface CommentRow {
  id: number;
  paperId: string;
  parentId: number | null;
  userId: number | null;
  username: string | null;
  displayName: string | null;
  body: string;
  bodyHtml: string;
  createdAt: Date;
  editedAt: Date | null;
  deleted: boolean;
  hidden: boolean;
  editable: boolean;
}

const COMMENT_COLUMNS = (sql: Sql | Tx) => sql`
  c.id::int, c.paper_id AS "paperId", c.parent_id::int AS "parentId", c.user_id::int AS "userId",
  u.username, u.display_name AS "displayName", c.body, c.body_html AS "bodyHtml", c.created_at AS "createdAt",
  c.edited_at AS "editedAt", (c.deleted_at IS NOT NULL) AS deleted, (c.hidden_at IS NOT NULL) AS hidden,
  (c.created_at > now() - make_interval(mins => ${COMMENT_EDIT_WINDOW_MINUTES})) AS editable`;

function toComment(r: CommentRow): Comment {
  const state: CommentState = r.hidden ? 'hidden' : r.deleted ? 'deleted' : 'visible';
  return {
    id: r.id,
    paperId: r.paperId,
    parentId: r.parentId,
    author:
      r.userId !== null && r.username !== null ? { id: r.userId, username: r.username, displayName: r.displayName ?? r.username } : null,
    state,
    // A placeholder carries no text, so no page or JSON response can show it by mistake.
    body: state === 'visible' ? r.body : '',
    bodyHtml: state === 'visible' ? r.bodyHtml : '',
    createdAt: r.createdAt,
    editedAt: r.editedAt,
    editable: r.editable && state === 'visible',
  };
}

// Sets the paper's count from its rows. Callers hold the paper's row lock (lockPaper), so a
// concurrent writer's recount, which waits for it, sees this transaction's comment too.
async function recountComments(tx: Tx, paperId: string): Promise<number> {
  const rows = await tx<{ n: number }[]>`
    UPDATE papers SET num_comments = (
      SELECT count(*) FROM comments WHERE paper_id = ${paperId} AND deleted_at IS NULL AND hidden_at IS NULL)
    WHERE id = ${paperId}
    RETURNING num_comments AS n`;
  return rows[0]?.n ?? 0;
}

// NO KEY UPDATE: serializes comment writers on one paper without blocking votes' foreign-key checks.
async function lockPaper(tx: Tx, paperId: string): Promise<{ submitterId: number | null; title: string } | null> {
  const rows = await tx<{ submitterId: number | null; title: string }[]>`
    SELECT submitted_by_user_id::int AS "submitterId", title FROM papers
    WHERE id = ${paperId} AND hidden_at IS NULL
    FOR NO KEY UPDATE`;
  return rows[0] ?? null;
}

async function recipient(tx: Tx, userId: number | null, setting: 'notify_replies' | 'notify_activity'): Promise<Recipient | null> {
  if (userId === null) return null;
  const rows = await tx<Recipient[]>`
    SELECT id::int AS "userId", email, display_name AS "displayName", ${tx(setting)} AS "wantsMail",
      (email_verified_at IS NOT NULL) AS "emailVerified"
    FROM users WHERE id = ${userId}`;
  return rows[0] ?? null;
}

export type AddCommentResult =
  | {
      ok: true;
      comment: Comment;
      /** The paper's visible comments, this one included. */
      count: number;
      paperTitle: string;
      /** The author of the comment replied to (unless it is the commenter). */
      parentAuthor: Recipient | null;
      /** Who submitted the paper to the daily page (unless it is the commenter). */
      submitter: Recipient | null;
    }
  | { ok: false; reason: 'no-paper' | 'no-parent' | 'parent-gone' };

export interface NewComment {
  paperId: string;
  userId: number;
  parentId: number | null;
  body: string;
  bodyHtml: string;
}

/** Adds a comment (a reply when parentId is set) and updates the paper's count, in one transaction. */
export async function addComment(sql: Sql, input: NewComment): Promise<AddCommentResult> {
  return sql.begin((tx) => addCommentIn(tx, input));
}

/** addComment inside the caller's transaction, for writes that must commit with the comment (its notification mails). */
export async function addCommentIn(tx: Tx, input: NewComment): Promise<AddCommentResult> {
  const paper = await lockPaper(tx, input.paperId);
  if (!paper) return { ok: false, reason: 'no-paper' };
  let parentAuthorId: number | null = null;
  if (input.parentId !== null) {
    const parents = await tx<{ paperId: string; userId: number | null; gone: boolean }[]>`
      SELECT paper_id AS "paperId", user_id::int AS "userId", (deleted_at IS NOT NULL OR hidden_at IS NOT NULL) AS gone
      FROM comments WHERE id = ${input.parentId}`;
    const parent = parents[0];
    if (!parent || parent.paperId !== input.paperId) return { ok: false, reason: 'no-parent' };
    if (parent.gone) return { ok: false, reason: 'parent-gone' };
    parentAuthorId = parent.userId;
  }
  const inserted = await tx<{ id: number }[]>`
    INSERT INTO comments (paper_id, user_id, parent_id, body, body_html)
    VALUES (${input.paperId}, ${input.userId}, ${input.parentId}, ${input.body}, ${input.bodyHtml})
    RETURNING id::int`;
  const count = await recountComments(tx, input.paperId);
  await announcePapersChanged(tx);
  const comment = await commentById(tx, inserted[0]!.id);
  const others = (id: number | null) => (id !== null && id !== input.userId ? id : null);
  const parentAuthor = await recipient(tx, others(parentAuthorId), 'notify_replies');
  const submitter = await recipient(tx, others(paper.submitterId), 'notify_activity');
  return { ok: true, comment: comment!, count, paperTitle: paper.title, parentAuthor, submitter };
}

async function commentById(sql: Sql | Tx, id: number): Promise<Comment | null> {
  const rows = await sql<CommentRow[]>`
    SELECT ${COMMENT_COLUMNS(sql)} FROM comments c LEFT JOIN users u ON u.id = c.user_id WHERE c.id = ${id}`;
  return rows[0] ? toComment(rows[0]) : null;
}

/** Returns one comment (placeholders carry no text), or null. */
export function getComment(sql: Sql, id: number): Promise<Comment | null> {
  return commentById(sql, id);
}

export type ChangeCommentResult =
  | { ok: true; comment: Comment; count: number }
  | { ok: false; reason: 'not-found' | 'not-yours' | 'deleted' | 'hidden' | 'too-late' };

// Locks the paper, then the comment, and says whether `userId` may change it.
async function lockOwnComment(
  tx: Tx,
  commentId: number,
  userId: number,
): Promise<{ ok: true; paperId: string; editable: boolean } | { ok: false; reason: 'not-found' | 'not-yours' | 'deleted' | 'hidden' }> {
  const found = await tx<{ paperId: string }[]>`SELECT paper_id AS "paperId" FROM comments WHERE id = ${commentId}`;
  if (!found[0]) return { ok: false, reason: 'not-found' };
  // Same lock order as addComment (paper, then comment), so concurrent writers cannot deadlock.
  if (!(await lockPaper(tx, found[0].paperId))) return { ok: false, reason: 'not-found' };
  const rows = await tx<{ userId: number | null; deleted: boolean; hidden: boolean; editable: boolean }[]>`
    SELECT user_id::int AS "userId", (deleted_at IS NOT NULL) AS deleted, (hidden_at IS NOT NULL) AS hidden,
      (created_at > now() - make_interval(mins => ${COMMENT_EDIT_WINDOW_MINUTES})) AS editable
    FROM comments WHERE id = ${commentId} FOR UPDATE`;
  const row = rows[0];
  if (!row) return { ok: false, reason: 'not-found' };
  if (row.userId !== userId) return { ok: false, reason: 'not-yours' };
  if (row.deleted) return { ok: false, reason: 'deleted' };
  if (row.hidden) return { ok: false, reason: 'hidden' };
  return { ok: true, paperId: found[0].paperId, editable: row.editable };
}

/** Replaces the text of the author's own comment while the edit window is open. */
export async function editComment(
  sql: Sql,
  input: { commentId: number; userId: number; body: string; bodyHtml: string },
): Promise<ChangeCommentResult> {
  return sql.begin(async (tx): Promise<ChangeCommentResult> => {
    const own = await lockOwnComment(tx, input.commentId, input.userId);
    if (!own.ok) return own;
    if (!own.editable) return { ok: false, reason: 'too-late' };
    await tx`UPDATE comments SET body = ${input.body}, body_html = ${input.bodyHtml}, edited_at = now() WHERE id = ${input.commentId}`;
    await announcePapersChanged(tx);
    const count = (await tx<{ n: number }[]>`SELECT num_comments AS n FROM papers WHERE id = ${own.paperId}`)[0]?.n ?? 0;
    return { ok: true, comment: (await commentById(tx, input.commentId))!, count };
  });
}

/** Deletes the author's own comment: its text goes, a placeholder keeps the replies in their place. */
export async function deleteComment(sql: Sql, input: { commentId: number; userId: number }): Promise<ChangeCommentResult> {
  return sql.begin(async (tx): Promise<ChangeCommentResult> => {
    const own = await lockOwnComment(tx, input.commentId, input.userId);
    if (!own.ok) return own;
    // The text is erased, not just hidden: deleting is the author taking their words back.
    await tx`UPDATE comments SET deleted_at = now(), body = '', body_html = '' WHERE id = ${input.commentId}`;
    const count = await recountComments(tx, own.paperId);
    await announcePapersChanged(tx);
    await announceContentHidden(tx);
    return { ok: true, comment: (await commentById(tx, input.commentId))!, count };
  });
}

/** Returns one page of a paper's thread: top-level comments in order, each followed by its replies (depth-first). */
export async function listThread(sql: Sql, paperId: string, page = 1): Promise<{ comments: ThreadComment[]; rootCount: number }> {
  const offset = (Math.max(1, page) - 1) * ROOT_COMMENTS_PER_PAGE;
  const [rows, count] = await Promise.all([
    sql<(CommentRow & { depth: number })[]>`
      WITH RECURSIVE roots AS (
        SELECT id FROM comments WHERE paper_id = ${paperId} AND parent_id IS NULL
        ORDER BY id LIMIT ${ROOT_COMMENTS_PER_PAGE} OFFSET ${offset}
      ), tree AS (
        SELECT r.id, 0 AS depth, ARRAY[r.id] AS path FROM roots r
        UNION ALL
        SELECT c.id, tree.depth + 1, tree.path || c.id FROM comments c JOIN tree ON c.parent_id = tree.id
      )
      SELECT ${COMMENT_COLUMNS(sql)}, tree.depth
      FROM tree JOIN comments c ON c.id = tree.id LEFT JOIN users u ON u.id = c.user_id
      ORDER BY tree.path`,
    sql<{ n: number }[]>`SELECT count(*)::int AS n FROM comments WHERE paper_id = ${paperId} AND parent_id IS NULL`,
  ]);
  return { comments: rows.map((r) => ({ ...toComment(r), depth: r.depth })), rootCount: count[0]?.n ?? 0 };
}

/** Where a comment is shown: its paper, the page of that paper's thread, and its depth; or null. */
export async function locateComment(sql: Sql | Tx, commentId: number): Promise<{ paperId: string; page: number; depth: number } | null> {
  const rows = await sql<{ paperId: string; before: number; depth: number }[]>`
    WITH RECURSIVE up AS (
      SELECT id, parent_id, paper_id, 0 AS depth FROM comments WHERE id = ${commentId}
      UNION ALL
      SELECT c.id, c.parent_id, c.paper_id, up.depth + 1 FROM comments c JOIN up ON c.id = up.parent_id
    )
    SELECT up.paper_id AS "paperId", up.depth,
      (SELECT count(*)::int FROM comments r WHERE r.paper_id = up.paper_id AND r.parent_id IS NULL AND r.id < up.id) AS before
    FROM up WHERE up.parent_id IS NULL`;
  const row = rows[0];
  return row ? { paperId: row.paperId, page: Math.floor(row.before / ROOT_COMMENTS_PER_PAGE) + 1, depth: row.depth } : null;
}
