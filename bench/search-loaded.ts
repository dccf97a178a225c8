// Hybrid search and similar papers in a fresh process that loads the indexes bench/search.ts saved for its corpus
// (a server's restart), with keyword search in the same run as the baseline, and the process's memory.
//   BENCH_SEARCH_URL=postgres://… [BENCH_SEARCH_DATA=$TMPDIR/dp-bench-search/data] npx tsx bench/search-loaded.ts
// (the URL of bench/search.ts's database while its server runs, or any database it filled).
import os from 'node:os';
import path from 'node:path';
import { createPool } from '../src/db/connect.ts';
import { createLogger } from '../src/log.ts';
import { startSearch } from '../src/search/service.ts';
import { PARAPHRASES } from './search-paraphrases.ts';
const url = process.env.BENCH_SEARCH_URL;
if (!url) {
  console.log('Set BENCH_SEARCH_URL to the database bench/search.ts filled (it prints nothing else to measure).');
  process.exit(0);
}
const dataDir = process.env.BENCH_SEARCH_DATA ?? path.join(os.tmpdir(), 'dp-bench-search', 'data');
const sql = createPool(url, { max: 4 });
const log = createLogger();
const rss0 = process.memoryUsage().rss;
const t0 = performance.now();
const s = await startSearch({
  sql,
  log,
  dataDir,
  follow: false,
  waitUntilReady: true,
  embeddings: { kind: 'corpus', dimensions: 128, fitSample: 60000 },
});
const loadMs = performance.now() - t0;
const st = s.stats();
console.log(
  `loaded in ${(loadMs / 1000).toFixed(1)} s; papers ${st.papers}, vectors ${st.vectors}; RSS ${(rss0 / 1e6).toFixed(0)} -> ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB; vectorBytes ${(st.vectorBytes / 1e6).toFixed(0)} MB`,
);
const titles = await sql<{ id: string; title: string }[]>`SELECT id, title FROM papers TABLESAMPLE SYSTEM (0.05) LIMIT 40`;
const broad = [
  'language model',
  'large language models',
  'neural network',
  'reinforcement learning',
  'diffusion model',
  'graph neural network',
  'transformer attention',
  'deep learning',
  'image segmentation',
  'quantum',
  'dark matter',
  'optimization',
];
const fromTitles = titles.slice(0, 30).map((t) => t.title.split(/\s+/).slice(0, 4).join(' '));
const para = PARAPHRASES.map((p) => p.query);
const q = (query: string) => ({ query, filters: {}, sort: 'relevance' as const, offset: 0, limit: 20 });
const qs = (a: number[], p: number) => {
  const x = [...a].sort((m, n) => m - n);
  return x[Math.min(x.length - 1, Math.floor(p * x.length))]!;
};
for (const [name, list] of [
  ['broad', broad],
  ['title words', fromTitles],
  ['paraphrase', para],
] as const) {
  for (const mode of ['keyword', 'hybrid'] as const) {
    const ms: number[] = [];
    for (let r = 0; r < 3; r++)
      for (const text of list) {
        const a = performance.now();
        await s.search(q(text), mode);
        ms.push(performance.now() - a);
      }
    console.log(
      `${name.padEnd(12)} ${mode.padEnd(8)} n=${list.length} p50 ${qs(ms, 0.5).toFixed(2)} p95 ${qs(ms, 0.95).toFixed(2)} p99 ${qs(ms, 0.99).toFixed(2)}`,
    );
  }
}
const all: number[] = [];
for (let r = 0; r < 3; r++)
  for (const text of [...broad, ...fromTitles, ...para]) {
    const a = performance.now();
    await s.search(q(text), 'hybrid');
    all.push(performance.now() - a);
  }
console.log(`all hybrid n=${all.length} p50 ${qs(all, 0.5).toFixed(2)} p95 ${qs(all, 0.95).toFixed(2)} p99 ${qs(all, 0.99).toFixed(2)}`);
const ids = (await sql<{ id: string }[]>`SELECT id FROM papers TABLESAMPLE SYSTEM (0.1) LIMIT 200`).map((r) => r.id);
const sim: number[] = [];
for (const id of ids) {
  const a = performance.now();
  s.similar(id, 10);
  sim.push(performance.now() - a);
}
console.log(`similar n=${ids.length} p50 ${qs(sim, 0.5).toFixed(2)} p95 ${qs(sim, 0.95).toFixed(2)} p99 ${qs(sim, 0.99).toFixed(2)}`);
console.log(`RSS now ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB; load average ${os.loadavg()[0]!.toFixed(2)}`);
await s.stop();
await sql.end();
