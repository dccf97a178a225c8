// The server's first start on an empty database: it harvests the last days in the background and
// the page shows the progress; offline, the page says arXiv cannot be reached and shows the import
// command, and the site keeps serving.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startScheduler } from '../../src/jobs/scheduler.ts';
import { createLogger } from '../../src/log.ts';
import { createApp } from '../../src/web/app.ts';
import { getCursor, setCursor } from '../../src/store/harvest.ts';
import { upsertPapers } from '../../src/store/papers-write.ts';
import { apiFeed, oaiPage, rssListing, type FakePaper } from '../helpers/arxiv-bodies.ts';
import { createTestDatabase, truncateAll } from '../helpers/db.ts';
import { FAST_RETRY, harvestConfig, paper, unreachableUrl } from '../helpers/harvest.ts';
import { pathWith, startReplayServer } from '../helpers/replay-server.ts';

const { sql } = await createTestDatabase();

/** Stores one paper the way a plain import would (no featured day). */
async function importOne(p: FakePaper): Promise<void> {
  await upsertPapers(sql, [
    {
      id: p.id,
      version: 1,
      metadataRank: 2,
      title: p.title,
      abstract: '',
      authors: [],
      categories: ['cs.LG'],
      primaryCategory: 'cs.LG',
      publishedAt: null,
      updatedAt: null,
      comments: null,
      journalRef: null,
      doi: null,
      reportNo: null,
      license: null,
      submitter: null,
      withdrawn: false,
      versions: [],
      links: [],
      daily: null,
      hf: null,
    },
  ]);
}

test('an empty site harvests the last days in the background and shows its progress', async () => {
  await truncateAll(sql);
  const server = await startReplayServer();
  const config = harvestConfig(server, { FIRST_START_DAYS: '7', HARVEST_SCHEDULE: 'off' });
  let arrived!: () => void;
  const asked = new Promise<void>((r) => (arrived = r));
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  server.route(pathWith('/oai2', { set: 'cs' }), {
    hold: () => {
      arrived();
      return released;
    },
    body: oaiPage([paper(1), paper(2)], { token: null, cursor: 0, completeListSize: 2 }),
  });
  const now = new Date('2026-03-04T12:00:00Z');
  const scheduler = startScheduler({ sql, config, log: createLogger(), retry: FAST_RETRY }, () => now);
  const app = createApp({ config, sql, log: createLogger() });
  try {
    await asked;
    // Hugging Face first (this replay has no lists: 404s), then arXiv.
    assert.match(decodeURIComponent(server.requests.find((r) => r.startsWith('/oai2'))!), /from=2026-02-25/);
    const during = await app.request('/papers');
    assert.equal(during.status, 200);
    assert.equal(during.headers.get('cache-control'), 'no-store');
    const html = await during.text();
    assert.match(html, /Fetching the latest papers from arXiv/);
    assert.match(html, /<meta http-equiv="refresh" content="10"/);
    release();
    await scheduler.idle();
    const after = await (await app.request('/papers')).text();
    assert.match(after, /data-paper-id="2603\.00001"/);
    assert.doesNotMatch(after, /http-equiv="refresh"/);
  } finally {
    release();
    await scheduler.stop();
  }
});

test('offline, the empty site says arXiv cannot be reached, shows the import command and keeps serving', async () => {
  await truncateAll(sql);
  const server = await startReplayServer();
  const config = harvestConfig(server, { FIRST_START_DAYS: '7', HARVEST_SCHEDULE: 'off', ARXIV_OAI_URL: await unreachableUrl('/oai2') });
  const scheduler = startScheduler({ sql, config, log: createLogger(), retry: FAST_RETRY });
  await scheduler.idle();
  await scheduler.stop();
  const app = createApp({ config, sql, log: createLogger() });
  const res = await app.request('/papers');
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /arXiv could not be reached/);
  assert.match(html, /connection refused/);
  assert.match(html, /dailypapers import/);
});

test('stopping the server stops a harvest that waits on arXiv at once', async () => {
  await truncateAll(sql);
  const server = await startReplayServer();
  const config = harvestConfig(server, { FIRST_START_DAYS: '7', HARVEST_SCHEDULE: 'off' });
  let arrived!: () => void;
  const asked = new Promise<void>((r) => (arrived = r));
  server.route(pathWith('/oai2', { set: 'cs' }), {
    hold: () => {
      arrived();
      return new Promise<void>(() => {});
    },
    body: '',
  });
  const scheduler = startScheduler({ sql, config, log: createLogger(), retry: FAST_RETRY });
  await asked;
  await scheduler.stop(); // aborts the request: without that it would wait for the 60 s timeout, then retry
  const [run] = await sql<{ status: string; error: string }[]>`SELECT status, error FROM harvest_runs WHERE kind = 'backfill'`;
  assert.equal(run?.status, 'failed');
  assert.match(run?.error ?? '', /stopped/);
});

test('after downtime the server catches up: missed days through OAI-PMH, then the latest listing', async () => {
  await truncateAll(sql);
  const server = await startReplayServer();
  const config = harvestConfig(server, { HARVEST_SCHEDULE: 'on' });
  await upsertPapers(sql, [], (tx) => setCursor(tx, 'daily', { lastDay: '2026-02-27' }));
  await importOne(paper(60)); // not empty: no first-start harvest
  server.route(pathWith('/oai2', { set: 'cs', from: '2026-02-27' }), {
    body: oaiPage([paper(61), paper(62)], { token: null, cursor: 0, completeListSize: 2 }),
  });
  server.route('/rss/cs.LG+cs.AI', { body: rssListing('2026-03-04', [{ paper: paper(63), type: 'new' }]) });
  server.route('/api/query', { body: apiFeed([paper(63)]) });
  const now = new Date('2026-03-04T12:00:00Z'); // Wednesday; last harvested listing: Friday
  const scheduler = startScheduler({ sql, config, log: createLogger(), retry: FAST_RETRY }, () => now);
  try {
    for (let i = 0; i < 200 && !(await getCursor<{ lastDay: string }>(sql, 'daily'))?.lastDay.startsWith('2026-03-04'); i++)
      await new Promise((r) => setTimeout(r, 25));
    // The cursor moves with the listing; the run goes on with its lookups: stopping before it ends would fail it.
    const dailyDone = async () =>
      (await sql`SELECT 1 FROM harvest_runs WHERE kind = 'daily' AND status <> 'running'`).length > 0 &&
      (await sql`SELECT 1 FROM harvest_runs WHERE kind = 'daily' AND status = 'running'`).length === 0;
    for (let i = 0; i < 200 && !(await dailyDone()); i++) await new Promise((r) => setTimeout(r, 25));
  } finally {
    await scheduler.stop();
  }
  const rows = await sql<{ id: string; daily_date: string | null }[]>`SELECT id, daily_date FROM papers ORDER BY id`;
  assert.deepEqual(
    rows.map((r) => [r.id, r.daily_date]),
    [
      [paper(60).id, null],
      [paper(61).id, '2026-03-03'],
      [paper(62).id, '2026-03-03'],
      [paper(63).id, '2026-03-04'],
    ],
  );
  const [run] = await sql<{ trigger: string; status: string }[]>`SELECT trigger, status FROM harvest_runs ORDER BY id LIMIT 1`;
  assert.deepEqual(run, { trigger: 'catch-up', status: 'ok' });
});
