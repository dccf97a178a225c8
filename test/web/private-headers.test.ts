// Pages with private data are never stored by a cache (Cache-Control: private, no-store), and on https the
// session cookie is `__Host-` prefixed and Secure, an unprefixed one (planted over http or by a subdomain) ignored.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { Browser, createTestUser, loggedIn } from '../helpers/users.ts';

const { sql } = await createTestDatabase();

test('pages a logged-in person sees send Cache-Control: private, no-store; anonymous pages do not', async () => {
  const app = createTestApp(sql);
  const { browser } = await loggedIn(app, sql);
  const created = await browser.post('/collections', { title: 'Private list', description: '' }, { tokenFrom: '/collections' });
  const collection = created.headers.get('location')!.replace(/\?.*/, '');
  for (const path of ['/settings', '/settings/digest', '/for-you', '/collections', collection, `${collection}?edit=1`, '/papers']) {
    const res = await browser.get(path);
    await res.arrayBuffer();
    assert.ok(res.status < 400, `${path}: ${res.status}`);
    assert.match(res.headers.get('cache-control') ?? '', /no-store/, path);
  }
  const anon = await app.request('/about');
  await anon.arrayBuffer();
  assert.doesNotMatch(anon.headers.get('cache-control') ?? '', /no-store/);
});

test('the log-in response is not stored either', async () => {
  const app = createTestApp(sql);
  const user = await createTestUser(sql);
  const res = await new Browser(app).login(user.email);
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('cache-control'), 'private, no-store');
});

test('on https the session cookie is __Host-dp_session, Secure, Path=/, no Domain; an unprefixed cookie is ignored', async () => {
  const app = createTestApp(sql, { baseUrl: 'https://papers.example.org' });
  const user = await createTestUser(sql);
  const browser = new Browser(app);
  const res = await browser.login(user.email);
  assert.equal(res.status, 303);
  const line = res.headers.getSetCookie().findLast((l) => l.startsWith('__Host-dp_session='));
  assert.ok(line, res.headers.getSetCookie().join('\n'));
  assert.match(line, /;\s*Secure/i);
  assert.match(line, /;\s*Path=\/(;|$)/i);
  assert.match(line, /;\s*HttpOnly/i);
  assert.doesNotMatch(line, /Domain=/i);
  const token = browser.cookies.get('__Host-dp_session')!;
  assert.equal((await browser.get('/settings')).status, 200, 'the prefixed cookie logs in');

  const planted = new Browser(app);
  planted.cookies.set('dp_session', token);
  const page = await planted.get('/settings');
  assert.equal(page.status, 303, 'the unprefixed cookie is not a session on https');
});

test('on plain http (a laptop, a test) the cookie keeps its plain name and is not Secure', async () => {
  const app = createTestApp(sql, { baseUrl: 'http://localhost:3000' });
  const user = await createTestUser(sql);
  const res = await new Browser(app).login(user.email);
  const line = res.headers.getSetCookie().findLast((l) => l.startsWith('dp_session='));
  assert.ok(line);
  assert.doesNotMatch(line, /;\s*Secure/i);
});
