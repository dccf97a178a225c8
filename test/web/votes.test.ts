// Upvotes and trending over HTTP on a real database: the no-JavaScript form flow and the JSON flow, what each
// viewer sees, every refusal, exact counts under 200 concurrent requests, the trending page and API order,
// cached pages following votes, and account deletion taking votes back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { randomToken, sha256 } from '../../src/auth/tokens.ts';
import { loadConfig } from '../../src/config.ts';
import { addDays, formatDay } from '../../src/core/dates.ts';
import { TRENDING_WINDOW_DAYS } from '../../src/core/trending.ts';
import { createLogger } from '../../src/log.ts';
import { createSession } from '../../src/store/sessions.ts';
import { deleteUser, setSuspended, type User } from '../../src/store/users.ts';
import { countVotes } from '../../src/store/votes.ts';
import { createApp } from '../../src/web/app.ts';
import { startPageCache } from '../../src/web/http/page-cache.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { Browser, createTestUser, loggedIn } from '../helpers/users.ts';

const { sql } = await createTestDatabase();
const app = createTestApp(sql, { feedPageSize: 3 });
const today = formatDay(new Date());

async function addPaper(
  id: string,
  opts: { day?: string | null; hf?: number | null; comments?: number; submittedAt?: string | null; hidden?: boolean } = {},
): Promise<void> {
  await sql`
    INSERT INTO papers (id, title, author_names, published_at, daily_date, daily_source, hf_upvotes, num_comments, submitted_at, hidden_at)
    VALUES (${id}, ${`Paper ${id}`}, ${['Ada Lovelace']}, ${`${opts.day ?? today}T08:00:00Z`}, ${opts.day === undefined ? today : opts.day},
            'hf', ${opts.hf ?? null}, ${opts.comments ?? 0}, ${opts.submittedAt ?? null}, ${opts.hidden ? sql`now()` : null})`;
}

/** A logged-in browser without going through the log-in form (no password hashing: fast for 100 users). */
async function sessionOf(user: User): Promise<{ browser: Browser; csrf: string }> {
  const token = randomToken();
  await createSession(sql, {
    tokenHash: sha256(token),
    userId: user.id,
    expiresAt: new Date(Date.now() + 86_400_000),
    userAgent: null,
    ip: null,
  });
  const browser = new Browser(app);
  browser.cookies.set('dp_session', token);
  return { browser, csrf: await browser.csrfFrom('/settings') };
}

/** A vote as app.js sends it. */
function voteJson(s: { browser: Browser; csrf: string }, paperId: string, vote: string, target = app) {
  return target.request(`/papers/${paperId}/vote`, {
    method: 'POST',
    body: new URLSearchParams({ vote }),
    headers: { cookie: s.browser.cookieHeader(), accept: 'application/json', 'x-csrf-token': s.csrf },
  });
}

async function stored(paperId: string): Promise<{ upvotes: number; votes: number; score: number }> {
  const [row] = await sql<{ upvotes: number; score: number }[]>`SELECT upvotes, trending_score AS score FROM papers WHERE id = ${paperId}`;
  return { upvotes: row!.upvotes, votes: await countVotes(sql, paperId), score: row!.score };
}

/** The vote control of a paper on a page: its form (or link) and button. */
function voteControl(html: string, paperId: string): string {
  const start = html.indexOf(`action="/papers/${paperId}/vote"`);
  if (start >= 0) return html.slice(html.lastIndexOf('<form', start), html.indexOf('</form>', start) + 7);
  const card = html.indexOf(`data-paper-id="${paperId}"`);
  assert.ok(card >= 0, `no ${paperId} on the page`);
  const link = html.indexOf('<a class="vote"', card);
  return html.slice(link, html.indexOf('</a>', link) + 4);
}

await addPaper('2605.00001', { hf: 10 });
await addPaper('2605.00002');
await addPaper('hep-th/9901001', { day: addDays(today, -1) });

test('anonymous visitors see counts and a vote link that logs them in and comes back', async () => {
  const html = await (await app.request('/papers')).text();
  const control = voteControl(html, '2605.00001');
  assert.match(control, /<a class="vote" href="\/login\?next=%2Fpapers"/);
  assert.match(control, /<span class="count">10<\/span>/);
  assert.doesNotMatch(html, /name="_csrf"|csrf-token/, 'nothing personal on a page shared through the cache');
  const paper = await (await app.request('/papers/2605.00002')).text();
  assert.match(voteControl(paper, '2605.00002'), /href="\/login\?next=%2Fpapers%2F2605.00002"/);

  // A stale page's form posted without a session: the CSRF check or the log-in check refuses it.
  const anon = new Browser(app);
  assert.equal((await anon.post('/papers/2605.00001/vote', { vote: 'up' }, { csrf: 'x'.repeat(43) })).status, 403);
  const res = await anon.post('/papers/2605.00001/vote', { vote: 'up' }, { tokenFrom: '/login' });
  assert.equal(res.status, 401);
  assert.match(await res.text(), /Log in to do this/);
  assert.equal((await stored('2605.00001')).votes, 0);
});

