// Browser smoke test of the feed and paper pages: a real Chromium against the app on a real socket,
// over our fixtures. Skipped when Debian's chromium is not installed (CI installs it).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { importSource } from '../../src/import/importer.ts';
import { openInput } from '../../src/import/reader.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { FIXTURES } from '../helpers/paths.ts';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = '/tmp/dp-screens';
const SKIP = fs.existsSync(CHROMIUM) ? false : `${CHROMIUM} not found: browser tests skipped (apt-get install chromium)`;

interface Site {
  base: string;
  browser: Browser;
  context: BrowserContext;
}

/** Starts the app over the fixtures on 127.0.0.1 and a headless Chromium; both are closed when the file ends. */
async function startSite(): Promise<Site> {
  let server: ServerType | null = null;
  let browser: Browser | null = null;
  // Registered at the top level (not in a hook), so it runs when the whole file is done.
  after(async () => {
    await browser?.close();
    if (server) await new Promise((resolve) => server!.close(resolve));
  });
  const { sql } = await createTestDatabase();
  for (const name of ['arxiv-papers.jsonl', 'hf-daily-papers.json', 'arxiv-snapshot.jsonl']) {
    await importSource(sql, await openInput(path.join(FIXTURES, name)));
  }
  const app = createTestApp(sql);
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  const { port } = server!.address() as AddressInfo;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // We run as root (no sandbox); the rest stop Chromium phoning home, which only logs refused connections here.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1280, height: 800 } });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return { base: `http://127.0.0.1:${port}`, browser, context };
}

