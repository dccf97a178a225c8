// Private means private at once, on every instance: two app instances on one database, each with its own page
// cache (as two `serve` processes have). Before, a collection made private stayed readable in its cached feed for
// the cache's 60 s after its page already said 404, because only paper changes emptied the cache.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { createPool } from '../../src/db/connect.ts';
import { importSource } from '../../src/import/importer.ts';
import { createLogger } from '../../src/log.ts';
import { MemoryMailer } from '../../src/mail/mailer.ts';
import { createApp } from '../../src/web/app.ts';
import { startPageCache } from '../../src/web/http/page-cache.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { Browser, createTestUser } from '../helpers/users.ts';

const { sql, url } = await createTestDatabase();
const config = { ...loadConfig({}), pageCacheSeconds: 60 };

async function instance() {
  // Each instance has its own pool, like a process of its own.
  const pool = createPool(url, { max: 4 });
  const cache = (await startPageCache(pool, 60))!;
  const app = createApp({ config, sql: pool, log: createLogger(), mailer: new MemoryMailer(), pageCache: cache.cache });
  after(async () => {
    await cache.stop();
    await pool.end();
  });
  return app;
}

const a = await instance();
const b = await instance();

await importSource(sql, {
  name: 'test.jsonl',
  totalBytes: null,
  bytesRead: () => 0,
  lines: async function* () {
    yield JSON.stringify({
      arxiv_id: '2603.00101',
      title: 'A paper to keep',
      authors: ['A. Author'],
      abstract: 'Abstract.',
      categories: ['cs.LG'],
      date: '2026-03-02',
      source: 'test',
    });
  },
});

async function status(app: typeof a, path: string): Promise<number> {
  const res = await app.request(path);
  await res.arrayBuffer();
  return res.status;
}

/** How long until `path` answers `expected` on `app` (polled each 10 ms), or fails after 2 s. */
async function msUntil(app: typeof a, path: string, expected: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < 2_000) {
    if ((await status(app, path)) === expected) return performance.now() - started;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`${path} still not ${expected} after 2 s`);
}

async function publicCollection(owner: Browser): Promise<number> {
  const created = await owner.post(
    '/collections',
    { title: 'Reading group', description: '', public: 'on' },
    { tokenFrom: '/collections' },
  );
  assert.equal(created.status, 303);
  const id = Number(/\/collections\/(\d+)/.exec(created.headers.get('location') ?? '')?.[1]);
  assert.ok(id > 0);
  const added = await owner.post(`/collections/${id}/papers`, { paper_id: '2603.00101' }, { tokenFrom: `/collections/${id}` });
  assert.ok(added.status < 400, `added: ${added.status}`);
  return id;
}

test("a collection made private or deleted leaves every instance's cached feeds at once", async () => {
  const user = await createTestUser(sql);
  const owner = new Browser(a);
  assert.equal((await owner.login(user.email)).status, 303);

  const id = await publicCollection(owner);
  for (const app of [a, b])
    for (const f of ['rss', 'atom', 'json']) {
      assert.equal(await status(app, `/collections/${id}.${f}`), 200);
      assert.equal(await status(app, `/collections/${id}.${f}`), 200); // now from the cache
    }
  const edited = await owner.post(
    `/collections/${id}/edit`,
    { title: 'Reading group', description: '' },
    { tokenFrom: `/collections/${id}` },
  );
  assert.equal(edited.status, 303);
  const waits: number[] = [];
  for (const app of [a, b]) for (const f of ['rss', 'atom', 'json']) waits.push(await msUntil(app, `/collections/${id}.${f}`, 404));
  console.log(`# private collection: feeds 404 after ${waits.map((w) => w.toFixed(0)).join(', ')} ms`);

  const second = await publicCollection(owner);
  for (const app of [a, b]) assert.equal(await status(app, `/collections/${second}.rss`), 200);
  assert.equal((await owner.post(`/collections/${second}/delete`, {}, { tokenFrom: `/collections/${second}` })).status, 303);
  for (const app of [a, b]) await msUntil(app, `/collections/${second}.rss`, 404);
});

test("a paper hidden by a moderator leaves every instance's cached pages and API at once", async () => {
  const mod = await createTestUser(sql, { role: 'moderator', username: 'mod1', email: 'mod1@example.org' });
  const moderator = new Browser(a);
  assert.equal((await moderator.login(mod.email)).status, 303);
  for (const app of [a, b]) {
    assert.equal(await status(app, '/papers/2603.00101'), 200);
    assert.equal(await status(app, '/api/papers/2603.00101'), 200);
  }
  const res = await moderator.post(
    '/moderate',
    { target_type: 'paper', target_id: '2603.00101', action: 'hide', reason: 'spam paper' },
    { tokenFrom: '/moderate?paper=2603.00101' },
  );
  assert.ok(res.status < 400, `moderation answered ${res.status}`);
  for (const app of [a, b]) {
    await msUntil(app, '/papers/2603.00101', 404);
    await msUntil(app, '/api/papers/2603.00101', 404);
  }
});
