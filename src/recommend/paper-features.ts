// What For you's model (user-model.ts) reads of a paper: its words as TF-IDF under the keyword index's document
// frequencies, its title's word pairs, its arXiv categories and its authors, in one sparse row. The same for every
// embedding provider: the row comes from the text and the keyword index, not from the vectors, so a site that moves
// from the corpus model to a downloaded one keeps the same recommendations.
//
// Measured by bench/for-you.ts (real arXiv papers, 30 simulated users each of one category, two categories, a
// title phrase; precision@10): words alone rank about as arxiv-sanity-lite's TF-IDF + SVM (0.717 against 0.738);
// title pairs lift phrase users (0.757 -> 0.920), categories lift category users (0.627 -> 1.000, by construction:
// those users are defined by a primary category), together 0.980 / 0.963 / 0.910 against arxiv-sanity's
// 0.663 / 0.780 / 0.770. Pure: the caller passes the vocabulary.
import { authorPairTerms, categoryTerms, documentTerms, forEachTerm, type IndexableText } from '../core/analyze.ts';
import type { FeatureRow } from './user-model.ts';

/** Where terms get their columns and document frequencies: the keyword index. */
export interface FeatureVocabulary {
  termId(term: string): number | undefined;
  termText(id: number): string;
  /** Live papers with the term. */
  liveDf(id: number): number;
  /** Live papers in all. */
  readonly size: number;
}

/** Each kind of feature's weight relative to the words' part of the row (which has length 1 before they are added). */
export interface FeatureWeights {
  titlePair: number;
  primaryCategory: number;
  crossList: number;
  author: number;
}

// Title pairs at 0.6 crowded out the words (category users 0.69 -> 0.57); categories at 1 did the same to phrase
// users (0.94 -> 0.70). arXiv lists a paper under its primary category first; cross-lists say less about what it
// is. A reader follows people as well as topics: authors cost the bench 0.008 of precision (its tastes are topics,
// not people) and are kept for real readers. Every category alike, as cross-lists: category users 0.767, not 0.98.
export const FEATURE_WEIGHTS: FeatureWeights = { titlePair: 0.3, primaryCategory: 0.3, crossList: 0.1, author: 0.2 };
// A word in fewer papers links no liked paper to a new one; leaving it out makes rows shorter (measured: equal
// precision at 1, 3 and 10).
const MIN_DF = 3;
// Title pairs are not index terms: they are hashed into columns of their own, above every term id.
const PAIR_COLUMNS_FROM = 2 ** 31;
const PAIR_BUCKETS = 2 ** 20;

/** Whether column `c` of a row is a word (an index term that is not an author or a category). */
export function isWordColumn(c: number, vocabulary: FeatureVocabulary): boolean {
  if (c >= PAIR_COLUMNS_FROM) return false;
  const t = vocabulary.termText(c);
  return !t.startsWith('@') && !t.startsWith('#');
}

/** A paper's row. */
export function paperFeatureRow(paper: IndexableText, vocabulary: FeatureVocabulary, weights = FEATURE_WEIGHTS): FeatureRow {
  const row = wordWeights(documentTerms(paper).freqs, vocabulary);
  addTitlePairs(row, paper.title, weights.titlePair);
  paper.categories.forEach((category, i) => {
    const t = vocabulary.termId(categoryTerms(category)[0] ?? '');
    if (t !== undefined) add(row, t, i === 0 ? weights.primaryCategory : weights.crossList);
  });
  for (const name of paper.authors)
    for (const term of authorPairTerms(name)) {
      const t = vocabulary.termId(term);
      if (t !== undefined) add(row, t, weights.author);
    }
  return toUnitRow(row);
}

/** A typed topic's row: its words and word pairs, as a title's. */
export function topicFeatureRow(topic: string, vocabulary: FeatureVocabulary, weights = FEATURE_WEIGHTS): FeatureRow {
  const counts = new Map<string, number>();
  forEachTerm(topic, 0, (t) => counts.set(t, (counts.get(t) ?? 0) + 1));
  const row = wordWeights(counts, vocabulary);
  addTitlePairs(row, topic, weights.titlePair);
  return toUnitRow(row);
}

/** TF-IDF of the words (not authors or categories: they get their own weights), scaled to length 1. */
function wordWeights(freqs: Map<string, number>, vocabulary: FeatureVocabulary): Map<number, number> {
  const row = new Map<number, number>();
  const papers = Math.max(vocabulary.size, 1);
  let sum = 0;
  for (const [term, n] of freqs) {
    if (term.startsWith('@') || term.startsWith('#')) continue;
    const t = vocabulary.termId(term);
    if (t === undefined) continue;
    const df = vocabulary.liveDf(t);
    if (df < MIN_DF) continue;
    const w = (1 + Math.log(n)) * (Math.log((papers + 1) / (df + 1)) + 1);
    row.set(t, w);
    sum += w * w;
  }
  const inv = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  for (const [t, w] of row) row.set(t, w * inv);
  return row;
}

/** Neighbouring words of a title ("speculative decoding"); the parts of a hyphenated word are neighbours too. */
function addTitlePairs(row: Map<number, number>, title: string, weight: number): void {
  if (weight === 0) return;
  let previous: string | null = null;
  forEachTerm(title, 0, (term, pos, end) => {
    if (pos !== end) return; // the joined form of a compound, beside its parts
    if (previous !== null) add(row, PAIR_COLUMNS_FROM + (fnv1a(`${previous} ${term}`) % PAIR_BUCKETS), weight);
    previous = term;
  });
}

function add(row: Map<number, number>, c: number, w: number): void {
  if (w !== 0) row.set(c, (row.get(c) ?? 0) + w);
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function toUnitRow(row: Map<number, number>): FeatureRow {
  let sum = 0;
  for (const w of row.values()) sum += w * w;
  const inv = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  const cols = new Uint32Array(row.size);
  const vals = new Float32Array(row.size);
  let k = 0;
  for (const [c, w] of row) {
    cols[k] = c;
    vals[k++] = w * inv;
  }
  return { cols, vals };
}
