// Comments are Markdown with LaTeX math, rendered once on the server when written (markdown-it with
// raw HTML off, math through KaTeX with trust off), then passed through an allowlist sanitizer.
//
// Images are out entirely: `![alt](url)` shows as a link. An image in a comment would load from any
// server whenever someone reads the page (a tracking pixel revealing readers' addresses), could be
// huge or offensive, and a discussion of a paper does not need it: a link to the figure does.
// Headings are out too: a "# Title" in a comment would outrank the page's own headings.
import katex from 'katex';
import MarkdownIt from 'markdown-it';
import markdownItKatexModule from '@vscode/markdown-it-katex';
import type { Checked } from './account-input.ts';
import { sanitizeCommentHtml, safeLinkUrl } from './comment-html-sanitizer.ts';
import { escapeHtml } from './math.ts';

/** The longest comment, in characters of Markdown as written. */
export const MAX_COMMENT_CHARS = 10_000;
/** Quotes, lists and emphasis nest at most this deep (markdown-it's own guard would silently cut deeper text). */
export const MAX_MARKDOWN_NESTING = 16;
/** Braces in one formula nest at most this deep; deeper formulas are shown as their source. */
export const MAX_MATH_NESTING = 24;
// A 10,000-character comment of \sqrt{} renders to megabytes of SVG; nobody needs that much math.
const MAX_RENDERED_CHARS = 400_000;

// A CommonJS package whose function is exports.default: some loaders hand over the function, others the exports object.
const markdownItKatex: typeof markdownItKatexModule.default =
  typeof markdownItKatexModule === 'function' ? markdownItKatexModule : markdownItKatexModule.default;

const KATEX_OPTIONS = {
  throwOnError: false,
  output: 'htmlAndMathml',
  trust: false, // no \href, \url, \includegraphics, \htmlClass...: comments are untrusted input
  strict: 'ignore',
  maxExpand: 1000, // stops \def-bombs
  maxSize: 50,
} as const;

// Deepest brace nesting of a formula, counted without recursion so hostile input stays cheap.
function braceDepth(tex: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < tex.length; i++) {
    const c = tex[i];
    if (c === '\\') i++;
    else if (c === '{') max = Math.max(max, ++depth);
    else if (c === '}') depth = Math.max(0, depth - 1);
  }
  return max;
}

function renderMath(tex: string, displayMode: boolean): string {
  if (braceDepth(tex) > MAX_MATH_NESTING) return `<code class="math-error">${escapeHtml(tex)}</code>`;
  try {
    // A fresh options object per formula: a shared `macros` object would let one comment's \gdef reach the next.
    return katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode });
  } catch {
    // throwOnError only covers parse errors; anything else (a stack overflow) shows the source.
    return `<code class="math-error">${escapeHtml(tex)}</code>`;
  }
}

function createRenderer() {
  const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false, maxNesting: 100 });
  md.disable(['image', 'heading', 'lheading']);
  // Stricter than markdown-it's default (which allows relative URLs and data:image): absolute http(s) and mailto only.
  md.validateLink = (url) => safeLinkUrl(url.trim()) !== null;
  // The plugin parses $...$ and $$...$$ (and knows when a $ is just a dollar); rendering is ours, below,
  // with our KaTeX and options (the plugin's own renderers and its bundled KaTeX are never called).
  md.use(markdownItKatex);
  md.renderer.rules.math_inline = (tokens, idx) => {
    const tex = tokens[idx]!.content;
    // $`...`$ is GitLab's way of writing inline math; the plugin accepts it, so do we.
    return renderMath(tex.length > 2 && tex.startsWith('`') && tex.endsWith('`') ? tex.slice(1, -1) : tex, false);
  };
  // $$...$$ on lines of its own is a block; inside a paragraph it is display math within that paragraph
  // (the plugin names both tokens math_block; only the block one has source lines).
  md.renderer.rules.math_block = (tokens, idx) => {
    const html = renderMath(tokens[idx]!.content, true);
    return tokens[idx]!.map ? `<p class="katex-block">${html}</p>\n` : html;
  };
  return md;
}

const md = createRenderer();

type Token = ReturnType<typeof md.parse>[number];

// Deepest nesting of the parsed document (blocks, and inline markup within each block).
function nestingOf(tokens: Token[]): number {
  let max = 0;
  for (const t of tokens) {
    max = Math.max(max, t.level);
    for (const child of t.children ?? []) max = Math.max(max, t.level + child.level);
  }
  return max;
}

function renderTokens(tokens: Token[]): string {
  return sanitizeCommentHtml(md.renderer.render(tokens, md.options, {}));
}

// Rendered HTML over the cap is refused before the sanitizer spends time on it.
function renderTokensWithin(tokens: Token[], maxChars: number): string | null {
  const html = md.renderer.render(tokens, md.options, {});
  return html.length > maxChars ? null : sanitizeCommentHtml(html);
}

/** Returns the comment as safe HTML: Markdown rendered, math typeset, everything outside the allowlist removed. */
export function renderCommentMarkdown(body: string): string {
  return renderTokens(md.parse(body, {}));
}

/** Cleans what was typed (line breaks, invisible characters, outer blank lines). */
export function normalizeCommentBody(raw: string): string {
  return (
    raw
      .normalize('NFC')
      .replace(/\r\n?/g, '\n')
      // Control characters other than tab and newline, and bidi overrides that could make text read backwards.
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '')
      .replace(/^\s*\n/, '')
      .trimEnd()
  );
}

/** Checks a comment as typed: the Markdown to store and its HTML, or the message to show. */
export function checkCommentBody(raw: string): Checked<{ body: string; html: string }> {
  const body = normalizeCommentBody(raw);
  if (body.trim() === '') return { ok: false, error: 'Write something first: the comment is empty.' };
  if (body.length > MAX_COMMENT_CHARS) {
    return {
      ok: false,
      error: `Comments can be at most ${MAX_COMMENT_CHARS.toLocaleString('en-US')} characters; this one has ${body.length.toLocaleString('en-US')}.`,
    };
  }
  const tokens = md.parse(body, {});
  if (nestingOf(tokens) > MAX_MARKDOWN_NESTING) {
    return { ok: false, error: `Quotes and lists can nest at most ${MAX_MARKDOWN_NESTING} levels deep.` };
  }
  const html = renderTokensWithin(tokens, MAX_RENDERED_CHARS);
  if (html === null) return { ok: false, error: 'This comment has too much math to display; shorten the formulas.' };
  return { ok: true, value: { body, html } };
}
