// Rate-limit events in PostgreSQL, one row per counted event, so every app instance counts against the same
// limits and a limit is a sliding window over its key's rows (src/core/rate-rules.ts decides what they allow).
import type { Sql } from '../db/connect.ts';
import { LOCK_KEYS } from './advisory-lock.ts';

export interface KeyWindow {
  key: string;
  /** Events at or before this time have left the window. */
  since: Date;
  /** Which of the events in the window the decision needs, newest first: `take` of them after the `skip` newest. */
  skip: number;
  take: number;
}

/**
 * Under a lock on each key, reads the events each window asks for (newest first, as times in ms) and asks
 * `refuse` whether one more may happen. When it answers null, records one event at `at` for every key and returns
 * their ids; otherwise returns its answer and records nothing. Concurrent requests on a key thus never overshoot.
 */
export async function recordEventsUnlessRefused<T>(
  sql: Sql,
  windows: KeyWindow[],
  at: Date,
  refuse: (latestTimes: number[][]) => T | null,
): Promise<{ refused: T } | { refused: null; ids: string[] }> {
  const keys = [...new Set(windows.map((w) => w.key))];
  // A counter lost in a crash costs nothing; waiting for the disk on every vote and comment does.
  return sql.begin(async (tx) => {
    // Taken in the order of the lock ids, so two requests over the same keys never wait for each other in a circle.
    await tx`
      SELECT set_config('synchronous_commit', 'off', true), pg_advisory_xact_lock(${LOCK_KEYS.rateLimit}, h)
      FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest(${keys}::text[]) k ORDER BY h) locks`;
    const times: number[][] = [];
    for (const w of windows) {
      const rows = await tx<{ at: Date }[]>`
        SELECT at FROM rate_limit_events WHERE key = ${w.key} AND at > ${w.since} ORDER BY at DESC OFFSET ${w.skip} LIMIT ${w.take}`;
      times.push(rows.map((r) => r.at.getTime()));
    }
    const refused = refuse(times);
    if (refused !== null) return { refused };
    const rows = await tx<{ id: string }[]>`
      INSERT INTO rate_limit_events (key, at) SELECT k, ${at} FROM unnest(${keys}::text[]) k RETURNING id::text`;
    return { refused: null, ids: rows.map((r) => r.id) };
  });
}

/** Takes back events recorded by recordEventsUnlessRefused (an attempt that turned out not to count), and every event of `clearKeys`. */
export async function deleteEvents(sql: Sql, ids: string[], clearKeys: string[] = []): Promise<void> {
  await sql`DELETE FROM rate_limit_events WHERE id = ANY(${ids}::bigint[]) OR key = ANY(${clearKeys}::text[])`;
}

/** Deletes every event of `key` (a limit's count starts again). */
export async function clearEvents(sql: Sql, key: string): Promise<void> {
  await sql`DELETE FROM rate_limit_events WHERE key = ${key}`;
}

/** Drops events older than `before`, which no window reaches any more (run now and then). */
export async function pruneRateLimits(sql: Sql, before: Date): Promise<number> {
  const result = await sql`DELETE FROM rate_limit_events WHERE at < ${before}`;
  return result.count;
}
