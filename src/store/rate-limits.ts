// Fixed-window rate limits in PostgreSQL, so every app instance counts against the same limits.
import type { Sql } from '../db/connect.ts';

/** Counts one event for `key`; returns the count in the current window and the seconds until it ends. */
export async function countEvent(sql: Sql, key: string, windowSeconds: number): Promise<{ count: number; resetInSeconds: number }> {
  // A counter lost in a crash costs nothing; waiting for the disk on every vote and comment does.
  const rows = await sql.begin(async (tx) => {
    await tx`SET LOCAL synchronous_commit = off`;
    return tx<{ count: number; reset: number }[]>`
    WITH w AS (SELECT to_timestamp(floor(extract(epoch FROM now()) / ${windowSeconds}) * ${windowSeconds}) AS start)
    INSERT INTO rate_limits (key, window_start, count) SELECT ${key}, w.start, 1 FROM w
    ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1
    RETURNING count, ceil(extract(epoch FROM window_start) + ${windowSeconds} - extract(epoch FROM now()))::int AS reset`;
  });
  return { count: rows[0]!.count, resetInSeconds: Math.max(1, rows[0]!.reset) };
}

/** Current count for `key` without counting (to check before an expensive step). */
export async function peekEvents(sql: Sql, key: string, windowSeconds: number): Promise<number> {
  const rows = await sql<{ count: number }[]>`
    SELECT count FROM rate_limits
    WHERE key = ${key} AND window_start = to_timestamp(floor(extract(epoch FROM now()) / ${windowSeconds}) * ${windowSeconds})`;
  return rows[0]?.count ?? 0;
}

export async function clearEvents(sql: Sql, key: string): Promise<void> {
  await sql`DELETE FROM rate_limits WHERE key = ${key}`;
}

/** Drops windows that ended long ago (run now and then). */
export async function pruneRateLimits(sql: Sql): Promise<void> {
  await sql`DELETE FROM rate_limits WHERE window_start < now() - interval '2 days'`;
}
