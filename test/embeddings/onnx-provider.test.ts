// The ONNX provider against a tiny model folder written at test time (test/helpers/onnx-tiny-model.ts): the same
// inputs and outputs as an exported all-MiniLM-L6-v2, run by the real onnxruntime-node and tokenizer.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { OnnxEmbeddingProvider } from '../../src/embeddings/onnx-provider.ts';
import { EmbeddingError, type PaperText } from '../../src/embeddings/provider.ts';
import { TINY_DIMENSIONS, writeTinyModelFolder } from '../helpers/onnx-tiny-model.ts';

const paper = (title: string, abstract: string): PaperText => ({ title, abstract, authors: ['A. Author'], categories: ['cs.LG'] });
const PROTEIN = paper('Protein folding with deep learning', 'We predict protein structure with a neural network.');
const GALAXY = paper('Dark matter in a galaxy survey', 'Cosmic star data and a fast method.');

function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function assertUnitVector(v: Float32Array): void {
  assert.equal(v.length, TINY_DIMENSIONS);
  assert.ok(Math.abs(cosine(v, v) - 1) < 1e-5, `length² ${cosine(v, v)}`);
}

function assertSameVector(a: Float32Array, b: Float32Array): void {
  assert.ok(cosine(a, b) > 1 - 1e-6, `cosine ${cosine(a, b)}`);
}

async function rejectsWithEmbeddingError(promise: Promise<unknown>, ...mentions: string[]): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof EmbeddingError, `not an EmbeddingError: ${String(err)}`);
    for (const m of mentions) assert.ok(err.message.includes(m), `"${err.message}" does not mention ${m}`);
    assert.equal(err.retryable, false);
    return true;
  });
}

let root: string;
before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'onnx-provider-'));
});
after(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('a model folder with model.onnx, tokenizer.json and config.json', () => {
  let folder: string;
  let provider: OnnxEmbeddingProvider;
  before(async () => {
    folder = path.join(root, 'tiny');
    writeTinyModelFolder(folder);
    provider = await OnnxEmbeddingProvider.open(folder, { batchSize: 2, threads: 1 });
  });
  after(() => provider.close());

  test('opens with the vector length of the model and a key naming the folder', () => {
    assert.equal(provider.dimensions, TINY_DIMENSIONS);
    assert.equal(provider.batchSize, 2);
    assert.match(provider.key, new RegExp(`^onnx:${path.resolve(folder)}:${TINY_DIMENSIONS}:[0-9a-f]{12}$`));
  });

  test('embeds papers and queries as unit vectors, papers in order across batches', async () => {
    const papers = [PROTEIN, GALAXY, paper('Robot policy', 'Reward learning.')];
    const vectors = await provider.embedDocuments(papers);
    assert.equal(vectors.length, 3);
    vectors.forEach(assertUnitVector);
    const [alone] = await provider.embedDocuments([papers[2]!]);
    assertSameVector(vectors[2]!, alone!);
    assertUnitVector(await provider.embedQuery('protein folding'));
  });

  test('texts that share words are closer than unrelated ones', async () => {
    const [protein, galaxy] = await provider.embedDocuments([PROTEIN, GALAXY]);
    const query = await provider.embedQuery('protein folding structures');
    assert.ok(cosine(query, protein!) > cosine(query, galaxy!) + 0.1, `${cosine(query, protein!)} vs ${cosine(query, galaxy!)}`);
    const related = await provider.embedQuery('galaxy surveys of dark matter');
    assert.ok(cosine(related, galaxy!) > cosine(related, protein!) + 0.1);
  });

  test('padding a short text in a batch with a long one does not change its vector', async () => {
    const short = paper('Graph', '');
    const long = paper('Large language model training', 'We train a transformer with attention on text data for speech and audio.');
    const [inBatch] = await provider.embedDocuments([short, long]);
    const [alone] = await provider.embedDocuments([short]);
    assertSameVector(inBatch!, alone!);
  });

  test('an empty query and words outside the vocabulary still give a unit vector', async () => {
    assertUnitVector(await provider.embedQuery(''));
    assertUnitVector(await provider.embedQuery('zebra xylophone'));
  });

  test('an aborted signal stops before the model runs', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(provider.embedDocuments([PROTEIN], controller.signal), { name: 'AbortError' });
    await assert.rejects(provider.embedQuery('protein', controller.signal), { name: 'AbortError' });
  });
});

