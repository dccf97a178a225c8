// Why two papers are alike, in words a reader recognises: the terms both use that weigh most in them (rare
// across the corpus, frequent in both), shown as the first paper's own surface words ("draft", not "draft"'s
// stem). Pure: the caller passes document frequencies from the keyword index.
import { forEachTerm, plainSearchText, termsOfWord, type IndexableText } from '../core/analyze.ts';

function termCounts(p: IndexableText): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (t: string) => counts.set(t, (counts.get(t) ?? 0) + 1);
  forEachTerm(p.title, 0, (t) => {
    // A title word says more about a paper than an abstract word.
    add(t);
    add(t);
  });
  forEachTerm(p.abstract, 0, add);
  return counts;
}

/** Maps each term of `p` to the first word of its title or abstract that gives it. */
function surfaceWords(p: IndexableText, wanted: Set<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const text of [p.title, p.abstract]) {
    for (const m of plainSearchText(text).matchAll(/[a-z0-9]+(?:-[a-z0-9]+)*/g)) {
      for (const t of termsOfWord(m[0])) if (wanted.has(t) && !out.has(t)) out.set(t, m[0]);
      if (out.size === wanted.size) return out;
    }
  }
  return out;
}

/**
 * The up to `max` words that best explain why `a` and `b` are alike, most telling first. `df` gives how many papers
 * use a term and `papers` how many there are; terms used by more than a quarter of them explain nothing.
 */
export function sharedKeyTerms(a: IndexableText, b: IndexableText, df: (term: string) => number, papers: number, max = 3): string[] {
  const ca = termCounts(a);
  const cb = termCounts(b);
  const scored: [string, number][] = [];
  for (const [t, na] of ca) {
    const nb = cb.get(t);
    if (nb === undefined || /^\d+$/.test(t)) continue;
    const d = df(t);
    if (d === 0 || d > papers / 4) continue;
    scored.push([t, Math.min(na, nb) * Math.log(papers / d)]);
  }
  scored.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  return asWrittenIn(
    a,
    scored.slice(0, max).map(([t]) => t),
  );
}

/** `terms` (index terms of `p`) as the words `p` writes them, without repeats. */
export function asWrittenIn(p: IndexableText, terms: string[]): string[] {
  const words = surfaceWords(p, new Set(terms));
  return [...new Set(terms.map((t) => words.get(t) ?? t))];
}

/** The one-line reason shown under a search result that only meaning found. */
export function meaningReason(words: string[]): string {
  return words.length > 0 ? `Related: ${words.join(', ')}` : 'Related in meaning; none of your words appear';
}

/** The one-line reason shown under a similar paper. */
export function similarityReason(words: string[]): string {
  return words.length > 0 ? `Shared key terms: ${words.join(', ')}` : 'Close in topic, though they share no rare words';
}
