// Change notifications between writers and servers, through PostgreSQL's LISTEN/NOTIFY, so that
// every app instance on the database (and an import run from another terminal) invalidates its caches.
import type { Sql, Tx } from '../db/connect.ts';

export const PAPERS_CHANNEL = 'papers_changed';
// Something cached pages show was hidden, made private or deleted (a collection, a comment, an account): caches
// must drop it at once, not at their next coalesced clear, since a private thing must stop showing now.
export const HIDDEN_CHANNEL = 'content_hidden';

/** Inside a write transaction: listeners hear of it when (and only if) the transaction commits. */
export async function announcePapersChanged(tx: Tx): Promise<void> {
  await tx`SELECT pg_notify(${PAPERS_CHANNEL}, '')`;
}

/** Inside a write transaction that hides, makes private or deletes something pages show. */
export async function announceContentHidden(tx: Tx): Promise<void> {
  await tx`SELECT pg_notify(${HIDDEN_CHANNEL}, '')`;
}

/**
 * Calls `onNotice` after every committed notification on `channel`, and when the listening connection (re)connects,
 * since notifications sent while it was down are lost. followChanges (follow-changes.ts) builds on this.
 */
export async function watchChannel(sql: Sql, channel: string, onNotice: () => void): Promise<{ stop(): Promise<void> }> {
  const sub = await sql.listen(
    channel,
    () => onNotice(),
    () => onNotice(),
  );
  return { stop: () => sub.unlisten() };
}