describe('options and folder layouts', () => {
  test('finds onnx/model.onnx, as Hugging Face ONNX exports lay it out', async () => {
    const folder = path.join(root, 'subfolder');
    writeTinyModelFolder(folder, { layout: 'onnx-subfolder' });
    const provider = await OnnxEmbeddingProvider.open(folder);
    try {
      assertUnitVector(await provider.embedQuery('neural network'));
    } finally {
      await provider.close();
    }
  });

  test("cuts texts to config.json's max_position_embeddings, keeping the closing token", async () => {
    const folder = path.join(root, 'short');
    writeTinyModelFolder(folder, { maxPositions: 8 }); // [CLS] + 6 words + [SEP]
    const provider = await OnnxEmbeddingProvider.open(folder);
    try {
      const first = await provider.embedQuery('graph neural network for protein folding');
      const longer = await provider.embedQuery(`graph neural network for protein folding galaxy star ${'dark matter '.repeat(500)}`);
      assertSameVector(first, longer);
      const shorter = await provider.embedQuery('graph neural network for protein');
      assert.ok(cosine(first, shorter) < 1 - 1e-4);
    } finally {
      await provider.close();
    }
  });

  test('prefixes are put before queries and papers, and change the key', async () => {
    const folder = path.join(root, 'prefixes');
    writeTinyModelFolder(folder);
    const plain = await OnnxEmbeddingProvider.open(folder);
    const prefixed = await OnnxEmbeddingProvider.open(folder, { queryPrefix: 'galaxy ', documentPrefix: 'robot ' });
    try {
      assertSameVector(await prefixed.embedQuery('protein folding'), await plain.embedQuery('galaxy protein folding'));
      const [withPrefix] = await prefixed.embedDocuments([PROTEIN]);
      assertSameVector(withPrefix!, await plain.embedQuery(`robot ${PROTEIN.title}\n\n${PROTEIN.abstract}`));
      assert.notEqual(prefixed.key, plain.key);
    } finally {
      await plain.close();
      await prefixed.close();
    }
  });

  test('the key stays the same for the same model file and changes when model.onnx is replaced', async () => {
    const folder = path.join(root, 'replaced');
    const modelPath = writeTinyModelFolder(folder);
    const keyOf = async () => {
      const provider = await OnnxEmbeddingProvider.open(folder);
      await provider.close();
      return provider.key;
    };
    const before = await keyOf();
    assert.equal(await keyOf(), before);
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(modelPath, later, later);
    assert.notEqual(await keyOf(), before);
  });
});

describe('a folder that cannot be used', () => {
  test('a missing folder names the path and the files expected', async () => {
    const folder = path.join(root, 'no-such-model');
    await rejectsWithEmbeddingError(OnnxEmbeddingProvider.open(folder), folder, 'does not exist', 'model.onnx', 'tokenizer.json');
  });

  test('a folder without model.onnx names the path and the files expected', async () => {
    const folder = path.join(root, 'no-model');
    const modelPath = writeTinyModelFolder(folder);
    fs.rmSync(modelPath);
    await rejectsWithEmbeddingError(OnnxEmbeddingProvider.open(folder), folder, 'has no model.onnx or onnx/model.onnx', 'tokenizer.json');
  });

  test('a folder without tokenizer.json says so', async () => {
    const folder = path.join(root, 'no-tokenizer');
    writeTinyModelFolder(folder);
    fs.rmSync(path.join(folder, 'tokenizer.json'));
    await rejectsWithEmbeddingError(OnnxEmbeddingProvider.open(folder), folder, 'has no tokenizer.json');
  });

  test('a model.onnx that is not an ONNX model names the file', async () => {
    const folder = path.join(root, 'corrupt');
    const modelPath = writeTinyModelFolder(folder);
    fs.writeFileSync(modelPath, 'version https://git-lfs.github.com/spec/v1\n'); // a Git LFS pointer, a common mistake
    await rejectsWithEmbeddingError(OnnxEmbeddingProvider.open(folder), `could not load ${modelPath}`);
  });

  test('an onnxruntime-node that fails to load is reported, not thrown at start-up', async () => {
    const folder = path.join(root, 'no-runtime');
    writeTinyModelFolder(folder);
    const importRuntime = () => Promise.reject(new Error("Cannot find package 'onnxruntime-node'"));
    await rejectsWithEmbeddingError(OnnxEmbeddingProvider.open(folder, { importRuntime }), 'onnxruntime-node', 'Cannot find package');
  });
});
