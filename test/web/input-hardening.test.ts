// What an outside probe sent (issue #15), over HTTP on a real database. Before: NUL bytes reached PostgreSQL (500),
// a malformed multipart body failed inside the CSRF check (500), 5 MB forms were read before the 403, the JSON API
// took repeated and unknown parameters silently, and comment edits were not rate-limited. Now every request's text
// and body are checked once at the edge (src/web/request-input.ts) and the API names the parameter it refuses.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { importSource } from '../../src/import/importer.ts';
import { openInput } from '../../src/import/reader.ts';
import { createLogger } from '../../src/log.ts';
import { MemoryMailer } from '../../src/mail/mailer.ts';
import { startSearch } from '../../src/search/service.ts';
import { createApp } from '../../src/web/app.ts';
import { LIMITS } from '../../src/web/http/rate-limit.ts';
import { BODY_LIMITS } from '../../src/web/http/request-input.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { FIXTURES } from '../helpers/paths.ts';
import { Browser, loggedIn, TEST_PASSWORD } from '../helpers/users.ts';

const { sql } = await createTestDatabase();
const app = createTestApp(sql);
const JSON_HEADERS = { accept: 'application/json' };

async function status(path: string, init?: RequestInit): Promise<{ status: number; body: string }> {
  const res = await app.request(path, init);
  return { status: res.status, body: await res.text() };
}

// Long, as browsers make them (Node's parser fails on a field value that contains the boundary's text).
const BOUNDARY = '----dailypapersTestBoundary7MA4YWxkTrZu0gW';

/** A multipart body with `fields`. */
function multipart(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    .join('')
    .concat(`--${BOUNDARY}--\r\n`);
}

/** A request body that arrives in chunks, without a Content-Length (Transfer-Encoding: chunked on the wire). */
function chunked(text: string, chunkSize = 16 * 1024): RequestInit {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, at + chunkSize));
      at += chunkSize;
    },
  });
  return { method: 'POST', body, duplex: 'half' } as RequestInit;
}

test('NUL, lone surrogates and broken percent-encoding in a path or query are a 400 saying so, as HTML or JSON', async () => {
  for (const path of [
    '/users/%00',
    '/users/x%00.rss',
    '/authors/%00',
    '/orgs/%00',
    '/authors/%ED%A0%80',
    '/orgs/%E0%A4%A',
    '/papers/2405.15738%00',
  ]) {
    const res = await status(path);
    assert.equal(res.status, 400, path);
    assert.match(res.body, /This address is not valid text \(it has a NUL byte or broken percent-encoding\)/, path);
  }
  const query = await status('/papers?sort=up%00votes');
  assert.equal(query.status, 400);
  assert.match(query.body, /The query parameter &quot;sort&quot; is not valid text/);

  const api = await app.request('/api/papers/search?q=attention%00');
  assert.equal(api.status, 400);
  assert.deepEqual(await api.json(), {
    error: 'The query parameter "q" is not valid text (it has a NUL byte or broken percent-encoding).',
    status: 400,
  });

  const { browser } = await loggedIn(app, sql);
  const saved = await browser.get('/collections/saved?papers=2508.17445%00', JSON_HEADERS);
  assert.equal(saved.status, 400);
  assert.equal(((await saved.json()) as { status: number }).status, 400);

  // Real text in any script still goes through.
  assert.notEqual((await status('/authors/Ren%C3%A9%20Descartes')).status, 400);
  assert.notEqual((await status('/authors/%E5%BC%A0%E4%BC%9F')).status, 400);
  assert.equal((await status('/papers?sort=upvotes&x=%F0%9F%98%80')).status, 200);
});

