// Accounts: creation, lookups, verification, credentials, roles and suspension.
import type { Sql, Tx } from '../db/connect.ts';
import { announceContentHidden, announcePapersChanged } from './changes.ts';

export type Role = 'user' | 'moderator' | 'admin';

export interface User {
  id: number;
  email: string;
  username: string;
  displayName: string;
  role: Role;
  emailVerified: boolean;
  suspended: boolean;
  suspendedReason: string | null;
  upvotesPublic: boolean;
  notifyReplies: boolean;
  notifyActivity: boolean;
  createdAt: Date;
}

export const USER_COLUMNS = (sql: Sql | Tx) => sql`
  u.id::int, u.email, u.username, u.display_name AS "displayName", u.role,
  (u.email_verified_at IS NOT NULL) AS "emailVerified", (u.suspended_at IS NOT NULL) AS suspended,
  u.suspended_reason AS "suspendedReason", u.upvotes_public AS "upvotesPublic",
  u.notify_replies AS "notifyReplies", u.notify_activity AS "notifyActivity", u.created_at AS "createdAt"`;

/** Creates an account; null when the email or username is taken (the caller must not say which to strangers). */
export async function createUser(
  sql: Sql | Tx,
  input: { email: string; username: string; displayName: string; passwordHash: string; role?: Role; verified?: boolean },
): Promise<User | null> {
  const rows = await sql<User[]>`
    WITH u AS (
      INSERT INTO users (email, username, display_name, password_hash, role, email_verified_at)
      VALUES (${input.email}, ${input.username}, ${input.displayName}, ${input.passwordHash}, ${input.role ?? 'user'},
              ${input.verified ? sql`now()` : null})
      ON CONFLICT DO NOTHING
      RETURNING *)
    SELECT ${USER_COLUMNS(sql)} FROM u`;
  return rows[0] ?? null;
}

export async function getUser(sql: Sql | Tx, id: number): Promise<User | null> {
  const rows = await sql<User[]>`SELECT ${USER_COLUMNS(sql)} FROM users u WHERE u.id = ${id}`;
  return rows[0] ?? null;
}

export async function findUserByEmail(sql: Sql, email: string): Promise<(User & { passwordHash: string }) | null> {
  const rows = await sql<(User & { passwordHash: string })[]>`
    SELECT ${USER_COLUMNS(sql)}, u.password_hash AS "passwordHash" FROM users u WHERE lower(u.email) = lower(${email})`;
  return rows[0] ?? null;
}

export async function findUserByUsername(sql: Sql, username: string): Promise<User | null> {
  const rows = await sql<User[]>`SELECT ${USER_COLUMNS(sql)} FROM users u WHERE lower(u.username) = lower(${username})`;
  return rows[0] ?? null;
}

export async function getPasswordHash(sql: Sql, userId: number): Promise<string | null> {
  const rows = await sql<{ h: string }[]>`SELECT password_hash AS h FROM users WHERE id = ${userId}`;
  return rows[0]?.h ?? null;
}

export async function isEmailTaken(sql: Sql | Tx, email: string): Promise<boolean> {
  const rows = await sql`SELECT 1 FROM users WHERE lower(email) = lower(${email})`;
  return rows.length > 0;
}

export async function isUsernameTaken(sql: Sql, username: string): Promise<boolean> {
  const rows = await sql`SELECT 1 FROM users WHERE lower(username) = lower(${username})`;
  return rows.length > 0;
}

export async function markEmailVerified(sql: Sql | Tx, userId: number): Promise<void> {
  await sql`UPDATE users SET email_verified_at = COALESCE(email_verified_at, now()) WHERE id = ${userId}`;
}

export async function setPasswordHash(sql: Sql | Tx, userId: number, passwordHash: string): Promise<void> {
  await sql`UPDATE users SET password_hash = ${passwordHash} WHERE id = ${userId}`;
}

/** Moves an account to a confirmed new address; false when another account took it meanwhile. */
export async function setEmail(sql: Sql | Tx, userId: number, email: string): Promise<boolean> {
  const rows = await sql`
    UPDATE users SET email = ${email}, email_verified_at = now()
    WHERE id = ${userId} AND NOT EXISTS (SELECT 1 FROM users o WHERE lower(o.email) = lower(${email}) AND o.id <> ${userId})
    RETURNING id`;
  return rows.length > 0;
}

export async function updateProfile(
  sql: Sql,
  userId: number,
  p: { displayName: string; upvotesPublic: boolean; notifyReplies: boolean; notifyActivity: boolean },
): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`
      UPDATE users SET display_name = ${p.displayName}, upvotes_public = ${p.upvotesPublic},
        notify_replies = ${p.notifyReplies}, notify_activity = ${p.notifyActivity}
      WHERE id = ${userId}`;
    // Upvotes made private (or a new name) must not go on showing on cached pages.
    await announceContentHidden(tx);
  });
}

export async function setRole(sql: Sql, userId: number, role: Role): Promise<void> {
  await sql`UPDATE users SET role = ${role} WHERE id = ${userId}`;
}

export async function setSuspended(sql: Sql | Tx, userId: number, reason: string | null): Promise<void> {
  await sql`UPDATE users SET suspended_at = ${reason === null ? null : sql`now()`}, suspended_reason = ${reason} WHERE id = ${userId}`;
}

/** Deletes an account: sessions, votes and collections go; comments stay as "[deleted]" authorless posts. */
export async function deleteUser(sql: Sql, userId: number): Promise<void> {
  await sql.begin(async (tx) => {
    // Lock the account first: a vote being cast right now either commits before (and is taken back below)
    // or waits and fails, instead of being deleted by the cascade after the counter was read.
    await tx`SELECT 1 FROM users WHERE id = ${userId} FOR UPDATE`;
    // Votes are part of papers.upvotes: take them back first, in the same transaction.
    const papers = await tx`
      UPDATE papers p SET upvotes = p.upvotes - 1
      FROM votes v WHERE v.user_id = ${userId} AND v.paper_id = p.id
      RETURNING p.id`;
    await tx`DELETE FROM users WHERE id = ${userId}`;
    if (papers.length > 0) await announcePapersChanged(tx); // cached pages show those counts
    await announceContentHidden(tx); // their collections, profile feeds and name on comments
  });
}
