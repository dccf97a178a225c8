// Semantic search end to end on a real database: the embedding worker fits the corpus model and stores vectors,
// the vector index loads them, and semantic / hybrid search, similar papers, re-embedding on edits (not on
// votes), instances agreeing, restarts from the saved index and switching provider.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { importSource } from '../../src/import/importer.ts';
import { openInput } from '../../src/import/reader.ts';
import { createLogger } from '../../src/log.ts';
import { startSearch } from '../../src/search/service.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { topicPapers, writeTopicJsonl } from '../helpers/topic-corpus.ts';

const { sql } = await createTestDatabase();
const log = createLogger();
const papers = topicPapers(12);
await importSource(sql, await openInput(writeTopicJsonl(papers)));
const topicOf = new Map(papers.map((p) => [p.id, p.topic]));
const corpus = { kind: 'corpus', dimensions: 8, fitSample: 1000 } as const;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-semantic-'));
const search = await startSearch({ sql, log, dataDir, follow: false, waitUntilReady: true, embeddings: corpus });
after(() => search.stop());
await search.embedNow();

const req = (query: string, limit = 10) => ({ query, filters: {}, sort: 'relevance' as const, offset: 0, limit });

test('every paper gets a vector in the stored model and the vector index', async () => {
  const [m] = await sql<{ id: number; state: string; n: number }[]>`
    SELECT m.id, m.state, count(e.*)::int AS n FROM embedding_models m LEFT JOIN paper_embeddings e ON e.model_id = m.id GROUP BY m.id`;
  assert.equal(m!.state, 'ready');
  assert.equal(m!.n, papers.length);
  assert.equal(search.stats().vectors, papers.length);
});

test('semantic search finds a topic from words a paper does not contain', async () => {
  const r = await search.search(req('inference latency of autoregressive sampling'), 'semantic');
  assert.ok(r.hits.length >= 5);
  assert.ok(
    r.hits.slice(0, 8).every((h) => topicOf.get(h.id) === 'decoding'),
    JSON.stringify(r.hits.map((h) => topicOf.get(h.id))),
  );
});

test('hybrid search fuses: keyword hits first, neighbours by meaning after', async () => {
  const kw = await search.search(req('ligand'), 'keyword');
  const hy = await search.search(req('ligand', 20), 'hybrid');
  assert.ok(kw.hits.length > 0);
  // Every keyword hit is there, and papers without the word but on proteins join them.
  for (const h of kw.hits) assert.ok(hy.hits.some((x) => x.id === h.id));
  assert.ok(hy.hits.length > kw.hits.length);
  assert.ok(hy.hits.every((h) => topicOf.get(h.id) === 'proteins'));
  // What only meaning found says so, with the paper's own words nearest the query; keyword hits do not.
  const byMeaning = hy.hits.filter((h) => h.byMeaning);
  assert.ok(byMeaning.length > 0);
  assert.ok(hy.hits.filter((h) => kw.hits.some((k) => k.id === h.id)).every((h) => !h.byMeaning && !h.related));
  const texts = new Map(papers.map((p) => [p.id, `${p.title} ${p.abstract}`.toLowerCase()]));
  for (const h of byMeaning) {
    assert.ok(h.related && h.related.length > 0 && h.related.length <= 3, JSON.stringify(h));
    for (const w of h.related) assert.ok(texts.get(h.id)!.includes(w), `${w} is a word of ${h.id}`);
    assert.ok(!h.related.includes('ligand'));
  }
  // Exact syntax stays exact, and sorting by date is keyword search.
  assert.deepEqual((await search.search(req('"ligand"'), 'hybrid')).hits, (await search.search(req('"ligand"'), 'keyword')).hits);
});

test('similar papers are the same topic, never the paper itself or a hidden one', async () => {
  const id = papers.find((p) => p.topic === 'galaxies')!.id;
  const similar = search.similar(id, 10);
  assert.equal(similar.length, 10);
  assert.ok(similar.every((h) => h.id !== id && topicOf.get(h.id) === 'galaxies'));
  await sql`UPDATE papers SET hidden_at = now() WHERE id = ${similar[0]!.id}`;
  await search.catchUp();
  assert.ok(!search.similar(id, 10).some((h) => h.id === similar[0]!.id));
  await sql`UPDATE papers SET hidden_at = NULL WHERE id = ${similar[0]!.id}`;
  await search.catchUp();
});

test('an edited paper is embedded again; a vote is not a reason to', async () => {
  const target = papers.find((p) => p.topic === 'robots')!;
  const seqOf = async () =>
    (await sql<{ seq: number }[]>`SELECT seq::float8 AS seq FROM paper_embeddings WHERE paper_id = ${target.id}`)[0]!.seq;
  const before = await seqOf();
  await sql`UPDATE papers SET upvotes = upvotes + 1 WHERE id = ${target.id}`;
  await search.embedNow();
  assert.equal(await seqOf(), before);
  await sql`UPDATE papers SET title = 'galaxy redshift cosmology telescope', abstract = 'We study galaxy halo luminosity survey stellar dark matter.' WHERE id = ${target.id}`;
  await search.embedNow();
  assert.ok((await seqOf()) > before);
  const near = search.similar(target.id, 5);
  assert.ok(near.every((h) => topicOf.get(h.id) === 'galaxies'));
});

test('another instance, and a restart from the saved index, answer the same', async () => {
  // The edit above went in by plain SQL (no notification): bring this instance up to what the new one reads.
  await search.catchUp();
  const other = await startSearch({ sql, log, dataDir: null, follow: false, waitUntilReady: true, embeddings: corpus });
  try {
    for (const q of ['protein docking', 'reward policy for grasping', 'telescope survey']) {
      assert.deepEqual(
        (await other.search(req(q), 'hybrid')).hits.map((h) => h.id),
        (await search.search(req(q), 'hybrid')).hits.map((h) => h.id),
      );
    }
  } finally {
    await other.stop();
  }
  const files = fs.readdirSync(path.join(dataDir, 'search'));
  assert.ok(
    files.some((f) => /^vectors-\d+\.bin\.usearch$/.test(f)),
    files.join(', '),
  );
  const restarted = await startSearch({ sql, log, dataDir, follow: false, waitUntilReady: true, embeddings: corpus });
  try {
    assert.equal(restarted.stats().vectors, papers.length);
  } finally {
    await restarted.stop();
  }
});

test('switching provider re-embeds every paper while the old model keeps serving', async () => {
  const [old] = await sql<{ id: number }[]>`SELECT id FROM embedding_models WHERE state = 'ready'`;
  const switched = await startSearch({
    sql,
    log,
    dataDir: null,
    follow: false,
    waitUntilReady: true,
    embeddings: { kind: 'corpus', dimensions: 6, fitSample: 1000 },
  });
  try {
    // Before its worker ran, the new instance serves the old model's vectors.
    assert.equal(switched.semantic()?.modelId, old!.id);
    await switched.embedNow();
    const models = await sql<{ id: number; provider_key: string; state: string }[]>`SELECT id, provider_key, state FROM embedding_models`;
    assert.deepEqual(
      models.map((m) => [m.provider_key, m.state]),
      [['corpus:lsa+pairs:6', 'ready']],
    );
    assert.equal(switched.semantic()?.index.dimensions, 6);
    assert.equal(switched.stats().vectors, papers.length);
  } finally {
    await switched.stop();
  }
  // Back to the first configuration, as the rest of this file expects.
  await search.embedNow();
});
