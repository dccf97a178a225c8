// Login sessions. The cookie's token is looked up by its SHA-256; sessions slide forward while used.
import type { Sql, Tx } from '../db/connect.ts';
import { USER_COLUMNS, type User } from './users.ts';

export interface SessionRow {
  tokenHash: string;
  user: User;
  expiresAt: Date;
  lastSeenAt: Date;
}

export async function createSession(
  sql: Sql,
  s: { tokenHash: string; userId: number; expiresAt: Date; userAgent: string | null; ip: string | null },
): Promise<void> {
  await sql`
    INSERT INTO sessions (token_hash, user_id, expires_at, user_agent, ip)
    VALUES (${s.tokenHash}, ${s.userId}, ${s.expiresAt}, ${s.userAgent}, ${s.ip})`;
}

/** The live session with this token hash and its user, or null (unknown or expired). */
export async function findSession(sql: Sql, tokenHash: string): Promise<SessionRow | null> {
  const rows = await sql<(User & { tokenHash: string; expiresAt: Date; lastSeenAt: Date })[]>`
    SELECT s.token_hash AS "tokenHash", s.expires_at AS "expiresAt", s.last_seen_at AS "lastSeenAt", ${USER_COLUMNS(sql)}
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.token_hash = ${tokenHash} AND s.expires_at > now()`;
  const r = rows[0];
  if (!r) return null;
  const { tokenHash: th, expiresAt, lastSeenAt, ...user } = r;
  return { tokenHash: th, expiresAt, lastSeenAt, user };
}

export async function extendSession(sql: Sql, tokenHash: string, expiresAt: Date): Promise<void> {
  await sql`UPDATE sessions SET last_seen_at = now(), expires_at = ${expiresAt} WHERE token_hash = ${tokenHash}`;
}

export async function deleteSession(sql: Sql, tokenHash: string): Promise<void> {
  await sql`DELETE FROM sessions WHERE token_hash = ${tokenHash}`;
}

/** Logs a user out everywhere (after a password reset or change), except the session `keep`. */
export async function deleteUserSessions(sql: Sql | Tx, userId: number, keep: string | null = null): Promise<void> {
  await sql`DELETE FROM sessions WHERE user_id = ${userId} AND token_hash IS DISTINCT FROM ${keep}`;
}

export async function deleteExpiredSessions(sql: Sql): Promise<number> {
  const rows = await sql`DELETE FROM sessions WHERE expires_at <= now() RETURNING 1`;
  return rows.length;
}
