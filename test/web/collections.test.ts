// Collections (reading lists) over HTTP on a real database: create, edit, delete, add and remove papers,
// the "Save" page without JavaScript and its JSON for the card menu; and the refusals: not logged in,
// another user's list (404 when private, 403 when public), wrong CSRF token, unknown paper, caps, rate limit.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { COLLECTION_TITLE_MAX, MAX_COLLECTIONS_PER_USER, MAX_PAPERS_PER_COLLECTION } from '../../src/core/collection-input.ts';
import { importSource } from '../../src/import/importer.ts';
import { openInput } from '../../src/import/reader.ts';
import { LIMITS } from '../../src/web/http/rate-limit.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { FIXTURES } from '../helpers/paths.ts';
import { Browser, createTestUser } from '../helpers/users.ts';

const { sql } = await createTestDatabase();
for (const f of ['arxiv-papers.jsonl', 'hf-daily-papers.json', 'arxiv-snapshot.jsonl']) {
  await importSource(sql, await openInput(path.join(FIXTURES, f)));
}
const PAGE_SIZE = 3;
const app = createTestApp(sql, { trustProxy: { hops: 1 }, feedPageSize: PAGE_SIZE });
let ipCounter = 0;

/** A browser logged in as a new verified user (each log-in from its own address: log-ins are limited per network). */
async function member(opts: Parameters<typeof createTestUser>[1] = {}) {
  const user = await createTestUser(sql, opts);
  const browser = new Browser(app);
  const res = await browser.post(
    '/login',
    { email: user.email, password: 'correct horse battery' },
    { tokenFrom: '/login', headers: { 'x-forwarded-for': `192.0.2.${++ipCounter % 250}` } },
  );
  assert.equal(res.status, 303, 'logged in');
  return { user, browser };
}

/** Creates a collection through the form; returns its id. */
async function createList(b: Browser, fields: { title: string; description?: string; public?: boolean }): Promise<number> {
  const res = await b.post('/collections', {
    title: fields.title,
    description: fields.description ?? '',
    ...(fields.public ? { public: 'on' } : {}),
  });
  assert.equal(res.status, 303, `created ${fields.title}`);
  const m = /^\/collections\/(\d+)\?done=created$/.exec(res.headers.get('location') ?? '');
  assert.ok(m, res.headers.get('location') ?? '');
  return Number(m[1]);
}

const json = { accept: 'application/json' };

test('create a collection, find it in your lists, edit it, make it public, delete it', async () => {
  const { browser: b } = await member();
  const empty = await (await b.get('/collections')).text();
  assert.match(empty, /No collections yet/);
  const id = await createList(b, { title: 'Diffusion reading', description: 'For Tuesday\nand Friday' });
  const page = await b.get(`/collections/${id}?done=created`);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /<title>Diffusion reading · Daily Papers<\/title>/);
  assert.match(html, /Collection created/);
  assert.match(html, /badge-private">private/);
  assert.match(html, /Only you can see this collection/);
  assert.match(html, /No papers in this collection yet/);
  assert.match(page.headers.get('cache-control') ?? '', /no-store/);
  const list = await (await b.get('/collections')).text();
  assert.match(list, new RegExp(`href="/collections/${id}">Diffusion reading</a>`));
  assert.match(list, /0 papers/);

  await sql`UPDATE collections SET updated_at = now() - interval '1 day' WHERE id = ${id}`;
  const edited = await b.post(`/collections/${id}/edit`, { title: '  Diffusion   models ', description: 'Updated', public: 'on' });
  assert.equal(edited.status, 303);
  assert.equal(edited.headers.get('location'), `/collections/${id}?done=saved`);
  const [row] = await sql<{ title: string; public: boolean; fresh: boolean }[]>`
    SELECT title, public, updated_at > now() - interval '1 hour' AS fresh FROM collections WHERE id = ${id}`;
  assert.deepEqual(row, { title: 'Diffusion models', public: true, fresh: true });
  const shared = await (await new Browser(app).get(`/collections/${id}`)).text();
  assert.match(shared, /Diffusion models/);
  assert.match(shared, new RegExp(`value="http://localhost:3000/collections/${id}"`), 'the share link is its address');
  assert.match(shared, /<link rel="canonical" href="http:\/\/localhost:3000\/collections\/\d+"/);

  const bad = await b.post(`/collections/${id}/edit`, { title: '   ', description: 'x' });
  assert.equal(bad.status, 422);
  assert.match(await bad.text(), /Give the collection a title/);

  const deleted = await b.post(`/collections/${id}/delete`, {});
  assert.equal(deleted.status, 303);
  assert.equal(deleted.headers.get('location'), '/collections?done=deleted');
  assert.match(await (await b.get('/collections?done=deleted')).text(), /The collection was deleted/);
  assert.equal((await b.get(`/collections/${id}`)).status, 404);
});

