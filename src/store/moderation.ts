// Moderator actions, each written to the public moderation log in the same transaction as the action.
import type { Sql, Tx } from '../db/connect.ts';
import { announceContentHidden, announcePapersChanged } from './changes.ts';

export type ModerationAction =
  | 'hide_paper'
  | 'unhide_paper'
  | 'hide_comment'
  | 'unhide_comment'
  | 'suspend_user'
  | 'unsuspend_user'
  | 'set_role'
  | 'approve_claim'
  | 'reject_claim';

export interface LogEntry {
  id: number;
  action: ModerationAction;
  targetType: 'paper' | 'comment' | 'user' | 'claim';
  targetId: string;
  reason: string;
  createdAt: Date;
  moderator: string | null; // username
  /** What the target is, for the log page: a paper title, a comment's paper, a username. */
  targetLabel: string | null;
  targetPaperId: string | null;
}

export async function logAction(
  tx: Sql | Tx,
  e: { moderatorId: number | null; action: ModerationAction; targetType: LogEntry['targetType']; targetId: string; reason: string },
): Promise<void> {
  await tx`
    INSERT INTO moderation_log (moderator_id, action, target_type, target_id, reason)
    VALUES (${e.moderatorId}, ${e.action}, ${e.targetType}, ${e.targetId}, ${e.reason})`;
}

/** Hides or shows a paper again; false when there is no such paper or it already is in that state. */
export async function setPaperHidden(sql: Sql, paperId: string, hidden: boolean, moderatorId: number, reason: string): Promise<boolean> {
  return sql.begin(async (tx) => {
    const rows = await tx`
      UPDATE papers SET hidden_at = ${hidden ? tx`now()` : null}
      WHERE id = ${paperId} AND (hidden_at IS NULL) = ${hidden}
      RETURNING id`;
    if (rows.length === 0) return false;
    await logAction(tx, { moderatorId, action: hidden ? 'hide_paper' : 'unhide_paper', targetType: 'paper', targetId: paperId, reason });
    await announcePapersChanged(tx);
    await announceContentHidden(tx);
    return true;
  });
}

/** Hides or shows a comment again, keeping the paper's visible-comment count exact. */
export async function setCommentHidden(
  sql: Sql,
  commentId: number,
  hidden: boolean,
  moderatorId: number,
  reason: string,
): Promise<string | null> {
  return sql.begin(async (tx) => {
    // Comment writers lock the paper row before recounting; so does this, so the counts never race.
    await tx`SELECT 1 FROM papers WHERE id = (SELECT paper_id FROM comments WHERE id = ${commentId}) FOR NO KEY UPDATE`;
    const rows = await tx<{ paperId: string }[]>`
      UPDATE comments SET hidden_at = ${hidden ? tx`now()` : null}
      WHERE id = ${commentId} AND (hidden_at IS NULL) = ${hidden}
      RETURNING paper_id AS "paperId"`;
    const paperId = rows[0]?.paperId ?? null;
    if (!paperId) return null;
    await tx`
      UPDATE papers SET num_comments = (
        SELECT count(*) FROM comments WHERE paper_id = ${paperId} AND deleted_at IS NULL AND hidden_at IS NULL)
      WHERE id = ${paperId}`;
    await logAction(tx, {
      moderatorId,
      action: hidden ? 'hide_comment' : 'unhide_comment',
      targetType: 'comment',
      targetId: String(commentId),
      reason,
    });
    await announcePapersChanged(tx);
    await announceContentHidden(tx);
    return paperId;
  });
}

/** Suspends (reason) or reinstates (null) a user; a suspended user's sessions end. */
export async function setUserSuspended(sql: Sql, userId: number, moderatorId: number, reason: string, suspend: boolean): Promise<boolean> {
  return sql.begin(async (tx) => {
    const rows = await tx`
      UPDATE users SET suspended_at = ${suspend ? tx`now()` : null}, suspended_reason = ${suspend ? reason : null}
      WHERE id = ${userId} AND (suspended_at IS NULL) = ${suspend}
      RETURNING id`;
    if (rows.length === 0) return false;
    if (suspend) await tx`DELETE FROM sessions WHERE user_id = ${userId}`;
    await announceContentHidden(tx); // their comments, collections and profile feeds
    await logAction(tx, {
      moderatorId,
      action: suspend ? 'suspend_user' : 'unsuspend_user',
      targetType: 'user',
      targetId: String(userId),
      reason,
    });
    return true;
  });
}