/** Opens a tab that records what a user would see go wrong: console errors, script errors, dialogs, failed loads. */
async function openTab(context: BrowserContext, base: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  const sameOrigin = (url: string) => url.startsWith(`${base}/`);
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (err) => problems.push(`script error: ${err.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog (${d.type()}): ${d.message()}`);
    void d.dismiss();
  });
  page.on('requestfailed', (r) => {
    if (sameOrigin(r.url())) problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on('response', (r) => {
    if (sameOrigin(r.url()) && r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return { page, problems };
}

// Web fonts (KaTeX's) load after the load event sometimes; leaving a page mid-load would abort them.
async function fontsSettled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.ready;
  });
}

const site = SKIP ? null : await startSite();

describe('feed and paper pages in a browser', { skip: SKIP }, () => {
  test('the latest day lists its papers by upvotes, and "Previous day" goes back a day', async () => {
    const { base, context } = site!;
    const { page, problems } = await openTab(context, base);
    await page.goto(`${base}/papers`);
    assert.equal(await page.locator('main h1').innerText(), 'Tuesday, May 5, 2026');
    const cards = page.locator('article.card');
    assert.deepEqual(await cards.locator('.card-title').allInnerTexts(), [
      'AutoCoder: Enhancing Code Large Language Model with AIEV-Instruct',
      'ComboStoc: Combinatorial Stochasticity for Diffusion Generative Models',
    ]);
    assert.deepEqual(await cards.locator('.votes .count').allInnerTexts(), ['7', '5']);
    await fontsSettled(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'feed.png'), fullPage: true });

    const prev = page.locator('nav.period-nav a[rel="prev"]');
    assert.equal((await prev.innerText()).trim(), '← Previous day');
    await prev.click();
    await page.waitForURL(`${base}/papers/date/2026-05-04`);
    assert.equal(await page.locator('main h1').innerText(), 'Monday, May 4, 2026');
    const card = page.locator('article.card');
    assert.equal(await card.count(), 1);
    // The markup in the title and author name shows as text and runs nothing.
    assert.equal(await card.locator('.card-title').innerText(), 'A paper from the previous day about <script>alert(1)</script> injections');
    assert.match(await card.locator('.authors').innerText(), /^Eve <img src=x onerror=alert\(1\)>/);
    assert.equal(await card.locator('script, img').count(), 0);
    await fontsSettled(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'feed-previous-day.png'), fullPage: true });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test("a day's picks, its whole announcement one click away, and a day without picks says so (no JavaScript)", async () => {
    const { base, browser } = site!;
    const context = await browser.newContext({ javaScriptEnabled: false, colorScheme: 'light' });
    try {
      const { page, problems } = await openTab(context, base);
      await page.goto(`${base}/papers/week/2026-W19`);
      const tabs = page.locator('nav.scope-tabs a');
      assert.deepEqual(await tabs.allInnerTexts(), ['Daily picks (2)', 'New on arXiv (3)']);
      assert.equal(await page.locator('nav.scope-tabs a[aria-current="page"]').innerText(), 'Daily picks (2)');
      assert.equal(await page.locator('article.card').count(), 2);
      await tabs.nth(1).click();
      await page.waitForURL(`${base}/papers/week/2026-W19?view=all`);
      assert.equal(await page.locator('article.card').count(), 3);
      assert.equal(await page.locator('nav.scope-tabs a[aria-current="page"]').innerText(), 'New on arXiv (3)');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'feed-new-on-arxiv.png'), fullPage: true });
      // The Monday only arXiv announced: the note, and its paper rather than an empty page.
      await page.goto(`${base}/papers/date/2026-05-04`);
      assert.match(await page.locator('main p.notice').innerText(), /No picks for this day yet/);
      assert.equal(await page.locator('article.card').count(), 1);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('the date picker goes to the chosen day without JavaScript', async () => {
    const { base, browser } = site!;
    const context = await browser.newContext({ javaScriptEnabled: false, colorScheme: 'light' });
    try {
      const { page, problems } = await openTab(context, base);
      await page.goto(`${base}/papers`);
      await page.locator('form.date-picker input[name="date"]').fill('2024-05-27');
      await page.locator('form.date-picker button', { hasText: 'Go' }).click();
      await page.waitForURL(`${base}/papers/date/2024-05-27`);
      assert.equal(await page.locator('main h1').innerText(), 'Monday, May 27, 2024');
      const titles = await page.locator('article.card .card-title').allInnerTexts();
      assert.ok(
        titles.some((t) => t.startsWith('ConvLLaVA: Hierarchical Backbones as Visual Encoder')),
        `cards: ${JSON.stringify(titles)}`,
      );
      await fontsSettled(page);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('a paper page renders its math and entities', async () => {
    const { base, context } = site!;
    const { page, problems } = await openTab(context, base);
    await page.goto(`${base}/papers/date/2026-05-05`);
    await page.locator('article.card .card-title a', { hasText: 'ComboStoc' }).click();
    await page.waitForURL(`${base}/papers/2405.13729`);
    const paper = page.locator('article.paper');
    assert.equal(
      await paper.locator('h1.paper-title').innerText(),
      'ComboStoc: Combinatorial Stochasticity for Diffusion Generative Models',
    );
    const abstract = paper.locator('.abstract');
    assert.ok((await abstract.locator('.katex').count()) >= 2, 'both formulas of the abstract are typeset by KaTeX');
    const visible = `${await paper.locator('.paper-title').innerText()}\n${await abstract.innerText()}`;
    assert.ok(!visible.includes('$'), `no TeX delimiters left in: ${visible}`);
    assert.ok(visible.includes('cost – a new idea'), `&#x2013; shows as an en dash in: ${visible}`);
    assert.ok(!visible.includes('&#x2013;'));
    // KaTeX's stylesheet and fonts arrived: the MathML copy is hidden, and the math is set in KaTeX's fonts.
    await fontsSettled(page);
    const math = await page.evaluate(() => ({
      mathmlPosition: getComputedStyle(document.querySelector('.abstract .katex-mathml')!).position,
      fonts: [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family.replace(/"/g, '')),
    }));
    assert.equal(math.mathmlPosition, 'absolute');
    assert.ok(math.fonts.includes('KaTeX_Main'), `loaded fonts: ${math.fonts.join(', ')}`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'paper.png'), fullPage: true });
    assert.deepEqual(problems, []);
    await page.close();
  });
});