test('add papers by id or URL (twice is once), newest first, paginated; remove them; updated_at follows', async () => {
  const { browser: b } = await member();
  const id = await createList(b, { title: 'Mixed' });
  for (const p of ['2405.13729', 'https://arxiv.org/abs/2405.14906v2', 'hep-th/9901001', '0704.0001', '0704.0002']) {
    const res = await b.post(`/collections/${id}/papers`, { paper_id: p });
    assert.equal(res.status, 303, p);
    assert.equal(res.headers.get('location'), `/collections/${id}?done=added`);
  }
  const again = await b.post(`/collections/${id}/papers`, { paper_id: '2405.13729' });
  assert.equal(again.headers.get('location'), `/collections/${id}?done=already`);
  const [{ n } = { n: -1 }] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM collection_papers WHERE collection_id = ${id}`;
  assert.equal(n, 5, 'adding twice keeps one row');
  // Added one after the other within a millisecond or so: give them distinct, known times.
  await sql`UPDATE collection_papers SET added_at = now() - (CASE paper_id WHEN '2405.13729' THEN 5 WHEN '2405.14906' THEN 4 WHEN 'hep-th/9901001' THEN 3 WHEN '0704.0001' THEN 2 ELSE 1 END) * interval '1 minute' WHERE collection_id = ${id}`;

  const first = await (await b.get(`/collections/${id}`)).text();
  const order = [...first.matchAll(/data-paper-id="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(order, ['0704.0002', '0704.0001', 'hep-th/9901001'], 'newest added first, one page');
  assert.match(first, /Page 1 of 2/);
  assert.match(first, /5 papers/);
  const second = await (await b.get(`/collections/${id}?page=2`)).text();
  assert.deepEqual(
    [...second.matchAll(/data-paper-id="([^"]+)"/g)].map((m) => m[1]),
    ['2405.14906', '2405.13729'],
  );
  assert.match(await (await b.get(`/collections/${id}?page=9`)).text(), /No papers on this page/);

  await sql`UPDATE collections SET updated_at = now() - interval '1 day' WHERE id = ${id}`;
  const removed = await b.post(`/collections/${id}/papers/remove`, { paper_id: 'hep-th/9901001' });
  assert.equal(removed.headers.get('location'), `/collections/${id}?done=removed`);
  const [after] = await sql<{ fresh: boolean; n: number }[]>`
    SELECT updated_at > now() - interval '1 hour' AS fresh, (SELECT count(*)::int FROM collection_papers WHERE collection_id = ${id}) AS n
    FROM collections WHERE id = ${id}`;
  assert.deepEqual(after, { fresh: true, n: 4 });
  assert.equal(
    (await b.post(`/collections/${id}/papers/remove`, { paper_id: 'hep-th/9901001' })).status,
    303,
    'removing twice is harmless',
  );

  const unknown = await b.post(`/collections/${id}/papers`, { paper_id: '2401.99999' });
  assert.equal(unknown.status, 404);
  assert.match(await unknown.text(), /No paper arXiv:2401.99999 on this site yet/);
  const garbage = await b.post(`/collections/${id}/papers`, { paper_id: 'not a paper' });
  assert.equal(garbage.status, 422);
  assert.match(await garbage.text(), /is not an arXiv id or URL/);

  const viaJson = await b.post(`/collections/${id}/papers`, { paper_id: 'hep-th/9901001' }, { headers: json });
  assert.equal(viaJson.status, 200);
  assert.deepEqual(await viaJson.json(), { collectionId: id, paperId: 'hep-th/9901001', holds: true, added: true });
});

test('a private collection is a 404 for everyone else; a public one is readable by all and changed only by its owner', async () => {
  const { browser: owner, user } = await member();
  const { browser: other } = await member();
  const secret = await createList(owner, { title: 'Secret plans' });
  const open = await createList(owner, { title: 'Open list', public: true });
  await owner.post(`/collections/${secret}/papers`, { paper_id: '2405.13729' });
  await owner.post(`/collections/${open}/papers`, { paper_id: '2405.13729' });

  for (const b of [other, new Browser(app)]) {
    const res = await b.get(`/collections/${secret}`);
    assert.equal(res.status, 404);
    assert.doesNotMatch(await res.text(), /Secret plans/);
    assert.equal((await b.get(`/collections/${open}`)).status, 200);
  }
  assert.equal((await other.get('/collections/999999999')).status, 404, 'same answer as a list that does not exist');

  for (const [path, fields] of [
    ['edit', { title: 'Mine now' }],
    ['delete', {}],
    ['papers', { paper_id: '2405.14906' }],
    ['papers/remove', { paper_id: '2405.13729' }],
  ] as const) {
    assert.equal((await other.post(`/collections/${secret}/${path}`, fields)).status, 404, `${path} on a private list`);
    const pub = await other.post(`/collections/${open}/${path}`, fields);
    assert.equal(pub.status, 403, `${path} on a public list`);
    assert.match(await pub.text(), /Only its owner can change this collection/);
  }
  const viaSave = await other.post('/papers/2405.14906/save', { action: 'add', collection_id: String(secret) });
  assert.equal(viaSave.status, 404);
  assert.equal((await other.post('/papers/2405.14906/save', { action: 'add', collection_id: String(open) })).status, 403);
  const rows = await sql<{ title: string; n: number }[]>`
    SELECT title, (SELECT count(*)::int FROM collection_papers WHERE collection_id = c.id) AS n FROM collections c WHERE user_id = ${user.id} ORDER BY id`;
  assert.deepEqual(
    [...rows],
    [
      { title: 'Secret plans', n: 1 },
      { title: 'Open list', n: 1 },
    ],
    'nothing changed',
  );

  const otherView = await (await other.get(`/collections/${open}`)).text();
  assert.doesNotMatch(otherView, /Edit this collection|Remove from this collection/, 'no owner forms for others');
  const saved = await (await other.get('/collections/saved?papers=2405.13729', json)).json();
  assert.deepEqual(saved, { saved: {} }, "another user's lists never show as the viewer's");
});

test('not logged in: pages redirect to the login form, forms and scripts get 401; a wrong CSRF token is a 403', async () => {
  const anon = new Browser(app);
  for (const path of ['/collections', '/papers/2405.13729/save']) {
    const res = await anon.get(path);
    assert.equal(res.status, 303, path);
    assert.equal(res.headers.get('location'), `/login?next=${encodeURIComponent(path)}`);
  }
  assert.equal((await anon.get('/papers/2405.13729/save', json)).status, 401);
  assert.equal((await anon.get('/collections/saved?papers=2405.13729', json)).status, 401);
  const { browser: owner } = await member();
  const id = await createList(owner, { title: 'Target', public: true });
  for (const [path, fields] of [
    ['/collections', { title: 'Anon list' }],
    [`/collections/${id}/edit`, { title: 'x' }],
    [`/collections/${id}/delete`, {}],
    [`/collections/${id}/papers`, { paper_id: '2405.13729' }],
    [`/collections/${id}/papers/remove`, { paper_id: '2405.13729' }],
    ['/papers/2405.13729/save', { action: 'create', new_title: 'x' }],
  ] as const) {
    const res = await anon.post(path, fields, { tokenFrom: '/login' });
    assert.equal(res.status, 401, path);
    assert.match(await res.text(), /Log in/);
  }
  const forged = await owner.post(`/collections/${id}/delete`, {}, { csrf: 'x'.repeat(43) });
  assert.equal(forged.status, 403);
  assert.match(await forged.text(), /form has expired/);
  const noToken = await app.request('/collections', {
    method: 'POST',
    body: new URLSearchParams({ title: 'No token' }),
    headers: { cookie: owner.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(noToken.status, 403);
  assert.equal((await sql`SELECT 1 FROM collections WHERE id = ${id}`).length, 1);
  assert.equal((await sql`SELECT 1 FROM collections WHERE title IN ('Anon list', 'No token')`).length, 0);
});

test('suspended and unconfirmed accounts cannot change collections', async () => {
  const { browser: suspended, user } = await member();
  await sql`UPDATE users SET suspended_at = now(), suspended_reason = 'spam' WHERE id = ${user.id}`;
  const res = await suspended.post('/collections', { title: 'Spam list' });
  assert.equal(res.status, 403);
  assert.match(await res.text(), /suspended: spam/);
  const { browser: fresh } = await member({ verified: false });
  assert.equal((await fresh.post('/collections', { title: 'Early list' })).status, 403);
  assert.equal((await fresh.get('/collections')).status, 200, 'but can look at their (empty) lists');
});

test('save without JavaScript: a page of your lists with add/remove buttons and a new-list field, 303 back to it', async () => {
  const { browser: b } = await member();
  const first = await b.get('/papers/2405.13729/save', { referer: 'http://localhost:3000/papers/date/2026-05-05?sort=trending' });
  assert.equal(first.status, 200);
  let html = await first.text();
  assert.match(html, /You have no collections yet/);
  assert.match(html, /name="next" value="\/papers\/date\/2026-05-05\?sort=trending"/, 'Done goes back to the feed');

  const created = await b.post('/papers/2405.13729/save', { action: 'create', new_title: 'Read later', next: '/papers/date/2026-05-05' });
  assert.equal(created.status, 303);
  const location = created.headers.get('location')!;
  assert.match(location, /^\/papers\/2405.13729\/save\?next=%2Fpapers%2Fdate%2F2026-05-05&done=created&c=\d+$/);
  const listId = Number(new URL(location, 'http://x').searchParams.get('c'));
  const [row] = await sql<
    { public: boolean; n: number }[]
  >`SELECT public, (SELECT count(*)::int FROM collection_papers WHERE collection_id = ${listId}) AS n FROM collections WHERE id = ${listId}`;
  assert.deepEqual(row, { public: false, n: 1 }, 'a new private list holding the paper');
  html = await (await b.get(location)).text();
  assert.match(html, /Created “Read later” with this paper in it/);
  assert.match(html, /aria-pressed="true">✓ Saved · remove/);
  assert.match(html, /href="\/papers\/date\/2026-05-05" class="button primary"|class="button primary" href="\/papers\/date\/2026-05-05"/);

  const other = await createList(b, { title: 'Other list' });
  const added = await b.post('/papers/2405.13729/save', { action: 'add', collection_id: String(other), next: '/papers' });
  assert.equal(added.status, 303);
  assert.match(await (await b.get(added.headers.get('location')!)).text(), /Saved to “Other list”/);
  const removed = await b.post('/papers/2405.13729/save', { action: 'remove', collection_id: String(listId), next: '/papers' });
  html = await (await b.get(removed.headers.get('location')!)).text();
  assert.match(html, /Removed from “Read later”/);
  assert.equal((html.match(/aria-pressed="true"/g) ?? []).length, 1, 'only "Other list" holds it now');

  const offsite = await b.post('/papers/2405.13729/save', { action: 'add', collection_id: String(other), next: '//evil.example/' });
  assert.match(offsite.headers.get('location')!, /next=%2Fpapers%2F2405.13729&/, 'never back to another site');
  const tab = await b.post('/papers/2405.13729/save', { action: 'add', collection_id: String(other), next: '/\t/evil.example/' });
  assert.match(tab.headers.get('location')!, /next=%2Fpapers%2F2405.13729&/, 'control characters do not sneak another host in');

  const old = await b.get('/papers/hep-th/9901001/save');
  assert.equal(old.status, 200, 'old-style ids');
  assert.equal((await b.post('/papers/hep-th/9901001/save', { action: 'add', collection_id: String(other) })).status, 303);
  const versioned = await b.get('/papers/2405.13729v2/save');
  assert.equal(versioned.status, 301);
  assert.equal(versioned.headers.get('location'), '/papers/2405.13729/save');
  assert.equal((await b.get('/papers/2401.99999/save')).status, 404, 'unknown paper');
  assert.equal((await b.post('/papers/2401.99999/save', { action: 'add', collection_id: String(other) })).status, 404);
  assert.equal((await b.get('/papers/nonsense/save')).status, 400);
  assert.equal((await b.post('/papers/2405.13729/save', { action: 'fly', collection_id: String(other) })).status, 400);
  const emptyTitle = await b.post('/papers/2405.13729/save', { action: 'create', new_title: ' ' });
  assert.equal(emptyTitle.status, 422);
  assert.match(await emptyTitle.text(), /Give the collection a title/);
});

test('save with JavaScript: JSON choices, toggles and new lists; the saved marks of a page of cards', async () => {
  const { browser: b } = await member();
  const a = await createList(b, { title: 'Alpha' });
  const choices = await b.get('/papers/2405.14906/save', json);
  assert.equal(choices.status, 200);
  assert.deepEqual(await choices.json(), {
    paperId: '2405.14906',
    saved: false,
    collections: [{ id: a, title: 'Alpha', public: false, paperCount: 0, holds: false }],
  });
  const add = await b.post('/papers/2405.14906/save', { action: 'add', collection_id: String(a) }, { headers: json });
  assert.deepEqual(await add.json(), {
    paperId: '2405.14906',
    saved: true,
    collections: [{ id: a, title: 'Alpha', public: false, paperCount: 1, holds: true }],
  });
  const created = await b.post('/papers/2405.14906/save', { action: 'create', new_title: 'Beta' }, { headers: json });
  assert.equal(created.status, 201);
  const body = (await created.json()) as { collections: { title: string; holds: boolean }[] };
  assert.deepEqual(
    body.collections.map((x) => [x.title, x.holds]),
    [
      ['Beta', true],
      ['Alpha', true],
    ],
    'most recently changed first',
  );
  const bad = await b.post(
    '/papers/2405.14906/save',
    { action: 'create', new_title: 'x'.repeat(COLLECTION_TITLE_MAX + 1) },
    { headers: json },
  );
  assert.equal(bad.status, 422);
  assert.match(((await bad.json()) as { error: string }).error, /at most 100 characters/);

  const saved = await (await b.get('/collections/saved?papers=2405.14906,2405.13729,hep-th/9901001', json)).json();
  assert.deepEqual(Object.keys((saved as { saved: Record<string, number[]> }).saved), ['2405.14906']);
  assert.equal(((saved as { saved: Record<string, number[]> }).saved['2405.14906'] ?? []).length, 2);
  const created2 = await b.post('/collections', { title: 'Gamma', public: 'on' }, { headers: json });
  assert.equal(created2.status, 201);
  assert.equal(((await created2.json()) as { collection: { title: string; public: boolean } }).collection.public, true);
  assert.equal((await b.get(`/collections/saved?papers=${Array.from({ length: 201 }, (_, i) => i).join(',')}`, json)).status, 400);

  // Every card links to the save page (the same link for every visitor, so cached pages stay shared).
  const feed = await (await app.request('/papers/date/2026-05-05')).text();
  assert.match(feed, /href="\/papers\/2405.13729\/save" class="save-link" data-save-paper="2405.13729"/);
  const paper = await (await app.request('/papers/hep-th/9901001')).text();
  assert.match(paper, /href="\/papers\/hep-th\/9901001\/save"/);
});

test('caps: title length, collections per user and papers per collection are 422s with a message', async () => {
  const { browser: b, user } = await member();
  const long = await b.post('/collections', { title: 'x'.repeat(COLLECTION_TITLE_MAX + 1) });
  assert.equal(long.status, 422);
  assert.match(await long.text(), /at most 100 characters for the title/);
  const longDesc = await b.post('/collections', { title: 'ok', description: 'y'.repeat(1001) });
  assert.equal(longDesc.status, 422);
  assert.match(await longDesc.text(), /at most 1000 characters for the description/);

  await sql`INSERT INTO collections (user_id, title) SELECT ${user.id}, 'List ' || i FROM generate_series(1, ${MAX_COLLECTIONS_PER_USER - 1}) i`;
  const last = await createList(b, { title: 'The hundredth' });
  const over = await b.post('/collections', { title: 'One too many' });
  assert.equal(over.status, 422);
  const overHtml = await over.text();
  assert.match(overHtml, /You have 100 collections, the most one account can keep/);
  assert.match(overHtml, /value="One too many"/, 'keeps what was typed');
  const overViaSave = await b.post('/papers/2405.13729/save', { action: 'create', new_title: 'Also too many' });
  assert.equal(overViaSave.status, 422);
  assert.equal((await sql`SELECT 1 FROM collections WHERE user_id = ${user.id}`).length, MAX_COLLECTIONS_PER_USER);

  await sql`INSERT INTO papers (id, title) SELECT '2301.' || lpad(i::text, 5, '0'), 'Filler ' || i FROM generate_series(1, ${MAX_PAPERS_PER_COLLECTION}) i`;
  await sql`INSERT INTO collection_papers (collection_id, paper_id) SELECT ${last}, '2301.' || lpad(i::text, 5, '0') FROM generate_series(1, ${MAX_PAPERS_PER_COLLECTION}) i`;
  await sql`UPDATE collections SET paper_count = ${MAX_PAPERS_PER_COLLECTION} WHERE id = ${last}`;
  const full = await b.post(`/collections/${last}/papers`, { paper_id: '2405.13729' });
  assert.equal(full.status, 422);
  assert.match(await full.text(), /holds 5,000 papers, the most one collection can hold/);
  const fullViaSave = await b.post('/papers/2405.13729/save', { action: 'add', collection_id: String(last) });
  assert.equal(fullViaSave.status, 422);
  assert.match(await fullViaSave.text(), /the most one collection can hold/);
  assert.equal(
    (await b.post(`/collections/${last}/papers`, { paper_id: '2301.00001' })).headers.get('location'),
    `/collections/${last}?done=already`,
    'already-saved papers are still fine',
  );
  await sql`DELETE FROM papers WHERE id LIKE '2301.%'`;
});

test('concurrent creations stop exactly at the cap', async () => {
  const { browser: b, user } = await member();
  await sql`INSERT INTO collections (user_id, title) SELECT ${user.id}, 'List ' || i FROM generate_series(1, ${MAX_COLLECTIONS_PER_USER - 3}) i`;
  const csrf = await b.csrfFrom('/collections');
  const results = await Promise.all(Array.from({ length: 10 }, (_, i) => b.post('/collections', { title: `Race ${i}` }, { csrf })));
  assert.equal(results.filter((r) => r.status === 303).length, 3);
  assert.equal(results.filter((r) => r.status === 422).length, 7);
  assert.equal((await sql`SELECT 1 FROM collections WHERE user_id = ${user.id}`).length, MAX_COLLECTIONS_PER_USER);
});

test('collection changes are rate limited per user (429 with Retry-After)', async () => {
  const { browser: b, user } = await member();
  const id = await createList(b, { title: 'Busy' });
  await sql`INSERT INTO rate_limit_events (key, at) SELECT ${`collectionEditPerUser:${user.id}`}, now() FROM generate_series(1, ${LIMITS.collectionEditPerUser.max})`;
  const res = await b.post(`/collections/${id}/papers`, { paper_id: '2405.13729' });
  assert.equal(res.status, 429);
  assert.ok(Number(res.headers.get('retry-after')) > 0);
  assert.match(await res.text(), /Too many collection changes/);
  assert.equal((await b.post('/papers/2405.13729/save', { action: 'add', collection_id: String(id) }, { headers: json })).status, 429);
  assert.equal((await sql`SELECT 1 FROM collection_papers WHERE collection_id = ${id}`).length, 0);
});

test('titles and descriptions with markup render inert everywhere', async () => {
  const { browser: b, user } = await member();
  const payloads = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>', 'javascript:alert(1)'];
  const id = await createList(b, { title: payloads.join(' '), description: payloads.join('\n'), public: true });
  await b.post(`/collections/${id}/papers`, { paper_id: '2405.13729' });
  const pages = [
    await (await new Browser(app).get(`/collections/${id}`)).text(),
    await (await b.get('/collections')).text(),
    await (await b.get('/papers/2405.13729/save')).text(),
    await (await new Browser(app).get(`/users/${user.username}?tab=collections`)).text(),
  ];
  for (const html of pages) {
    assert.doesNotMatch(html, /<script>alert|<img src=x|<svg onload|href="javascript:/i);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  }
  // A paper title with markup (from the fixtures) on a collection's cards stays text too.
  await b.post(`/collections/${id}/papers`, { paper_id: '2605.00001' });
  const withPaper = await (await new Browser(app).get(`/collections/${id}`)).text();
  assert.doesNotMatch(withPaper, /<script>alert/);
});

test('papers hidden by a moderator are neither listed nor counted, and cannot be saved', async () => {
  const { browser: b } = await member();
  const id = await createList(b, { title: 'With hidden', public: true });
  await b.post(`/collections/${id}/papers`, { paper_id: '0704.0001' });
  await b.post(`/collections/${id}/papers`, { paper_id: '0704.0002' });
  await sql`UPDATE papers SET hidden_at = now() WHERE id = '0704.0002'`;
  try {
    const html = await (await b.get(`/collections/${id}`)).text();
    assert.match(html, /1 paper ·/);
    assert.doesNotMatch(html, /data-paper-id="0704.0002"/);
    assert.match(await (await b.get('/collections')).text(), /1 paper ·/);
    assert.equal((await b.get('/papers/0704.0002/save')).status, 404);
  } finally {
    await sql`UPDATE papers SET hidden_at = NULL WHERE id = '0704.0002'`;
  }
  assert.match(await (await b.get(`/collections/${id}`)).text(), /2 papers ·/, 'back when unhidden');
});

test('concurrent adds and removes keep the stored count equal to the papers in the list', async () => {
  const { browser: b } = await member();
  const id = await createList(b, { title: 'Busy list' });
  const csrf = await b.csrfFrom('/collections');
  const ids = ['2405.13729', '2405.14906', 'hep-th/9901001', '0704.0001', '0704.0002', '2405.15738'];
  await Promise.all([...ids, ...ids].map((p) => b.post(`/collections/${id}/papers`, { paper_id: p }, { csrf })));
  await Promise.all([
    ...ids.slice(0, 3).map((p) => b.post(`/collections/${id}/papers/remove`, { paper_id: p }, { csrf })),
    ...ids.slice(0, 3).map((p) => b.post(`/collections/${id}/papers/remove`, { paper_id: p }, { csrf })),
    ...ids.slice(3).map((p) => b.post(`/collections/${id}/papers`, { paper_id: p }, { csrf })),
  ]);
  const [row] = await sql<{ stored: number; actual: number }[]>`
    SELECT paper_count AS stored, (SELECT count(*)::int FROM collection_papers WHERE collection_id = ${id}) AS actual FROM collections WHERE id = ${id}`;
  assert.deepEqual({ ...row }, { stored: 3, actual: 3 });
  assert.match(await (await b.get('/collections')).text(), /3 papers/);
});
