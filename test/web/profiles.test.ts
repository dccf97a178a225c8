// Profiles over HTTP on a real database: who the user is, the papers they submitted and upvoted (only when
// public, or to themselves), their visible comments with permalinks, their collections (private ones only to
// themselves), verified authorships; pagination, empty states, unknown users, and markup rendered inert.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { importSource } from '../../src/import/importer.ts';
import { openInput } from '../../src/import/reader.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { FIXTURES } from '../helpers/paths.ts';
import { Browser, createTestUser, TEST_PASSWORD } from '../helpers/users.ts';

const { sql } = await createTestDatabase();
for (const f of ['arxiv-papers.jsonl', 'hf-daily-papers.json', 'arxiv-snapshot.jsonl']) {
  await importSource(sql, await openInput(path.join(FIXTURES, f)));
}
const app = createTestApp(sql, { trustProxy: { hops: 1 } });
let ipCounter = 0;

async function loginAs(email: string): Promise<Browser> {
  const b = new Browser(app);
  const res = await b.post(
    '/login',
    { email, password: TEST_PASSWORD },
    { tokenFrom: '/login', headers: { 'x-forwarded-for': `192.0.2.${++ipCounter % 250}` } },
  );
  assert.equal(res.status, 303);
  return b;
}

const anon = () => new Browser(app);
const papersOn = (html: string) => [...html.matchAll(/<article class="card" data-paper-id="([^"]+)"/g)].map((m) => m[1]);

test('an unknown user is a 404; a differently-cased name redirects; a bad tab is a 400', async () => {
  const res = await anon().get('/users/nobody-at-all');
  assert.equal(res.status, 404);
  assert.match(await res.text(), /There is no user named/);
  const user = await createTestUser(sql, { username: 'grace' });
  const cased = await anon().get('/users/Grace?tab=comments');
  assert.equal(cased.status, 301);
  assert.equal(cased.headers.get('location'), '/users/grace?tab=comments');
  assert.equal((await anon().get(`/users/${user.username}?tab=secrets`)).status, 400);
  assert.equal((await anon().get(`/users/${user.username}?page=0`)).status, 400);
});

