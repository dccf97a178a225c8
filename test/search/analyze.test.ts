import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  analyzeText,
  authorNameTerms,
  categoryTerms,
  documentTerms,
  plainSearchText,
  termsOfWord,
  TITLE_WEIGHT,
} from '../../src/core/analyze.ts';
import { porterStem } from '../../src/core/porter-stemmer.ts';

test('the Porter stemmer gives the reference stems', () => {
  // From Porter's paper and the reference implementation's vocabulary/output lists.
  const cases: [string, string][] = [
    ['caresses', 'caress'],
    ['ponies', 'poni'],
    ['ties', 'ti'],
    ['caress', 'caress'],
    ['cats', 'cat'],
    ['feed', 'feed'],
    ['agreed', 'agre'],
    ['plastered', 'plaster'],
    ['bled', 'bled'],
    ['motoring', 'motor'],
    ['sing', 'sing'],
    ['conflated', 'conflat'],
    ['troubled', 'troubl'],
    ['sized', 'size'],
    ['hopping', 'hop'],
    ['tanned', 'tan'],
    ['falling', 'fall'],
    ['hissing', 'hiss'],
    ['fizzed', 'fizz'],
    ['failing', 'fail'],
    ['filing', 'file'],
    ['happy', 'happi'],
    ['sky', 'sky'],
    ['relational', 'relat'],
    ['conditional', 'condit'],
    ['rational', 'ration'],
    ['valenci', 'valenc'],
    ['digitizer', 'digit'],
    ['conformabli', 'conform'],
    ['radicalli', 'radic'],
    ['differentli', 'differ'],
    ['vileli', 'vile'],
    ['analogousli', 'analog'],
    ['vietnamization', 'vietnam'],
    ['predication', 'predic'],
    ['operator', 'oper'],
    ['feudalism', 'feudal'],
    ['decisiveness', 'decis'],
    ['hopefulness', 'hope'],
    ['callousness', 'callous'],
    ['formaliti', 'formal'],
    ['sensitiviti', 'sensit'],
    ['sensibiliti', 'sensibl'],
    ['triplicate', 'triplic'],
    ['formative', 'form'],
    ['formalize', 'formal'],
    ['electriciti', 'electr'],
    ['electrical', 'electr'],
    ['hopeful', 'hope'],
    ['goodness', 'good'],
    ['revival', 'reviv'],
    ['allowance', 'allow'],
    ['inference', 'infer'],
    ['airliner', 'airlin'],
    ['gyroscopic', 'gyroscop'],
    ['adjustable', 'adjust'],
    ['defensible', 'defens'],
    ['irritant', 'irrit'],
    ['replacement', 'replac'],
    ['adjustment', 'adjust'],
    ['dependent', 'depend'],
    ['adoption', 'adopt'],
    ['homologou', 'homolog'],
    ['communism', 'commun'],
    ['activate', 'activ'],
    ['angulariti', 'angular'],
    ['homologous', 'homolog'],
    ['effective', 'effect'],
    ['bowdlerize', 'bowdler'],
    ['probate', 'probat'],
    ['rate', 'rate'],
    ['cease', 'ceas'],
    ['controll', 'control'],
    ['roll', 'roll'],
    ['generalizations', 'gener'],
    ['oscillators', 'oscil'],
    ['language', 'languag'],
    ['models', 'model'],
    ['modeling', 'model'],
    ['transformers', 'transform'],
    ['decoding', 'decod'],
    ['decoder', 'decod'],
    ['a', 'a'],
    ['is', 'is'],
    ['gpt4', 'gpt4'],
  ];
  for (const [word, stem] of cases) assert.equal(porterStem(word), stem, word);
});

test('plain search text folds accents and drops LaTeX markup and math delimiters', () => {
  const cases: [string, string][] = [
    ['Schrödinger', 'schrodinger'],
    ['Łódź Erdős', 'lodz erdos'],
    ['Schr\\"odinger equation', 'schrodinger equation'],
    ['\\textit{Deep} {B}ayesian', 'deep bayesian'],
    ['the $\\alpha$-divergence', 'the alpha-divergence'],
    ['$k$-means clustering', 'k-means clustering'],
    ['cost $\\mathcal{O}(n^2)$ here', 'cost o (n 2) here'],
  ];
  // Spacing is not significant: words are what analysis takes from it.
  for (const [input, expected] of cases) assert.equal(plainSearchText(input).replace(/\s+/g, ' ').trim(), expected, input);
});

test('analysis: stems, stopwords keep their positions, compounds give parts and the joined word', () => {
  const terms = (s: string) => analyzeText(s).tokens.map((t) => `${t.term}@${t.pos}${t.end !== t.pos ? `-${t.end}` : ''}`);
  const cases: [string, string[]][] = [
    ['Large Language Models', ['larg@0', 'languag@1', 'model@2']],
    ['state of the art', ['state@0', 'art@3']],
    ['pre-training objectives', ['pre@0', 'train@1', 'pretrain@0-1', 'object@2']],
    ['fine-tuning', ['fine@0', 'tune@1', 'finetun@0-1']],
    ['k-means', ['mean@1', 'kmean@0-1']],
    ['state-of-the-art results', ['state@0', 'art@3', 'result@4']],
    ["the model's attention", ['model@1', 'attent@2']],
    ['Schrödinger and Schrodinger', ['schroding@0', 'schroding@2']],
    ['GPT-4 and GPT4', ['gpt@0', 'gpt4@0-1', 'gpt4@3']],
    ['a b c', []],
    ['', []],
  ];
  for (const [input, expected] of cases) assert.deepEqual(terms(input), expected, input);
});

test('a surface word gives the terms a highlighter compares with the query', () => {
  assert.deepEqual(termsOfWord('Decoders'), ['decod']);
  assert.deepEqual(termsOfWord('pre-training'), ['pre', 'train', 'pretrain']);
  assert.deepEqual(termsOfWord('the'), []);
});

test('author names and categories get prefixed terms of their own', () => {
  assert.deepEqual(authorNameTerms('Ada Lovelace'), ['@ada', '@lovelace']);
  assert.deepEqual(authorNameTerms('Paul Erdős'), ['@paul', '@erdos']);
  assert.deepEqual(authorNameTerms('C. -P. Yuan'), ['@c', '@p', '@yuan']);
  assert.deepEqual(categoryTerms('cs.CL'), ['#cs.cl', '#cs']);
  assert.deepEqual(categoryTerms('astro-ph.GA'), ['#astro-ph.ga', '#astro-ph']);
  assert.deepEqual(categoryTerms('hep-th'), ['#hep-th']);
});

test('document terms weight the title above the abstract and count the BM25 length', () => {
  const d = documentTerms({
    title: 'Speculative Decoding',
    abstract: 'Decoding is fast.',
    authors: ['Ada Lovelace'],
    categories: ['cs.CL'],
  });
  assert.equal(d.freqs.get('specul'), TITLE_WEIGHT);
  assert.equal(d.freqs.get('decod'), TITLE_WEIGHT + 1);
  assert.equal(d.freqs.get('fast'), 1);
  assert.equal(d.freqs.get('@lovelace'), 1);
  assert.equal(d.freqs.get('#cs.cl'), 1);
  assert.equal(d.freqs.get('#cs'), 1);
  assert.equal(d.length, 2 * TITLE_WEIGHT + 2);
});
