// Compiles a parsed query and the search form's filters into an index query (term ids, groups, filters), the
// exact checks left for the candidates (phrases, full author names), the terms to highlight, and the words
// that were widened to their likely spelling.
import { analyzeText, authorNameTerms, authorNameWords, authorPairTerms, categoryTerms, plainSearchText } from '../core/analyze.ts';
import type { DocFilter, IndexQuery, IndexSort, KeywordIndex, ScoredTerm } from './keyword-index.ts';
import { authorCheck, phraseCheck, type Verification } from './phrase-match.ts';
import type { ParsedQuery } from './query-parser.ts';
import { allowedEdits } from './typo.ts';

export type SearchSort = IndexSort;

/** The search form's filters, already validated (dates as YYYY-MM-DD). */
export interface SearchFilters {
  from?: string | undefined;
  to?: string | undefined;
  category?: string | undefined;
  hasCode?: boolean | undefined;
  featured?: boolean | undefined;
}

export interface CompiledQuery {
  query: Omit<IndexQuery, 'k'>;
  verification: Verification;
  /** Terms whose words are highlighted in results. */
  highlight: string[];
  /** Words no (or almost no) paper uses, searched together with nearby spellings. */
  widened: string[];
}

// A word used by at most this many papers may be a typo: its near spellings are searched too, if no paper uses it
// or if a near spelling is used TYPO_DOMINANCE times as often (a rare real word rarely has such a neighbour).
const TYPO_MAX_DF = 2;
const TYPO_DOMINANCE = 20;
// Near spellings found for a word, at most, nearest and most used first.
const TYPO_SUGGESTIONS = 3;
// What a near spelling counts for against the word as typed (one edit, two edits).
const TYPO_WEIGHTS = [1, 0.8, 0.6];
// Author names count for this much of a word's weight when a plain word matches an author ("hinton").
const AUTHOR_WORD_WEIGHT = 0.5;
// The parts of a hyphenated word, besides its joined form ("fine-tuning": finetun, and fine and tune a little).
const PART_WEIGHT = 0.3;

const DAY_MS = 86_400_000;

function dayMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** Returns the index filter of the form's filters. */
export function docFilter(f: SearchFilters): DocFilter {
  return {
    publishedFromMs: f.from ? dayMs(f.from) : undefined,
    publishedToMs: f.to ? dayMs(f.to) + DAY_MS : undefined,
    hasCode: f.hasCode || undefined,
    featured: f.featured || undefined,
  };
}

class Builder {
  readonly scored = new Map<number, number>();
  readonly required: number[][] = [];
  readonly excluded = new Set<number>();
  readonly highlight = new Set<string>();
  readonly widened: string[] = [];
  constructor(readonly index: KeywordIndex) {}

  id(term: string): number | undefined {
    return this.index.termId(term);
  }

  score(termId: number, weight: number): void {
    this.scored.set(termId, Math.max(this.scored.get(termId) ?? 0, weight));
  }

  /** Near spellings of `term` when the index barely knows it. */
  typoAlternatives(term: string, typed: string): number[] {
    if (!/^[a-z]+$/.test(term)) return [];
    const id = this.id(term);
    const df = id === undefined ? 0 : this.index.liveDf(id);
    if (df > TYPO_MAX_DF) return [];
    const found = this.index
      .typoCandidates(term, allowedEdits(typed.length))
      .map((c) => ({ ...c, df: this.index.liveDf(c.termId) }))
      .filter((c) => (df === 0 ? c.df > 0 : c.df >= TYPO_DOMINANCE * df))
      .sort((a, b) => a.distance - b.distance || b.df - a.df || (this.index.termText(a.termId) < this.index.termText(b.termId) ? -1 : 1))
      .slice(0, TYPO_SUGGESTIONS);
    for (const c of found) {
      this.score(c.termId, TYPO_WEIGHTS[c.distance] ?? 0.5);
      this.highlight.add(this.index.termText(c.termId));
    }
    if (found.length > 0) this.widened.push(typed);
    return found.map((c) => c.termId);
  }
}

// Adds a plain word: its term ranks; with `required`, a paper must have it (or a near spelling, or the author name).
function addWord(b: Builder, word: string, required: boolean): string | null {
  const tokens = analyzeText(word).tokens;
  if (tokens.length === 0) return null;
  const joined = tokens.find((t) => t.end > t.pos);
  const parts = tokens.filter((t) => t.end === t.pos);
  if (!joined && parts.length > 1) return word; // three or more hyphenated parts: a phrase ("state-of-the-art")
  const main = joined ?? parts[0]!;
  const group: number[] = [];
  const mainId = b.id(main.term);
  if (mainId !== undefined) {
    b.score(mainId, 1);
    group.push(mainId);
  }
  b.highlight.add(main.term);
  if (joined) {
    for (const p of parts) {
      const id = b.id(p.term);
      if (id !== undefined) b.score(id, PART_WEIGHT);
      b.highlight.add(p.term);
    }
  }
  group.push(...b.typoAlternatives(main.term, plainSearchText(word)));
  const names = authorNameTerms(word);
  if (names.length === 1) {
    const id = b.id(names[0]!);
    if (id !== undefined) {
      b.score(id, AUTHOR_WORD_WEIGHT);
      group.push(id);
    }
  }
  if (required) b.required.push(group);
  return null;
}

