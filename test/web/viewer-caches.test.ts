// Logged-in viewers from memory (src/web/viewer-caches.ts and the logged-in fast path of cached-pages-listener.ts), on
// a real HTTP server as `dailypapers serve` runs it: a logged-in page answered without the stack is byte for byte,
// headers included, the page the stack renders for that viewer; their own no-JS vote shows on the next page at once;
// and what other processes write (a vote, a rename, an ended session; here through SQL, as `dailypapers admin` or
// another worker would) reaches the page within a second, through the database's notifications.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { sha256 } from '../../src/auth/tokens.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import type { SessionRow } from '../../src/store/sessions.ts';
import { setVote } from '../../src/store/votes.ts';
import { createApp } from '../../src/web/app.ts';
import { loggedInFastPath } from '../../src/web/http/cached-pages-listener.ts';
import { createWebServer } from '../../src/web/server.ts';
import { SessionCache, UserCache } from '../../src/web/viewer-caches.ts';
import { startWebCaches } from '../../src/web/web-caches.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { createTestUser } from '../helpers/users.ts';
import { addDailyPaper } from '../helpers/daily-paper.ts';
import { sessionToken } from '../helpers/sessions.ts';

const session = (id: number, expiresInMs = 60_000): SessionRow => ({
  tokenHash: `h${id}`,
  expiresAt: new Date(Date.now() + expiresInMs),
  lastSeenAt: new Date(),
  user: {
    id,
    email: `u${id}@example.org`,
    username: `u${id}`,
    displayName: `U${id}`,
    role: 'user',
    emailVerified: true,
    suspended: false,
    suspendedReason: null,
    upvotesPublic: true,
  } as SessionRow['user'],
});

describe('viewer caches (pure)', () => {
  test('a session is read once, kept until told or expired, and a read overtaken by a change is not kept', async () => {
    let now = 0;
    const cache = new SessionCache(() => now);
    let reads = 0;
    const load = async () => {
      reads++;
      return session(1);
    };
    const first = await cache.find('h1', load);
    assert.equal((await cache.find('h1', load))?.user.id, 1);
    assert.equal(reads, 1);
    assert.ok(Object.isFrozen(first!.user), 'the shared user object cannot be changed by a handler');
    assert.equal(cache.peek('h1')?.user.id, 1);
    cache.forgetAll();
    assert.equal(cache.peek('h1'), undefined);
    // A change arrives while the database is read: the answer is used but not kept.
    const slow = cache.find('h1', async () => {
      cache.forgetAll();
      return session(1);
    });
    assert.equal((await slow)?.user.id, 1);
    assert.equal(cache.peek('h1'), undefined);
    // The time-to-live, and the session's own expiry.
    await cache.find('h1', load);
    now += 61_000;
    assert.equal(cache.peek('h1'), undefined);
    await cache.find('h2', async () => session(2, -1));
    assert.equal(cache.peek('h2'), undefined, 'an expired session is never served from memory');
    assert.equal(await cache.find('h3', async () => null), null);
  });

  test('upvotes are read once per user, shared by concurrent readers, and forgotten on a change', async () => {
    let now = 1_000;
    const changes: string[] = [];
    const cache = new UserCache<ReadonlySet<string>>({ now: () => now, onChange: () => changes.push('change') });
    let reads = 0;
    const load = async () => {
      reads++;
      return new Set(['2603.00001']);
    };
    const [a, b] = await Promise.all([cache.of(7, load), cache.of(7, load)]);
    assert.equal(reads, 1, 'two requests at once read once');
    assert.ok(a.has('2603.00001') && b.has('2603.00001'));
    assert.ok(cache.peek(7));
    const renderedAt = now;
    assert.equal(cache.changedSince(7, renderedAt), false);
    now += 5;
    cache.changed(7);
    assert.deepEqual(changes, ['change']);
    assert.equal(cache.peek(7), undefined);
    assert.equal(cache.changedSince(7, renderedAt), true, 'a page rendered before the vote is stale for its voter');
    assert.equal(cache.changedSince(7, now + 1), false, 'a page rendered after it is not');
    assert.equal(cache.changedSince(8, renderedAt), false, 'nor for anyone else');
    // A load overtaken by a change is not kept.
    const overtaken = cache.of(9, async () => {
      cache.changed(9);
      return new Set(['old']);
    });
    assert.ok((await overtaken).has('old'));
    assert.equal(cache.peek(9), undefined);
    // "Anyone's" (a TRUNCATE, a reconnect of the listening connection): everything is forgotten and every page is stale.
    await cache.of(10, load);
    now += 5;
    cache.changed(null);
    assert.equal(cache.peek(10), undefined);
    assert.equal(cache.changedSince(10, now - 1), true);
    // A user's change is remembered only as long as a page rendered before it can still be cached.
    now += 60_000;
    cache.changed(11);
    assert.equal(cache.changedSince(7, renderedAt), true, 'the older "anyone" change still covers it');
  });
});

