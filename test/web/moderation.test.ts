// Moderation over HTTP: hiding and restoring papers and comments, suspending users, roles, the public
// log; and the refusals (anonymous, plain users, no reason, moderators acting on moderators).
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { importSource } from '../../src/import/importer.ts';
import { openInput } from '../../src/import/reader.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { FIXTURES } from '../helpers/paths.ts';
import { Browser, createTestUser, loggedIn } from '../helpers/users.ts';

const { sql } = await createTestDatabase();
const app = createTestApp(sql);
await importSource(sql, await openInput(path.join(FIXTURES, 'arxiv-papers.jsonl')));
const PAPER = '2405.14906';

test('a moderator hides a paper with a reason: gone for everyone else, logged publicly, restorable', async () => {
  const { browser: mod, user: modUser } = await loggedIn(app, sql, { role: 'moderator' });
  const form = await mod.get(`/moderate?paper=${PAPER}`);
  assert.equal(form.status, 200);
  assert.match(await form.text(), /Hide the paper/);
  const noReason = await mod.post(
    '/moderate',
    { target_type: 'paper', target_id: PAPER, action: 'hide', reason: '' },
    { tokenFrom: `/moderate?paper=${PAPER}` },
  );
  assert.equal(noReason.status, 422);
  const hidden = await mod.post(
    '/moderate',
    { target_type: 'paper', target_id: PAPER, action: 'hide', reason: 'Spam <script>alert(1)</script>' },
    { tokenFrom: `/moderate?paper=${PAPER}` },
  );
  assert.equal(hidden.status, 303);

  const anon = await app.request(`/papers/${PAPER}`);
  assert.equal(anon.status, 404);
  assert.match(await anon.text(), /removed this paper from the site: Spam &lt;script&gt;/);
  const seen = await mod.get(`/papers/${PAPER}`);
  assert.equal(seen.status, 200);
  assert.match(await seen.text(), /hidden from everyone but moderators/);
  const log = await (await app.request('/moderation')).text();
  assert.match(log, new RegExp(`${modUser.username}</td><td>hid a paper`));
  assert.match(log, /Spam &lt;script&gt;alert\(1\)&lt;\/script&gt;/);

  const twice = await mod.post(
    '/moderate',
    { target_type: 'paper', target_id: PAPER, action: 'hide', reason: 'again' },
    { tokenFrom: `/moderate?paper=${PAPER}` },
  );
  assert.equal(twice.status, 400, 'hiding a hidden paper is refused (the form was stale)');
  const restored = await mod.post(
    '/moderate',
    { target_type: 'paper', target_id: PAPER, action: 'unhide', reason: 'Was a false alarm' },
    { tokenFrom: `/moderate?paper=${PAPER}` },
  );
  assert.equal(restored.status, 303);
  assert.equal((await app.request(`/papers/${PAPER}`)).status, 200);
});

test('only moderators moderate: anonymous 401, users 403, unknown targets 404', async () => {
  const anon = new Browser(app);
  const r1 = await anon.post(
    '/moderate',
    { target_type: 'paper', target_id: PAPER, action: 'hide', reason: 'x x x' },
    { tokenFrom: '/login' },
  );
  assert.equal(r1.status, 401);
  const { browser: user } = await loggedIn(app, sql);
  assert.equal((await user.get(`/moderate?paper=${PAPER}`)).status, 403);
  const r2 = await user.post(
    '/moderate',
    { target_type: 'paper', target_id: PAPER, action: 'hide', reason: 'x x x' },
    { tokenFrom: '/settings' },
  );
  assert.equal(r2.status, 403);
  assert.equal((await user.get('/admin')).status, 403);
  const { browser: mod } = await loggedIn(app, sql, { role: 'moderator' });
  assert.equal((await mod.get('/moderate?paper=9999.99999')).status, 404);
  assert.equal((await mod.get('/moderate?comment=12345')).status, 404);
  assert.equal((await mod.get('/moderate')).status, 400);
});

