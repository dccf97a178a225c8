// The search page, its results fragment and the search API over HTTP, in-process, on a real database; and the
// index following the database: imports, edits, hiding, deletion, restarts from the saved snapshot.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { importSource } from '../../src/import/importer.ts';
import { openInput } from '../../src/import/reader.ts';
import { createLogger } from '../../src/log.ts';
import { MemoryMailer } from '../../src/mail/mailer.ts';
import { startSearch, type SearchService } from '../../src/search/service.ts';
import { createApp } from '../../src/web/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { FIXTURES } from '../helpers/paths.ts';
import { createTestUser } from '../helpers/users.ts';
import { setPaperHidden } from '../../src/store/moderation.ts';

const { sql } = await createTestDatabase();
const log = createLogger();
await importSource(sql, await openInput(path.join(FIXTURES, 'search-papers.jsonl')));
const search = await startSearch({ sql, log, dataDir: null, follow: false, waitUntilReady: true });
after(() => search.stop());
const app = createApp({ config: loadConfig({}), sql, log, mailer: new MemoryMailer(), search });

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await app.request(url, { headers });
  return { status: res.status, location: res.headers.get('location'), body: await res.text(), headers: res.headers };
}

function cardIds(html: string): string[] {
  return [...html.matchAll(/<article class="card" data-paper-id="([^"]+)"/g)].map((m) => m[1]!);
}

test('the search page shows matching cards with the words highlighted', async () => {
  const { status, body } = await get('/search?q=speculative+decoding');
  assert.equal(status, 200);
  assert.equal(cardIds(body)[0], '2401.10001');
  assert.match(body, /<mark>Speculative<\/mark> <mark>Decoding<\/mark> with a Dynamic Draft Tree/);
  assert.match(body, /name="q" value="speculative decoding"/);
  assert.match(body, /class="site-search"/);
});