describe('logged in from memory, on a real server', () => {
  test('byte-identical to the stack, own votes at once, others’ writes within a second', async () => {
    const { sql } = await createTestDatabase();
    const DAY = '2026-03-02';
    for (let i = 1; i <= 6; i++) await addDailyPaper(sql, `2603.0000${i}`, DAY, i * 3);
    const user = await createTestUser(sql, { username: 'reader', displayName: 'Reader' });
    const other = await createTestUser(sql, { username: 'other', displayName: 'Other' });
    await setVote(sql, user.id, '2603.00002', true);
    const token = await sessionToken(sql, user.id);
    const cookie = `dp_session=${token}`;
    const config = loadConfig({});
    const caches = await startWebCaches(sql, 60);
    const app = createApp({ config, sql, log: createLogger(), pageCache: caches.pageCache, viewerCaches: caches.viewerCaches });
    // What the stack renders for this viewer from scratch: no cache of any kind.
    const plain = createApp({ config, sql, log: createLogger(), pageCache: null });
    let throughStack = 0;
    const server = createWebServer(
      (req, env) => {
        throughStack++;
        return app.fetch(req, env);
      },
      caches.pageCache,
      '127.0.0.1',
      loggedInFastPath(config, caches.viewerCaches),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const feed = `/papers/date/${DAY}`;
    const get = (path: string) => fetch(base + path, { headers: { cookie } });
    const headersOf = (res: Response) =>
      Object.fromEntries([...res.headers].filter(([k]) => k !== 'date' && k !== 'keep-alive' && k !== 'connection'));
    const pressed = (html: string) =>
      [...html.matchAll(/action="\/papers\/([^/]+)\/vote"[^>]*>\s*<input[^>]*>\s*<input type="hidden" name="vote" value="remove"/g)].map(
        (m) => m[1],
      );
    const eventually = async (check: () => Promise<boolean>, what: string) => {
      const started = Date.now();
      while (!(await check())) {
        if (Date.now() - started > 1_000) assert.fail(`not within a second: ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return Date.now() - started;
    };
    try {
      for (const path of [feed, '/papers/trending', '/categories/cs.LG', '/papers/2603.00003']) {
        const first = await get(path); // through the stack: fills the caches
        const firstBody = await first.text();
        const calls = throughStack;
        const second = await get(path);
        const secondBody = await second.text();
        assert.equal(throughStack, calls, `${path}: the second request is answered before the stack`);
        const own = await (await plain.request(path, { headers: { cookie } })).text();
        assert.equal(secondBody, own, `${path}: byte-identical to the viewer's own render`);
        assert.equal(firstBody, own);
        assert.deepEqual(headersOf(second), headersOf(first), `${path}: the same headers`);
        assert.equal(second.headers.get('cache-control'), 'private, no-store');
        assert.equal(second.headers.get('content-length'), String(Buffer.byteLength(own)));
      }
      assert.deepEqual(pressed(await (await get(feed)).text()), ['2603.00002']);

      // Their own vote, without JavaScript: the form posts, the redirect's page shows it pressed and counted.
      const page = await (await get(feed)).text();
      const csrf = /<meta name="csrf-token" content="([^"]+)"/.exec(page)![1]!;
      const count = (html: string, id: string) =>
        Number(new RegExp(`action="/papers/${id.replace('.', '\\.')}/vote".*?<span class="count">(\\d+)</span>`, 's').exec(html)![1]);
      const before = count(page, '2603.00005');
      const posted = await fetch(`${base}/papers/2603.00005/vote`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: `_csrf=${csrf}&vote=up`,
      });
      assert.equal(posted.status, 303);
      const after = await (await get(feed)).text();
      assert.deepEqual(pressed(after).sort(), ['2603.00002', '2603.00005']);
      assert.equal(count(after, '2603.00005'), before + 1);

      // Someone else's vote (another process): the count follows within a second, their buttons stay theirs.
      await setVote(sql, other.id, '2603.00005', true);
      const counted = await eventually(
        async () => count(await (await get(feed)).text(), '2603.00005') === before + 2,
        'the other vote counted',
      );
      // A vote of this viewer's written elsewhere (their other browser, on another worker).
      await setVote(sql, user.id, '2603.00001', true);
      const ownElsewhere = await eventually(
        async () => pressed(await (await get(feed)).text()).includes('2603.00001'),
        'their vote from elsewhere pressed',
      );
      // Renamed (by an admin, in a terminal): the menu follows.
      await sql`UPDATE users SET display_name = 'Renamed Reader' WHERE id = ${user.id}`;
      const renamed = await eventually(async () => (await (await get(feed)).text()).includes('Renamed Reader'), 'the new name in the menu');
      // The session ended elsewhere ("log out everywhere" in another worker): logged out here too.
      await sql`DELETE FROM sessions WHERE token_hash = ${sha256(token)}`;
      const ended = await eventually(async () => {
        const html = await (await get(feed)).text();
        return /Log in/.test(html) && !/Log out/.test(html);
      }, 'the ended session refused');
      console.log(
        `# from another process: a vote counted after ${counted} ms, the viewer's own after ${ownElsewhere} ms, a rename after ${renamed} ms, an ended session after ${ended} ms`,
      );
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await caches.stop();
    }
  });
});
