// Training the corpus model's term vectors on (title, abstract) pairs (pure): the loss falls pass after pass, each
// query ends nearest its own document, the same seed gives the same vectors, and too few pairs change nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trainOnPairs, type TermRow } from '../../src/embeddings/pair-training.ts';

const d = 8;
const terms = 64;
const row = (cols: number[]): TermRow => ({
  cols: Uint32Array.from(cols),
  vals: Float32Array.from(cols, () => 1 / Math.sqrt(cols.length)),
});
// Query term i describes documents made of terms 32 + i and 32 + (i + 1) % 32: words the query never uses.
const pairs = Array.from({ length: 256 }, (_, n) => {
  const i = n % 32;
  return { query: row([i]), doc: row([32 + i, 32 + ((i + 1) % 32)]) };
});
const init = Float32Array.from({ length: terms * d }, (_, k) => Math.sin(k * 12.9898) * 0.5);
const opts = { epochs: 6, learningRate: 0.2, temperature: 0.1, batch: 32, seed: 3 };

function embed(w: Float32Array, r: TermRow): Float32Array {
  const out = new Float32Array(d);
  r.cols.forEach((c, k) => {
    for (let j = 0; j < d; j++) out[j]! += r.vals[k]! * w[c * d + j]!;
  });
  const n = Math.hypot(...out) || 1;
  return out.map((x) => x / n);
}
const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, j) => s + x * b[j]!, 0);

function ownDocumentFirst(w: Float32Array): number {
  const docs = pairs.slice(0, 32).map((p) => embed(w, p.doc));
  return pairs.slice(0, 32).filter((p, i) => {
    const q = embed(w, p.query);
    return docs.every((doc, k) => k === i || dot(q, doc) < dot(q, docs[i]!));
  }).length;
}

test('pair training lowers the loss and brings each query nearest its own document', () => {
  const initCopy = init.slice();
  const { components, losses } = trainOnPairs(init, d, pairs, opts);
  assert.equal(losses.length, opts.epochs);
  assert.ok(losses.at(-1)! < losses[0]! * 0.7, `losses ${losses.map((l) => l.toFixed(3)).join(' ')}`);
  const before = ownDocumentFirst(init);
  const after = ownDocumentFirst(components);
  assert.ok(after >= 28 && after > before, `${before} -> ${after} of 32 queries nearest their own document`);
  assert.deepEqual(init, initCopy, 'the input is left as it was');
});

test('pair training is deterministic for a seed, and a no-op with fewer pairs than a batch', () => {
  const a = trainOnPairs(init, d, pairs, { ...opts, epochs: 2 });
  const b = trainOnPairs(init, d, pairs, { ...opts, epochs: 2 });
  assert.deepEqual(a.components, b.components);
  const c = trainOnPairs(init, d, pairs, { ...opts, epochs: 2, seed: 4 });
  assert.notDeepEqual(a.components, c.components);
  const few = trainOnPairs(init, d, pairs.slice(0, 10), opts);
  assert.deepEqual(few.components, init);
  assert.deepEqual(few.losses, []);
  // Pairs with an empty side (a paper without an abstract) are left out, not trained on.
  const empty = trainOnPairs(init, d, [...pairs, { query: row([]), doc: row([40]) }], { ...opts, epochs: 1 });
  assert.equal(empty.losses.length, 1);
});
