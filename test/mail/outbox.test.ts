// The mail outbox on a real database and a real SMTP server: pages answer truthfully while the mail server is
// down and nothing is lost; once it answers, every mail arrives exactly once (two workers share the rows) and
// its links work; refusals are recorded and shown by `dailypapers status`; a rolled-back write queues nothing;
// stop() is prompt and touches the database no more.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, afterEach, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../src/config.ts';
import { createPool } from '../../src/db/connect.ts';
import { createLogger, type Logger } from '../../src/log.ts';
import { createSmtpMailer, type Mailer } from '../../src/mail/mailer.ts';
import { startOutboxWorker, type OutboxWorker, type OutboxWorkerOptions } from '../../src/mail/outbox-worker.ts';
import { enqueueMail, outboxCounts, recentMailFailures } from '../../src/store/mail-outbox.ts';
import { createApp } from '../../src/web/app.ts';
import { queueMail } from '../../src/mail/mail-queue.ts';
import { MAIL_QUEUED_TEXT } from '../../src/web/outgoing-mail.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { freePort } from '../helpers/ports.ts';
import { startSmtp, type Received } from '../helpers/smtp.ts';
import { Browser, createTestUser } from '../helpers/users.ts';

const { sql, url } = await createTestDatabase();
const config = { ...loadConfig({}), trustProxy: { hops: 1 } };
const FROM = 'Daily Papers <papers@localhost>';
let ip = 0;
const freshIp = () => ({ 'x-forwarded-for': `203.0.113.${++ip}` });

const mailers: Mailer[] = [];
const workers: OutboxWorker[] = [];
// Each test starts with no worker running and an empty outbox.
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
  await sql`TRUNCATE mail_outbox`;
});
after(async () => {
  await Promise.all(mailers.map((m) => m.close()));
});

/** A worker with millisecond backoff, sending through its own SMTP pool to `smtpUrl`. */
function worker(smtpUrl: string, options: Partial<OutboxWorkerOptions> = {}): OutboxWorker {
  const mailer = createSmtpMailer(smtpUrl, FROM);
  mailers.push(mailer);
  const w = startOutboxWorker({ sql, mailer, log: createLogger(), retryDelayMs: () => 100, maxAttempts: 1000, pollMs: 1000, ...options });
  workers.push(w);
  return w;
}

