// Query semantics of keyword search end to end (parse, compile, index, exact checks), on papers held in memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeywordSearchEngine, type SearchRequest } from '../../src/search/engine.ts';
import { KeywordIndex, type IndexDoc } from '../../src/search/keyword-index.ts';
import { fuseScores } from '../../src/search/fusion.ts';

const day = (s: string) => Date.parse(`${s}T00:00:00Z`);

const papers: IndexDoc[] = [
  {
    id: '2401.00001',
    title: 'Speculative Decoding with a Dynamic Draft Tree',
    abstract: 'We accelerate large language model inference with a draft tree that adapts to the context.',
    authors: ['Ada Lovelace', 'Charles Babbage'],
    categories: ['cs.CL', 'cs.LG'],
    publishedMs: day('2024-01-05'),
    dailyDay: 19727,
    upvotes: 40,
    hidden: false,
    hasCode: true,
    modifiedUs: 0,
  },
  {
    id: '2402.00002',
    title: 'Draft Models for Faster Decoding',
    abstract: 'A tree of drafts; decoding is speculative in a dynamic way.',
    authors: ['Alan Turing'],
    categories: ['cs.LG'],
    publishedMs: day('2024-02-01'),
    dailyDay: null,
    upvotes: 3,
    hidden: false,
    hasCode: false,
    modifiedUs: 0,
  },
  {
    id: '2403.00003',
    title: 'Solving the Schrödinger equation with neural networks',
    abstract: 'Neural quantum states for the many-body $\\Psi$ wave function.',
    authors: ['Erwin Schrödinger'],
    categories: ['quant-ph'],
    publishedMs: day('2024-03-01'),
    dailyDay: null,
    upvotes: 10,
    hidden: false,
    hasCode: false,
    modifiedUs: 0,
  },
  {
    id: '2404.00004',
    title: 'Mixture of Experts Routing at Scale',
    abstract: 'Sparse mixture of experts with learned routing for language models.',
    authors: ['Ada Byron'],
    categories: ['cs.CL'],
    publishedMs: day('2024-04-01'),
    dailyDay: 19814,
    upvotes: 25,
    hidden: false,
    hasCode: true,
    modifiedUs: 0,
  },
  {
    id: '2405.00005',
    title: 'Experts of Mixture: a survey',
    abstract: 'We survey routing; the mixture is of many experts.',
    authors: ['A. Lovelace'],
    categories: ['cs.CL'],
    publishedMs: day('2024-05-01'),
    dailyDay: null,
    upvotes: 1,
    hidden: false,
    hasCode: false,
    modifiedUs: 0,
  },
  {
    id: '2406.00006',
    title: 'Hidden paper about speculative decoding',
    abstract: 'A moderator hid this one.',
    authors: ['Ada Lovelace'],
    categories: ['cs.CL'],
    publishedMs: day('2024-06-01'),
    dailyDay: null,
    upvotes: 99,
    hidden: true,
    hasCode: false,
    modifiedUs: 0,
  },
  {
    id: '2407.00007',
    title: 'Photonic Kolmogorov-Arnold Networks',
    abstract: 'Optical implementation of KAN layers with $\\mathcal{O}(n)$ cost.',
    authors: ['Andrey Kolmogorov'],
    categories: ['physics.optics'],
    publishedMs: day('2024-07-01'),
    dailyDay: null,
    upvotes: 7,
    hidden: false,
    hasCode: false,
    modifiedUs: 0,
  },
];

const index = new KeywordIndex();
for (const p of papers) index.upsert(p);
const byId = new Map(papers.map((p) => [p.id, p]));
const engine = new KeywordSearchEngine(
  () => index,
  async (ids) => new Map(ids.flatMap((id) => (byId.has(id) ? [[id, byId.get(id)!] as const] : []))),
);

async function ids(query: string, req: Partial<SearchRequest> = {}): Promise<string[]> {
  const r = await engine.search({ query, filters: {}, sort: 'relevance', offset: 0, limit: 10, ...req });
  return r.hits.map((h) => h.id);
}

test('words rank by BM25, title matches first; hidden papers never appear', async () => {
  const got = await ids('speculative decoding dynamic draft tree');
  assert.equal(got[0], '2401.00001');
  assert.ok(got.includes('2402.00002'));
  assert.ok(!got.includes('2406.00006'));
});

test('a quoted phrase needs its words next to each other, in order', async () => {
  assert.deepEqual(await ids('"mixture of experts"'), ['2404.00004']);
  assert.deepEqual((await ids('"draft tree"')).sort(), ['2401.00001']);
  assert.deepEqual(await ids('"tree draft"'), []);
});

test('-word and -"phrase" leave papers out', async () => {
  assert.deepEqual(await ids('mixture -survey'), ['2404.00004']);
  assert.deepEqual(await ids('experts -"mixture of experts"'), ['2405.00005']);
});

test('author: by surname, full name or initial', async () => {
  assert.deepEqual((await ids('author:lovelace')).sort(), ['2401.00001', '2405.00005']);
  assert.deepEqual(await ids('author:"Ada Lovelace"'), ['2401.00001']);
  assert.deepEqual((await ids('author:"A. Lovelace"')).sort(), ['2401.00001', '2405.00005']);
  assert.deepEqual(await ids('author:"Lovelace Babbage"'), []);
  assert.deepEqual(await ids('routing -author:byron'), ['2405.00005']);
  assert.deepEqual(await ids('turing'), ['2402.00002']); // a plain word finds an author's papers too
});

