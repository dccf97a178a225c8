// What comment HTML may contain, element by element and attribute by attribute (see comment-html-sanitizer.ts for
// how it is applied): Markdown's elements anywhere, KaTeX's spans, MathML and SVG shapes only inside a KaTeX root.

export type Space = 'html' | 'math' | 'svg';

// Markdown's elements and the attributes each may keep (outside math).
export const MARKDOWN_TAGS: Record<string, readonly string[]> = {
  p: [],
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
  a: ['href', 'title'],
  table: [],
  thead: [],
  tbody: [],
  tr: [],
  th: ['style'],
  td: ['style'],
};
export const VOID_TAGS = new Set(['br', 'hr']);

// Inside a KaTeX root: its spans, the MathML it writes for screen readers, and its SVG shapes.
export const KATEX_SPAN_ATTRS = ['class', 'style', 'aria-hidden', 'title'];
export const MATHML_TAGS = new Set([
  'math',
  'semantics',
  'annotation',
  'mrow',
  'mi',
  'mn',
  'mo',
  'ms',
  'mtext',
  'mspace',
  'msup',
  'msub',
  'msubsup',
  'munder',
  'mover',
  'munderover',
  'mfrac',
  'msqrt',
  'mroot',
  'mstyle',
  'mpadded',
  'mphantom',
  'menclose',
  'mtable',
  'mtr',
  'mtd',
  'mlabeledtr',
  'mmultiscripts',
  'mprescripts',
  'none',
  'merror',
]);
export const MATHML_ATTRS = new Set([
  'xmlns',
  'encoding',
  'mathvariant',
  'stretchy',
  'fence',
  'separator',
  'lspace',
  'rspace',
  'width',
  'height',
  'depth',
  'voffset',
  'minsize',
  'maxsize',
  'symmetric',
  'largeop',
  'movablelimits',
  'accent',
  'accentunder',
  'linethickness',
  'columnalign',
  'rowalign',
  'rowspacing',
  'columnspacing',
  'columnlines',
  'rowlines',
  'frame',
  'displaystyle',
  'scriptlevel',
  'notation',
  'mathcolor',
  'mathbackground',
  'side',
  'form',
  'align',
  'display',
  'linebreak',
  'style',
]);
export const SVG_ATTRS: Record<string, readonly string[]> = {
  svg: ['xmlns', 'width', 'height', 'viewBox', 'preserveAspectRatio', 'style'],
  path: ['d'],
  line: ['x1', 'y1', 'x2', 'y2', 'stroke-width'],
};
// SVG attribute names are case-sensitive in the output; the tokenizer lowercases, this restores them.
export const SVG_ATTR_CASE: Record<string, string> = { viewbox: 'viewBox', preserveaspectratio: 'preserveAspectRatio' };

export const MATHML_NS = 'http://www.w3.org/1998/Math/MathML';
export const SVG_NS = 'http://www.w3.org/2000/svg';

// Classes that open a KaTeX root (the first class of the element).
export const KATEX_ROOTS: Record<string, readonly string[]> = { span: ['katex', 'katex-display', 'katex-error'], p: ['katex-block'] };

// Whose content is dropped along with the tag: text inside them is code or markup, not prose.
export const DROP_CONTENT = new Set([
  'script',
  'style',
  'template',
  'textarea',
  'title',
  'noscript',
  'xmp',
  'iframe',
  'noembed',
  'noframes',
  'object',
  'embed',
  'plaintext',
  'select',
  'option',
  'foreignobject',
  'annotation-xml',
  'desc',
]);

// Values KaTeX writes: lengths, numbers, keywords, colors (#abc or a name). No quotes, parentheses,
// backslashes, colons or semicolons: no url(), expression(), var() or escapes can be spelled with these.
export const PLAIN_VALUE = /^[-+#a-zA-Z0-9. %]*$/;
export const PATH_DATA = /^[-+0-9.,\sa-zA-Z]*$/;
export const KATEX_STYLE_PROPS = new Set([
  'height',
  'width',
  'min-width',
  'vertical-align',
  'top',
  'bottom',
  'left',
  'margin',
  'margin-left',
  'margin-right',
  'margin-top',
  'padding-left',
  'border-width',
  'border-top-width',
  'border-bottom-width',
  'border-right-width',
  'border',
  'border-style',
  'border-right-style',
  'border-color',
  'color',
  'background-color',
  'text-shadow',
  'position',
]);
