// Titles and abstracts are raw LaTeX-ish text; this turns them into safe HTML (math via KaTeX) or plain text.
import katex from 'katex';
import { Lru } from './lru.ts';
import { splitMath } from './text.ts';

const KATEX_OPTIONS = {
  throwOnError: false,
  output: 'htmlAndMathml',
  trust: false, // no \href, \includegraphics, \htmlClass...: abstracts are untrusted input
  strict: 'ignore',
  maxExpand: 1000, // stops \def-bombs
  maxSize: 50,
} as const;

// Rendering one formula costs ~0.1-1 ms and the same formulas recur on every page view.
const katexCache = new Lru<string>(5000);

function renderMath(tex: string, displayMode: boolean): string {
  const key = (displayMode ? 'D' : 'I') + tex;
  const hit = katexCache.get(key);
  if (hit !== undefined) return hit;
  let html: string;
  try {
    html = katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode });
  } catch {
    // throwOnError only covers parse errors; anything else falls back to showing the source.
    html = `<code class="math-error">${escapeHtml(tex)}</code>`;
  }
  html = defangSchemes(html);
  katexCache.set(key, html);
  return html;
}

/** Escapes the five characters that are special in HTML text and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

// KaTeX echoes the TeX source as escaped text; spelling the colon as an entity keeps it inert for naive filters too.
function defangSchemes(html: string): string {
  return html.replace(/(javascript|vbscript):/gi, '$1&#58;');
}

type Mode = 'html' | 'plain';

// Text-mode commands whose single argument is shown with a style; \url keeps its argument verbatim.
const ARG_COMMANDS: Record<string, [string, string]> = {
  textit: ['<em>', '</em>'],
  emph: ['<em>', '</em>'],
  textsl: ['<em>', '</em>'],
  textbf: ['<strong>', '</strong>'],
  texttt: ['<code>', '</code>'],
  textsc: ['', ''],
  textrm: ['', ''],
  textsf: ['', ''],
  textup: ['', ''],
  textnormal: ['', ''],
  mbox: ['', ''],
};
// Old-style declarations used as {\em words}.
const GROUP_COMMANDS: Record<string, [string, string]> = {
  em: ['<em>', '</em>'],
  it: ['<em>', '</em>'],
  sl: ['<em>', '</em>'],
  bf: ['<strong>', '</strong>'],
  tt: ['<code>', '</code>'],
  sc: ['', ''],
  rm: ['', ''],
  sf: ['', ''],
};
const ESCAPED_SYMBOLS = new Set(['$', '%', '&', '_', '#', '{', '}']);
const URL_AT = /(?:https?:\/\/|www\.)[^\s{}\\]+/y;
const COMMAND_AT = /\\([A-Za-z]+)\s*/y;
const GROUP_AT = /\{\\([A-Za-z]+)(?![A-Za-z])\s*/y;

// Nesting deeper than any real abstract is shown as written rather than recursed into.
const MAX_NESTING = 8;

// Maps each '{' to the index just past its matching '}', in one pass so hostile "{{{{..." input stays linear.
function matchBraces(s: string): Map<number, number> {
  const closeOf = new Map<number, number>();
  const open: number[] = [];
  for (let j = 0; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === '{') open.push(j);
    else if (s[j] === '}' && open.length > 0) closeOf.set(open.pop()!, j + 1);
  }
  return closeOf;
}

function isDashNeighbour(c: string | undefined): boolean {
  return c === undefined || /[\s\p{L}\p{N}]/u.test(c);
}

// Converts the text-mode LaTeX people put in abstracts, escaping everything else (in html mode).
function convertText(src: string, mode: Mode): string {
  const out = convertRange(src, 0, src.length, mode, 0, matchBraces(src));
  return mode === 'html' ? defangSchemes(out) : out;
}