test('a NUL in a url-encoded or multipart form field is a 400 naming the field, before the handler queries with it', async () => {
  const anon = new Browser(app);
  const login = await anon.post('/login', { email: 'nul\0@x.org', password: TEST_PASSWORD }, { tokenFrom: '/login' });
  assert.equal(login.status, 400);
  assert.match(await login.text(), /The form field &quot;email&quot; is not valid text/);

  const { browser } = await loggedIn(app, sql);
  const email = await browser.post('/settings/email', { email: 'new\0@example.org', password: TEST_PASSWORD });
  assert.equal(email.status, 400);
  assert.match(await email.text(), /The form field &quot;email&quot; is not valid text/);

  const csrf = await anon.csrfFrom('/login');
  const parts = await app.request('/login', {
    method: 'POST',
    body: multipart({ _csrf: csrf, email: 'nul\0@x.org', password: TEST_PASSWORD }),
    headers: { cookie: anon.cookieHeader(), 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
  });
  assert.equal(parts.status, 400);
  assert.match(await parts.text(), /The form field &quot;email&quot; is not valid text/);

  // Broken percent-encoding in a url-encoded body, as no browser sends it.
  const broken = await app.request('/login', {
    method: 'POST',
    body: `_csrf=${csrf}&email=a%ED%A0%80%40x.org&password=x`,
    headers: { cookie: anon.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(broken.status, 400);
});

test('a malformed multipart body is a 400 on every POST, before authentication; other broken bodies are never a 5xx', async () => {
  const garbage = { method: 'POST', body: 'garbage', headers: { 'content-type': 'multipart/form-data; boundary=B' } };
  for (const path of ['/login', '/signup', '/settings/email', '/comments/preview', '/papers/2405.15738/vote', '/collections', '/nowhere']) {
    const res = await status(path, garbage);
    assert.equal(res.status, 400, `${path}: ${res.body.slice(0, 200)}`);
    assert.match(res.body, /The form could not be read: its body is not valid multipart\/form-data/);
  }
  const noBoundary = await status('/login', { method: 'POST', body: 'garbage', headers: { 'content-type': 'multipart/form-data' } });
  assert.equal(noBoundary.status, 400);
  const json = await status('/login', { method: 'POST', body: '{garbage', headers: { 'content-type': 'application/json' } });
  assert.ok(json.status < 500, `malformed JSON: ${json.status}`);
  const urlencoded = await status('/login', {
    method: 'POST',
    body: '%%%=%&=',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(urlencoded.status, 400);
  const notUtf8 = await status('/login', {
    method: 'POST',
    body: new Uint8Array([0x61, 0x3d, 0xff, 0xfe]),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(notUtf8.status, 400);
});

test('a body over its route limit is a 413 before CSRF and before any password is hashed, declared or chunked', async () => {
  const big = 'password=' + 'x'.repeat(5 * 1024 * 1024);
  const started = performance.now();
  const declared = await status('/login', { method: 'POST', body: big, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(declared.status, 413);
  assert.match(declared.body, /This request is too large: at most 64 KB can be sent here/);
  assert.ok(performance.now() - started < 2000, 'refused without hashing megabytes');

  const streamed = await app.request('/login', {
    ...chunked('password=' + 'x'.repeat(BODY_LIMITS.form + 1)),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(streamed.status, 413);

  // A chunked body within the limit is read as usual: this one logs in.
  const { browser, user } = await loggedIn(app, sql);
  const anon = new Browser(app);
  const csrf = await anon.csrfFrom('/login');
  const form = new URLSearchParams({ _csrf: csrf, email: user.email, password: TEST_PASSWORD }).toString();
  const small = await app.request('/login', {
    ...chunked(form, 8),
    headers: { cookie: anon.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(small.status, 303);

  // An ordinary form: 64 KB. A comment form holds the longest comment even in CJK (9 bytes a character encoded).
  const collection = await browser.post('/collections', { title: 'Big', description: 'd'.repeat(70 * 1024) });
  assert.equal(collection.status, 413);
  const longest = await browser.post('/comments/preview', { body: '漢'.repeat(10_000) }, { headers: JSON_HEADERS });
  assert.equal(longest.status, 200);
  assert.ok(BODY_LIMITS.comment > 10_000 * 9);
  const tooLong = await browser.post('/comments/preview', { body: '漢'.repeat(20_000) }, { headers: JSON_HEADERS });
  assert.equal(tooLong.status, 413);
  assert.deepEqual(Object.keys((await tooLong.json()) as object).sort(), ['error', 'status']);

  const api = await status('/api/daily_papers', {
    method: 'POST',
    body: 'x'.repeat(BODY_LIMITS.api + 1),
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(api.status, 413);
  assert.match(api.body, /"status":413/);
});

test('the JSON API answers 400 naming a repeated, list-style or unknown parameter; every parameter HF clients send still works', async () => {
  const today = new Date().toISOString().slice(0, 10);
  for (const [id, submitter] of [
    ['2605.20001', 'ada'],
    ['2605.20002', 'bob'],
    ['2605.20003', null],
  ] as const) {
    await sql`
      INSERT INTO papers (id, title, abstract, author_names, published_at, daily_date, daily_source, submitted_by)
      VALUES (${id}, ${`Paper ${id}`}, 'An abstract.', ${['Ada Lovelace']}, ${`${today}T08:00:00Z`}, ${today}, 'hf',
              ${submitter ? sql.json({ name: submitter, fullname: submitter, avatarUrl: null }) : null})`;
  }
  await importSource(sql, await openInput(path.join(FIXTURES, 'search-papers.jsonl')));
  const log = createLogger();
  const search = await startSearch({ sql, log, dataDir: null, follow: false, waitUntilReady: true });
  after(() => search.stop());
  const api = createApp({ config: loadConfig({}), sql, log, mailer: new MemoryMailer(), search });
  const get = async (url: string) => {
    const res = await api.request(url);
    return { status: res.status, body: (await res.json()) as unknown, total: res.headers.get('x-total-count') };
  };

  const refused: [string, RegExp][] = [
    [`/api/daily_papers?date=${today}&date=2024-05-27`, /^"date" is given 2 times; give it once$/],
    ['/api/daily_papers?limit[]=3', /^"limit" takes one value, not a list \("limit\[\]"\)$/],
    ['/api/daily_papers?limit=3&limit=4', /"limit" is given 2 times/],
    ['/api/daily_papers?page=2', /^Unknown parameter "page"; this endpoint accepts date, week, month, submitter, sort, p, limit, all$/],
    ['/api/papers/search?q=decoding&q=attention', /"q" is given 2 times/],
    ['/api/papers/search?q=decoding&size=5', /^Unknown parameter "size"/],
    ['/api/papers/search?q[]=decoding', /"q" takes one value/],
    ['/api/papers/2401.10001?full=true', /^Unknown parameter "full"; this endpoint takes no parameters$/],
  ];
  for (const [url, message] of refused) {
    const res = await get(url);
    assert.equal(res.status, 400, url);
    const body = res.body as { error: string; status: number };
    assert.equal(body.status, 400);
    assert.match(body.error, message, url);
  }

  // What huggingface_hub's list_daily_papers and list_papers send, and the extras the README documents.
  for (const url of [
    `/api/daily_papers?date=${today}&sort=publishedAt&p=0&limit=5`,
    `/api/daily_papers?week=${isoWeek(today)}&sort=trending&limit=5`,
    `/api/daily_papers?month=${today.slice(0, 7)}&p=0`,
    '/api/daily_papers?sort=trending&submitter=ada',
    '/api/daily_papers',
    '/api/papers/search?q=decoding&limit=3',
    '/api/papers/search?q=decoding&limit=3&p=0&sort=date&from=2020-01-01&to=2030-01-01&category=cs&code=0&featured=0&mode=keyword',
    '/api/papers/2401.10001',
  ]) {
    assert.equal((await get(url)).status, 200, url);
  }
  // submitter keeps only that user's papers, as on Hugging Face.
  const ada = await get(`/api/daily_papers?date=${today}&submitter=ada`);
  assert.deepEqual(
    (ada.body as { paper: { id: string } }[]).map((i) => i.paper.id),
    ['2605.20001'],
  );
  assert.equal(ada.total, '1');
  const trendingAda = await get('/api/daily_papers?sort=trending&submitter=ada');
  assert.deepEqual(
    (trendingAda.body as { paper: { id: string } }[]).map((i) => i.paper.id),
    ['2605.20001'],
  );
  assert.equal((await get(`/api/daily_papers?date=${today}&submitter=nobody`)).total, '0');
  assert.equal((await get(`/api/daily_papers?date=${today}`)).total, '3');
});

/** The ISO week of `day` (YYYY-MM-DD) as 2024-W22. */
function isoWeek(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const thursday = new Date(d.getTime() + (3 - ((d.getUTCDay() + 6) % 7)) * 86_400_000);
  const jan1 = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.floor((thursday.getTime() - jan1) / 86_400_000 / 7) + 1;
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

test('comment edits count against commentEditPerUser: at the limit, the next edit is a 429 and the comment keeps its text', async () => {
  const paperId = '2605.20009';
  const today = new Date().toISOString().slice(0, 10);
  await sql`
    INSERT INTO papers (id, title, abstract, author_names, published_at, daily_date, daily_source)
    VALUES (${paperId}, 'A paper to discuss', 'An abstract.', ${['Ada Lovelace']}, ${`${today}T08:00:00Z`}, ${today}, 'arxiv')`;
  const { browser } = await loggedIn(app, sql); // a new account: the lower limit
  const posted = await browser.post(`/papers/${paperId}/comments`, { body: 'First version' });
  assert.equal(posted.status, 303);
  const id = Number(/#comment-(\d+)$/.exec(posted.headers.get('location') ?? '')?.[1]);
  const max = LIMITS.commentEditPerUser.newAccountMax;
  const csrf = await browser.csrfFrom('/settings');
  for (let i = 1; i <= max; i++) {
    const res = await browser.post(`/comments/${id}/edit`, { body: `Edit ${i}` }, { csrf });
    assert.equal(res.status, 303, `edit ${i}`);
  }
  const over = await browser.post(`/comments/${id}/edit`, { body: 'One too many' }, { csrf });
  assert.equal(over.status, 429);
  assert.ok(Number(over.headers.get('retry-after')) > 0);
  assert.match(await over.text(), /Too many comment edits/);
  const [row] = await sql<{ body: string }[]>`SELECT body FROM comments WHERE id = ${id}`;
  assert.equal(row!.body, `Edit ${max}`);
  // Previews are not edits: they still answer.
  const preview = await browser.post(`/comments/${id}/edit`, { body: 'Just looking', preview: '1' }, { csrf });
  assert.equal(preview.status, 200);
});