test('highlighting keeps hostile titles inert and math rendered', async () => {
  const { body } = await get('/search?q=decoding+injections');
  assert.ok(cardIds(body).includes('2404.10004'));
  assert.doesNotMatch(body, /<script>alert|<img src=x|<b>Evil|<b>decoding/);
  assert.match(body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(body, /<mark>Decoding<\/mark> &lt;script&gt;/);
  const math = await get('/search?q=verification');
  assert.match(math.body, /class="katex"/);
});

test('accents, LaTeX accents and typos find the paper', async () => {
  assert.deepEqual(cardIds((await get('/search?q=Schrodinger')).body), ['2403.10003']);
  assert.deepEqual(cardIds((await get(`/search?q=${encodeURIComponent('schrödinger equation')}`)).body), ['2403.10003']);
  const typo = await get('/search?q=speculativ+decodng');
  assert.equal(cardIds(typo.body)[0], '2401.10001');
  assert.match(typo.body, /similar spellings/);
});

test('query syntax and filters', async () => {
  assert.deepEqual(cardIds((await get(`/search?q=${encodeURIComponent('"draft tree"')}`)).body), ['2401.10001']);
  assert.deepEqual(cardIds((await get(`/search?q=${encodeURIComponent('decoding -tree')}`)).body), ['2404.10004']);
  assert.deepEqual(cardIds((await get(`/search?q=${encodeURIComponent('author:"Ada Lovelace"')}`)).body), ['2401.10001']);
  assert.deepEqual(cardIds((await get('/search?q=decoding+cat:cs.LG&sort=date')).body), ['2402.10002', '2401.10001']);
  assert.deepEqual(cardIds((await get('/search?q=decoding&code=1')).body), ['2401.10001']);
  assert.deepEqual(cardIds((await get('/search?q=decoding&featured=1')).body), ['2401.10001']);
  assert.deepEqual(cardIds((await get('/search?q=decoding&from=2024-02-01&to=2024-02-28')).body), ['2402.10002']);
  assert.deepEqual(cardIds((await get('/search?category=quant-ph')).body), ['2403.10003']);
});

test('an arXiv id or link goes straight to the paper', async () => {
  const r = await get(`/search?q=${encodeURIComponent('https://arxiv.org/abs/2402.10002v2')}`);
  assert.equal(r.status, 302);
  assert.equal(r.location, '/papers/2402.10002');
  assert.equal((await get('/search?q=arXiv:2403.10003')).location, '/papers/2403.10003');
});

test('the empty query and no results explain what to try', async () => {
  const empty = await get('/search');
  assert.equal(empty.status, 200);
  assert.match(empty.body, /Search the papers/);
  assert.match(empty.body, /author:lovelace/);
  const none = await get('/search?q=zebrafish+aquaculture&code=1');
  assert.equal(none.status, 200);
  assert.deepEqual(cardIds(none.body), []);
  assert.match(none.body, /No papers match/);
  assert.match(none.body, /Search without the filters/);
});

test('bad parameters are 400s with a message', async () => {
  for (const qs of [
    'sort=best',
    'from=2024-13-01',
    'from=2024-05-01&to=2024-01-01',
    'category=%3Cscript%3E',
    'code=maybe',
    'page=0',
    'page=abc',
    `q=${'x'.repeat(501)}`,
  ]) {
    const r = await get(`/search?${qs}`);
    assert.equal(r.status, 400, qs);
  }
  const api = await get('/api/papers/search?q=x&limit=1000');
  assert.equal(api.status, 400);
  assert.match(JSON.parse(api.body).error, /limit/);
});

test('pagination', async () => {
  const page1 = await get('/search?category=cs&sort=date&page=1');
  assert.equal(cardIds(page1.body).length, 3);
  assert.doesNotMatch(page1.body, /rel="next"/);
  const page2 = await get('/search?category=cs&sort=date&page=2');
  assert.match(page2.body, /No more results/);
  const api1 = JSON.parse((await get('/api/papers/search?q=decoding&sort=date&limit=1&p=0')).body);
  const api2 = JSON.parse((await get('/api/papers/search?q=decoding&sort=date&limit=1&p=1')).body);
  assert.equal(api1.length, 1);
  assert.equal(api2.length, 1);
  assert.notEqual(api1[0].paper.id, api2[0].paper.id);
});

test('the results fragment is the results part alone, for instant search', async () => {
  const r = await get('/search/results?q=draft');
  assert.equal(r.status, 200);
  assert.doesNotMatch(r.body, /<html|<header/);
  assert.deepEqual(cardIds(r.body).sort(), ['2401.10001', '2402.10002']);
});

test("the API answers in Hugging Face's shape", async () => {
  const r = await get('/api/papers/search?q=schrodinger');
  assert.equal(r.status, 200);
  const items = JSON.parse(r.body);
  assert.equal(items.length, 1);
  assert.equal(items[0].paper.id, '2403.10003');
  assert.equal(items[0].title, 'Solving the Schrödinger equation with neural networks');
  assert.equal(typeof items[0].summary, 'string');
  assert.deepEqual(
    items[0].paper.authors.map((a: { name: string }) => a.name),
    ['Erwin Schrödinger'],
  );
  assert.equal(r.headers.get('x-total-count'), '1'); // ranked with pruning, but the last page tells the count
  const byId = JSON.parse((await get('/api/papers/search?q=2401.10001')).body);
  assert.equal(byId[0].paper.id, '2401.10001');
  assert.equal((await get('/api/papers/search?q=')).status, 400);
  const dated = await get('/api/papers/search?category=cs&sort=date');
  assert.equal(dated.headers.get('x-total-count'), '3');
});

test('imported, edited, hidden and deleted papers show in search after a catch-up', async () => {
  const file = path.join(os.tmpdir(), `dp-search-${process.pid}.jsonl`);
  fs.writeFileSync(
    file,
    JSON.stringify({
      arxiv_id: '2405.10005',
      title: 'Holographic tensor networks',
      authors: ['Grace Hopper'],
      abstract: 'Codes for holography.',
      categories: ['hep-th'],
      date: '2024-05-01',
      source: 'test',
    }) + '\n',
  );
  try {
    await importSource(sql, await openInput(file));
  } finally {
    fs.rmSync(file);
  }
  await search.catchUp();
  assert.deepEqual(cardIds((await get('/search?q=holographic')).body), ['2405.10005']);

  await sql`UPDATE papers SET title = 'Holographic codes and wormholes' WHERE id = '2405.10005'`;
  await search.catchUp();
  assert.deepEqual(cardIds((await get('/search?q=wormholes')).body), ['2405.10005']);
  assert.deepEqual(cardIds((await get('/search?q=tensor')).body), []); // the old title is gone

  const mod = await createTestUser(sql, { role: 'moderator' });
  await setPaperHidden(sql, '2405.10005', true, mod.id, 'test');
  await search.catchUp();
  assert.deepEqual(cardIds((await get('/search?q=wormholes')).body), []);
  await setPaperHidden(sql, '2405.10005', false, mod.id, 'test');
  await search.catchUp();
  assert.deepEqual(cardIds((await get('/search?q=wormholes')).body), ['2405.10005']);

  await sql`DELETE FROM papers WHERE id = '2405.10005'`;
  await search.catchUp();
  assert.deepEqual(cardIds((await get('/search?q=wormholes')).body), []);
});

test('a restart loads the saved index and catches up on what changed while it was down', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-search-data-'));
  const messages: string[] = [];
  const spy = { ...log, info: (m: string) => messages.push(m), child: () => spy } as unknown as typeof log;
  let first: SearchService | null = null;
  let second: SearchService | null = null;
  try {
    first = await startSearch({ sql, log: spy, dataDir, follow: false, waitUntilReady: true });
    assert.ok(messages.includes('search index built'));
    await first.stop();
    assert.ok(fs.existsSync(path.join(dataDir, 'search', 'keyword-index.bin')));
    // Written while no server runs.
    await sql`UPDATE papers SET abstract = abstract || ' Zeppelins appear.' WHERE id = '2402.10002'`;
    messages.length = 0;
    second = await startSearch({ sql, log: spy, dataDir, follow: false, waitUntilReady: true });
    assert.ok(messages.includes('search index loaded'), messages.join(', '));
    assert.ok(!messages.includes('search index built'));
    const r = await second.search({ query: 'zeppelins', filters: {}, sort: 'relevance', offset: 0, limit: 10 });
    assert.deepEqual(
      r.hits.map((h) => h.id),
      ['2402.10002'],
    );
  } finally {
    await second?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('two instances that follow the same database answer the same', async () => {
  const other = await startSearch({ sql, log, dataDir: null, follow: false, waitUntilReady: true });
  try {
    await sql`UPDATE papers SET hf_upvotes = 77 WHERE id = '2402.10002'`;
    await Promise.all([search.catchUp(), other.catchUp()]);
    for (const query of ['decoding', 'draft tree model', 'neural equation']) {
      for (const sort of ['relevance', 'date', 'upvotes'] as const) {
        const req = { query, filters: {}, sort, offset: 0, limit: 10 };
        assert.deepEqual(await other.search(req), await search.search(req), `${query} ${sort}`);
      }
    }
  } finally {
    await other.stop();
  }
});

test('a server that follows notifications finds a new paper by itself within seconds', async () => {
  const follower = await startSearch({ sql, log, dataDir: null, follow: true, waitUntilReady: true });
  try {
    const file = path.join(os.tmpdir(), `dp-search-follow-${process.pid}.jsonl`);
    fs.writeFileSync(
      file,
      JSON.stringify({
        arxiv_id: '2406.10006',
        title: 'Quasicrystal tilings for antenna arrays',
        authors: ['Roger Penrose'],
        abstract: 'Aperiodic order.',
        categories: ['physics.optics'],
        date: '2024-06-01',
        source: 'test',
      }) + '\n',
    );
    try {
      await importSource(sql, await openInput(file));
    } finally {
      fs.rmSync(file);
    }
    const started = Date.now();
    let ids: string[] = [];
    while (Date.now() - started < 10_000) {
      ids = (await follower.search({ query: 'quasicrystal', filters: {}, sort: 'relevance', offset: 0, limit: 10 })).hits.map((h) => h.id);
      if (ids.length > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.deepEqual(ids, ['2406.10006']);
  } finally {
    await follower.stop();
  }
});

test('without a search service the page says search is unavailable', async () => {
  const bare = createApp({ config: loadConfig({}), sql, log, mailer: new MemoryMailer() });
  const res = await bare.request('/search?q=x');
  assert.equal(res.status, 503);
});