test('removing a comment keeps the count of visible comments exact and logs it', async () => {
  const author = await createTestUser(sql);
  const [c1] = await sql<{ id: number }[]>`
    INSERT INTO comments (paper_id, user_id, body, body_html) VALUES (${PAPER}, ${author.id}, 'Rude words', '<p>Rude words</p>') RETURNING id::int`;
  await sql`INSERT INTO comments (paper_id, user_id, body, body_html) VALUES (${PAPER}, ${author.id}, 'Fine', '<p>Fine</p>')`;
  await sql`UPDATE papers SET num_comments = 2 WHERE id = ${PAPER}`;
  const { browser: mod } = await loggedIn(app, sql, { role: 'moderator' });
  const page = `/moderate?comment=${c1!.id}`;
  assert.match(await (await mod.get(page)).text(), /Rude words/);
  assert.equal(
    (
      await mod.post(
        '/moderate',
        { target_type: 'comment', target_id: String(c1!.id), action: 'hide', reason: 'Be kind' },
        { tokenFrom: page },
      )
    ).status,
    303,
  );
  const [p] = await sql<{ num_comments: number }[]>`SELECT num_comments FROM papers WHERE id = ${PAPER}`;
  assert.equal(p?.num_comments, 1);
  assert.match(await (await app.request('/moderation')).text(), /removed a comment/);
});

test('suspending a user ends their sessions; moderators cannot suspend moderators, admins can; roles change', async () => {
  const { browser: target, user: targetUser } = await loggedIn(app, sql);
  const { browser: mod } = await loggedIn(app, sql, { role: 'moderator' });
  const page = `/moderate?user=${targetUser.username}`;
  assert.equal(
    (
      await mod.post(
        '/moderate',
        { target_type: 'user', target_id: targetUser.username, action: 'suspend', reason: 'Spamming submissions' },
        { tokenFrom: page },
      )
    ).status,
    303,
  );
  assert.equal((await target.get('/settings')).status, 303, 'logged out');
  const [row] = await sql<{ suspended_reason: string }[]>`SELECT suspended_reason FROM users WHERE id = ${targetUser.id}`;
  assert.equal(row?.suspended_reason, 'Spamming submissions');
  // Logged in again, a suspended user is told why when acting.
  const again = new Browser(app);
  await again.login(targetUser.email);
  const acting = await again.post('/moderate', { target_type: 'paper', target_id: PAPER, action: 'hide', reason: 'x x x' });
  assert.equal(acting.status, 403);
  assert.match(await acting.text(), /suspended: Spamming submissions/);

  const { user: otherMod } = await loggedIn(app, sql, { role: 'moderator' });
  const refused = await mod.post(
    '/moderate',
    { target_type: 'user', target_id: otherMod.username, action: 'suspend', reason: 'power trip' },
    { tokenFrom: `/moderate?user=${otherMod.username}` },
  );
  assert.equal(refused.status, 403);

  const { browser: admin } = await loggedIn(app, sql, { role: 'admin' });
  assert.equal((await admin.get('/admin')).status, 200);
  assert.equal(
    (await admin.post('/admin/role', { username: targetUser.username, role: 'moderator' }, { tokenFrom: '/admin' })).status,
    303,
  );
  const [promoted] = await sql<{ role: string }[]>`SELECT role FROM users WHERE id = ${targetUser.id}`;
  assert.equal(promoted?.role, 'moderator');
  assert.equal((await admin.post('/admin/role', { username: targetUser.username, role: 'emperor' }, { tokenFrom: '/admin' })).status, 400);
  assert.match(await (await admin.get(`/admin?q=${targetUser.username}`)).text(), new RegExp(targetUser.email));
});

test('the moderation log is public, paginated and has an empty state', async () => {
  const fresh = await createTestDatabase();
  const empty = await createTestApp(fresh.sql).request('/moderation');
  assert.equal(empty.status, 200);
  assert.match(await empty.text(), /no moderator has had to act/);
});
