// The vector index keeps its vectors as f16: encoding rounds to the nearest half-precision value (as IEEE 754 does),
// a small site's exact search ranks as float32 would, and a saved index reads back the same, including
// one saved by the version that kept float32 (format 0).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { seededUnitVectors } from '../helpers/unit-vectors.ts';
import { decodeHalf, encodeHalf, HALF_TO_FLOAT, toHalf } from '../../src/embeddings/half-float.ts';
import { VectorIndex } from '../../src/embeddings/vector-index.ts';

function exactTop(vectors: Float32Array[], q: Float32Array, k: number): number[] {
  return vectors
    .map((v, i) => ({ i, score: v.reduce((s, x, j) => s + x * q[j]!, 0) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k)
    .map((h) => h.i);
}

test('f16 encoding rounds to the nearest half-precision value, ties to even', () => {
  // Known bit patterns: 1, -2, 0.5, the smallest normal and subnormal, 65504 (the largest), 0.1 (rounded).
  assert.equal(toHalf(1), 0x3c00);
  assert.equal(toHalf(-2), 0xc000);
  assert.equal(toHalf(0.5), 0x3800);
  assert.equal(toHalf(2 ** -14), 0x0400);
  assert.equal(toHalf(2 ** -24), 0x0001);
  assert.equal(toHalf(65504), 0x7bff);
  assert.equal(toHalf(0.1), 0x2e66);
  assert.equal(toHalf(0), 0);
  // Halfway between 1 and the next f16 (1 + 2^-10): to the even one, 1; just above it: up.
  assert.equal(toHalf(1 + 2 ** -11), 0x3c00);
  assert.equal(toHalf(1 + 2 ** -11 + 2 ** -20), 0x3c01);
  // Every value of the table encodes back to itself; a vector decodes within half a unit in the last place.
  for (let h = 0; h < 0x7c00; h++) assert.equal(toHalf(HALF_TO_FLOAT[h]!), h);
  const [v] = seededUnitVectors(1, 128, 1);
  const codes = new Uint16Array(128);
  encodeHalf(v!, codes, 0);
  const back = decodeHalf(codes, 0, 128);
  for (let i = 0; i < 128; i++) assert.ok(Math.abs(back[i]! - v![i]!) <= Math.abs(v![i]!) * 2 ** -11 + 2 ** -25);
});

test('exact search on the codes ranks as float32 does; a saved index reads back the same, old format too', async () => {
  const d = 64;
  const vectors = seededUnitVectors(2_000, d, 7);
  const index = new VectorIndex(d);
  index.upsertMany(vectors.map((vector, i) => ({ id: `p${i}`, vector })));
  index.upsertMany([{ id: 'zero', vector: new Float32Array(d) }]);
  assert.equal(index.size, 2_000, 'a zero vector is not in the graph');
  const queries = seededUnitVectors(50, d, 99);
  let agree = 0;
  for (const q of queries) {
    const ours = new Set(index.search(q, 10).map((h) => h.id));
    agree += exactTop(vectors, q, 10).filter((i) => ours.has(`p${i}`)).length;
  }
  const recall = agree / (queries.length * 10);
  assert.ok(recall >= 0.99, `recall@10 of the f16 scan against float32: ${recall}`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-vectors-'));
  const file = path.join(dir, 'vectors.bin');
  await index.save(file);
  const loaded = await VectorIndex.load(file);
  assert.equal(loaded.size, index.size);
  assert.deepEqual(loaded.vectorOf('p5'), index.vectorOf('p5'));
  assert.deepEqual(
    loaded.search(queries[0]!, 10).map((h) => h.id),
    index.search(queries[0]!, 10).map((h) => h.id),
  );

  // The same index as the float32 version wrote it: header (format 0), ids, padding, float32 vectors, flags.
  const ids = Buffer.from([...vectors.map((_, i) => `p${i}`), 'zero'].join('\n'));
  const head = Buffer.alloc(16);
  head.writeUInt32LE(d, 0);
  head.writeUInt32LE(vectors.length + 1, 4);
  head.writeUInt32LE(ids.length, 8);
  const pad = Buffer.alloc((4 - ((16 + ids.length) % 4)) % 4);
  const floats = new Float32Array((vectors.length + 1) * d);
  for (const [i, v] of vectors.entries()) floats.set(v, i * d);
  const flags = Buffer.alloc(vectors.length + 1, 1);
  flags[vectors.length] = 0;
  fs.writeFileSync(file, Buffer.concat([head, ids, pad, Buffer.from(floats.buffer), flags]));
  const old = await VectorIndex.load(file);
  assert.equal(old.size, 2_000);
  assert.equal(old.has('zero'), false);
  const v5 = old.vectorOf('p5')!;
  for (let i = 0; i < d; i++) assert.ok(Math.abs(v5[i]! - vectors[5]![i]!) <= Math.abs(vectors[5]![i]!) * 2 ** -11 + 2 ** -25);
  fs.rmSync(dir, { recursive: true, force: true });
});
