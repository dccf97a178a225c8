// Change notifications between writers and servers, through PostgreSQL's LISTEN/NOTIFY, so that
// every app instance on the database (and an import run from another terminal) invalidates its caches.
import type { Sql, Tx } from '../db/connect.ts';

const PAPERS_CHANNEL = 'papers_changed';

/** Inside a write transaction: listeners hear of it when (and only if) the transaction commits. */
export async function announcePapersChanged(tx: Tx): Promise<void> {
  await tx`SELECT pg_notify(${PAPERS_CHANNEL}, '')`;
}

/**
 * Calls `onChange` after every committed change to papers. Also called when the listening connection
 * (re)connects, since notifications sent while it was down are lost.
 */
export async function watchPaperChanges(sql: Sql, onChange: () => void): Promise<{ stop(): Promise<void> }> {
  const sub = await sql.listen(PAPERS_CHANNEL, () => onChange(), () => onChange());
  return { stop: () => sub.unlisten() };
}
