// Cleaning of titles, author names and abstracts as they arrive from arXiv and Hugging Face.

/** A piece of source text: plain TeX-ish text, or a math segment with its delimiters stripped. */
export type TextSegment =
  | { kind: 'text'; text: string; start: number; end: number }
  | { kind: 'math'; tex: string; display: boolean; start: number; end: number };

// Longer "math" is almost always a stray dollar pairing with another far away.
export const MAX_MATH_LENGTH = 2000;
const BLANK_LINE = /\n[ \t\r]*\n/;

/** Splits text into text and math segments ($...$, $$...$$, \(...\), \[...\]), honouring \$ as a literal dollar. */
export function splitMath(src: string): TextSegment[] {
  const segments: TextSegment[] = [];
  // Where each closing delimiter last occurs, so openers with no closer after them fail without a scan.
  const lastClose: Record<string, number> = {};
  let textStart = 0;
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    let open = '';
    let close = '';
    if (c === '\\') {
      const next = src[i + 1];
      if (next === '(') [open, close] = ['\\(', '\\)'];
      else if (next === '[') [open, close] = ['\\[', '\\]'];
      else {
        i += 2; // an escape such as \$ or \\ is never a delimiter
        continue;
      }
    } else if (c === '$') {
      [open, close] = src[i + 1] === '$' ? ['$$', '$$'] : ['$', '$'];
    } else {
      i++;
      continue;
    }
    const end = (lastClose[close] ??= src.lastIndexOf(close)) < i + open.length ? -1 : findClose(src, i + open.length, close);
    const tex = end < 0 ? '' : src.slice(i + open.length, end);
    if (end < 0 || tex.trim() === '' || tex.length > MAX_MATH_LENGTH || BLANK_LINE.test(tex)) {
      i += open.length; // not math: the delimiter stays literal text
      continue;
    }
    if (i > textStart) segments.push({ kind: 'text', text: src.slice(textStart, i), start: textStart, end: i });
    textStart = end + close.length;
    segments.push({ kind: 'math', tex, display: open === '$$' || open === '\\[', start: i, end: textStart });
    i = textStart;
  }
  if (textStart < src.length) segments.push({ kind: 'text', text: src.slice(textStart), start: textStart, end: src.length });
  return segments;
}

// Scans for the closing delimiter, skipping backslash escapes so \$ inside math does not close it. The scan stops
// after MAX_MATH_LENGTH so hostile input full of unclosed \( stays linear rather than quadratic.
function findClose(src: string, from: number, close: string): number {
  const limit = Math.min(src.length, from + MAX_MATH_LENGTH + 1);
  for (let j = from; j < limit; j++) {
    if (src.startsWith(close, j)) return j;
    if (src[j] === '\\') j++;
  }
  return -1;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00A0',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  laquo: '«',
  raquo: '»',
  times: '×',
  divide: '÷',
  deg: '°',
  plusmn: '±',
  minus: '−',
  le: '≤',
  ge: '≥',
  ne: '≠',
  middot: '·',
  bull: '•',
  prime: '′',
  copy: '©',
  reg: '®',
  trade: '™',
  sect: '§',
  para: '¶',
  euro: '€',
  pound: '£',
  micro: 'µ',
  shy: '\u00AD',
  thinsp: '\u2009',
  szlig: 'ß',
  oslash: 'ø',
  Oslash: 'Ø',
  aelig: 'æ',
  AElig: 'Æ',
  oelig: 'œ',
  OElig: 'Œ',
  eth: 'ð',
  ETH: 'Ð',
  thorn: 'þ',
  THORN: 'Þ',
  lstrok: 'ł',
  Lstrok: 'Ł',
  dstrok: 'đ',
  Dstrok: 'Đ',
  inodot: 'ı',
  alpha: 'α',
  beta: 'β',
  gamma: 'γ',
  delta: 'δ',
  epsilon: 'ε',
  lambda: 'λ',
  mu: 'μ',
  pi: 'π',
  sigma: 'σ',
  tau: 'τ',
  phi: 'φ',
  chi: 'χ',
  psi: 'ψ',
  omega: 'ω',
  Delta: 'Δ',
  Sigma: 'Σ',
  Omega: 'Ω',
  // HTML's names for a URL's punctuation and the uppercase spellings: comment links are decoded with this too.
  colon: ':',
  Tab: '\t',
  NewLine: '\n',
  AMP: '&',
  LT: '<',
  GT: '>',
  QUOT: '"',
};

// Accented-letter entities follow one naming scheme (letter + accent name); these are the letters HTML defines.
const ACCENTED_ENTITY_LETTERS: [string, string, string][] = [
  ['acute', '\u0301', 'aeiouyAEIOUYcnszlrCNSZLR'],
  ['grave', '\u0300', 'aeiouAEIOU'],
  ['circ', '\u0302', 'aeiouAEIOU'],
  ['uml', '\u0308', 'aeiouyAEIOUY'],
  ['tilde', '\u0303', 'anoANO'],
  ['cedil', '\u0327', 'cstCST'],
  ['ring', '\u030A', 'auAU'],
  ['caron', '\u030C', 'cdenrstzCDENRSTZ'],
];
for (const [name, mark, letters] of ACCENTED_ENTITY_LETTERS) {
  for (const letter of letters) NAMED_ENTITIES[letter + name] = (letter + mark).normalize('NFC');
}

