// The server's first start on an empty database: it harvests the last days in the background and
// the page shows the progress; offline, the page says arXiv cannot be reached and shows the import
// command, and the site keeps serving.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startScheduler } from '../../src/harvest/scheduler.ts';
import { createLogger } from '../../src/log.ts';
import { createApp } from '../../src/web/app.ts';
import { oaiPage } from '../helpers/arxiv-bodies.ts';
import { createTestDatabase, truncateAll } from '../helpers/db.ts';
import { FAST_RETRY, harvestConfig, paper, unreachableUrl } from '../helpers/harvest.ts';
import { pathWith, startReplayServer } from '../helpers/replay-server.ts';

const { sql } = await createTestDatabase();

test('an empty site harvests the last days in the background and shows its progress', async () => {
  await truncateAll(sql);
  const server = await startReplayServer();
  const config = harvestConfig(server, { FIRST_START_DAYS: '7', HARVEST_SCHEDULE: 'off' });
  let arrived!: () => void;
  const asked = new Promise<void>((r) => (arrived = r));
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  server.route(pathWith('/oai2', { set: 'cs' }), { hold: () => (arrived(), released), body: oaiPage([paper(1), paper(2)], { token: null, cursor: 0, completeListSize: 2 }) });
  const now = new Date('2026-03-04T12:00:00Z');
  const scheduler = startScheduler({ sql, config, log: createLogger(), retry: FAST_RETRY }, () => now);
  const app = createApp({ config, sql, log: createLogger() });
  try {
    await asked;
    assert.match(decodeURIComponent(server.requests[0]!), /from=2026-02-25/);
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
  server.route(pathWith('/oai2', { set: 'cs' }), { hold: () => (arrived(), new Promise<void>(() => {})), body: '' });
  const scheduler = startScheduler({ sql, config, log: createLogger(), retry: FAST_RETRY });
  await asked;
  await scheduler.stop(); // aborts the request: without that it would wait for the 60 s timeout, then retry
  const [run] = await sql<{ status: string; error: string }[]>`SELECT status, error FROM harvest_runs`;
  assert.equal(run?.status, 'failed');
  assert.match(run?.error ?? '', /stopped/);
});
