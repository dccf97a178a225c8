// Pages rendered once for every viewer (routes with `personal`): a logged-in viewer gets the shared page with their
// own parts filled in, and it is byte for byte the page rendered for them from scratch; an anonymous visitor's is the
// anonymous render. Their votes and the counts show at once after they vote, without JavaScript.
import { sessionToken } from '../helpers/sessions.ts';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sha256 } from '../../src/auth/tokens.ts';
import { hmac } from '../../src/auth/tokens.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { createClaim } from '../../src/store/author-claims.ts';
import { createCollection } from '../../src/store/collections.ts';
import { addComment } from '../../src/store/comments.ts';
import { createUser } from '../../src/store/users.ts';
import { setVote } from '../../src/store/votes.ts';
import { createApp } from '../../src/web/app.ts';
import { siteSecret } from '../../src/web/http/csrf.ts';
import { startPageCache } from '../../src/web/http/page-cache.ts';
import { startWebCaches } from '../../src/web/web-caches.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { createTestUser } from '../helpers/users.ts';
import { addDailyPaper } from '../helpers/daily-paper.ts';

const { sql } = await createTestDatabase();
const DAY = '2026-03-02';

const addPaper = (id: string, upvotes: number) => addDailyPaper(sql, id, DAY, upvotes);

