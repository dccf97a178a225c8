// Splitting an abstract into sentences: a stop, question or exclamation mark followed by a blank and what can start a
// sentence ends one, except after the abbreviations papers use ("e.g.", "et al.", "Fig.", initials), inside math
// ($...$ may hold anything) and inside numbers ("3.5" has no blank). A blank line always ends one.
import { splitMath } from '../core/text.ts';

// Lowercased, without their final dot. "etc." is not here: it ends sentences as often as not, and a capital after
// it is the next sentence.
const ABBREVIATIONS = new Set([
  'al',
  'approx',
  'cf',
  'dr',
  'e.g',
  'eg',
  'eq',
  'eqs',
  'fig',
  'figs',
  'i.e',
  'ie',
  'mr',
  'ms',
  'no',
  'nos',
  'prof',
  'ref',
  'refs',
  'resp',
  'sec',
  'sect',
  'st',
  'tab',
  'viz',
  'vs',
  'w.r.t',
  'wrt',
]);

// What may begin the next sentence: a capital, a digit, an opening bracket or quote, math, a LaTeX command.
const STARTS_SENTENCE = /^[\p{Lu}\p{N}([{"'“‘$\\]/u;

/** Returns the sentences of `text`, trimmed, in order (math and abbreviations kept inside their sentence). */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const paragraph of text.split(/\n[ \t\r]*\n/)) {
    // Math spans, where a dot ends nothing.
    const math = splitMath(paragraph).filter((s) => s.kind === 'math');
    const inMath = (i: number) => math.some((m) => i >= m.start && i < m.end);
    let start = 0;
    const end = /[.!?]+["'”’)\]]*(\s+)/g;
    for (let m = end.exec(paragraph); m !== null; m = end.exec(paragraph)) {
      const stop = m.index;
      const next = stop + m[0].length;
      if (inMath(stop) || next >= paragraph.length || !STARTS_SENTENCE.test(paragraph.slice(next, next + 1))) continue;
      if (paragraph[stop] === '.' && isAbbreviation(paragraph, stop)) continue;
      sentences.push(paragraph.slice(start, next).trim());
      start = next;
    }
    const rest = paragraph.slice(start).trim();
    if (rest !== '') sentences.push(rest);
  }
  return sentences.filter((s) => s !== '');
}

/** Whether the dot at `dot` ends an abbreviation or an initial ("J. Smith", "U.S.") rather than a sentence. */
function isAbbreviation(text: string, dot: number): boolean {
  const before = /([\p{L}.]+)$/u.exec(text.slice(Math.max(0, dot - 12), dot));
  if (!before) return false;
  const word = before[1]!.replace(/^\.+/, '');
  if (ABBREVIATIONS.has(word.toLowerCase())) return true;
  // A single capital ("J.") or dotted capitals ("U.S") are initials; a single lowercase letter is a list item.
  return /^(?:\p{Lu}\.?)+$/u.test(word) && word.replace(/\./g, '').length <= 3 && !/^\p{Lu}{2,}$/u.test(word);
}
