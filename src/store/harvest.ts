// Harvest bookkeeping: resumable cursors (written with the papers they cover), the run log, and
// a lock so that only one process harvests a kind at a time (several servers may share a database).
import type { Sql, Tx } from '../db/connect.ts';
import { LOCK_KEYS, withAdvisoryLock } from './advisory-lock.ts';

export type RunKind = 'daily' | 'backfill' | 'hf';
export type RunTrigger = 'schedule' | 'cli' | 'first-start' | 'catch-up';
export type RunStatus = 'running' | 'ok' | 'failed' | 'interrupted';

export interface RunCounts {
  requests: number;
  records: number;
  inserted: number;
  updated: number;
  skipped: number;
}

export interface HarvestRun extends RunCounts {
  id: number;
  kind: RunKind;
  trigger: RunTrigger;
  startedAt: Date;
  finishedAt: Date | null;
  status: RunStatus;
  progress: string | null;
  error: string | null;
}

/** Reads a cursor, or null when the source never ran. */
export async function getCursor<T>(sql: Sql | Tx, source: string): Promise<T | null> {
  const rows = await sql<{ cursor: T }[]>`SELECT cursor FROM harvest_cursors WHERE source = ${source}`;
  return rows[0]?.cursor ?? null;
}

/** Writes a cursor; call it inside the transaction that stores what it covers. */
export async function setCursor(tx: Sql | Tx, source: string, cursor: object): Promise<void> {
  await tx`
    INSERT INTO harvest_cursors (source, cursor) VALUES (${source}, ${tx.json(cursor as never)})
    ON CONFLICT (source) DO UPDATE SET cursor = EXCLUDED.cursor, updated_at = now()`;
}

// One key per kind (src/store/advisory-lock.ts).
const LOCK_OFFSET: Record<RunKind, number> = { daily: 0, backfill: 0, hf: 1 }; // daily and backfill write the same cursors

/**
 * Runs `work` holding the harvest lock of `kind` on a connection of its own, or returns null at once
 * when another process holds it. The lock goes with the connection, so a killed harvester frees it.
 */
export async function withHarvestLock<T>(sql: Sql, kind: RunKind, work: () => Promise<T>): Promise<{ value: T } | null> {
  return withAdvisoryLock(sql, LOCK_KEYS.harvest + LOCK_OFFSET[kind], work);
}

/** Records the start of a run; runs of this kind still marked running were cut off (the caller holds the lock). */
export async function startRun(sql: Sql, kind: RunKind, trigger: RunTrigger): Promise<number> {
  const kinds = kind === 'hf' ? ['hf'] : ['daily', 'backfill'];
  await sql`UPDATE harvest_runs SET status = 'interrupted', finished_at = COALESCE(finished_at, now())
            WHERE status = 'running' AND kind = ANY(${kinds})`;
  const [row] = await sql<{ id: number }[]>`INSERT INTO harvest_runs (kind, trigger) VALUES (${kind}, ${trigger}) RETURNING id::int`;
  return row!.id;
}

/** Saves a run's counters and progress line while it runs. */
export async function updateRun(sql: Sql, id: number, counts: RunCounts, progress: string): Promise<void> {
  await sql`
    UPDATE harvest_runs SET requests = ${counts.requests}, records = ${counts.records}, inserted = ${counts.inserted},
      updated = ${counts.updated}, skipped = ${counts.skipped}, progress = ${progress}
    WHERE id = ${id}`;
}

/** Marks a run finished, ok or failed with the error shown to operators. */
export async function finishRun(sql: Sql, id: number, counts: RunCounts, error: string | null): Promise<void> {
  await sql`
    UPDATE harvest_runs SET status = ${error ? 'failed' : 'ok'}, finished_at = now(), error = ${error},
      requests = ${counts.requests}, records = ${counts.records}, inserted = ${counts.inserted},
      updated = ${counts.updated}, skipped = ${counts.skipped}
    WHERE id = ${id}`;
}

const RUN_COLUMNS = (sql: Sql) => sql`
  id::int, kind, trigger, started_at AS "startedAt", finished_at AS "finishedAt", status, requests, records,
  inserted, updated, skipped, progress, error`;

/** The latest run of each kind (for `dailypapers status` and the empty-site page). */
export async function latestRuns(sql: Sql): Promise<HarvestRun[]> {
  return sql<HarvestRun[]>`
    SELECT DISTINCT ON (kind) ${RUN_COLUMNS(sql)} FROM harvest_runs ORDER BY kind, started_at DESC, id DESC`;
}

/** The latest successful run of a kind, or null. */
export async function lastSuccessfulRun(sql: Sql, kind: RunKind): Promise<HarvestRun | null> {
  const rows = await sql<HarvestRun[]>`
    SELECT ${RUN_COLUMNS(sql)} FROM harvest_runs WHERE kind = ${kind} AND status = 'ok' ORDER BY started_at DESC LIMIT 1`;
  return rows[0] ?? null;
}

/** Every cursor, for `dailypapers status`. */
export async function listCursors(sql: Sql): Promise<{ source: string; cursor: unknown; updatedAt: Date }[]> {
  return sql<{ source: string; cursor: unknown; updatedAt: Date }[]>`
    SELECT source, cursor, updated_at AS "updatedAt" FROM harvest_cursors ORDER BY source`;
}