async function waitFor(what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

const mainOf = (html: string) => /<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '';
const linkIn = (m: Received | undefined) => new URL(/https?:\/\/\S+/.exec(m?.text ?? '')![0]);
const outbox = () => sql<
  { kind: string; recipient: string; state: string; attempts: number; last_error: string | null; message_id: string }[]
>`
  SELECT kind, recipient, state, attempts, last_error, message_id FROM mail_outbox ORDER BY id`;

test('mail server down: sign-up, reset and subscribe say the mail will follow; once it answers, each mail arrives once and its link works', async () => {
  const port = await freePort();
  const smtpUrl = `smtp://127.0.0.1:${port}`;
  const app = createApp({ config, sql, log: createLogger(), outbox: worker(smtpUrl) });
  await createTestUser(sql, { email: 'member@example.org', username: 'member' });

  const newcomer = new Browser(app);
  const signup = await newcomer.post(
    '/signup',
    { email: 'new@example.org', username: 'newcomer', display_name: '', password: 'long enough password' },
    { tokenFrom: '/signup', headers: freshIp() },
  );
  const taken = await new Browser(app).post(
    '/signup',
    { email: 'member@example.org', username: 'someoneelse', display_name: '', password: 'long enough password' },
    { tokenFrom: '/signup', headers: freshIp() },
  );
  assert.equal(signup.status, 200);
  assert.equal(taken.status, 200);
  const signupHtml = await signup.text();
  assert.ok(signupHtml.includes(MAIL_QUEUED_TEXT), 'the page says the mail will follow');
  assert.doesNotMatch(signupHtml, /We sent a mail/);
  assert.equal(
    mainOf(await taken.text()).replace('member@example.org', 'new@example.org'),
    mainOf(signupHtml),
    'a taken address gets the same page',
  );
  assert.equal((await sql`SELECT 1 FROM users WHERE username = 'newcomer'`).length, 1, 'the new account exists');
  assert.equal(newcomer.cookies.has('dp_session'), false, 'and is not logged in: a taken address could not be');

  const reset = await new Browser(app).post('/forgot', { email: 'member@example.org' }, { tokenFrom: '/forgot', headers: freshIp() });
  const unknown = await new Browser(app).post('/forgot', { email: 'nobody@example.org' }, { tokenFrom: '/forgot', headers: freshIp() });
  assert.equal(reset.status, 200);
  const resetHtml = await reset.text();
  assert.ok(resetHtml.includes(MAIL_QUEUED_TEXT));
  assert.equal(
    mainOf(await unknown.text())
      .replaceAll('nobody@example.org', 'member@example.org')
      .replace(/value="[\w-]{20,}"/g, ''),
    mainOf(resetHtml).replace(/value="[\w-]{20,}"/g, ''),
    'an unknown address gets the same page',
  );

  const subscribe = await new Browser(app).post(
    '/subscribe',
    { email: 'reader@example.org', frequency: 'daily', trending: 'on' },
    { tokenFrom: '/subscribe', headers: freshIp() },
  );
  assert.equal(subscribe.status, 200);
  assert.ok((await subscribe.text()).includes(MAIL_QUEUED_TEXT));

  const queued = await outbox();
  assert.deepEqual(
    queued.map((r) => [r.kind, r.recipient, r.state]),
    [
      ['verification', 'new@example.org', 'pending'],
      ['account-notice', 'member@example.org', 'pending'],
      ['reset', 'member@example.org', 'pending'],
      ['subscription', 'reader@example.org', 'pending'],
    ],
  );
  for (const r of queued) assert.match(r.last_error ?? '', /ECONNREFUSED/);
  assert.equal((await sql`SELECT status FROM subscriptions WHERE email = 'reader@example.org'`)[0]?.status, 'pending');

  // A second server process on the same database, then the mail server comes up on the port that was dead.
  worker(smtpUrl);
  const smtp = await startSmtp(port);
  await waitFor('every mail sent', async () => (await outbox()).every((r) => r.state === 'sent'));
  await sleep(500); // time for a duplicate to show up, if there were one
  assert.deepEqual(smtp.received.map((m) => m.to).sort(), [
    'member@example.org',
    'member@example.org',
    'new@example.org',
    'reader@example.org',
  ]);
  assert.deepEqual(
    new Set(smtp.received.map((m) => m.messageId)),
    new Set(queued.map((r) => r.message_id)),
    "each mail once, with its row's Message-ID",
  );
  const sent = await sql<{ text: string }[]>`SELECT text FROM mail_outbox`;
  assert.ok(
    sent.every((r) => r.text === ''),
    'sent mail keeps no links in the database',
  );

  const verify = linkIn(smtp.received.find((m) => m.to === 'new@example.org'));
  assert.equal(verify.pathname, '/verify');
  assert.match(await (await newcomer.get(verify.pathname + verify.search)).text(), /Email confirmed/);
  assert.match(smtp.received.find((m) => /Sign-up attempt/.test(m.subject))?.text ?? '', /already has an account/);
  const resetLink = linkIn(smtp.received.find((m) => /Reset your/.test(m.subject)));
  assert.equal((await new Browser(app).get(resetLink.pathname)).status, 200, 'the reset link works');
  const confirm = linkIn(smtp.received.find((m) => m.to === 'reader@example.org'));
  assert.match(await (await new Browser(app).get(confirm.pathname + confirm.search)).text(), /You are subscribed/);
  assert.equal((await sql`SELECT status FROM subscriptions WHERE email = 'reader@example.org'`)[0]?.status, 'active');

  // With the server up, the page says the mail went.
  const now = await new Browser(app).post('/forgot', { email: 'member@example.org' }, { tokenFrom: '/forgot', headers: freshIp() });
  assert.match(await now.text(), /we sent it a link/);
});

test('two workers on one database send each of many queued mails exactly once', async () => {
  const smtp = await startSmtp();
  const ids: number[] = [];
  await sql.begin(async (tx) => {
    for (let i = 0; i < 40; i++)
      ids.push(await queueMail(tx, { config }, 'notification', { to: `n${i}@example.org`, subject: `Note ${i}`, text: `Hello ${i}` }));
  });
  const [a, b] = [worker(smtp.url, { batchSize: 3 }), worker(smtp.url, { batchSize: 3 })];
  // The pages' deliverNow races the workers for some of the same rows.
  const outcomes = await Promise.all(ids.slice(0, 10).map((id, i) => (i % 2 ? a : b).deliverNow(id, 2000)));
  assert.ok(
    outcomes.every((o) => o === 'sent' || o === 'queued'),
    outcomes.join(),
  );
  await waitFor('every mail sent', async () => (await outbox()).every((r) => r.state === 'sent'));
  await sleep(300);
  assert.equal(smtp.received.length, 40);
  assert.equal(new Set(smtp.received.map((m) => m.to)).size, 40);
});

test('a worker wakes as soon as a mail is queued, without waiting for its poll', async () => {
  const smtp = await startSmtp();
  worker(smtp.url, { pollMs: 60_000 });
  await sleep(200); // its first look found nothing; it now sleeps for a minute unless woken
  const started = Date.now();
  await enqueueMail(sql, { kind: 'notification', to: 'wake@example.org', subject: 'Wake up', text: 'Hi', messageId: '<wake@localhost>' });
  await waitFor('the mail', () => smtp.received.some((m) => m.to === 'wake@example.org'), 5_000);
  assert.ok(Date.now() - started < 5_000);
});

test('a 550 refusal is recorded as failed, said on the page, and listed by status', async () => {
  const smtp = await startSmtp();
  smtp.refuse.add('bounce@example.org');
  const app = createApp({ config, sql, log: createLogger(), outbox: worker(smtp.url) });
  const res = await new Browser(app).post(
    '/subscribe',
    { email: 'bounce@example.org', frequency: 'daily', trending: 'on' },
    { tokenFrom: '/subscribe', headers: freshIp() },
  );
  assert.equal(res.status, 200);
  assert.match(await res.text(), /Our mail server refused to deliver a mail to <strong>bounce@example.org/);
  const [row] = await outbox();
  assert.equal(row?.state, 'failed');
  assert.equal(row?.attempts, 1, 'a permanent refusal is not retried');
  assert.match(row?.last_error ?? '', /550/);
  const counts = await outboxCounts(sql);
  assert.equal(counts.failed, 1);
  assert.equal(counts.pending, 0);
  const [failure] = await recentMailFailures(sql, 5);
  assert.equal(failure?.to, 'bounce@example.org');
  assert.equal(failure?.kind, 'subscription');

  const status = await runCli(['status']);
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, /mail outbox: 0 pending, 1 failed, 0 sent in the last day/);
  assert.match(status.stdout, /failed .* subscription to bounce@example.org after 1 attempt: .*550/);
});

