// The OAI-PMH parser on our fixtures (arXiv and arXivRaw formats, deletions, errors) and on the real pages in ../shared.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { MalformedResponse } from '../../src/arxiv/malformed.ts';
import { oaiListRecordsUrl, oaiSetOf, parseOaiResponse, splitAuthorList, type OaiResponse } from '../../src/arxiv/oai-response.ts';
import { FIXTURES, sharedFile } from '../helpers/paths.ts';

const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, 'arxiv', name), 'utf8');

test('arXiv format: split author names, day dates, no version, resumption token', () => {
  const res = parseOaiResponse(fixture('oai-listrecords-arxiv.xml'));
  assert.equal(res.responseDate, '2024-03-01T08:00:00Z');
  assert.equal(res.error, null);
  assert.deepEqual(res.resumptionToken, { token: '6960524|1001', completeListSize: 3500, cursor: 0 });
  assert.deepEqual(
    res.records.map((r) => [r.identifier, r.datestamp, r.deleted, r.problem]),
    [
      ['oai:arXiv.org:2101.00001', '2021-03-06', false, null],
      ['oai:arXiv.org:2101.00002', '2021-01-04', false, null],
      ['oai:arXiv.org:math/0601001', '2021-01-05', false, null],
    ],
  );
  assert.deepEqual(res.records[0]!.setSpecs, ['math', 'physics:math-ph']);
  const [p, single, old] = res.records.map((r) => r.paper!);
  assert.equal(p!.id, '2101.00001');
  assert.equal(p!.version, null);
  assert.deepEqual(p!.versions, []);
  // Forenames first, suffix last, TeX accents decoded; a ":" pseudo-author is dropped.
  assert.deepEqual(p!.authors, ['Erwin Schrödinger', 'John Smith Jr', 'ATLAS Collaboration']);
  assert.equal(p!.title, 'Blow-up for $\\partial_t u = \\Delta u + |u|^{p}$ when $p < p_c$');
  assert.equal(
    p!.abstract,
    'We prove finite-time blow-up for $\\partial_t u = \\Delta u + |u|^p$ with $1 < p < p_c$ on bounded domains.\n\nIn a second part we treat the critical case & its Gödel-like obstructions.',
  );
  assert.deepEqual(p!.categories, ['math.AP', 'math-ph', 'math.MP']);
  assert.equal(p!.primaryCategory, 'math.AP');
  assert.equal(p!.publishedAt, '2021-01-01T00:00:00.000Z');
  assert.equal(p!.updatedAt, '2021-03-05T00:00:00.000Z');
  assert.equal(p!.license, 'http://creativecommons.org/licenses/by/4.0/');
  assert.deepEqual(p!.links, [{ url: 'https://github.com/example/blowup', kind: 'code', source: 'comments' }]);
  assert.deepEqual([p!.metadataRank, p!.daily, p!.hf], [2, null, null]);

  assert.deepEqual(single!.authors, ['Thị Minh Nguyen']);
  assert.equal(single!.updatedAt, single!.publishedAt, 'a paper with no <updated> has one version');
  assert.deepEqual(
    [single!.reportNo, single!.journalRef, single!.doi],
    ['TR-2021-17', 'Proc. ACL 2021, 1-10', '10.18653/v1/2021.acl-long.1'],
  );
  assert.deepEqual([old!.id, old!.withdrawn], ['math/0601001', true]);
});

