// Digest benchmark: render and send N personalized digests (N subscribers with varied preferences,
// the busiest day of ../shared/data/hf-daily-papers.jsonl.gz) to a local SMTP server, compared in the
// same run with sending N fixed, pre-rendered messages through the same pooled transport (the floor).
// Meanwhile the web server in this same process answers a feed page under load: its p99 latency idle
// and while the digests go out. The SMTP server and the load generator run in child processes.
//   npx tsx bench/digest.ts [--subscribers N] [--connections C] [--rounds R]
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { serve } from '@hono/node-server';
import { loadConfig } from '../src/config.ts';
import { digestSections } from '../src/digest/content.ts';
import { renderDigest } from '../src/digest/render.ts';
import { digestMessage, linksFor, loadCandidates, sendDigest } from '../src/digest/sender.ts';
import { importSource } from '../src/import/importer.ts';
import { openInput } from '../src/import/reader.ts';
import { createLogger } from '../src/log.ts';
import { createSmtpMailer } from '../src/mail/mailer.ts';
import { createApp } from '../src/web/app.ts';
import { startPageCache } from '../src/web/http/page-cache.ts';
import { median, printTable, sharedFileOrExit, startBenchDb } from './lib.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) || fallback : fallback);
const N = arg('--subscribers', 10_000);
const CONNECTIONS = arg('--connections', 8);
const ROUNDS = arg('--rounds', 3);
const ROOT = path.resolve(import.meta.dirname, '..');
const hfFile = sharedFileOrExit('data/hf-daily-papers.jsonl.gz');
const log = createLogger({ bench: 'digest' });

const KEYWORDS = [
  'diffusion',
  'language model',
  'reinforcement learning',
  'video',
  'agents',
  'reasoning',
  'benchmark',
  'retrieval',
  '3d',
  'speech',
];
const CATEGORIES = ['cs.CV', 'cs.CL', 'cs.LG', 'cs.AI', 'cs.RO', 'stat.ML'];

