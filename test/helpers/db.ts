// A fresh, migrated database per test file on the server that test/run.ts provides.
import { importSource } from '../../src/import/importer.ts';
import { after } from 'node:test';
import { createPool, ensureDatabase, type Sql } from '../../src/db/connect.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createLogger } from '../../src/log.ts';

export interface TestDatabase {
  sql: Sql;
  url: string;
}

let counter = 0;

/**
 * Creates an empty migrated database, dropped when the enclosing test (or, called at the top level
 * of a file, the whole file) ends. Do not call it inside before(): node would drop it right after the hook.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_PG_ADMIN_URL;
  if (!adminUrl) throw new Error('TEST_PG_ADMIN_URL is not set: run the tests with `npm test` (test/run.ts starts PostgreSQL)');
  const name = `dp_test_${process.pid}_${counter++}`;
  const url = await ensureDatabase(adminUrl, name);
  const sql = createPool(url, { max: 20 });
  await migrate(sql, createLogger());
  after(async () => {
    await sql.end({ timeout: 5 });
    const admin = createPool(adminUrl, { max: 1 });
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });
  return { sql, url };
}

/** Deletes every paper, organization and harvest record, for tests that need an empty database again. */
export async function truncateAll(sql: Sql): Promise<void> {
  await sql`TRUNCATE papers, paper_versions, paper_links, organizations, harvest_cursors, harvest_runs RESTART IDENTITY CASCADE`;
}

/** Imports JSONL `lines` (any format the importer reads) as `dailypapers import` would, in this process. */
export async function importLines(sql: Sql, lines: readonly string[]): Promise<void> {
  await importSource(sql, {
    name: 'test.jsonl',
    totalBytes: null,
    bytesRead: () => 0,
    lines: async function* () {
      yield* lines;
    },
  });
}
