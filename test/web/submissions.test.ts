// Paper submissions over HTTP on a real database, with arXiv played by a local replay server: a new paper
// is fetched and featured today, a known one is featured without asking arXiv, a featured one is never
// moved, and the refusals (window, unknown id, arXiv down, not logged in, unverified, suspended, CSRF, rate limit).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { formatDay } from '../../src/core/dates.ts';
import { createLogger } from '../../src/log.ts';
import { MemoryMailer } from '../../src/mail/mailer.ts';
import { setSuspended } from '../../src/store/users.ts';
import { createApp } from '../../src/web/app.ts';
import { createWebArxivFetcher } from '../../src/web/arxiv-client.ts';
import { longDay } from '../../src/web/views/format.ts';
import { apiFeed } from '../helpers/arxiv-bodies.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { pathWith, startReplayServer } from '../helpers/replay-server.ts';
import { Browser, createTestUser, loggedIn } from '../helpers/users.ts';

const { sql } = await createTestDatabase();
const arxiv = await startReplayServer();
const config = { ...loadConfig({}), arxivApiUrl: `${arxiv.url}/api/query`, arxivRequestIntervalMs: 0 };
const log = createLogger();
// Retries without waiting, so "arXiv is down" is answered at once.
const app = createApp({
  config,
  sql,
  log,
  mailer: new MemoryMailer(),
  arxiv: createWebArxivFetcher(config, log, { sleep: async () => {} }),
});

const DAY_MS = 86_400_000;
const today = formatDay(new Date());
const rfc2822DaysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toUTCString();
const lookupOf = (id: string) => pathWith('/api/query', { id_list: id });

/** A paper already on the site, published `daysAgo`, featured on `dailyDate` (or not featured). */
async function insertPaper(id: string, opts: { daysAgo: number; dailyDate?: string | null; title?: string }) {
  await sql`
    INSERT INTO papers (id, title, abstract, author_names, published_at, daily_date, daily_source, metadata_rank)
    VALUES (${id}, ${opts.title ?? `Paper ${id}`}, 'An abstract.', ${['Ada Lovelace']}, ${new Date(Date.now() - opts.daysAgo * DAY_MS)},
            ${opts.dailyDate ?? null}, ${opts.dailyDate ? 'arxiv' : null}, 2)`;
}

async function paperRow(id: string) {
  const [row] = await sql<
    {
      daily_date: string | null;
      daily_source: string | null;
      submitted_by: { name: string; fullname: string; avatarUrl: null } | null;
      submitted_by_user_id: string | null;
      submitted_at: Date | null;
    }[]
  >`
    SELECT daily_date, daily_source, submitted_by, submitted_by_user_id, submitted_at FROM papers WHERE id = ${id}`;
  return row;
}

async function submit(browser: Browser, paper: string, headers: Record<string, string> = {}) {
  return browser.post('/submit', { paper }, { tokenFrom: '/submit', headers });
}

test('the form: a login link for visitors, the form for users', async () => {
  const anon = await app.request('/submit');
  assert.equal(anon.status, 200);
  const html = await anon.text();
  assert.match(html, /href="\/login\?next=%2Fsubmit"/);
  assert.doesNotMatch(html, /name="paper"/);
  const { browser } = await loggedIn(app, sql);
  const form = await (await browser.get('/submit?paper=2405.15738')).text();
  assert.match(form, /<form method="post" action="\/submit"/);
  assert.match(form, /name="paper"[^>]*value="2405.15738"|value="2405.15738"[^>]*name="paper"/);
  assert.match(form, /last 14 days/);
});

test('a paper new to the site is fetched from arXiv and featured today, submitted by the user', async () => {
  const id = '2603.00001';
  arxiv.route(lookupOf(id), {
    body: apiFeed([
      { id, title: 'Fresh Results on Submitted Papers', authors: ['Grace Hopper', 'Alan Turing'], versions: [rfc2822DaysAgo(2)] },
    ]),
  });
  const { browser, user } = await loggedIn(app, sql);
  const res = await submit(browser, `https://arxiv.org/pdf/${id}v1.pdf`);
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), `/papers/${id}?submitted=new`);
  assert.ok(
    arxiv.requests.some((r) => r.includes(`id_list=${id}`)),
    'asked arXiv for the bare id',
  );
  assert.match(arxiv.userAgents.at(-1) ?? '', /^dailypapers\//);

  const row = await paperRow(id);
  assert.equal(row?.daily_date, today);
  assert.equal(row?.daily_source, 'submission');
  assert.deepEqual(row?.submitted_by, { name: user.username, fullname: user.displayName, avatarUrl: null });
  assert.equal(Number(row?.submitted_by_user_id), user.id);
  assert.ok(row?.submitted_at instanceof Date);

  const page = await (await browser.get(res.headers.get('location')!)).text();
  assert.match(page, /is on the daily page of/);
  assert.match(page, /Submitted to the daily page by/);
  const feed = await (await app.request(`/papers/date/${today}`)).text();
  assert.match(feed, /Fresh Results on Submitted Papers/);
  assert.match(feed, new RegExp(`submitted by ${user.displayName}`));
});

test("a paper the site has but never featured goes on today's page without asking arXiv; JSON answers 201", async () => {
  await insertPaper('2603.00002', { daysAgo: 3 });
  const { browser, user } = await loggedIn(app, sql);
  const asked = arxiv.requests.length;
  const res = await submit(browser, 'arXiv:2603.00002 [cs.LG]', { accept: 'application/json' });
  assert.equal(res.status, 201);
  const body = (await res.json()) as { status: string; url: string; dailyDate: string };
  assert.equal(body.status, 'submitted');
  assert.equal(body.url, '/papers/2603.00002?submitted=new');
  assert.equal(body.dailyDate, today);
  assert.equal(arxiv.requests.length, asked, 'arXiv was not asked');
  const row = await paperRow('2603.00002');
  assert.equal(row?.daily_source, 'submission');
  assert.equal(Number(row?.submitted_by_user_id), user.id);
});

