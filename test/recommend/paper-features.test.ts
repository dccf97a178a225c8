import assert from 'node:assert/strict';
import test from 'node:test';
import type { IndexableText } from '../../src/core/analyze.ts';
import { FEATURE_WEIGHTS, isWordColumn, paperFeatureRow, topicFeatureRow } from '../../src/recommend/paper-features.ts';
import { score, trainUserModel } from '../../src/recommend/user-model.ts';
import { vocabularyOf } from '../helpers/feature-vocabulary.ts';

const paper = (title: string, abstract: string, categories: string[] = ['cs.CL'], authors: string[] = []): IndexableText => ({
  title,
  abstract,
  authors,
  categories,
});

const corpus = [
  paper(
    'Speculative decoding with a draft model',
    'A small draft model proposes tokens that the large model verifies.',
    ['cs.CL', 'cs.LG'],
    ['Ada Lovelace'],
  ),
  paper('Faster speculative decoding', 'Draft tokens are verified in parallel by the target model.', ['cs.CL']),
  paper('Decoding strategies for speech', 'Beam search and sampling for speech models.', ['eess.AS']),
  paper('Galaxy clusters at high redshift', 'We survey galaxy clusters with a telescope.', ['astro-ph.CO']),
  paper('Galaxy rotation curves', 'Dark matter halos and the rotation of galaxy discs.', ['astro-ph.GA']),
  paper('A survey of telescopes', 'Telescope designs and their galaxy surveys, with a model.', ['astro-ph.IM']),
  paper('Speculative execution attacks', 'Speculative execution leaks secrets through caches.', ['cs.CR']),
];
const vocabulary = vocabularyOf(corpus);

test('a paper row is unit length; words, title pairs, categories (primary weighs more) and authors are features', () => {
  const row = paperFeatureRow(corpus[0]!, vocabulary);
  const length = Math.hypot(...row.vals);
  assert.ok(Math.abs(length - 1) < 1e-6, `length ${length}`);
  const weightOf = (term: string) => {
    const k = [...row.cols].indexOf(vocabulary.termId(term)!);
    return k < 0 ? 0 : row.vals[k]!;
  };
  assert.ok(weightOf('#cs.cl') > weightOf('#cs.lg') && weightOf('#cs.lg') > 0, 'primary category above its cross-list');
  assert.ok(weightOf('@ada_lovelace') > 0, 'the full author name');
  // Title pairs are hashed above every term id: not words.
  const pairs = [...row.cols].filter((c) => c >= 2 ** 31);
  assert.equal(pairs.length, 3, 'speculative-decoding, decoding-draft (across the stopwords) and draft-model');
  assert.ok(pairs.every((c) => !isWordColumn(c, vocabulary)));
  assert.ok(isWordColumn(vocabulary.termId('draft')!, vocabulary));
  assert.ok(!isWordColumn(vocabulary.termId('#cs.cl')!, vocabulary));
});

test('words in fewer than three papers are left out; without other features the row is the words alone', () => {
  const none = { titlePair: 0, primaryCategory: 0, crossList: 0, author: 0 };
  const row = paperFeatureRow(corpus[0]!, vocabulary, none);
  const words = [...row.cols].map((c) => vocabulary.termText(c)).sort();
  // "draft" (two papers), "small", "propos", "token" and the rest are too rare here.
  assert.deepEqual(words, ['decod', 'model', 'specul']);
  assert.equal(topicFeatureRow('speculative decoding', vocabulary, none).cols.length, 2, 'two words; the pair is off');
  assert.equal(topicFeatureRow('speculative decoding', vocabulary).cols.length, 3, 'and the title pair');
  assert.equal(FEATURE_WEIGHTS.primaryCategory > FEATURE_WEIGHTS.crossList, true);
});

test("a topic's title pair weighs in a model trained on it: the title that has it ranks above papers with one of its words", () => {
  const rows = corpus.map((p) => paperFeatureRow(p, vocabulary));
  const topic = topicFeatureRow('speculative decoding', vocabulary);
  const model = trainUserModel([
    { row: topic, label: 1, weight: 2 },
    ...rows.map((row) => ({ row, label: 0 as const, weight: 2 / rows.length })),
  ]);
  const pair = [...topic.cols].find((c) => c >= 2 ** 31)!;
  assert.ok((model.w.get(pair) ?? 0) > 0);
  // 1: "Faster speculative decoding"; 2: "Decoding strategies for speech"; 6: "Speculative execution attacks".
  const s = (i: number) => score(model, rows[i]!);
  assert.ok(s(1) > s(2) && s(1) > s(6), `${s(1)} ${s(2)} ${s(6)}`);
  assert.ok(s(3) < 0 && s(4) < 0, 'galaxies are not it');
});
