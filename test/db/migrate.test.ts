// Migrations: applied once, safe when several app instances start at the same time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPool, ensureDatabase } from '../../src/db/connect.ts';
import { migrate, readMigrations } from '../../src/db/migrate.ts';
import { createLogger } from '../../src/log.ts';

test('migration files are numbered without gaps', async () => {
  const ms = await readMigrations();
  assert.ok(ms.length > 0);
  ms.forEach((m, i) => {
    assert.equal(m.version, i + 1, m.name);
  });
});

test('concurrent migrations apply each file exactly once; a second run applies nothing', async () => {
  const admin = process.env.TEST_PG_ADMIN_URL!;
  const name = `dp_test_migrate_${process.pid}`;
  const url = await ensureDatabase(admin, name);
  const pools = [createPool(url, { max: 1 }), createPool(url, { max: 1 }), createPool(url, { max: 1 })];
  const log = createLogger();
  try {
    const results = await Promise.all(pools.map((p) => migrate(p, log)));
    const applied = results.flat();
    assert.deepEqual(
      applied.sort((x, y) => x - y),
      (await readMigrations()).map((m) => m.version),
    );
    assert.deepEqual(await migrate(pools[0]!, log), []);
    const rows = await pools[0]!`SELECT count(*)::int AS n FROM schema_migrations`;
    assert.equal(rows[0]!.n, applied.length);
  } finally {
    await Promise.all(pools.map((p) => p.end()));
    const a = createPool(admin, { max: 1 });
    await a.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await a.end();
  }
});
