// Browser smoke test of upvotes: from a feed card without a reload (pressed, count up, still there after a
// reload, and back), a refused vote rolled back with the server's message, the no-JavaScript form landing
// back on the card, and the anonymous link to log in. Skipped when Debian's chromium is not installed.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SCREENSHOTS, SKIP, serveInBrowser } from '../helpers/browser.ts';
import { importSource } from '../../src/import/importer.ts';
import { openInput } from '../../src/import/reader.ts';
import { setSuspended, type User } from '../../src/store/users.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { FIXTURES } from '../helpers/paths.ts';
import { createTestUser, TEST_PASSWORD } from '../helpers/users.ts';

const FEED = '/papers/date/2026-05-05';
const PAPER = '2405.13729';

let browser: Browser | null = null;

const { sql } = await createTestDatabase();

async function start(): Promise<string> {
  for (const name of ['arxiv-papers.jsonl', 'hf-daily-papers.json', 'arxiv-snapshot.jsonl']) {
    await importSource(sql, await openInput(path.join(FIXTURES, name)));
  }
  const app = createTestApp(sql);
  const site = await serveInBrowser(app);
  browser = site.browser;
  return site.base;
}

const base = SKIP ? '' : await start();

/** Problems a user would notice; `expected` are HTTP errors the test provokes on purpose. */
function watch(page: Page, expected: RegExp | null = null): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !expected?.test(m.text())) problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`script error: ${err.message}`));
  page.on('response', (r) => {
    if (r.url().startsWith(base) && r.status() >= 400 && !expected?.test(`${r.status()} ${r.url()}`))
      problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return problems;
}

async function logIn(context: BrowserContext, user: User): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  const form = page.locator('main form[action="/login"]');
  await form.locator('input[name="email"]').fill(user.email);
  await form.locator('input[name="password"]').fill(TEST_PASSWORD);
  await form.locator('button[type="submit"]').click();
  await page.waitForURL(/\/papers/);
  return page;
}

const storedUpvotes = async () => (await sql<{ upvotes: number }[]>`SELECT upvotes FROM papers WHERE id = ${PAPER}`)[0]!.upvotes;

describe('upvotes in a browser', { skip: SKIP }, () => {
  test('upvote from the feed without a reload, see it after one, take it back; a refusal is rolled back with its message', async () => {
    const user = await createTestUser(sql);
    const context = await browser!.newContext({ colorScheme: 'light', viewport: { width: 1280, height: 800 } });
    const page = await logIn(context, user);
    const problems = watch(page, /403/);
    await page.goto(`${base}${FEED}`);
    const button = page.locator(`article.card[data-paper-id="${PAPER}"] button.vote`);
    const count = button.locator('.count');
    const before = Number(await count.innerText());
    assert.equal(await button.getAttribute('aria-pressed'), 'false');

    let loads = 0;
    page.on('load', () => loads++);
    await button.click();
    assert.equal(await button.getAttribute('aria-pressed'), 'true', 'pressed at once');
    assert.equal(Number(await count.innerText()), before + 1);
    await waitFor(
      async () => (await sql`SELECT 1 FROM votes WHERE user_id = ${user.id} AND paper_id = ${PAPER}`).length === 1,
      'the vote to be stored',
    );
    assert.equal(await storedUpvotes(), 1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'vote-pressed.png') });
    assert.equal(loads, 0, 'no reload');
    assert.equal(page.url(), `${base}${FEED}`);

    await page.reload();
    assert.equal(await button.getAttribute('aria-pressed'), 'true', 'the vote is remembered');
    assert.equal(Number(await count.innerText()), before + 1);
    // Quick double click: the last click wins, and the server agrees.
    await button.click();
    await button.click();
    await button.click();
    await page.waitForFunction(
      (id) => document.querySelector(`article.card[data-paper-id="${id}"] button.vote`)?.getAttribute('aria-pressed') === 'false',
      PAPER,
    );
    await waitFor(async () => (await sql`SELECT 1 FROM votes WHERE user_id = ${user.id}`).length === 0, 'the vote to be taken back');
    await page.reload();
    assert.equal(await button.getAttribute('aria-pressed'), 'false');
    assert.equal(Number(await count.innerText()), before);

    // Suspended meanwhile: the button flips, then flips back with the server's reason.
    await setSuspended(sql, user.id, 'testing refusals');
    await button.click();
    const error = page.locator(`article.card[data-paper-id="${PAPER}"] .vote-error`);
    await error.waitFor();
    assert.match(await error.innerText(), /Your account is suspended: testing refusals/);
    assert.equal(await button.getAttribute('aria-pressed'), 'false', 'rolled back');
    assert.equal(Number(await count.innerText()), before);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'vote-refused.png') });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('without JavaScript the form votes and comes back to the card; anonymous visitors are sent to log in', async () => {
    const user = await createTestUser(sql);
    const context = await browser!.newContext({ javaScriptEnabled: false, colorScheme: 'light', viewport: { width: 1000, height: 800 } });
    const page = await logIn(context, user);
    const problems = watch(page);
    await page.goto(`${base}${FEED}`);
    const button = page.locator(`article.card[data-paper-id="${PAPER}"] button.vote`);
    const before = Number(await button.locator('.count').innerText());
    await button.click();
    await page.waitForURL(`${base}${FEED}#paper-${PAPER}`);
    assert.equal(await button.getAttribute('aria-pressed'), 'true');
    assert.equal(Number(await button.locator('.count').innerText()), before + 1);
    await button.click();
    await waitFor(async () => (await button.getAttribute('aria-pressed')) === 'false', 'the page to show the vote taken back');
    await waitFor(async () => (await sql`SELECT 1 FROM votes WHERE user_id = ${user.id}`).length === 0, 'the vote to be taken back');
    assert.deepEqual(problems, []);
    await context.close();

    const anon = await browser!.newContext({ colorScheme: 'light', viewport: { width: 1000, height: 800 } });
    const visitor = await anon.newPage();
    await visitor.goto(`${base}${FEED}`);
    await visitor.locator(`article.card[data-paper-id="${PAPER}"] a.vote`).click();
    await visitor.waitForURL(`${base}/login?next=${encodeURIComponent(FEED)}`);
    await anon.close();
  });
});

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}