test('arXivRaw format: version history, withdrawals by size or comment, author strings with affiliations', () => {
  const res = parseOaiResponse(fixture('oai-listrecords-arxivraw.xml'));
  // An empty token element ends the list but still carries the counts.
  assert.deepEqual(res.resumptionToken, { token: null, completeListSize: 3, cursor: 3 });
  const [withdrawn, silent, multi] = res.records.map((r) => r.paper!);
  assert.equal(withdrawn!.id, '0704.0002');
  assert.equal(withdrawn!.version, 3);
  assert.deepEqual(withdrawn!.versions, [
    { version: 1, createdAt: '2007-03-31T02:26:18.000Z' },
    { version: 2, createdAt: '2007-04-02T19:18:42.000Z' },
    { version: 3, createdAt: '2008-12-13T17:26:00.000Z' },
  ]);
  assert.equal(withdrawn!.publishedAt, '2007-03-31T02:26:18.000Z');
  assert.equal(withdrawn!.updatedAt, '2008-12-13T17:26:00.000Z');
  assert.equal(withdrawn!.withdrawn, true);
  assert.equal(withdrawn!.submitter, 'Louis Theran');
  assert.deepEqual(withdrawn!.authors, ['Ileana Streinu', 'Louis Theran']);

  assert.deepEqual([silent!.version, silent!.comments, silent!.withdrawn], [2, null, true]);

  assert.deepEqual(multi!.authors, ['Robert H. Brandenberger', 'Keshav Dasgupta', 'Anne-Christine Davis', 'José P. Mimoso', 'K. Müller']);
  assert.deepEqual(multi!.versions, [{ version: 1, createdAt: '2008-01-23T21:13:53.000Z' }]);
  assert.equal(multi!.abstract, 'We study the spectrum of cosmological fluctuations & their growth.');
  assert.equal(multi!.withdrawn, false);
});

test('deleted records and records that cannot be mapped keep their headers', () => {
  const res = parseOaiResponse(fixture('oai-deleted.xml'));
  assert.equal(res.resumptionToken, null);
  assert.deepEqual(
    res.records.map((r) => [r.identifier, r.deleted, r.paper?.id ?? null, r.problem]),
    [
      ['oai:arXiv.org:2402.99999', true, null, null],
      ['oai:arXiv.org:2402.99998', false, null, 'paper 2402.99998 has no title'],
      ['oai:arXiv.org:2402.99997', false, null, 'unsupported metadata format <dc>'],
      ['oai:arXiv.org:2402.99996', false, '2402.99996', null],
    ],
  );
});

test('protocol errors are reported, not thrown', () => {
  const res = parseOaiResponse(fixture('oai-error-norecordsmatch.xml'));
  assert.deepEqual(res, {
    responseDate: '2024-03-02T08:00:00Z',
    records: [],
    resumptionToken: null,
    error: { code: 'noRecordsMatch', message: 'No records match the request "from=2024-03-02"' },
  });
});

