// The Hugging Face-compatible JSON API: field names and shapes, parameters, and JSON errors.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { importSource } from '../../src/import/importer.ts';
import { openInput } from '../../src/import/reader.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { FIXTURES } from '../helpers/paths.ts';

const { sql } = await createTestDatabase();
for (const f of ['arxiv-papers.jsonl', 'hf-daily-papers.json', 'arxiv-snapshot.jsonl']) {
  await importSource(sql, await openInput(path.join(FIXTURES, f)));
}
const app = createTestApp(sql);

type Json = Record<string, unknown>;
async function getJson(url: string): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await app.request(url);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/, url);
  return { status: res.status, body: await res.json(), headers: res.headers };
}

test("/api/daily_papers items have Hugging Face's fields", async () => {
  const { status, body, headers } = await getJson('/api/daily_papers?date=2024-05-27');
  assert.equal(status, 200);
  assert.equal(headers.get('x-total-count'), '2');
  const items = body as Json[];
  assert.equal(items.length, 2);
  const item = items[0]!;
  for (const key of [
    'paper',
    'publishedAt',
    'title',
    'summary',
    'thumbnail',
    'numComments',
    'submittedBy',
    'organization',
    'isAuthorParticipating',
  ]) {
    assert.ok(key in item, key);
  }
  const paper = item.paper as Json;
  assert.equal(paper.id, '2405.15738');
  assert.equal(paper.upvotes, 32);
  assert.equal(paper.publishedAt, '2024-05-24T17:34:15.000Z');
  assert.equal(paper.submittedOnDailyAt, '2024-05-27T03:50:58.348Z');
  assert.equal(paper.githubRepo, 'https://github.com/alibaba/conv-llava');
  assert.equal(paper.githubStars, 120);
  assert.equal(paper.ai_summary, 'ConvLLaVA uses ConvNeXt as the visual encoder.');
  assert.deepEqual(paper.ai_keywords, ['ConvNeXt', 'LMM']);
  assert.deepEqual(
    (paper.authors as Json[]).map((a) => a.name),
    ['Chunjiang Ge', 'Sijie Cheng'],
  );
  // HF's author objects as sent: the first one is claimed on HF (its account and status), the second is not.
  assert.deepEqual(Object.keys((paper.authors as Json[])[0]!).sort(), ['_id', 'hidden', 'name', 'status', 'user']);
  assert.deepEqual(Object.keys((paper.authors as Json[])[1]!).sort(), ['_id', 'hidden', 'name']);
  assert.deepEqual(item.organization, { name: 'alibaba', fullname: 'Alibaba Group', avatar: 'https://example.org/a.png' });
  assert.equal((item.submittedBy as Json).name, 'akhaliq');
  assert.equal(item.numComments, 3);
  assert.equal(item.publishedAt, '2024-05-27T03:50:58.348Z');
  assert.equal(item.title, 'ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models');
});

test('week, month, paging, limit and sort parameters', async () => {
  // The week's picks (featured on Hugging Face); all=true adds what arXiv announced besides (2605.00001).
  const week = (await getJson('/api/daily_papers?week=2026-W19')).body as Json[];
  assert.deepEqual(
    week.map((i) => (i.paper as Json).id),
    ['2405.14906', '2405.13729'],
  );
  const wholeWeek = (await getJson('/api/daily_papers?week=2026-W19&all=true')).body as Json[];
  assert.deepEqual(
    wholeWeek.map((i) => (i.paper as Json).id),
    ['2405.14906', '2405.13729', '2605.00001'],
  );
  const month = (await getJson('/api/daily_papers?month=2026-05&limit=1&p=1')).body as Json[];
  assert.deepEqual(
    month.map((i) => (i.paper as Json).id),
    ['2405.13729'],
  );
  const byDate = (await getJson('/api/daily_papers?date=2026-05-05&sort=publishedAt')).body as Json[];
  assert.deepEqual(
    byDate.map((i) => (i.paper as Json).id),
    ['2405.13729', '2405.14906'],
  );
  const latest = (await getJson('/api/daily_papers')).body as Json[];
  assert.deepEqual(
    latest.map((i) => (i.paper as Json).id),
    ['2405.14906', '2405.13729'],
  );
  const empty = await getJson('/api/daily_papers?date=2020-01-01');
  assert.deepEqual(empty.body, []);
});

test('bad parameters are JSON errors with a status', async () => {
  for (const url of [
    '/api/daily_papers?date=2024-13-01',
    '/api/daily_papers?week=2024-W99',
    '/api/daily_papers?month=24-05',
    '/api/daily_papers?limit=0',
    '/api/daily_papers?limit=101',
    '/api/daily_papers?p=-1',
    '/api/daily_papers?sort=best',
    '/api/daily_papers?date=2024-05-27&month=2024-05',
    '/api/daily_papers?all=yes',
    '/api/papers/not-an-id',
  ]) {
    const { status, body } = await getJson(url);
    assert.equal(status, 400, url);
    assert.equal((body as Json).status, 400);
    assert.equal(typeof (body as Json).error, 'string');
  }
  const missing = await getJson('/api/papers/2501.99999');
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.body, { error: 'Paper 2501.99999 not found', status: 404 });
  const unknownRoute = await app.request('/api/nothing');
  assert.equal(unknownRoute.status, 404);
  assert.match(unknownRoute.headers.get('content-type') ?? '', /json/);
});

test('/api/papers/{id} returns the paper object, for old-style and versioned ids too', async () => {
  const { status, body } = await getJson('/api/papers/0704.0002');
  assert.equal(status, 200);
  const p = body as Json;
  assert.equal(p.id, '0704.0002');
  assert.equal(p.title, 'Sparsity-certifying Graph Decompositions');
  assert.match(p.summary as string, /\$\(k,\\ell\)\$-pebble game/);
  assert.equal(p.githubRepo, 'https://github.com/example/pebble-game');
  assert.equal(p.upvotes, 0);
  assert.equal(((await getJson('/api/papers/hep-th/9901001')).body as Json).withdrawn, true);
  assert.equal(((await getJson('/api/papers/0704.0002v1')).body as Json).id, '0704.0002');
});
