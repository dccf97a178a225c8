import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { documentTerms } from '../../src/core/analyze.ts';
import { readSnapshot, writeSnapshot } from '../../src/search/index-snapshot.ts';
import { BM25, KeywordIndex, type IndexDoc, type IndexQuery } from '../../src/search/keyword-index.ts';
import { editDistance } from '../../src/search/typo.ts';

function doc(id: string, title: string, abstract: string, extra: Partial<IndexDoc> = {}): IndexDoc {
  return {
    id,
    title,
    abstract,
    authors: [],
    categories: [],
    publishedMs: 0,
    dailyDay: null,
    upvotes: 0,
    hidden: false,
    hasCode: false,
    modifiedUs: 0,
    ...extra,
  };
}

function ranked(index: KeywordIndex, words: string[], opts: Partial<IndexQuery> = {}) {
  const scored = words.flatMap((w) => {
    const id = index.termId(w);
    return id === undefined ? [] : [{ termId: id, weight: 1 }];
  });
  return index.search({ scored, required: [], excluded: [], filter: {}, sort: 'relevance', k: 10, ...opts }).hits;
}

test('BM25 scores on a tiny corpus match a hand computation', () => {
  const index = new KeywordIndex();
  // Title words count 3 times: A has apple 3+1, banana 3, length 3*2+1 = 7; B banana 3, cherry 2, length 5; C length 4.
  index.upsert(doc('A', 'apple banana', 'apple'));
  index.upsert(doc('B', 'banana', 'cherry cherry'));
  index.upsert(doc('C', 'cherry', 'date'));
  const avg = 16 / 3;
  const idf = (df: number) => Math.log(1 + (3 - df + 0.5) / (df + 0.5));
  const bm25 = (tf: number, len: number, df: number) =>
    (idf(df) * tf * (BM25.k1 + 1)) / (tf + BM25.k1 * (1 - BM25.b + (BM25.b * len) / avg));

  const apple = ranked(index, ['appl']);
  assert.deepEqual(
    apple.map((h) => h.id),
    ['A'],
  );
  assert.ok(Math.abs(apple[0]!.score - bm25(4, 7, 1)) < 1e-12);

  const both = ranked(index, ['banana', 'cherri']);
  const expected = new Map([
    ['A', bm25(3, 7, 2)],
    ['B', bm25(3, 5, 2) + bm25(2, 5, 2)],
    ['C', bm25(3, 4, 2)],
  ]);
  assert.deepEqual(
    both.map((h) => h.id),
    [...expected].sort((a, b) => b[1] - a[1]).map(([id]) => id),
  );
  for (const h of both) assert.ok(Math.abs(h.score - expected.get(h.id)!) < 1e-12, h.id);
});

// A seeded corpus with a skewed vocabulary, so MaxScore has common and rare terms to prune with.
function syntheticCorpus(n: number, seed = 7): IndexDoc[] {
  let s = seed;
  const rand = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const vocab = Array.from({ length: 400 }, (_, i) => `w${i.toString(36)}x`);
  const word = () => vocab[Math.floor(400 * rand() ** 2.5)]!;
  return Array.from({ length: n }, (_, i) => {
    const title = Array.from({ length: 3 + Math.floor(rand() * 6) }, word).join(' ');
    const abstract = Array.from({ length: 20 + Math.floor(rand() * 120) }, word).join(' ');
    return doc(`p${String(i).padStart(5, '0')}`, title, abstract, {
      publishedMs: Math.floor(rand() * 1e6),
      upvotes: Math.floor(rand() * 50),
    });
  });
}

// Exhaustive BM25 from the analyzed documents, the reference the pruned search must agree with.
function bruteForce(docs: IndexDoc[], terms: string[], k: number) {
  const analyzed = docs.map((d) => ({ id: d.id, ...documentTerms(d) }));
  const N = docs.length;
  const avg = analyzed.reduce((a, d) => a + d.length, 0) / N;
  const df = (t: string) => analyzed.filter((d) => d.freqs.has(t)).length;
  const scores = analyzed.map((d) => {
    let score = 0;
    for (const t of terms) {
      const f = d.freqs.get(t);
      if (!f) continue;
      const idf = Math.log(1 + (N - df(t) + 0.5) / (df(t) + 0.5));
      score += (idf * f * (BM25.k1 + 1)) / (f + BM25.k1 * (1 - BM25.b + (BM25.b * d.length) / avg));
    }
    return { id: d.id, score, published: docs.find((x) => x.id === d.id)!.publishedMs! };
  });
  // Ties break by date (newest first), then id, as in the index.
  return scores
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || b.published - a.published || (a.id < b.id ? -1 : 1))
    .slice(0, k);
}

test('pruned top-k (MaxScore) returns exactly the exhaustive BM25 top-k', () => {
  const docs = syntheticCorpus(1500);
  const index = new KeywordIndex();
  for (const d of docs) index.upsert(d);
  index.compact();
  const queries = [
    ['w0x'],
    ['w0x', 'w1x'],
    ['w0x', 'w5x', 'w2ex'],
    ['w1x', 'w2x', 'w3x', 'w4x', 'w50x'],
    ['w9x', 'wax', 'w3fx'],
    ['w7x', 'w77x'],
  ];
  for (const q of queries) {
    for (const k of [1, 10, 50]) {
      const got = ranked(index, q, { k });
      const want = bruteForce(docs, q, k);
      assert.deepEqual(
        got.map((h) => h.id),
        want.map((h) => h.id),
        `${q.join(' ')} k=${k}`,
      );
      got.forEach((h, i) => {
        assert.ok(Math.abs(h.score - want[i]!.score) < 1e-9);
      });
    }
  }
});

