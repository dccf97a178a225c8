// The shared response cache: hits, ETags and 304s, eviction, and invalidation when papers change,
// whether the change comes from this process or from another connection to the database.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { createApp } from '../../src/web/app.ts';
import { PageCache, startPageCache } from '../../src/web/http/page-cache.ts';
import { createPool } from '../../src/db/connect.ts';
import { createTestDatabase, importLines as importPaperLines } from '../helpers/db.ts';
import { paperLine } from '../helpers/daily-paper.ts';

const { sql, url } = await createTestDatabase();

const importLines = (lines: string[]) => importPaperLines(sql, lines);

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

test('PageCache: recency, time-to-live, byte budget and changes during a render', () => {
  let now = 0;
  const cache = new PageCache({ ttlMs: 1000, maxBytes: 40_000, now: () => now });
  // A page of n UTF-16 characters as it used to be held (2 bytes each); entries now hold the encoded bytes.
  const page = (n: number) => ({ body: new Uint8Array(2 * n), headers: {}, etag: 'W/"x"', lastModified: undefined });
  // Each entry counts 2 bytes a character: four of these fit in the budget, five do not.
  for (const k of ['a', 'b', 'c', 'd']) cache.set(k, cache.generation, page(4000));
  assert.ok(cache.get('a'));
  cache.set('e', cache.generation, page(4000)); // over budget: b (least recently used) goes
  assert.equal(cache.get('b'), undefined);
  assert.ok(cache.get('a'));
  assert.ok(cache.get('e'));
  now = 1001;
  assert.equal(cache.get('a'), undefined, 'expired');
  const before = cache.generation;
  cache.clear();
  cache.set('d', before, page(10)); // rendered from data older than the clear
  assert.equal(cache.get('d'), undefined);
  cache.set('huge', cache.generation, page(20_000)); // more than a quarter of the budget is not kept
  assert.equal(cache.get('huge'), undefined);
});

test('feed pages come from the cache, answer 304 to a matching ETag, and change with the papers', async () => {
  await importLines([paperLine('2603.00001', 'First paper', 5)]);
  const pc = await startPageCache(sql, 60);
  assert.ok(pc);
  const app = createApp({ config: loadConfig({}), sql, log: createLogger(), pageCache: pc.cache });
  const other = createPool(url, { max: 1 });
  try {
    const first = await app.request('/papers/date/2026-03-02');
    assert.equal(first.status, 200);
    const etag = first.headers.get('etag');
    assert.ok(etag);
    assert.match(first.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.match(await first.text(), /First paper/);
    assert.equal(pc.cache.size, 1);

    const again = await app.request('/papers/date/2026-03-02');
    assert.equal(again.headers.get('etag'), etag);
    const notModified = await app.request('/papers/date/2026-03-02', { headers: { 'if-none-match': etag } });
    assert.equal(notModified.status, 304);
    assert.equal(await notModified.text(), '');

    // A paper imported here: the page shows it once the database's notification arrives.
    await importLines([paperLine('2603.00002', 'Second paper', 9)]);
    await eventually(async () => /Second paper/.test(await (await app.request('/papers/date/2026-03-02')).text()), 'the import to show');
    const changed = await app.request('/papers/date/2026-03-02', { headers: { 'if-none-match': etag } });
    assert.equal(changed.status, 200);
    assert.notEqual(changed.headers.get('etag'), etag);

    // Another process (here: another connection) announcing a change empties the cache too.
    const api = await app.request('/api/daily_papers?date=2026-03-02');
    assert.equal(((await api.json()) as unknown[]).length, 2);
    await other.begin(async (tx) => {
      await tx`UPDATE papers SET title = 'Renamed paper' WHERE id = '2603.00001'`;
      await tx`SELECT pg_notify('papers_changed', '')`;
    });
    await eventually(
      async () => /Renamed paper/.test(await (await app.request('/api/daily_papers?date=2026-03-02')).text()),
      'the rename to show',
    );

    // Errors are never cached.
    assert.equal((await app.request('/papers/date/2026-02-31')).status, 400);
    assert.equal((await app.request('/papers/2603.09999')).status, 404);
    const sizeBefore = pc.cache.size;
    await app.request('/papers/2603.09999');
    assert.equal(pc.cache.size, sizeBefore);
  } finally {
    await other.end();
    await pc.stop();
  }
});
