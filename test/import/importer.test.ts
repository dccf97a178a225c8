// Importing into a real database: counts, idempotence, version and source precedence, bad input.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { test } from 'node:test';
import { FormatError } from '../../src/import/formats.ts';
import { importSource } from '../../src/import/importer.ts';
import { openInput } from '../../src/import/reader.ts';
import { createTestDatabase, truncateAll, type TestDatabase } from '../helpers/db.ts';
import { FIXTURES } from '../helpers/paths.ts';

const db: TestDatabase = await createTestDatabase();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-import-test-'));

async function importFile(file: string, batchSize?: number) {
  return importSource(db.sql, await openInput(file), batchSize ? { batchSize } : {});
}

function writeTmp(name: string, content: string | Buffer): string {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, content);
  return p;
}

async function count(table: 'papers' | 'paper_links'): Promise<number> {
  const rows = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM ${db.sql(table)}`;
  return rows[0]!.n;
}

async function paper(id: string) {
  const rows = await db.sql<Record<string, unknown>[]>`SELECT * FROM papers WHERE id = ${id}`;
  return rows[0];
}

test('imports every fixture format and counts new, updated and skipped records', async () => {
  await truncateAll(db.sql);
  const a = await importFile(path.join(FIXTURES, 'arxiv-snapshot.jsonl'));
  assert.deepEqual({ ...a }, { format: 'arxiv-snapshot', lines: 5, records: 3, inserted: 3, updated: 0, skipped: 2 });
  const b = await importFile(path.join(FIXTURES, 'arxiv-papers.jsonl'));
  assert.equal(b.records, 4);
  assert.equal(b.skipped, 2, 'a bad id and a line that is not JSON');
  const c = await importFile(path.join(FIXTURES, 'hf-daily-papers.json'));
  assert.equal(c.format, 'hf-daily-papers');
  assert.equal(c.records, 2);
  assert.equal(c.skipped, 1);
  assert.equal(await count('papers'), 9);
  const conv = await paper('2405.15738');
  assert.equal(conv?.hf_upvotes, 32);
  assert.equal(conv?.total_upvotes, 32);
  assert.equal(conv?.daily_date, '2024-05-27');
  const [org] =
    await db.sql`SELECT o.name, o.fullname FROM papers p JOIN organizations o ON o.id = p.organization_id WHERE p.id = '2405.15738'`;
  assert.deepEqual({ ...org }, { name: 'alibaba', fullname: 'Alibaba Group' });
  const links = await db.sql`SELECT url, kind, source FROM paper_links WHERE paper_id = '2405.15738' ORDER BY url`;
  assert.deepEqual(
    links.map((l) => `${l.kind}:${l.source}:${l.url}`),
    ['code:hf:https://github.com/alibaba/conv-llava'],
  );
  const versions = await db.sql`SELECT version FROM paper_versions WHERE paper_id = '0704.0001' ORDER BY version`;
  assert.deepEqual(
    versions.map((v) => v.version),
    [1, 2],
  );
});

test('re-importing is idempotent: same rows, reported as updates, no duplicates', async () => {
  await truncateAll(db.sql);
  const file = path.join(FIXTURES, 'arxiv-papers.jsonl');
  await importFile(file);
  const before = await db.sql`SELECT id, title, daily_date, hf_upvotes FROM papers ORDER BY id`;
  const again = await importFile(file);
  assert.equal(again.inserted, 0);
  assert.equal(again.updated, 4);
  const after = await db.sql`SELECT id, title, daily_date, hf_upvotes FROM papers ORDER BY id`;
  assert.deepEqual(after, before);
  assert.equal(await count('paper_links'), 2);
});

test('a newer arXiv version replaces metadata and is recorded; an older one does not', async () => {
  await truncateAll(db.sql);
  const record = (v: number, title: string) =>
    JSON.stringify({
      id: '2401.12345',
      title,
      authors: 'A. One and B. Two',
      abstract: `Version ${v}.`,
      categories: 'cs.LG',
      versions: Array.from({ length: v }, (_, i) => ({ version: `v${i + 1}`, created: `Mon, ${i + 1} Jan 2024 10:00:00 GMT` })),
      authors_parsed: [
        ['One', 'A.', ''],
        ['Two', 'B.', ''],
      ],
    });
  await importFile(writeTmp('v1.jsonl', record(1, 'First title') + '\n'));
  await importFile(writeTmp('v2.jsonl', record(2, 'Second title') + '\n'));
  let p = await paper('2401.12345');
  assert.equal(p?.title, 'Second title');
  assert.equal(p?.version, 2);
  assert.equal(p?.daily_date, '2024-01-01', "the feed day stays the first version's day");
  await importFile(writeTmp('v1-again.jsonl', record(1, 'First title') + '\n'));
  p = await paper('2401.12345');
  assert.equal(p?.title, 'Second title', 'an older version never overwrites a newer one');
  const versions = await db.sql`SELECT version FROM paper_versions WHERE paper_id = '2401.12345' ORDER BY version`;
  assert.deepEqual(
    versions.map((v) => v.version),
    [1, 2],
  );
});

test('Hugging Face data adds signals without overwriting arXiv metadata', async () => {
  await truncateAll(db.sql);
  const arxiv = {
    id: '2405.15738',
    title: 'The arXiv title',
    authors: 'X',
    abstract: 'The arXiv abstract.',
    categories: 'cs.CV',
    versions: [{ version: 'v1', created: 'Fri, 24 May 2024 17:34:15 GMT' }],
    authors_parsed: [['X', '', '']],
  };
  await importFile(writeTmp('arxiv.jsonl', JSON.stringify(arxiv) + '\n'));
  await importFile(path.join(FIXTURES, 'hf-daily-papers.json'));
  const p = await paper('2405.15738');
  assert.equal(p?.title, 'The arXiv title');
  assert.deepEqual(p?.categories, ['cs.CV']);
  assert.equal(p?.hf_upvotes, 32);
  assert.equal(p?.daily_date, '2024-05-27', 'the Hugging Face day replaces the submission day');
  assert.equal(p?.daily_source, 'hf');
  // Newer upvote counts from a later fetch replace the old ones.
  const body = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'hf-daily-papers.json'), 'utf8'));
  body[0].paper.upvotes = 40;
  await importFile(writeTmp('hf2.json', JSON.stringify([body[0]])));
  assert.equal((await paper('2405.15738'))?.hf_upvotes, 40);
});

test('gzip input is detected by content; small batches give the same result', async () => {
  await truncateAll(db.sql);
  const gz = writeTmp('papers.data', gzipSync(fs.readFileSync(path.join(FIXTURES, 'arxiv-snapshot.jsonl'))));
  const stats = await importFile(gz, 1);
  assert.equal(stats.records, 3);
  assert.equal(stats.inserted, 3);
});

test('a duplicate paper within one file is merged, not duplicated', async () => {
  await truncateAll(db.sql);
  const line = (upvotes: number) =>
    JSON.stringify({
      arxiv_id: '2402.00001',
      title: 'Twice',
      authors: ['A'],
      abstract: 'x',
      categories: ['cs.AI'],
      date: '2024-02-01',
      hf_upvotes_at_fetch: upvotes,
      hf_daily_date: '2024-02-02',
    });
  const stats = await importFile(writeTmp('dup.jsonl', `${line(1)}\n${line(9)}\n`));
  assert.equal(stats.records, 2);
  assert.equal(stats.inserted, 1);
  assert.equal(stats.updated, 1);
  assert.equal((await paper('2402.00001'))?.hf_upvotes, 9);
});

test('a file in no accepted format fails with one clear error and writes nothing', async () => {
  await truncateAll(db.sql);
  for (const [name, content] of [
    ['notes.txt', 'hello world\n'],
    ['other.jsonl', '{"name": "not a paper"}\n'],
  ] as const) {
    await assert.rejects(importFile(writeTmp(name, content)), (err: unknown) => {
      assert.ok(err instanceof FormatError);
      assert.match(err.message, /Accepted formats/);
      return true;
    });
  }
  const empty = await importFile(writeTmp('empty.jsonl', '\n\n'));
  assert.equal(empty.records, 0);
  assert.equal(await count('papers'), 0);
});

test('a pretty-printed response body (one JSON document over many lines) imports', async () => {
  await truncateAll(db.sql);
  const body = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'hf-daily-papers.json'), 'utf8'));
  const stats = await importFile(
    writeTmp('pretty.json', JSON.stringify({ status: 'success', date: '2024-05-28', count: 3, data: body }, null, 2)),
  );
  assert.equal(stats.records, 2);
  assert.equal((await paper('2405.15738'))?.daily_date, '2024-05-28');
});
