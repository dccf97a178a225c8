// Discovery in a real browser (Debian's Chromium): a paper page's similar papers lead on to "More like this", and
// a new user goes from For you's cold start to picks with reasons, then sets one aside. Plain forms: it all works
// without JavaScript too (this test runs with it on, as people do).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { after } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { importSource } from '../../src/import/importer.ts';
import { openInput } from '../../src/import/reader.ts';
import { createLogger } from '../../src/log.ts';
import { MemoryMailer } from '../../src/mail/mailer.ts';
import { startSearch } from '../../src/search/service.ts';
import { createApp } from '../../src/web/app.ts';
import { SCREENSHOTS, SKIP, serveInBrowser } from '../helpers/browser.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { topicPapers, writeTopicJsonl } from '../helpers/topic-corpus.ts';
import { createTestUser, TEST_PASSWORD } from '../helpers/users.ts';

async function startSite() {
  const { sql } = await createTestDatabase();
  const papers = topicPapers(8);
  await importSource(sql, await openInput(writeTopicJsonl(papers)));
  const log = createLogger();
  const search = await startSearch({
    sql,
    log,
    dataDir: null,
    follow: false,
    waitUntilReady: true,
    embeddings: { kind: 'corpus', dimensions: 8, fitSample: 1000 },
  });
  await search.embedNow();
  after(() => search.stop());
  const app = createApp({ config: loadConfig({ PAGE_CACHE_SECONDS: '0' }), sql, log, mailer: new MemoryMailer(), search });
  return { ...(await serveInBrowser(app)), sql, topicOf: new Map(papers.map((p) => [p.id, p.topic])), papers };
}

const site = SKIP ? null : await startSite();

describe('discovery in a browser', { skip: SKIP }, () => {
  test('similar papers under a paper, then More like this', async () => {
    const { base, browser, papers, topicOf } = site!;
    const page = await (await browser.newContext()).newPage();
    const robot = papers.find((p) => p.topic === 'robots')!;
    await page.goto(`${base}/papers/${robot.id}`);
    const items = page.locator('section.similar li');
    assert.equal(await items.count(), 7); // the other robot papers, no padding from other topics
    const first = (await items.first().locator('a').getAttribute('href'))!.replace('/papers/', '');
    assert.equal(topicOf.get(first), 'robots');
    await page.locator('section.similar a', { hasText: 'More like this' }).click();
    await page.waitForURL(`**/papers/${robot.id}/similar`);
    assert.match(await page.locator('h1').innerText(), /^Papers like /);
    assert.equal(await page.locator('article.card').count(), 7);
    await page.screenshot({ path: `${SCREENSHOTS}/similar.png`, fullPage: true });
  });

  test('For you: cold start, a topic, picks with reasons, Not interested', async () => {
    const { base, browser, sql, topicOf } = site!;
    const user = await createTestUser(sql);
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/login`);
    const login = page.locator('main form[action="/login"]');
    await login.locator('input[name="email"]').fill(user.email);
    await login.locator('input[name="password"]').fill(TEST_PASSWORD);
    await login.locator('button[type="submit"]').click();
    await page.locator('header a', { hasText: 'For you' }).click();
    await page.waitForURL('**/for-you');
    assert.match(await page.locator('main').innerText(), /Tell us what you read/);
    await page.locator('input[name="value"][placeholder^="e.g."]').fill('protein docking and ligand binding');
    await page.locator('button', { hasText: 'Add topic' }).click();
    await page.waitForURL('**/for-you');
    const cards = page.locator('article.card');
    assert.ok((await cards.count()) >= 8);
    const ids = await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-paper-id')!));
    assert.ok(
      ids.slice(0, 6).every((id) => topicOf.get(id) === 'proteins'),
      ids.map((id) => topicOf.get(id)).join(','),
    );
    assert.match(await cards.first().locator('.card-reason').innerText(), /Matches your topic “protein docking and ligand binding”/);
    await page.screenshot({ path: `${SCREENSHOTS}/for-you.png`, fullPage: true });
    await cards.first().locator('button', { hasText: 'Not interested' }).click();
    await page.waitForURL('**/for-you');
    const after = await page.locator('article.card').evaluateAll((els) => els.map((e) => e.getAttribute('data-paper-id')!));
    assert.ok(!after.includes(ids[0]!));
  });
});
