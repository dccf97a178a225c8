import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractLinks, type PaperLink } from '../../src/core/links.ts';

const code = (url: string): PaperLink => ({ url, kind: 'code' });
const project = (url: string): PaperLink => ({ url, kind: 'project' });

test('extractLinks', () => {
  const cases: [string, PaperLink[]][] = [
    ['Code is available at https://github.com/x/y.', [code('https://github.com/x/y')]],
    ['Project page: https://x.github.io/proj/', [project('https://x.github.io/proj/')]],
    ['See http://github.com/x/y.git, or https://www.github.com/x/y/ (mirror)', [code('https://github.com/x/y')]],
    [
      '(code: https://gitlab.com/a/b), [https://bitbucket.org/c/d]; <https://codeberg.org/e/f>',
      [code('https://gitlab.com/a/b'), code('https://bitbucket.org/c/d'), code('https://codeberg.org/e/f')],
    ],
    [
      'Models: https://huggingface.co/org/model and https://huggingface.co/spaces/o/demo, data https://huggingface.co/datasets/o/d".',
      [code('https://huggingface.co/org/model'), code('https://huggingface.co/spaces/o/demo'), code('https://huggingface.co/datasets/o/d')],
    ],
    [
      'https://sourceforge.net/projects/foo/ and https://foo.sourceforge.io',
      [code('https://sourceforge.net/projects/foo'), code('https://foo.sourceforge.io')],
    ],
    ['See https://en.wikipedia.org/wiki/Foo_(bar).', [project('https://en.wikipedia.org/wiki/Foo_(bar)')]],
    ['Demo at \\url{https://example.com/demo} now', [project('https://example.com/demo')]],
    ['Visit www.example.org/page, it is nice', [project('https://www.example.org/page')]],
    ['http://example.com:8080/x?y=1#z!', [project('http://example.com:8080/x?y=1#z')]],
    ['Released at github.com/x/y!', [code('https://github.com/x/y')]],
    ['Extends arXiv https://arxiv.org/abs/2405.15738 and https://doi.org/10.1/x; see https://huggingface.co/papers/2405.15738', []],
    ['No links here, just e.g. 3.5 and foo.bar', []],
    ['https://localhost/x http:// https://', []],
  ];
  for (const [input, expected] of cases) assert.deepEqual(extractLinks(input), expected, input);
});

test('extractLinks keeps at most 10 links', () => {
  const text = Array.from({ length: 15 }, (_, i) => `https://github.com/o/r${i}`).join(' ');
  const links = extractLinks(text);
  assert.equal(links.length, 10);
  assert.equal(links[9]?.url, 'https://github.com/o/r9');
});