/** Decodes numeric and common named HTML entities in one pass; unknown entities are left as written. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g, (whole, dec, hex, name) => {
    if (name !== undefined) return Object.hasOwn(NAMED_ENTITIES, name) ? NAMED_ENTITIES[name]! : whole;
    const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex, 16);
    // Browsers render NUL, surrogates and out-of-range code points as U+FFFD; so do we.
    const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    return String.fromCodePoint(valid ? code : 0xfffd);
  });
}

const ACCENT_MARKS: Record<string, string> = {
  "'": '\u0301',
  '`': '\u0300',
  '^': '\u0302',
  '"': '\u0308',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
  c: '\u0327',
  v: '\u030C',
  u: '\u0306',
  H: '\u030B',
  k: '\u0328',
  r: '\u030A',
  d: '\u0323',
  b: '\u0331',
};
const SPECIAL_LETTERS: Record<string, string> = {
  ss: 'ß',
  o: 'ø',
  O: 'Ø',
  aa: 'å',
  AA: 'Å',
  ae: 'æ',
  AE: 'Æ',
  oe: 'œ',
  OE: 'Œ',
  l: 'ł',
  L: 'Ł',
  i: 'ı',
  j: 'ȷ',
};

// The base letter may be a dotless \i or \j, which TeX authors use under accents; the result should be a plain i.
const BASE = String.raw`(?:[A-Za-z]|\\[ij](?![A-Za-z])(?:\{\}|\s*))`;
// Symbol accents (\'a) may take a bare letter; letter accents (\c c) need a space or braces, else they'd read \cc.
const ACCENT = String.raw`\\(?:(['\`^"~=.])\s*(?:\{\s*(${BASE})\s*\}|(${BASE}))|([cvuHkrdb])(?:\s*\{\s*(${BASE})\s*\}|\s+([A-Za-z])))`;
const BRACED_ACCENT = new RegExp(String.raw`\{\s*${ACCENT}\s*\}`, 'g');
const BARE_ACCENT = new RegExp(ACCENT, 'g');
// A control word ends at the first non-letter and swallows the spaces after it, as in TeX: "Bj\o rn" is Bjørn.
const SPECIAL = /\{\\(ss|aa|AA|ae|AE|oe|OE|o|O|l|L|i|j)\s*\}|\\(ss|aa|AA|ae|AE|oe|OE|o|O|l|L|i|j)(?![A-Za-z])(?:\{\}|[ \t]*)/g;

function accented(
  sym: string | undefined,
  b1: string | undefined,
  b2: string | undefined,
  word: string | undefined,
  b3: string | undefined,
  b4: string | undefined,
): string {
  const base = (b1 ?? b2 ?? b3 ?? b4 ?? '').replace(/^\\|\{\}|\s+/g, '');
  return (base + ACCENT_MARKS[sym ?? word ?? '']!).normalize('NFC');
}

/** Converts TeX accent commands (\'e, \"{o}, \c{c}, \ss, {\o}, ...) outside math to Unicode letters. */
export function texAccentsToUnicode(s: string): string {
  if (!s.includes('\\')) return s;
  return splitMath(s)
    .map((seg) => {
      if (seg.kind === 'math') return s.slice(seg.start, seg.end);
      return seg.text
        .replace(BRACED_ACCENT, (_m, a, b, c, d, e, f) => accented(a, b, c, d, e, f))
        .replace(BARE_ACCENT, (_m, a, b, c, d, e, f) => accented(a, b, c, d, e, f))
        .replace(SPECIAL, (_m, braced?: string, bare?: string) => SPECIAL_LETTERS[braced ?? bare ?? '']!);
    })
    .join('');
}

/** Trims and collapses every run of whitespace to a single space. */
export function normalizeWhitespace(s: string): string {
  // Most titles and names are already clean; testing is much cheaper than rebuilding the string.
  return NEEDS_WHITESPACE_FIX.test(s) ? s.replace(/\s+/g, ' ').trim() : s;
}
const NEEDS_WHITESPACE_FIX = /\s\s|[^\S ]|^\s|\s$/;

/** Turns a hard-wrapped arXiv abstract into paragraphs separated by blank lines, with entities and accents decoded. */
export function cleanAbstract(s: string): string {
  // The bulk snapshot starts each paragraph with an indented line; blank lines also separate paragraphs.
  const paragraphs = s.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n|\n(?=[ \t])/);
  return paragraphs
    .map((p) => normalizeWhitespace(texAccentsToUnicode(decodeEntities(p))))
    .filter((p) => p !== '')
    .join('\n\n');
}

/** Returns a title on one line with entities and TeX accents decoded. */
export function cleanTitle(s: string): string {
  return normalizeWhitespace(texAccentsToUnicode(decodeEntities(normalizeWhitespace(s))));
}

// Letters that Unicode does not decompose into base + mark, but that searchers type without the stroke.
const UNDECOMPOSED: Record<string, string> = { ß: 'ss', ø: 'o', ł: 'l', đ: 'd', æ: 'ae', œ: 'oe', ı: 'i', ð: 'd', þ: 'th' };

/** Lowercases and strips diacritics so "Schrödinger" and "Łódź" match "schrodinger" and "lodz". */
export function foldForSearch(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßøłđæœıðþ]/g, (c) => UNDECOMPOSED[c]!);
}
