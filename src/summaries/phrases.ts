// Candidate key phrases of a paper, as written: runs of content words between stopwords, punctuation and math, cut
// into phrases of one to four words. Each phrase has a key (its words folded and stemmed, so "LLM agents" and "LLM
// agent" meet) for the corpus statistics, and keeps every surface form it was written in, so a keyword is shown as
// the authors spelled it. Pure: the corpus counts (doc-freq.ts) and the scoring (keywords.ts) build on it.
import { porterStem } from '../core/porter-stemmer.ts';
import { FILLER } from './filler-words.ts';
import { STOPWORDS } from '../core/stopwords.ts';
import { foldForSearch, splitMath } from '../core/text.ts';

/** Longest phrase considered: longer runs are cut into four-word phrases. */
export const MAX_PHRASE_WORDS = 4;

export interface PhraseOccurrence {
  /** The words as written, joined by single spaces. */
  surface: string;
  /** Whether it is in the title (else the abstract). */
  inTitle: boolean;
  /** Whether its first word starts a sentence (or the title): a capital there says nothing about the word. */
  atStart: boolean;
}

/** A candidate phrase: its key, its number of words and where it was written. */
export interface Phrase {
  key: string;
  words: number;
  occurrences: PhraseOccurrence[];
}

interface Word {
  surface: string;
  key: string;
  /** The previous word is in the same run (no stopword, punctuation or math between). */
  joined: boolean;
  atStart: boolean;
}

// A word: letters and digits, with inner hyphens, apostrophes or dots ("pre-training", "GPT-3.5", "e.g").
const WORD = /[\p{L}\p{N}]+(?:[-'’.][\p{L}\p{N}]+)*/gu;
const ONLY_DIGITS = /^[\p{N}.,]+$/u;
const SENTENCE_END = /[.!?:;]\s*$/;
const MAX_WORD_LENGTH = 40;

// Each distinct word is looked at once (stopword, folding, stemming): abstracts reuse a small vocabulary, and one map
// lookup is much cheaper than the stemmer. '' marks a word that ends a phrase.
const keyCache = new Map<string, string>();
const KEY_CACHE_SIZE = 200_000;

/** The key of one word: folded to lowercase ASCII, a possessive dropped, plain words Porter-stemmed; '' for a word
 * that ends a phrase instead of being part of one (stopwords, academic filler, numbers, single letters). */
export function wordKey(surface: string): string {
  let key = keyCache.get(surface);
  if (key === undefined) {
    key = computeKey(surface);
    if (keyCache.size >= KEY_CACHE_SIZE) keyCache.clear();
    keyCache.set(surface, key);
  }
  return key;
}

function computeKey(surface: string): string {
  const lower = surface.toLowerCase().replace(/['’]s$/, '');
  if (
    STOPWORDS.has(lower) ||
    FILLER.has(lower) ||
    ONLY_DIGITS.test(lower) ||
    lower.length > MAX_WORD_LENGTH ||
    (lower.length === 1 && !/\p{N}/u.test(lower))
  )
    return '';
  const folded = /^[\x20-\x7e]*$/.test(lower) ? lower : foldForSearch(lower);
  return /^[a-z]+$/.test(folded) ? porterStem(folded) : folded;
}

// Text-mode LaTeX: commands go, their braced arguments stay ("\textit{speculative} decoding").
function plainText(text: string): string {
  return text.includes('\\') || text.includes('{') || text.includes('~')
    ? text
        .replace(/\\[A-Za-z]+\*?/g, ' ')
        .replace(/[{}]/g, '')
        .replace(/~/g, ' ')
    : text;
}

/** The words of `text` with their run boundaries; math, punctuation and stopwords end a run. */
function wordsOf(text: string, out: Word[]): void {
  let sentenceStart = true;
  for (const seg of text.includes('$') || text.includes('\\') ? splitMath(text) : [{ kind: 'text' as const, text }]) {
    if (seg.kind === 'math') continue; // the next text segment starts a new run
    const s = plainText(seg.text);
    let last = 0;
    let joinNext = false;
    for (const m of s.matchAll(WORD)) {
      // Only blanks between two words keep them in one run; a comma, a bracket or a quote ends it.
      const between = last === m.index ? '' : s.slice(last, m.index);
      const blank = between === ' ' || /^\s+$/.test(between);
      if (!blank && between !== '' && SENTENCE_END.test(between)) sentenceStart = true;
      last = m.index + m[0].length;
      const key = wordKey(m[0]);
      if (key === '') {
        joinNext = false;
        sentenceStart = false;
        continue;
      }
      const surface = m[0].endsWith('s') && /['’]s$/.test(m[0]) ? m[0].slice(0, -2) : m[0];
      out.push({ surface, key, joined: joinNext && blank, atStart: sentenceStart });
      sentenceStart = false;
      joinNext = true;
    }
    if (SENTENCE_END.test(s.slice(last))) sentenceStart = true;
  }
}

/** Calls `visit(first, last)` for every phrase of `words`: each run of joined words cut into 1 to 4 words. */
function forEachSpan(words: Word[], visit: (first: number, last: number) => void): void {
  let runStart = 0;
  for (let i = 0; i < words.length; i++) {
    if (!words[i]!.joined) runStart = i;
    for (let first = i; first >= runStart && i - first < MAX_PHRASE_WORDS; first--) visit(first, i);
  }
}

function spanKey(words: Word[], first: number, last: number): string {
  let key = words[first]!.key;
  for (let j = first + 1; j <= last; j++) key += ` ${words[j]!.key}`;
  return key;
}

/** Returns the candidate phrases of a paper's title and abstract (1 to MAX_PHRASE_WORDS words), each once. */
export function candidatePhrases(title: string, abstract: string): Phrase[] {
  const phrases = new Map<string, Phrase>();
  const add = (text: string, inTitle: boolean) => {
    const words: Word[] = [];
    wordsOf(text, words);
    forEachSpan(words, (first, last) => {
      const key = spanKey(words, first, last);
      let p = phrases.get(key);
      if (!p) {
        p = { key, words: last - first + 1, occurrences: [] };
        phrases.set(key, p);
      }
      let surface = words[first]!.surface;
      for (let j = first + 1; j <= last; j++) surface += ` ${words[j]!.surface}`;
      p.occurrences.push({ surface, inTitle, atStart: words[first]!.atStart || inTitle });
    });
  };
  add(title, true);
  add(abstract, false);
  return [...phrases.values()];
}

/** Returns the distinct keys of a paper's candidate phrases: what the corpus counts count, without the surfaces. */
export function phraseKeys(title: string, abstract: string): Set<string> {
  const keys = new Set<string>();
  for (const text of [title, abstract]) {
    const words: Word[] = [];
    wordsOf(text, words);
    forEachSpan(words, (first, last) => keys.add(spanKey(words, first, last)));
  }
  return keys;
}

/** Returns the keys of the content words of `text`, in order, repeats included (a sentence's term vector). */
export function contentWordKeys(text: string): string[] {
  const words: Word[] = [];
  wordsOf(text, words);
  return words.map((w) => w.key);
}