/** Compiles `q` with the form's filters and sort against the index's dictionary. */
export function compileQuery(q: ParsedQuery, filters: SearchFilters, sort: SearchSort, index: KeywordIndex): CompiledQuery {
  const b = new Builder(index);
  const verification: Verification = { phrases: [], excludedPhrases: [], authors: [], excludedAuthors: [] };
  // Ranked by relevance, any word may match (more matches rank higher); sorted by date or votes, all must.
  const wordsRequired = sort !== 'relevance';
  const phrases = [...q.phrases];
  const scoredBefore = b.scored.size;
  let rankedWords = 0;
  for (const w of q.words) {
    const asPhrase = addWord(b, w, wordsRequired);
    if (asPhrase) phrases.push(asPhrase);
    else if (analyzeText(w).tokens.length > 0) rankedWords++;
  }
  // Ranked by relevance any word may match, but one must: words that no paper uses match nothing
  // (not "everything in the category").
  if (!wordsRequired && rankedWords > 0 && b.scored.size === scoredBefore) b.required.push([]);
  for (const text of phrases) {
    const check = phraseCheck(text);
    const terms = analyzeText(text).tokens.filter((t) => t.pos === t.end || !check);
    if (terms.length === 0) continue;
    for (const t of terms) {
      const id = b.id(t.term);
      b.required.push(id === undefined ? [] : [id]);
      if (id !== undefined) b.score(id, 1);
      b.highlight.add(t.term);
    }
    if (check) verification.phrases.push(check);
  }
  for (const name of q.authors) {
    const words = authorNameWords(name);
    const pairs = authorPairTerms(name).map((t) => b.id(t));
    if (words.length > 1 && words.every((w) => w.length > 1) && pairs.every((id) => id !== undefined)) {
      // The full name as written is indexed as word pairs: no check needed.
      for (const id of pairs) b.required.push([id!]);
      continue;
    }
    // Initials ("A.") are too common to look up, and names may be written in another order: the words narrow the
    // candidates, the check below matches initials and any order within one author's name.
    for (const t of authorNameTerms(name).filter((t) => t.length > 2)) b.required.push(b.id(t) === undefined ? [] : [b.id(t)!]);
    const check = authorCheck(name);
    if (check) verification.authors.push(check);
  }
  for (const c of [...q.categories, ...(filters.category ? [filters.category] : [])]) {
    const t = categoryTerms(c)[0];
    if (t) b.required.push(b.id(t) === undefined ? [] : [b.id(t)!]);
  }
  for (const w of q.excludedWords) {
    const tokens = analyzeText(w).tokens;
    const main = tokens.find((t) => t.end > t.pos) ?? (tokens.length === 1 ? tokens[0] : undefined);
    const id = main ? b.id(main.term) : undefined;
    if (id !== undefined) b.excluded.add(id);
  }
  for (const text of q.excludedPhrases) {
    const check = phraseCheck(text);
    if (check) verification.excludedPhrases.push(check);
    else {
      const t = analyzeText(text).tokens[0];
      const id = t ? b.id(t.term) : undefined;
      if (id !== undefined) b.excluded.add(id);
    }
  }
  for (const name of q.excludedAuthors) {
    const pairs = authorPairTerms(name);
    const pairId = pairs.length === 1 ? b.id(pairs[0]!) : undefined;
    if (pairId !== undefined && authorNameWords(name).every((w) => w.length > 1)) {
      b.excluded.add(pairId);
      continue;
    }
    const check = authorCheck(name);
    if (check) verification.excludedAuthors.push(check);
    else {
      const t = authorNameTerms(name)[0];
      const id = t ? b.id(t) : undefined;
      if (id !== undefined) b.excluded.add(id);
    }
  }
  for (const c of q.excludedCategories) {
    const t = categoryTerms(c)[0];
    const id = t ? b.id(t) : undefined;
    if (id !== undefined) b.excluded.add(id);
  }
  const scored: ScoredTerm[] = [...b.scored].map(([termId, weight]) => ({ termId, weight }));
  return {
    query: { scored, required: b.required, excluded: [...b.excluded], filter: docFilter(filters), sort },
    verification,
    highlight: [...b.highlight],
    widened: b.widened,
  };
}
