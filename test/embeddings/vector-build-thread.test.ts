// A whole index built in the worker thread (first start, provider switch) holds exactly what one built here from
// the same batches holds: the same papers with the same f16 vectors, the same answers; a stop between batches
// ends the thread and leaves no index behind.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { seededUnitVectors } from '../helpers/unit-vectors.ts';
import { buildVectorIndexInThread, type VectorBatch } from '../../src/embeddings/vector-build.ts';
import { VectorIndex } from '../../src/embeddings/vector-index.ts';

const D = 32;
const N = 3000;

function batches(vectors: Float32Array[], size: number): VectorBatch[] {
  const out: VectorBatch[] = [];
  for (let at = 0; at < vectors.length; at += size) {
    const part = vectors.slice(at, at + size);
    const flat = new Float32Array(part.length * D);
    for (const [i, v] of part.entries()) flat.set(v, i * D);
    out.push({ ids: part.map((_, i) => `p${at + i}`), vectors: flat });
  }
  return out;
}

async function* iterate(bs: VectorBatch[]): AsyncGenerator<VectorBatch> {
  for (const b of bs) yield b;
}

test('an index built in the thread has every vector and answers as one built here', async () => {
  const vectors = seededUnitVectors(N, D, 7);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-vector-thread-'));
  try {
    const built = await buildVectorIndexInThread(D, path.join(dir, 'v.bin'), iterate(batches(vectors, 700)));
    assert.ok(built);
    const here = new VectorIndex(D);
    here.upsertMany(vectors.map((vector, i) => ({ id: `p${i}`, vector })));
    assert.equal(built.size, N);
    for (const i of [0, 1, 699, 700, 1500, N - 1]) assert.deepEqual(built.vectorOf(`p${i}`), here.vectorOf(`p${i}`));
    // Up to 5,000 vectors both scan exactly: identical answers.
    for (const q of seededUnitVectors(20, D, 99)) assert.deepEqual(built.search(q, 10), here.search(q, 10));
    assert.ok(fs.existsSync(path.join(dir, 'v.bin.usearch')), 'the thread saved the graph it built');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a build stopped between batches ends the thread and gives no index', async () => {
  const vectors = seededUnitVectors(1000, D, 3);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-vector-thread-'));
  try {
    let sent = 0;
    async function* counted(): AsyncGenerator<VectorBatch> {
      for (const b of batches(vectors, 100)) {
        sent++;
        yield b;
      }
    }
    const built = await buildVectorIndexInThread(D, path.join(dir, 'v.bin'), counted(), () => sent >= 3);
    assert.equal(built, null);
    assert.equal(fs.existsSync(path.join(dir, 'v.bin')), false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
