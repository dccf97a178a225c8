// Switching from the corpus model to an OpenAI-compatible endpoint (a local server standing in for Ollama/TEI):
// the new model is built over HTTP in the background while the corpus model keeps serving; an endpoint that is
// down fails the run without touching what serves; once complete, the new vectors serve and the old are dropped.
import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import { importSource } from '../../src/import/importer.ts';
import { openInput } from '../../src/import/reader.ts';
import { createLogger } from '../../src/log.ts';
import { OpenAiEmbeddingProvider } from '../../src/embeddings/openai-provider.ts';
import { EmbeddingError } from '../../src/embeddings/provider.ts';
import { startSearch } from '../../src/search/service.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { listenLocally } from '../helpers/local-server.ts';
import { TOPICS, topicPapers, writeTopicJsonl, type Topic } from '../helpers/topic-corpus.ts';

const { sql } = await createTestDatabase();
const log = createLogger();
const papers = topicPapers(6);
await importSource(sql, await openInput(writeTopicJsonl(papers)));
const topicOf = new Map(papers.map((p) => [p.id, p.topic]));

// The stand-in model: one dimension per topic, counting the topic's words (what a real model would get right).
const topics = Object.keys(TOPICS) as Topic[];
function fakeEmbedding(text: string): number[] {
  const words = text.toLowerCase().split(/[^a-z0-9]+/);
  return topics.map((t, i) => words.filter((w) => (TOPICS[t] as readonly string[]).includes(w)).length + (i === 0 ? 0.01 : 0));
}
let requests = 0;
let inputs = 0;
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (d: Buffer) => (body += d.toString()));
  req.on('end', () => {
    requests++;
    const { input, model } = JSON.parse(body) as { input: string[]; model: string };
    inputs += input.length;
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        object: 'list',
        model,
        data: input.map((t, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(t) })),
      }),
    );
  });
});
const url = `${(await listenLocally(server)).url}/v1`;

const corpus = await startSearch({
  sql,
  log,
  dataDir: null,
  follow: false,
  waitUntilReady: true,
  embeddings: { kind: 'corpus', dimensions: 4, fitSample: 1000 },
});
await corpus.embedNow();
await corpus.stop();

const provider = (target: string) =>
  new OpenAiEmbeddingProvider({
    url: target,
    model: 'tiny-topics',
    apiKey: null,
    dimensions: null,
    queryPrefix: '',
    documentPrefix: '',
    batchSize: 10,
    sleep: async () => {},
  });
const req = (query: string) => ({ query, filters: {}, sort: 'relevance' as const, offset: 0, limit: 5 });

test('an endpoint that is down fails the run and the corpus model keeps serving', async () => {
  const down = await startSearch({
    sql,
    log,
    dataDir: null,
    follow: false,
    waitUntilReady: true,
    embeddings: { kind: 'external', provider: provider('http://127.0.0.1:9/v1') },
  });
  try {
    await assert.rejects(down.embedNow(), (err: unknown) => err instanceof EmbeddingError && err.retryable);
    assert.match(down.semantic()?.provider.key ?? '', /^corpus:lsa\+pairs:4$/);
    const hits = (await down.search(req('protein folding residue'), 'semantic')).hits;
    assert.ok(hits.length > 0 && hits.every((h) => topicOf.get(h.id) === 'proteins'));
  } finally {
    await down.stop();
  }
});

test('with the endpoint up every paper is embedded over HTTP in batches, then the new model serves alone', async () => {
  const up = await startSearch({
    sql,
    log,
    dataDir: null,
    follow: false,
    waitUntilReady: true,
    embeddings: { kind: 'external', provider: provider(url) },
  });
  try {
    await up.embedNow();
    assert.equal(inputs, papers.length);
    assert.equal(requests, Math.ceil(papers.length / 10));
    const models = await sql<
      { provider_key: string; state: string; dimensions: number }[]
    >`SELECT provider_key, state, dimensions FROM embedding_models`;
    assert.deepEqual([...models], [{ provider_key: `openai:tiny-topics:auto@${url}`, state: 'ready', dimensions: 4 }]);
    const hits = (await up.search(req('telescope redshift'), 'semantic')).hits;
    assert.ok(hits.length === 5 && hits.every((h) => topicOf.get(h.id) === 'galaxies'));
    // Queries go to the endpoint too (once per distinct query: they are cached).
    const before = requests;
    await up.search(req('robot gripper'), 'semantic');
    await up.search(req('robot gripper'), 'semantic');
    assert.equal(requests, before + 1);
    // A new paper is embedded with the next run; nothing else is asked again.
    const asked = inputs;
    await sql`INSERT INTO papers (id, title, abstract, author_names, categories, published_at) VALUES ('2502.00001', 'enzyme docking', 'We study ligand binding.', ARRAY['A B'], ARRAY['q-bio.BM'], now())`;
    await up.embedNow();
    assert.equal(inputs, asked + 1);
    assert.ok(up.similar('2502.00001', 3).every((h) => topicOf.get(h.id) === 'proteins'));
  } finally {
    await up.stop();
  }
});
