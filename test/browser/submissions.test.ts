// Browser smoke test of submissions and authorship claims with JavaScript: a refusal shows beside the form
// without leaving it, a submission lands on the paper's page, a claim turns into its status in place and an
// admin's approval takes it off the queue in place. arXiv is a local replay server.
// Skipped when Debian's chromium is not installed (CI installs it).
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { SCREENSHOTS, SKIP, serveInBrowser } from '../helpers/browser.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { createApp } from '../../src/web/app.ts';
import { createWebArxivFetcher } from '../../src/web/arxiv-client.ts';
import { apiFeed } from '../helpers/arxiv-bodies.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { pathWith, startReplayServer } from '../helpers/replay-server.ts';
import { createTestUser, TEST_PASSWORD } from '../helpers/users.ts';

let browser: Browser | null = null;

const { sql } = await createTestDatabase();
const arxiv = await startReplayServer();
const ID = '2603.00011';
arxiv.route(pathWith('/api/query', { id_list: ID }), {
  body: apiFeed([
    {
      id: ID,
      title: 'Submitted From a Browser',
      authors: ['Grace Hopper', 'Alan Turing'],
      versions: [new Date(Date.now() - 86_400_000).toUTCString()],
    },
  ]),
});

async function start(): Promise<string> {
  const config = { ...loadConfig({}), arxivApiUrl: `${arxiv.url}/api/query`, arxivRequestIntervalMs: 0 };
  const log = createLogger();
  const app = createApp({ config, sql, log, arxiv: createWebArxivFetcher(config, log, { sleep: async () => {} }) });
  const site = await serveInBrowser(app);
  browser = site.browser;
  return site.base;
}

const base = SKIP ? '' : await start();

/** Script errors and unexpected failed requests (`expected` lists the refusals the test provokes). */
function watch(page: Page, expected: RegExp[] = []): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !expected.some((e) => e.test(m.text()))) problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`script error: ${err.message}`));
  page.on('response', (r) => {
    if (r.url().startsWith(base) && r.status() >= 400 && !expected.some((e) => e.test(`${r.status()} ${r.url()}`)))
      problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return problems;
}

async function logIn(page: Page, email: string): Promise<void> {
  await page.goto(`${base}/login`);
  const form = page.locator('main form[action="/login"]');
  await form.locator('input[name="email"]').fill(email);
  await form.locator('input[name="password"]').fill(TEST_PASSWORD);
  await form.locator('button[type="submit"]').click();
  await page.waitForURL(/\/papers/);
}

describe('submissions and claims in a browser', { skip: SKIP }, () => {
  test('submit a paper by URL, claim authorship, and an admin approves it, all without reloads', async () => {
    const user = await createTestUser(sql);
    const context = await browser!.newContext({ colorScheme: 'light', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    // The refused submission answers 422 (and Chromium logs the failed resource).
    const problems = watch(page, [/^422 .*\/submit$/, /status of 422/]);
    await logIn(page, user.email);

    await page.goto(`${base}/submit`);
    const form = page.locator('form[data-submit-form]');
    await form.locator('input[name="paper"]').fill('not a paper');
    await form.locator('button[type="submit"]').click();
    const error = form.locator('[data-form-error]');
    await error.waitFor({ state: 'visible' });
    assert.match(await error.innerText(), /is not an arXiv id or arXiv URL/);
    assert.equal(page.url(), `${base}/submit`, 'stayed on the form');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'submit-refused.png'), fullPage: true });

    await form.locator('input[name="paper"]').fill(`https://arxiv.org/abs/${ID}v1`);
    await form.locator('button[type="submit"]').click();
    await page.waitForURL(`${base}/papers/${ID}?submitted=new`);
    assert.match(await page.locator('main .notice-ok').innerText(), /is on the daily page of/);
    assert.equal(await page.locator('h1.paper-title').innerText(), 'Submitted From a Browser');

    // Claim to be the second author: the form turns into the claim's status in place.
    await page.locator('details.claim-box summary').click();
    await page.locator('select[name="position"]').selectOption({ label: 'Alan Turing' });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'paper-claim.png'), fullPage: true });
    await page.locator('form[data-claim-form] button[type="submit"]').click();
    const status = page.locator('.claim-status');
    await status.waitFor();
    assert.equal(await status.innerText(), 'Your claim to be Alan Turing (author 2) is waiting for an administrator.');
    assert.equal(page.url(), `${base}/papers/${ID}?submitted=new`, 'no reload');

    const admin = await createTestUser(sql, { role: 'admin' });
    const adminContext = await browser!.newContext({ colorScheme: 'light' });
    const adminPage = await adminContext.newPage();
    const adminProblems = watch(adminPage);
    await logIn(adminPage, admin.email);
    await adminPage.goto(`${base}/admin/claims`);
    const item = adminPage.locator('.claim-item');
    assert.equal(await item.count(), 1);
    await adminPage.screenshot({ path: path.join(SCREENSHOTS, 'admin-claims.png'), fullPage: true });
    await item.locator('form[action$="/approve"] button').click();
    await item.waitFor({ state: 'detached' });
    assert.equal(adminPage.url(), `${base}/admin/claims`);

    await page.reload();
    assert.equal(await page.locator('.paper-authors .author-verified a').first().innerText(), 'Alan Turing');
    assert.match(
      (await page.locator('.paper-authors .verified-author').getAttribute('href')) ?? '',
      new RegExp(`/users/${user.username}$`),
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'paper-verified.png'), fullPage: true });
    assert.deepEqual(problems, []);
    assert.deepEqual(adminProblems, []);
    await adminContext.close();
    await context.close();
  });
});