async function startSink(): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'smtp-sink.ts')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) => readline.createInterface({ input: child.stdout! }).once('line', resolve));
  const { port } = JSON.parse(line) as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}/?maxConnections=${CONNECTIONS}`,
    stop: () =>
      new Promise((r) => {
        child.once('exit', () => r());
        child.stdin!.end();
      }),
  };
}

/** Loads `url` from a child process (bench/load.ts) until `until` settles; returns p50/p99 in ms. */
function loadWhile(url: string, until: Promise<unknown>): Promise<{ p50: number; p99: number; rps: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'load.ts'), url, '10'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = new Promise<string>((resolve) => readline.createInterface({ input: child.stdout! }).once('line', resolve));
  until.finally(() => child.stdin!.end());
  return line.then((l) => JSON.parse(l) as { p50: number; p99: number; rps: number });
}

const db = await startBenchDb();
const sql = await db.freshDatabase('bench_digest', { max: 10 });
try {
  await importSource(sql, await openInput(hfFile));
  const [busiest] = await sql<
    { day: string; n: number }[]
  >`SELECT daily_date AS day, count(*)::int AS n FROM papers WHERE daily_date IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 1`;
  const day = busiest!.day;
  const authors = (
    await sql<
      { a: string }[]
    >`SELECT DISTINCT author_names[1] AS a FROM papers WHERE daily_date = ${day} AND cardinality(author_names) > 0 LIMIT 50`
  ).map((r) => r.a);
  // Varied preferences: everyone gets trending; some add categories, keywords, authors.
  const rows = Array.from({ length: N }, (_, i) => ({
    email: `reader${i}@example.org`,
    status: 'active',
    frequency: 'daily',
    include_trending: true,
    categories: i % 2 === 0 ? [CATEGORIES[i % CATEGORIES.length]!] : [],
    keywords: i % 3 === 0 ? [KEYWORDS[i % KEYWORDS.length]!] : [],
    authors: i % 5 === 0 && authors.length > 0 ? [authors[i % authors.length]!] : [],
  }));
  for (let i = 0; i < rows.length; i += 1000) {
    await sql`INSERT INTO subscriptions ${sql(rows.slice(i, i + 1000), 'email', 'status', 'frequency', 'include_trending', 'categories', 'keywords', 'authors')}`;
  }
  const config = loadConfig({});
  // As `dailypapers serve` runs it: anonymous feed pages from the page cache.
  const pageCache = await startPageCache(sql, config.pageCacheSeconds);
  const app = createApp({ config, sql, log, pageCache: pageCache?.cache ?? null });
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => server.once('listening', () => r()));
  const feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/papers/date/${day}`;
  const secret = 'bench-secret';
  const candidates = await loadCandidates(sql, { start: day, end: day });
  const sample = renderDigest(
    digestSections(candidates, { frequency: 'daily', includeTrending: true, categories: [], keywords: [], authors: [], forYou: false }),
    linksFor({ siteName: 'Daily Papers', baseUrl: config.baseUrl, secret }, 1, 1, day),
  );
  console.log(
    `${N.toLocaleString('en-US')} subscribers, ${busiest!.n} papers on ${day}, ${CONNECTIONS} SMTP connections, ${ROUNDS} rounds; digest ${Math.round(sample.html.length / 1024)} KB HTML`,
  );

  const results: Record<string, number[]> = {
    fixed: [],
    personal: [],
    personalLoaded: [],
    idleP99: [],
    busyP99: [],
    idleP50: [],
    busyP50: [],
  };
  for (let round = 0; round < ROUNDS; round++) {
    const sink = await startSink();
    // Idle web latency, 5 s.
    const idle = await loadWhile(feedUrl, new Promise((r) => setTimeout(r, 5000)));
    // The floor: N fixed messages through the same transport.
    const fixedMailer = createSmtpMailer(sink.url, 'Daily Papers <papers@localhost>');
    let t = performance.now();
    const fixed = {
      ...digestMessage(
        { sql, mailer: fixedMailer, log, siteName: 'Daily Papers', baseUrl: config.baseUrl, secret },
        0,
        0,
        '',
        sample,
        'http://localhost/u',
      ),
    };
    for (let i = 0; i < N; i += 200) {
      await Promise.all(
        Array.from({ length: Math.min(200, N - i) }, (_, k) => fixedMailer.send({ ...fixed, to: `reader${i + k}@example.org` })),
      );
    }
    results.fixed!.push(N / ((performance.now() - t) / 1000));
    await fixedMailer.close();
    // Personalized: the real sender, alone (the ratio to the floor)...
    const deps = (mailer: ReturnType<typeof createSmtpMailer>) => ({
      sql,
      mailer,
      log,
      siteName: 'Daily Papers',
      baseUrl: config.baseUrl,
      secret,
    });
    await sql`DELETE FROM digest_runs`;
    let mailer = createSmtpMailer(sink.url, 'Daily Papers <papers@localhost>');
    t = performance.now();
    const stats = await sendDigest(deps(mailer), 'daily', day, { batchSize: 200 });
    results.personal!.push(stats.sent / ((performance.now() - t) / 1000));
    await mailer.close();
    // ...and again while the web server in this process answers the feed page under load.
    await sql`DELETE FROM digest_runs`;
    mailer = createSmtpMailer(sink.url, 'Daily Papers <papers@localhost>');
    t = performance.now();
    const sending = sendDigest(deps(mailer), 'daily', day, { batchSize: 200 });
    const busy = loadWhile(feedUrl, sending);
    const loadedStats = await sending;
    results.personalLoaded!.push(loadedStats.sent / ((performance.now() - t) / 1000));
    const b = await busy;
    await mailer.close();
    await sink.stop();
    results.idleP99!.push(idle.p99);
    results.busyP99!.push(b.p99);
    results.idleP50!.push(idle.p50);
    results.busyP50!.push(b.p50);
    console.log(
      `  round ${round + 1}: fixed ${Math.round(results.fixed!.at(-1)!)}/s, personalized ${Math.round(results.personal!.at(-1)!)}/s (${stats.sent} sent, ${stats.empty} empty), under web load ${Math.round(results.personalLoaded!.at(-1)!)}/s; web p99 idle ${idle.p99} ms, during ${b.p99} ms (${Math.round(b.rps)} req/s)`,
    );
  }
  const fixed = median(results.fixed!);
  const personal = median(results.personal!);
  console.log(`\nDigests (medians of ${ROUNDS} rounds)\n`);
  printTable(
    ['what', 'messages/s', 'ratio to fixed'],
    [
      ['fixed pre-rendered messages (transport floor)', Math.round(fixed), '1.00'],
      ['personalized digests (render + send + record)', Math.round(personal), (personal / fixed).toFixed(2)],
      [
        'personalized, while the web server is under load',
        Math.round(median(results.personalLoaded!)),
        (median(results.personalLoaded!) / fixed).toFixed(2),
      ],
    ],
  );
  console.log('');
  printTable(
    ['web server (feed page, 10 connections)', 'p50 ms', 'p99 ms'],
    [
      ['idle', median(results.idleP50!), median(results.idleP99!)],
      ['while digests are sent', median(results.busyP50!), median(results.busyP99!)],
    ],
  );
  server.close();
  await pageCache?.stop();
} finally {
  await db.stop();
}
