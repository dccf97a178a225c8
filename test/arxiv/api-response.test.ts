// The arXiv API parser on our fixtures (current and 2016 layouts, error entries) and on the real responses in ../shared.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { apiQueryUrl, parseApiResponse, repairDoubleEncoding } from '../../src/arxiv/api-response.ts';
import { MalformedResponse } from '../../src/arxiv/malformed.ts';
import { FIXTURES, sharedFile } from '../helpers/paths.ts';

const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, 'arxiv', name), 'utf8');

test('current layout: ids and versions, TeX and entities, categories, dates, links, withdrawals, skips', () => {
  const res = parseApiResponse(fixture('api-current.xml'));
  assert.deepEqual([res.totalResults, res.startIndex, res.itemsPerPage], [4, 0, 10]);
  assert.equal(res.records.length, 2);
  const [p, old] = res.records;
  assert.equal(p!.id, '2402.01234');
  assert.equal(p!.version, 2);
  assert.equal(p!.title, 'Schrödinger Bridges & $\\alpha$-Divergences: a <Fast> Solver');
  assert.equal(
    p!.abstract,
    'We solve Schrödinger bridge problems with $\\mathcal{O}(n \\log n)$ cost when $\\alpha < 1$, comparing against Café-style baselines. Code: https://github.com/example/sb-solver.',
  );
  assert.deepEqual(p!.authors, ['Ana García', 'Jörg Müller']);
  // The primary category comes first; ACM and MSC classes are not arXiv categories.
  assert.deepEqual(p!.categories, ['stat.ML', 'cs.LG']);
  assert.equal(p!.primaryCategory, 'stat.ML');
  assert.equal(p!.publishedAt, '2024-02-01T10:00:00.000Z');
  assert.equal(p!.updatedAt, '2024-02-15T12:30:00.000Z');
  assert.deepEqual(p!.versions, [
    { version: 1, createdAt: '2024-02-01T10:00:00.000Z' },
    { version: 2, createdAt: '2024-02-15T12:30:00.000Z' },
  ]);
  assert.equal(p!.comments, '12 pages, 3 figures; project page: https://example.org/sb');
  assert.equal(p!.journalRef, 'J. Mach. Learn. Res. 25 (2024) 1-30');
  assert.equal(p!.doi, '10.1000/jmlr.2024.001');
  assert.deepEqual(p!.links, [
    { url: 'https://github.com/example/sb-solver', kind: 'code', source: 'abstract' },
    { url: 'https://example.org/sb', kind: 'project', source: 'comments' },
  ]);
  assert.equal(p!.withdrawn, false);
  assert.equal(p!.metadataRank, 2);
  assert.equal(p!.daily, null);
  assert.equal(p!.hf, null);

  assert.equal(old!.id, 'hep-th/9901001');
  assert.equal(old!.version, 1);
  assert.deepEqual(old!.authors, ['J. Schrödinger']);
  assert.equal(old!.withdrawn, true);
  assert.deepEqual(old!.versions, [{ version: 1, createdAt: '1999-01-04T09:00:00.000Z' }]);

  assert.deepEqual(res.errors, []);
  assert.deepEqual(res.skipped, [
    { id: 'http://arxiv.org/abs/2402.05555v1', reason: 'paper 2402.05555 has no title' },
    { id: 'http://example.com/not-an-arxiv-id', reason: 'entry id "http://example.com/not-an-arxiv-id" is not an arXiv abstract URL' },
  ]);
});