test('results do not depend on the order papers were indexed, updated or compacted in', () => {
  const docs = syntheticCorpus(600, 11);
  const a = new KeywordIndex();
  for (const d of docs) a.upsert(d);
  const b = new KeywordIndex();
  // Reverse order, with an edit that is later undone, a deletion re-added, and compactions in between.
  for (const d of [...docs].reverse()) b.upsert(d);
  b.upsert({ ...docs[5]!, abstract: 'entirely different words here', modifiedUs: 1 });
  b.compact();
  b.remove(docs[9]!.id);
  b.upsert({ ...docs[5]!, modifiedUs: 2 });
  b.upsert(docs[9]!);
  for (const q of [['w0x', 'w1x'], ['w3x'], ['w2x', 'w10x', 'w11x']]) {
    for (const sort of ['relevance', 'date', 'upvotes'] as const) {
      const required = sort === 'relevance' ? [] : [[a.termId(q[0]!)!]];
      const ra = ranked(a, q, { sort, required, k: 25 });
      const rb = ranked(b, q, { sort, required: sort === 'relevance' ? [] : [[b.termId(q[0]!)!]], k: 25 });
      assert.deepEqual(rb, ra, `${q.join(' ')} by ${sort}`);
    }
  }
});

test('a text update replaces the old terms; an attribute update keeps the document', () => {
  const index = new KeywordIndex();
  assert.equal(index.upsert(doc('X', 'quantum annealing', 'qubits')), 'added');
  assert.equal(index.upsert(doc('X', 'quantum annealing', 'qubits', { upvotes: 5 })), 'attributes');
  assert.equal(index.upsert(doc('X', 'quantum annealing', 'qubits', { upvotes: 5 })), 'unchanged');
  assert.equal(index.upsert(doc('X', 'photonic chips', 'waveguides')), 'text');
  assert.deepEqual(ranked(index, ['anneal']), []);
  assert.deepEqual(
    ranked(index, ['photon']).map((h) => h.id),
    ['X'],
  );
  assert.equal(index.liveDf(index.termId('anneal')!), 0);
  assert.equal(index.size, 1);
  assert.equal(index.remove('X'), true);
  assert.equal(index.size, 0);
  assert.deepEqual(ranked(index, ['photon']), []);
});

test('filters, exclusions, required groups and sorts', () => {
  const index = new KeywordIndex();
  index.upsert(doc('old', 'graph networks', 'x', { publishedMs: Date.UTC(2020, 0, 1), upvotes: 9, hasCode: true }));
  index.upsert(doc('new', 'graph networks survey', 'y', { publishedMs: Date.UTC(2024, 0, 1), upvotes: 1, dailyDay: 19000 }));
  index.upsert(doc('hid', 'graph networks', 'z', { publishedMs: Date.UTC(2023, 0, 1), hidden: true }));
  const graph = index.termId('graph')!;
  const base: IndexQuery = { scored: [{ termId: graph, weight: 1 }], required: [[graph]], excluded: [], filter: {}, sort: 'date', k: 10 };
  const ids = (q: Partial<IndexQuery>) => index.search({ ...base, ...q }).hits.map((h) => h.id);
  assert.deepEqual(ids({}), ['new', 'old']);
  assert.deepEqual(ids({ sort: 'upvotes' }), ['old', 'new']);
  assert.deepEqual(ids({ filter: { hasCode: true } }), ['old']);
  assert.deepEqual(ids({ filter: { featured: true } }), ['new']);
  assert.deepEqual(ids({ filter: { publishedFromMs: Date.UTC(2021, 0, 1) } }), ['new']);
  assert.deepEqual(ids({ filter: { publishedToMs: Date.UTC(2021, 0, 1) } }), ['old']);
  assert.deepEqual(ids({ excluded: [index.termId('survei')!] }), ['old']);
  assert.deepEqual(ids({ required: [[graph], [index.termId('nothing') ?? -1].filter((x) => x >= 0)] }), []);
  assert.equal(index.search({ ...base }).total, 2);
});

test('typo candidates come from the index dictionary, nearest first', () => {
  const index = new KeywordIndex();
  index.upsert(doc('T', 'transformers', 'transformation of signals'));
  const near = index.typoCandidates('trasnform', 2).map((c) => index.termText(c.termId));
  assert.equal(near[0], 'transform');
  assert.equal(editDistance('trasnform', 'transform', 2), 1); // a transposition is one edit
  assert.equal(editDistance('abc', 'xyz', 2), 3);
  assert.deepEqual(index.typoCandidates('zzzzzzzz', 2), []);
});

test('a snapshot reads back to an index that answers identically', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-snapshot-'));
  try {
    const docs = syntheticCorpus(300, 3);
    const index = new KeywordIndex();
    for (const d of docs) index.upsert(d);
    index.upsert({ ...docs[1]!, title: 'changed title', modifiedUs: 5 });
    const file = path.join(dir, 'index.bin');
    await writeSnapshot(file, index, { databaseId: 'db-1', watermark: '2026-01-01 00:00:00+00' });
    assert.deepEqual(await readSnapshot(file, 'db-2'), { missing: 'the saved index belongs to another database' });
    const loaded = await readSnapshot(file, 'db-1');
    assert.ok('index' in loaded);
    assert.equal(loaded.info.watermark, '2026-01-01 00:00:00+00');
    assert.equal(loaded.index.size, index.size);
    assert.equal(loaded.index.modifiedOf(docs[1]!.id), 5);
    for (const q of [['w0x', 'w1x'], ['chang', 'titl'], ['w5x']]) assert.deepEqual(ranked(loaded.index, q), ranked(index, q));
    // The loaded index keeps taking updates.
    loaded.index.upsert(doc('fresh', 'brand new words', ''));
    assert.deepEqual(
      ranked(loaded.index, ['brand']).map((h) => h.id),
      ['fresh'],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
