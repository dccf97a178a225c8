// EMBEDDINGS=auto's download against a local server standing in for the Hugging Face hub, serving a tiny generated
// model (never the real hub): files arrive at the hub's resolve URLs, a cut connection is resumed with a Range
// request from where the .part file ends, the pinned sha256 is checked before a file is used, a wrong digest or a
// 404 fails with the reason and leaves no file in place, and a complete folder costs no request at all. Then the
// search service: the corpus model serves at once, the worker downloads, embeds every paper with the downloaded
// model and switches to it; a hub that is down leaves the corpus model serving and says why once.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { AutoUpgrade } from '../../src/embeddings/embedding-worker.ts';
import {
  downloadModel,
  isComplete,
  ModelDownloadError,
  modelFolder,
  readProgress,
  type PinnedModel,
} from '../../src/embeddings/model-download.ts';
import { OnnxEmbeddingProvider } from '../../src/embeddings/onnx-provider.ts';
import { importSource } from '../../src/import/importer.ts';
import { openInput } from '../../src/import/reader.ts';
import { createLogger, type Logger } from '../../src/log.ts';
import { startSearch } from '../../src/search/service.ts';
import { listModels } from '../../src/store/embeddings.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { listenLocally } from '../helpers/local-server.ts';
import { writeTinyModelFolder } from '../helpers/onnx-tiny-model.ts';
import { topicPapers, writeTopicJsonl } from '../helpers/topic-corpus.ts';

// The hub's files: the tiny model laid out as Hugging Face ONNX exports are.
const source = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-hub-'));
writeTinyModelFolder(source, { layout: 'onnx-subfolder' });
const files = ['tokenizer.json', 'onnx/model.onnx'];
const bytesOf = new Map(files.map((f) => [f, fs.readFileSync(path.join(source, f))]));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const pinned: PinnedModel = {
  repo: 'test-org/tiny-embedder',
  revision: 'main',
  files: files.map((f) => ({ path: f, sha256: sha(bytesOf.get(f)!), bytes: null })),
  modelFile: 'onnx/model.onnx',
  maxTokens: 64,
};

