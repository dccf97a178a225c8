// The last wall between a comment and the page: an allowlist pass over the HTML that markdown-it and
// KaTeX produced. Markdown is rendered with raw HTML off, so nothing here should ever be removed; this
// exists so that a bug or a future option in either library cannot put script on the page.
//
// What survives:
// - Markdown's elements (paragraphs, emphasis, code, quotes, lists, tables, rules, links). Links only to
//   http(s) and mailto, always rel="nofollow ugc noopener". No images at all (see comment-markdown.ts).
// - KaTeX's output, only inside a KaTeX root (span.katex, span.katex-display, span.katex-error,
//   p.katex-block): spans with class and a checked style, MathML, and the SVG subset KaTeX draws
//   radicals and stretchy arrows with (svg, path, line; geometry attributes only).
// Everything else loses its tags (the text stays, escaped); script-like elements lose their content too.
// Every attribute value is decoded, checked and re-escaped, so the browser sees exactly what was checked.
import {
  DROP_CONTENT,
  KATEX_ROOTS,
  KATEX_SPAN_ATTRS,
  KATEX_STYLE_PROPS,
  MARKDOWN_TAGS,
  MATHML_ATTRS,
  MATHML_NS,
  MATHML_TAGS,
  PATH_DATA,
  PLAIN_VALUE,
  SVG_ATTRS,
  SVG_ATTR_CASE,
  SVG_NS,
  VOID_TAGS,
  type Space,
} from './comment-html-allowlist.ts';
import { decodeEntities } from './text.ts';

/** Elements may nest this deep; deeper tags are dropped (their text stays). */
export const MAX_ELEMENT_DEPTH = 100;

