// What the vector graph's build costs and what it gives back, for several graph widths, on the real corpus (every
// paper of ../shared/data embedded by the default corpus model, bench/corpus-vectors.ts): build time per vector on
// this machine (usearch inserts on every core), the recall@10 of similar papers (300 papers as queries) against an
// exact float32 scan, and search latency. The serving default (DEFAULT_GRAPH) is the baseline
// row. Issue #11 asks for 3M papers' keyword and vector indexes built in ≤ 15 min on this machine: the last column
// projects each row's build to 3M papers (per-vector cost grown by log(3M)/log(n), as HNSW's is).
//   npx tsx bench/vector-build.ts [--papers N] [--queries N] [--only <part of a row's name>] (with the default row)
import { DEFAULT_GRAPH, type GraphParams, VectorIndex } from '../src/embeddings/vector-index.ts';
import { corpusVectors, exactTopIds } from './corpus-vectors.ts';
import { median, printTable } from './lib.ts';
import { quantile } from './load.ts';

const args = process.argv.slice(2);
const numberArg = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) || fallback : fallback);
const corpus = await corpusVectors(numberArg('--papers', 1_000_000));
const queryCount = numberArg('--queries', 300);
const K = 10;
const n = corpus.papers.length;
console.log(`${n.toLocaleString('en-US')} papers embedded (${corpus.dimensions} dimensions) in ${corpus.embedSeconds.toFixed(0)} s`);

const settings: (GraphParams & { name: string })[] = [
  { name: 'serving default (i8 graph, f16 re-scored, expansion_add 64)', ...DEFAULT_GRAPH },
  { name: 'f16 graph, expansion_add 128 (the default until 2026-12)', connectivity: 16, expansionAdd: 128, expansionSearch: 128 },
  { name: 'f16 graph, expansion_add 64', connectivity: 16, expansionAdd: 64, expansionSearch: 128 },
  { name: 'i8 graph, f16 re-scored, expansion_add 128', connectivity: 16, expansionAdd: 128, expansionSearch: 128, graphScalar: 'i8' },
  { name: 'expansion_add 32', connectivity: 16, expansionAdd: 32, expansionSearch: 128 },
  { name: 'connectivity 12, expansion_add 32', connectivity: 12, expansionAdd: 32, expansionSearch: 128 },
  { name: 'connectivity 8, expansion_add 24', connectivity: 8, expansionAdd: 24, expansionSearch: 128 },
];

const step = Math.max(1, Math.floor(n / queryCount));
const queries = corpus.papers
  .map((_, i) => i)
  .filter((i) => i % step === 0)
  .slice(0, queryCount);
const truths = queries.map((i) => exactTopIds(corpus, corpus.vectors[i]!, K, corpus.papers[i]!.id));

const rows: (string | number)[][] = [];
const only = args.includes('--only') ? args[args.indexOf('--only') + 1]! : null;
for (const s of settings.filter((x) => only === null || x.name.startsWith('serving default') || x.name.includes(only))) {
  const index = new VectorIndex(corpus.dimensions, s);
  const started = performance.now();
  for (let i = 0; i < n; i += 5000) {
    index.upsertMany(corpus.papers.slice(i, i + 5000).map((p, j) => ({ id: p.id, vector: corpus.vectors[i + j]! })));
  }
  const buildS = (performance.now() - started) / 1000;
  let found = 0;
  const times: number[] = [];
  queries.forEach((qi, at) => {
    const self = corpus.papers[qi]!.id;
    const t = performance.now();
    const hits = index.search(corpus.vectors[qi]!, K, (id) => id !== self);
    times.push(performance.now() - t);
    found += hits.filter((h) => truths[at]!.has(h.id)).length;
  });
  times.sort((a, b) => a - b);
  const usPerVector = (buildS * 1e6) / n;
  const projected3M = (3e6 * usPerVector * (Math.log(3e6) / Math.log(n))) / 1e6 / 60;
  rows.push([
    s.name,
    buildS.toFixed(0),
    usPerVector.toFixed(0),
    (found / (queries.length * K)).toFixed(3),
    median(times).toFixed(2),
    quantile(times, 0.95).toFixed(2),
    projected3M.toFixed(0),
  ]);
  console.log(`  ${s.name}: built in ${buildS.toFixed(0)} s`);
}
console.log(`\nVector graph build and similar-papers recall, ${n.toLocaleString('en-US')} papers, ${queries.length} queries\n`);
printTable(['graph', 'build s', 'µs/vector', `recall@${K}`, 'search p50 ms', 'search p95 ms', 'build at 3M (min, projected)'], rows);
