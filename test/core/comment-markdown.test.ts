// Comment Markdown: what renders (Markdown, math), what never gets through (script in any spelling), and the caps.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import katex from 'katex';
import { sanitizeCommentHtml } from '../../src/core/comment-html-sanitizer.ts';
import { checkCommentBody, MAX_COMMENT_CHARS, renderCommentMarkdown } from '../../src/core/comment-markdown.ts';

// The only elements a rendered comment may contain: Markdown's, KaTeX's spans and MathML, and KaTeX's SVG shapes.
const ALLOWED_TAGS = new Set([
  'p',
  'br',
  'hr',
  'em',
  'strong',
  's',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'span',
  'svg',
  'path',
  'line',
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
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'srcdoc', 'background', 'poster', 'data']);

/** Fails unless `html` is inert: known elements only, no handlers, links only to http(s)/mailto, no url() in styles. */
function assertInert(html: string, input: string): void {
  const tags = [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:="[^"]*")?)*)\s*\/?>/g)];
  // Every '<' in the output starts one of the tags checked here (text has '&lt;').
  assert.equal((html.match(/</g) ?? []).length, tags.length, `stray '<' in output of ${JSON.stringify(input)}: ${html}`);
  for (const [tag, name, attrs] of tags) {
    assert.ok(ALLOWED_TAGS.has(name!.toLowerCase()), `<${name}> in output of ${JSON.stringify(input)}`);
    for (const [, attr, value] of (attrs ?? '').matchAll(/\s+([^\s"'>/=]+)(?:="([^"]*)")?/g)) {
      const a = attr!.toLowerCase();
      assert.ok(!a.startsWith('on'), `event handler ${a} in output of ${JSON.stringify(input)}`);
      assert.ok(value !== undefined, `attribute ${a} without a quoted value in ${JSON.stringify(input)}`);
      if (URL_ATTRIBUTES.has(a)) {
        assert.equal(a, 'href', `${a}= in output of ${JSON.stringify(input)}`);
        assert.match(value!, /^(https?:\/\/[^/\s]|mailto:)/, `href="${value}" in output of ${JSON.stringify(input)}`);
      }
      if (a === 'style')
        assert.doesNotMatch(value!, /url|expression|javascript|\\|fixed|absolute|@import/i, `style="${value}" in ${JSON.stringify(input)}`);
      if (a === 'xmlns') assert.match(value!, /^http:\/\/www\.w3\.org\/(1998\/Math\/MathML|2000\/svg)$/);
    }
    if (name === 'a' && !tag.startsWith('</'))
      assert.match(attrs!, /rel="nofollow ugc noopener"/, `link without rel in ${JSON.stringify(input)}`);
  }
}

const XSS_PAYLOADS = [
  // Script tags and raw HTML (raw HTML is off: all of it must come out as text).
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<body onload=alert(1)>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">raw link</a>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text x="0" y="20">x</text></a></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>',
  // Broken markup.
  '<img src="x" onerror="alert(1)"',
  '<<script>script>alert(1)<</script>/script>',
  '<scr<script>ipt>alert(1)</script>',
  '</textarea><script>alert(1)</script>',
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  '<!--<img src=x onerror=alert(1)>-->',
  '<![CDATA[<script>alert(1)</script>]]>',
  '<details open ontoggle=alert(1)>',
  // Links and autolinks with javascript:, data:, vbscript: in every spelling.
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click]( javascript:alert(1))',
  '[click](<javascript:alert(1)>)',
  '[click](&#106;avascript:alert(1))',
  '[click](&#x6A;avascript&#x3A;alert(1))',
  '[click](jav&#x09;ascript:alert(1))',
  '[click](java&#10;script:alert(1))',
  '[click](javascript&colon;alert(1))',
  '[click](\\javascript:alert(1))',
  '[click](vbscript:msgbox(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](data:image/png;base64,iVBORw0KGgo=)',
  '[click](file:///etc/passwd)',
  '[click](//evil.example/x)',
  '[click][ref]\n\n[ref]: javascript:alert(1)',
  '[click](https://ok.example "title\\" onmouseover=\\"alert(1)")',
  '<javascript:alert(1)>',
  '<data:text/html,<script>alert(1)</script>>',
  '<vbscript:msgbox(1)>',
  'javascript:alert(1) and data:text/html,<script>alert(1)</script> as bare text',
  '![x](javascript:alert(1))',
  '![x](https://evil.example/pixel.png)',
  '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  // Entity tricks in text.
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&#60;script&#62;alert(1)&#60;/script&#62;',
  '&amp;lt;img src=x onerror=alert(1)&amp;gt;',
  '`<script>alert(1)</script>`',
  '```html\n<script>alert(1)</script>\n```',
  // Math that tries to get out.
  '$\\href{javascript:alert(1)}{click}$',
  '$$\\href{javascript:alert(1)}{click}$$',
  '$\\url{javascript:alert(1)}$',
  '$\\htmlClass{notice}{x}$',
  '$\\htmlStyle{background:url(https://evil.example/x)}{x}$',
  '$\\htmlId{main}{x}$',
  '$\\htmlData{foo=bar}{x}$',
  '$\\includegraphics[height=1em]{https://evil.example/x.png}$',
  '$\\text{<script>alert(1)</script>}$',
  '$\\def\\x{<img src=x onerror=alert(1)>}\\x$',
  '$\\textcolor{red;background:url(x)}{y}$',
  '$\\color{expression(alert(1))}{y}$',
  '$\\rule{1000em}{1000em}$',
  '$\\raisebox{-1000em}{x}$',
  '$x</span><script>alert(1)</script>$',
  '[$x$](javascript:alert(1))',
];

test('XSS payloads render inert', () => {
  for (const payload of XSS_PAYLOADS) {
    const html = renderCommentMarkdown(payload);
    assertInert(html, payload);
    assert.doesNotMatch(html, /<script|<img|<iframe|<object|<svg on|<style|<details/i, payload);
    assert.doesNotMatch(html, /href="(?!https?:|mailto:)/i, payload);
  }
});

test('hostile HTML handed straight to the sanitizer comes out inert too', () => {
  const raw = [
    ...XSS_PAYLOADS,
    '<a href="https://ok.example" onclick="alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="jav&#x61;script:alert(1)">x</a>',
    '<span class="katex"><a href="https://x.example">x</a><img src=x><span style="background:url(javascript:alert(1));height:1em">y</span></span>',
    '<span class="katex"><svg><script>alert(1)</script><foreignObject><img src=x onerror=alert(1)></foreignObject><use href="#x"/><path d="M0 0" onload="x"/></svg></span>',
    '<span class="katex"><math><annotation-xml encoding="text/html"><img src=x onerror=alert(1)></annotation-xml><maction actiontype="statusline">x</maction></math></span>',
    '<span class="katex" style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</span>',
    '<span class="notice notice-error">fake site notice</span>',
    '<p class="katex-block" onclick="alert(1)">b</p>',
    '<ol start="5 onclick=alert(1)"><li>x</li></ol>',
    '<td style="text-align:left;background:url(x)">x</td>',
    '<p>unclosed <em>tags <strong>everywhere',
    '</p></div></span>stray closing tags',
    '<style>p { background: url(javascript:alert(1)) }</style><p>x</p>',
    '<textarea><p>not markup</p></textarea>',
  ];
  for (const input of raw) assertInert(sanitizeCommentHtml(input), input);
  assert.equal(sanitizeCommentHtml('<p>unclosed <em>emph'), '<p>unclosed <em>emph</em></p>');
  assert.equal(sanitizeCommentHtml('<span class="notice">spoof</span>'), 'spoof', 'only KaTeX roots keep a span');
  assert.equal(sanitizeCommentHtml('<script>alert(1)</script>after'), 'after', 'script content goes with the tag');
  assert.equal(
    sanitizeCommentHtml('<a href="https://ok.example" onclick="x()">ok</a>'),
    '<a href="https://ok.example" rel="nofollow ugc noopener">ok</a>',
  );
  assert.equal(
    sanitizeCommentHtml('<span class="katex" style="position:fixed;top:0">x</span>'),
    '<span class="katex" style="top:0;">x</span>',
  );
});

test('the sanitizer keeps KaTeX output exactly as KaTeX wrote it', () => {
  const formulas = [
    '\\sqrt{x}',
    '\\sqrt[3]{x}',
    '\\overrightarrow{AB}',
    '\\cancel{x}',
    '\\xcancel{x}',
    '\\color{red}{x}',
    '\\colorbox{yellow}{x}',
    '\\fcolorbox{red}{blue}{x}',
    '\\begin{pmatrix}a&b\\\\c&d\\end{pmatrix}',
    '\\begin{array}{c|c}a&b\\\\\\hline c&d\\end{array}',
    '\\rule{1em}{5em}',
    '\\hspace{3em}x',
    '\\fbox{a}',
    '\\widehat{abc}',
    '\\xrightarrow{abc}',
    '\\boxed{x}',
    '\\not=',
    '\\frac{a}{b}',
    '\\sum_{i=1}^n i^2',
    '\\int_0^\\infty e^{-x}\\,dx',
    '\\mathbb{R}\\mathcal{L}\\mathfrak{g}',
    '\\left(\\frac{a}{b}\\right)',
    '\\underbrace{a+b}_{c}',
    '\\overbrace{a+b}^{c}',
    '\\tag{1} x',
    '\\phantom{x}y',
    '\\textcolor{#f00}{x}',
    '\\vec{x}\\hat{y}\\tilde{z}',
    '\\binom{n}{k}',
    '\\begin{cases}a&b\\\\c&d\\end{cases}',
    '\\operatorname{argmax}_x',
    'a \\\\ b',
    '\\verb|a<b|',
    '\\text{<b>}',
    '\\href{javascript:alert(1)}{x}',
    '\\frac{1',
  ];
  for (const displayMode of [false, true]) {
    for (const tex of formulas) {
      const html = katex.renderToString(tex, { throwOnError: false, output: 'htmlAndMathml', trust: false, strict: 'ignore', displayMode });
      // The sanitizer writes every quote it escapes as &#39;; KaTeX writes some as &#x27;.
      assert.equal(sanitizeCommentHtml(html), html.replaceAll('&#x27;', '&#39;'), tex);
    }
  }
});

test('Markdown renders: emphasis, code, quotes, lists, tables, links; images and headings do not', () => {
  const cases: [string, string][] = [
    ['Hello *world* and **bold** and ~~gone~~', '<p>Hello <em>world</em> and <strong>bold</strong> and <s>gone</s></p>\n'],
    ['a `x < y` b', '<p>a <code>x &lt; y</code> b</p>\n'],
    ['```\nif (a < b) {}\n```', '<pre><code>if (a &lt; b) {}\n</code></pre>\n'],
    ['> quoted\n\nreply', '<blockquote>\n<p>quoted</p>\n</blockquote>\n<p>reply</p>\n'],
    ['- a\n- b', '<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n'],
    ['3. three\n4. four', '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>\n'],
    ['line one\nline two', '<p>line one<br>\nline two</p>\n'],
    [
      'see https://arxiv.org/abs/2405.15738.',
      '<p>see <a href="https://arxiv.org/abs/2405.15738" rel="nofollow ugc noopener">https://arxiv.org/abs/2405.15738</a>.</p>\n',
    ],
    [
      '[code](https://github.com/x/y "repo")',
      '<p><a href="https://github.com/x/y" title="repo" rel="nofollow ugc noopener">code</a></p>\n',
    ],
    ['mail <ada@example.org>', '<p>mail <a href="mailto:ada@example.org" rel="nofollow ugc noopener">ada@example.org</a></p>\n'],
    ['![figure 2](https://example.org/f.png)', '<p>!<a href="https://example.org/f.png" rel="nofollow ugc noopener">figure 2</a></p>\n'],
    ['# Not a heading', '<p># Not a heading</p>\n'],
    ['[relative](/papers/1)', '<p>[relative](/papers/1)</p>\n'],
    ['Tom & Jerry <3', '<p>Tom &amp; Jerry &lt;3</p>\n'],
  ];
  for (const [input, expected] of cases) assert.equal(renderCommentMarkdown(input), expected, input);
  const table = renderCommentMarkdown('| a | b |\n|--:|:-:|\n| 1 | 2 |');
  assert.match(table, /<table>\n<thead>\n<tr>\n<th style="text-align:right">a<\/th>/);
});

test('math renders with KaTeX on the server: inline, display, errors, and dollars that are just dollars', () => {
  const inline = renderCommentMarkdown('Let $x^2 + y_i$ be small.');
  assert.match(inline, /^<p>Let <span class="katex"><span class="katex-mathml"><math xmlns="http:\/\/www.w3.org\/1998\/Math\/MathML">/);
  assert.match(inline, /<annotation encoding="application\/x-tex">x\^2 \+ y_i<\/annotation>/);
  assert.doesNotMatch(inline, /katex-display|<em>/, 'underscores in math are not emphasis');
  const block = renderCommentMarkdown('Sum:\n\n$$\n\\sum_{i=1}^n i = \\frac{n(n+1)}{2}\n$$\n\ndone');
  assert.match(block, /<p class="katex-block"><span class="katex-display"><span class="katex">/);
  assert.match(block, /<p>done<\/p>/);
  assert.match(
    renderCommentMarkdown('so $$x$$ inline'),
    /^<p>so <span class="katex-display">/,
    'display math inside a paragraph is not a nested <p>',
  );
  assert.match(
    renderCommentMarkdown('$\\sqrt{2}$'),
    /<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*><path d="M95,702/,
    'radicals keep their SVG',
  );
  assert.equal(renderCommentMarkdown('It costs $5 and $6 more.'), '<p>It costs $5 and $6 more.</p>\n');
  assert.equal(renderCommentMarkdown('Escaped \\$x\\$ stays'), '<p>Escaped $x$ stays</p>\n');
  assert.match(
    renderCommentMarkdown('$\\frac{1$'),
    /class="katex-error"[^>]*>\\frac\{1<\/span>/,
    'a formula with an error shows its source',
  );
  assert.match(
    renderCommentMarkdown(`$${'{'.repeat(200)}x${'}'.repeat(200)}$`),
    /<code class="math-error">\{\{\{/,
    'deep nesting shows the source',
  );
  assert.match(renderCommentMarkdown('$\\def\\a{\\a\\a}\\a$'), /katex-error/, 'macro bombs stop at maxExpand');
  // One comment's macros never reach another.
  renderCommentMarkdown('$\\gdef\\secret{leaked}$');
  assert.doesNotMatch(renderCommentMarkdown('$\\secret$'), /leaked/);
  // maxSize caps user-given sizes at 50em.
  const styles = [...renderCommentMarkdown('$\\rule{1000em}{1000em}$').matchAll(/style="([^"]*)"/g)].map((m) => m[1]).join(';');
  for (const m of styles.matchAll(/(-?[0-9.]+)em/g)) assert.ok(Math.abs(Number(m[1])) <= 60, m[0]);
  assert.match(styles, /50em/);
});

test('checkCommentBody: empty, too long, nested too deep, too much math; line breaks and invisible characters cleaned', () => {
  for (const empty of ['', '   ', '\n\n\t\n'])
    assert.deepEqual(checkCommentBody(empty), { ok: false, error: 'Write something first: the comment is empty.' });
  const long = checkCommentBody('x'.repeat(MAX_COMMENT_CHARS + 1));
  assert.equal(long.ok, false);
  assert.match(!long.ok ? long.error : '', /at most 10,000 characters; this one has 10,001/);
  assert.equal(checkCommentBody('x'.repeat(MAX_COMMENT_CHARS)).ok, true);
  const deep = checkCommentBody(`${'> '.repeat(40)}deep`);
  assert.match(!deep.ok ? deep.error : '', /nest at most 16 levels/);
  assert.equal(checkCommentBody(`${'> '.repeat(5)}fine`).ok, true);
  const heavy = checkCommentBody('$\\sqrt{x}$ '.repeat(900));
  assert.match(!heavy.ok ? heavy.error : '', /too much math/);
  const ok = checkCommentBody('\r\n\r\nfirst\r\nsecond\u202e\u0007  \r\n');
  assert.deepEqual(ok.ok && ok.value.body, 'first\nsecond');
  assert.equal(ok.ok && ok.value.html, '<p>first<br>\nsecond</p>\n');
});