test('the header: display name, joined date, role and suspension badges; never the email address', async () => {
  const admin = await createTestUser(sql, { role: 'admin' });
  await sql`UPDATE users SET created_at = '2024-03-05T12:00:00Z' WHERE id = ${admin.id}`;
  const html = await (await anon().get(`/users/${admin.username}`)).text();
  assert.match(html, new RegExp(`<h1>${admin.displayName} <span class="badge badge-role badge-admin">admin</span>`));
  assert.match(html, new RegExp(`@${admin.username} · joined Mar 5, 2024`));
  assert.ok(!html.includes(admin.email), 'no email');
  const mod = await createTestUser(sql, { role: 'moderator' });
  assert.match(await (await anon().get(`/users/${mod.username}`)).text(), /badge-moderator">moderator/);
  const plain = await createTestUser(sql);
  await sql`UPDATE users SET suspended_at = now(), suspended_reason = 'private reason' WHERE id = ${plain.id}`;
  const suspended = await (await anon().get(`/users/${plain.username}`)).text();
  assert.match(suspended, /badge-warn">suspended/);
  assert.doesNotMatch(suspended, /badge-role/);
});

test('submitted papers, newest submission first, paginated, with empty states', async () => {
  const user = await createTestUser(sql);
  const none = await (await anon().get(`/users/${user.username}`)).text();
  assert.match(none, new RegExp(`${user.displayName} has not submitted any papers yet`));
  await sql`INSERT INTO papers (id, title, submitted_by_user_id, submitted_at)
    SELECT '2302.' || lpad(i::text, 5, '0'), 'Submitted ' || i, ${user.id}, '2024-01-01'::timestamptz + i * interval '1 hour'
    FROM generate_series(1, 33) i`;
  const first = await (await anon().get(`/users/${user.username}`)).text();
  const ids = papersOn(first);
  assert.equal(ids.length, 30);
  assert.equal(ids[0], '2302.00033', 'newest first');
  assert.match(first, /Submitted <span class="muted">33<\/span>/);
  assert.match(first, /Page 1 of 2/);
  const second = await (await anon().get(`/users/${user.username}?page=2`)).text();
  assert.deepEqual(papersOn(second), ['2302.00003', '2302.00002', '2302.00001']);
  assert.match(await (await anon().get(`/users/${user.username}?page=5`)).text(), /Nothing on this page/);
  await sql`UPDATE papers SET hidden_at = now() WHERE id = '2302.00033'`;
  const hidden = await (await anon().get(`/users/${user.username}`)).text();
  assert.equal(papersOn(hidden)[0], '2302.00032', 'hidden papers are left out');
  assert.match(hidden, /Submitted <span class="muted">32<\/span>/);
  await sql`DELETE FROM papers WHERE id LIKE '2302.%'`;
});

test('upvoted papers show only when the user made them public, or to themselves', async () => {
  const user = await createTestUser(sql);
  await sql`INSERT INTO votes (user_id, paper_id, created_at) VALUES
    (${user.id}, '2405.13729', now() - interval '2 hours'), (${user.id}, '0704.0001', now() - interval '1 hour')`;
  const other = await createTestUser(sql);
  const otherBrowser = await loginAs(other.email);
  for (const b of [anon(), otherBrowser]) {
    const tab = await b.get(`/users/${user.username}?tab=upvoted`);
    assert.equal(tab.status, 200);
    const html = await tab.text();
    assert.match(html, /Upvotes are private/);
    assert.deepEqual(papersOn(html), []);
    assert.doesNotMatch(await (await b.get(`/users/${user.username}`)).text(), /tab=upvoted/, 'no tab');
  }
  const own = await loginAs(user.email);
  const mine = await (await own.get(`/users/${user.username}?tab=upvoted`)).text();
  assert.deepEqual(papersOn(mine), ['0704.0001', '2405.13729'], 'most recent vote first');
  assert.match(mine, /Only you can see this list/);

  await sql`UPDATE users SET upvotes_public = true WHERE id = ${user.id}`;
  const open = await (await anon().get(`/users/${user.username}?tab=upvoted`)).text();
  assert.deepEqual(papersOn(open), ['0704.0001', '2405.13729']);
  assert.match(open, /Upvoted <span class="muted">2<\/span>/);
  const nobody = await createTestUser(sql);
  await sql`UPDATE users SET upvotes_public = true WHERE id = ${nobody.id}`;
  assert.match(await (await anon().get(`/users/${nobody.username}?tab=upvoted`)).text(), /has not upvoted any papers yet/);
});

test('comments: visible ones only, newest first, each linking to its permalink', async () => {
  const user = await createTestUser(sql);
  const [kept, , , older] = await sql<{ id: number }[]>`
    INSERT INTO comments (paper_id, user_id, body, body_html, created_at, deleted_at, hidden_at) VALUES
      ('2405.13729', ${user.id}, 'Nice $x^2$', '<p>Nice result</p>', now() - interval '1 hour', NULL, NULL),
      ('2405.13729', ${user.id}, 'gone', '<p>Deleted words</p>', now() - interval '2 hours', now(), NULL),
      ('0704.0001', ${user.id}, 'spam', '<p>Hidden words</p>', now() - interval '3 hours', NULL, now()),
      ('0704.0002', ${user.id}, 'first', '<p>Older comment</p>', now() - interval '4 hours', NULL, NULL)
    RETURNING id::int`;
  const html = await (await anon().get(`/users/${user.username}?tab=comments`)).text();
  assert.match(html, /Comments <span class="muted">2<\/span>/);
  assert.ok(html.indexOf('Nice result') < html.indexOf('Older comment'), 'newest first');
  assert.doesNotMatch(html, /Deleted words|Hidden words/);
  assert.match(html, new RegExp(`href="/comments/${kept!.id}"`));
  assert.match(html, new RegExp(`href="/comments/${older!.id}"`));
  assert.match(html, /On <a href="\/papers\/2405.13729">ComboStoc/);
  const quiet = await createTestUser(sql);
  assert.match(await (await anon().get(`/users/${quiet.username}?tab=comments`)).text(), /has not commented yet/);
});

test('collections: public ones to everyone, private ones only to their owner (titles never leak)', async () => {
  const user = await createTestUser(sql);
  await sql`INSERT INTO collections (user_id, title, public) VALUES (${user.id}, 'Open reading', true), (${user.id}, 'Hidden agenda', false)`;
  const other = await loginAs((await createTestUser(sql)).email);
  for (const b of [anon(), other]) {
    for (const url of [`/users/${user.username}`, `/users/${user.username}?tab=collections`]) {
      const html = await (await b.get(url)).text();
      assert.doesNotMatch(html, /Hidden agenda/, url);
      assert.match(html, /Collections <span class="muted">1<\/span>/);
    }
    assert.match(await (await b.get(`/users/${user.username}?tab=collections`)).text(), /Open reading/);
  }
  const own = await loginAs(user.email);
  const mine = await own.get(`/users/${user.username}?tab=collections`);
  assert.match(mine.headers.get('cache-control') ?? '', /no-store/);
  const html = await mine.text();
  assert.match(html, /Hidden agenda<\/a> <span class="badge badge-private">private/);
  assert.match(html, /Collections <span class="muted">2<\/span>/);
  const lonely = await createTestUser(sql);
  await sql`INSERT INTO collections (user_id, title, public) VALUES (${lonely.id}, 'Only mine', false)`;
  assert.match(await (await anon().get(`/users/${lonely.username}?tab=collections`)).text(), /has no public collections/);
});

test('verified authorships (approved claims only) are marked', async () => {
  const user = await createTestUser(sql);
  await sql`INSERT INTO author_claims (paper_id, user_id, position, status) VALUES
    ('0704.0001', ${user.id}, 1, 'approved'), ('0704.0002', ${user.id}, 0, 'pending')`;
  const html = await (await anon().get(`/users/${user.username}`)).text();
  assert.match(html, /badge-verified"[^>]*>verified author/);
  assert.match(html, /Verified author of <a href="\/papers\/0704.0001">Calculation of prompt diphoton/);
  assert.match(html, /\(as E. L. Berger\)/);
  assert.doesNotMatch(html, /href="\/papers\/0704.0002"/);
  const unverified = await createTestUser(sql);
  assert.doesNotMatch(await (await anon().get(`/users/${unverified.username}`)).text(), /badge-verified/);
});

test('display names and paper titles with markup render inert on profiles', async () => {
  const user = await createTestUser(sql);
  const payloads = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>'];
  await sql`UPDATE users SET display_name = ${payloads.join(' ')}, upvotes_public = true WHERE id = ${user.id}`;
  await sql`INSERT INTO votes (user_id, paper_id) VALUES (${user.id}, '2605.00001')`;
  await sql`INSERT INTO comments (paper_id, user_id, body, body_html) VALUES ('2605.00001', ${user.id}, 'x', '<p>fine</p>')`;
  for (const tab of ['submitted', 'upvoted', 'comments', 'collections']) {
    const html = await (await anon().get(`/users/${user.username}?tab=${tab}`)).text();
    assert.doesNotMatch(html, /<script>alert|<img src=x|<svg onload/i, tab);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/, tab);
  }
});