const TAG_AT = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/y;
const ATTR_AT = /\s+([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/y;

interface Open {
  tag: string;
  /** False when the tag was dropped: its closing tag is dropped too. */
  kept: boolean;
  space: Space;
  katex: boolean;
  dropContent: boolean;
}

/** Escapes the characters that are special in HTML text and double-quoted attribute values. */
function escapeAttr(s: string): string {
  return /[&<>"']/.test(s) ? s.replace(/[&<>"']/g, (c) => ESCAPES[c]!) : s;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Returns `url` when it is an absolute http(s) or mailto link with nothing a browser would strip or reinterpret. */
export function safeLinkUrl(url: string): string | null {
  // Browsers drop tabs and newlines inside URLs and trim control characters: refuse them all rather than guess.
  if (/[\u0000-\u0020\u007f-\u009f\\]/.test(url)) return null;
  return /^(https?:\/\/[^/]|mailto:[^/])/i.test(url) ? url : null;
}

function checkStyle(tag: string, value: string): string | null {
  if (tag === 'th' || tag === 'td') return /^text-align:(left|right|center);?$/.test(value) ? value : null;
  const decls = value.split(';').filter((d) => d.trim() !== '');
  const kept: string[] = [];
  for (const decl of decls) {
    const colon = decl.indexOf(':');
    if (colon < 0) continue;
    const prop = decl.slice(0, colon).trim().toLowerCase();
    const v = decl.slice(colon + 1).trim();
    if (!KATEX_STYLE_PROPS.has(prop) || !PLAIN_VALUE.test(v)) continue;
    if (prop === 'position' && v !== 'relative') continue;
    kept.push(`${prop}:${v}`);
  }
  if (kept.length === 0) return null;
  // Every declaration checked out: KaTeX's text as it wrote it.
  return kept.length === decls.length ? value : kept.join(';') + ';';
}

// The attributes an element keeps, already escaped; null when the element itself must go.
function keptAttributes(tag: string, space: Space, katex: boolean, attrs: [string, string][]): string | null {
  let out = '';
  const add = (name: string, value: string) => (out += ` ${name}="${escapeAttr(value)}"`);
  for (const [rawName, value] of attrs) {
    const name = rawName.toLowerCase();
    if (name.startsWith('on')) continue; // event handlers, whatever else is allowed
    if (space === 'svg') {
      const canonical = SVG_ATTR_CASE[name] ?? name;
      if (!SVG_ATTRS[tag]?.includes(canonical)) continue;
      if (canonical === 'xmlns') {
        if (value !== SVG_NS) return null;
      } else if (canonical === 'style') {
        const s = checkStyle(tag, value);
        if (s !== null) add('style', s);
        continue;
      } else if (!(canonical === 'd' ? PATH_DATA : PLAIN_VALUE).test(value)) continue;
      add(canonical, value);
    } else if (space === 'math') {
      if (!MATHML_ATTRS.has(name)) continue;
      if (name === 'xmlns' && value !== MATHML_NS) return null;
      if (name === 'encoding' && value !== 'application/x-tex') return null;
      if (name === 'style') {
        const s = checkStyle(tag, value);
        if (s !== null) add('style', s);
        continue;
      }
      if (name !== 'xmlns' && name !== 'encoding' && !PLAIN_VALUE.test(value)) continue;
      add(name, value);
    } else if (katex) {
      if (!KATEX_SPAN_ATTRS.includes(name)) continue;
      if (name === 'class' && !/^[a-zA-Z0-9 _-]*$/.test(value)) continue;
      if (name === 'aria-hidden' && value !== 'true') continue;
      if (name === 'style') {
        const s = checkStyle(tag, value);
        if (s !== null) add('style', s);
        continue;
      }
      add(name, value);
    } else {
      if (!MARKDOWN_TAGS[tag]?.includes(name)) continue;
      if (name === 'href') {
        const url = safeLinkUrl(value);
        if (url === null) return null; // a link to somewhere we do not link: keep the text, lose the link
        add('href', url);
      } else if (name === 'style') {
        const s = checkStyle(tag, value);
        if (s !== null) add('style', s);
      } else if (name === 'class') {
        if (value === 'math-error') add('class', value); // a formula shown as its source (comment-markdown.ts)
      } else if (name === 'start') {
        if (/^[0-9]{1,9}$/.test(value)) add('start', value);
      } else add(name, value);
    }
  }
  if (tag === 'a' && space === 'html') {
    if (!/ href="/.test(out)) return null;
    out += ' rel="nofollow ugc noopener"';
  }
  return out;
}

function parseAttributes(s: string): [string, string][] {
  const attrs: [string, string][] = [];
  if (s === '') return attrs;
  ATTR_AT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ATTR_AT.exec(s))) {
    const name = m[1]!.toLowerCase();
    if (attrs.some(([n]) => n === name)) continue; // browsers keep the first of duplicate attributes; so do we
    attrs.push([name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? '')]);
  }
  return attrs;
}

// What an opening tag may be, given where it is: its namespace, or null when it is not allowed here.
function placeOf(tag: string, parent: Open | undefined): { space: Space } | null {
  const space: Space = parent?.space ?? 'html';
  const katex = parent?.katex ?? false;
  if (space === 'svg') return tag === 'path' || tag === 'line' ? { space: 'svg' } : null;
  if (space === 'math') return MATHML_TAGS.has(tag) && tag !== 'math' ? { space: 'math' } : null;
  if (katex) {
    if (tag === 'span') return { space: 'html' };
    if (tag === 'math') return { space: 'math' };
    if (tag === 'svg') return { space: 'svg' };
    return null;
  }
  return Object.hasOwn(MARKDOWN_TAGS, tag) || tag === 'span' ? { space: 'html' } : null;
}

function firstClass(attrs: [string, string][]): string {
  return (
    attrs
      .find(([n]) => n === 'class')?.[1]
      .trim()
      .split(/\s+/)[0] ?? ''
  );
}

const TEXT_TO_ESCAPE = /[<>]|&(?!#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[a-zA-Z][a-zA-Z0-9]{1,31};)/g;

// Text between tags: kept as written when it is well-formed, with stray '<', '>' and '&' escaped.
function cleanText(text: string): string {
  return text.replace(TEXT_TO_ESCAPE, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;'));
}

/** Returns `html` with only the allowed elements and attributes, every element closed. */
export function sanitizeCommentHtml(html: string): string {
  const stack: Open[] = [];
  let out = '';
  let i = 0;
  let dropDepth = 0; // open script-like elements: while above 0, nothing is written
  const dropping = () => dropDepth > 0;
  const push = (o: Open) => {
    stack.push(o);
    if (o.dropContent) dropDepth++;
  };
  const close = (o: Open) => {
    if (o.dropContent) dropDepth--;
    if (o.kept && !VOID_TAGS.has(o.tag)) out += `</${o.tag}>`;
  };
  const openIndexOf = (tag: string) => {
    for (let k = stack.length - 1; k >= 0; k--) if (stack[k]!.tag === tag) return k;
    return -1;
  };
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    const textEnd = lt < 0 ? html.length : lt;
    if (textEnd > i) {
      if (!dropping()) out += cleanText(html.slice(i, textEnd));
      i = textEnd;
      continue;
    }
    TAG_AT.lastIndex = i;
    const m = TAG_AT.exec(html);
    if (!m) {
      if (!dropping()) out += '&lt;';
      i++;
      continue;
    }
    i += m[0].length;
    const closing = m[1] === '/';
    const tag = m[2]!.toLowerCase();
    const selfClosing = m[4] === '/';
    if (closing) {
      // Inside script-like elements only their own end tag counts, as in a browser.
      const at = dropping() ? (stack.at(-1)?.tag === tag ? stack.length - 1 : -1) : openIndexOf(tag);
      if (at < 0) continue; // closes nothing open: dropped
      while (stack.length > at) close(stack.pop()!);
      continue;
    }
    if (DROP_CONTENT.has(tag) || dropping()) {
      if (DROP_CONTENT.has(tag) && !selfClosing) push({ tag, kept: false, space: 'html', katex: false, dropContent: true });
      continue;
    }
    const parent = stack.at(-1);
    const attrs = parseAttributes(m[3] ?? '');
    const place = stack.length < MAX_ELEMENT_DEPTH ? placeOf(tag, parent) : null;
    let katex = parent?.katex ?? false;
    let keep = place !== null;
    if (place && !katex && (tag === 'span' || tag === 'p')) {
      // Outside math a span is only kept as the root of KaTeX output; p.katex-block is a root too.
      const opensKatex = KATEX_ROOTS[tag]!.includes(firstClass(attrs));
      if (opensKatex) katex = true;
      else if (tag === 'span') keep = false;
    }
    const attrText = keep ? keptAttributes(tag, place!.space, katex, attrs) : null;
    if (attrText === null) keep = false;
    if (selfClosing && keep && place!.space !== 'html') {
      out += `<${tag}${attrText}/>`; // <path/>, <mspace/>: self-closing is honoured inside svg and math
      continue;
    }
    if (keep) out += `<${tag}${attrText}>`;
    if (VOID_TAGS.has(tag)) continue;
    if (selfClosing) {
      if (keep) out += `</${tag}>`; // <p/> means <p> in HTML; close it so nothing is left open
      continue;
    }
    push({
      tag,
      kept: keep,
      space: keep ? place!.space : (parent?.space ?? 'html'),
      katex: keep ? katex : (parent?.katex ?? false),
      dropContent: false,
    });
  }
  while (stack.length > 0) close(stack.pop()!);
  return out;
}
