// Digest runs and their sends. A run is created once per period; its send rows are the snapshot of
// active subscribers. Senders claim rows under a lease (SKIP LOCKED), so several senders, a crash or a
// restart never make two processes send the same row at once, and an abandoned row is taken over.
import type { Sql } from '../db/connect.ts';
import type { Frequency, Subscription } from './subscriptions.ts';
import { LOCK_KEYS, withAdvisoryLock } from './advisory-lock.ts';

export interface DigestRun {
  id: number;
  frequency: Frequency;
  period: string;
  finishedAt: Date | null;
}

/** The run of this period, created (with a send row per active subscriber) if new. */
export async function prepareRun(sql: Sql, frequency: Frequency, period: string): Promise<DigestRun> {
  return sql.begin(async (tx) => {
    await tx`INSERT INTO digest_runs (frequency, period) VALUES (${frequency}, ${period}) ON CONFLICT DO NOTHING`;
    const [run] = await tx<DigestRun[]>`
      SELECT id::int, frequency, period, finished_at AS "finishedAt" FROM digest_runs WHERE frequency = ${frequency} AND period = ${period}`;
    // Subscribers confirmed since the run began are included when it resumes; nobody is added twice.
    await tx`
      INSERT INTO digest_sends (run_id, subscription_id)
      SELECT ${run!.id}, id FROM subscriptions WHERE status = 'active' AND frequency = ${frequency}
      ON CONFLICT DO NOTHING`;
    return run!;
  });
}

export interface ClaimedSend {
  subscription: Subscription;
  attempts: number;
}

/** Claims up to `limit` sends that are due, for `leaseSeconds`. */
export async function claimSends(sql: Sql, runId: number, limit: number, leaseSeconds: number): Promise<ClaimedSend[]> {
  return sql<ClaimedSend[]>`
    WITH due AS (
      SELECT run_id, subscription_id FROM digest_sends
      WHERE run_id = ${runId} AND next_attempt_at <= now()
        AND (status IN ('pending', 'failed') OR (status = 'sending' AND lease_until < now()))
      ORDER BY subscription_id LIMIT ${limit} FOR UPDATE SKIP LOCKED),
    claimed AS (
      UPDATE digest_sends d SET status = 'sending', attempts = d.attempts + 1, lease_until = now() + make_interval(secs => ${leaseSeconds})
      FROM due WHERE d.run_id = due.run_id AND d.subscription_id = due.subscription_id
      RETURNING d.subscription_id, d.attempts)
    SELECT c.attempts, json_build_object(
      'id', s.id, 'email', s.email, 'userId', s.user_id, 'status', s.status, 'frequency', s.frequency,
      'includeTrending', s.include_trending, 'categories', s.categories, 'keywords', s.keywords, 'authors', s.authors,
      'forYou', s.for_you, 'bounces', s.bounces, 'confirmedAt', s.confirmed_at) AS subscription
    FROM claimed c JOIN subscriptions s ON s.id = c.subscription_id
    ORDER BY s.id`;
}

/** Records a delivery (one statement: it is on the path of every message). */
export async function markSent(
  sql: Sql,
  runId: number,
  subscriptionId: number,
  opts: { empty?: boolean; resetBounces?: boolean } = {},
): Promise<void> {
  await sql`UPDATE digest_sends SET status = ${opts.empty ? 'empty' : 'sent'}, sent_at = now(), lease_until = NULL, last_error = NULL
            WHERE run_id = ${runId} AND subscription_id = ${subscriptionId}`;
  if (opts.resetBounces) await sql`UPDATE subscriptions SET bounces = 0 WHERE id = ${subscriptionId}`;
}

/** A temporary failure: tried again after `retryInSeconds`, or given up after the last attempt. */
export async function markFailed(
  sql: Sql,
  runId: number,
  subscriptionId: number,
  error: string,
  retryInSeconds: number | null,
): Promise<void> {
  await sql`
    UPDATE digest_sends SET status = ${retryInSeconds === null ? 'gave_up' : 'failed'}, last_error = ${error}, lease_until = NULL,
      next_attempt_at = now() + make_interval(secs => ${retryInSeconds ?? 0})
    WHERE run_id = ${runId} AND subscription_id = ${subscriptionId}`;
}

/** A permanent refusal (5xx): recorded; the address is paused after `pauseAfter` in a row. */
export async function markBounced(sql: Sql, runId: number, subscriptionId: number, error: string, pauseAfter: number): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`UPDATE digest_sends SET status = 'bounced', last_error = ${error}, lease_until = NULL WHERE run_id = ${runId} AND subscription_id = ${subscriptionId}`;
    await tx`
      UPDATE subscriptions SET bounces = bounces + 1,
        status = CASE WHEN bounces + 1 >= ${pauseAfter} THEN 'paused' ELSE status END
      WHERE id = ${subscriptionId}`;
  });
}

/** Counts by status; finishes the run when nothing is left to do. */
export async function runProgress(
  sql: Sql,
  runId: number,
): Promise<{ counts: Record<string, number>; remaining: number; nextDue: Date | null }> {
  const rows = await sql<{ status: string; n: number; next: Date | null }[]>`
    SELECT status, count(*)::int AS n, min(next_attempt_at) AS next FROM digest_sends WHERE run_id = ${runId} GROUP BY status`;
  const counts = Object.fromEntries(rows.map((r) => [r.status, r.n]));
  const todo = rows.filter((r) => ['pending', 'sending', 'failed'].includes(r.status));
  const remaining = todo.reduce((n, r) => n + r.n, 0);
  if (remaining === 0) await sql`UPDATE digest_runs SET finished_at = COALESCE(finished_at, now()) WHERE id = ${runId}`;
  const nextDue =
    todo
      .map((r) => r.next)
      .filter((d): d is Date => d !== null)
      .sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
  return { counts, remaining, nextDue };
}

export async function getRun(sql: Sql, runId: number): Promise<DigestRun | null> {
  const rows = await sql<DigestRun[]>`SELECT id::int, frequency, period, finished_at AS "finishedAt" FROM digest_runs WHERE id = ${runId}`;
  return rows[0] ?? null;
}

/** Active subscribers of a frequency, for --dry-run. */
export async function activeSubscriptions(sql: Sql, frequency: Frequency): Promise<Subscription[]> {
  return sql<Subscription[]>`
    SELECT id::int, email, user_id::int AS "userId", status, frequency, include_trending AS "includeTrending", categories, keywords,
      authors, for_you AS "forYou", bounces, confirmed_at AS "confirmedAt"
    FROM subscriptions WHERE status = 'active' AND frequency = ${frequency} ORDER BY id`;
}

/**
 * Runs `work` as the one sender of run `runId`, or returns null when another process is sending it.
 * Holding the lock proves no live sender owns the run's 'sending' rows, so they are released first:
 * a killed sender's messages are retried at once instead of after their lease.
 */
export async function withRunLock<T>(sql: Sql, runId: number, work: () => Promise<T>): Promise<{ value: T } | null> {
  return withAdvisoryLock(sql, LOCK_KEYS.digestRun + runId, async () => {
    await sql`UPDATE digest_sends SET status = 'pending', lease_until = NULL WHERE run_id = ${runId} AND status = 'sending'`;
    return work();
  });
}
