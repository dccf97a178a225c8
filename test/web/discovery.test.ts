// Discovery over HTTP on a real database with embeddings: similar papers on the paper page and the "More like
// this" page, the search mode parameter (page and API), and "For you" from cold start to picks with reasons.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { importSource } from '../../src/import/importer.ts';
import { openInput } from '../../src/import/reader.ts';
import { createLogger } from '../../src/log.ts';
import { MemoryMailer } from '../../src/mail/mailer.ts';
import { startSearch } from '../../src/search/service.ts';
import { createApp } from '../../src/web/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { topicPapers, writeTopicJsonl } from '../helpers/topic-corpus.ts';
import { loggedIn } from '../helpers/users.ts';

const { sql } = await createTestDatabase();
const log = createLogger();
const papers = topicPapers(10);
await importSource(sql, await openInput(writeTopicJsonl(papers)));
const topicOf = new Map(papers.map((p) => [p.id, p.topic]));
const search = await startSearch({
  sql,
  log,
  dataDir: null,
  follow: false,
  waitUntilReady: true,
  embeddings: { kind: 'corpus', dimensions: 8, fitSample: 1000 },
});
after(() => search.stop());
await search.embedNow();
const app = createApp({ config: loadConfig({ PAGE_CACHE_SECONDS: '0' }), sql, log, mailer: new MemoryMailer(), search });

const cardIds = (html: string) => [...html.matchAll(/<article class="card" data-paper-id="([^"]+)"/g)].map((m) => m[1]!);

test('a paper page lists ten similar papers of its topic with a reason, and links to more', async () => {
  const p = papers.find((x) => x.topic === 'proteins')!;
  const html = await (await app.request(`/papers/${p.id}`)).text();
  const section = /<section class="similar"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  const ids = [...section.matchAll(/href="\/papers\/([0-9.]+)"/g)].map((m) => m[1]!).filter((id) => id !== p.id);
  // The nine other protein papers, and nothing from other topics to pad the list to ten.
  assert.equal(ids.length, 9);
  assert.ok(
    ids.every((id) => topicOf.get(id) === 'proteins'),
    ids.map((id) => topicOf.get(id)).join(','),
  );
  assert.match(section, /Shared key terms: /);
  assert.match(section, new RegExp(`href="/papers/${p.id}/similar"`));
});

test('"More like this" from a card opens the similar page; unknown and malformed ids fail clearly', async () => {
  const feed = await (await app.request('/search?q=galaxy')).text();
  assert.match(feed, /class="similar-link"/);
  const p = papers.find((x) => x.topic === 'galaxies')!;
  const res = await app.request(`/papers/${p.id}/similar`);
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.equal(cardIds(html).length, 9);
  assert.ok(cardIds(html).every((id) => topicOf.get(id) === 'galaxies'));
  assert.match(html, /class="card-reason muted"/);
  assert.equal((await app.request('/papers/2501.99999/similar')).status, 404);
  assert.equal((await app.request('/papers/not-an-id/similar')).status, 400);
});

test('mode= picks keyword, semantic or hybrid ranking; a bad mode is a 400', async () => {
  const api = async (q: string, mode: string) =>
    (await (await app.request(`/api/papers/search?q=${encodeURIComponent(q)}&mode=${mode}`)).json()) as { paper: { id: string } }[];
  const kw = await api('ligand', 'keyword');
  const hy = await api('ligand', 'hybrid');
  assert.ok(hy.length > kw.length);
  const sem = await api('autoregressive sampling latency', 'semantic');
  assert.ok(sem.slice(0, 5).every((r) => topicOf.get(r.paper.id) === 'decoding'));
  const bad = await app.request('/api/papers/search?q=x&mode=vector');
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /mode\\" must be one of hybrid, keyword, semantic/);
  assert.match(await (await app.request('/search?q=ligand&mode=semantic')).text(), /name="q" value="ligand"/);
  // The page says which results only meaning found, and by which of their words; keyword results say nothing.
  const page = await (await app.request('/search?q=ligand&mode=hybrid')).text();
  const reasons = [...page.matchAll(/<p class="card-reason muted">Related: ([^<]+)<\/p>/g)].map((m) => m[1]!);
  assert.ok(reasons.length > 0 && reasons.length < hy.length, page);
  assert.doesNotMatch(await (await app.request('/search?q=ligand&mode=keyword')).text(), /card-reason/);
});

