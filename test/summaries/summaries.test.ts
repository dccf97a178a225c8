// Keywords, sentence splitting and the extractive summary, pure, on abstracts written in arXiv's style
// (test/summaries/papers.ts): what a reader of a paper card would notice.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DocFreqSketch } from '../../src/summaries/doc-freq.ts';
import { centralSentence } from '../../src/summaries/extractive.ts';
import { extractKeywords } from '../../src/summaries/keywords.ts';
import { candidatePhrases, phraseKeys } from '../../src/summaries/phrases.ts';
import { splitSentences } from '../../src/summaries/sentences.ts';
import { AGENTS, backgroundCorpus, corpusOf, DIFFUSION, GRAPHS, PAPERS, SPECULATIVE } from './papers.ts';

const corpus = corpusOf([...backgroundCorpus(200), ...PAPERS]);

test('sentences: split at stops, not after abbreviations, initials, decimals or inside math', () => {
  const cases: [string, string[]][] = [
    ['One. Two! Three? Four', ['One.', 'Two!', 'Three?', 'Four']],
    ['Methods, e.g. beam search, fail. We fix them.', ['Methods, e.g. beam search, fail.', 'We fix them.']],
    ['As Leviathan et al. (2023) show, it works. Then more.', ['As Leviathan et al. (2023) show, it works.', 'Then more.']],
    ['Accuracy rises from 41.2% to 57.9%. Good.', ['Accuracy rises from 41.2% to 57.9%.', 'Good.']],
    ['We bound $f(x) < 1. X$ by a constant. Next.', ['We bound $f(x) < 1. X$ by a constant.', 'Next.']],
    ['Following J. Smith and the U.S. census, we model it. Done.', ['Following J. Smith and the U.S. census, we model it.', 'Done.']],
    ['It uses LLMs. They help.', ['It uses LLMs.', 'They help.']],
    ['See Fig. 2 and Eq. 3 for details. Next, we ask why.', ['See Fig. 2 and Eq. 3 for details.', 'Next, we ask why.']],
    ['First paragraph without a stop\n\nSecond one.', ['First paragraph without a stop', 'Second one.']],
    ['Lowercase after a stop. continues the sentence.', ['Lowercase after a stop. continues the sentence.']],
  ];
  for (const [text, expected] of cases) assert.deepEqual(splitSentences(text), expected, text);
});

test('phrases: split at stopwords, punctuation and math; LaTeX markup gone; surface forms kept', () => {
  const phrases = candidatePhrases('', 'We apply \\textit{speculative decoding} to the $k$-means of large language models, quickly.');
  const surfaces = new Set(phrases.flatMap((p) => p.occurrences.map((o) => o.surface)));
  assert.ok(surfaces.has('speculative decoding'));
  assert.ok(surfaces.has('large language models'));
  assert.ok(![...surfaces].some((s) => /textit|\$|\\|apply speculative|the|,/.test(s)), [...surfaces].join(' | '));
  // Stemmed, folded keys: a plural and a singular are one phrase; a possessive is the word.
  assert.deepEqual([...phraseKeys('LLM Agents', '')].sort(), [...phraseKeys('', "an LLM agent's")].sort());
});

test('keywords of each paper: 5 to 10, the paper’s own terms as written, none inside another', () => {
  const expected: [typeof SPECULATIVE, string[]][] = [
    [SPECULATIVE, ['speculative decoding', 'tree drafts']],
    [AGENTS, ['LLM agents', 'memory graphs', 'tool calls']],
    [DIFFUSION, ['consistency distillation', 'video diffusion']],
    [GRAPHS, ['spectral sparsifier', 'nearly linear time']],
  ];
  for (const [paper, musts] of expected) {
    const keywords = extractKeywords(paper.title, paper.abstract, corpus);
    for (const must of musts) assert.ok(keywords.includes(must), `${paper.title}: ${must} not in ${keywords.join(' | ')}`);
    assert.ok(keywords.length >= 5 && keywords.length <= 10, `${keywords.length}: ${keywords.join(' | ')}`);
    const lower = keywords.map((k) => k.toLowerCase());
    for (const a of lower) for (const b of lower) if (a !== b) assert.ok(!` ${a} `.includes(` ${b} `), `${b} inside ${a}`);
    // Title Case is the title's, not the term's; acronyms keep their capitals.
    assert.ok(!keywords.some((k) => /^(Tree Drafts|Speculative Decoding|Memory Graphs)$/.test(k)), keywords.join(' | '));
  }
  // The phrases every paper of the corpus says are not keywords of one.
  assert.ok(!extractKeywords(SPECULATIVE.title, SPECULATIVE.abstract, corpus).includes('benchmarks'));
});

test('keywords are deterministic and need no corpus to exist', () => {
  const a = extractKeywords(AGENTS.title, AGENTS.abstract, corpus);
  assert.deepEqual(extractKeywords(AGENTS.title, AGENTS.abstract, corpusOf([...backgroundCorpus(200), ...PAPERS])), a);
  const alone = extractKeywords(AGENTS.title, AGENTS.abstract, new DocFreqSketch(1 << 16));
  assert.ok(alone.includes('LLM agents'), alone.join(' | '));
  assert.deepEqual(extractKeywords('', '', corpus), []);
});

test('the extractive summary is the abstract’s central sentence, never the code pointer', () => {
  assert.match(
    centralSentence(SPECULATIVE.title, SPECULATIVE.abstract, corpus)!,
    /^We introduce tree drafts, a speculative decoding scheme/,
  );
  assert.match(centralSentence(AGENTS.title, AGENTS.abstract, corpus)!, /^We propose memory graphs/);
  assert.match(
    centralSentence(DIFFUSION.title, DIFFUSION.abstract, corpus)!,
    /^We study consistency distillation for video diffusion, .* \$x_0\$ in one step\.$/,
  );
  assert.match(centralSentence(GRAPHS.title, GRAPHS.abstract, corpus)!, /^We give an algorithm that computes a spectral sparsifier/);
  const pointer = `${SPECULATIVE.abstract.split('. Code')[0]}. Code is available at https://github.com/example/tree-drafts.`;
  assert.doesNotMatch(centralSentence(SPECULATIVE.title, pointer, corpus)!, /github/);
  assert.equal(centralSentence('A title', 'Only one sentence here.', corpus), 'Only one sentence here.');
  assert.equal(centralSentence('A title', '', corpus), null);
});

test('the document-frequency table never counts under the truth, is deterministic and survives a save', () => {
  const papers = [...backgroundCorpus(300), ...PAPERS];
  const exact = new Map<string, number>();
  const small = new DocFreqSketch(1 << 10, 4); // crowded on purpose: collisions must only ever add
  for (const p of papers) {
    const keys = phraseKeys(p.title, p.abstract);
    small.addDocument(keys);
    for (const k of keys) exact.set(k, (exact.get(k) ?? 0) + 1);
  }
  for (const [k, n] of exact) assert.ok(small.df(k) >= n, `${k}: ${small.df(k)} < ${n}`);
  assert.equal(small.docs, papers.length);
  const copy = DocFreqSketch.deserialize(small.serialize())!;
  assert.equal(copy.docs, small.docs);
  assert.deepEqual(copy.counts, small.counts);
  assert.deepEqual(corpusOf(papers).counts, corpusOf(papers).counts);
  assert.equal(DocFreqSketch.deserialize(new Uint8Array(10)), null, 'a broken file is counted again, not read');
});
