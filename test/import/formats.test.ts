// Mapping of each accepted input format to PaperRecords, on our fixtures and (when present) the real files.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { detectFormat, itemsOfDocument, type ImportItem } from '../../src/import/formats.ts';
import type { Json } from '../../src/import/json-fields.ts';
import type { PaperRecord } from '../../src/model/paper-record.ts';
import { parsePythonLiteral } from '../../src/import/python-literal.ts';
import { FIXTURES } from '../helpers/paths.ts';

function itemsOfJsonLines(file: string): ImportItem[] {
  const lines = fs.readFileSync(path.join(FIXTURES, file), 'utf8').split('\n');
  const out: ImportItem[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let doc: Json;
    try {
      doc = JSON.parse(line) as Json;
    } catch {
      return;
    }
    const format = detectFormat(doc);
    assert.ok(format, `line ${i + 1} has a format`);
    out.push(...itemsOfDocument(format, doc, i + 1));
  });
  return out;
}

function records(items: ImportItem[]): Map<string, PaperRecord> {
  return new Map(items.flatMap((i) => (i.kind === 'record' ? [[i.record.id, i.record] as const] : [])));
}

test('arXiv snapshot records: authors, accents, wrapped text, versions, links, withdrawals', () => {
  const items = itemsOfJsonLines('arxiv-snapshot.jsonl');
  const byId = records(items);
  const p = byId.get('0704.0001')!;
  assert.equal(p.title, 'Calculation of prompt diphoton production cross sections at Tevatron and LHC energies');
  assert.deepEqual(p.authors, ['C. Balázs', 'E. L. Berger', 'P. M. Nadolsky', 'C. -P. Yuan']);
  assert.equal(p.version, 2);
  assert.equal(p.publishedAt, '2007-04-02T19:18:42.000Z');
  assert.equal(p.updatedAt, '2007-07-24T20:10:27.000Z');
  assert.equal(p.daily?.date, '2007-04-02');
  assert.equal(p.doi, '10.1103/PhysRevD.76.013009');
  assert.equal(p.journalRef, 'Phys.Rev.D76:013009,2007');
  assert.match(p.abstract, /^A fully differential calculation .* hadron colliders\.\n\nPredictions are shown/s);
  assert.deepEqual(byId.get('0704.0002')!.links, [{ url: 'https://github.com/example/pebble-game', kind: 'code', source: 'abstract' }]);
  assert.deepEqual(byId.get('0704.0002')!.categories, ['math.CO', 'cs.CG']);
  const old = byId.get('hep-th/9901001')!;
  assert.equal(old.withdrawn, true);
  assert.equal(old.title, 'An old-style identifier with ö accents');
  assert.deepEqual(old.authors, ['J. Schrödinger']);
  const skips = items.filter((i) => i.kind === 'skip');
  assert.equal(skips.length, 2);
  assert.match(skips[0]!.kind === 'skip' ? skips[0]!.reason : '', /invalid arXiv id "not-an-id"/);
  assert.match(skips[1]!.kind === 'skip' ? skips[1]!.reason : '', /0704\.0003 has no title/);
});

test('arXiv papers JSON lines: HF signals, entities, vague dates, bad ids', () => {
  const items = itemsOfJsonLines('arxiv-papers.jsonl');
  const byId = records(items);
  const combo = byId.get('2405.13729')!;
  assert.equal(combo.daily?.date, '2026-05-05');
  assert.equal(combo.daily?.source, 'hf');
  assert.equal(combo.hf?.upvotes, 5);
  assert.equal(combo.hf?.numComments, 1);
  assert.match(combo.abstract, /cost – a new idea/, 'HTML entity decoded to an en dash');
  assert.equal(combo.links[0]?.url, 'https://github.com/Xrvitd/ComboStoc');
  assert.equal(byId.get('2605.00001')!.daily?.date, '2026-05-04');
  assert.equal(byId.get('2605.00001')!.hf, null);
  const yearOnly = byId.get('1901.00001')!;
  assert.equal(yearOnly.daily, null, 'a bare year does not place a paper on a day');
  assert.equal(yearOnly.publishedAt, '2019-01-01T00:00:00.000Z');
  assert.ok(items.some((i) => i.kind === 'skip' && /invalid arXiv id "2405.1"/.test(i.reason)));
});

test('Hugging Face bodies: items, Python-repr drift, unsafe URLs dropped, bad items skipped', () => {
  const doc = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'hf-daily-papers.json'), 'utf8')) as Json;
  assert.equal(detectFormat(doc), 'hf-daily-papers');
  const items = [...itemsOfDocument('hf-daily-papers', doc, 1)];
  const byId = records(items);
  const conv = byId.get('2405.15738')!;
  assert.equal(conv.title, 'ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models');
  assert.deepEqual(conv.authors, ['Chunjiang Ge', 'Sijie Cheng']);
  assert.equal(conv.daily?.date, '2024-05-27');
  assert.deepEqual(conv.daily?.submittedBy, { name: 'akhaliq', fullname: 'AK', avatarUrl: '/avatars/ak.svg' });
  assert.equal(conv.hf?.upvotes, 32);
  assert.equal(conv.hf?.numComments, 3);
  assert.equal(conv.hf?.githubStars, 120);
  assert.equal(conv.hf?.projectPage, null, 'javascript: URL dropped');
  assert.deepEqual(conv.hf?.organization, { name: 'alibaba', fullname: 'Alibaba Group', avatarUrl: 'https://example.org/a.png' });
  const repr = byId.get('2405.15000')!;
  assert.equal(repr.abstract, "It's parsed all the same.");
  assert.equal(repr.hf?.upvotes, 12);
  assert.equal(repr.daily?.date, '2024-05-27');
  assert.ok(items.some((i) => i.kind === 'skip' && /item 3: invalid arXiv id "id_abc"/.test(i.reason)));
});

test('archive lines {date, body} and the {status, data} wrapper take the feed day from the line', () => {
  const body = [
    { paper: { id: '2401.00001', title: 'T', summary: 'S', upvotes: 2, authors: [] }, publishedAt: '2024-01-02T01:00:00Z', numComments: 0 },
  ];
  for (const doc of [
    { date: '2024-01-03', body },
    { date: '2024-01-03', body: { status: 'success', date: '2024-01-03', count: 1, data: body } },
  ]) {
    const [item] = [...itemsOfDocument('hf-daily-papers', doc as Json, 1)];
    assert.equal(item?.kind, 'record');
    if (item?.kind === 'record') assert.equal(item.record.daily?.date, '2024-01-03');
  }
});

test('unrecognised documents have no format', () => {
  assert.equal(detectFormat({ foo: 1 }), null);
  assert.equal(detectFormat([1, 2]), null);
  assert.equal(detectFormat('text'), null);
});

test('Python literals parse like the JSON they stand for', () => {
  const cases: [string, unknown][] = [
    ["{'a': 1, 'b': [True, False, None], 'c': 'it\\'s'}", { a: 1, b: [true, false, null], c: "it's" }],
    ['{"x": "\\u00e9\\n", \'y\': -1.5e3}', { x: 'é\n', y: -1500 }],
    ["('t', 'u',)", ['t', 'u']],
    ['{}', {}],
  ];
  for (const [input, expected] of cases) assert.deepEqual(parsePythonLiteral(input), expected, input);
  for (const bad of ["{'a': }", "{'a' 1}", "'unterminated", 'nope'])
    assert.throws(() => parsePythonLiteral(bad), /not a Python literal/, bad);
});