test('cat: and the category filter match a category or its archive', async () => {
  assert.deepEqual(await ids('decoding cat:cs.CL'), ['2401.00001']);
  assert.deepEqual(await ids('cat:physics'), ['2407.00007']);
  assert.deepEqual(await ids('neural', { filters: { category: 'quant-ph' } }), ['2403.00003']);
  assert.deepEqual(await ids('mixture -cat:cs.CL'), []);
});

test('accents and LaTeX do not block matching', async () => {
  assert.deepEqual(await ids('Schrodinger'), ['2403.00003']);
  assert.deepEqual(await ids('schrödinger equation'), ['2403.00003']);
  assert.deepEqual(await ids('psi wave'), ['2403.00003']);
  assert.deepEqual(await ids('kolmogorov-arnold'), ['2407.00007']);
});

test('typos in rare title words still find the paper, and say so', async () => {
  const r = await engine.search({ query: 'speculativ decodng', filters: {}, sort: 'relevance', offset: 0, limit: 10 });
  assert.equal(r.hits[0]?.id, '2401.00001');
  assert.deepEqual(r.widened, ['speculativ', 'decodng']);
  assert.deepEqual(await ids('photnic'), ['2407.00007']);
  assert.deepEqual(await ids('kolmogrov'), ['2407.00007']);
});

test('sorting by date or votes needs every word; filters narrow', async () => {
  assert.deepEqual(await ids('decoding', { sort: 'date' }), ['2402.00002', '2401.00001']);
  assert.deepEqual(await ids('decoding draft', { sort: 'upvotes' }), ['2401.00001', '2402.00002']);
  assert.deepEqual(await ids('decoding speculative tree', { sort: 'date', filters: { hasCode: true } }), ['2401.00001']);
  assert.deepEqual(await ids('', { filters: { featured: true }, sort: 'date' }), ['2404.00004', '2401.00001']);
  assert.deepEqual(await ids('', { filters: { from: '2024-03-01', to: '2024-04-30' } }), ['2404.00004', '2403.00003']);
});

test('pagination, counts and the empty query', async () => {
  const page1 = await engine.search({ query: '', filters: { from: '2024-01-01' }, sort: 'date', offset: 0, limit: 2 });
  assert.deepEqual(
    page1.hits.map((h) => h.id),
    ['2407.00007', '2405.00005'],
  );
  assert.equal(page1.hasMore, true);
  assert.equal(page1.total, 6);
  const page3 = await engine.search({ query: '', filters: { from: '2024-01-01' }, sort: 'date', offset: 4, limit: 2 });
  assert.deepEqual(
    page3.hits.map((h) => h.id),
    ['2402.00002', '2401.00001'],
  );
  assert.equal(page3.hasMore, false);
  const empty = await engine.search({ query: '  ', filters: {}, sort: 'relevance', offset: 0, limit: 10 });
  assert.equal(empty.empty, true);
  assert.deepEqual(await ids('-video'), []);
});

test('score fusion: weight 1 is keyword order, 0 is meaning order, between them both count', () => {
  const keyword = [
    { id: 'a', score: 9 },
    { id: 'b', score: 8.9 },
    { id: 'c', score: 1 },
  ];
  const semantic = [
    { id: 'd', score: 0.9 },
    { id: 'b', score: 0.8 },
    { id: 'a', score: 0.2 },
  ];
  const cosines = new Map([['c', 0.3]]);
  const fuse = (pageWeight: number, depthWeight = pageWeight, depth = 10) =>
    fuseScores(keyword, semantic, (id) => cosines.get(id), { pageWeight, disagreementLean: 0, depthWeight }, depth).map((h) => h.id);
  assert.deepEqual(fuse(1), ['a', 'b', 'c', 'd'], 'keyword order, then what only meaning found, by meaning');
  assert.deepEqual(fuse(0), ['d', 'b', 'c', 'a'], 'meaning order, keyword-only hits by their own cosine');
  assert.deepEqual(fuse(0.5), ['b', 'd', 'a', 'c'], 'b is near the top of both');
  // The depth weight picks which papers make the first `depth`, the page weight orders them.
  assert.deepEqual(fuse(1, 0, 2), ['b', 'd', 'c', 'a']);
  const hits = fuseScores(keyword, semantic, (id) => cosines.get(id), { pageWeight: 0.5, disagreementLean: 0, depthWeight: 0.5 }, 10);
  assert.deepEqual(
    hits.filter((h) => !h.byWords).map((h) => h.id),
    ['d'],
  );
  // Lists that disagree lean toward keyword order.
  const leaning = fuseScores(keyword, semantic, (id) => cosines.get(id), { pageWeight: 0, disagreementLean: 1, depthWeight: 0 }, 10);
  assert.equal(leaning[0]!.id, 'b');
  assert.deepEqual(
    fuseScores([], [], () => undefined, { pageWeight: 0.5, disagreementLean: 0.5, depthWeight: 0.5 }, 10),
    [],
  );
});
