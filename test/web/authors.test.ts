// Author pages, organization pages and authorship claims over HTTP on a real database: listing and paging,
// links from paper pages and cards, the claim → admin approval flow with the moderation log, and the refusals.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verifiedAuthorsOf } from '../../src/store/author-claims.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { Browser, loggedIn } from '../helpers/users.ts';

const { sql } = await createTestDatabase();
const app = createTestApp(sql, { feedPageSize: 2 });

const ADA = 'Ada Lovelace';
const ODD = "José Ñ. O'Brien/Smith";
const [org] = await sql<
  { id: string }[]
>`INSERT INTO organizations (name, fullname) VALUES ('analytical', 'Analytical Engines Ltd') RETURNING id`;

async function insertPaper(
  id: string,
  p: { title: string; authors: string[]; published: string; org?: boolean; hidden?: boolean; dailyDate?: string },
) {
  await sql`
    INSERT INTO papers (id, title, author_names, published_at, organization_id, hidden_at, daily_date, daily_source)
    VALUES (${id}, ${p.title}, ${p.authors}, ${p.published}, ${p.org ? org!.id : null}, ${p.hidden ? new Date() : null},
            ${p.dailyDate ?? null}, ${p.dailyDate ? 'arxiv' : null})`;
}

await insertPaper('2401.00001', {
  title: 'Notes on the Engine',
  authors: [ADA, 'Charles Babbage'],
  published: '2024-01-02T10:00:00Z',
  org: true,
  dailyDate: '2024-01-03',
});
await insertPaper('2402.00002', {
  title: 'Bernoulli Numbers by Machine',
  authors: ['Charles Babbage', ADA, ODD],
  published: '2024-02-05T10:00:00Z',
  org: true,
});
await insertPaper('2403.00003', { title: 'Poetical Science', authors: [ADA], published: '2024-03-09T10:00:00Z' });
await insertPaper('2403.00004', { title: 'A Hidden Spam Paper', authors: [ADA], published: '2024-03-10T10:00:00Z', hidden: true });
await insertPaper('2403.00005', { title: 'Difference Engines Only', authors: ['Charles Babbage'], published: '2024-03-11T10:00:00Z' });

const authorUrl = (name: string) => `/authors/${encodeURIComponent(name)}`;
const html = async (path: string, b?: Browser) => {
  const res = b ? await b.get(path) : await app.request(path);
  return { status: res.status, body: await res.text() };
};
const order = (body: string, titles: string[]) => titles.map((t) => body.indexOf(t));

test('an author page lists their papers newest first, paginated, without hidden papers', async () => {
  const first = await html(authorUrl(ADA));
  assert.equal(first.status, 200);
  assert.match(first.body, /<h1>Ada Lovelace<\/h1>/);
  assert.match(first.body, /3 papers on this site/);
  const [a, b] = order(first.body, ['Poetical Science', 'Bernoulli Numbers by Machine']);
  assert.ok(a! > 0 && b! > a!, 'newest first');
  assert.doesNotMatch(first.body, /Notes on the Engine/, 'on page 2');
  assert.doesNotMatch(first.body, /Hidden Spam Paper/);
  assert.doesNotMatch(first.body, /Difference Engines Only/);
  assert.match(first.body, /href="\/authors\/Ada%20Lovelace\?page=2"/);
  const second = await html(`${authorUrl(ADA)}?page=2`);
  assert.match(second.body, /Notes on the Engine/);
  assert.match(second.body, /Page 2 of 2/);

  const odd = await html(authorUrl(ODD));
  assert.equal(odd.status, 200);
  assert.match(odd.body, /Bernoulli Numbers by Machine/);
  assert.match(odd.body, /1 paper on this site/);

  const nobody = await html(authorUrl('Nobody At All'));
  assert.equal(nobody.status, 404);
  assert.match(nobody.body, /No papers by Nobody At All here/);
});

test('author names on paper pages and cards link to author pages; badges link to the organization', async () => {
  const paper = await html('/papers/2402.00002');
  assert.match(paper.body, /<a href="\/authors\/Ada%20Lovelace">Ada Lovelace<\/a>/);
  assert.ok(paper.body.includes(`href="${authorUrl(ODD).replace("'", '&#39;')}"`), 'names with slashes and quotes are encoded');
  assert.match(paper.body, /<a class="org-badge" href="\/orgs\/analytical"/);
  const feed = await html('/papers/date/2024-01-03');
  assert.match(feed.body, /<a href="\/authors\/Charles%20Babbage">Charles Babbage<\/a>/);
  assert.match(feed.body, /<a class="org-badge" href="\/orgs\/analytical" title="Analytical Engines Ltd">/);
});

