// A browser's view of comment HTML: the sanitizer's output is parsed with parse5 (the WHATWG HTML parsing
// algorithm, as a browser parses what the page inserts into a <div>), and every element and attribute of the
// resulting tree is checked against an allowlist written here independently of the sanitizer's own tables.
// Fed with generated tag soup (a fixed seed, a bounded count) and with Markdown through the real renderer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFragment, type DefaultTreeAdapterMap } from 'parse5';
import { sanitizeCommentHtml } from '../../src/core/comment-html-sanitizer.ts';
import { renderCommentMarkdown } from '../../src/core/comment-markdown.ts';
import { seededRandom } from '../../src/embeddings/linear-algebra.ts';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const HTML_NS = 'http://www.w3.org/1999/xhtml';
const SVG_NS = 'http://www.w3.org/2000/svg';
const MATHML_NS = 'http://www.w3.org/1998/Math/MathML';

// What a comment may contain as a browser sees it. Prose elements anywhere; spans, MathML and SVG shapes only
// inside a KaTeX root (span.katex*, p.katex-block).
const PROSE: Record<string, readonly string[]> = {
  p: ['class'],
  br: [],
  hr: [],
  em: [],
  strong: [],
  s: [],
  code: ['class'],
  pre: [],
  blockquote: [],
  ul: [],
  ol: ['start'],
  li: [],
  a: ['href', 'title', 'rel'],
  table: [],
  thead: [],
  tbody: [],
  tr: [],
  th: ['style'],
  td: ['style'],
  span: ['class', 'style', 'aria-hidden', 'title'],
};
const SVG: Record<string, readonly string[]> = {
  svg: ['xmlns', 'width', 'height', 'viewBox', 'preserveAspectRatio', 'style'],
  path: ['d'],
  line: ['x1', 'y1', 'x2', 'y2', 'stroke-width'],
};
const MATH_ELEMENT = /^(math|semantics|annotation|none|m[a-z]+)$/;
// MathML attributes carry no URLs or script: none is href, src, xlink:* or on*.
const MATH_ATTRIBUTE = /^(?!on|href|src|xlink|action|definitionurl)[a-z-]+$/;
const CSS_VALUE = /^[-+#a-zA-Z0-9. %:;]*$/; // no parentheses, quotes, backslashes: no url(), expression(), escapes

function problems(html: string): string[] {
  const found: string[] = [];
  const walk = (node: Node, inKatex: boolean) => {
    if (!('tagName' in node)) {
      if ('childNodes' in node) for (const c of node.childNodes) walk(c, inKatex);
      return;
    }
    const el = node as Element;
    const tag = el.tagName;
    const cls = el.attrs.find((a) => a.name === 'class')?.value ?? '';
    const isRoot =
      el.namespaceURI === HTML_NS &&
      ((tag === 'span' && /^katex(-display|-error)?(\s|$)/.test(cls)) || (tag === 'p' && /^katex-block(\s|$)/.test(cls)));
    const katex = inKatex || isRoot;
    let allowed: readonly string[] | null = null;
    if (el.namespaceURI === HTML_NS) {
      allowed = PROSE[tag] ?? null;
      if (tag === 'span' && !katex) found.push(`span outside KaTeX`);
      if (tag === 'p' && cls !== '' && !isRoot) found.push(`p with class "${cls}"`);
    } else if (el.namespaceURI === SVG_NS) {
      allowed = katex ? (SVG[tag] ?? null) : null;
    } else if (el.namespaceURI === MATHML_NS) {
      allowed = katex && MATH_ELEMENT.test(tag) ? el.attrs.map((a) => a.name).filter((n) => MATH_ATTRIBUTE.test(n)) : null;
    }
    if (allowed === null) found.push(`<${tag}> (${el.namespaceURI})`);
    for (const a of el.attrs) {
      const name = a.prefix ? `${a.prefix}:${a.name}` : a.name;
      if (allowed && !allowed.includes(name)) found.push(`<${tag} ${name}>`);
      if (/^on/i.test(name)) found.push(`<${tag} ${name}> handler`);
      if (name === 'style' && !CSS_VALUE.test(a.value)) found.push(`<${tag} style="${a.value}">`);
      if (name === 'href') {
        let scheme = '';
        try {
          scheme = new URL(a.value).protocol;
        } catch {
          found.push(`<a href="${a.value}"> not absolute`);
        }
        if (scheme && !['http:', 'https:', 'mailto:'].includes(scheme)) found.push(`<a href="${a.value}">`);
      }
      if (name === 'rel' && a.value !== 'nofollow ugc noopener') found.push(`<a rel="${a.value}">`);
    }
    if (tag === 'a' && !el.attrs.some((a) => a.name === 'rel')) found.push('<a> without rel');
    for (const c of el.childNodes) walk(c, katex);
    // <template> content lives apart from childNodes.
    if ('content' in el && el.content) walk(el.content as unknown as Node, katex);
  };
  walk(parseFragment(html) as unknown as Node, false);
  return found;
}

// Seeded: the same soup on every run, so a failure reproduces.
const prng = seededRandom;

const TAGS = [
  'script',
  'img',
  'svg',
  'math',
  'a',
  'style',
  'iframe',
  'form',
  'template',
  'noscript',
  'textarea',
  'select',
  'option',
  'table',
  'td',
  'tr',
  'span',
  'p',
  'div',
  'b',
  'em',
  'code',
  'pre',
  'object',
  'embed',
  'foreignObject',
  'mtext',
  'mglyph',
  'annotation-xml',
  'desc',
  'title',
  'use',
  'image',
  'animate',
  'set',
  'xmp',
  'plaintext',
  'noembed',
  'frameset',
  'base',
  'link',
  'meta',
  'input',
  'button',
  'details',
  'dialog',
  'video',
  'source',
  'path',
  'line',
  'maction',
  'mi',
  'semantics',
  'annotation',
  'li',
  'ul',
  'blockquote',
  'br',
  'hr',
  'ol',
  'th',
  'strong',
  's',
  'svg:script',
  'math:a',
];
const ATTRS = [
  'onerror',
  'onload',
  'href',
  'src',
  'style',
  'class',
  'xmlns',
  'xlink:href',
  'srcdoc',
  'action',
  'formaction',
  'title',
  'rel',
  'start',
  'd',
  'viewBox',
  'encoding',
  'aria-hidden',
  'width',
  'data',
  'background',
  'is',
  'id',
  'name',
  'ONCLICK',
  'definitionURL',
  'attributeName',
  'to',
  'values',
];
const VALUES = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  '&#x6a;avascript:alert(1)',
  'java\tscript:x',
  ' javascript:x',
  'data:text/html,<script>x</script>',
  'https://example.org/',
  'http://x.org/"><script>x</script>',
  'mailto:a@b.org',
  '//evil.example',
  'katex',
  'katex-display',
  'katex-block',
  'color:red',
  'background:url(javascript:x)',
  'width:expression(alert(1))',
  'margin-right:0.2em;position:absolute',
  'text-align:left',
  'x\\3a y',
  'alert(1)',
  '"><img src=x onerror=alert(1)>',
  "'",
  '`',
  '',
  'http://www.w3.org/2000/svg',
  'application/x-tex',
  'text/html',
  'M0 0L1 1',
];
const TEXT = [
  '<',
  '>',
  '&',
  '&lt;script&gt;',
  '<!--',
  '-->',
  '<![CDATA[',
  ']]>',
  '</',
  '<?x ?>',
  '<!doctype html>',
  'x',
  ' ',
  '\n',
  '&#0;',
  '&nbsp;',
  '\u2028',
];

