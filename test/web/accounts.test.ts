// Accounts over HTTP on a real database: sign-up with email verification, log in/out, throttling,
// password reset, settings, deletion; and the refusals: CSRF, other origins, no account enumeration.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryMailer } from '../../src/mail/mailer.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { Browser, createTestUser, TEST_PASSWORD } from '../helpers/users.ts';

const { sql } = await createTestDatabase();
const mailer = new MemoryMailer();
const app = createTestApp(sql, { trustProxy: { hops: 1 } }, mailer);
let ipCounter = 0;
/** Each test its own client address, so per-network limits of one test do not hit another. */
const freshIp = () => ({ 'x-forwarded-for': `198.51.100.${++ipCounter}` });

async function signup(b: Browser, fields: Record<string, string>, headers = freshIp()) {
  return b.post('/signup', { display_name: '', ...fields }, { tokenFrom: '/signup', headers });
}

test('sign up, confirm the address from the mail, and you are logged in and verified', async () => {
  const b = new Browser(app);
  const res = await signup(b, { email: 'ada@example.org', username: 'ada', password: 'analytical engine' });
  assert.equal(res.status, 200);
  assert.match(await res.text(), /Check your inbox/);
  assert.equal(b.cookies.has('dp_session'), false, 'not logged in by the sign-up (a registered address could not be)');
  const early = new Browser(app);
  assert.equal(
    (await early.login('ada@example.org', 'analytical engine')).status,
    303,
    'the password works before the address is confirmed',
  );
  assert.match(await (await early.get('/settings')).text(), /Confirm your email/);

  const link = mailer.linkTo('ada@example.org');
  assert.ok(link?.startsWith('http://localhost:3000/verify?token='), link);
  const verified = await b.get(new URL(link!).pathname + new URL(link!).search);
  assert.equal(verified.status, 200);
  assert.match(await verified.text(), /Email confirmed/);
  assert.ok(b.cookies.has('dp_session'), 'the link logs in');
  const session = b.cookies.get('dp_session')!;
  const stored = await sql<{ token_hash: string }[]>`SELECT token_hash FROM sessions`;
  assert.ok(stored.length > 0 && stored.every((r) => r.token_hash !== session), 'only a hash of the token is stored');
  assert.doesNotMatch(await (await b.get('/settings')).text(), /Confirm your email/);
  const again = await b.get(new URL(link!).pathname + new URL(link!).search);
  assert.equal(again.status, 400, 'a link works once');
  const [row] = await sql<{ password_hash: string }[]>`SELECT password_hash FROM users WHERE username = 'ada'`;
  assert.match(row!.password_hash, /^\$argon2id\$/);
});

test('sign-up does not reveal which addresses have accounts; bad input is a 422 that keeps what was typed', async () => {
  await createTestUser(sql, { email: 'taken@example.org', username: 'taken' });
  const b = new Browser(app);
  const res = await signup(b, { email: 'Taken@Example.org', username: 'newname', password: 'long enough password' });
  assert.equal(res.status, 200);
  assert.match(await res.text(), /Check your inbox/);
  assert.equal(b.cookies.has('dp_session'), false);
  assert.match(mailer.lastTo('taken@example.org')!.subject, /Sign-up attempt/);

  const bad = await signup(new Browser(app), { email: 'not-an-email', username: 'X!', password: 'short' });
  assert.equal(bad.status, 422);
  const html = await bad.text();
  assert.match(html, /Enter an email address like/);
  assert.match(html, /Use 3 to 30 lowercase letters/);
  assert.match(html, /at least 10 characters/);
  assert.match(html, /value="not-an-email"/);
  const taken = await signup(new Browser(app), { email: 'fresh@example.org', username: 'taken', password: 'long enough password' });
  assert.equal(taken.status, 422);
  assert.match(await taken.text(), /That username is taken/);
});

