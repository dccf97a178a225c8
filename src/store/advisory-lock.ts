// One process at a time for a job, across every app instance and CLI on the database: a PostgreSQL advisory lock
// held on a connection of its own, so a killed process frees it with its connection. Every key lives here, so no
// two jobs can share one (db/migrate.ts keeps its own, taken before any of these tables exist).
import type { Sql } from '../db/connect.ts';

export const LOCK_KEYS = {
  /** + 0 daily harvest and backfill (they write the same cursors), + 1 the Hugging Face mirror. */
  harvest: 0x6470_0100,
  embeddingWorker: 0x6470_0180,
  /** The AI summary and keyword filler (jobs/paper-summaries.ts): a chat endpoint is paid per paper, once. */
  paperSummaries: 0x6470_0190,
  /** + the digest run's id. */
  digestRun: 0x6470_0200,
  /** Transaction locks (this, hashtext(key)) in the two-key space: one rate-limit key's count and new event at a time. */
  rateLimit: 0x6470_0300,
} as const;

/** Runs `work` holding lock `key`, or returns null at once when another process holds it. */
export async function withAdvisoryLock<T>(sql: Sql, key: number, work: () => Promise<T>): Promise<{ value: T } | null> {
  const conn = await sql.reserve();
  try {
    const [row] = await conn<{ ok: boolean }[]>`SELECT pg_try_advisory_lock(${key}) AS ok`;
    if (!row?.ok) return null;
    try {
      return { value: await work() };
    } finally {
      await conn`SELECT pg_advisory_unlock(${key})`;
    }
  } finally {
    conn.release();
  }
}
