import { test } from 'node:test';
import assert from 'node:assert/strict';
import { citationKey, toBibtex } from '../../src/core/bibtex.ts';

test('toBibtex matches arXiv export shape', () => {
  const bib = toBibtex({
    id: '2404.02905',
    title: 'Visual Autoregressive Modeling: Scalable Image Generation via Next-Scale Prediction',
    authors: ['Keyu Tian', 'Yi Jiang', 'Zehuan Yuan'],
    year: 2024,
    primaryCategory: 'cs.CV',
  });
  assert.equal(
    bib,
    `@misc{tian2024visual,
  title={Visual Autoregressive Modeling: Scalable Image Generation via Next-Scale Prediction},
  author={Keyu Tian and Yi Jiang and Zehuan Yuan},
  year={2024},
  eprint={2404.02905},
  archivePrefix={arXiv},
  primaryClass={cs.CV},
  url={https://arxiv.org/abs/2404.02905},
}
`,
  );
});

test('toBibtex handles old ids, DOIs, journal refs and awkward titles', () => {
  const bib = toBibtex({
    id: 'hep-th/9711200',
    title: 'The Large N Limit of {Superconformal} Field Theories & 50% of {unbalanced',
    authors: ['Juan M. Maldacena'],
    year: 1997,
    primaryCategory: null,
    doi: '10.1023/A:1026654312961',
    journalRef: 'Adv.Theor.Math.Phys.2:231-252,1998',
  });
  assert.match(bib, /^@misc\{maldacena1997large,$/m);
  assert.match(bib, /title=\{The Large N Limit of \{Superconformal\} Field Theories \\& 50\\% of \\textbraceleft\{\}unbalanced\},/);
  assert.match(bib, /primaryClass=\{hep-th\},/);
  assert.match(bib, /doi=\{10.1023\/A:1026654312961\},/);
  assert.match(bib, /note=\{Adv.Theor.Math.Phys.2:231-252,1998\},/);
  assert.match(bib, /eprint=\{hep-th\/9711200\},/);
  let depth = 0;
  for (const c of bib) {
    depth += c === '{' ? 1 : c === '}' ? -1 : 0;
    assert.ok(depth >= 0);
  }
  assert.equal(depth, 0, 'braces balance as BibTeX counts them');
});

test('citationKey', () => {
  const cases: [string[], string, number, string][] = [
    [['Ashish Vaswani', 'Noam Shazeer'], 'Attention Is All You Need', 2017, 'vaswani2017attention'],
    [['Wayne Xin Zhao'], 'A Survey of Large Language Models', 2023, 'zhao2023survey'],
    [['Erwin Schrödinger'], 'The Present Situation', 1935, 'schrodinger1935present'],
    [['Łukasz Kaiser'], '$\\alpha$-Geometry: on graphs', 2020, 'kaiser2020geometry'],
    [['Martin Luther King Jr.'], 'On Things', 2001, 'king2001things'],
    [['Smith, John'], 'Things', 2001, 'smith2001things'],
    [[], 'Untitled Work', 2022, 'anonymous2022untitled'],
    [['Ab'], 'The', 2022, 'ab2022the'],
  ];
  for (const [authors, title, year, expected] of cases) assert.equal(citationKey({ authors, title, year }), expected, title);
});
