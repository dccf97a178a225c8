// Web workers: `dailypapers serve` started as the README starts it (bin/dailypapers.js), on the database bench/feed.ts
// --reuse filled (167k papers), with WEB_CONCURRENCY=1 and then 2 in the same run, under the same load (wrk when
// installed): the busiest day's feed anonymous (page cache) and logged in, and the search page. Also the memory of
// the whole server (the primary and its workers, summed RSS) once it is ready. Target (issue #11): 2 workers ≥ 1.7x
// one on this machine, and the second worker adding ≤ 25% memory.
//   npx tsx bench/feed.ts --reuse --rounds 1 --duration 1   (once, to import the papers)
//   npx tsx bench/workers.ts [--duration S] [--rounds N] [--connections N] [--hybrid]
// --hybrid: search as `dailypapers serve` runs it by default (EMBEDDINGS=corpus: keyword and vector results fused),
//   on indexes `dailypapers reindex` built once into $TMPDIR/dp-bench-feed/data-hybrid (kept for the next run);
//   without it, EMBEDDINGS=off (keyword search) on a fresh data folder per server.
import { sessionToken } from '../test/helpers/sessions.ts';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPool, ensureDatabase } from '../src/db/connect.ts';
import { openEmbeddedPostgres } from '../src/db/embedded.ts';
import { createLogger } from '../src/log.ts';
import { findUserByUsername } from '../src/store/users.ts';
import { median, printTable } from './lib.ts';
import { load, loadGenerator, type Measurement } from './load.ts';

const args = process.argv.slice(2);
const numberArg = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) || fallback : fallback);
const durationS = numberArg('--duration', 8);
const rounds = numberArg('--rounds', 3);
const connections = numberArg('--connections', 16);
const hybrid = args.includes('--hybrid');
const REUSE_DIR = path.join(os.tmpdir(), 'dp-bench-feed');
const ROOT = path.resolve(import.meta.dirname, '..');
const log = createLogger({ bench: 'workers' });

if (!fs.existsSync(path.join(REUSE_DIR, 'pg'))) {
  console.log(`bench/workers.ts: no database in ${REUSE_DIR}; run "npx tsx bench/feed.ts --reuse --rounds 1 --duration 1" first`);
  process.exit(0);
}
const pg = await openEmbeddedPostgres({ dataDir: REUSE_DIR, port: 55000 + (process.pid % 1000), log });
const dbUrl = await ensureDatabase(pg.adminUrl, 'bench_feed');
const sql = createPool(dbUrl, { max: 2 });

/** Resident memory of `pid` and of each of its children (the web workers), in MB. */
function rssMb(pid: number): { primary: number; workers: number[] } {
  const of = (p: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  let kids: number[] = [];
  try {
    kids = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {}
  return { primary: of(pid), workers: kids.map(of) };
}

const HYBRID_DIR = path.join(REUSE_DIR, 'data-hybrid');

function serverEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: dbUrl,
    DATA_DIR: dataDir,
    EMBEDDINGS: hybrid ? 'corpus' : 'off',
    HARVEST_SCHEDULE: 'off',
    FIRST_START_DAYS: '0',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

/** Hybrid: the keyword snapshot, every paper's vector and the vector index, built once by `dailypapers reindex`. */
async function prepareHybridIndexes(): Promise<void> {
  const stamp = path.join(HYBRID_DIR, '.reindexed');
  if (fs.existsSync(stamp)) return;
  fs.mkdirSync(HYBRID_DIR, { recursive: true });
  console.log('building the hybrid indexes once (dailypapers reindex: embeds every paper with the corpus model)…');
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'dailypapers.js'), 'reindex'], {
    env: serverEnv(HYBRID_DIR),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`dailypapers reindex exited with ${code}`);
  fs.writeFileSync(stamp, new Date().toISOString());
}