const requests: { path: string; range: string | null }[] = [];
let cutAfter: number | null = null; // bytes of onnx/model.onnx sent before the connection drops, once
let down = false;
const server = http.createServer((req, res) => {
  const m = /^\/test-org\/tiny-embedder\/resolve\/main\/(.+)$/.exec(req.url ?? '');
  requests.push({ path: m?.[1] ?? req.url ?? '', range: req.headers.range ?? null });
  const body = m ? bytesOf.get(m[1]!) : undefined;
  if (down) return res.writeHead(503).end('down');
  if (!body) return res.writeHead(404).end('Entry not found');
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  const start = range ? Number(range[1]) : 0;
  if (start >= body.length) return res.writeHead(416).end();
  const rest = body.subarray(start);
  res.writeHead(range ? 206 : 200, {
    'content-length': rest.length,
    ...(range ? { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
  });
  if (cutAfter !== null && m![1] === 'onnx/model.onnx') {
    const n = cutAfter;
    cutAfter = null;
    res.write(rest.subarray(0, n), () => res.socket?.destroy());
    return;
  }
  res.end(rest);
});
const hub = await listenLocally(server);

test('a cut download resumes from its .part file, verifies, and costs nothing once complete', async () => {
  const modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-models-'));
  const folder = modelFolder(modelsDir, pinned);
  requests.length = 0;
  cutAfter = 1000;
  await assert.rejects(downloadModel({ hubUrl: hub.url, model: pinned, modelsDir }));
  const part = path.join(folder, 'onnx', 'model.onnx.part');
  assert.equal(fs.statSync(part).size, 1000, 'the bytes that arrived are kept');
  assert.ok(!fs.existsSync(path.join(folder, 'onnx', 'model.onnx')), 'no unverified file in place');
  assert.equal(readProgress(folder)?.state, 'failed');
  assert.equal(await isComplete(folder, pinned), false);

  requests.length = 0;
  const progress: number[] = [];
  assert.equal(await downloadModel({ hubUrl: hub.url, model: pinned, modelsDir, onProgress: (p) => progress.push(p.bytes) }), folder);
  // tokenizer.json was complete already; the model was asked for from byte 1000 on.
  assert.deepEqual(requests, [{ path: 'onnx/model.onnx', range: 'bytes=1000-' }]);
  for (const f of files) assert.deepEqual(fs.readFileSync(path.join(folder, f)), bytesOf.get(f));
  assert.ok(!fs.existsSync(part));
  const done = readProgress(folder)!;
  assert.equal(done.state, 'done');
  assert.equal(done.bytes, bytesOf.get('tokenizer.json')!.length + bytesOf.get('onnx/model.onnx')!.length);
  assert.equal(done.total, done.bytes);
  assert.ok(progress.length >= 1);
  assert.equal(await isComplete(folder, pinned), true);

  requests.length = 0;
  await downloadModel({ hubUrl: hub.url, model: pinned, modelsDir });
  assert.deepEqual(requests, [], 'a complete folder asks nothing');
  // The downloaded folder is an ONNX model the provider opens.
  const provider = await OnnxEmbeddingProvider.open(folder, { modelFile: pinned.modelFile, maxTokens: pinned.maxTokens });
  assert.equal((await provider.embedQuery('neural language model')).length, 32);
});

test('a wrong digest or a missing file fails with the reason and leaves nothing in place', async () => {
  const modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-models-'));
  const wrong: PinnedModel = { ...pinned, files: [{ path: 'tokenizer.json', sha256: '0'.repeat(64), bytes: null }] };
  const err = await downloadModel({ hubUrl: hub.url, model: wrong, modelsDir }).catch((e: unknown) => e);
  assert.ok(err instanceof ModelDownloadError);
  assert.match(err.message, /tokenizer\.json .* has sha256 [0-9a-f]{64}, not the pinned 0{64}; removed/);
  const folder = modelFolder(modelsDir, wrong);
  assert.deepEqual(fs.readdirSync(folder).sort(), ['download.json']);
  assert.match(readProgress(folder)!.error!, /not the pinned/);

  const missing: PinnedModel = { ...pinned, files: [{ path: 'nope.json', sha256: '0'.repeat(64), bytes: null }] };
  await assert.rejects(downloadModel({ hubUrl: hub.url, model: missing, modelsDir }), /nope\.json answered HTTP 404/);
});

test('EMBEDDINGS=auto in the search service: corpus model at once, then the downloaded model takes over; a hub that is down changes nothing', async () => {
  const { sql } = await createTestDatabase();
  const papers = topicPapers(6);
  await importSource(sql, await openInput(writeTopicJsonl(papers)));
  const warnings: string[] = [];
  const base = createLogger();
  const recording = (l: Logger): Logger => ({
    ...l,
    warn: (msg, fields) => {
      warnings.push(`${msg} ${JSON.stringify(fields)}`);
      l.warn(msg, fields);
    },
    child: (f) => recording(l.child(f)),
  });
  const log = recording(base);
  const upgradeFrom = (modelsDir: string): AutoUpgrade => ({
    name: pinned.repo,
    async open(signal, onProgress) {
      const folder = await downloadModel({ hubUrl: hub.url, model: pinned, modelsDir, signal, onProgress });
      return OnnxEmbeddingProvider.open(folder, { modelFile: pinned.modelFile, maxTokens: pinned.maxTokens });
    },
  });
  const choice = (modelsDir: string) => ({ kind: 'corpus', dimensions: 8, fitSample: 1000, upgrade: upgradeFrom(modelsDir) }) as const;
  // A search service with EMBEDDINGS=auto's choice over a fresh models folder.
  const startAuto = () =>
    startSearch({
      sql,
      log,
      dataDir: null,
      follow: true,
      waitUntilReady: true,
      embeddings: choice(fs.mkdtempSync(path.join(os.tmpdir(), 'dp-models-'))),
      embedInBackground: true,
    });
  const waitFor = async (what: string, ok: () => Promise<boolean>) => {
    for (let i = 0; i < 300 && !(await ok()); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(await ok(), what);
  };

  // The hub is down: the corpus model is built and serves, the log says why once, nothing else happens.
  down = true;
  const offline = await startAuto();
  await waitFor('the corpus model serves', async () => (await listModels(sql)).some((m) => m.state === 'ready'));
  await waitFor('the failure is said', async () => warnings.some((w) => w.includes('keeping the corpus model')));
  await offline.stop();
  assert.equal(warnings.filter((w) => w.includes('keeping the corpus model')).length, 1);
  assert.match(warnings.find((w) => w.includes('keeping the corpus model'))!, /HTTP 503/);
  assert.deepEqual(
    (await listModels(sql)).map((m) => m.providerKey),
    ['corpus:lsa+pairs:8'],
  );

  // The hub is up: downloaded in the background, every paper embedded with it, then it serves.
  down = false;
  const online = await startAuto();
  try {
    await waitFor('the downloaded model serves', async () => {
      await online.catchUp();
      return (online.semantic()?.provider.key ?? '').startsWith('onnx:');
    });
    const models = await listModels(sql);
    assert.deepEqual(
      models.filter((m) => m.state === 'ready').map((m) => m.providerKey.split(':')[0]),
      ['onnx'],
      'the corpus model is dropped once the new one is complete',
    );
    assert.equal(online.stats().vectors, papers.length);
    // Queries are embedded by the downloaded model now (the tiny model knows few of the topic corpus's words).
    await online.search({ query: 'neural language model', filters: {}, sort: 'relevance', offset: 0, limit: 5 }, 'hybrid');
  } finally {
    await online.stop();
  }
});
