// Change notifications between writers and servers, through PostgreSQL's LISTEN/NOTIFY, so that
// every app instance on the database (and an import run from another terminal) invalidates its caches.
import type { Sql, Tx } from '../db/connect.ts';

export const PAPERS_CHANNEL = 'papers_changed';
// Something cached pages show was hidden, made private or deleted (a collection, a comment, an account): caches
// must drop it at once, not at their next coalesced clear, since a private thing must stop showing now.
export const HIDDEN_CHANNEL = 'content_hidden';
// Sent by triggers (migration 0011) with a user's id, or '' for every user: a session ended or its user changed.
export const SESSIONS_CHANNEL = 'sessions_changed';
// Sent by a trigger with the id of a user whose upvotes changed, or '' for every user.
export const VOTES_CHANNEL = 'votes_changed';
// Sent by a trigger with the id of a user whose authorship claims changed (made, approved, refused), or ''.
export const CLAIMS_CHANNEL = 'claims_changed';

/** Inside a write transaction: listeners hear of it when (and only if) the transaction commits. */
export async function announcePapersChanged(tx: Tx): Promise<void> {
  await tx`SELECT pg_notify(${PAPERS_CHANNEL}, '')`;
}

/** Inside a write transaction that hides, makes private or deletes something pages show. */
export async function announceContentHidden(tx: Tx): Promise<void> {
  await tx`SELECT pg_notify(${HIDDEN_CHANNEL}, '')`;
}

/**
 * Calls `onNotice` with the payload of every committed notification on `channel`, and with null when the listening
 * connection (re)connects, since notifications sent while it was down are lost. followChanges (follow-changes.ts)
 * builds on this.
 */
export async function watchChannel(
  sql: Sql,
  channel: string,
  onNotice: (payload: string | null) => void,
): Promise<{ stop(): Promise<void> }> {
  const sub = await sql.listen(
    channel,
    (payload) => onNotice(payload),
    () => onNotice(null),
  );
  return { stop: () => sub.unlisten() };
}
