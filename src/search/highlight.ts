// Highlights the words of a result that match the query, in the HTML that renderRichText makes of a title or
// abstract. Marks go only around words of text segments (never inside KaTeX's math markup), only between the
// tags and entities that conversion produced (never inside them), and wrap text that is already escaped: a title
// full of markup stays inert. A word matches when analysis gives it a term of the query ("Decoders" for "decoding").
import { renderRichTextMarked, truncateWords } from '../core/math.ts';
import { splitMath } from '../core/text.ts';
import { termsOfWord } from '../core/analyze.ts';

// Tags and entities of converted text are passed through untouched; words are looked for in the text between.
const TAG_OR_ENTITY = /(<[^>]*>|&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);)/i;
const WORD = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;

/** Returns a predicate telling whether a surface word matches one of `terms`. */
export function wordMatcher(terms: Iterable<string>): (word: string) => boolean {
  const set = new Set(terms);
  const cache = new Map<string, boolean>();
  return (word) => {
    let hit = cache.get(word);
    if (hit === undefined) {
      hit = set.size > 0 && termsOfWord(word).some((t) => set.has(t));
      cache.set(word, hit);
    }
    return hit;
  };
}

/** Wraps the matching words of converted (escaped) text HTML in <mark>. */
export function markWords(html: string, matches: (word: string) => boolean): string {
  return html
    .split(TAG_OR_ENTITY)
    .map((piece, i) => (i % 2 === 1 ? piece : piece.replace(WORD, (w) => (matches(w) ? `<mark>${w}</mark>` : w))))
    .join('');
}

/** Returns safe HTML of a title or abstract (math rendered) with the words matching `terms` highlighted. */
export function highlightRichText(text: string, terms: readonly string[]): string {
  const matches = wordMatcher(terms);
  return renderRichTextMarked(text, (html) => markWords(html, matches));
}

// Sentence starts outside math: after ". ", "? " or "! " followed by a capital or digit.
function sentenceStarts(text: string): number[] {
  const math = splitMath(text).filter((s) => s.kind === 'math');
  const starts = [0];
  for (const m of text.matchAll(/[.!?]\s+(?=[\p{Lu}\p{N}$\\])/gu)) {
    const at = m.index + m[0].length;
    if (!math.some((s) => s.start < at && at < s.end)) starts.push(at);
  }
  return starts;
}

/**
 * Returns the part of an abstract a result card shows: its opening, or (when the opening has no match and a later
 * sentence does) that sentence onwards after an ellipsis, cut to about `maxChars` without splitting math.
 */
export function abstractPreview(abstract: string, terms: readonly string[], maxChars: number): string {
  const opening = truncateWords(abstract, maxChars);
  if (terms.length === 0) return opening;
  const matches = wordMatcher(terms);
  const hasMatch = (s: string) => [...s.matchAll(WORD)].some((m) => matches(m[0]));
  if (hasMatch(opening)) return opening;
  for (const start of sentenceStarts(abstract)) {
    if (start === 0) continue;
    const end = abstract.indexOf('. ', start);
    const sentence = abstract.slice(start, end < 0 ? undefined : end + 1);
    if (hasMatch(sentence)) return '… ' + truncateWords(abstract.slice(start), maxChars);
  }
  return opening;
}