test('without JavaScript: the form votes, redirects back to the card, and the page shows the vote; repeats change nothing', async () => {
  const { browser } = await loggedIn(app, sql);
  const feed = `/papers/date/${today}`;
  const before = voteControl(await (await browser.get(feed)).text(), '2605.00002');
  assert.match(before, /name="vote" value="up"/);
  assert.match(before, /aria-pressed="false"/);

  const referer = `http://localhost:3000${feed}?sort=trending`;
  const up = await browser.post('/papers/2605.00002/vote', { vote: 'up' }, { tokenFrom: feed, headers: { referer } });
  assert.equal(up.status, 303);
  assert.equal(up.headers.get('location'), `${feed}?sort=trending#paper-2605.00002`);
  assert.deepEqual(await stored('2605.00002').then((s) => [s.upvotes, s.votes]), [1, 1]);
  const after = voteControl(await (await browser.get(feed)).text(), '2605.00002');
  assert.match(after, /aria-pressed="true"/);
  assert.match(after, /name="vote" value="remove"/);
  assert.match(after, /<span class="count">1<\/span>/);
  assert.match(
    voteControl(await (await browser.get(feed)).text(), '2605.00001'),
    /aria-pressed="false"/,
    'only what they upvoted is pressed',
  );
  assert.match(voteControl(await (await browser.get('/papers/2605.00002')).text(), '2605.00002'), /aria-pressed="true"/);

  // A double click or a retried request says "up" again: still one vote.
  assert.equal((await browser.post('/papers/2605.00002/vote', { vote: 'up' }, { tokenFrom: feed })).status, 303);
  assert.deepEqual(await stored('2605.00002').then((s) => [s.upvotes, s.votes]), [1, 1]);
  // Back to the paper page when the form came from nowhere we know (no Referer, another site, "//host").
  const removed = await browser.post('/papers/2605.00002/vote', { vote: 'remove' }, { tokenFrom: feed });
  assert.equal(removed.headers.get('location'), '/papers/2605.00002');
  for (const other of ['https://evil.example/papers', 'http://localhost:3000//evil.example/x', 'not a url']) {
    const r = await browser.post('/papers/2605.00002/vote', { vote: 'remove' }, { tokenFrom: feed, headers: { referer: other } });
    assert.equal(r.headers.get('location'), '/papers/2605.00002', other);
  }
  const fromPaper = await browser.post(
    '/papers/2605.00002/vote',
    { vote: 'up' },
    { tokenFrom: feed, headers: { referer: 'http://localhost:3000/papers/2605.00002' } },
  );
  assert.equal(fromPaper.headers.get('location'), '/papers/2605.00002', 'no card anchor on the paper page itself');
  await browser.post('/papers/2605.00002/vote', { vote: 'remove' }, { tokenFrom: feed });
  assert.deepEqual(await stored('2605.00002').then((s) => [s.upvotes, s.votes]), [0, 0]);
});

test('with JavaScript: JSON with the count cards show (this site plus Hugging Face), old-style and versioned ids', async () => {
  const s = await sessionOf(await createTestUser(sql));
  const up = await voteJson(s, '2605.00001', 'up');
  assert.equal(up.status, 200);
  assert.match(up.headers.get('content-type') ?? '', /application\/json/);
  assert.deepEqual(await up.json(), { paperId: '2605.00001', upvotes: 11, upvoted: true });
  assert.deepEqual(await (await voteJson(s, '2605.00001', 'up')).json(), { paperId: '2605.00001', upvotes: 11, upvoted: true });
  assert.deepEqual(await (await voteJson(s, '2605.00001', 'remove')).json(), { paperId: '2605.00001', upvotes: 10, upvoted: false });

  assert.deepEqual(await (await voteJson(s, 'hep-th/9901001', 'up')).json(), { paperId: 'hep-th/9901001', upvotes: 1, upvoted: true });
  assert.match(voteControl(await (await s.browser.get('/papers/hep-th/9901001')).text(), 'hep-th/9901001'), /aria-pressed="true"/);
  assert.deepEqual(await (await voteJson(s, '2605.00001v3', 'up')).json(), { paperId: '2605.00001', upvotes: 11, upvoted: true });
  await voteJson(s, '2605.00001', 'remove');
  await voteJson(s, 'hep-th/9901001', 'remove');
});

