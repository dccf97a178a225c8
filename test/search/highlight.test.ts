import { test } from 'node:test';
import assert from 'node:assert/strict';
import { abstractPreview, highlightRichText, markWords, wordMatcher } from '../../src/search/highlight.ts';

test('matching words are marked, whatever their inflection or accents', () => {
  assert.equal(highlightRichText('Speculative Decoders decode', ['decod']), 'Speculative <mark>Decoders</mark> <mark>decode</mark>');
  assert.equal(highlightRichText('Schrödinger bridges', ['schroding']), '<mark>Schrödinger</mark> bridges');
  assert.equal(highlightRichText('the pre-training stage', ['pretrain']), 'the <mark>pre-training</mark> stage');
  assert.equal(highlightRichText('nothing here', []), 'nothing here');
});

test('math is rendered and never marked inside', () => {
  const html = highlightRichText('decoding with $\\mathrm{decoding}(x)$ cost', ['decod']);
  assert.match(html, /^<mark>decoding<\/mark> with <span class="katex">/);
  assert.equal(html.match(/<mark>/g)?.length, 1);
  assert.doesNotMatch(html.replace(/<annotation[^>]*>.*?<\/annotation>/gs, ''), /\$/);
});

test('titles with markup stay inert: marks wrap escaped text only', () => {
  const payloads = [
    '<script>alert(1)</script> decoding',
    '<img src=x onerror=alert(1)> decoding',
    '"><svg onload=alert(1)> decoding',
    'decoding javascript:alert(1)',
    '<mark onclick=alert(1)>decoding</mark>',
    'decoding &lt;script&gt; &amp; &#60;b&#62;',
  ];
  for (const title of payloads) {
    const html = highlightRichText(title, ['decod', 'script', 'mark', 'img', 'onerror', 'amp', 'lt']);
    const withoutMarks = html.replace(/<\/?mark>/g, '');
    assert.doesNotMatch(withoutMarks, /<(?!\/?(em|strong|code)>)/, title);
    assert.doesNotMatch(html, /javascript:/i, title);
    assert.match(html, /<mark>decoding<\/mark>/, title);
  }
  // Marks never land inside an entity or a tag of the converted text.
  assert.equal(markWords('a &amp; b <em>lt</em>', wordMatcher(['amp', 'lt'])), 'a &amp; b <em><mark>lt</mark></em>');
});

test('the abstract preview starts at a matching sentence when the opening has none', () => {
  const abstract =
    'We study many things at length in this opening sentence that goes on. Another sentence without it. Finally, speculative decoding appears here with $x$ math.';
  assert.equal(abstractPreview(abstract, ['decod'], 60), '… Finally, speculative decoding appears here with $x$ math.');
  assert.equal(abstractPreview(abstract, ['open'], 60).startsWith('We study'), true);
  assert.equal(abstractPreview(abstract, [], 60).startsWith('We study'), true);
});
