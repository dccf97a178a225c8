// Browser smoke test of comments: with JavaScript, comment with math, preview, reply inline, see a refusal
// under the form and the count change, delete to a placeholder, all without a reload; without JavaScript,
// the ?reply=n form and the redirect back to the new comment.
// Skipped when Debian's chromium is not installed (CI installs it).
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SCREENSHOTS, SKIP, serveInBrowser } from '../helpers/browser.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { createTestUser, TEST_PASSWORD } from '../helpers/users.ts';

let browser: Browser | null = null;

const { sql } = await createTestDatabase();
const PAPER = '2605.20001';

async function start(): Promise<string> {
  await sql`
    INSERT INTO papers (id, title, abstract, author_names, published_at, daily_date, daily_source)
    VALUES (${PAPER}, 'Attention is all you need, again', 'An abstract.', ${['Ada Lovelace']}, now(), current_date, 'arxiv')`;
  const app = createTestApp(sql);
  const site = await serveInBrowser(app);
  browser = site.browser;
  return site.base;
}

const base = SKIP ? '' : await start();

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

async function logIn(javaScriptEnabled: boolean): Promise<{ context: BrowserContext; page: Page }> {
  const user = await createTestUser(sql);
  const context = await browser!.newContext({ javaScriptEnabled, colorScheme: 'light', viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  const login = page.locator('main form[action="/login"]');
  await login.locator('input[name="email"]').fill(user.email);
  await login.locator('input[name="password"]').fill(TEST_PASSWORD);
  await login.locator('button[type="submit"]').click();
  await page.waitForURL(/\/papers/);
  return { context, page };
}

describe('comments in a browser', { skip: SKIP }, () => {
  test('comment with math, preview, reply inline, a refusal under the form, delete: no reload, the count follows', async () => {
    const { context, page } = await logIn(true);
    const problems = watch(page, [/422 .*\/papers\/.*\/comments/, /status of 422/]);
    await page.goto(`${base}/papers/${PAPER}`);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    const count = page.locator('#comments [data-comment-count]');
    const factsCount = page.locator('.facts [data-comment-count]');
    assert.equal(await count.innerText(), '0 comments');

    const form = page.locator('#comments > form[data-comment-form]');
    await form.locator('textarea').fill('Is $\\sum_{i=1}^n i = \\frac{n(n+1)}{2}$ used in **eq. 3**?');
    await form.locator('button[data-preview]').click();
    await form.locator('.comment-preview .katex').waitFor();
    await form.locator('button', { hasText: 'Post comment' }).click();
    const first = page.locator('.comment-thread article.comment').first();
    await first.locator('.katex').waitFor();
    assert.match(await first.locator('.comment-body').innerText(), /used in eq\. 3\?/);
    assert.equal(await count.innerText(), '1 comment');
    assert.equal(await form.locator('textarea').inputValue(), '', 'the form is emptied');
    assert.equal(await form.locator('.comment-preview').isHidden(), true);

    // A refusal from the server shows under the form, the text stays.
    await form.locator('textarea').fill('   ');
    await form.locator('button', { hasText: 'Post comment' }).click();
    await form.locator('.form-error', { hasText: 'Write something first' }).waitFor();

    // Reply inline: the form opens under the comment; the reply appears indented after it.
    await first.locator('a.reply-link').click();
    const replyBox = first.locator('.reply-box');
    await replyBox.locator('textarea').fill('Yes: $a^2 + b^2 = c^2$');
    await replyBox.locator('button', { hasText: 'Reply' }).click();
    const reply = page.locator('.comment-thread article.comment[data-depth="1"]');
    await reply.locator('.katex').waitFor();
    assert.equal(await replyBox.count(), 0, 'the reply form closes');
    assert.equal(await count.innerText(), '2 comments');
    assert.equal(await factsCount.innerText(), '2 comments', 'the count near the top follows too');
    assert.deepEqual(
      await page.locator('.comment-thread article.comment').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.depth)),
      ['0', '1'],
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'comments.png'), fullPage: true });

    // Delete the first comment: a placeholder keeps the reply under it.
    page.once('dialog', (d) => void d.accept());
    await first.locator('form[data-comment-delete] button').click();
    await first.locator('.comment-placeholder', { hasText: '[deleted]' }).waitFor();
    assert.equal(await count.innerText(), '1 comment');
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 42, 'no reload at any point');

    await page.reload();
    assert.equal(await page.locator('#comments [data-comment-count]').innerText(), '1 comment');
    assert.equal(await page.locator('.comment-thread article.comment').count(), 2);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('without JavaScript: comment, then reply through ?reply=n, each landing on the new comment', async () => {
    const { context, page } = await logIn(false);
    const problems = watch(page);
    await page.goto(`${base}/papers/${PAPER}`);
    const form = page.locator('#comments > form[data-comment-form]');
    await form.locator('textarea').fill('No script here, $x$ still renders.');
    await form.locator('button', { hasText: 'Post comment' }).click();
    await page.waitForURL(/#comment-\d+$/);
    const id = page.url().split('#comment-')[1]!;
    assert.match(await page.locator(`#comment-${id} .comment-body`).innerText(), /No script here/);
    await page.locator(`#comment-${id} a.reply-link`).click();
    await page.waitForURL(new RegExp(`\\?reply=${id}#reply-${id}$`));
    await page.locator(`#reply-${id} textarea`).fill('Replying without JavaScript');
    await page.locator(`#reply-${id} button`, { hasText: 'Reply' }).click();
    await page.waitForURL(/#comment-\d+$/);
    const replyId = page.url().split('#comment-')[1]!;
    assert.notEqual(replyId, id);
    assert.equal(await page.locator(`#comment-${replyId}`).getAttribute('data-depth'), '1');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'comments-nojs.png'), fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });
});