async function startServer(workers: number, port: number): Promise<{ pid: number; stop(): Promise<void> }> {
  const dataDir = hybrid ? HYBRID_DIR : fs.mkdtempSync(path.join(os.tmpdir(), 'dp-bench-workers-'));
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'dailypapers.js'), 'serve'], {
    env: serverEnv(dataDir, { PORT: String(port), WEB_CONCURRENCY: String(workers) }),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Ready: the keyword index is built (the first start builds it from the database).
  for (let i = 0; ; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (i > 1200) throw new Error('the server was not ready within 10 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
  // Hybrid: also the vector index (the mode menu of the search page is enabled once semantic search can answer).
  for (let i = 0; hybrid; i++) {
    const page = await fetch(`http://127.0.0.1:${port}/search?q=warmup`).then(
      (r) => r.text(),
      () => '',
    );
    if (page.includes('<select name="mode"') && !page.includes('<select name="mode" disabled')) break;
    if (i > 1200) throw new Error('semantic search was not ready within 10 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      if (!hybrid) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const [busiest] = await sql<{ day: string }[]>`
  SELECT daily_date AS day FROM papers WHERE daily_date IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 DESC LIMIT 1`;
const user = await findUserByUsername(sql, 'bench-reader');
if (!busiest || !user) throw new Error('the database lacks papers or the bench-reader user: run bench/feed.ts --reuse first');
const token = await sessionToken(sql, user.id);
// The whole announcement (view=all): a full page of cards whatever the day's picks.
const feedPath = `/papers/date/${busiest.day}?view=all`;
const targets: { name: string; path: string; headers: Record<string, string> }[] = [
  { name: 'feed page, anonymous', path: feedPath, headers: {} },
  { name: 'feed page, logged in', path: feedPath, headers: { cookie: `dp_session=${token}` } },
  { name: 'search page', path: '/search?q=speculative+decoding', headers: {} },
  { name: 'search page, logged in', path: '/search?q=speculative+decoding', headers: { cookie: `dp_session=${token}` } },
];

if (hybrid) await prepareHybridIndexes();
const results = new Map<string, Measurement[]>();
const memory = new Map<number, { primary: number; workers: number[] }[]>();
console.log(
  `${connections} connections, ${rounds} rounds of ${durationS} s per target and setting, ${os.cpus().length} CPUs, load by ${loadGenerator}, search ${hybrid ? 'hybrid (EMBEDDINGS=corpus)' : 'keyword (EMBEDDINGS=off)'}.`,
);
for (let round = 0; round < rounds; round++) {
  for (const workers of round % 2 ? [2, 1] : [1, 2]) {
    const port = 18000 + workers + round * 10;
    const server = await startServer(workers, port);
    try {
      for (const t of targets) {
        const url = `http://127.0.0.1:${port}${t.path}`;
        await load(url, { connections, seconds: 1, headers: t.headers });
        const m = await load(url, { connections, seconds: durationS, headers: t.headers });
        const key = `${t.name}|${workers}`;
        results.set(key, [...(results.get(key) ?? []), m]);
        console.log(
          `  round ${round + 1}, ${workers} worker(s): ${t.name.padEnd(22)} ${Math.round(m.reqPerSec).toString().padStart(6)} req/s  p99 ${m.p99.toFixed(1)} ms`,
        );
      }
      memory.set(workers, [...(memory.get(workers) ?? []), rssMb(server.pid)]);
    } finally {
      await server.stop();
    }
  }
}

const rate = (name: string, w: number) => median(results.get(`${name}|${w}`)!.map((m) => m.reqPerSec));
const p99 = (name: string, w: number) => median(results.get(`${name}|${w}`)!.map((m) => m.p99));
console.log(`\nOne process vs two web workers (medians of ${rounds} rounds)\n`);
printTable(
  ['target', '1 worker req/s', 'p99 ms', '2 workers req/s', 'p99 ms', '2 / 1'],
  targets.map((t) => [
    t.name,
    Math.round(rate(t.name, 1)),
    p99(t.name, 1).toFixed(1),
    Math.round(rate(t.name, 2)),
    p99(t.name, 2).toFixed(1),
    (rate(t.name, 2) / rate(t.name, 1)).toFixed(2),
  ]),
);
const total = (m: { primary: number; workers: number[] }) => m.primary + m.workers.reduce((a, b) => a + b, 0);
const mem1 = median(memory.get(1)!.map(total));
const mem2 = median(memory.get(2)!.map(total));
const primary2 = median(memory.get(2)!.map((m) => m.primary));
const worker2 = median(memory.get(2)!.flatMap((m) => m.workers));
console.log(`\nmemory (RSS once ready, after the load): one process ${mem1.toFixed(0)} MB; with 2 workers ${mem2.toFixed(0)} MB in all =`);
console.log(
  `  primary (indexes, jobs) ${primary2.toFixed(0)} MB + a worker ${worker2.toFixed(0)} MB each (no index: the same at any corpus size)`,
);
console.log(`  the second worker adds ${((100 * worker2) / (mem2 - worker2)).toFixed(0)}% to the total (target ≤ 25% at 1M papers)`);
await sql.end();
await pg.stop();