test('a body that is not an OAI-PMH response throws MalformedResponse', () => {
  const page = fixture('oai-listrecords-arxiv.xml');
  const cases: [string, RegExp][] = [
    [fixture('html-error-page.html'), /^expected an OAI-PMH <OAI-PMH> response, found "<!DOCTYPE html>/],
    [page.slice(0, page.indexOf('</ListRecords>')), /cut off before its closing <\/OAI-PMH>/],
    [page.slice(0, 1800), /expected an OAI-PMH <OAI-PMH> response, found/],
    [fixture('api-current.xml'), /found "<\?xml version='1\.0' encoding='UTF-8'\?> <feed/],
    ['   ', /found an empty body/],
  ];
  for (const [body, message] of cases) {
    assert.throws(
      () => parseOaiResponse(body),
      (e: unknown) => e instanceof MalformedResponse && message.test(e.message),
      message.source,
    );
  }
});

test('splitAuthorList splits on commas and "and", dropping affiliations', () => {
  const cases: [string, string[]][] = [
    [
      'Joshua Berger, Maxim Perelstein, Michael Saelim and Philip Tanedo',
      ['Joshua Berger', 'Maxim Perelstein', 'Michael Saelim', 'Philip Tanedo'],
    ],
    ['D.V. Shetty, S.J. Yennello, and G.A. Souliotis', ['D.V. Shetty', 'S.J. Yennello', 'G.A. Souliotis']],
    ["A. One (MIT, Cambridge (MA)), B. Two (Oxford) and C. Thr\\'ee", ['A. One', 'B. Two', 'C. Thrée']],
    ['A. One (1), B. Two (2) ((1) MIT, (2) ETH Z\\"urich)', ['A. One', 'B. Two']],
    ['Sanjay Anand and Andrew Andersen', ['Sanjay Anand', 'Andrew Andersen']],
    ['A. Unclosed (MIT, B. Two', ['A. Unclosed MIT', 'B. Two']],
    ['Ben Tom &amp; Jerry; Ann Lee', ['Ben Tom & Jerry', 'Ann Lee']],
    ['', []],
  ];
  for (const [raw, want] of cases) assert.deepEqual(splitAuthorList(raw), want, raw);
});

test('oaiListRecordsUrl asks for a first page or the page a token names', () => {
  const base = 'https://export.arxiv.org/oai2';
  assert.equal(
    oaiListRecordsUrl(base, { metadataPrefix: 'arXivRaw', set: 'physics:hep-th', from: '2024-01-01', until: '2024-01-31' }),
    `${base}?verb=ListRecords&metadataPrefix=arXivRaw&set=physics%3Ahep-th&from=2024-01-01&until=2024-01-31`,
  );
  assert.equal(oaiListRecordsUrl(base, { metadataPrefix: 'arXiv' }), `${base}?verb=ListRecords&metadataPrefix=arXiv`);
  assert.equal(oaiListRecordsUrl(base, { resumptionToken: '436115|406001' }), `${base}?verb=ListRecords&resumptionToken=436115%7C406001`);
});

test('oaiSetOf maps categories, old archives included, to their OAI sets', () => {
  const cases: [string, string][] = [
    ['cs.AI', 'cs'],
    ['stat.ML', 'stat'],
    ['math.AG', 'math'],
    ['eess.SP', 'eess'],
    ['econ.EM', 'econ'],
    ['q-bio.NC', 'q-bio'],
    ['q-fin.ST', 'q-fin'],
    ['astro-ph.GA', 'physics:astro-ph'],
    ['astro-ph', 'physics:astro-ph'],
    ['quant-ph', 'physics:quant-ph'],
    ['hep-th', 'physics:hep-th'],
    ['hep-ex', 'physics:hep-ex'],
    ['hep-lat', 'physics:hep-lat'],
    ['hep-ph', 'physics:hep-ph'],
    ['cond-mat.str-el', 'physics:cond-mat'],
    ['cond-mat', 'physics:cond-mat'],
    ['gr-qc', 'physics:gr-qc'],
    ['nucl-th', 'physics:nucl-th'],
    ['nucl-ex', 'physics:nucl-ex'],
    ['physics.optics', 'physics:physics'],
    ['math-ph', 'physics:math-ph'],
    ['nlin.SI', 'physics:nlin'],
    ['chao-dyn', 'physics:nlin'],
    ['math.MP', 'math'],
  ];
  for (const [category, set] of cases) assert.equal(oaiSetOf(category), set, category);
  assert.throws(() => oaiSetOf('bogus.XX'), /no arXiv OAI-PMH set for category "bogus\.XX"/);
  assert.throws(() => oaiSetOf('constructor'), RangeError);
});

const listPages = sharedFile('fixtures/oai-pmh/listrecords-arxiv');
const rawPages = sharedFile('fixtures/oai-pmh/arxivraw');
const getRecords = sharedFile('fixtures/oai-pmh/getrecord-arxiv');
const errorPages = sharedFile('fixtures/oai-pmh/errors');

function sharedPages(dir: { path: string } | { skip: string }): Map<string, OaiResponse> {
  const root = (dir as { path: string }).path;
  return new Map(
    fs
      .readdirSync(root)
      .sort()
      .map((f) => [f, parseOaiResponse(fs.readFileSync(path.join(root, f), 'utf8'))]),
  );
}

// Every set in a header is the set of one of the paper's categories; 2013-era headers spell physics:nlin "nlin".
function assertSetsMatchCategories(res: OaiResponse, file: string): void {
  for (const r of res.records) {
    const sets = new Set(r.paper!.categories.map(oaiSetOf));
    for (const s of r.setSpecs) assert.ok(sets.has(s === 'nlin' ? 'physics:nlin' : s), `${file} ${r.identifier}: ${s}`);
  }
}

test('the three real 1000-record ListRecords pages parse whole', { skip: 'skip' in listPages ? listPages.skip : false }, () => {
  const pages = sharedPages(listPages);
  assert.deepEqual(
    [...pages].map(([f, p]) => [f, p.records.length, p.resumptionToken, p.error]),
    [
      ['2013-05-25T06-45-57+10-00_436115_5001.xml', 1000, { token: '436115|5001', completeListSize: 846926, cursor: 4000 }, null],
      ['406001.xml', 1000, { token: '436115|406001', completeListSize: 846926, cursor: 405000 }, null],
      ['47001.xml', 1000, { token: '496549|47001', completeListSize: 907096, cursor: 46000 }, null],
    ],
  );
  for (const [file, page] of pages) {
    assert.deepEqual(
      page.records.filter((r) => r.problem || r.deleted || !r.paper),
      [],
      file,
    );
    for (const r of page.records) {
      const p = r.paper!;
      assert.equal(r.identifier, `oai:arXiv.org:${p.id}`, file);
      assert.ok(p.title && p.abstract && p.authors.length > 0 && p.categories.length > 0 && p.publishedAt, `${file} ${p.id}`);
    }
    assertSetsMatchCategories(page, file);
  }
  const withdrawn = (f: string) =>
    pages
      .get(f)!
      .records.filter((r) => r.paper!.withdrawn)
      .map((r) => r.paper!.id);
  assert.deepEqual(withdrawn('2013-05-25T06-45-57+10-00_436115_5001.xml'), ['0705.0134', '0705.0619', '0705.0620']);
  assert.deepEqual(withdrawn('406001.xml'), ['1302.1120', '1302.1243']);

  // 47001.xml is in arXivRaw (the other two in arXiv): full version histories, withdrawals as 0kb versions.
  const raw = pages.get('47001.xml')!.records.map((r) => r.paper!);
  assert.ok(raw.every((p) => p.versions.length > 0 && p.version === p.versions.at(-1)!.version && p.submitter));
  assert.deepEqual(withdrawn('47001.xml'), ['0801.4122', '0801.4138', '0801.4243', '0801.4311', '0801.4644']);
  const most = raw.find((p) => p.id === '0801.4174')!;
  assert.deepEqual([most.version, most.publishedAt, most.updatedAt], [8, '2008-01-28T12:56:45.000Z', '2009-05-08T03:12:34.000Z']);
  const affiliated = raw.find((p) => p.id === '0801.3674')!;
  assert.deepEqual(affiliated.authors, ['Robert H. Brandenberger', 'Keshav Dasgupta', 'Anne-Christine Davis']);
  assert.equal(affiliated.versions.length, 4);
  const arxivFormat = pages.get('406001.xml')!.records[0]!.paper!;
  assert.deepEqual(
    [arxivFormat.id, arxivFormat.version, arxivFormat.versions, arxivFormat.authors],
    ['1302.0649', null, [], ['Feng Lu', 'Wei-Hua Wang', 'Xinjian Xie', 'Fu-Chun Zhang']],
  );
  assert.ok(pages.get('2013-05-25T06-45-57+10-00_436115_5001.xml')!.records.some((r) => r.setSpecs.includes('nlin')));
});

test('the real arXivRaw GetRecord and ListRecords responses parse', { skip: 'skip' in rawPages ? rawPages.skip : false }, () => {
  const pages = sharedPages(rawPages);
  const one = pages.get('GetRecordResponse.xml')!;
  assert.equal(one.resumptionToken, null);
  const p = one.records[0]!.paper!;
  assert.deepEqual([p.id, p.version, p.submitter], ['1302.2146', 2, 'Michael Saelim']);
  assert.deepEqual(p.authors, ['Joshua Berger', 'Maxim Perelstein', 'Michael Saelim', 'Philip Tanedo']);
  assert.deepEqual(p.versions, [
    { version: 1, createdAt: '2013-02-08T21:00:01.000Z' },
    { version: 2, createdAt: '2013-04-02T01:50:08.000Z' },
  ]);
  assert.deepEqual(
    [p.categories, one.records[0]!.setSpecs],
    [
      ['hep-ph', 'hep-ex'],
      ['physics:hep-ex', 'physics:hep-ph'],
    ],
  );

  const list = pages.get('ListRecordsResponse.xml')!;
  assert.deepEqual(list.resumptionToken, { token: '726959|1001', completeListSize: 58011, cursor: 0 });
  assert.deepEqual(
    list.records.map((r) => `${r.paper!.id}v${r.paper!.version}`),
    ['0704.0471v1', '0704.0716v4', '0704.0874v3', '0704.1109v2', '0704.1114v1', '0704.1586v1'],
  );
  assert.deepEqual(list.records[0]!.paper!.authors, ['D.V. Shetty', 'S.J. Yennello', 'G.A. Souliotis']);
  // Two DOIs in one field are kept as arXiv gives them, as the snapshot import does.
  assert.equal(list.records[0]!.paper!.doi, '10.1103/PhysRevC.76.024606 10.1103/PhysRevC.76.039902');
  for (const [file, page] of pages) assertSetsMatchCategories(page, file);
});

test('the real arXiv-format GetRecord responses parse, odd layouts included', {
  skip: 'skip' in getRecords ? getRecords.skip : false,
}, () => {
  const pages = sharedPages(getRecords);
  assert.equal(pages.size, 15);
  for (const [file, page] of pages) {
    assert.ok(page.records.length > 0, file);
    assert.deepEqual(
      page.records.filter((r) => !r.paper),
      [],
      file,
    );
    assert.equal(page.error, null, file);
  }
  const single = pages.get('arxiv-single.xml')!.records[0]!.paper!;
  assert.deepEqual([single.id, single.version, single.versions, single.authors], ['1401.2122', null, [], ['A. Sergyeyev']]);
  assert.deepEqual([single.publishedAt, single.updatedAt], ['2014-01-09T00:00:00.000Z', '2017-10-23T00:00:00.000Z']);
  assert.deepEqual(single.categories, ['math.AP', 'hep-th', 'math-ph', 'math.DG', 'math.MP', 'nlin.SI']);
  assert.equal(single.abstract.split('\n\n').length, 2, 'an indented line starts a paragraph');
  // Twelve records inside one GetRecord, the first with no namespace declarations at all.
  const sample = pages.get('sample_arxiv_record.xml')!;
  assert.equal(sample.records.length, 12);
  assert.deepEqual(sample.records[0]!.paper!.authors, ['Planck Collaboration', 'Jieci Wang', 'Zehua Tian', 'Jiliang Jing', 'Heng Fan']);
  assert.equal(sample.records[0]!.paper!.doi, '10.1103/PhysRevD.93.016005');
  // A hand-edited copy of the same record: a report number, and three DOIs in one field, kept as given.
  const edited = pages.get('sample_arxiv_record0.xml')!.records[0]!.paper!;
  assert.equal(edited.reportNo, 'YITP-2016-26');
  assert.equal(edited.doi, '10.1103/PhysRevD.93.016005, 10.1103/PhysRevD.98.079901;10.1103/PhysRevD.98.079903');
  assert.deepEqual(sample.records.at(-1)!.paper!.authors, [
    'N. Abgrall',
    'A. Aduszkiewicz',
    'E. D. Zimmerman',
    'R. Zwaska',
    'The T2K Beam Group',
    'L. Berns',
    'G. A. Fiorentini',
    'M. Yu',
  ]);
  const hepEx = pages.get('arxiv-physics-hep-ex.xml')!;
  assert.deepEqual(
    hepEx.records.map((r) => r.paper!.id),
    ['1706.05371', '1706.09418', '1707.00874'],
  );
  assert.equal(hepEx.records[0]!.paper!.authors.length, 13);
  for (const [file, page] of pages) if (!file.startsWith('sample_')) assertSetsMatchCategories(page, file);
});

test('the real OAI-PMH error responses become errors', { skip: 'skip' in errorPages ? errorPages.skip : false }, () => {
  const pages = sharedPages(errorPages);
  assert.deepEqual(
    [...pages].map(([f, p]) => [f, p.error?.code, p.records.length, p.resumptionToken]),
    [
      ['ErrorResponseBadArgument.xml', 'badArgument', 0, null],
      ['ErrorResponseBadResumptionToken.xml', 'badResumptionToken', 0, null],
      ['ErrorResponseBadVerb.xml', 'badVerb', 0, null],
      ['ErrorResponseIdDoesNotExist.xml', 'idDoesNotExist', 0, null],
      ['ErrorResponseNoRecordsMatch.xml', 'noRecordsMatch', 0, null],
    ],
  );
  assert.equal(pages.get('ErrorResponseNoRecordsMatch.xml')!.error!.message, "Set argument doesn't match any sets. The setSpec was 'moo'");
  assert.equal(pages.get('ErrorResponseBadVerb.xml')!.responseDate, '2015-02-08T22:30:30Z');
});
