import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plainTextOf, renderRichText, truncateWords } from '../../src/core/math.ts';

test('renderRichText escapes text and converts text-mode LaTeX', () => {
  const cases: [string, string][] = [
    ['plain & <simple> "text" \'ok\'', 'plain &amp; &lt;simple&gt; &quot;text&quot; &#39;ok&#39;'],
    ['a \\textit{b} \\emph{c} \\textbf{d} \\texttt{e} \\textsc{f}', 'a <em>b</em> <em>c</em> <strong>d</strong> <code>e</code> f'],
    ['\\textbf{\\emph{nested}}', '<strong><em>nested</em></strong>'],
    ['{\\em old} {\\bf style}', '<em>old</em> <strong>style</strong>'],
    ['\\textit{<b>}', '<em>&lt;b&gt;</em>'],
    ['see \\url{https://x.org/~me--a}', 'see https://x.org/~me--a'],
    ['Fig.~1', 'Fig.&nbsp;1'],
    ['pages 1--10, Navier--Stokes, a -- b, wait---what', 'pages 1–10, Navier–Stokes, a – b, wait—what'],
    ['https://a--b.com/~x and www.c--d.org', 'https://a--b.com/~x and www.c--d.org'],
    ['<!-- x -->', '&lt;!-- x --&gt;'],
    ['costs \\$5, 50\\% of R\\&D, a\\_b', 'costs $5, 50% of R&amp;D, a_b'],
    ['one $ only', 'one $ only'],
    ['{B}ayesian', 'Bayesian'],
    ['\\cite{x~y} \\foo', '\\cite{x&nbsp;y} \\foo'],
    ['trailing \\', 'trailing \\'],
    ['\\textit{unclosed', '\\textitunclosed'],
  ];
  for (const [input, expected] of cases) assert.equal(renderRichText(input), expected, input);
});

test('renderRichText renders math with KaTeX', () => {
  const inline = renderRichText('Let $x^2$ be');
  assert.match(inline, /^Let <span class="katex">.*<\/span> be$/s);
  assert.doesNotMatch(inline, /katex-display/);
  for (const display of ['$$x^2$$', '\\[x^2\\]']) assert.match(renderRichText(display), /katex-display/, display);
  assert.match(renderRichText('\\(x\\)'), /^<span class="katex">/);
  assert.match(renderRichText('$\\frac{1$'), /katex-error/);
  assert.equal(renderRichText('$a$'), renderRichText('$a$'), 'cached result is identical');
  // A stray $ far from its partner, or across a blank line, is text.
  assert.equal(renderRichText('$5\n\nand $6', { paragraphs: true }), '<p>$5</p>\n<p>and $6</p>');
});

test('renderRichText wraps paragraphs', () => {
  assert.equal(renderRichText('One\nline.\n\n  Two.\n\n\n', { paragraphs: true }), '<p>One\nline.</p>\n<p>Two.</p>');
  assert.equal(renderRichText('', { paragraphs: true }), '');
});

// Real tags in the output, ignoring escaped text such as the TeX source KaTeX echoes in <annotation>.
function tags(html: string): string[] {
  return html.match(/<[^>]*>/g) ?? [];
}

test('renderRichText output is safe for hostile input', () => {
  const inputs = [
    '$\\href{javascript:alert(1)}{x}$',
    '$\\url{javascript:alert(1)}$',
    '<img src=x onerror=alert(1)>',
    '$<img src=x onerror=alert(1)>$',
    '$<script>$',
    '<script>alert(1)</script>',
    '\\textit{<b>}',
    '\\url{javascript:alert(1)}',
    'javascript:alert(1)',
    '$\\htmlClass{x}{y}$ $\\includegraphics{x.png}$',
    '$$\\def\\a{\\a\\a}\\a$$',
    '\\textbf{"><svg onload=alert(1)>}',
  ];
  for (const input of inputs) {
    for (const html of [renderRichText(input), renderRichText(input, { paragraphs: true })]) {
      assert.doesNotMatch(html, /<script/i, input);
      assert.doesNotMatch(html, /javascript:/i, input);
      for (const tag of tags(html)) {
        assert.doesNotMatch(tag, /\son[a-z]+\s*=/i, `${input}: ${tag}`);
        assert.doesNotMatch(tag, /^<\/?(img|svg|a|script|iframe|b)\b/i, `${input}: ${tag}`);
      }
    }
  }
});

test('renderRichText survives deep nesting and long hostile input', () => {
  const deep = '\\textit{'.repeat(20000) + 'x' + '}'.repeat(20000);
  assert.match(renderRichText(deep), /<em><em>.*x/s);
  for (const s of ['{'.repeat(100000), '\\('.repeat(50000), '$'.repeat(100000)]) assert.equal(typeof renderRichText(s), 'string');
});

test('plainTextOf', () => {
  const cases: [string, string][] = [
    ['On $\\mathbb{R}^n$ and $$x$$', 'On \\mathbb{R}^n and x'],
    ['\\textit{Deep} \\textbf{nets} \\url{https://x.org}', 'Deep nets https://x.org'],
    ['Fig.~1, 1--2, 50\\% \\$3', 'Fig. 1, 1–2, 50% $3'],
    ['<b>kept raw</b>', '<b>kept raw</b>'],
  ];
  for (const [input, expected] of cases) assert.equal(plainTextOf(input), expected, input);
});

test('truncateWords', () => {
  const cases: [string, number, string][] = [
    ['short', 10, 'short'],
    ['exactly ten', 11, 'exactly ten'],
    ['one two three four', 10, 'one two…'],
    ['one two, three', 10, 'one two…'],
    ['abcdefghijklmnop', 5, 'abcd…'],
    ['we use $a + b + c$ here', 15, 'we use…'],
    ['we use $a + b$ here', 16, 'we use $a + b$…'],
    ['$a + b + c + d$', 5, '…'],
  ];
  for (const [input, max, expected] of cases) {
    const out = truncateWords(input, max);
    assert.equal(out, expected, `${input} @${max}`);
    assert.ok(out.length <= Math.max(max, input.length <= max ? input.length : 0), `${input} fits`);
  }
});