test('a logged-in viewer gets the shared page filled for them, byte-identical to their own render', async () => {
  for (let i = 1; i <= 6; i++) await addPaper(`2603.0000${i}`, i * 3);
  const user = await createTestUser(sql, { username: 'reader', displayName: 'Reader' });
  await setVote(sql, user.id, '2603.00002', true);
  const token = await sessionToken(sql, user.id);
  const cookie = { cookie: `dp_session=${token}` };

  const pc = await startPageCache(sql, 60);
  assert.ok(pc);
  const config = loadConfig({});
  const app = createApp({ config, sql, log: createLogger(), pageCache: pc.cache });
  const plain = createApp({ config, sql, log: createLogger(), pageCache: null });
  try {
    const paths = [
      `/papers/date/${DAY}`,
      `/papers/date/${DAY}?sort=publishedAt`,
      '/papers/trending',
      '/categories/cs.LG',
      '/authors/Ada%20Lovelace',
    ];
    for (const path of paths) {
      const anonymous = await (await app.request(path)).text();
      assert.equal(anonymous, await (await plain.request(path)).text(), `${path}: anonymous as rendered`);
      assert.doesNotMatch(anonymous, /<!--dp:/, 'no slot is left');
      const mine = await app.request(path, { headers: cookie });
      const mineBody = await mine.text();
      assert.equal(mineBody, await (await plain.request(path, { headers: cookie })).text(), `${path}: logged in as rendered for them`);
      assert.equal(mine.headers.get('cache-control'), 'private, no-store');
      assert.equal(mine.headers.get('etag'), null);
      assert.match(mineBody, /Reader/);
      assert.doesNotMatch(mineBody, /<!--dp:/);
    }
    const feed = `/papers/date/${DAY}`;
    // Everything but the per-viewer parts is the same bytes: cut those out of both and compare.
    const cut = (html: string) =>
      html
        .replace(/<meta name="csrf-token"[^>]*>/, '')
        .replace(/<nav class="account-nav".*?<\/nav>/s, '')
        .replace(/<form class="vote-form".*?<\/form>|<a class="vote" .*?<\/a>/gs, 'VOTE');
    const anonymous = await (await app.request(feed)).text();
    const mine = await (await app.request(feed, { headers: cookie })).text();
    assert.equal(cut(mine), cut(anonymous));
    assert.equal((mine.match(/aria-pressed="true"/g) ?? []).length, 1);
    const csrf = hmac(await siteSecret({ sql }), `csrf:${sha256(token)}`);
    assert.ok(mine.includes(`<meta name="csrf-token" content="${csrf}"/>`));

    // The viewer votes (no JavaScript: the form posts, the page comes back): their vote and the new count show at
    // once, even before the cache has heard of the change.
    const before = /action="\/papers\/2603.00005\/vote".*?<span class="count">(\d+)<\/span>/s.exec(mine)![1];
    const posted = await app.request('/papers/2603.00005/vote', {
      method: 'POST',
      headers: { ...cookie, 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: `_csrf=${csrf}&vote=up`,
    });
    assert.equal(posted.status, 303);
    const after = await (await app.request(feed, { headers: cookie })).text();
    assert.equal((after.match(/aria-pressed="true"/g) ?? []).length, 2);
    const count = /action="\/papers\/2603.00005\/vote".*?<span class="count">(\d+)<\/span>/s.exec(after)![1];
    assert.equal(Number(count), Number(before) + 1);
  } finally {
    await pc.stop();
  }
});

test('a paper page is shared too: comment forms, own comments, reply box, claim box and moderator link filled per viewer', async () => {
  const PAPER = '2603.00009';
  await addPaper(PAPER, 4);
  const make = async (name: string, opts: { verified?: boolean; role?: 'moderator' } = {}) => {
    const u = (await createUser(sql, {
      email: `${name}@example.org`,
      username: name,
      displayName: name[0]!.toUpperCase() + name.slice(1),
      passwordHash: 'x',
      verified: opts.verified ?? true,
    }))!;
    if (opts.role) await sql`UPDATE users SET role = ${opts.role} WHERE id = ${u.id}`;
    return { user: u, cookie: { cookie: `dp_session=${await sessionToken(sql, u.id)}` } };
  };
  const writer = await make('writer');
  const claimant = await make('claimant');
  const unverified = await make('unverified', { verified: false });
  const moderator = await make('moderator', { role: 'moderator' });
  const reader = await make('reader2');
  const first = await addComment(sql, {
    paperId: PAPER,
    userId: writer.user.id,
    parentId: null,
    body: 'First $x$',
    bodyHtml: '<p>First</p>',
  });
  assert.ok(first.ok);
  await addComment(sql, { paperId: PAPER, userId: reader.user.id, parentId: null, body: 'Second', bodyHtml: '<p>Second</p>' });
  const claim = await createClaim(sql, { paperId: PAPER, userId: claimant.user.id, position: 0 });
  assert.ok(claim.ok);

  const caches = await startWebCaches(sql, 60);
  const config = loadConfig({});
  const app = createApp({ config, sql, log: createLogger(), pageCache: caches.pageCache, viewerCaches: caches.viewerCaches });
  const plain = createApp({ config, sql, log: createLogger(), pageCache: null });
  try {
    const firstId = first.ok ? first.comment.id : 0;
    for (const path of [`/papers/${PAPER}`, `/papers/${PAPER}?reply=${firstId}`]) {
      const anonymous = await (await app.request(path)).text();
      assert.equal(anonymous, await (await plain.request(path)).text(), `${path}: anonymous as rendered`);
      assert.doesNotMatch(anonymous, /<!--dp:/);
      for (const [who, viewer] of Object.entries({ writer, claimant, unverified, moderator, reader })) {
        // Twice: the first fills the viewer's caches, the second is answered from them.
        for (let round = 0; round < 2; round++) {
          const mine = await (await app.request(path, { headers: viewer.cookie })).text();
          const own = await (await plain.request(path, { headers: viewer.cookie })).text();
          assert.equal(mine, own, `${path}: ${who} (round ${round + 1}) gets the page as rendered for them`);
          assert.doesNotMatch(mine, /<!--dp:/);
        }
      }
    }
    const shared = caches.pageCache!.get(`/papers/${PAPER}`)?.template;
    assert.ok(shared, 'the paper page is stored as a template');
    assert.ok(shared.needsClaims);
    assert.ok(
      shared.slots.filter((slot) => slot.kind === 'part').length >= 4,
      'the forms, actions, claim box and moderator link are slots',
    );
    const page = async (viewer: { cookie: { cookie: string } }) =>
      (await app.request(`/papers/${PAPER}`, { headers: viewer.cookie })).text();
    assert.match(await page(writer), new RegExp(`/comments/${firstId}/delete`), 'the writer can delete their comment');
    assert.doesNotMatch(await page(reader), new RegExp(`/comments/${firstId}/delete`), 'nobody else can');
    assert.match(await page(claimant), /Your claim to be Ada Lovelace \(author 1\) is waiting/);
    assert.match(await page(unverified), /Confirm your email address to comment/);
    assert.match(await page(moderator), /href="\/moderate\?paper=2603\.00009"/);
    assert.doesNotMatch(await page(reader), /href="\/moderate\?/);
    // A collection: shared by every viewer but its owner, who gets its forms; a private one is only ever the owner's.
    const list = (await createCollection(sql, writer.user.id, { title: 'Reading list', description: '', public: true }, 10, PAPER))!;
    const hidden = (await createCollection(sql, writer.user.id, { title: 'Secret list', description: '', public: false }, 10, PAPER))!;
    for (const path of [`/collections/${list.id}`, `/collections/${hidden.id}`]) {
      assert.equal((await app.request(path)).status, (await plain.request(path)).status);
      for (const [who, viewer] of Object.entries({ writer, reader, moderator })) {
        for (let round = 0; round < 2; round++) {
          const mine = await app.request(path, { headers: viewer.cookie });
          const own = await plain.request(path, { headers: viewer.cookie });
          assert.equal(mine.status, own.status, `${path}: ${who}`);
          assert.equal(await mine.text(), await own.text(), `${path}: ${who} (round ${round + 1}) gets the page as rendered for them`);
        }
      }
    }
    assert.ok(caches.pageCache!.get(`/collections/${list.id}`)?.template, 'the public collection is stored as a template');
    assert.match(await (await app.request(`/collections/${list.id}`, { headers: writer.cookie })).text(), /Remove from this collection/);
    assert.doesNotMatch(
      await (await app.request(`/collections/${list.id}`, { headers: reader.cookie })).text(),
      /Remove from this collection/,
    );
    assert.equal((await app.request(`/collections/${hidden.id}`, { headers: reader.cookie })).status, 404);

    // A claim decided elsewhere (an administrator in another process): the claimant's box follows at once.
    await sql`UPDATE author_claims SET status = 'approved' WHERE user_id = ${claimant.user.id}`;
    let approved = false;
    for (let i = 0; i < 50 && !approved; i++) {
      approved = /You are a verified author of this paper/.test(await page(claimant));
      if (!approved) await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(approved, 'the approval shows on the claimant’s page');
  } finally {
    await caches.stop();
  }
});
