// The writes that following an emailed link makes (src/store/email-tokens.ts): each consumes the link and changes
// the account in one transaction, so a link is never used up without its change, nor the change made twice.
import type { Sql } from '../db/connect.ts';
import { consumeEmailToken } from './email-tokens.ts';
import { deleteUserSessions } from './sessions.ts';
import { markEmailVerified, setEmail, setPasswordHash } from './users.ts';

/** Uses the confirmation link `tokenHash` and marks its account's address verified; returns the account id, null for a dead link. */
export function confirmEmailByLink(sql: Sql, tokenHash: string): Promise<number | null> {
  return sql.begin(async (tx) => {
    const t = await consumeEmailToken(tx, tokenHash, 'verify');
    if (t) await markEmailVerified(tx, t.userId);
    return t?.userId ?? null;
  });
}

/** Uses the change-of-address link `tokenHash` and moves its account to the new address; false for a dead link or a taken address. */
export function changeEmailByLink(sql: Sql, tokenHash: string): Promise<boolean> {
  return sql.begin(async (tx) => {
    const t = await consumeEmailToken(tx, tokenHash, 'change_email');
    return t?.newEmail ? setEmail(tx, t.userId, t.newEmail) : false;
  });
}

/**
 * Uses the reset link `tokenHash`: sets the account's password to `passwordHash`, marks its address verified (the
 * link reached the inbox, which proves it) and ends every session of the account; returns its id, null for a dead link.
 */
export function resetPasswordAndEndSessions(sql: Sql, tokenHash: string, passwordHash: string): Promise<number | null> {
  return sql.begin(async (tx) => {
    const t = await consumeEmailToken(tx, tokenHash, 'reset');
    if (!t) return null;
    await setPasswordHash(tx, t.userId, passwordHash);
    await markEmailVerified(tx, t.userId);
    await deleteUserSessions(tx, t.userId);
    return t.userId;
  });
}
