// The HTTP client every harvester uses, against a local server: one request at a time, the minimum
// interval, the User-Agent, retries, and no half bodies. Waits go through a recording sleep, so the
// tests check the intervals asked for without timing anything.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { searchArxiv, lookupIds } from '../../src/arxiv/api-client.ts';
import { FetchFailed, PoliteFetcher, userAgentOf } from '../../src/http/polite-fetch.ts';
import { createLogger } from '../../src/log.ts';
import { apiFeed } from '../helpers/arxiv-bodies.ts';
import { FAST_RETRY, paper } from '../helpers/harvest.ts';
import { SHARED } from '../helpers/paths.ts';
import { pathWith, startReplayServer } from '../helpers/replay-server.ts';

function fetcher(minIntervalMs: number, sleeps: number[] = []) {
  return new PoliteFetcher({
    userAgent: userAgentOf('https://papers.example.org', 'ops@example.org'),
    minIntervalMs,
    retry: FAST_RETRY,
    log: createLogger(),
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
  });
}

test('requests go one at a time, at least the minimum interval apart, with a User-Agent naming a contact', async () => {
  const server = await startReplayServer();
  let inFlight = 0;
  let maxInFlight = 0;
  server.route('/slow', {
    hold: async () => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight--;
    },
    body: 'ok',
  });
  const sleeps: number[] = [];
  const f = fetcher(3000, sleeps);
  const pages = await Promise.all([1, 2, 3].map(() => f.get(`${server.url}/slow`)));
  assert.deepEqual(
    pages.map((p) => p.body),
    ['ok', 'ok', 'ok'],
  );
  assert.equal(maxInFlight, 1);
  // The first request goes at once; the next two wait for (nearly) the whole interval after the previous one.
  assert.equal(sleeps.length, 2);
  assert.ok(
    sleeps.every((ms) => ms > 2500 && ms <= 3000),
    sleeps.join(', '),
  );
  assert.equal(server.userAgents[0], 'dailypapers/0.1 (+https://papers.example.org; mailto:ops@example.org)');
});

test('a 503 is retried after its Retry-After, a reset mid-body is retried, a 404 is returned, and giving up throws FetchFailed', async () => {
  const server = await startReplayServer();
  server.route('/busy', { status: 503, headers: { 'Retry-After': '3' }, body: '' }, { body: 'finally' });
  server.route('/cut', { body: 'x'.repeat(10_000), resetAfterBytes: 100 }, { body: 'whole' });
  server.route('/missing', { status: 404, body: 'no' });
  server.route('/down', { status: 502, body: '' });
  const sleeps: number[] = [];
  const f = fetcher(0, sleeps);
  assert.equal((await f.get(`${server.url}/busy`)).body, 'finally');
  assert.deepEqual(sleeps, [3000]);
  assert.equal((await f.get(`${server.url}/cut`)).body, 'whole');
  const missing = await f.get(`${server.url}/missing`);
  assert.equal(missing.status, 404);
  await assert.rejects(
    f.get(`${server.url}/down`),
    (err: unknown) => err instanceof FetchFailed && /HTTP 502; gave up after 4 attempts/.test(err.message),
  );
});

test('id lookups batch ids and report the error entry of a malformed id', async () => {
  const server = await startReplayServer();
  const ids = Array.from({ length: 150 }, (_, i) => paper(i + 1).id);
  server.route(pathWith('/api/query', { max_results: '100' }), { body: apiFeed(ids.slice(0, 100).map((id, i) => paper(i + 1, { id }))) });
  server.route(pathWith('/api/query', { max_results: '50' }), { body: apiFeed(ids.slice(100).map((id, i) => paper(i + 101, { id }))) });
  const result = await lookupIds(fetcher(0), `${server.url}/api/query`, ids);
  assert.equal(result.records.length, 150);
  assert.equal(server.requests.length, 2);
  assert.equal(new URL(server.requests[0]!, server.url).searchParams.get('id_list')!.split(',').length, 100);
});

const API_DIR = path.join(SHARED, 'fixtures', 'arxiv-api');

test('search queries page through real arXiv responses', {
  skip: fs.existsSync(API_DIR) ? false : `${API_DIR} is not here: real API paging skipped`,
}, async () => {
  const server = await startReplayServer();
  const files = fs.readdirSync(API_DIR);
  for (const start of [0, 10, 20, 30, 40, 50]) {
    const file = files.find((f) => f.startsWith(`q_testing_s${start}_m10_`))!;
    server.route(pathWith('/api/query', { search_query: 'all:testing', start: String(start), max_results: '10' }), {
      body: fs.readFileSync(path.join(API_DIR, file), 'utf8'),
    });
  }
  const malformed = files.find((f) => f.startsWith('id_abc_'))!;
  server.route(pathWith('/api/query', { id_list: 'abc' }), { status: 400, body: fs.readFileSync(path.join(API_DIR, malformed), 'utf8') });
  const f = fetcher(0);
  const seen: string[] = [];
  let total: number | null = null;
  for await (const page of searchArxiv(f, `${server.url}/api/query`, 'all:testing', { pageSize: 10, maxResults: 60 })) {
    seen.push(...page.records.map((r) => r.id));
    total = page.totalResults;
  }
  assert.equal(server.requests.length, 6);
  assert.equal(seen.length, 60);
  assert.equal(total, 214881);
  const bad = await lookupIds(f, `${server.url}/api/query`, ['abc']);
  assert.equal(bad.records.length, 0);
  assert.equal(bad.problems.length, 1);
  assert.match(bad.problems[0]!.message, /malformed|incorrect|invalid/i);
});
