// `dailypapers reindex` as a user runs it: rebuilds the index from the database and saves it under DATA_DIR.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { reindexProgressLine } from '../../src/commands/reindex.ts';
import { importSource } from '../../src/import/importer.ts';
import { openInput } from '../../src/import/reader.ts';
import { readSnapshot } from '../../src/search/index-snapshot.ts';
import { keywordSnapshotFile } from '../../src/search/service.ts';
import { searchDatabaseId } from '../../src/store/search-papers.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { FIXTURES } from '../helpers/paths.ts';
import { topicPapers, writeTopicJsonl } from '../helpers/topic-corpus.ts';

const { sql, url } = await createTestDatabase();
const CLI = path.resolve(import.meta.dirname, '..', '..', 'src', 'cli.ts');

test('reindex rebuilds the index, saves it and prints a summary', async () => {
  await importSource(sql, await openInput(path.join(FIXTURES, 'search-papers.jsonl')));
  await importSource(sql, await openInput(writeTopicJsonl(topicPapers(5))));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-reindex-'));
  try {
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'reindex'], {
        env: { ...process.env, DATABASE_URL: url, DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^search index: 24 papers, [\d,]+ terms, [\d,]+ postings in \d+s; saved to .*keyword-index\.bin \([\d.]+ MB\)\n/,
    );
    // Then the papers are embedded (the default corpus model) and the vector index saved beside it.
    assert.match(r.stdout, /\nvector index: 24 papers \(corpus:lsa\+pairs:128\) in \d+s; saved to .*search\n$/);
    assert.ok(fs.readdirSync(path.join(dataDir, 'search')).some((f) => /^vectors-\d+\.bin\.usearch$/.test(f)));
    const loaded = await readSnapshot(keywordSnapshotFile(dataDir), await searchDatabaseId(sql));
    assert.ok('index' in loaded);
    assert.equal(loaded.index.size, 24);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('the progress line shows the share done, the rate and what is left', () => {
  assert.equal(
    reindexProgressLine({ done: 50_000, total: 200_000 }, 10_000),
    '[######..................]  25% 50,000 / 200,000 papers, 5,000/s, ETA 30s',
  );
  assert.equal(reindexProgressLine({ done: 0, total: 0 }, 1), '[########################] 100% 0 / 0 papers, 0/s, ETA 0s');
});
