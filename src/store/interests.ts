// What "For you" learns from: a user's upvotes and saved papers (their own tables), and the topics, seed papers
// and "not interested" marks of user_interests (migration 0007).
import type { Sql } from '../db/connect.ts';

export type InterestKind = 'topic' | 'seed' | 'not_interested';

export interface UserSignals {
  upvoted: string[];
  saved: string[];
  seeds: string[];
  topics: string[];
  notInterested: string[];
}

// The newest this many of each: taste drifts, and the model trains on every example at each visit.
const RECENT = 300;

export async function userSignals(sql: Sql, userId: number): Promise<UserSignals> {
  const [upvoted, saved, interests] = await Promise.all([
    sql<{ id: string }[]>`SELECT paper_id AS id FROM votes WHERE user_id = ${userId} ORDER BY created_at DESC LIMIT ${RECENT}`,
    sql<{ id: string }[]>`
      SELECT DISTINCT ON (cp.paper_id) cp.paper_id AS id FROM collection_papers cp JOIN collections c ON c.id = cp.collection_id
      WHERE c.user_id = ${userId} ORDER BY cp.paper_id, cp.added_at DESC LIMIT ${RECENT}`,
    sql<{ kind: InterestKind; value: string }[]>`
      SELECT kind, value FROM user_interests WHERE user_id = ${userId} ORDER BY created_at DESC LIMIT ${RECENT * 3}`,
  ]);
  const of = (k: InterestKind) => interests.filter((i) => i.kind === k).map((i) => i.value);
  return {
    upvoted: upvoted.map((r) => r.id),
    saved: saved.map((r) => r.id),
    seeds: of('seed'),
    topics: of('topic'),
    notInterested: of('not_interested'),
  };
}

// Bounds a user's list of topics and seeds: the form is for a handful, not a corpus.
export const MAX_INTERESTS = 50;

/** Adds an interest; returns false when the user already has MAX_INTERESTS of that kind (marks are not capped). */
export async function addInterest(sql: Sql, userId: number, kind: InterestKind, value: string): Promise<boolean> {
  if (kind !== 'not_interested') {
    const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM user_interests WHERE user_id = ${userId} AND kind = ${kind}`;
    if (row!.n >= MAX_INTERESTS) return false;
  }
  await sql`INSERT INTO user_interests (user_id, kind, value) VALUES (${userId}, ${kind}, ${value}) ON CONFLICT DO NOTHING`;
  return true;
}

export async function removeInterest(sql: Sql, userId: number, kind: InterestKind, value: string): Promise<void> {
  await sql`DELETE FROM user_interests WHERE user_id = ${userId} AND kind = ${kind} AND value = ${value}`;
}

/** The version of the user's private For you feed link, or null when they have none. */
export async function forYouFeedVersion(sql: Sql, userId: number): Promise<number | null> {
  const rows = await sql<{ v: number | null }[]>`SELECT for_you_feed_version AS v FROM users WHERE id = ${userId}`;
  return rows[0]?.v ?? null;
}

/** Creates the feed link (or a new one: the old stops working), or with `revoke`, removes it. */
export async function setForYouFeed(sql: Sql, userId: number, revoke: boolean): Promise<void> {
  await sql`UPDATE users SET for_you_feed_version = ${revoke ? null : sql`COALESCE(for_you_feed_version, 0) + 1`} WHERE id = ${userId}`;
}