test('a write that rolls back queues no mail', async () => {
  await assert.rejects(
    sql.begin(async (tx) => {
      await queueMail(tx, { config }, 'verification', { to: 'ghost@example.org', subject: 'Never', text: 'Never sent' });
      throw new Error('the user could not be created');
    }),
    /could not be created/,
  );
  assert.equal((await outbox()).length, 0);
});

test('stop() is prompt, and after it the worker touches the database no more', async () => {
  const idle = worker('smtp://127.0.0.1:1');
  await sleep(100);
  let started = Date.now();
  await idle.stop();
  assert.ok(Date.now() - started < 500, `idle stop took ${Date.now() - started} ms`);

  // A send that hangs: stop() gives it stopTimeoutMs, then returns; the late "250 OK" is not recorded.
  const smtp = await startSmtp();
  smtp.delayMs = 1500;
  const pool = createPool(url, { max: 4 });
  const warnings: string[] = [];
  const log: Logger = { ...createLogger(), warn: (msg) => void warnings.push(msg), child: () => log };
  const mailer = createSmtpMailer(smtp.url, FROM);
  mailers.push(mailer);
  const slow = startOutboxWorker({ sql: pool, mailer, log, leaseMs: 1000, stopTimeoutMs: 200, pollMs: 1000 });
  await enqueueMail(sql, { kind: 'notification', to: 'slow@example.org', subject: 'Slow', text: 'Hi', messageId: '<slow@localhost>' });
  await waitFor('the send to start', async () => (await sql`SELECT 1 FROM mail_outbox WHERE lease_until IS NOT NULL`).length > 0);
  started = Date.now();
  await slow.stop();
  assert.ok(Date.now() - started < 700, `stop took ${Date.now() - started} ms`);
  await pool.end({ timeout: 1 }); // any query from the worker after this would fail and be logged
  await waitFor('the slow server to accept the mail', () => smtp.received.length === 1, 5_000);
  await sleep(100);
  assert.equal((await outbox())[0]?.state, 'pending', 'not recorded after stop');
  assert.deepEqual(warnings, []);

  // Its lease runs out and another worker sends it again: same Message-ID, so the copy shows once.
  smtp.delayMs = 0;
  worker(smtp.url);
  await waitFor('the resend', () => smtp.received.length === 2, 5_000);
  assert.equal(smtp.received[0]!.messageId, smtp.received[1]!.messageId);
  await waitFor('the row recorded as sent', async () => (await outbox())[0]?.state === 'sent');
});

const CLI = path.resolve(import.meta.dirname, '..', '..', 'src', 'cli.ts');
function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn', EMBEDDINGS: 'off' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
