// Browser smoke test of collections: "Save" on a card opens a menu (new list, untick, tick) without a reload,
// the card says "Saved" after a reload too, and a collection's page removes a paper in place.
// Skipped when Debian's chromium is not installed (CI installs it).
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { SCREENSHOTS, SKIP, serveInBrowser } from '../helpers/browser.ts';
import { importSource } from '../../src/import/importer.ts';
import { openInput } from '../../src/import/reader.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { FIXTURES } from '../helpers/paths.ts';
import { createTestUser, TEST_PASSWORD } from '../helpers/users.ts';

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

function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`script error: ${err.message}`));
  page.on('response', (r) => {
    if (r.url().startsWith(base) && r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return problems;
}

describe('collections in a browser', { skip: SKIP }, () => {
  test('save from a card without a reload, see "Saved" after one, remove from the collection in place', async () => {
    const user = await createTestUser(sql);
    const context = await browser!.newContext({ colorScheme: 'light', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(`${base}/login`);
    const login = page.locator('main form[action="/login"]');
    await login.locator('input[name="email"]').fill(user.email);
    await login.locator('input[name="password"]').fill(TEST_PASSWORD);
    await login.locator('button[type="submit"]').click();
    await page.waitForURL(/\/papers/);

    await page.goto(`${base}/papers/date/2026-05-05`);
    const card = page.locator('article.card[data-paper-id="2405.13729"]');
    const save = card.locator('a.save-link');
    assert.equal((await save.innerText()).trim(), 'Save');
    await save.click();
    const menu = card.locator('.save-menu');
    await menu.locator('input[name="new_title"]').fill('Browser <b>list</b>');
    await menu.locator('button', { hasText: 'Create' }).click();
    const box = menu.locator('li label', { hasText: 'Browser <b>list</b>' }).locator('input[type="checkbox"]');
    await box.waitFor();
    assert.equal(await box.isChecked(), true, 'the new list holds the paper');
    assert.equal((await save.innerText()).trim(), 'Saved');
    assert.equal(page.url(), `${base}/papers/date/2026-05-05`, 'no navigation');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'save-menu.png') });

    await box.uncheck();
    await page.waitForFunction(
      () => document.querySelector('article.card[data-paper-id="2405.13729"] a.save-link')?.textContent === 'Save',
    );
    await menu.locator('li input[type="checkbox"]').first().check();
    await page.waitForFunction(
      () => document.querySelector('article.card[data-paper-id="2405.13729"] a.save-link')?.textContent === 'Saved',
    );
    await page.keyboard.press('Escape');
    assert.equal(await menu.count(), 0, 'Escape closes the menu');

    await page.reload();
    await page.waitForFunction(
      () => document.querySelector('article.card[data-paper-id="2405.13729"] a.save-link')?.textContent === 'Saved',
    );
    assert.equal((await page.locator('article.card[data-paper-id="2405.14906"] a.save-link').innerText()).trim(), 'Save');

    const [row] = await sql<{ id: number }[]>`SELECT id::int FROM collections WHERE user_id = ${user.id}`;
    await page.goto(`${base}/collections/${row!.id}`);
    assert.equal(await page.locator('main h1').innerText(), 'Browser <b>list</b> private');
    await page.locator('.collection-item button', { hasText: 'Remove from this collection' }).click();
    await page.locator('.collection-item').waitFor({ state: 'detached' });
    assert.equal((await sql`SELECT 1 FROM collection_papers WHERE collection_id = ${row!.id}`).length, 0);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('without JavaScript: Save goes to a page of your lists, Add comes back to it, Done returns to the feed', async () => {
    const user = await createTestUser(sql);
    const context = await browser!.newContext({ javaScriptEnabled: false, colorScheme: 'light', viewport: { width: 1000, height: 800 } });
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(`${base}/login`);
    const login = page.locator('main form[action="/login"]');
    await login.locator('input[name="email"]').fill(user.email);
    await login.locator('input[name="password"]').fill(TEST_PASSWORD);
    await login.locator('button[type="submit"]').click();
    await page.waitForURL(/\/papers/);
    await sql`INSERT INTO collections (user_id, title, public) VALUES (${user.id}, 'Weekend reading', true)`;

    await page.goto(`${base}/papers/date/2026-05-05`);
    await page.locator('article.card[data-paper-id="2405.14906"] a.save-link').click();
    await page.waitForURL(`${base}/papers/2405.14906/save`);
    await page.locator('.save-choice', { hasText: 'Weekend reading' }).locator('button', { hasText: 'Add' }).click();
    await page.waitForURL(/\/papers\/2405.14906\/save\?.*done=added/);
    assert.match(await page.locator('.notice-ok').innerText(), /Saved to “Weekend reading”/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'save-page.png'), fullPage: true });
    await page.locator('a.button', { hasText: 'Done' }).click();
    await page.waitForURL(`${base}/papers/date/2026-05-05`);

    await page.goto(`${base}/users/${user.username}?tab=collections`);
    assert.match(await page.locator('.collection-row').innerText(), /Weekend reading public · 1 paper/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'profile-collections.png'), fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });
});
