// Text analysis shared by indexing and querying, so that a document and a query meet on the same terms:
// LaTeX markup and math delimiters removed (math keeps its words: "$\alpha$-divergence" gives alpha, divergence),
// accents folded (Schrödinger = Schrodinger), lowercased, stopwords dropped, Porter-stemmed.
// Hyphenated pairs are indexed as parts and joined ("pre-training" gives pre, train and pretrain), so
// "pretraining" finds both spellings. Author names and categories get terms of their own, with a prefix
// no word can start with, in the same dictionary.
import { foldForSearch, splitMath, texAccentsToUnicode } from './text.ts';
import { porterStem } from './porter-stemmer.ts';
import { STOPWORDS } from './stopwords.ts';

/** Bumped whenever analysis changes what terms a text gives: a persisted index of another version is rebuilt. */
export const ANALYZER_VERSION = 2;

/** Title words count this many times an abstract word (BM25F with one length normalisation). */
export const TITLE_WEIGHT = 3;
export const AUTHOR_PREFIX = '@';
export const CATEGORY_PREFIX = '#';

// Longer "words" are base64, DNA strings or URLs glued together: never what someone types.
const MAX_TERM_LENGTH = 40;

/** An indexable term and the word positions it covers (a joined compound covers its parts). */
export interface Token {
  term: string;
  pos: number;
  end: number;
}

// Math commands that name something a reader would search for; the rest (\mathcal, \frac, \left) is layout.
const MATH_WORDS = new Set([
  'alpha',
  'beta',
  'gamma',
  'delta',
  'epsilon',
  'varepsilon',
  'zeta',
  'eta',
  'theta',
  'vartheta',
  'iota',
  'kappa',
  'lambda',
  'mu',
  'nu',
  'xi',
  'pi',
  'rho',
  'sigma',
  'tau',
  'upsilon',
  'phi',
  'varphi',
  'chi',
  'psi',
  'omega',
  'Gamma',
  'Delta',
  'Theta',
  'Lambda',
  'Xi',
  'Pi',
  'Sigma',
  'Phi',
  'Psi',
  'Omega',
  'ell',
  'log',
  'exp',
  'sin',
  'cos',
  'tan',
  'max',
  'min',
  'sup',
  'inf',
  'lim',
  'det',
  'dim',
  'ker',
  'infty',
  'nabla',
  'partial',
]);

const COMMAND = /\\([A-Za-z]+)\*?/g;

function mathWords(tex: string): string {
  return tex.replace(COMMAND, (_m, name: string) => (MATH_WORDS.has(name) ? ` ${name} ` : ' ')).replace(/[{}_^]/g, ' ');
}

// Text-mode markup: commands go (their braced arguments stay), grouping braces vanish ({B}ayesian).
function textWords(text: string): string {
  return text.replace(COMMAND, ' ').replace(/[{}]/g, '').replace(/~/g, ' ');
}

/** Returns the text with LaTeX markup and math delimiters removed, folded to lowercase ASCII where it can be. */
export function plainSearchText(text: string): string {
  let s = text;
  if (s.includes('\\') || s.includes('$')) {
    if (s.includes('\\')) s = texAccentsToUnicode(s);
    const parts: string[] = [];
    for (const seg of splitMath(s)) {
      if (seg.kind === 'text') {
        parts.push(textWords(seg.text));
        continue;
      }
      // "$k$-means" must stay one hyphenated word; elsewhere math is a word of its own.
      const before = seg.start > 0 && s[seg.start - 1] === '-' ? '' : ' ';
      const after = s[seg.end] === '-' ? '' : ' ';
      parts.push(before + mathWords(seg.tex).trim() + after);
    }
    s = parts.join('');
  }
  // Only non-ASCII text needs the (slower) Unicode decomposition.
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(s) ? foldForSearch(s) : s.toLowerCase();
}

// Each distinct word is analyzed once (stopword test and stem): abstracts reuse a small vocabulary, and one
// map lookup is much cheaper than the stemmer.
const termCache = new Map<string, string | null>();
const TERM_CACHE_SIZE = 500_000;

// The indexable term of one part of a word, or null for stopwords, single characters and junk.
function termOf(part: string): string | null {
  let t = termCache.get(part);
  if (t === undefined) {
    t = part.length < 2 || part.length > MAX_TERM_LENGTH || STOPWORDS.has(part) ? null : porterStem(part);
    if (termCache.size >= TERM_CACHE_SIZE) termCache.clear();
    termCache.set(part, t);
  }
  return t;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57); // a-z 0-9
}

/**
 * Calls `emit` for every term of a title, abstract or query text, with the word positions it covers, starting
 * at `firstPos`; returns the position after the last word (stopwords take a position too). Words are runs of
 * [a-z0-9] after folding, joined by single hyphens into compounds. A hand-written scan: this is the indexing
 * hot path, and it allocates nothing but the words themselves.
 */
