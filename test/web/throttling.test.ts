// Throttles over HTTP on a real database, with the rate limits' clock in the test's hands (nothing sleeps):
// wrong passwords in settings, strangers who cannot lock an owner out, a sign-up that answers the same for
// every address, sliding windows across the old fixed windows' boundaries, and passwords too long to hash.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hash } from '@node-rs/argon2';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { MemoryMailer } from '../../src/mail/mailer.ts';
import { createApp } from '../../src/web/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { Browser, createTestUser, loggedIn, TEST_PASSWORD } from '../helpers/users.ts';

const { sql } = await createTestDatabase();
const mailer = new MemoryMailer();
let clock = Date.now();
const app = createApp({
  config: { ...loadConfig({}), trustProxy: { hops: 1 } },
  sql,
  log: createLogger(),
  mailer,
  now: () => new Date(clock),
});
/** Moves the rate limits' clock forward. */
const advance = (seconds: number) => {
  clock += seconds * 1000;
};
let ipCounter = 0;
/** A client address of its own (another network), so one test's per-network counts never reach another's. */
const freshIp = () => {
  const n = ++ipCounter;
  return { 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` };
};
const retryAfter = (r: Response) => Number(r.headers.get('retry-after'));
const login = (b: Browser, email: string, password: string, headers = freshIp(), csrfPage = '/login') =>
  b.post('/login', { email, password }, { tokenFrom: csrfPage, headers });

test('wrong current passwords in every settings form are throttled: 5 answered 422, then 429 for a minute', async () => {
  const forms: [string, (password: string) => Record<string, string>][] = [
    ['/settings/password', (password) => ({ current: password, password: 'another good password' })],
    ['/settings/email', (password) => ({ email: 'somewhere-else@example.org', password })],
    ['/settings/delete', (password) => ({ password })],
  ];
  for (const [path, fields] of forms) {
    const { browser } = await loggedIn(app, sql);
    const csrf = await browser.csrfFrom('/settings');
    const statuses: number[] = [];
    let last: Response | null = null;
    for (let i = 0; i < 25; i++) {
      last = await browser.post(path, fields(`wrong guess number ${i}`), { csrf });
      statuses.push(last.status);
    }
    assert.deepEqual(statuses, [...Array<number>(5).fill(422), ...Array<number>(20).fill(429)], path);
    assert.equal(retryAfter(last!), 60, path);
    assert.match(await last!.text(), /Too many wrong passwords for this account\. Try again in 1 minute\./, path);
  }
});

test('one count for every password check of an account: settings forms and log-in share it, it backs off, and the right password ends it', async () => {
  const { browser, user } = await loggedIn(app, sql);
  const csrf = await browser.csrfFrom('/settings');
  for (let i = 0; i < 5; i++)
    assert.equal(
      (await browser.post('/settings/password', { current: `not it ${i}`, password: 'another good password' }, { csrf })).status,
      422,
    );
  const del = await browser.post('/settings/delete', { password: 'still not it' }, { csrf });
  assert.equal(del.status, 429);
  assert.equal(retryAfter(del), 60);
  const relogin = await login(browser, user.email, 'also wrong', freshIp(), '/settings');
  assert.equal(relogin.status, 429, 'the log-in form counts against the same account');

  advance(59);
  const early = await browser.post('/settings/email', { email: 'moved-away@example.org', password: 'wrong again' }, { csrf });
  assert.equal(early.status, 429);
  assert.equal(retryAfter(early), 1, 'Retry-After is the time left, not the window');
  advance(1);
  assert.equal(
    (await browser.post('/settings/delete', { password: 'sixth wrong one' }, { csrf })).status,
    422,
    'allowed exactly when Retry-After said',
  );
  const doubled = await browser.post('/settings/delete', { password: 'seventh wrong one' }, { csrf });
  assert.equal(doubled.status, 429);
  assert.equal(retryAfter(doubled), 120, 'each further failure waits twice as long');
  advance(120);
  assert.equal(
    (await browser.post('/settings/password', { current: TEST_PASSWORD, password: 'another good password' }, { csrf })).status,
    303,
  );
  for (let i = 0; i < 5; i++)
    assert.equal(
      (await browser.post('/settings/delete', { password: `typo ${i}` })).status,
      422,
      'the right password forgives the earlier failures',
    );
});

test('strangers cannot lock the owner out: they are throttled per network and per account, the owner’s browser is not', async () => {
  const victim = await createTestUser(sql);
  const owner = new Browser(app);
  const home = freshIp();
  assert.equal((await login(owner, victim.email, TEST_PASSWORD, home)).status, 303);
  assert.equal((await owner.post('/logout', {}, { tokenFrom: '/papers' })).status, 303);

  // One stranger on one network: 5 failures, then a backoff.
  const stranger = new Browser(app);
  const theirNet = freshIp();
  for (let i = 0; i < 5; i++) assert.equal((await login(stranger, victim.email, `guess ${i}`, theirNet)).status, 401);
  const slowed = await login(stranger, victim.email, 'guess 5', theirNet);
  assert.equal(slowed.status, 429);
  assert.equal(retryAfter(slowed), 60);
  // Other networks, the address in capitals and with spaces: the same account. 8 failures in all reach its limit.
  for (let i = 0; i < 3; i++) assert.equal((await login(new Browser(app), `  ${victim.email.toUpperCase()} `, `spread ${i}`)).status, 401);
  const refused = await login(new Browser(app), victim.email, TEST_PASSWORD);
  assert.equal(refused.status, 429, 'a browser that never logged in to this account waits, even with the right password');
  assert.equal(retryAfter(refused), 60, 'not the 900 s of a fixed window');
  assert.match(await refused.text(), /Too many failed log-ins for this account[^.]*\. Try again in 1 minute, or reset your password\./);

  // The owner's browser, even from the stranger's network: its own budget, untouched.
  assert.equal((await login(owner, victim.email, 'owner typo', theirNet)).status, 401);
  const ownerIn = await login(owner, victim.email.toUpperCase(), TEST_PASSWORD, theirNet);
  assert.equal(ownerIn.status, 303);
  assert.equal(ownerIn.headers.get('retry-after'), null);
  assert.equal((await owner.post('/logout', {}, { tokenFrom: '/papers' })).status, 303);

  // Everyone else waits exactly as long as Retry-After said.
  advance(59);
  const early = await login(new Browser(app), victim.email, TEST_PASSWORD);
  assert.equal(early.status, 429);
  assert.equal(retryAfter(early), 1);
  assert.match(await early.text(), /Try again in 1 second,/);
  advance(1);
  assert.equal((await login(new Browser(app), victim.email, TEST_PASSWORD)).status, 303);
});

test('on https the browser mark is __Host-dp_device (Secure, Path=/, no Domain), and it is what lets the owner in', async () => {
  const https = createApp({
    config: { ...loadConfig({}), baseUrl: 'https://papers.example.org', trustProxy: { hops: 1 } },
    sql,
    log: createLogger(),
    mailer,
    now: () => new Date(clock),
  });
  const victim = await createTestUser(sql);
  const owner = new Browser(https);
  const res = await owner.post('/login', { email: victim.email, password: TEST_PASSWORD }, { tokenFrom: '/login', headers: freshIp() });
  assert.equal(res.status, 303);
  const mark = res.headers.getSetCookie().find((line) => line.startsWith('__Host-dp_device='));
  assert.ok(mark, res.headers.getSetCookie().join('\n'));
  assert.match(mark, /; Path=\/;/);
  assert.match(mark, /; Secure/);
  assert.match(mark, /; HttpOnly/);
  assert.doesNotMatch(mark, /Domain=/i);
  await owner.post('/logout', {}, { tokenFrom: '/papers' });
  for (let i = 0; i < 8; i++)
    await new Browser(https).post('/login', { email: victim.email, password: `guess ${i}` }, { tokenFrom: '/login', headers: freshIp() });
  assert.equal(
    (await new Browser(https).post('/login', { email: victim.email, password: TEST_PASSWORD }, { tokenFrom: '/login', headers: freshIp() }))
      .status,
    429,
  );
  assert.equal(
    (await owner.post('/login', { email: victim.email, password: TEST_PASSWORD }, { tokenFrom: '/login', headers: freshIp() })).status,
    303,
  );
});

test('a password reset marks its browser as the owner’s: strangers throttling the account do not hold up the log-in after it', async () => {
  const victim = await createTestUser(sql);
  for (let i = 0; i < 8; i++) assert.equal((await login(new Browser(app), victim.email, `guess ${i}`)).status, 401);
  assert.equal((await login(new Browser(app), victim.email, TEST_PASSWORD)).status, 429);
  const owner = new Browser(app);
  await owner.post('/forgot', { email: victim.email }, { tokenFrom: '/forgot', headers: freshIp() });
  const link = new URL(mailer.linkTo(victim.email)!);
  assert.equal((await owner.post(link.pathname, { password: 'my own new password' }, { tokenFrom: link.pathname })).status, 303);
  assert.equal((await login(owner, victim.email, 'my own new password')).status, 303);
  assert.equal((await login(new Browser(app), victim.email, 'my own new password')).status, 429, 'other browsers still wait');
});

test('guesses sent in parallel cannot outrun the count: exactly 5 of 20 are checked', async () => {
  const victim = await createTestUser(sql);
  const net = freshIp();
  const b = new Browser(app);
  const csrf = await b.csrfFrom('/login');
  const statuses = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      b.post('/login', { email: victim.email, password: `parallel ${i}` }, { csrf, headers: net }).then((r) => r.status),
    ),
  );
  assert.deepEqual(statuses.sort(), [...Array<number>(5).fill(401), ...Array<number>(15).fill(429)]);
});

test('an address without an account is throttled exactly like one with an account', async () => {
  const member = await createTestUser(sql);
  const answers = async (email: string) => {
    const net = freshIp();
    const out: string[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await login(new Browser(app), email, `wrong ${i}`, net);
      out.push(`${r.status} ${r.headers.get('retry-after')}`);
    }
    return out;
  };
  const known = await answers(member.email);
  assert.deepEqual(await answers(`nobody-${ipCounter}@example.org`), known);
  assert.deepEqual(known.slice(4), ['401 null', '429 60', '429 60']);
});

test('sign-up answers a new and a registered address alike: same status, headers and page, no session; the link logs in', async () => {
  await createTestUser(sql, { email: 'regular1@example.org', username: 'regular1' });
  const signup = (b: Browser, email: string, username: string) =>
    b.post(
      '/signup',
      { email, username, display_name: '', password: 'long enough password' },
      { tokenFrom: '/signup', headers: freshIp() },
    );
  const newcomer = new Browser(app);
  const fresh = await signup(newcomer, 'newcomer@example.org', 'newcomer');
  const taken = await signup(new Browser(app), 'regular1@example.org', 'someoneelse');
  assert.equal(fresh.status, 200);
  assert.equal(taken.status, 200);
  const shape = (r: Response) => [...r.headers].map(([k, v]) => `${k}: ${k === 'set-cookie' ? v.replace(/=[^;]*/, '=…') : v}`);
  assert.deepEqual(shape(fresh), shape(taken));
  assert.doesNotMatch(fresh.headers.get('set-cookie') ?? '', /dp_session/, 'nobody is logged in at sign-up');
  assert.equal(newcomer.cookies.has('dp_session'), false);
  const page = async (r: Response, email: string) =>
    (await r.text()).replaceAll(email, 'EMAIL').replace(/(name="_csrf" value="|content=")[\w-]{40,}"/g, '$1"');
  assert.equal(await page(fresh, 'newcomer@example.org'), await page(taken, 'regular1@example.org'));
  assert.match(mailer.lastTo('regular1@example.org')!.subject, /Sign-up attempt/);
  const [account] = await sql<
    { hash: string }[]
  >`SELECT password_hash AS hash FROM users WHERE username = 'newcomer' AND email_verified_at IS NULL`;
  assert.match(account!.hash, /^\$argon2id\$/);

  const link = new URL(mailer.linkTo('newcomer@example.org')!);
  const confirmed = await newcomer.get(link.pathname + link.search);
  assert.equal(confirmed.status, 200);
  assert.match(await confirmed.text(), /Email confirmed/);
  assert.ok(newcomer.cookies.has('dp_session'), 'the confirmation link logs the new account in');
  assert.equal((await newcomer.get('/settings')).status, 200);
});

test('limits slide: limit + 1 sign-ups straddling the old fixed windows’ boundary are refused, with the exact Retry-After', async () => {
  const hour = 3_600_000;
  clock = Math.ceil((clock + 60_000) / hour) * hour - 45_000; // 45 s before a whole hour, where a fixed window ended
  const net = freshIp();
  let n = 0;
  const signup = () => {
    n++;
    return new Browser(app).post(
      '/signup',
      { email: `slide${n}@example.org`, username: `slide${n}`, display_name: '', password: 'long enough password' },
      { tokenFrom: '/signup', headers: net },
    );
  };
  for (let i = 0; i < 5; i++) {
    assert.equal((await signup()).status, 200);
    advance(1);
  }
  advance(90 - 5); // 45 s past the whole hour: 90 s after the first sign-up
  const sixth = await signup();
  assert.equal(sixth.status, 429, 'five in the last hour already');
  assert.equal(retryAfter(sixth), 3600 - 90);
  assert.match(await sixth.text(), /Too many sign-ups from your network\. Try again in 58 minutes 30 seconds\./);
  advance(3600 - 90 - 1);
  const early = await signup();
  assert.equal(early.status, 429);
  assert.equal(retryAfter(early), 1);
  advance(1);
  assert.equal((await signup()).status, 200, 'the first sign-up left the window');
  const next = await signup();
  assert.equal(next.status, 429);
  assert.equal(retryAfter(next), 1, 'the second leaves one second after the first');
});

test('passwords longer than 256 characters are never hashed: log-in fails, settings and new passwords get a 422', async () => {
  const long = 'a very long passphrase '.repeat(100); // 2,300 characters
  const { browser, user } = await loggedIn(app, sql);
  // As if this account's password were that long (the site never accepted one): it still cannot be used.
  await sql`UPDATE users SET password_hash = ${await hash(long, { algorithm: 2 })} WHERE id = ${user.id}`;
  assert.equal((await login(new Browser(app), user.email, long)).status, 401);
  const del = await browser.post('/settings/delete', { password: long });
  assert.equal(del.status, 422);
  assert.match(await del.text(), /That is not your current password/);
  assert.equal((await sql`SELECT 1 FROM users WHERE id = ${user.id}`).length, 1);

  const huge = 'x'.repeat(5 * 1024 * 1024);
  assert.ok([401, 413].includes((await login(new Browser(app), user.email, huge)).status));
  const signup = await new Browser(app).post(
    '/signup',
    { email: 'longpw@example.org', username: 'longpw', display_name: '', password: long },
    { tokenFrom: '/signup', headers: freshIp() },
  );
  assert.equal(signup.status, 422);
  assert.match(await signup.text(), /Use at most 256 characters/);
});
