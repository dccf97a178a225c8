import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cleanAbstract,
  cleanTitle,
  decodeEntities,
  foldForSearch,
  normalizeWhitespace,
  splitMath,
  texAccentsToUnicode,
} from '../../src/core/text.ts';

test('decodeEntities', () => {
  const cases: [string, string][] = [
    ['a &amp; b', 'a & b'],
    ['&lt;b&gt; &quot;x&quot; &apos;y&apos;', '<b> "x" \'y\''],
    ['1&#x2013;2 1&#8211;2 &#X2014;', '1–2 1–2 —'],
    ['a&nbsp;b', 'a\u00A0b'],
    ['&ndash;&mdash;&hellip;&lsquo;&rsquo;&ldquo;&rdquo;&times;&deg;', '–—…‘’“”×°'],
    ['Schr&ouml;dinger Erd&odblac;s', 'Schrödinger Erd&odblac;s'],
    ['&eacute;&Eacute;&egrave;&uuml;&auml;&ntilde;&ccedil;&szlig;&aring;&oslash;&Oslash;', 'éÉèüäñçßåøØ'],
    ['&scaron;&Ccaron;&aelig;', 'šČæ'],
    ['&amp;lt;', '&lt;'],
    ['&unknown; & &amp', '&unknown; & &amp'],
    ['&#0; &#xD800; &#x110000;', '\uFFFD \uFFFD \uFFFD'],
    ['&#128512;', '😀'],
    ['&constructor; &toString;', '&constructor; &toString;'],
  ];
  for (const [input, expected] of cases) assert.equal(decodeEntities(input), expected, input);
});

test('texAccentsToUnicode', () => {
  const cases: [string, string][] = [
    ["\\'a \\'{a} {\\'a} {\\'{a}}", 'á á á á'],
    ['Schr\\"odinger, Schr\\"{o}dinger, Schr{\\"o}dinger', 'Schrödinger, Schrödinger, Schrödinger'],
    ['\\`e \\^o \\~n \\=a \\.z', 'è ô ñ ā ż'],
    ['Gar\\c{c}on Gar\\c con', 'Garçon Garçon'],
    ['\\v{s}\\v{C} \\u{g} Erd\\H{o}s \\k{a} \\r{u} \\d{s}', 'šČ ğ Erdős ą ů ṣ'],
    ["Mart\\'{\\i}nez \\\"\\i{} \\'\\i x", 'Martínez ï íx'],
    ['Stra\\ss e, Gro{\\ss}', 'Straße, Groß'],
    ['Bj{\\o}rn Bj\\o rn S\\o{}ren {\\O}', 'Bjørn Bjørn Søren Ø'],
    ['\\AA ngstr\\"om \\aa{}', 'Ångström å'],
    ['\\L{}ukasz {\\l}', 'Łukasz ł'],
    ['{\\ae} \\OE{}uvre', 'æ Œuvre'],
    // Control words that merely start with an accent letter are left alone.
    ['\\cite{x} \\url{y} \\left \\label{z} \\c', '\\cite{x} \\url{y} \\left \\label{z} \\c'],
    // Math is untouched.
    ["$\\'a$ and \\'a", "$\\'a$ and á"],
    ['$$\\"o$$ \\(\\ss\\) \\[\\o\\] \\"o', '$$\\"o$$ \\(\\ss\\) \\[\\o\\] ö'],
    ['\\$ \\"o $ \\"o', '\\$ ö $ ö'],
    ['plain text', 'plain text'],
  ];
  for (const [input, expected] of cases) assert.equal(texAccentsToUnicode(input), expected, input);
});

test('splitMath finds delimited math and leaves stray dollars as text', () => {
  const kinds = (s: string) => splitMath(s).map((seg) => (seg.kind === 'math' ? `${seg.display ? 'D' : 'I'}[${seg.tex}]` : seg.text));
  const cases: [string, string[]][] = [
    ['a $x$ b', ['a ', 'I[x]', ' b']],
    ['$$x$$\\(y\\)\\[z\\]', ['D[x]', 'I[y]', 'D[z]']],
    ['costs \\$5 and \\$6', ['costs \\$5 and \\$6']],
    ['$a\\$b$', ['I[a\\$b]']],
    ['one $ only', ['one $ only']],
    ['$a\n\nb$', ['$a\n\nb$']],
    ['$ $x$', ['$ ', 'I[x]']],
    ['$' + 'x'.repeat(2001) + '$', ['$' + 'x'.repeat(2001) + '$']],
  ];
  for (const [input, expected] of cases) assert.deepEqual(kinds(input), expected, input);
  assert.deepEqual(
    splitMath('ab $c$').map((s) => [s.start, s.end]),
    [
      [0, 3],
      [3, 6],
    ],
  );
});

test('normalizeWhitespace', () => {
  assert.equal(normalizeWhitespace('  A\n  title\twith   gaps \r\n'), 'A title with gaps');
  assert.equal(normalizeWhitespace(''), '');
});

test('cleanAbstract rebuilds paragraphs of the bulk snapshot', () => {
  const cases: [string, string][] = [
    ['  We present a method for\nlearning things. It is\nfast.\n', 'We present a method for learning things. It is fast.'],
    ['  First paragraph\nwraps here.\n  Second paragraph\nalso wraps.\n', 'First paragraph wraps here.\n\nSecond paragraph also wraps.'],
    ['One.\n\nTwo.\r\n\r\nThree.', 'One.\n\nTwo.\n\nThree.'],
    ['Schr\\"odinger &amp; $\\"a$ R&amp;D', 'Schrödinger & $\\"a$ R&D'],
    ['   \n  ', ''],
  ];
  for (const [input, expected] of cases) assert.equal(cleanAbstract(input), expected, JSON.stringify(input));
});

test('cleanTitle', () => {
  const cases: [string, string][] = [
    ['  Attention Is\n  All You Need ', 'Attention Is All You Need'],
    ['On the Schr\\"odinger   equation &amp; $\\mathbb{R}^n$', 'On the Schrödinger equation & $\\mathbb{R}^n$'],
    ['Caf&eacute; Erd\\H{o}s', 'Café Erdős'],
  ];
  for (const [input, expected] of cases) assert.equal(cleanTitle(input), expected, input);
});

test('foldForSearch', () => {
  const cases: [string, string][] = [
    ['Schrödinger', 'schrodinger'],
    ['Łódź Straße Øresund Ærø', 'lodz strasse oresund aero'],
    ['Erdős ÉCOLE ñandú', 'erdos ecole nandu'],
    ['Transformers 2', 'transformers 2'],
  ];
  for (const [input, expected] of cases) assert.equal(foldForSearch(input), expected, input);
});