export function forEachTerm(text: string, firstPos: number, emit: (term: string, pos: number, end: number) => void): number {
  const s = plainSearchText(text);
  let pos = firstPos;
  let i = 0;
  const n = s.length;
  while (i < n) {
    if (!isWordChar(s.charCodeAt(i))) {
      i++;
      continue;
    }
    // One compound word: parts separated by single hyphens.
    let parts = 0;
    let first = '';
    let partStart = i;
    for (;;) {
      while (i < n && isWordChar(s.charCodeAt(i))) i++;
      const part = s.slice(partStart, i);
      const t = termOf(part);
      if (t !== null) emit(t, pos + parts, pos + parts);
      if (parts === 0) first = part;
      else if (parts === 1) first += part;
      parts++;
      if (i + 1 < n && s.charCodeAt(i) === 45 && isWordChar(s.charCodeAt(i + 1))) {
        partStart = ++i;
        continue;
      }
      break;
    }
    if (parts === 2) {
      const joined = termOf(first);
      if (joined !== null) emit(joined, pos, pos + 1);
    }
    pos += parts;
    // A possessive 's ends the word and is not a word of its own ("model's").
    const c = s.charCodeAt(i);
    if ((c === 39 || c === 0x2019) && s.charCodeAt(i + 1) === 115 && !isWordChar(s.charCodeAt(i + 2))) i += 2;
  }
  return pos;
}

/**
 * Analyzes a title, abstract or query text into terms with word positions, starting at `firstPos`.
 * Returns the tokens and the position after the last word.
 */
export function analyzeText(text: string, firstPos = 0): { tokens: Token[]; nextPos: number } {
  const tokens: Token[] = [];
  const nextPos = forEachTerm(text, firstPos, (term, pos, end) => tokens.push({ term, pos, end }));
  return { tokens, nextPos };
}

/** Returns every term one surface word gives (for highlighting: does this word match the query?). */
export function termsOfWord(word: string): string[] {
  return analyzeText(word).tokens.map((t) => t.term);
}

/** Returns the terms of an author name: folded name words, unstemmed, prefixed; initials count. */
export function authorNameTerms(name: string): string[] {
  return authorNameWords(name).map((w) => AUTHOR_PREFIX + w);
}

/** Returns the folded words of an author name ("Paul Erdős" gives paul, erdos). */
export function authorNameWords(name: string): string[] {
  return [...plainSearchText(name).matchAll(/[a-z0-9]+/g)].map((m) => m[0]);
}

/**
 * Returns the terms of each pair of neighbouring words of an author name ("Ada Lovelace" gives @ada_lovelace), so a
 * full name is one posting list: author:"Ada Lovelace" needs no check against the names themselves.
 */
export function authorPairTerms(name: string): string[] {
  const words = authorNameWords(name);
  return words.slice(1).map((w, i) => `${AUTHOR_PREFIX}${words[i]}_${w}`);
}

/** Returns the terms of an arXiv category: itself and its archive ("cs.CL" gives #cs.cl and #cs). */
export function categoryTerms(category: string): string[] {
  const c = category.replace(/\s+/g, '').toLowerCase();
  if (!c) return [];
  const dot = c.indexOf('.');
  return dot > 0 ? [CATEGORY_PREFIX + c, CATEGORY_PREFIX + c.slice(0, dot)] : [CATEGORY_PREFIX + c];
}

export interface IndexableText {
  title: string;
  abstract: string;
  authors: string[];
  categories: string[];
}

export interface DocumentTerms {
  /** Term -> weighted frequency: title occurrences count TITLE_WEIGHT each, author and category terms 1. */
  freqs: Map<string, number>;
  /** The BM25 length: abstract terms plus TITLE_WEIGHT times title terms. */
  length: number;
}

/** Returns the terms a paper is indexed under, with their weighted frequencies and the document length. */
export function documentTerms(doc: IndexableText): DocumentTerms {
  const freqs = new Map<string, number>();
  let length = 0;
  const addTitle = (term: string) => {
    freqs.set(term, (freqs.get(term) ?? 0) + TITLE_WEIGHT);
    length += TITLE_WEIGHT;
  };
  const addAbstract = (term: string) => {
    freqs.set(term, (freqs.get(term) ?? 0) + 1);
    length += 1;
  };
  forEachTerm(doc.title, 0, addTitle);
  forEachTerm(doc.abstract, 0, addAbstract);
  for (const name of doc.authors) {
    for (const t of new Set([...authorNameTerms(name), ...authorPairTerms(name)])) freqs.set(t, (freqs.get(t) ?? 0) + 1);
  }
  for (const c of doc.categories) for (const t of categoryTerms(c)) freqs.set(t, 1);
  return { freqs, length };
}
