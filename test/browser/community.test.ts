// The community flow in headless Chromium, as a new researcher meets it: sign up, confirm the address
// from the link in the mail (read from the mail interface), log in, submit a paper (arXiv is a local
// replay server), upvote it from the daily page without a reload, comment with math, reply, and see
// the count change. Skipped when Debian's chromium is not installed (CI installs it).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { SKIP, serveInBrowser } from '../helpers/browser.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { MemoryMailer } from '../../src/mail/mailer.ts';
import { createApp } from '../../src/web/app.ts';
import { createWebArxivFetcher } from '../../src/web/arxiv-client.ts';
import { apiFeed } from '../helpers/arxiv-bodies.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { pathWith, startReplayServer } from '../helpers/replay-server.ts';

let browser: Browser | null = null;

const { sql } = await createTestDatabase();
const mailer = new MemoryMailer();
const arxiv = await startReplayServer();
const ID = '2603.00042';
arxiv.route(pathWith('/api/query', { id_list: ID }), {
  body: apiFeed([
    {
      id: ID,
      title: 'Attention With $\\mathcal{O}(n)$ Memory',
      authors: ['Grace Hopper'],
      versions: [new Date(Date.now() - 86_400_000).toUTCString()],
    },
  ]),
});

async function start(): Promise<string> {
  const config = { ...loadConfig({}), arxivApiUrl: `${arxiv.url}/api/query`, arxivRequestIntervalMs: 0 };
  const log = createLogger();
  const app = createApp({ config, sql, log, mailer, arxiv: createWebArxivFetcher(config, log, { sleep: async () => {} }) });
  const site = await serveInBrowser(app);
  browser = site.browser;
  return site.base;
}

const base = SKIP ? '' : await start();

describe('the community flow in a browser', { skip: SKIP }, () => {
  test('sign up, verify, log in, submit, upvote, comment with math, reply', async () => {
    const page = await (await browser!.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));

    // Sign up.
    await page.goto(`${base}/signup`);
    await page.fill('input[name="email"]', 'grace@example.org');
    await page.fill('input[name="username"]', 'grace');
    await page.fill('input[name="password"]', 'a compiler for everyone');
    await page.click('form[action="/signup"] button[type="submit"]');
    await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();

    // Verify from the mail (links name the public BASE_URL; this server listens elsewhere).
    const link = new URL(mailer.linkTo('grace@example.org')!);
    await page.goto(`${base}${link.pathname}${link.search}`);
    await page.getByRole('heading', { name: 'Email confirmed' }).waitFor();

    // Log out and in again.
    await page.goto(`${base}/papers`);
    await page.click('form[action="/logout"] button');
    await page.waitForURL(`${base}/papers`);
    await page.goto(`${base}/login`);
    await page.fill('main input[name="email"]', 'grace@example.org');
    await page.fill('main input[name="password"]', 'a compiler for everyone');
    await page.click('main form[action="/login"] button[type="submit"]');
    await page.waitForURL(`${base}/papers`);
    assert.match(await page.locator('.account-nav').innerText(), /User|grace/i);

    // Submit a paper by URL: it lands on today's page, submitted by grace.
    await page.goto(`${base}/submit`);
    await page.fill('form[data-submit-form] input[name="paper"]', `https://arxiv.org/abs/${ID}v1`);
    await page.click('form[data-submit-form] button[type="submit"]');
    await page.waitForURL(new RegExp(`/papers/${ID}`));
    assert.ok((await page.locator('h1 .katex').count()) > 0, 'math in the title rendered by KaTeX');

    // Upvote it from the daily page without a reload.
    await page.goto(`${base}/papers`);
    const card = page.locator(`article[data-paper-id="${ID}"]`);
    await card.waitFor();
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    const count = card.locator('.count').first();
    assert.equal((await count.innerText()).trim(), '0');
    await card.locator('form.vote-form button').click();
    await page.waitForFunction((id) => document.querySelector(`article[data-paper-id="${id}"] .count`)?.textContent?.trim() === '1', ID);
    assert.equal(await card.locator('form.vote-form button').getAttribute('aria-pressed'), 'true');
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 42, 'no reload');
    // The count moves at the click (optimistically); the vote is stored when the POST returns, a moment later.
    let stored: { upvotes: number } | undefined;
    for (let i = 0; i < 50 && stored?.upvotes !== 1; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 100));
      [stored] = await sql<{ upvotes: number }[]>`SELECT upvotes FROM papers WHERE id = ${ID}`;
    }
    assert.equal(stored?.upvotes, 1);

    // Comment with math, then reply; the count follows.
    await page.goto(`${base}/papers/${ID}`);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 7));
    const form = page.locator('#comments form[data-comment-form]').first();
    await form.locator('textarea').fill('Nice bound: $\\mathcal{O}(n \\log n)$ instead of $n^2$.');
    await form.locator('button[type="submit"]:not([data-preview])').click();
    const first = page.locator('#comments article.comment').first();
    await first.waitFor();
    assert.ok((await first.locator('.katex').count()) > 0, 'math in the comment rendered');
    await page.waitForFunction(() => /1 comment/.test(document.querySelector('[data-comment-count]')?.textContent ?? ''));

    await first.locator('.reply-link').click();
    const replyForm = first.locator('form[data-comment-form]');
    await replyForm.locator('textarea').fill('Thanks, and the constant is small.');
    await replyForm.locator('button[type="submit"]:not([data-preview])').click();
    await page.locator('#comments article.comment', { hasText: 'the constant is small' }).waitFor();
    await page.waitForFunction(() => /2 comments/.test(document.querySelector('[data-comment-count]')?.textContent ?? ''));
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 7, 'no reload');
    const [c] = await sql<{ n: number }[]>`SELECT num_comments AS n FROM papers WHERE id = ${ID}`;
    assert.equal(c?.n, 2);
    assert.deepEqual(errors, []);
  });
});
