// The real files in ../shared parse without skipping anything (skipped when ../shared is absent).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importSource } from '../../src/import/importer.ts';
import { openInput } from '../../src/import/reader.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { sharedFile } from '../helpers/paths.ts';

const snapshot = sharedFile('data/kaggle-arxiv-snapshot-sample.jsonl');
const hf = sharedFile('data/hf-daily-papers.jsonl.gz');

test('the real arXiv snapshot sample imports whole', { skip: 'skip' in snapshot ? snapshot.skip : false }, async () => {
  const { sql } = await createTestDatabase();
  const stats = await importSource(sql, await openInput((snapshot as { path: string }).path));
  assert.equal(stats.format, 'arxiv-snapshot');
  assert.equal(stats.records, 200);
  assert.equal(stats.skipped, 0);
  const [row] = await sql<
    { n: number; versions: number }[]
  >`SELECT (SELECT count(*)::int FROM papers) AS n, (SELECT count(*)::int FROM paper_versions) AS versions`;
  assert.equal(row!.n, 200);
  assert.ok(row!.versions >= 200);
});

test('every real Hugging Face daily-papers day imports, schema drift included', { skip: 'skip' in hf ? hf.skip : false }, async () => {
  const { sql } = await createTestDatabase();
  const stats = await importSource(sql, await openInput((hf as { path: string }).path));
  assert.equal(stats.format, 'hf-daily-papers');
  assert.equal(stats.skipped, 0);
  assert.ok(stats.records >= 9581, `records: ${stats.records}`);
  const [row] = await sql<{ days: number; orgs: number; with_upvotes: number }[]>`
    SELECT count(DISTINCT daily_date)::int AS days, (SELECT count(*)::int FROM organizations) AS orgs,
           count(*) FILTER (WHERE hf_upvotes > 0)::int AS with_upvotes FROM papers`;
  assert.equal(row!.days, 580);
  assert.ok(row!.orgs > 100);
  assert.ok(row!.with_upvotes > 9000);
});
