// The memory half of bench/search.ts, run as a child process so its figures are those of a fresh server process:
// loads the saved keyword and vector indexes as `dailypapers serve` does at start, and prints one JSON line with
// the load time, the process's memory and the indexes' own estimates. Exits when stdin closes.
//   BENCH_SEARCH_DB_URL=postgres://... BENCH_SEARCH_DATA_DIR=... node --expose-gc --import tsx bench/search-memory-child.ts
import { createPool } from '../src/db/connect.ts';
import { createLogger } from '../src/log.ts';
import { startSearch } from '../src/search/service.ts';

const dbUrl = process.env.BENCH_SEARCH_DB_URL;
const dataDir = process.env.BENCH_SEARCH_DATA_DIR;
if (!dbUrl || !dataDir) {
  console.error('search-memory-child: set BENCH_SEARCH_DB_URL and BENCH_SEARCH_DATA_DIR (bench/search.ts does)');
  process.exit(2);
}
const gc = () => (globalThis as { gc?: () => void }).gc?.();

const sql = createPool(dbUrl, { max: 2 });
const log = createLogger({ bench: 'search-memory-child' });
gc();
const before = process.memoryUsage();
const started = performance.now();
const search = await startSearch({
  sql,
  log,
  dataDir,
  follow: false,
  waitUntilReady: true,
  embeddings: { kind: 'corpus', dimensions: 128, fitSample: 60_000 },
});
const loadMs = performance.now() - started;
gc();
const after = process.memoryUsage();
const stats = search.stats();
process.stdout.write(
  JSON.stringify({
    loadMs,
    rssBefore: before.rss,
    rss: after.rss,
    heapUsed: after.heapUsed,
    arrayBuffers: after.arrayBuffers,
    keywordBytes: stats.bytes,
    vectorBytes: stats.vectorBytes,
    vectors: stats.vectors,
  }) + '\n',
);

process.stdin.on('end', () => {
  void search
    .stop()
    .then(() => sql.end({ timeout: 5 }))
    .then(() => process.exit(0));
});
process.stdin.resume();
