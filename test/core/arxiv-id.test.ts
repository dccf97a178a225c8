import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arxivAbsUrl, arxivPdfUrl, isCanonicalArxivId, parseArxivId } from '../../src/core/arxiv-id.ts';

test('parseArxivId accepts ids, citations and URLs', () => {
  const cases: [string, string, number | null][] = [
    ['2405.15738', '2405.15738', null],
    ['0704.0001', '0704.0001', null],
    ['1412.6980', '1412.6980', null],
    ['1501.00001', '1501.00001', null],
    ['2405.15738v2', '2405.15738', 2],
    ['  2405.15738v12 \n', '2405.15738', 12],
    ['arXiv:2405.15738', '2405.15738', null],
    ['ARXIV:2405.15738v1', '2405.15738', 1],
    ['arxiv: 2405.15738', '2405.15738', null],
    ['hep-th/9901001', 'hep-th/9901001', null],
    ['cond-mat/0102536', 'cond-mat/0102536', null],
    ['math.AG/0601001v1', 'math/0601001', 1],
    ['arXiv:hep-th/9901001v3', 'hep-th/9901001', 3],
    ['https://arxiv.org/abs/2405.15738v3', '2405.15738', 3],
    ['http://arxiv.org/pdf/2405.15738.pdf', '2405.15738', null],
    ['https://arxiv.org/pdf/2405.15738v2', '2405.15738', 2],
    ['arxiv.org/pdf/hep-th/9901001v2', 'hep-th/9901001', 2],
    ['https://export.arxiv.org/abs/2405.15738', '2405.15738', null],
    ['https://www.arxiv.org/abs/2405.15738/', '2405.15738', null],
    ['https://arxiv.org/abs/2405.15738?context=cs', '2405.15738', null],
    ['https://arxiv.org/html/2405.15738v1', '2405.15738', 1],
    ['https://huggingface.co/papers/2405.15738', '2405.15738', null],
    ['HTTPS://ArXiv.org/abs/2405.15738', '2405.15738', null],
  ];
  for (const [input, id, version] of cases) {
    assert.deepEqual(parseArxivId(input), { id, version }, input);
  }
});

test('parseArxivId rejects everything else', () => {
  const cases = [
    '',
    '   ',
    'id_abc',
    '2405.157',
    '2405.1573',
    '1412.00001',
    '2413.15738',
    '0703.0001',
    '2405.15738v0',
    '2405.15738v',
    '../etc/passwd',
    'hep-th/990100',
    'foo-bar/9901001',
    'hep-th/9913001',
    'hep-th/1001001',
    'hep-th/9901001/../x',
    'https://example.com/abs/2405.15738',
    'https://arxiv.org/list/cs.CV/recent',
    'https://huggingface.co/papers',
    'x2405.15738',
    '2405.15738 extra',
    'arXiv:',
  ];
  for (const input of cases) assert.equal(parseArxivId(input), null, input);
});

test('parseArxivId accepts what people paste into the submission form', () => {
  const cases: [string, string, number | null][] = [
    ['https://arxiv.org/pdf/2405.15738v1.pdf', '2405.15738', 1],
    ['arxiv.org/abs/2405.15738v2', '2405.15738', 2],
    ['https://arxiv.org/pdf/hep-th/9901001v1.pdf', 'hep-th/9901001', 1],
    ['arXiv:2405.15738 [cs.CV]', '2405.15738', null],
    ['arXiv:2405.15738v2 [cs.CV]', '2405.15738', 2],
    ['arXiv:hep-th/9901001 [hep-th]', 'hep-th/9901001', null],
    ['arXiv:2405.15738  [astro-ph.GA]', '2405.15738', null],
    ['10.48550/arXiv.2405.15738', '2405.15738', null],
    ['doi:10.48550/arXiv.2405.15738', '2405.15738', null],
    ['https://doi.org/10.48550/arXiv.2405.15738', '2405.15738', null],
    ['https://dx.doi.org/10.48550/ARXIV.2405.15738', '2405.15738', null],
    ['http://xxx.lanl.gov/abs/hep-th/9901001', 'hep-th/9901001', null],
    ['https://arxiv.org/format/2405.15738', '2405.15738', null],
    ['https://browse.arxiv.org/abs/2405.15738v3', '2405.15738', 3],
  ];
  for (const [input, id, version] of cases) {
    assert.deepEqual(parseArxivId(input), { id, version }, input);
  }
  const refused = [
    'arXiv:2405.15738 [cs.CV] extra',
    'arXiv:2405.15738 []',
    'arXiv:2405.15738 [<script>]',
    '10.48550/arXiv.',
    '10.1234/arXiv.2405.15738',
    'https://doi.org/10.1103/PhysRevD.76.013009',
    'https://xxx.lanl.gov/list/hep-th',
    'https://arxiv.org/format/',
    'https://evil.example/arxiv.org/abs/2405.15738',
  ];
  for (const input of refused) assert.equal(parseArxivId(input), null, input);
});

test('isCanonicalArxivId accepts only bare unversioned ids', () => {
  const cases: [string, boolean][] = [
    ['2405.15738', true],
    ['0704.0001', true],
    ['hep-th/9901001', true],
    ['2405.15738v2', false],
    ['arXiv:2405.15738', false],
    [' 2405.15738', false],
    ['math.AG/0601001', false],
    ['HEP-TH/9901001', false],
    ['https://arxiv.org/abs/2405.15738', false],
    ['', false],
  ];
  for (const [input, expected] of cases) assert.equal(isCanonicalArxivId(input), expected, input);
});

test('arXiv URLs', () => {
  assert.equal(arxivAbsUrl('2405.15738'), 'https://arxiv.org/abs/2405.15738');
  assert.equal(arxivPdfUrl('hep-th/9901001'), 'https://arxiv.org/pdf/hep-th/9901001');
});