test('2016 layout: per-element namespaces, hard-wrapped text, paragraphs, zone offsets', () => {
  const res = parseApiResponse(fixture('api-legacy.xml'));
  assert.deepEqual([res.totalResults, res.startIndex, res.itemsPerPage], [1, 0, 10]);
  const p = res.records[0]!;
  assert.equal(p.id, 'cond-mat/0702661');
  assert.equal(p.version, 2);
  assert.equal(p.title, 'Vortex Lattices in Rotating Bose-Einstein Condensates with Anisotropic Traps');
  assert.equal(
    p.abstract,
    'We study vortex lattices in rotating Bose-Einstein condensates held in anisotropic harmonic traps, where the lattice shears as the anisotropy $\\epsilon$ grows.\n\nIn a second paragraph we compare with experiments at 10^{-3} precision and discuss the Göttingen data.',
  );
  assert.deepEqual(p.authors, ['Adrian Del Maestro', 'Marcel Franz']);
  assert.deepEqual(p.categories, ['cond-mat.supr-con', 'cond-mat.str-el']);
  assert.equal(p.primaryCategory, 'cond-mat.supr-con');
  assert.equal(p.publishedAt, '2007-02-27T21:02:02.000Z');
  assert.equal(p.updatedAt, '2007-06-25T21:09:59.000Z');
  assert.equal(p.doi, '10.1103/PhysRevB.76.054507');
  assert.equal(p.journalRef, 'Phys. Rev. B 76, 054507 (2007)');
  assert.equal(p.comments, '9 pages, 7 figures. Published version');
});

test('the error entry for a malformed id is an error, not a paper', () => {
  const res = parseApiResponse(fixture('api-error.xml'));
  assert.deepEqual(res.records, []);
  assert.deepEqual(res.skipped, []);
  assert.deepEqual(res.errors, [{ id: '1234.12345', message: 'incorrect id format for 1234.12345' }]);
});

test('an empty result page has no records and its paging numbers', () => {
  const res = parseApiResponse(`<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns="http://www.w3.org/2005/Atom">
  <opensearch:itemsPerPage>100</opensearch:itemsPerPage><opensearch:totalResults>0</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
</feed>`);
  assert.deepEqual(res, { totalResults: 0, startIndex: 0, itemsPerPage: 100, records: [], errors: [], skipped: [] });
});

test('UTF-8 read as Latin-1 is repaired; correct text is left alone', () => {
  const mangle = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
  const cases: [string, string][] = [
    [mangle('Dirk Wübben, Oliver Weißl, α-β'), 'Dirk Wübben, Oliver Weißl, α-β'],
    ['Dirk Wübben', 'Dirk Wübben'],
    ['Ã© stays when other text is beyond Latin-1: α', 'Ã© stays when other text is beyond Latin-1: α'],
    ['Ã( is not valid UTF-8 once re-encoded', 'Ã( is not valid UTF-8 once re-encoded'],
    ['plain ASCII', 'plain ASCII'],
  ];
  for (const [input, want] of cases) assert.equal(repairDoubleEncoding(input), want, input);
});

