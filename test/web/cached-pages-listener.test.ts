// The page cache's fast path on a real HTTP server (src/web/server.ts, as `dailypapers serve` runs it): a cached
// page reaches an anonymous visitor byte for byte as the full stack first answered it, headers included, and
// answers 304 to its validator; anyone with a session cookie goes through the stack and gets their own page.
import { sessionToken } from '../helpers/sessions.ts';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { createUser } from '../../src/store/users.ts';
import { createApp } from '../../src/web/app.ts';
import { startPageCache } from '../../src/web/http/page-cache.ts';
import { createWebServer } from '../../src/web/server.ts';
import { createTestDatabase, importLines } from '../helpers/db.ts';
import { paperLine } from '../helpers/daily-paper.ts';

const { sql } = await createTestDatabase();

function importTitles(titles: [string, string][]): Promise<void> {
  return importLines(
    sql,
    titles.map(([id, title]) => paperLine(id, title)),
  );
}

const headersOf = (res: Response) =>
  Object.fromEntries([...res.headers].filter(([k]) => k !== 'date' && k !== 'keep-alive' && k !== 'connection'));

test('cached pages are answered before the stack, the same bytes and headers, and only to anonymous visitors', async () => {
  await importTitles([['2603.00001', 'First paper']]);
  const pc = await startPageCache(sql, 60);
  assert.ok(pc);
  const app = createApp({ config: loadConfig({}), sql, log: createLogger(), pageCache: pc.cache });
  const server = createWebServer(app.fetch, pc.cache, '127.0.0.1');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const first = await fetch(`${base}/papers/date/2026-03-02`);
    const firstBody = await first.text();
    assert.equal(first.status, 200);
    assert.match(firstBody, /First paper/);
    const hit = await fetch(`${base}/papers/date/2026-03-02`);
    assert.equal(await hit.text(), firstBody);
    assert.deepEqual(headersOf(hit), headersOf(first));
    assert.equal(hit.headers.get('content-length'), String(Buffer.byteLength(firstBody)));
    assert.match(hit.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.equal(hit.headers.get('x-content-type-options'), 'nosniff');

    const etag = hit.headers.get('etag')!;
    const notModified = await fetch(`${base}/papers/date/2026-03-02`, { headers: { 'if-none-match': etag } });
    assert.equal(notModified.status, 304);
    assert.equal(notModified.headers.get('etag'), etag);
    assert.equal(await notModified.text(), '');

    // Logged in: the stack answers, with the user's own page, never stored.
    const user = await createUser(sql, {
      email: 'r@example.org',
      username: 'reader',
      displayName: 'Reader',
      passwordHash: 'x',
      verified: true,
    });
    const token = await sessionToken(sql, user!.id);
    const mine = await fetch(`${base}/papers/date/2026-03-02`, { headers: { cookie: `dp_session=${token}` } });
    const mineBody = await mine.text();
    assert.match(mineBody, /reader/);
    assert.notEqual(mineBody, firstBody);
    assert.equal(mine.headers.get('cache-control'), 'private, no-store');
    // A session cookie that is no longer valid: the stack answers (from the cache) and clears the cookie.
    const stale = await fetch(`${base}/papers/date/2026-03-02`, { headers: { cookie: 'dp_session=expired' } });
    assert.equal(await stale.text(), firstBody);
    assert.match(stale.headers.get('set-cookie') ?? '', /dp_session=;/);

    // A change of the papers empties the cache: the fast path has nothing stale to give.
    await importTitles([['2603.00002', 'Second paper']]);
    let seen = false;
    for (let i = 0; i < 100 && !seen; i++) {
      seen = /Second paper/.test(await (await fetch(`${base}/papers/date/2026-03-02`)).text());
      if (!seen) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(seen, 'the new paper shows');
    // Other methods and uncached paths always go through the stack.
    assert.equal((await fetch(`${base}/papers/2603.09999`)).status, 404);
    assert.equal((await fetch(`${base}/papers/date/2026-03-02`, { method: 'POST' })).status >= 400, true);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await pc.stop();
  }
});
