// The keyword index's full build in memory, without PostgreSQL: the real papers of ../shared (repeated with their
// words reshuffled up to --papers), built on this thread (the baseline, as a build of fewer than 50,000 papers
// still runs) and in 2..N threads (parallel-build.ts, what a large first build does); the postings' bytes packed
// (packed-postings.ts) against the flat Uint32 lists of snapshot format 1; query latency of both builds on the same
// queries (they must answer alike). Medians of --rounds.
//   npx tsx bench/keyword-build.ts [--papers N] [--rounds R] [--threads T]
import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { KeywordIndex, type IndexDoc, type IndexQuery } from '../src/search/keyword-index.ts';
import { buildInThreads } from '../src/search/parallel-build.ts';
import { median, printTable, sharedFileOrExit } from './lib.ts';

const args = process.argv.slice(2);
const numberArg = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) || fallback : fallback);
const target = numberArg('--papers', 167_211);
const rounds = numberArg('--rounds', 3);
const maxThreads = numberArg('--threads', 2);
const file = sharedFileOrExit('data/arxiv-papers.jsonl.gz');

const docs: IndexDoc[] = [];
for await (const line of readline.createInterface({ input: fs.createReadStream(file).pipe(zlib.createGunzip()) })) {
  const r = JSON.parse(line) as {
    arxiv_id: string;
    title: string;
    abstract: string;
    authors?: string[];
    categories?: string[];
    date?: string;
  };
  if (!r.title || !r.abstract) continue;
  docs.push({
    id: r.arxiv_id,
    title: r.title,
    abstract: r.abstract,
    authors: r.authors ?? [],
    categories: r.categories ?? [],
    publishedMs: Date.parse(r.date ?? '2024-01-01') || 0,
    dailyDay: null,
    upvotes: 0,
    hidden: false,
    hasCode: false,
    modifiedUs: 0,
  });
}
const real = docs.length;
for (let i = 0; docs.length < target; i++) {
  const base = docs[i % real]!;
  const words = base.abstract.split(' ');
  for (let j = words.length - 1; j > 0; j--) {
    const k = (j * 7919 + i) % (j + 1);
    [words[j], words[k]] = [words[k]!, words[j]!];
  }
  docs.push({ ...base, id: `v${i}`, abstract: words.join(' ') });
}
docs.length = target;
console.log(`${docs.length.toLocaleString('en-US')} papers (${real.toLocaleString('en-US')} real), ${rounds} rounds`);

const read = async (onBatch: (d: IndexDoc[]) => void | Promise<void>) => {
  for (let i = 0; i < docs.length; i += 2000) await onBatch(docs.slice(i, i + 2000));
};

function buildHere(): KeywordIndex {
  const index = new KeywordIndex();
  for (const d of docs) {
    index.upsert(d);
    if (index.needsCompaction()) index.compact();
  }
  index.compact();
  return index;
}

const settings: { name: string; build: () => Promise<KeywordIndex> }[] = [
  { name: 'this thread (baseline)', build: async () => buildHere() },
];
for (let t = 2; t <= maxThreads; t++) settings.push({ name: `${t} threads`, build: () => buildInThreads(read, t) });

const words = ['language model', 'neural network', 'quantum', 'diffusion', 'graph', 'reinforcement learning', 'benchmark', 'transformer'];
function queriesOf(index: KeywordIndex): IndexQuery[] {
  return words.map((w) => ({
    scored: w.split(' ').flatMap((x) => {
      const id = index.termId(x.replace(/s$/, '').slice(0, 7)) ?? index.termId(x);
      return id === undefined ? [] : [{ termId: id, weight: 1 }];
    }),
    required: [],
    excluded: [],
    filter: {},
    sort: 'relevance',
    k: 20,
  }));
}

const rows: (string | number)[][] = [];
let baseline = 0;
let baselineQueryMs = 0;
for (const s of settings) {
  const times: number[] = [];
  let index: KeywordIndex | null = null;
  for (let r = 0; r < rounds; r++) {
    index = null;
    (globalThis as { gc?: () => void }).gc?.();
    const t = performance.now();
    index = await s.build();
    times.push((performance.now() - t) / 1000);
  }
  const q = queriesOf(index!);
  for (const x of q) index!.search(x);
  const qTimes: number[] = [];
  for (let r = 0; r < 20; r++)
    for (const x of q) {
      const t = performance.now();
      index!.search(x);
      qTimes.push(performance.now() - t);
    }
  const m = median(times);
  const qm = median(qTimes);
  if (!baseline) {
    baseline = m;
    baselineQueryMs = qm;
  }
  const mem = index!.memoryBytes();
  rows.push([
    s.name,
    m.toFixed(1),
    (baseline / m).toFixed(2),
    index!.postingCount.toLocaleString('en-US'),
    `${(mem.postings / 1e6).toFixed(0)} MB`,
    `${((index!.postingCount * 5) / 1e6).toFixed(0)} MB`,
    qm.toFixed(3),
    (qm / baselineQueryMs).toFixed(2),
  ]);
}
printTable(
  [
    'build',
    'median s',
    'speed-up',
    'postings',
    'postings bytes (packed)',
    'flat (format 1: 4 + 1 B a posting)',
    'query ms (median)',
    'vs baseline',
  ],
  rows,
);
