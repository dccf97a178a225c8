// Applies the numbered .sql files in migrations/ that this database has not seen yet.
// All pending files run in one transaction (all or nothing) under an advisory lock, so several
// app instances starting at once against one server apply every migration exactly once.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../log.ts';
import type { Sql } from './connect.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
// An arbitrary constant that identifies "dailypapers migrations" among advisory locks.
const MIGRATION_LOCK_KEY = 727_001;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Returns the migrations shipped with the app, in order; file names must look like 0001_name.sql. */
export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  return Promise.all(
    files.map(async (file) => {
      const m = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
      if (!m) throw new Error(`Migration file name ${file} must look like 0001_name.sql`);
      return { version: Number(m[1]), name: m[2]!, sql: await fs.readFile(path.join(dir, file), 'utf8') };
    }),
  );
}

/** Applies pending migrations and returns the versions it applied. */
export async function migrate(sql: Sql, log: Logger): Promise<number[]> {
  const migrations = await readMigrations();
  const applied: number[] = [];
  await sql.begin(async (tx) => {
    // A transaction-scoped lock: released by COMMIT/ROLLBACK even if this process dies.
    await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`;
    await tx`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`;
    const done = new Set((await tx<{ version: number }[]>`SELECT version FROM schema_migrations`).map((r) => r.version));
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await tx.unsafe(m.sql);
      await tx`INSERT INTO schema_migrations (version, name) VALUES (${m.version}, ${m.name})`;
      applied.push(m.version);
      log.info('applied migration', { version: m.version, name: m.name });
    }
  });
  return applied;
}

let shipped: Promise<number[]> | null = null;

/** The shipped migrations this database has not applied (an instance serving an older schema is not ready). */
export async function pendingMigrations(sql: Sql): Promise<number[]> {
  shipped ??= readMigrations().then((ms) => ms.map((m) => m.version));
  const versions = await shipped;
  const [row] = await sql<{ done: number[] }[]>`SELECT coalesce(array_agg(version), '{}') AS done FROM schema_migrations`;
  const done = new Set(row?.done ?? []);
  return versions.filter((v) => !done.has(v));
}
