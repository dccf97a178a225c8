// Browser smoke test of search: "/" focuses the box, results follow typing without a page load, and the form
// works without JavaScript. A real Chromium against the app on a real socket; skipped without Debian's chromium.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser } from 'playwright-core';
import { loadConfig } from '../../src/config.ts';
import { importSource } from '../../src/import/importer.ts';
import { openInput } from '../../src/import/reader.ts';
import { createLogger } from '../../src/log.ts';
import { MemoryMailer } from '../../src/mail/mailer.ts';
import { startSearch } from '../../src/search/service.ts';
import { createApp } from '../../src/web/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { FIXTURES } from '../helpers/paths.ts';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = '/tmp/dp-screens';
const SKIP = fs.existsSync(CHROMIUM) ? false : `${CHROMIUM} not found: browser tests skipped (apt-get install chromium)`;

async function startSite(): Promise<{ base: string; browser: Browser }> {
  let server: ServerType | null = null;
  let browser: Browser | null = null;
  const { sql } = await createTestDatabase();
  await importSource(sql, await openInput(path.join(FIXTURES, 'search-papers.jsonl')));
  const log = createLogger();
  const search = await startSearch({ sql, log, dataDir: null, follow: false, waitUntilReady: true });
  after(async () => {
    await browser?.close();
    if (server) await new Promise((resolve) => server!.close(resolve));
    await search.stop();
  });
  const app = createApp({ config: loadConfig({}), sql, log, mailer: new MemoryMailer(), search });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  const { port } = server!.address() as AddressInfo;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
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
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return { base: `http://127.0.0.1:${port}`, browser };
}

const site = SKIP ? null : await startSite();

describe('search in a browser', { skip: SKIP }, () => {
  test('"/" focuses the header box; on the search page results follow typing', async () => {
    const { base, browser } = site!;
    const context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(`${base}/papers`);
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name), 'q');
    await page.keyboard.type('schrodinger');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/search?q=schrodinger`);
    assert.deepEqual(await page.locator('article.card .card-title').allInnerTexts(), [
      'Solving the Schrödinger equation with neural networks',
    ]);
    assert.equal(await page.locator('article.card .card-title mark').innerText(), 'Schrödinger');

    // Typing in the page's box replaces the results in place and updates the address.
    const box = page.locator('#search-q');
    await box.fill('draft tree');
    await page.waitForFunction(() => document.querySelectorAll('article.card').length === 2 && location.search.includes('draft'));
    assert.match(page.url(), /\/search\?q=draft\+tree$/);
    await page.locator('details.search-filters summary').click();
    await page.locator('input[name="code"]').check();
    await page.waitForFunction(() => document.querySelectorAll('article.card').length === 1);
    assert.match(page.url(), /code=1/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'search.png'), fullPage: true });
    // Hostile titles stay text.
    await page.locator('input[name="code"]').uncheck();
    await box.fill('injections');
    await page.waitForFunction(() => document.querySelectorAll('article.card').length === 1 && location.search.includes('injections'));
    assert.equal(await page.locator('article.card script, article.card img').count(), 0);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('without JavaScript the form submits and pages', async () => {
    const { base, browser } = site!;
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/search`);
    await page.locator('#search-q').fill('decoding');
    await page.locator('.search-box button').click();
    await page.waitForURL(/\/search\?q=decoding/);
    assert.ok((await page.locator('article.card').count()) >= 2);
    await context.close();
  });
});
