// Inserting vectors while serving: the vector index's graph blocks the event loop while it adds (usearch returns when
// every core is done), so an index being built (a provider switch, a first start) holds every request of the process
// for as long as one insert call takes. The same N vectors (unit, 128 dimensions, seeded) inserted as the sync
// read them before (one call per 5,000-vector read) and as it inserts them now (insertInSlices: slices sized to
// ~40 ms, requests let in between), with a 5 ms timer standing in for requests: the longest and p99 wait a request
// would have had, and the total time. Target (issue #11): serving never stalls for seconds during a build.
//   npx tsx bench/vector-insert.ts [--vectors N]
import { seededUnitVectors } from '../test/helpers/unit-vectors.ts';
import { VectorIndex } from '../src/embeddings/vector-index.ts';
import { insertInSlices } from '../src/embeddings/vector-sync.ts';
import { printTable } from './lib.ts';
import { quantile } from './load.ts';

const args = process.argv.slice(2);
const count = args.includes('--vectors') ? Number(args[args.indexOf('--vectors') + 1]) : 100_000;
const D = 128;
const READ_BATCH = 5000;

function vectors(n: number, seed: number): { id: string; vector: Float32Array }[] {
  return seededUnitVectors(n, D, seed).map((vector, i) => ({ id: `p${i}`, vector }));
}

/** Runs `insert` with a 5 ms ticker beside it; returns the gaps the ticker saw (ms) and the total time. */
async function measure(insert: () => Promise<void>): Promise<{ gaps: number[]; totalS: number }> {
  const gaps: number[] = [];
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    gaps.push(now - last);
    last = now;
  }, 5);
  const started = performance.now();
  await insert();
  const totalS = (performance.now() - started) / 1000;
  clearInterval(ticker);
  return { gaps: gaps.sort((x, y) => x - y), totalS };
}

const items = vectors(count, 42);
const yieldNow = () => new Promise((r) => setImmediate(r));
const before = await measure(async () => {
  const index = new VectorIndex(D);
  for (let i = 0; i < items.length; i += READ_BATCH) {
    index.upsertMany(items.slice(i, i + READ_BATCH));
    await yieldNow();
  }
});
const after = await measure(async () => {
  const index = new VectorIndex(D);
  const slice = { size: 64 };
  for (let i = 0; i < items.length; i += READ_BATCH) await insertInSlices(index, items.slice(i, i + READ_BATCH), slice);
});
const row = (name: string, m: { gaps: number[]; totalS: number }) => [
  name,
  (m.gaps.at(-1) ?? 0).toFixed(0),
  quantile(m.gaps, 0.99).toFixed(0),
  m.totalS.toFixed(1),
  Math.round(count / m.totalS),
];
console.log(`\n${count.toLocaleString('en-US')} vectors of ${D} dimensions into an empty index\n`);
printTable(
  ['insert', 'longest wait ms', 'p99 wait ms', 'total s', 'vectors/s'],
  [row('one call per 5,000 read (before)', before), row('slices of ~40 ms (insertInSlices)', after)],
);
console.log(
  `\nlongest wait: ${((before.gaps.at(-1) ?? 0) / (after.gaps.at(-1) ?? 1)).toFixed(0)}x shorter; total time ${(after.totalS / before.totalS).toFixed(2)}x`,
);