function soup(rand: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  let out = '';
  const n = 1 + Math.floor(rand() * 25);
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < 0.45) {
      const quote = pick(['"', "'", '']);
      const attrs = Array.from({ length: Math.floor(rand() * 3) }, () => ` ${pick(ATTRS)}=${quote}${pick(VALUES)}${quote}`).join('');
      out += `<${pick(TAGS)}${attrs}${rand() < 0.1 ? '/' : ''}>`;
    } else if (r < 0.7) out += `</${pick(TAGS)}>`;
    else out += pick(TEXT);
  }
  return out;
}

test('the oracle itself catches what a browser would run', () => {
  assert.deepEqual(problems('<p>fine <em>text</em> <a href="https://x.org/" rel="nofollow ugc noopener">link</a></p>'), []);
  assert.notDeepEqual(problems('<img src=x onerror=alert(1)>'), []);
  assert.notDeepEqual(problems('<a href="javascript:alert(1)" rel="nofollow ugc noopener">x</a>'), []);
  assert.notDeepEqual(problems('<svg><script>alert(1)</script></svg>'), []);
  assert.notDeepEqual(problems('<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>'), []);
  assert.notDeepEqual(problems('<span class="katex"><span style="background:url(x)">x</span></span>'), []);
});

test('generated tag soup: everything the sanitizer lets through is on the allowlist as a browser parses it', () => {
  const rand = prng(20261202);
  const failures: string[] = [];
  for (let i = 0; i < 4_000 && failures.length < 5; i++) {
    const input = soup(rand);
    const out = sanitizeCommentHtml(input);
    const found = problems(out);
    if (found.length > 0) failures.push(`${JSON.stringify(input)}\n  → ${JSON.stringify(out)}\n  : ${found.join('; ')}`);
    // What came out is already clean: sanitizing it again changes nothing.
    else if (sanitizeCommentHtml(out) !== out)
      failures.push(`not stable: ${JSON.stringify(input)} → ${JSON.stringify(out)} → ${JSON.stringify(sanitizeCommentHtml(out))}`);
  }
  assert.deepEqual(failures, []);
});

test('Markdown and math through the real renderer, with hostile HTML mixed in: the output passes the oracle', () => {
  const rand = prng(7);
  const pieces = [
    '$x^2$',
    '$$\\frac{a}{b}$$',
    '$\\sqrt{x}$',
    '$\\overrightarrow{AB}$',
    '$\\href{javascript:alert(1)}{x}$',
    '$\\url{javascript:x}$',
    '$\\htmlClass{x}{y}$',
    '$\\includegraphics{x}$',
    '**bold**',
    '`code`',
    '> quote',
    '- item',
    '1. one',
    '| a | b |\n|:-|-:|\n| 1 | 2 |',
    '[l](javascript:alert(1))',
    '[l](https://example.org/)',
    '<https://example.org>',
    '![i](https://x.org/i.png)',
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '\n\n',
    ' ',
    '\\',
    '$',
  ];
  const failures: string[] = [];
  for (let i = 0; i < 300 && failures.length < 5; i++) {
    const body = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => pieces[Math.floor(rand() * pieces.length)]).join(' ');
    const found = problems(renderCommentMarkdown(body));
    if (found.length > 0) failures.push(`${JSON.stringify(body)}: ${found.join('; ')}`);
  }
  assert.deepEqual(failures, []);
});