test('For you: login required, cold start asks for topics, a topic gives picks with reasons, "not interested" removes one', async () => {
  assert.equal((await app.request('/for-you')).status, 401);
  const { browser } = await loggedIn(app, sql);
  const cold = await (await browser.get('/for-you')).text();
  assert.match(cold, /Tell us what you read/);
  assert.equal(cardIds(cold).length, 0);

  const empty = await browser.post('/for-you/interests', { kind: 'topic', value: '   ' }, { tokenFrom: '/for-you' });
  assert.equal(empty.status, 422);
  const badSeed = await browser.post('/for-you/interests', { kind: 'seed', value: 'not a paper' }, { tokenFrom: '/for-you' });
  assert.equal(badSeed.status, 422);
  const added = await browser.post('/for-you/interests', { kind: 'topic', value: 'robot grasping policy' }, { tokenFrom: '/for-you' });
  assert.equal(added.status, 303);
  const page = await (await browser.get('/for-you')).text();
  const picks = cardIds(page);
  assert.ok(picks.length >= 10);
  assert.ok(
    picks.slice(0, 8).every((id) => topicOf.get(id) === 'robots'),
    picks.map((id) => topicOf.get(id)).join(','),
  );
  assert.match(page, /Matches your topic “robot grasping policy”/);
  // The reason names the pick's own words that weighed most for it: here the topic's.
  assert.match(page, /Matches your topic “robot grasping policy” — [^<]*\b(robot|robots|grasping|grasp|policy|policies)\b/);

  const first = picks[0]!;
  const no = await browser.post(`/papers/${first}/not-interested`, {}, { tokenFrom: '/for-you' });
  assert.equal(no.status, 303);
  assert.ok(!cardIds(await (await browser.get('/for-you')).text()).includes(first));

  // An upvote becomes a reason of its own.
  const seed = papers.find((x) => x.topic === 'galaxies')!;
  assert.equal(
    (await browser.post('/for-you/interests', { kind: 'seed', value: `https://arxiv.org/abs/${seed.id}` }, { tokenFrom: '/for-you' }))
      .status,
    303,
  );
  const mixed = await (await browser.get('/for-you')).text();
  assert.match(mixed, /Close to your seed paper “[^”]+” — \w/);
  assert.ok(!cardIds(mixed).includes(seed.id));
});

test('For you as a private feed: a link to create, readable without logging in, replaced or turned off at will', async () => {
  const { browser } = await loggedIn(app, sql);
  await browser.post('/for-you/interests', { kind: 'topic', value: 'telescope survey of galaxies' }, { tokenFrom: '/for-you' });
  assert.match(await (await browser.get('/for-you')).text(), /Create a private feed link/);
  assert.equal((await browser.post('/for-you/feed', { action: 'renew' }, { tokenFrom: '/for-you' })).status, 303);
  const page = await (await browser.get('/for-you')).text();
  const link = /href="(\/for-you\/feed\/\d+-[\w-]+)\.rss"/.exec(page)?.[1];
  assert.ok(link, 'the page shows the feed link');
  const rss = await app.request(`${link}.rss`);
  assert.equal(rss.status, 200);
  assert.match(rss.headers.get('cache-control') ?? '', /^private/);
  const xml = await rss.text();
  const items = [...xml.matchAll(/<link>http:\/\/localhost:3000\/papers\/([0-9.]+)<\/link>/g)].map((m) => m[1]!);
  assert.ok(items.length >= 5 && items.slice(0, 5).every((id) => topicOf.get(id) === 'galaxies'), items.join(','));
  assert.equal((await app.request(`${link}.json`)).status, 200);

  assert.equal((await browser.post('/for-you/feed', { action: 'renew' }, { tokenFrom: '/for-you' })).status, 303);
  assert.equal((await app.request(`${link}.rss`)).status, 404, 'the old link stops working');
  const renewed = /href="(\/for-you\/feed\/\d+-[\w-]+)\.rss"/.exec(await (await browser.get('/for-you')).text())![1]!;
  assert.notEqual(renewed, link);
  assert.equal((await app.request(`${renewed}.atom`)).status, 200);
  await browser.post('/for-you/feed', { action: 'revoke' }, { tokenFrom: '/for-you' });
  assert.equal((await app.request(`${renewed}.rss`)).status, 404);
  for (const bad of ['/for-you/feed/1-short.rss', '/for-you/feed/nonsense.rss', `${renewed}`, `${renewed.replace(/-\w/, '-X')}.rss`]) {
    assert.equal((await app.request(bad)).status, 404, bad);
  }
  assert.equal((await browser.post('/for-you/feed', { action: 'explode' }, { tokenFrom: '/for-you' })).status, 400);
});

test("a period's whole announcement ranked by the reader's For you model; visitors are asked to log in; never cached", async () => {
  const path = '/papers/month/2025-01?view=all&rank=for-you';
  const anonymous = await app.request(path);
  assert.equal(anonymous.status, 200);
  assert.match(anonymous.headers.get('cache-control') ?? '', /no-store/);
  const anonymousHtml = await anonymous.text();
  assert.match(anonymousHtml, /Log in<\/a> to see these papers ranked by your own interests/);
  assert.match(anonymousHtml, /aria-current="page">Ranked for you</);

  // With the page cache on, as served: the reader gets their own order, not a shared page.
  const cachedApp = createApp({ config: loadConfig({}), sql, log, mailer: new MemoryMailer(), search });
  const { browser } = await loggedIn(cachedApp, sql);
  assert.match(await (await browser.get(path)).text(), /Nothing to rank by yet/);
  await browser.post('/for-you/interests', { kind: 'topic', value: 'protein structure folding' }, { tokenFrom: '/for-you' });
  for (let i = 0; i < 2; i++) {
    const html = await (await browser.get(path)).text();
    const ids = cardIds(html);
    assert.ok(ids.length >= 10);
    assert.ok(
      ids.slice(0, 8).every((id) => topicOf.get(id) === 'proteins'),
      ids.map((id) => topicOf.get(id)).join(','),
    );
    assert.doesNotMatch(html, /Nothing to rank by yet/);
  }
  // The same period by votes is unchanged for everyone.
  const byVotes = cardIds(await (await browser.get('/papers/month/2025-01?view=all')).text());
  assert.notDeepEqual(
    byVotes.slice(0, 8).map((id) => topicOf.get(id)),
    Array(8).fill('proteins'),
  );
});
