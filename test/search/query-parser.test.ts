import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isEmptyQuery, parseQuery, type ParsedQuery } from '../../src/search/query-parser.ts';

const none: ParsedQuery = {
  words: [],
  phrases: [],
  excludedWords: [],
  excludedPhrases: [],
  authors: [],
  excludedAuthors: [],
  categories: [],
  excludedCategories: [],
};

test('query syntax', () => {
  const cases: [string, Partial<ParsedQuery>][] = [
    ['speculative decoding', { words: ['speculative', 'decoding'] }],
    ['  spaced   out  ', { words: ['spaced', 'out'] }],
    ['"mixture of experts" routing', { words: ['routing'], phrases: ['mixture of experts'] }],
    ['“curly quotes”', { phrases: ['curly quotes'] }],
    ['"unclosed phrase', { phrases: ['unclosed phrase'] }],
    ['diffusion -video -"text to image"', { words: ['diffusion'], excludedWords: ['video'], excludedPhrases: ['text to image'] }],
    ['author:lovelace engines', { words: ['engines'], authors: ['lovelace'] }],
    ['author:"Ada Lovelace" au:Babbage', { authors: ['Ada Lovelace', 'Babbage'] }],
    ['AUTHOR:Hinton -author:LeCun', { authors: ['Hinton'], excludedAuthors: ['LeCun'] }],
    ['cat:cs.CL category:stat.ML -cat:cs.CV', { categories: ['cs.CL', 'stat.ML'], excludedCategories: ['cs.CV'] }],
    ['foo:bar state-of-the-art', { words: ['foo:bar', 'state-of-the-art'] }],
    ['- lonely dash', { words: ['-', 'lonely', 'dash'] }],
    ['""', {}],
    ['', {}],
  ];
  for (const [input, expected] of cases) assert.deepEqual(parseQuery(input), { ...none, ...expected }, input);
});

test('a query with only exclusions or nothing asks for nothing', () => {
  assert.equal(isEmptyQuery(parseQuery('')), true);
  assert.equal(isEmptyQuery(parseQuery('-video')), true);
  assert.equal(isEmptyQuery(parseQuery('cat:cs.CL')), false);
  assert.equal(isEmptyQuery(parseQuery('author:x')), false);
});
