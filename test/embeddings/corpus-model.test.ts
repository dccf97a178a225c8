// The corpus model's arithmetic (pure): eigen decomposition, truncated SVD against known answers, the model's
// behaviour on a topic corpus, its serialization, and the For you user model.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CorpusModel } from '../../src/embeddings/corpus-model.ts';
import { symmetricEigen, truncatedSvd, type SparseRows } from '../../src/embeddings/linear-algebra.ts';
import { denseRow, score, trainUserModel } from '../../src/recommend/user-model.ts';
import { cosine } from '../../src/recommend/user-model.ts';
import { topicPapers } from '../helpers/topic-corpus.ts';

test('symmetricEigen returns the eigenpairs of a symmetric matrix, largest first', () => {
  // [[2,1],[1,2]] has eigenvalues 3 and 1 with vectors (1,1)/√2 and (1,-1)/√2.
  const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
  assert.ok(Math.abs(values[0]! - 3) < 1e-12 && Math.abs(values[1]! - 1) < 1e-12);
  assert.ok(Math.abs(Math.abs(vectors[0]!) - Math.SQRT1_2) < 1e-12 && Math.abs(vectors[0]! - vectors[2]!) < 1e-12);
});

test('truncatedSvd finds the singular values of a matrix of known rank', () => {
  // Rows: 3 x e1, 2 x e2, 1 x e3 (each once) → singular values 3, 2, 1.
  const a: SparseRows = {
    rows: 3,
    cols: 5,
    rowStart: Uint32Array.from([0, 1, 2, 3]),
    colIndex: Uint32Array.from([0, 1, 2]),
    values: Float32Array.from([3, 2, 1]),
  };
  const svd = truncatedSvd(a, 2);
  assert.equal(svd.k, 2);
  assert.ok(Math.abs(svd.singularValues[0]! - 3) < 1e-9 && Math.abs(svd.singularValues[1]! - 2) < 1e-9);
  // The first component is column 0 (up to sign).
  assert.ok(Math.abs(Math.abs(svd.components[0]!) - 1) < 1e-9);
});

test('the corpus model puts papers of a topic together, embeds queries into the same space, and survives serialization', () => {
  const papers = topicPapers(10);
  const model = CorpusModel.fit(
    papers.map((p) => ({ ...p, authors: [], categories: [] })),
    { dimensions: 8, minDocumentFrequency: 2, maxVocabulary: 1000, pairTraining: null },
  );
  const v = papers.map((p) => model.embedPaper({ ...p, authors: [], categories: [] }));
  const same = cosine(v[0]!, v[1]!);
  const other = cosine(v[0]!, v[15]!);
  assert.ok(same > other + 0.3, `${same} vs ${other}`);
  const q = model.embedQuery('protein folding');
  const best = v.map((x, i) => [cosine(q, x), i] as const).sort((a, b) => b[0] - a[0])[0]!;
  assert.equal(papers[best[1]]!.topic, 'proteins');
  assert.deepEqual([...model.embedQuery('zzz unknown words')], new Array(8).fill(0));
  const copy = CorpusModel.deserialize(model.serialize());
  assert.deepEqual([...copy.embedQuery('protein folding')], [...q]);
  assert.equal(copy.vocabularySize, model.vocabularySize);
});

test('the user model ranks what resembles the positives above what resembles the refused', () => {
  const unit = (...x: number[]) => {
    const n = Math.hypot(...x);
    return denseRow(Float32Array.from(x.map((v) => v / n)));
  };
  const model = trainUserModel([
    { row: unit(1, 0.1, 0), label: 1, weight: 1 },
    { row: unit(0.9, 0, 0.1), label: 1, weight: 1 },
    { row: unit(0, 1, 0), label: 0, weight: 2 },
    { row: unit(0, 0.1, 1), label: 0, weight: 0.3 },
  ]);
  assert.ok(score(model, unit(1, 0, 0)) > score(model, unit(0, 0, 1)));
  assert.ok(score(model, unit(0, 0, 1)) > score(model, unit(0, 1, 0)));
});