test('refusals: unverified, suspended, wrong CSRF, bad id, bad vote, unknown and hidden papers, rate limit', async () => {
  await addPaper('2605.00009', { hidden: true });
  const expectError = async (res: Response, status: number, message: RegExp) => {
    assert.equal(res.status, status);
    const body = (await res.json()) as { error: string; status: number };
    assert.equal(body.status, status);
    assert.match(body.error, message);
  };
  const unverified = await sessionOf(await createTestUser(sql, { verified: false }));
  await expectError(await voteJson(unverified, '2605.00001', 'up'), 403, /Confirm your email address/);
  const suspendedUser = await createTestUser(sql);
  const suspended = await sessionOf(suspendedUser);
  await setSuspended(sql, suspendedUser.id, 'vote ring');
  await expectError(await voteJson(suspended, '2605.00001', 'up'), 403, /suspended: vote ring/);

  const s = await sessionOf(await createTestUser(sql));
  await expectError(await voteJson({ browser: s.browser, csrf: 'x'.repeat(43) }, '2605.00001', 'up'), 403, /form has expired/);
  const crossSite = await app.request('/papers/2605.00001/vote', {
    method: 'POST',
    body: new URLSearchParams({ vote: 'up', _csrf: s.csrf }),
    headers: { cookie: s.browser.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
  });
  assert.equal(crossSite.status, 403);
  await expectError(await voteJson(s, 'not-an-id', 'up'), 400, /is not an arXiv id/);
  await expectError(await voteJson(s, '2605.00001', 'toggle'), 400, /"vote" must be "up" or "remove"/);
  await expectError(await voteJson(s, '2605.00001', ''), 400, /"vote" must be/);
  await expectError(await voteJson(s, '9912.99999', 'up'), 404, /No paper arXiv:9912.99999/);
  await expectError(await voteJson(s, '2605.00009', 'up'), 404, /No paper/);
  await expectError(await voteJson(s, '2605.00009', 'remove'), 404, /No paper/);
  // The no-JavaScript form gets the same refusals as pages.
  const page = await s.browser.post('/papers/9912.99999/vote', { vote: 'up' }, { csrf: s.csrf });
  assert.equal(page.status, 404);
  assert.match(await page.text(), /<!DOCTYPE html>/);
  assert.equal((await stored('2605.00001')).votes, 0, 'no refusal left a vote behind');

  // Rate limit: as if this account had already voted its hour's worth.
  const limited = await createTestUser(sql);
  const ls = await sessionOf(limited);
  await sql`INSERT INTO rate_limit_events (key, at) SELECT ${`votePerUser:${limited.id}`}, now() FROM generate_series(1, 600)`;
  const tooMany = await voteJson(ls, '2605.00001', 'up');
  assert.ok(Number(tooMany.headers.get('retry-after')) > 0);
  await expectError(tooMany, 429, /Too many votes. Try again in/);
  assert.equal((await stored('2605.00001')).votes, 0);
});

test('200 concurrent upvote and un-upvote requests from 100 users end with the exact count', async () => {
  const paper = '2605.00002';
  const users = await Promise.all(Array.from({ length: 100 }, () => createTestUser(sql)));
  const sessions = await Promise.all(users.map(sessionOf));
  const round = async (votesOf: (i: number) => [string, string]) => {
    const responses = await Promise.all(sessions.flatMap((s, i) => votesOf(i).map((v) => voteJson(s, paper, v))));
    for (const r of responses) assert.equal(r.status, 200, await r.text());
    return stored(paper);
  };

  // Everyone upvotes twice at once: exactly one vote each.
  assert.deepEqual(await round(() => ['up', 'up']).then((s) => [s.upvotes, s.votes]), [100, 100]);
  // Half take it back twice while the other half say "up" again: exactly 50.
  assert.deepEqual(await round((i) => (i % 2 ? ['remove', 'remove'] : ['up', 'up'])).then((s) => [s.upvotes, s.votes]), [50, 50]);
  // Conflicting requests from each user (the order is up to the race): the counter still equals the rows.
  const mixed = await round((i) => (i % 3 === 0 ? ['up', 'remove'] : i % 3 === 1 ? ['remove', 'up'] : ['up', 'up']));
  assert.equal(mixed.upvotes, mixed.votes);
  assert.ok(mixed.votes >= 33 && mixed.votes <= 100, String(mixed.votes));
  const [row] = await sql<{ expected: number }[]>`SELECT count(*)::int AS expected FROM votes WHERE paper_id = ${paper}`;
  assert.equal(mixed.upvotes, row!.expected);
  // And everyone removes: back to zero, never below.
  assert.deepEqual(await round(() => ['remove', 'remove']).then((s) => [s.upvotes, s.votes]), [0, 0]);
});

test('trending: ranked by the stored score, only recent visible papers, paginated, in the page, the tab and the API', async () => {
  await sql`DELETE FROM votes`;
  await sql`DELETE FROM papers`;
  const yesterday = addDays(today, -1);
  await addPaper('2605.00101', { hf: 3 });
  await addPaper('2605.00102', { hf: 1 });
  await addPaper('2605.00103', { hf: 40, day: yesterday }); // older but far more points
  await addPaper('2605.00104', { hf: 0, comments: 4 }); // comments count half
  await addPaper('2605.00105', { hf: 500, hidden: true, day: addDays(today, -2) });
  await addPaper('2605.00106', { hf: 900, day: addDays(today, -TRENDING_WINDOW_DAYS - 5) }); // outside the window
  const ids = (html: string) => [...html.matchAll(/data-paper-id="([^"]+)"/g)].map((m) => m[1]);

  const first = await (await app.request('/papers/trending')).text();
  assert.match(first, /Trending papers/);
  assert.match(first, /How trending works/);
  assert.deepEqual(ids(first), ['2605.00103', '2605.00101', '2605.00104']);
  assert.match(first, /Page 1 of 2/);
  assert.deepEqual(ids(await (await app.request('/papers/trending?page=2')).text()), ['2605.00102']);
  assert.match(await (await app.request('/papers/trending?page=3')).text(), /No papers on this page/);
  assert.equal((await app.request('/papers/trending?page=zero')).status, 400);

  // Votes move papers: three upvotes lift 2605.00102 (1 point) above 2605.00101 (3 points).
  for (let i = 0; i < 3; i++) await voteJson(await sessionOf(await createTestUser(sql)), '2605.00102', 'up');
  assert.deepEqual(ids(await (await app.request('/papers/trending')).text()), ['2605.00103', '2605.00102', '2605.00101']);
  const tab = await (await app.request(`/papers/date/${today}?sort=trending`)).text();
  assert.deepEqual(ids(tab), ['2605.00102', '2605.00101', '2605.00104']);

  const api = (await (await app.request('/api/daily_papers?sort=trending&limit=10')).json()) as {
    paper: { id: string; upvotes: number };
  }[];
  assert.deepEqual(
    api.map((i) => i.paper.id),
    ['2605.00103', '2605.00102', '2605.00101', '2605.00104'],
  );
  assert.equal(api[1]!.paper.upvotes, 4);
  const apiDay = (await (await app.request(`/api/daily_papers?date=${today}&sort=trending`)).json()) as { paper: { id: string } }[];
  assert.deepEqual(
    apiDay.map((i) => i.paper.id),
    ['2605.00102', '2605.00101', '2605.00104'],
  );

  // Logged in, the trending page shows their votes.
  const s = await sessionOf(await createTestUser(sql));
  await voteJson(s, '2605.00101', 'up');
  const mine = await (await s.browser.get('/papers/trending')).text();
  assert.match(voteControl(mine, '2605.00101'), /aria-pressed="true"/);
  assert.match(voteControl(mine, '2605.00102'), /aria-pressed="false"/);

  await sql`DELETE FROM papers`;
  assert.match(await (await app.request('/papers/trending')).text(), /Nothing is trending yet/);
});

test('the about page explains the formula with the constants the code uses', async () => {
  const res = await app.request('/about');
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /How trending works/);
  assert.match(html, /log10\(1 \+ upvotes \+ 0.5 × comments\)/);
  assert.match(html, /48 hours/);
  assert.match(html, /last 30 days/);
});