test('a body that is not an Atom feed throws MalformedResponse saying what it found', () => {
  const cases: [string, RegExp][] = [
    [fixture('html-error-page.html'), /expected an arXiv API Atom <feed>, found "<!DOCTYPE html> <html lang=\\"en\\">/],
    [fixture('api-current.xml').slice(0, 1500), /expected an arXiv API Atom <feed>, found/],
    [fixture('api-legacy.xml').replace(/<\/feed>\s*$/, ''), /cut off before its closing <\/feed>/],
    ['Rate exceeded.', /found "Rate exceeded\."/],
    ['', /found an empty body/],
    [fixture('oai-deleted.xml'), /found "<\?xml version=\\"1\.0\\" encoding=\\"UTF-8\\"\?> <OAI-PMH/],
  ];
  for (const [body, message] of cases) {
    assert.throws(
      () => parseApiResponse(body),
      (e: unknown) => e instanceof MalformedResponse && e.name === 'MalformedResponse' && message.test(e.message),
      message.source,
    );
  }
});

test('apiQueryUrl builds id lookups, searches and paging', () => {
  const base = 'https://export.arxiv.org/api/query';
  const cases: [Parameters<typeof apiQueryUrl>[1], string][] = [
    [{ idList: ['2104.12255v1', 'hep-th/9901001'], maxResults: 2 }, `${base}?id_list=2104.12255v1,hep-th/9901001&max_results=2`],
    [
      { searchQuery: 'cat:cs.AI AND ti:"large language"', start: 100, maxResults: 50, sortBy: 'submittedDate', sortOrder: 'descending' },
      `${base}?search_query=cat:cs.AI+AND+ti:%22large+language%22&start=100&max_results=50&sortBy=submittedDate&sortOrder=descending`,
    ],
    [{ searchQuery: 'au:del_maestro', idList: ['1111.2011'] }, `${base}?search_query=au:del_maestro&id_list=1111.2011`],
    [{ searchQuery: 'all:a&b=c' }, `${base}?search_query=all:a%26b%3Dc`],
  ];
  for (const [q, want] of cases) assert.equal(apiQueryUrl(base, q), want);
});

const current = sharedFile('fixtures/arxiv-api');
const legacy = sharedFile('fixtures/arxiv-api-legacy');

function sharedResponses(dir: { path: string } | { skip: string }): Map<string, ReturnType<typeof parseApiResponse>> {
  const root = (dir as { path: string }).path;
  return new Map(
    fs
      .readdirSync(root)
      .sort()
      .map((f) => [f, parseApiResponse(fs.readFileSync(path.join(root, f), 'utf8'))]),
  );
}

test('every real current-layout API response parses, with what each one says', { skip: 'skip' in current ? current.skip : false }, () => {
  const all = sharedResponses(current);
  assert.equal(all.size, 20);
  const byPrefix = (p: string) => [...all].find(([f]) => f.startsWith(p))![1];
  for (const [file, res] of all) {
    assert.deepEqual(res.skipped, [], file);
    if (!file.startsWith('id_abc')) assert.deepEqual(res.errors, [], file);
  }

  assert.deepEqual(byPrefix('id_abc_'), {
    totalResults: 1,
    startIndex: 0,
    itemsPerPage: 1,
    records: [],
    errors: [{ id: 'abc', message: 'incorrect id format for abc' }],
    skipped: [],
  });
  for (const empty of ['id_0000.0000_', 'id_0808.05394_s0']) {
    assert.equal(byPrefix(empty).totalResults, 0, empty);
    assert.equal(byPrefix(empty).records.length, 0, empty);
  }

  const zero = byPrefix('id_2104.12255v1_').records[0]!;
  assert.deepEqual(
    [zero.id, zero.version, zero.title, zero.authors, zero.categories],
    ['2104.12255', 1, '0', ['Quan Thoi Minh Nguyen'], ['cs.CR']],
  );
  assert.deepEqual(zero.versions, [{ version: 1, createdAt: '2021-04-20T16:07:14.000Z' }]);

  const astro = byPrefix('id_astro-ph_0601001_').records[0]!;
  assert.equal(astro.id, 'astro-ph/0601001');
  assert.deepEqual(astro.authors, ['Andrew Gould', 'Susan Dorsher', 'B. Scott Gaudi', 'Andrzej Udalski']);
  assert.equal(astro.journalRef, 'ActaAstron.56:1-50,2006');
  assert.deepEqual(astro.links, [
    { url: 'http://www.astronomy.ohio-state.edu/~gould/ogle_hot_jupiters.ps.gz', kind: 'project', source: 'comments' },
  ]);

  const quant = byPrefix('id_quant-ph_0201082v1_').records[0]!;
  assert.deepEqual([quant.id, quant.primaryCategory, quant.categories], ['quant-ph/0201082', 'quant-ph', ['quant-ph', 'cs.PL']]);

  // The invalid id in a two-id lookup is dropped silently; the valid one comes back.
  assert.deepEqual(
    byPrefix('id_0808.05394_1707.08567_').records.map((r) => r.id),
    ['1707.08567'],
  );
  const proceedings = byPrefix('id_1707.08567_').records[0]!;
  assert.equal(proceedings.authors.length, 34);
  // Every non-ASCII character in these captures is double-encoded; the parser undoes it.
  assert.ok(proceedings.authors.includes('Dirk Wübben'));

  // The "all:testing" pages: same total, each page as long as asked, and overlapping pages agree.
  const pages = [...all].filter(([f]) => f.startsWith('q_testing_'));
  assert.equal(pages.length, 11);
  for (const [file, res] of pages) {
    const [, s, m] = /_s(\d+)_m(\d+)_/.exec(file)!;
    assert.equal(res.totalResults, 214881, file);
    assert.equal(res.startIndex, Number(s), file);
    assert.equal(res.itemsPerPage, Number(m), file);
    assert.equal(res.records.length, Number(m), file);
  }
  const ids = (p: string) => byPrefix(p).records.map((r) => `${r.id}v${r.version}`);
  assert.deepEqual(ids('q_testing_s0_m10_').slice(5), ids('q_testing_s5_m10_').slice(0, 5));
  assert.deepEqual(ids('q_testing_s0_m100_').slice(0, 15), ids('q_testing_s0_m15_'));
  const hundred = byPrefix('q_testing_s0_m100_').records;
  assert.ok(hundred.flatMap((r) => r.authors).includes('Oliver Weißl'));
  assert.ok(!hundred.some((r) => JSON.stringify(r).includes('Ã')));
});

test('every real 2016-layout API response parses: per-element namespaces, wrapped abstracts', {
  skip: 'skip' in legacy ? legacy.skip : false,
}, () => {
  const all = sharedResponses(legacy);
  assert.equal(all.size, 5);
  const one = all.get('id_list=1111.2011v2.xml')!;
  assert.deepEqual([one.totalResults, one.startIndex, one.itemsPerPage], [1, 0, 10]);
  const p = one.records[0]!;
  assert.deepEqual([p.id, p.version], ['1111.2011', 2]);
  assert.equal(p.title, 'Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit');
  assert.deepEqual(p.authors, ['James M. Murray', 'Adrian Del Maestro', 'Zlatko Tesanovic']);
  assert.deepEqual(p.categories, ['cond-mat.str-el', 'cond-mat.stat-mech']);
  assert.equal(p.doi, '10.1103/PhysRevB.85.115117');
  assert.equal(p.journalRef, 'Phys. Rev. B 85, 115117 (2012)');
  assert.deepEqual(p.versions, [
    { version: 1, createdAt: '2011-11-08T18:48:36.000Z' },
    { version: 2, createdAt: '2012-04-02T12:38:54.000Z' },
  ]);
  assert.ok(!p.abstract.includes('\n'), 'hard wraps are joined');
  assert.ok(p.abstract.startsWith('Theoretical description of anisotropic systems, such as layered superconductors'));

  const totals = [...all].map(([f, r]) => [f, r.totalResults, r.records.length]);
  assert.deepEqual(totals, [
    ['id_list=1111.2011v2.xml', 1, 1],
    ['search_query=au_del_maestro.xml', 31, 10],
    ['search_query=au_del_maestro_ANDNOT__28ti_checkerboard_OR_ti_Pyrochlore_29.xml', 24, 10],
    ['search_query=au_del_maestro_AND_ti__quantum_criticality_.xml', 2, 2],
    ['search_query=au_del_maestro_AND_ti_checkerboard.xml', 1, 1],
  ]);
  for (const [file, res] of all) {
    assert.deepEqual([res.errors, res.skipped], [[], []], file);
    for (const r of res.records) {
      assert.ok(
        r.authors.some((a) => /Del Maestro$/.test(a)),
        `${file} ${r.id}`,
      );
      assert.ok(r.doi && r.journalRef && r.comments && r.primaryCategory, `${file} ${r.id}`);
    }
  }
  assert.deepEqual(
    all.get('search_query=au_del_maestro_AND_ti__quantum_criticality_.xml')!.records.map((r) => r.id),
    ['1111.2011', 'cond-mat/0607501'],
  );
});
