// `npm run bench [name ...]`: lists the benchmarks, says which exist and whether ../shared (the real data they read)
// is there, then runs them one after another (or only those named), each in its own process as `npx tsx` would.
// The other files in bench/ are their helpers and child processes (lib, load, *-server, smtp-sink, ...).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SHARED } from './lib.ts';

const BENCHES: { name: string; what: string; nodeArgs?: string[] }[] = [
  { name: 'import', what: 'import rate vs a plain COPY' },
  { name: 'parse', what: 'OAI-PMH and API parsers vs a bare XML parse' },
  { name: 'feed', what: 'cached, logged-in and uncached pages under load vs bare Node sending the same bytes' },
  { name: 'workers', what: 'one process vs two web workers (WEB_CONCURRENCY), throughput and memory' },
  { name: 'votes', what: 'votes per second through HTTP; trending vs daily page' },
  { name: 'authors', what: 'author and organization pages vs the busiest feed' },
  { name: 'collections', what: 'collections at their caps' },
  { name: 'comments', what: 'writing a comment; a page with a discussion' },
  { name: 'digest', what: 'personalized digests vs fixed messages over SMTP' },
  // Memory figures need a garbage collector it can call.
  { name: 'search', what: 'keyword, semantic and hybrid search vs PostgreSQL full-text', nodeArgs: ['--expose-gc'] },
  { name: 'vector-quantization', what: 'vectors as f16 vs float32: recall@10 of exact scans and similar papers' },
  { name: 'vector-build', what: "the vector graph's build time vs its recall, for several widths" },
  { name: 'keyword-build', what: 'the keyword index built on one thread vs several; packed vs flat postings', nodeArgs: ['--expose-gc'] },
  { name: 'vector-insert', what: 'how long serving waits while vectors are inserted, before vs now' },
  { name: 'search-quality', what: 'nDCG, recall and MAP on the judged collections vs BM25' },
  { name: 'search-fusion', what: 'hybrid fusion calibrated on half of each query set vs keyword, semantic and the old RRF' },
  { name: 'embedding-throughput', what: "EMBEDDINGS=auto's model shape (random weights) vs the corpus model, papers a second" },
  { name: 'for-you', what: 'For you vs arxiv-sanity-lite on simulated users' },
  {
    name: 'summaries',
    what: "keywords and extractive summaries per second; the count-min df table vs an exact Map; overlap with HF's keywords",
    nodeArgs: ['--expose-gc'],
  },
];

const dir = import.meta.dirname;
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !BENCHES.some((b) => b.name === w));
if (unknown.length > 0) {
  console.error(`unknown benchmark: ${unknown.join(', ')} (known: ${BENCHES.map((b) => b.name).join(', ')})`);
  process.exit(2);
}

console.log(`../shared (${SHARED}): ${fs.existsSync(SHARED) ? 'present' : 'absent: benchmarks that need its data skip with a message'}`);
const chosen = BENCHES.filter((b) => wanted.length === 0 || wanted.includes(b.name));
for (const b of BENCHES) {
  const exists = fs.existsSync(path.join(dir, `${b.name}.ts`));
  console.log(`  ${exists ? (chosen.includes(b) ? 'run ' : 'skip') : 'MISSING'}  bench/${b.name}.ts  ${b.what}`);
}

let failed = 0;
for (const b of chosen) {
  const file = path.join(dir, `${b.name}.ts`);
  if (!fs.existsSync(file)) {
    failed++;
    continue;
  }
  console.log(`\n== bench/${b.name}.ts`);
  const child = spawn(process.execPath, [...(b.nodeArgs ?? []), '--import', 'tsx', file], { stdio: 'inherit' });
  const code = await new Promise<number>((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
  if (code !== 0) {
    failed++;
    console.log(`bench/${b.name}.ts exited with ${code}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