function convertRange(src: string, from: number, to: number, mode: Mode, depth: number, closeOf: Map<number, number>): string {
  const convertInner = (start: number, end: number) => convertRange(src, start, end, mode, depth + 1, closeOf);
  const esc = mode === 'html' ? escapeHtml : (s: string) => s;
  const wrap = (tags: [string, string], inner: string) => (mode === 'html' ? tags[0] + inner + tags[1] : inner);
  let out = '';
  let i = from;
  while (i < to) {
    const c = src[i]!;
    URL_AT.lastIndex = i;
    const url = i > from && /[\w/]/.test(src[i - 1]!) ? null : URL_AT.exec(src);
    if (url) {
      // verbatim, so https://a--b.com/~me keeps its dashes and tilde
      const end = Math.min(i + url[0].length, to);
      out += esc(src.slice(i, end));
      i = end;
      continue;
    }
    if (c === '\\') {
      const next = src[i + 1];
      COMMAND_AT.lastIndex = i;
      const cmd = COMMAND_AT.exec(src);
      if (cmd && src[i + cmd[0].length] === '{') {
        const name = cmd[1]!;
        const open = i + cmd[0].length;
        const close = closeOf.get(open) ?? -1;
        if (close > 0 && close <= to && depth < MAX_NESTING) {
          if (name === 'url') out += esc(src.slice(open + 1, close - 1));
          else if (Object.hasOwn(ARG_COMMANDS, name)) out += wrap(ARG_COMMANDS[name]!, convertInner(open + 1, close - 1));
          else out += esc(`\\${name}{`) + convertInner(open + 1, close - 1) + '}'; // unknown (\cite{x}): shown as written
          i = close;
          continue;
        }
      }
      if (i + 1 >= to) out += esc(c);
      else if (ESCAPED_SYMBOLS.has(next!)) out += esc(next!);
      else if (next === '\\' || next === ' ') out += ' ';
      else out += esc(c + next); // unknown command: shown as written
      i += 2;
      continue;
    }
    if (c === '{') {
      GROUP_AT.lastIndex = i;
      const group = GROUP_AT.exec(src);
      const close = closeOf.get(i) ?? -1;
      if (group && close > 0 && close <= to && depth < MAX_NESTING && Object.hasOwn(GROUP_COMMANDS, group[1]!)) {
        out += wrap(GROUP_COMMANDS[group[1]!]!, convertInner(i + group[0].length, close - 1));
        i = close;
        continue;
      }
    }
    if (c === '{' || c === '}') {
      // TeX grouping braces ({B}ayesian) are not shown
      i++;
      continue;
    }
    if (c === '~') out += mode === 'html' ? '&nbsp;' : ' ';
    else if (c === '-' && src[i + 1] === '-' && i + 1 < to && isDashNeighbour(i > from ? src[i - 1] : undefined)) {
      const em = src[i + 2] === '-' && i + 2 < to;
      const len = em ? 3 : 2;
      if (isDashNeighbour(i + len < to ? src[i + len] : undefined)) {
        out += em ? '—' : '–';
        i += len;
        continue;
      }
      out += '-';
    } else out += esc(c);
    i++;
  }
  return out;
}

// A feed page renders the same 50 titles and abstracts on every view; this keeps the recent ones.
const richTextCache = new Lru<string>(20_000);

/** Returns safe HTML for a title or abstract: math rendered by KaTeX, text escaped, simple LaTeX text commands applied. */
export function renderRichText(text: string, opts: { paragraphs?: boolean } = {}): string {
  const key = (opts.paragraphs ? 'P' : 'B') + text;
  const hit = richTextCache.get(key);
  if (hit !== undefined) return hit;
  const renderBlock = (block: string) =>
    splitMath(block)
      .map((seg) => (seg.kind === 'math' ? renderMath(seg.tex, seg.display) : convertText(seg.text, 'html')))
      .join('');
  const html = !opts.paragraphs
    ? renderBlock(text)
    : text
        .split(/\n[ \t\r]*\n/)
        .map((p) => p.trim())
        .filter((p) => p !== '')
        .map((p) => `<p>${renderBlock(p)}</p>`)
        .join('\n');
  richTextCache.set(key, html);
  return html;
}

/**
 * Like renderRichText (one block), with `markText` applied to the HTML of each text segment, never to math: search
 * results highlight words this way without touching KaTeX's markup. Not cached: the marks depend on the query.
 */
export function renderRichTextMarked(text: string, markText: (html: string) => string): string {
  return splitMath(text)
    .map((seg) => (seg.kind === 'math' ? renderMath(seg.tex, seg.display) : markText(convertText(seg.text, 'html'))))
    .join('');
}

/** Returns the text without math delimiters or LaTeX text commands, for <title>, meta tags, JSON and feeds. */
export function plainTextOf(text: string): string {
  return splitMath(text)
    .map((seg) => (seg.kind === 'math' ? seg.tex.trim() : convertText(seg.text, 'plain')))
    .join('');
}

/** Cuts text at a word boundary so the result with its "…" fits in maxChars, never splitting a math segment. */
export function truncateWords(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const math = splitMath(text).filter((seg) => seg.kind === 'math');
  const insideMath = (j: number) => math.some((seg) => seg.start < j && j < seg.end);
  let cut = Math.max(0, maxChars - 1);
  while (cut > 0 && (insideMath(cut) || !/\s/.test(text[cut] ?? ''))) cut--;
  if (cut === 0) {
    // One long word: cut mid-word rather than return nothing, still avoiding math.
    cut = Math.max(0, maxChars - 1);
    const hit = math.find((seg) => seg.start < cut && cut < seg.end);
    if (hit) cut = hit.start;
  }
  return text.slice(0, cut).replace(/[\s,;:]+$/, '') + '…';
}
