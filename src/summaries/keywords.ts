// A paper's keywords from the site's own corpus, offline: its candidate phrases (phrases.ts) scored by how often the
// paper uses them against how many papers do (tf-idf, title uses counting extra), overlapping phrases reduced to
// one, shown as the authors wrote them ("speculative decoding", "LLM agents").
import { candidatePhrases, type Phrase, type PhraseOccurrence } from './phrases.ts';
import { type DocFreqs, inverseDocFreq } from './doc-freq.ts';

export const MIN_KEYWORDS = 5;
export const MAX_KEYWORDS = 10;
// A title names the paper's topic: a phrase there counts as this many uses in the abstract.
const TITLE_WEIGHT = 2;
// Of two phrases where one contains the other, the longer is kept unless the shorter's other uses score this much more:
// "speculative decoding" over "decoding", but "diffusion models" beside "video diffusion models" said once in passing.
const MUCH_STRONGER = 1.5;
// Beyond MIN_KEYWORDS, a phrase must score at least this fraction of the best one to be listed.
const KEEP_FRACTION = 0.3;
const MIN_TERM_DF = 5;

export interface ScoredPhrase {
  phrase: Phrase;
  /** Uses, a title use counting TITLE_WEIGHT. */
  tf: number;
  idf: number;
  score: number;
}

/** Returns the paper's phrases scored, best first; what the keywords are chosen from. */
export function scorePhrases(title: string, abstract: string, freqs: DocFreqs): ScoredPhrase[] {
  const scored: ScoredPhrase[] = [];
  for (const phrase of candidatePhrases(title, abstract)) {
    let tf = 0;
    for (const o of phrase.occurrences) tf += o.inTitle ? TITLE_WEIGHT : 1;
    const df = freqs.df(phrase.key);
    // A phrase of several words written once is more often a chance sequence ("taking notes brings focus") than a
    // term: terms recur, in the paper or across the corpus (MIN_TERM_DF papers, above what collisions add).
    if (phrase.words > 1 && phrase.occurrences.length < 2 && df < MIN_TERM_DF) continue;
    const idf = inverseDocFreq(freqs, phrase.key);
    scored.push({ phrase, tf, idf, score: tf * idf });
  }
  return scored.sort((a, b) => b.score - a.score || a.phrase.key.localeCompare(b.phrase.key));
}

/** Whether phrase key `inner` is a run of whole words of `outer`. */
function contains(outer: string, inner: string): boolean {
  if (outer.length <= inner.length) return false;
  const at = ` ${outer} `.indexOf(` ${inner} `);
  return at >= 0;
}

/**
 * Whether the shorter of two phrases where one contains the other deserves a place of its own: its uses outside the
 * longer one ("decoding" beyond "speculative decoding") must score MUCH_STRONGER times the longer phrase.
 */
function standsAlone(shorter: ScoredPhrase, longer: ScoredPhrase): boolean {
  return (shorter.tf - longer.tf) * shorter.idf >= MUCH_STRONGER * longer.score;
}

/** Picks the keywords among scored phrases: each concept once (see standsAlone), 5 to 10 of them. */
export function pickKeywords(scored: ScoredPhrase[]): ScoredPhrase[] {
  const kept: ScoredPhrase[] = [];
  const best = scored[0]?.score ?? 0;
  for (const c of scored) {
    if (kept.some((k) => contains(k.phrase.key, c.phrase.key) && !standsAlone(c, k))) continue;
    // A longer phrase that says what kept ones say, and more, takes the place of the first of them.
    const absorbed = kept.flatMap((k, i) => (contains(c.phrase.key, k.phrase.key) && !standsAlone(k, c) ? [i] : []));
    if (absorbed.length > 0) {
      kept[absorbed[0]!] = c;
      for (const i of absorbed.slice(1).reverse()) kept.splice(i, 1);
      continue;
    }
    if (kept.length >= MAX_KEYWORDS) break;
    if (kept.length >= MIN_KEYWORDS && c.score < KEEP_FRACTION * best) break;
    kept.push(c);
  }
  return kept;
}

const CAPITALIZED = /^\p{Lu}[\p{Ll}'’-]*$/u;

/**
 * How a phrase is shown: its most frequent spelling inside sentences; written only at the start of a sentence or in
 * the title, a word capitalized there for that reason alone is lowercased ("Speculative Decoding" gives "speculative
 * decoding"), while acronyms and names keep their capitals ("LLM", "ConvLLaVA").
 */
export function surfaceForm(occurrences: PhraseOccurrence[], midSentenceWords: ReadonlySet<string>): string {
  const counts = new Map<string, number>();
  const inside = occurrences.filter((o) => !o.atStart && !o.inTitle);
  for (const o of inside.length > 0 ? inside : occurrences) counts.set(o.surface, (counts.get(o.surface) ?? 0) + 1);
  let best = '';
  let bestCount = 0;
  for (const [surface, n] of counts) {
    if (n > bestCount) [best, bestCount] = [surface, n];
  }
  if (inside.length > 0) return best;
  // All or nothing, so a phrase is never half capitalized ("artificial Text Detection").
  const words = best.split(' ');
  const capitalized = words.filter((w) => CAPITALIZED.test(w));
  if (capitalized.every((w) => midSentenceWords.has(w))) return best;
  return words.map((w) => (CAPITALIZED.test(w) ? w.toLowerCase() : w)).join(' ');
}

/** Returns the paper's keywords (up to MAX_KEYWORDS, fewer when it has fewer phrases), best first, as written. */
export function extractKeywords(title: string, abstract: string, freqs: DocFreqs): string[] {
  const scored = scorePhrases(title, abstract, freqs);
  // Words the authors capitalize inside sentences are names ("Transformer", "Adam"): kept capitalized everywhere.
  const midSentenceWords = new Set<string>();
  for (const s of scored) {
    if (s.phrase.words !== 1) continue;
    for (const o of s.phrase.occurrences) if (!o.atStart && !o.inTitle && CAPITALIZED.test(o.surface)) midSentenceWords.add(o.surface);
  }
  const seen = new Set<string>();
  const out: string[] = [];
  for (const k of pickKeywords(scored)) {
    const form = surfaceForm(k.phrase.occurrences, midSentenceWords);
    if (seen.has(form.toLowerCase())) continue;
    seen.add(form.toLowerCase());
    out.push(form);
  }
  return out;
}
