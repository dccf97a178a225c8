// Single-use links sent by email (verify, reset, change of address), stored by their hash.
import type { Sql, Tx } from '../db/connect.ts';

export type TokenPurpose = 'verify' | 'reset' | 'change_email';

/** Stores a new link, replacing the older unused ones of the same purpose; run it in the transaction that queues its mail. */
export async function createEmailToken(
  tx: Tx,
  t: { tokenHash: string; userId: number; purpose: TokenPurpose; newEmail?: string | null; ttlMinutes: number },
): Promise<void> {
  await tx`DELETE FROM email_tokens WHERE user_id = ${t.userId} AND purpose = ${t.purpose} AND used_at IS NULL`;
  await tx`
    INSERT INTO email_tokens (token_hash, user_id, purpose, new_email, expires_at)
    VALUES (${t.tokenHash}, ${t.userId}, ${t.purpose}, ${t.newEmail ?? null}, now() + make_interval(mins => ${t.ttlMinutes}))`;
}

/** Marks a live token used and returns it, or null when it is unknown, used or expired. Run inside the transaction that acts on it. */
export async function consumeEmailToken(
  tx: Tx,
  tokenHash: string,
  purpose: TokenPurpose,
): Promise<{ userId: number; newEmail: string | null } | null> {
  const rows = await tx<{ userId: number; newEmail: string | null }[]>`
    UPDATE email_tokens SET used_at = now()
    WHERE token_hash = ${tokenHash} AND purpose = ${purpose} AND used_at IS NULL AND expires_at > now()
    RETURNING user_id::int AS "userId", new_email AS "newEmail"`;
  return rows[0] ?? null;
}

/** Whether a token is live, without using it (to show the reset form before the new password is sent). */
export async function isEmailTokenLive(sql: Sql, tokenHash: string, purpose: TokenPurpose): Promise<boolean> {
  const rows =
    await sql`SELECT 1 FROM email_tokens WHERE token_hash = ${tokenHash} AND purpose = ${purpose} AND used_at IS NULL AND expires_at > now()`;
  return rows.length > 0;
}
