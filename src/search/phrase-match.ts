// Exact checks the posting lists cannot make (they hold no word positions, which would triple their size):
// quoted phrases and full author names. The index finds papers having all the words; these checks run on the
// few candidates a page needs, re-analyzing their text exactly as the index did.
import { analyzeText, plainSearchText, type IndexableText } from '../core/analyze.ts';

/** A quoted phrase: its terms and their offsets from the first, as analysis places them (stopwords leave gaps). */
export interface PhraseCheck {
  text: string;
  terms: { term: string; offset: number }[];
}

/** A multi-word author name: every word must occur in one author's name; a single letter matches an initial. */
export interface AuthorCheck {
  text: string;
  words: string[];
}

export interface Verification {
  phrases: PhraseCheck[];
  excludedPhrases: PhraseCheck[];
  authors: AuthorCheck[];
  excludedAuthors: AuthorCheck[];
}

/** Returns the check for a quoted phrase, or null when it has fewer than two terms (a plain word does). */
export function phraseCheck(text: string): PhraseCheck | null {
  // The parts of a hyphenated compound are matched, not its joined form: "pre-training" is pre, train.
  const tokens = analyzeText(text).tokens.filter((t) => t.pos === t.end);
  if (tokens.length < 2) return null;
  const first = tokens[0]!.pos;
  return { text, terms: tokens.map((t) => ({ term: t.term, offset: t.pos - first })) };
}

/** Returns the words of an author name as a check, or null for a single word (the index alone decides it). */
export function authorCheck(text: string): AuthorCheck | null {
  const words = [...plainSearchText(text).matchAll(/[a-z0-9]+/g)].map((m) => m[0]);
  return words.length < 2 ? null : { text, words };
}

// Positions of each term in one field. A joined compound ("pre-training" as pretrain) is placed at both ends,
// so "pretraining objective" and "large pretraining" both match "large pre-training objective".
function positionsOf(text: string): Map<string, Set<number>> {
  const map = new Map<string, Set<number>>();
  const put = (term: string, pos: number) => {
    let set = map.get(term);
    if (!set) map.set(term, (set = new Set()));
    set.add(pos);
  };
  for (const t of analyzeText(text).tokens) {
    put(t.term, t.pos);
    if (t.end !== t.pos) put(t.term, t.end);
  }
  return map;
}

function fieldHasPhrase(positions: Map<string, Set<number>>, phrase: PhraseCheck): boolean {
  const [first, ...rest] = phrase.terms;
  const starts = positions.get(first!.term);
  if (!starts) return false;
  for (const p of starts) {
    if (rest.every((t) => positions.get(t.term)?.has(p + t.offset))) return true;
  }
  return false;
}

function nameMatches(name: string, words: string[]): boolean {
  const parts = [...plainSearchText(name).matchAll(/[a-z0-9]+/g)].map((m) => m[0]);
  return words.every((w) => (w.length === 1 ? parts.some((p) => p.startsWith(w)) : parts.includes(w)));
}

/** Whether a paper passes every phrase and author check of a query. */
export function verifyPaper(paper: IndexableText, v: Verification): boolean {
  if (v.phrases.length > 0 || v.excludedPhrases.length > 0) {
    const title = positionsOf(paper.title);
    const abstract = positionsOf(paper.abstract);
    const has = (p: PhraseCheck) => fieldHasPhrase(title, p) || fieldHasPhrase(abstract, p);
    if (!v.phrases.every(has) || v.excludedPhrases.some(has)) return false;
  }
  const byAuthor = (a: AuthorCheck) => paper.authors.some((name) => nameMatches(name, a.words));
  return v.authors.every(byAuthor) && !v.excludedAuthors.some(byAuthor);
}

/** Whether a verification has anything to check. */
export function needsVerification(v: Verification): boolean {
  return v.phrases.length + v.excludedPhrases.length + v.authors.length + v.excludedAuthors.length > 0;
}