export async function setUserRole(
  sql: Sql,
  userId: number,
  role: 'user' | 'moderator' | 'admin',
  moderatorId: number | null,
  reason: string,
): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`UPDATE users SET role = ${role} WHERE id = ${userId}`;
    await logAction(tx, { moderatorId, action: 'set_role', targetType: 'user', targetId: String(userId), reason: `${role}: ${reason}` });
  });
}

/** One page of the public log, newest first, with readable targets. */
export async function listLog(sql: Sql, limit: number, offset: number): Promise<{ entries: LogEntry[]; total: number }> {
  const [entries, count] = await Promise.all([
    sql<LogEntry[]>`
      SELECT l.id::int, l.action, l.target_type AS "targetType", l.target_id AS "targetId", l.reason, l.created_at AS "createdAt",
        m.username AS moderator,
        CASE l.target_type
          WHEN 'paper' THEN (SELECT title FROM papers WHERE id = l.target_id)
          WHEN 'comment' THEN (SELECT 'comment on ' || p.title FROM comments c JOIN papers p ON p.id = c.paper_id WHERE c.id::text = l.target_id)
          WHEN 'user' THEN (SELECT username FROM users WHERE id::text = l.target_id)
          WHEN 'claim' THEN (SELECT u.username || ' as author of ' || p.title FROM author_claims a JOIN users u ON u.id = a.user_id JOIN papers p ON p.id = a.paper_id WHERE a.id::text = l.target_id)
        END AS "targetLabel",
        CASE l.target_type
          WHEN 'paper' THEN l.target_id
          WHEN 'comment' THEN (SELECT paper_id FROM comments WHERE id::text = l.target_id)
          WHEN 'claim' THEN (SELECT paper_id FROM author_claims WHERE id::text = l.target_id)
        END AS "targetPaperId"
      FROM moderation_log l LEFT JOIN users m ON m.id = l.moderator_id
      ORDER BY l.created_at DESC, l.id DESC LIMIT ${limit} OFFSET ${offset}`,
    sql<{ n: number }[]>`SELECT count(*)::int AS n FROM moderation_log`,
  ]);
  return { entries, total: count[0]?.n ?? 0 };
}

/** The latest reason a paper was hidden, for the notice shown in its place. */
export async function hiddenReason(sql: Sql, paperId: string): Promise<string | null> {
  const rows = await sql<{ reason: string }[]>`
    SELECT reason FROM moderation_log WHERE target_type = 'paper' AND target_id = ${paperId} AND action = 'hide_paper'
    ORDER BY created_at DESC LIMIT 1`;
  return rows[0]?.reason ?? null;
}

/** What a moderator needs to know about a comment before acting on it. */
export async function commentForModeration(
  sql: Sql,
  id: number,
): Promise<{ id: number; paperId: string; hidden: boolean; excerpt: string; author: string | null } | null> {
  const rows = await sql<{ id: number; paperId: string; hidden: boolean; excerpt: string; author: string | null }[]>`
    SELECT c.id::int, c.paper_id AS "paperId", (c.hidden_at IS NOT NULL) AS hidden, left(c.body, 200) AS excerpt, u.username AS author
    FROM comments c LEFT JOIN users u ON u.id = c.user_id WHERE c.id = ${id}`;
  return rows[0] ?? null;
}

/** Users for the admin page, newest first, optionally matching a name or address. */
export async function listUsers(
  sql: Sql,
  q: string,
  limit: number,
  offset: number,
): Promise<{
  users: { id: number; username: string; email: string; role: string; suspended: boolean; verified: boolean; createdAt: Date }[];
  total: number;
}> {
  const pattern = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const where = q ? sql`WHERE username ILIKE ${pattern} OR email ILIKE ${pattern}` : sql``;
  const [users, count] = await Promise.all([
    sql<{ id: number; username: string; email: string; role: string; suspended: boolean; verified: boolean; createdAt: Date }[]>`
      SELECT id::int, username, email, role, (suspended_at IS NOT NULL) AS suspended, (email_verified_at IS NOT NULL) AS verified, created_at AS "createdAt"
      FROM users ${where} ORDER BY created_at DESC, id DESC LIMIT ${limit} OFFSET ${offset}`,
    sql<{ n: number }[]>`SELECT count(*)::int AS n FROM users ${where}`,
  ]);
  return { users, total: count[0]?.n ?? 0 };
}
