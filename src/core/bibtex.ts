// BibTeX citations in the shape arXiv's own "Export BibTeX Citation" produces, so users can swap one for the other.
import { foldForSearch } from './text.ts';

/** The paper fields a citation needs. */
export interface BibtexPaper {
  id: string;
  title: string;
  authors: string[];
  year: number;
  primaryCategory: string | null;
  doi?: string | null;
  journalRef?: string | null;
}

// Skipped when picking the title word for the key, as Google Scholar and arXiv keys do ("A Survey of X" → survey).
const KEY_STOPWORDS = new Set(['a', 'an', 'the', 'on', 'of', 'in', 'at', 'for', 'to', 'and', 'with', 'is', 'are', 'by', 'via']);
const NAME_SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);

/** Returns an @misc BibTeX entry for an arXiv paper, keyed like arXiv's export (lastnameYYYYfirstword). */
export function toBibtex(p: BibtexPaper): string {
  const fields: [string, string][] = [
    ['title', escapeValue(p.title)],
    ['author', p.authors.map(escapeValue).join(' and ')],
    ['year', String(p.year)],
    ['eprint', p.id],
    ['archivePrefix', 'arXiv'],
  ];
  // Old-style ids carry their archive ("hep-th/9901001"), which is the best primary class we have for them.
  const primaryClass = p.primaryCategory ?? (p.id.includes('/') ? p.id.slice(0, p.id.indexOf('/')) : null);
  if (primaryClass) fields.push(['primaryClass', primaryClass]);
  if (p.doi) fields.push(['doi', escapeValue(p.doi)]);
  if (p.journalRef) fields.push(['note', escapeValue(p.journalRef)]);
  fields.push(['url', `https://arxiv.org/abs/${p.id}`]);
  const body = fields.map(([name, value]) => `  ${name}={${value}},`).join('\n');
  return `@misc{${citationKey(p)},\n${body}\n}\n`;
}

/** Returns the citation key: first author's ASCII-folded last name, year and first significant title word. */
export function citationKey(p: Pick<BibtexPaper, 'authors' | 'title' | 'year'>): string {
  const first = p.authors[0] ?? '';
  // "Last, First" is BibTeX's own order; otherwise the last word that is not a suffix such as "Jr.".
  const words = first.includes(',') ? [first.slice(0, first.indexOf(','))] : first.trim().split(/\s+/);
  while (words.length > 1 && NAME_SUFFIXES.has(asciiWord(words.at(-1)!))) words.pop();
  const lastName = asciiWord(words.at(-1) ?? '') || 'anonymous';
  const titleWords = p.title
    .replace(/\$[^$]*\$/g, ' ') // math is no word to cite by
    .replace(/\\[A-Za-z]+/g, ' ')
    .split(/[\s\-–—:/]+/)
    .map(asciiWord)
    .filter((w) => w !== '');
  const word = titleWords.find((w) => !KEY_STOPWORDS.has(w)) ?? titleWords[0] ?? '';
  return `${lastName}${p.year}${word}`;
}

function asciiWord(s: string): string {
  return foldForSearch(s).replace(/[^a-z0-9]/g, '');
}

// BibTeX breaks on unbalanced braces and LaTeX on bare & % #; both occur in real titles ("R&D", "50%").
function escapeValue(s: string): string {
  return balanceBraces(s.replace(/(?<!\\)([&%#])/g, '\\$1'));
}

// BibTeX counts every brace, even \{, so an unmatched one is spelled as a command that prints a brace instead.
function balanceBraces(s: string): string {
  const unmatched = new Set<number>();
  const open: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '{') open.push(i);
    else if (s[i] === '}' && open.pop() === undefined) unmatched.add(i);
  }
  for (const i of open) unmatched.add(i);
  if (unmatched.size === 0) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (!unmatched.has(i)) out += c;
    else {
      if (out.endsWith('\\')) out = out.slice(0, -1);
      out += c === '{' ? '\\textbraceleft{}' : '\\textbraceright{}';
    }
  }
  return out;
}