test('cached pages for anonymous visitors follow votes; deleting an account takes its votes back, and the score with them', async () => {
  await addPaper('2605.00201', { hf: 2 });
  const cache = await startPageCache(sql, 60);
  try {
    const cachedApp = createApp({ config: { ...loadConfig({}), feedPageSize: 3 }, sql, log: createLogger(), pageCache: cache!.cache });
    const anonymousCount = async () =>
      /<span class="count">(\d+)<\/span>/.exec(await (await cachedApp.request('/papers/2605.00201')).text())![1];
    assert.equal(await anonymousCount(), '2');
    assert.equal(cache!.cache.size, 1);
    const user = await createTestUser(sql);
    const s = await sessionOf(user);
    const scoreBefore = (await stored('2605.00201')).score;
    assert.equal((await voteJson(s, '2605.00201', 'up', cachedApp)).status, 200);
    for (let i = 0; i < 100 && cache!.cache.size > 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(await anonymousCount(), '3', 'the vote emptied the cache');
    assert.ok((await stored('2605.00201')).score > scoreBefore);

    await deleteUser(sql, user.id);
    const after = await stored('2605.00201');
    assert.deepEqual([after.upvotes, after.votes], [0, 0]);
    assert.equal(after.score, scoreBefore, 'the trending score is back where it was');
  } finally {
    await cache!.stop();
  }
});
