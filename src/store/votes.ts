// Upvotes: one per user and paper. papers.upvotes is the count of votes rows, kept exact in the same
// transaction as each vote, and the stored trending score follows it (a generated column).
// (A user's upvoted papers, for profiles, are listed by store/profiles.ts.)
import type { Sql } from '../db/connect.ts';
import { announcePapersChanged } from './changes.ts';

export interface VoteResult {
  /** What cards show: this site's upvotes plus Hugging Face's (papers.total_upvotes). */
  upvotes: number;
  upvoted: boolean;
}

/**
 * Makes `userId`'s vote on `paperId` be `upvoted` (idempotent: a repeated request changes nothing), and returns the
 * new count; null when there is no such paper or a moderator hid it.
 *
 * Exact under concurrency: the votes primary key lets only one of two racing inserts (or deletes) of the same vote
 * return a row, and only a statement that returned a row moves the counter, by an atomic `upvotes ± 1` under the
 * paper's row lock. The vote and the counter commit together or not at all.
 */
export async function setVote(sql: Sql, userId: number, paperId: string, upvoted: boolean): Promise<VoteResult | null> {
  return sql.begin(async (tx) => {
    // Statements sent together go in one round trip (postgres.js pipelines them on the transaction's connection).
    const [, changed] = await Promise.all([
      // A vote is not worth a wait for the disk: the commit returns before its WAL is flushed (at most
      // ~3 × wal_writer_delay, 0.6 s by default, of votes could be lost in a crash, vote and counter together,
      // never one without the other). It also shortens the queue of commits behind the NOTIFY below, which
      // PostgreSQL serializes: 1.5-2x the votes per second where a disk flush takes ~5 ms.
      tx`SET LOCAL synchronous_commit = off`,
      upvoted
        ? tx`
            INSERT INTO votes (user_id, paper_id)
            SELECT ${userId}, id FROM papers WHERE id = ${paperId} AND hidden_at IS NULL
            ON CONFLICT DO NOTHING
            RETURNING paper_id`
        : tx`
            DELETE FROM votes v USING papers p
            WHERE v.user_id = ${userId} AND v.paper_id = ${paperId} AND p.id = v.paper_id AND p.hidden_at IS NULL
            RETURNING v.paper_id`,
    ]);
    if (changed.length === 0) {
      // Nothing to change (a retry, a double click), or nothing to vote on.
      const rows = await tx<{ total_upvotes: number }[]>`SELECT total_upvotes FROM papers WHERE id = ${paperId} AND hidden_at IS NULL`;
      return rows[0] ? { upvotes: rows[0].total_upvotes, upvoted } : null;
    }
    const [rows] = await Promise.all([
      tx<
        { total_upvotes: number }[]
      >`UPDATE papers SET upvotes = upvotes + ${upvoted ? 1 : -1} WHERE id = ${paperId} RETURNING total_upvotes`,
      // Cached pages show the count: they are emptied when this commits.
      announcePapersChanged(tx),
    ]);
    return { upvotes: rows[0]!.total_upvotes, upvoted };
  });
}

/** Returns which of `paperIds` `userId` has upvoted (for the pressed buttons of a page). */
export async function votedPaperIds(sql: Sql, userId: number, paperIds: readonly string[]): Promise<Set<string>> {
  if (paperIds.length === 0) return new Set();
  const rows = await sql<{ paper_id: string }[]>`
    SELECT paper_id FROM votes WHERE user_id = ${userId} AND paper_id = ANY(${paperIds as string[]})`;
  return new Set(rows.map((r) => r.paper_id));
}

/**
 * Every paper `userId` has upvoted: what a web process keeps in memory for a logged-in viewer (web/viewer-caches.ts).
 * One range of the votes primary key (user_id, paper_id), read from the index alone.
 */
export async function upvotedPaperIds(sql: Sql, userId: number): Promise<Set<string>> {
  const rows = await sql<{ paper_id: string }[]>`SELECT paper_id FROM votes WHERE user_id = ${userId}`;
  return new Set(rows.map((r) => r.paper_id));
}

/** Returns how many votes `paperId` has on this site (the count papers.upvotes must equal). */
export async function countVotes(sql: Sql, paperId: string): Promise<number> {
  const rows = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM votes WHERE paper_id = ${paperId}`;
  return rows[0]?.n ?? 0;
}

/**
 * The counts cards show now (total_upvotes) and whether `userId` upvoted each of `paperIds`: what a page shared by
 * every viewer lacks for one logged-in viewer (web/personal-page.tsx). One query on two primary keys: the page's
 * papers by id, their vote by (user_id, paper_id).
 */
export async function voteStatesOf(
  sql: Sql,
  userId: number,
  paperIds: readonly string[],
): Promise<Map<string, { upvotes: number; voted: boolean }>> {
  if (paperIds.length === 0) return new Map();
  const rows = await sql<{ id: string; total_upvotes: number; voted: boolean }[]>`
    SELECT p.id, p.total_upvotes, EXISTS (SELECT 1 FROM votes v WHERE v.user_id = ${userId} AND v.paper_id = p.id) AS voted
    FROM papers p WHERE p.id = ANY(${paperIds as string[]})`;
  return new Map(rows.map((r) => [r.id, { upvotes: r.total_upvotes, voted: r.voted }]));
}