test('log in and out; a wrong password and an unknown address get the same answer; failures are throttled', async () => {
  const user = await createTestUser(sql);
  const b = new Browser(app);
  const wrong = await b.post('/login', { email: user.email, password: 'wrong password!' }, { tokenFrom: '/login', headers: freshIp() });
  const unknown = await b.post('/login', { email: 'nobody@example.org', password: 'wrong password!' }, { tokenFrom: '/login' });
  assert.equal(wrong.status, 401);
  assert.equal(unknown.status, 401);
  assert.match(await wrong.text(), /Wrong email or password/);
  assert.match(await unknown.text(), /Wrong email or password/);

  const ok = await b.post(
    '/login',
    { email: user.email.toUpperCase(), password: TEST_PASSWORD, next: '/papers/2405.15738' },
    { tokenFrom: '/login' },
  );
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), '/papers/2405.15738');
  assert.match(ok.headers.get('set-cookie') ?? '', /dp_session=.*HttpOnly.*SameSite=Lax/i);
  assert.match(await (await b.get('/papers')).text(), new RegExp(`href="/users/${user.username}"`));
  const offsite = await new Browser(app).post(
    '/login',
    { email: user.email, password: TEST_PASSWORD, next: '//evil.example/x' },
    { tokenFrom: '/login' },
  );
  assert.equal(offsite.headers.get('location'), '/papers', 'never redirects to another site');

  const out = await b.post('/logout', {}, { tokenFrom: '/papers' });
  assert.equal(out.status, 303);
  assert.equal(b.cookies.has('dp_session'), false);
  assert.equal((await sql`SELECT 1 FROM sessions WHERE user_id = ${user.id}`).length, 1, 'only the other browser is still logged in');

  const victim = await createTestUser(sql);
  const attacker = new Browser(app);
  for (let i = 0; i < 8; i++) {
    const r = await attacker.post(
      '/login',
      { email: victim.email, password: `guess ${i} wrong` },
      { tokenFrom: '/login', headers: freshIp() },
    );
    assert.equal(r.status, 401);
  }
  const blocked = await attacker.post(
    '/login',
    { email: victim.email, password: TEST_PASSWORD },
    { tokenFrom: '/login', headers: freshIp() },
  );
  assert.equal(blocked.status, 429);
  assert.ok(Number(blocked.headers.get('retry-after')) > 0);
  assert.match(await blocked.text(), /Too many failed log-ins/);
});

