// The embedding worker's start on a young site: no corpus model from a handful of papers (search stays keyword),
// a model once there are enough; one worker per database (the lock).
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { importSource } from '../../src/import/importer.ts';
import { openInput } from '../../src/import/reader.ts';
import { createLogger } from '../../src/log.ts';
import { startSearch } from '../../src/search/service.ts';
import { withEmbeddingLock } from '../../src/store/embeddings.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { FIXTURES } from '../helpers/paths.ts';
import { topicPapers, writeTopicJsonl } from '../helpers/topic-corpus.ts';

const { sql } = await createTestDatabase();
const log = createLogger();

test('a handful of papers makes no model; enough papers do, and then hybrid search uses it', async () => {
  await importSource(sql, await openInput(path.join(FIXTURES, 'search-papers.jsonl')));
  const search = await startSearch({
    sql,
    log,
    dataDir: null,
    follow: false,
    waitUntilReady: true,
    embeddings: { kind: 'corpus', dimensions: 8, fitSample: 1000 },
  });
  try {
    await search.embedNow();
    assert.equal((await sql`SELECT 1 FROM embedding_models`).length, 0);
    assert.equal(search.semantic(), null);
    const req = { query: 'draft tree', filters: {}, sort: 'relevance' as const, offset: 0, limit: 10 };
    assert.deepEqual(await search.search(req, 'hybrid'), await search.search(req, 'keyword'));
    assert.deepEqual(search.similar('2401.10001', 5), []);

    await importSource(sql, await openInput(writeTopicJsonl(topicPapers(5))));
    await search.embedNow();
    assert.equal(search.stats().vectors, 24);
    assert.notEqual(search.semantic(), null);
  } finally {
    await search.stop();
  }
});

test('while another process holds the worker lock, it is not taken twice', async () => {
  const inner = await withEmbeddingLock(sql, async () => withEmbeddingLock(sql, async () => 'second'));
  assert.deepEqual(inner, { value: null });
});
