// The daily, weekly and monthly feed pages over HTTP, in-process, on a real database.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { importSource } from '../../src/import/importer.ts';
import { openInput } from '../../src/import/reader.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase, truncateAll } from '../helpers/db.ts';
import { FIXTURES } from '../helpers/paths.ts';

const { sql } = await createTestDatabase();
const app = createTestApp(sql);

async function get(url: string) {
  const res = await app.request(url);
  return { status: res.status, location: res.headers.get('location'), html: await res.text(), headers: res.headers };
}

function cardIds(html: string): string[] {
  return [...html.matchAll(/<article class="card" data-paper-id="([^"]+)"/g)].map((m) => m[1]!);
}

test('an empty database explains how to import papers', async () => {
  await truncateAll(sql);
  const { status, html } = await get('/papers');
  assert.equal(status, 200);
  assert.match(html, /No papers yet/);
  assert.match(html, /dailypapers import/);
  assert.match(html, /^<!DOCTYPE html>/);
});

test('feeds with papers', async (t) => {
  await truncateAll(sql);
  for (const f of ['arxiv-papers.jsonl', 'hf-daily-papers.json', 'arxiv-snapshot.jsonl']) {
    await importSource(sql, await openInput(path.join(FIXTURES, f)));
  }

  await t.test('/papers shows the latest day with papers, by upvotes', async () => {
    const { status, html } = await get('/papers');
    assert.equal(status, 200);
    assert.match(html, /Tuesday, May 5, 2026/);
    assert.deepEqual(cardIds(html), ['2405.14906', '2405.13729']);
    assert.match(html, /href="\/papers\/date\/2026-05-04"[^>]*>← Previous day|rel="prev" href="\/papers\/date\/2026-05-04"/);
  });

  await t.test('a day page, sorted by recency on request', async () => {
    const { html } = await get('/papers/date/2026-05-05?sort=publishedAt');
    assert.deepEqual(cardIds(html), ['2405.13729', '2405.14906']);
    const trending = await get('/papers/date/2026-05-05?sort=trending');
    assert.equal(trending.status, 200);
  });

  await t.test('cards show math rendered, links, counts and an organization badge', async () => {
    const { html } = await get('/papers/date/2024-05-27');
    assert.deepEqual(cardIds(html), ['2405.15738', '2405.15000']);
    assert.match(html, /Alibaba Group/);
    assert.match(html, /3 comments/);
    assert.match(html, /href="https:\/\/github.com\/alibaba\/conv-llava"/);
    assert.match(html, /submitted by AK/);
    assert.doesNotMatch(html, /javascript:/);
    const combo = await get('/papers/date/2026-05-05');
    assert.match(combo.html, /class="katex"/);
    assert.doesNotMatch(combo.html.replace(/<annotation[^>]*>.*?<\/annotation>/gs, ''), /\$16/);
  });

  await t.test('titles, authors and abstracts cannot inject markup', async () => {
    const { html } = await get('/papers/date/2026-05-04');
    assert.deepEqual(cardIds(html), ['2605.00001']);
    assert.doesNotMatch(html, /<script>alert/);
    assert.doesNotMatch(html, /<img src=x/);
    assert.doesNotMatch(html, /<b>markup<\/b>/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  await t.test('week and month pages collect their days', async () => {
    const week = await get('/papers/week/2026-W19');
    assert.equal(week.status, 200);
    assert.deepEqual(cardIds(week.html), ['2405.14906', '2405.13729']);
    assert.match(week.html, /href="\/papers\/week\/2026-W18"/);
    const wholeWeek = await get('/papers/week/2026-W19?view=all');
    assert.deepEqual(cardIds(wholeWeek.html), ['2405.14906', '2405.13729', '2605.00001']);
    const month = await get('/papers/month/2024-05');
    assert.deepEqual(cardIds(month.html), ['2405.15738', '2405.15000']);
    assert.match(month.html, /May 2024/);
  });

  await t.test("the daily list is the day's picks; everything arXiv announced is one click away", async () => {
    const { html } = await get('/papers/date/2026-05-05');
    assert.match(html, /<a href="\/papers\/date\/2026-05-05" aria-current="page">Daily picks \(2\)<\/a>/);
    assert.match(html, /<a href="\/papers\/date\/2026-05-05\?view=all">New on arXiv \(2\)<\/a>/);
    assert.doesNotMatch(html, /No picks for this day/);
    // A day holding only what arXiv announced: said so, and its papers shown rather than an empty page.
    const unpicked = await get('/papers/date/2026-05-04');
    assert.match(unpicked.html, /No picks for this day yet/);
    assert.match(unpicked.html, /Daily picks \(0\)/);
    assert.match(unpicked.html, /New on arXiv \(1\)/);
    assert.deepEqual(cardIds(unpicked.html), ['2605.00001']);
    const all = await get('/papers/date/2026-05-04?view=all');
    assert.doesNotMatch(all.html, /No picks for this day/);
    assert.match(all.html, /aria-current="page">New on arXiv \(1\)/);
    assert.equal((await get('/papers/date/2026-05-04?view=best')).status, 400);
    // An upvote here makes it a pick.
    await sql`UPDATE papers SET upvotes = 1 WHERE id = '2605.00001'`;
    const voted = await createTestApp(sql).request('/papers/date/2026-05-04');
    const votedHtml = await voted.text();
    assert.match(votedHtml, /Daily picks \(1\)/);
    assert.doesNotMatch(votedHtml, /No picks for this day/);
    await sql`UPDATE papers SET upvotes = 0 WHERE id = '2605.00001'`;
  });

  await t.test('a day without papers says so and links onward', async () => {
    const { status, html } = await get('/papers/date/2025-01-01');
    assert.equal(status, 200);
    assert.match(html, /No papers for this day/);
    assert.match(html, /rel="prev" href="\/papers\/date\/2024-05-27"/);
    assert.match(html, /rel="next" href="\/papers\/date\/2026-05-04"/);
  });

  await t.test('pages of many papers', async () => {
    const small = createTestApp(sql, { feedPageSize: 1 });
    const first = await small.request('/papers/date/2026-05-05');
    const firstHtml = await first.text();
    assert.deepEqual(cardIds(firstHtml), ['2405.14906']);
    assert.match(firstHtml, /Page 1 of 2/);
    assert.match(firstHtml, /href="\/papers\/date\/2026-05-05\?page=2"/);
    const second = await (await small.request('/papers/date/2026-05-05?page=2')).text();
    assert.deepEqual(cardIds(second), ['2405.13729']);
    const beyond = await (await small.request('/papers/date/2026-05-05?page=9')).text();
    assert.match(beyond, /No papers on this page/);
  });

  await t.test('the date picker redirects to the chosen day (works without JavaScript)', async () => {
    const r = await get('/papers?date=2024-05-27');
    assert.equal(r.status, 302);
    assert.equal(r.location, '/papers/date/2024-05-27');
  });

  await t.test('bad dates and parameters are a 400 with a message', async () => {
    for (const [url, message] of [
      ['/papers/date/2024-02-30', /not a date/],
      ['/papers/date/yesterday', /not a date/],
      ['/papers/week/2024-W60', /not an ISO week/],
      ['/papers/month/2024-13', /not a month/],
      ['/papers?date=05/27/2024', /not a date/],
      ['/papers/date/2024-05-27?page=0', /"page" must be between 1/],
      ['/papers/date/2024-05-27?page=abc', /"page" must be a whole number/],
      ['/papers/date/2024-05-27?sort=random', /"sort" must be one of/],
    ] as const) {
      const r = await get(url);
      assert.equal(r.status, 400, url);
      assert.match(r.html.replaceAll('&quot;', '"'), message, url);
    }
  });

  await t.test('unknown addresses are a 404 page', async () => {
    const r = await get('/nothing/here');
    assert.equal(r.status, 404);
    assert.match(r.html, /Not found/);
  });
});
