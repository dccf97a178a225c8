// What huggingface_hub's paper methods send and expect, restated from its documented behaviour and its own test
// suite (HfApi.list_daily_papers, paper_info, list_papers, read_paper), against this site over our fixtures. The
// client reads an item's `publishedAt` as the paper's submitted_at, `submittedBy.fullname`, `numComments`, the
// `linked*` lists of paper_info, and raises on any status >= 400 (404 as not found, 400 as a bad request).
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { importSource } from '../../src/import/importer.ts';
import { openInput } from '../../src/import/reader.ts';
import { createLogger } from '../../src/log.ts';
import { MemoryMailer } from '../../src/mail/mailer.ts';
import { startSearch } from '../../src/search/service.ts';
import { createApp } from '../../src/web/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { FIXTURES } from '../helpers/paths.ts';

const { sql } = await createTestDatabase();
for (const f of ['arxiv-papers.jsonl', 'hf-daily-papers.json', 'arxiv-snapshot.jsonl']) {
  await importSource(sql, await openInput(path.join(FIXTURES, f)));
}
const log = createLogger({ level: 'error' });
const search = await startSearch({ sql, log, dataDir: null, follow: false, waitUntilReady: true });
after(() => search.stop());
const app = createApp({ config: loadConfig({}), sql, log, mailer: new MemoryMailer(), search });
type Json = { [key: string]: unknown };

/** GET as the client does (params left out when None), the status and the parsed JSON. */
async function call(pathname: string, params: Record<string, string | number> = {}) {
  const q = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  const res = await app.request(`${pathname}${q.size > 0 ? `?${q}` : ''}`);
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, json: () => JSON.parse(text) as unknown };
}

/** PaperInfo(**item)'s submitted_at: the item's publishedAt, else the paper's submittedOnDailyAt. */
const submittedAt = (item: Json) => new Date((item.publishedAt ?? (item.paper as Json).submittedOnDailyAt) as string);

test('list_daily_papers(): the latest day with picks; date=, p=, limit=', async () => {
  const latest = (await call('/api/daily_papers')).json() as Json[];
  assert.ok(latest.length > 0);
  for (const item of latest) assert.ok('id' in (item.paper as Json) && 'title' in item);
  const day = (await call('/api/daily_papers', { date: '2024-05-27' })).json() as Json[];
  assert.equal(day.length, 2);
  assert.deepEqual((await call('/api/daily_papers', { date: '2024-05-27', p: 100 })).json(), []);
  assert.equal(((await call('/api/daily_papers', { date: '2024-05-27', limit: 1 })).json() as Json[]).length, 1);
  const invalid = await call('/api/daily_papers', { date: '2025-13-40' });
  assert.equal(invalid.status, 400, 'BadRequestError');
  assert.match(invalid.type, /application\/json/);
});

test('list_daily_papers(week=, month=): every item submitted within the period (from the Friday or day before)', async () => {
  for (const [params, start, end] of [
    [{ week: '2026-W19' }, '2026-05-01T00:00:00Z', '2026-05-10T23:59:59Z'],
    [{ month: '2024-05' }, '2024-04-30T00:00:00Z', '2024-05-31T23:59:59Z'],
  ] as const) {
    const items = (await call('/api/daily_papers', params)).json() as Json[];
    assert.ok(items.length > 0, JSON.stringify(params));
    for (const item of items) {
      const at = submittedAt(item).getTime();
      assert.ok(
        at >= Date.parse(start) && at <= Date.parse(end),
        `${JSON.stringify(params)}: ${(item.paper as Json).id} at ${item.publishedAt}`,
      );
    }
  }
});

test("list_daily_papers(submitter=, sort=): the user's picks, with their fullname", async () => {
  const items = (await call('/api/daily_papers', { submitter: 'akhaliq' })).json() as Json[];
  assert.ok(items.length > 0);
  assert.equal((items[0]!.submittedBy as Json).fullname, 'AK');
  assert.deepEqual((await call('/api/daily_papers', { submitter: 'nobody-here' })).json(), []);
  for (const sort of ['publishedAt', 'trending']) assert.equal((await call('/api/daily_papers', { sort })).status, 200, sort);
});

test('paper_info(): the paper, its linked repositories, 404 for an id that names no paper', async () => {
  const info = (await call('/api/papers/2405.15738')).json() as Json;
  assert.equal(info.title, 'ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal\n  Models');
  for (const key of ['linkedModels', 'linkedDatasets', 'linkedSpaces']) assert.ok(Array.isArray(info[key]), key);
  for (const key of ['numTotalModels', 'numTotalDatasets', 'numComments']) assert.equal(typeof info[key], 'number', key);
  for (const id of ['1234.56789', '2501.99999']) {
    const missing = await call(`/api/papers/${id}`);
    assert.equal(missing.status, 404, id);
    assert.match(missing.type, /application\/json/);
  }
});

test('list_papers(query=, limit=): matching papers as daily items', async () => {
  const found = (await call('/api/papers/search', { q: 'AutoCoder' })).json() as Json[];
  assert.ok(found.some((i) => (i.paper as Json).id === '2405.14906'));
  const limited = (await call('/api/papers/search', { q: 'model', limit: 1 })).json() as Json[];
  assert.equal(limited.length, 1);
});

test('read_paper(): the page as Markdown text, 404 when there is no such paper', async () => {
  const md = await call('/papers/2405.15738.md');
  assert.equal(md.status, 200);
  assert.match(md.type, /^text\/markdown; charset=utf-8$/);
  assert.match(md.text, /^# ConvLLaVA/);
  assert.equal((await call('/papers/1234.56789.md')).status, 404);
});