test('every state-changing request needs the CSRF token and a same-site origin', async () => {
  const user = await createTestUser(sql);
  const b = new Browser(app);
  await b.login(user.email);
  const noToken = await app.request('/settings/profile', {
    method: 'POST',
    body: new URLSearchParams({ display_name: 'Hacked' }),
    headers: { cookie: b.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(noToken.status, 403);
  assert.match(await noToken.text(), /form has expired or was sent from another site/);
  const wrong = await b.post('/settings/profile', { display_name: 'Hacked' }, { csrf: 'x'.repeat(43) });
  assert.equal(wrong.status, 403);
  const crossSite = await b.post('/settings/profile', { display_name: 'Hacked' }, { headers: { origin: 'https://evil.example' } });
  assert.equal(crossSite.status, 403);
  const anonLogin = await app.request('/login', {
    method: 'POST',
    body: new URLSearchParams({ email: user.email, password: TEST_PASSWORD }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(anonLogin.status, 403, 'log-in CSRF: an anonymous form needs the cookie-bound token too');
  const [row] = await sql<{ display_name: string }[]>`SELECT display_name FROM users WHERE id = ${user.id}`;
  assert.notEqual(row?.display_name, 'Hacked');
  const ok = await b.post('/settings/profile', { display_name: 'Ada L.', upvotes_public: 'on' });
  assert.equal(ok.status, 303);
  assert.match(await (await b.get('/settings?saved=profile')).text(), /Saved\./);
});

test('password reset: same answer for any address, a one-time link, and every old session logged out', async () => {
  const user = await createTestUser(sql);
  const other = new Browser(app);
  await other.login(user.email);
  const b = new Browser(app);
  const res = await b.post('/forgot', { email: user.email }, { tokenFrom: '/forgot', headers: freshIp() });
  const none = await b.post('/forgot', { email: 'nobody-here@example.org' }, { tokenFrom: '/forgot' });
  assert.match(await res.text(), /If an account uses/);
  assert.match(await none.text(), /If an account uses/);
  assert.equal(mailer.lastTo('nobody-here@example.org'), undefined);
  const link = new URL(mailer.linkTo(user.email)!);
  assert.match(link.pathname, /^\/reset\//);
  assert.equal((await b.get(link.pathname)).status, 200);
  const short = await b.post(link.pathname, { password: 'short' }, { tokenFrom: link.pathname });
  assert.equal(short.status, 422);
  const done = await b.post(link.pathname, { password: 'a brand new password' }, { tokenFrom: link.pathname });
  assert.equal(done.status, 303);
  assert.equal(done.headers.get('location'), '/login?notice=password-reset');
  assert.equal((await b.get(link.pathname)).status, 400, 'used once');
  assert.equal((await other.get('/settings')).status, 303, 'the old session is gone');
  assert.equal((await new Browser(app).login(user.email, 'a brand new password')).status, 303);
});

test('settings: change password (other sessions end), change email (confirmed at the new address), delete the account', async () => {
  const user = await createTestUser(sql);
  const b = new Browser(app);
  await b.login(user.email);
  const elsewhere = new Browser(app);
  await elsewhere.login(user.email);
  const wrongCurrent = await b.post('/settings/password', { current: 'not it at all', password: 'another good password' });
  assert.equal(wrongCurrent.status, 422);
  assert.equal((await b.post('/settings/password', { current: TEST_PASSWORD, password: 'another good password' })).status, 303);
  assert.equal((await b.get('/settings')).status, 200, 'this session stays');
  assert.equal((await elsewhere.get('/settings')).status, 303, 'the other one ends');

  const changed = await b.post('/settings/email', { email: 'moved@example.org', password: 'another good password' });
  assert.match(await changed.text(), /We sent a confirmation link to moved@example.org/);
  const link = new URL(mailer.linkTo('moved@example.org')!);
  assert.equal((await b.get(link.pathname + link.search)).status, 200);
  const [row] = await sql<{ email: string }[]>`SELECT email FROM users WHERE id = ${user.id}`;
  assert.equal(row?.email, 'moved@example.org');

  const refused = await b.post('/settings/delete', { password: 'wrong password here' });
  assert.equal(refused.status, 422);
  const deleted = await b.post('/settings/delete', { password: 'another good password' });
  assert.equal(deleted.status, 303);
  assert.equal((await sql`SELECT 1 FROM users WHERE id = ${user.id}`).length, 0);
  assert.equal((await b.get('/settings')).status, 303);
});

test('sign-ups from one network are limited (429 with Retry-After)', async () => {
  const ip = { 'x-forwarded-for': '203.0.113.99' };
  for (let i = 0; i < 5; i++) {
    const r = await signup(
      new Browser(app),
      { email: `flood${i}@example.org`, username: `flood${i}`, password: 'long enough password' },
      ip,
    );
    assert.equal(r.status, 200);
  }
  const sixth = await signup(new Browser(app), { email: 'flood6@example.org', username: 'flood6', password: 'long enough password' }, ip);
  assert.equal(sixth.status, 429);
  assert.ok(sixth.headers.get('retry-after'));
  assert.match(await sixth.text(), /Too many sign-ups/);
});

test('pages for logged-in visitors are never served from or stored in the shared cache', async () => {
  const user = await createTestUser(sql);
  const b = new Browser(app);
  await b.login(user.email);
  const page = await b.get('/papers');
  assert.match(await page.text(), /<meta name="csrf-token"/);
  const anon = await app.request('/papers');
  assert.doesNotMatch(await anon.text(), /csrf-token|Log out/);
  assert.equal(anon.headers.get('set-cookie'), null, 'anonymous pages set no cookie (so they can be shared)');
});