test('a paper already featured is neither duplicated nor moved: the user is sent to its page', async () => {
  await insertPaper('2603.00003', { daysAgo: 5, dailyDate: '2026-03-02' });
  const before = await paperRow('2603.00003');
  const { browser } = await loggedIn(app, sql);
  const res = await submit(browser, 'https://arxiv.org/abs/2603.00003v2');
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/papers/2603.00003?submitted=already');
  const page = await (await browser.get(res.headers.get('location')!)).text();
  assert.match(page, new RegExp(`already featured on <a href="/papers/date/2026-03-02">${longDay('2026-03-02')}</a>`));
  assert.deepEqual(await paperRow('2603.00003'), before);
  assert.equal((await sql`SELECT 1 FROM papers WHERE id = '2603.00003'`).length, 1);

  const json = await submit(browser, '2603.00003', { accept: 'application/json' });
  assert.equal(json.status, 200);
  assert.equal(((await json.json()) as { status: string }).status, 'already_featured');

  // The paper submitted by someone else earlier today is not taken over either.
  const { browser: second } = await loggedIn(app, sql);
  const again = await submit(second, '2603.00002');
  assert.equal(again.headers.get('location'), '/papers/2603.00002?submitted=already');
});

test('papers outside the submission window are refused with the reason, and nothing is written', async () => {
  await insertPaper('2603.00004', { daysAgo: 30 });
  const { browser } = await loggedIn(app, sql);
  const old = await submit(browser, '2603.00004');
  assert.equal(old.status, 422);
  const html = await old.text();
  assert.match(html, /only papers published in the last 14 days/);
  assert.match(html, /value="2603.00004"/, 'the form keeps what was typed');
  assert.equal((await paperRow('2603.00004'))?.daily_date, null);

  const id = '2603.00005';
  arxiv.route(lookupOf(id), { body: apiFeed([{ id, title: 'An Old Classic', versions: [rfc2822DaysAgo(40), rfc2822DaysAgo(1)] }]) });
  const fetched = await submit(browser, id, { accept: 'application/json' });
  assert.equal(fetched.status, 422);
  assert.match(((await fetched.json()) as { error: string }).error, /arXiv published this paper on .*last 14 days/);
  assert.equal(await paperRow(id), undefined, 'the fetched paper was not stored');
});

test('ids arXiv does not know and input that is no id are refused with 422', async () => {
  const id = '2603.99999';
  arxiv.route(lookupOf(id), { body: apiFeed([]) });
  const { browser } = await loggedIn(app, sql);
  const unknown = await submit(browser, id);
  assert.equal(unknown.status, 422);
  assert.match(await unknown.text(), /arXiv has no paper arXiv:2603.99999/);
  assert.equal(await paperRow(id), undefined);

  const junk = await submit(browser, 'https://example.com/my-paper');
  assert.equal(junk.status, 422);
  assert.match(await junk.text(), /is not an arXiv id or arXiv URL/);
});

test('arXiv unreachable: 503 with a message, nothing written', async () => {
  const id = '2603.00006';
  arxiv.route(lookupOf(id), { status: 503, body: 'Service Unavailable' });
  const { browser } = await loggedIn(app, sql);
  const res = await submit(browser, id);
  assert.equal(res.status, 503);
  assert.match(await res.text(), /arXiv cannot be reached right now/);
  assert.equal(await paperRow(id), undefined);
  const json = await submit(browser, id, { accept: 'application/json' });
  assert.equal(json.status, 503);
  assert.match(((await json.json()) as { error: string }).error, /Nothing was saved/);
});

test('refusals: not logged in 401, unverified 403, suspended 403, wrong CSRF token 403', async () => {
  await insertPaper('2603.00007', { daysAgo: 1 });
  const anon = new Browser(app);
  const res = await anon.post('/submit', { paper: '2603.00007' }, { tokenFrom: '/login' });
  assert.equal(res.status, 401);

  const unverified = await createTestUser(sql, { verified: false });
  const u = new Browser(app);
  await u.login(unverified.email);
  const r403 = await u.post('/submit', { paper: '2603.00007' }, { tokenFrom: '/papers' });
  assert.equal(r403.status, 403);
  assert.match(await r403.text(), /Confirm your email address first/);
  assert.match(await (await u.get('/submit')).text(), /Confirm your email address first/);

  const { browser: s, user: suspended } = await loggedIn(app, sql);
  await setSuspended(sql, suspended.id, 'spam');
  const r403s = await s.post('/submit', { paper: '2603.00007' }, { tokenFrom: '/papers' });
  assert.equal(r403s.status, 403);
  assert.match(await r403s.text(), /suspended: spam/);

  const { browser } = await loggedIn(app, sql);
  const forged = await browser.post('/submit', { paper: '2603.00007' }, { csrf: 'x'.repeat(43) });
  assert.equal(forged.status, 403);
  assert.equal((await paperRow('2603.00007'))?.daily_date, null);
});

test('new accounts may submit 3 papers a day; the 4th attempt is a 429', async () => {
  await insertPaper('2603.00008', { daysAgo: 1, dailyDate: today });
  const { browser } = await loggedIn(app, sql);
  for (let i = 0; i < 3; i++) assert.equal((await submit(browser, '2603.00008')).status, 303);
  const limited = await submit(browser, '2603.00008');
  assert.equal(limited.status, 429);
  assert.ok(Number(limited.headers.get('retry-after')) > 0);
  assert.match(await limited.text(), /Too many paper submissions/);
});