test('an organization page lists its papers newest first; unknown organizations are a 404', async () => {
  const page = await html('/orgs/analytical');
  assert.equal(page.status, 200);
  assert.match(page.body, /Analytical Engines Ltd/);
  assert.match(page.body, /2 papers on this site/);
  const [a, b] = order(page.body, ['Bernoulli Numbers by Machine', 'Notes on the Engine']);
  assert.ok(a! > 0 && b! > a!, 'newest first');
  assert.doesNotMatch(page.body, /Poetical Science/);
  const missing = await html('/orgs/nope');
  assert.equal(missing.status, 404);
});

test('claim authorship, an admin approves: the author is marked on the paper, author page and for comments', async () => {
  const anon = await html('/papers/2402.00002');
  assert.match(anon.body, /Are you an author of this paper\?/);
  assert.match(anon.body, /href="\/login\?next=%2Fpapers%2F2402.00002%23claim"/);

  const { browser, user } = await loggedIn(app, sql);
  const form = await html('/papers/2402.00002', browser);
  assert.match(form.body, /<form method="post" action="\/claims"/);
  assert.match(form.body, /<option value="1">Ada Lovelace<\/option>/);
  const res = await browser.post('/claims', { paper_id: '2402.00002', position: '1' }, { tokenFrom: '/papers/2402.00002' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/papers/2402.00002#claim');
  assert.match(
    (await html('/papers/2402.00002', browser)).body,
    /Your claim to be Ada Lovelace \(author 2\) is waiting for an administrator/,
  );
  assert.equal((await verifiedAuthorsOf(sql, '2402.00002')).size, 0, 'not verified before approval');

  const { browser: admin, user: adminUser } = await loggedIn(app, sql, { role: 'admin' });
  const queue = await html('/admin/claims', admin);
  assert.equal(queue.status, 200);
  assert.match(queue.body, new RegExp(`@${user.username}, ${user.email}\\) says they are`));
  const [claim] = await sql<{ id: string }[]>`SELECT id FROM author_claims WHERE user_id = ${user.id}`;
  const approved = await admin.post(
    `/admin/claims/${claim!.id}/approve`,
    { reason: 'Institutional address matches' },
    { tokenFrom: '/admin/claims' },
  );
  assert.equal(approved.status, 303);
  assert.equal(approved.headers.get('location'), '/admin/claims?done=approved');
  assert.match((await html('/admin/claims?done=approved', admin)).body, /No claims are waiting/);

  const [entry] = await sql<{ moderator_id: string; action: string; target_type: string; target_id: string; reason: string }[]>`
    SELECT moderator_id, action, target_type, target_id, reason FROM moderation_log WHERE target_type = 'claim'`;
  assert.deepEqual(
    { ...entry, moderator_id: Number(entry!.moderator_id) },
    {
      moderator_id: adminUser.id,
      action: 'approve_claim',
      target_type: 'claim',
      target_id: claim!.id,
      reason: 'Institutional address matches',
    },
  );

  assert.deepEqual(await verifiedAuthorsOf(sql, '2402.00002'), new Map([[user.id, 1]]));
  const marked = await html('/papers/2402.00002');
  assert.match(
    marked.body,
    new RegExp(`<a href="/authors/Ada%20Lovelace">Ada Lovelace</a> <a class="verified-author" href="/users/${user.username}"`),
  );
  const authorPage = await html(authorUrl(ADA));
  assert.match(authorPage.body, new RegExp(`Verified author on this site: <a href="/users/${user.username}">${user.displayName}</a>`));
  assert.match((await html('/papers/2402.00002', browser)).body, /You are a verified author of this paper \(Ada Lovelace\)/);
  // Their comments on the paper carry the mark too.
  await browser.post('/papers/2402.00002/comments', { body: 'Happy to answer questions.' }, { tokenFrom: '/papers/2402.00002' });
  assert.match((await html('/papers/2402.00002', browser)).body, /class="badge verified-badge" title="A verified author of this paper"/);

  // The same position cannot be verified for a second person, and the claimant cannot claim twice.
  const { browser: impostor } = await loggedIn(app, sql);
  const taken = await impostor.post('/claims', { paper_id: '2402.00002', position: '1' }, { tokenFrom: '/papers/2402.00002' });
  assert.equal(taken.status, 409);
  assert.match(await taken.text(), /already verified as another user/);
  const twice = await browser.post('/claims', { paper_id: '2402.00002', position: '0' }, { tokenFrom: '/papers/2402.00002' });
  assert.equal(twice.status, 409);
  assert.match(await twice.text(), /You already claimed authorship of this paper; your claim was approved/);
});

test('rejecting needs a reason and is logged; a decided claim cannot be decided again', async () => {
  const { browser, user } = await loggedIn(app, sql);
  const res = await browser.post(
    '/claims',
    { paper_id: '2401.00001', position: '1' },
    { tokenFrom: '/papers/2401.00001', headers: { accept: 'application/json' } },
  );
  assert.equal(res.status, 201);
  assert.equal(((await res.json()) as { status: string }).status, 'pending');
  const [claim] = await sql<{ id: string }[]>`SELECT id FROM author_claims WHERE user_id = ${user.id}`;
  const { browser: admin } = await loggedIn(app, sql, { role: 'admin' });
  const noReason = await admin.post(`/admin/claims/${claim!.id}/reject`, { reason: ' ' }, { tokenFrom: '/admin/claims' });
  assert.equal(noReason.status, 422);
  const rejected = await admin.post(
    `/admin/claims/${claim!.id}/reject`,
    { reason: 'Not on the author list of the journal version' },
    { tokenFrom: '/admin/claims', headers: { accept: 'application/json' } },
  );
  assert.equal(rejected.status, 200);
  assert.deepEqual(await rejected.json(), { status: 'rejected', id: Number(claim!.id), paperId: '2401.00001' });
  const [log] = await sql`SELECT action, reason FROM moderation_log WHERE target_id = ${claim!.id}`;
  assert.deepEqual({ ...log }, { action: 'reject_claim', reason: 'Not on the author list of the journal version' });
  const again = await admin.post(`/admin/claims/${claim!.id}/approve`, {}, { tokenFrom: '/admin/claims' });
  assert.equal(again.status, 409);
  assert.equal((await verifiedAuthorsOf(sql, '2401.00001')).size, 0);
  assert.match((await html('/papers/2401.00001', browser)).body, /Your claim to be Charles Babbage was not approved/);
  assert.equal((await admin.post('/admin/claims/999999/approve', {}, { tokenFrom: '/admin/claims' })).status, 404);
});

test('claim refusals: bad position 422, unknown paper 404, not logged in 401, non-admins 403 on the queue', async () => {
  const { browser } = await loggedIn(app, sql);
  const tokenFrom = '/papers/2403.00003';
  const tooFar = await browser.post('/claims', { paper_id: '2403.00003', position: '1' }, { tokenFrom });
  assert.equal(tooFar.status, 422);
  assert.match(await tooFar.text(), /has no author number 2/);
  assert.equal((await browser.post('/claims', { paper_id: '2403.00003', position: 'first' }, { tokenFrom })).status, 422);
  assert.equal((await browser.post('/claims', { paper_id: '2403.00003', position: '-1' }, { tokenFrom })).status, 422);
  assert.equal((await browser.post('/claims', { paper_id: '2412.99999', position: '0' }, { tokenFrom })).status, 404);
  assert.equal((await sql`SELECT 1 FROM author_claims WHERE paper_id = '2403.00003'`).length, 0);

  const anon = await new Browser(app).post('/claims', { paper_id: '2403.00003', position: '0' }, { tokenFrom: '/login' });
  assert.equal(anon.status, 401);

  assert.equal((await browser.get('/admin/claims')).status, 403);
  const [pending] = await sql<{ id: string }[]>`
    INSERT INTO author_claims (paper_id, user_id, position) SELECT '2403.00005', id, 0 FROM users LIMIT 1 RETURNING id`;
  const forbidden = await browser.post(`/admin/claims/${pending!.id}/approve`, {}, { tokenFrom });
  assert.equal(forbidden.status, 403);
  assert.equal((await new Browser(app).get('/admin/claims')).status, 401);
  const [still] = await sql`SELECT status FROM author_claims WHERE id = ${pending!.id}`;
  assert.equal(still!.status, 'pending');
});
