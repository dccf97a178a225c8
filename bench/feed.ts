// Feed page benchmark: the busiest day's feed (50 cards) on a database holding every paper of
// ../shared/data, under concurrent load, against the same HTML bytes written by bare Node `http` from one Buffer
// (the ceiling) and served as a static file by Hono on @hono/node-server, in the same server process, same run.
// Also the JSON API for the same day and that day's top paper page, anonymous and logged in (a user with votes).
// Targets (issue #11): anonymous (cached) feed, paper and API ≥ 0.5 of bare Node; logged in ≥ 1/3 of anonymous.
// "feed page" is the app as `dailypapers serve` runs it (anonymous views answered from the page cache,
// emptied on every data change); the "no cache" rows are the same app with PAGE_CACHE_SECONDS=0,
// i.e. what each request costs after a change, or (with issue #4) for a logged-in user.
// The server runs in a child process (bench/feed-server.ts) so autocannon, here, has its own event loop.
//   npx tsx bench/feed.ts [--duration S] [--warmup S] [--rounds N] [--connections N] [--pool N] [--reuse] [--profile] [--only TEXT] [--server FILE]
// --reuse keeps the imported database in $TMPDIR/dp-bench-feed for the next --reuse run.
// --profile writes the server's CPU profile to bench/out/feed-prof/ (open it in Chrome DevTools).
// --server runs another server script (a changed copy of bench/feed-server.ts) to A/B a change.
import { sessionToken } from '../test/helpers/sessions.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { createPool, ensureDatabase, type Sql } from '../src/db/connect.ts';
import { openEmbeddedPostgres } from '../src/db/embedded.ts';
import { migrate } from '../src/db/migrate.ts';
import { importSource } from '../src/import/importer.ts';
import { openInput } from '../src/import/reader.ts';
import { createLogger } from '../src/log.ts';
import { createApp } from '../src/web/app.ts';
import { createUser, findUserByUsername } from '../src/store/users.ts';
import { setVote } from '../src/store/votes.ts';
import { addPaperToCollection, createCollection } from '../src/store/collections.ts';
import { median, printTable, sharedFileOrExit, startBenchDb, startChild } from './lib.ts';
import { load, loadGenerator, type Measurement } from './load.ts';

const args = process.argv.slice(2);
const numberArg = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) || fallback : fallback);
const durationS = numberArg('--duration', 8);
const warmupS = numberArg('--warmup', 2);
const rounds = numberArg('--rounds', 3);
const connections = numberArg('--connections', 16);
const poolSize = numberArg('--pool', 10);
const reuse = args.includes('--reuse');
const profile = args.includes('--profile');
// --only TEXT: just the targets whose name contains TEXT (and the first baseline), e.g. to profile one of them.
const only = args.includes('--only') ? args[args.indexOf('--only') + 1]! : null;
const serverScript = path.resolve(
  args.includes('--server') ? args[args.indexOf('--server') + 1]! : path.join(import.meta.dirname, 'feed-server.ts'),
);

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'bench', 'out');
const HTML_FILE = path.join(OUT, 'feed.html');
// The bodies bare Node serves (feed.html, paper.html, api.json): each target's own bytes, written before they are asked for.
const BARE_DIR = path.join(OUT, 'bare');
const DB_NAME = 'bench_feed';
const REUSE_DIR = path.join(os.tmpdir(), 'dp-bench-feed');
const CACHED_TARGET = 0.5;
const LOGGED_IN_TARGET = 1 / 3;
const arxivFile = sharedFileOrExit('data/arxiv-papers.jsonl.gz');
const hfFile = sharedFileOrExit('data/hf-daily-papers.jsonl.gz');
const log = createLogger({ bench: 'feed' });

interface FeedDatabase {
  url: string;
  sql: Sql;
  /** Whether the papers are already there (a --reuse run after a complete import). */
  imported: boolean;
  markImported(): Promise<void>;
  stop(): Promise<void>;
}

// Identifies the input files, so --reuse imports again when the data changes.
const inputStamp = [arxivFile, hfFile].map((f) => `${path.basename(f)}:${fs.statSync(f).size}:${fs.statSync(f).mtimeMs}`).join(' ');

/** Opens the benchmark database: fresh and throwaway, or (--reuse) kept between runs. */
async function openFeedDatabase(): Promise<FeedDatabase> {
  if (!reuse) {
    const db = await startBenchDb();
    const sql = await db.freshDatabase(DB_NAME, { max: 4 });
    const url = await ensureDatabase(db.adminUrl, DB_NAME);
    return { url, sql, imported: false, markImported: async () => {}, stop: () => db.stop() };
  }
  fs.mkdirSync(REUSE_DIR, { recursive: true, mode: 0o755 });
  fs.chmodSync(REUSE_DIR, 0o755);
  const external = process.env.BENCH_DATABASE_URL;
  const server = external ? null : await openEmbeddedPostgres({ dataDir: REUSE_DIR, port: 55000 + (process.pid % 1000), log });
  const adminUrl = external ?? server!.adminUrl;
  const url = await ensureDatabase(adminUrl, DB_NAME);
  const sql = createPool(url, { max: 4 });
  await migrate(sql, log);
  // The stamp is written only after a complete import, so an interrupted one is redone.
  const [row] = await sql<{ stamp: string | null }[]>`
    SELECT shobj_description(oid, 'pg_database') AS stamp FROM pg_database WHERE datname = ${DB_NAME}`;
  return {
    url,
    sql,
    imported: row?.stamp === inputStamp,
    markImported: async () => {
      await sql.unsafe(`COMMENT ON DATABASE "${DB_NAME}" IS '${inputStamp.replace(/'/g, "''")}'`);
    },
    async stop() {
      await sql.end({ timeout: 5 });
      await server?.stop();
    },
  };
}

/** Imports both data files (unless already there) and returns the number of papers. */
async function loadPapers(db: FeedDatabase): Promise<number> {
  if (db.imported) {
    console.log(`reusing the papers imported earlier in ${REUSE_DIR}`);
  } else {
    if (reuse) await db.sql`TRUNCATE papers, organizations CASCADE`;
    for (const file of [arxivFile, hfFile]) {
      const started = performance.now();
      const stats = await importSource(db.sql, await openInput(file));
      console.log(
        `imported ${stats.records.toLocaleString('en-US')} records of ${path.basename(file)} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    // As autovacuum would soon after a bulk load: planner statistics and the visibility map
    // (index-only counts), so the measurement does not race a background ANALYZE.
    await db.sql`VACUUM (ANALYZE) papers`;
    await db.sql`VACUUM (ANALYZE) paper_links`;
    await db.sql`VACUUM (ANALYZE) organizations`;
    await db.markImported();
  }
  const [row] = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM papers`;
  return row?.n ?? 0;
}

interface ServerChild {
  appPort: number;
  uncachedPort: number;
  noViewerCachesPort: number;
  staticPort: number;
  barePort: number;
  stop(): Promise<void>;
}

/** Starts bench/feed-server.ts (or --server FILE) and waits for the ports it listens on. */
function startServerChild(dbUrl: string): Promise<ServerChild> {
  const profArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(OUT, 'feed-prof')}`] : [];
  return startChild<Omit<ServerChild, 'stop'>>(serverScript, {
    nodeArgs: profArgs,
    env: { BENCH_FEED_DB_URL: dbUrl, BENCH_FEED_HTML: HTML_FILE, BENCH_FEED_BARE_DIR: BARE_DIR, BENCH_FEED_POOL: String(poolSize) },
  });
}

/** A reader who upvoted a third of the day's papers; returns their session token (the cookie's value). */
async function benchSession(sql: Sql, day: string): Promise<string> {
  await createUser(sql, {
    email: 'bench@example.org',
    username: 'bench-reader',
    displayName: 'bench-reader',
    passwordHash: 'x',
    verified: true,
  });
  const user = await findUserByUsername(sql, 'bench-reader');
  const ids = await sql<{ id: string }[]>`SELECT id FROM papers WHERE daily_date = ${day} ORDER BY upvotes DESC, id LIMIT 60`;
  for (const { id } of ids.filter((_, i) => i % 3 === 0)) await setVote(sql, user!.id, id, true);
  const token = await sessionToken(sql, user!.id);
  return token;
}

/** A public collection of the day's top 50 papers by another user (what a logged-in reader sees as a visitor). */
async function benchCollection(sql: Sql, day: string): Promise<number> {
  await createUser(sql, {
    email: 'curator@example.org',
    username: 'bench-curator',
    displayName: 'Bench Curator',
    passwordHash: 'x',
    verified: true,
  });
  const curator = (await findUserByUsername(sql, 'bench-curator'))!;
  const [existing] = await sql<{ id: number }[]>`SELECT id::int FROM collections WHERE user_id = ${curator.id} LIMIT 1`;
  if (existing) return existing.id;
  const list = (await createCollection(
    sql,
    curator.id,
    { title: 'Bench reading list', description: 'The day’s top papers.', public: true },
    10,
  ))!;
  const ids = await sql<{ id: string }[]>`SELECT id FROM papers WHERE daily_date = ${day} ORDER BY upvotes DESC, id LIMIT 50`;
  for (const { id } of ids) await addPaperToCollection(sql, list.id, curator.id, id, 1000);
  return list.id;
}

const db = await openFeedDatabase();
let server: ServerChild | null = null;
try {
  const papers = await loadPapers(db);
  const [busiest] = await db.sql<{ day: string; n: number }[]>`
    SELECT daily_date AS day, count(*)::int AS n FROM papers WHERE daily_date IS NOT NULL
    GROUP BY 1 ORDER BY 2 DESC, 1 DESC LIMIT 1`;
  if (!busiest) throw new Error('no paper has a daily date; the import did not work');
  const config = loadConfig({});

  // The page under test, rendered once in this process: checked, then written out as the static baseline.
  const app = createApp({ config, sql: db.sql, log });
  // The day's whole announcement ("New on arXiv", 801 papers: a full page of cards); its picks (HF's 47) are a
  // shorter page of the same kind, so the full one is the harder and comparable case.
  const feedPath = `/papers/date/${busiest.day}?view=all`;
  const apiPath = `/api/daily_papers?date=${busiest.day}&limit=${config.feedPageSize}&all=true`;
  const feedRes = await app.request(feedPath);
  const html = await feedRes.text();
  const cards = html.split('<article class="card"').length - 1;
  if (feedRes.status !== 200 || cards !== config.feedPageSize) {
    throw new Error(`${feedPath} answered ${feedRes.status} with ${cards} cards; expected 200 with ${config.feedPageSize}`);
  }
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(HTML_FILE, html);
  const htmlBytes = Buffer.byteLength(html);

  server = await startServerChild(db.url);
  const base = `http://127.0.0.1:${server.appPort}`;
  const uncached = `http://127.0.0.1:${server.uncachedPort}`;
  const noViewerCaches = `http://127.0.0.1:${server.noViewerCachesPort}`;
  const staticUrl = `http://127.0.0.1:${server.staticPort}/static-baseline.html`;
  const bareUrl = `http://127.0.0.1:${server.barePort}/`;
  const [top] = await db.sql<{ id: string }[]>`
    SELECT id FROM papers WHERE daily_date = ${busiest.day} ORDER BY upvotes DESC, id LIMIT 1`;
  const paperPath = `/papers/${top!.id}`;
  const session = await benchSession(db.sql, busiest.day);
  const collectionPath = `/collections/${await benchCollection(db.sql, busiest.day)}`;
  const trendingPath = '/papers/trending';
  const cookie = { cookie: `dp_session=${session}` };
  // The served responses must be what we think we measure: 50 cards, the same bytes, 50 JSON items.
  const served = await (await fetch(base + feedPath)).text();
  const servedUncached = await (await fetch(uncached + feedPath)).text();
  const staticBody = await (await fetch(staticUrl)).text();
  const apiRes = await fetch(base + apiPath);
  const apiBody = await apiRes.text();
  const apiItems = (JSON.parse(apiBody) as unknown[]).length;
  const paperBody = await (await fetch(base + paperPath)).text();
  const trendingBody = await (await fetch(base + trendingPath)).text();
  const collectionBody = await (await fetch(base + collectionPath)).text();
  for (const [path, body] of [
    [trendingPath, trendingBody],
    [collectionPath, collectionBody],
  ] as const) {
    const mine = await (await fetch(base + path, { headers: cookie })).text();
    if (!body.includes('class="card"') || !mine.includes('bench-reader'))
      throw new Error(`${path} does not show its cards and the logged-in user`);
  }
  const loggedIn = await (await fetch(base + feedPath, { headers: cookie })).text();
  if (!loggedIn.includes('bench-reader') || !/aria-pressed="true"/.test(loggedIn)) {
    throw new Error('the logged-in feed page does not show the user and their votes');
  }
  if (
    served.split('<article class="card"').length - 1 !== config.feedPageSize ||
    servedUncached !== served ||
    staticBody !== html ||
    !paperBody.includes(top!.id) ||
    apiRes.status !== 200 ||
    apiItems !== config.feedPageSize
  ) {
    throw new Error('the server child does not answer the expected feed, static file and API responses');
  }

  fs.mkdirSync(BARE_DIR, { recursive: true });
  fs.writeFileSync(path.join(BARE_DIR, 'feed.html'), served);
  fs.writeFileSync(path.join(BARE_DIR, 'paper.html'), paperBody);
  fs.writeFileSync(path.join(BARE_DIR, 'api.json'), apiBody);
  const targets: { name: string; path: string; url: string; bytes: number; headers?: Record<string, string>; bare?: string }[] = [
    { name: 'bare Node, feed bytes', path: '/feed.html', url: `${bareUrl}feed.html`, bytes: htmlBytes },
    { name: 'bare Node, paper bytes', path: '/paper.html', url: `${bareUrl}paper.html`, bytes: Buffer.byteLength(paperBody) },
    { name: 'bare Node, API bytes', path: '/api.json', url: `${bareUrl}api.json`, bytes: Buffer.byteLength(apiBody) },
    { name: 'Hono static (same HTML)', path: '/static-baseline.html', url: staticUrl, bytes: htmlBytes },
    { name: 'feed page', path: feedPath, url: base + feedPath, bytes: Buffer.byteLength(served), bare: 'bare Node, feed bytes' },
    { name: 'paper page', path: paperPath, url: base + paperPath, bytes: Buffer.byteLength(paperBody), bare: 'bare Node, paper bytes' },
    { name: 'JSON API', path: apiPath, url: base + apiPath, bytes: Buffer.byteLength(apiBody), bare: 'bare Node, API bytes' },
    { name: 'feed page, logged in', path: feedPath, url: base + feedPath, bytes: Buffer.byteLength(loggedIn), headers: cookie },
    {
      name: 'feed page (logged in, session + votes from the database)',
      path: feedPath,
      url: noViewerCaches + feedPath,
      bytes: Buffer.byteLength(loggedIn),
      headers: cookie,
    },
    { name: 'paper page, logged in', path: paperPath, url: base + paperPath, bytes: Buffer.byteLength(paperBody), headers: cookie },
    { name: 'trending page', path: trendingPath, url: base + trendingPath, bytes: Buffer.byteLength(trendingBody) },
    {
      name: 'trending page, logged in',
      path: trendingPath,
      url: base + trendingPath,
      bytes: Buffer.byteLength(trendingBody),
      headers: cookie,
    },
    { name: 'collection page', path: collectionPath, url: base + collectionPath, bytes: Buffer.byteLength(collectionBody) },
    {
      name: 'collection page, logged in',
      path: collectionPath,
      url: base + collectionPath,
      bytes: Buffer.byteLength(collectionBody),
      headers: cookie,
    },
    // What every collection page cost before issue #11 cached them (and the paper page, logged in, rendered per viewer).
    { name: 'collection page, no cache', path: collectionPath, url: uncached + collectionPath, bytes: Buffer.byteLength(collectionBody) },
    {
      name: 'paper page, logged in, no cache',
      path: paperPath,
      url: uncached + paperPath,
      bytes: Buffer.byteLength(paperBody),
      headers: cookie,
    },
    { name: 'feed page, no cache', path: feedPath, url: uncached + feedPath, bytes: Buffer.byteLength(served) },
    { name: 'JSON API, no cache', path: apiPath, url: uncached + apiPath, bytes: Buffer.byteLength(apiBody) },
  ];
  if (only) {
    // The chosen targets, the first baseline, and the bare-Node baseline each chosen one is compared with.
    const chosen = targets.slice(1).filter((t) => t.name.includes(only));
    const bares = new Set(chosen.map((t) => t.bare).filter((b) => b !== undefined));
    targets.splice(1, targets.length, ...targets.slice(1).filter((t) => bares.has(t.name) || chosen.includes(t)));
  }
  console.log(
    `\n${papers.toLocaleString('en-US')} papers; busiest day ${busiest.day} has ${busiest.n.toLocaleString('en-US')} papers, ` +
      `the feed page shows ${cards}. ${connections} connections, ${rounds} rounds of ${durationS} s per target ` +
      `(after ${warmupS} s warm-up each), server pool max ${poolSize}, ${os.cpus().length} CPUs, load by ${loadGenerator}.`,
  );
  const results = new Map<string, Measurement[]>(targets.map((t) => [t.name, []]));
  for (let round = 0; round < rounds; round++) {
    // Rotate the order so no target always runs first (or right after the heaviest one).
    const order = targets.map((_, i) => targets[(i + round) % targets.length]!);
    for (const t of order) {
      await load(t.url, { connections, seconds: warmupS, headers: t.headers });
      const m = await load(t.url, { connections, seconds: durationS, headers: t.headers });
      results.get(t.name)!.push(m);
      console.log(
        `  round ${round + 1}: ${t.name.padEnd(24)} ${Math.round(m.reqPerSec).toString().padStart(6)} req/s  p50 ${m.p50.toFixed(1)} ms  p99 ${m.p99.toFixed(1)} ms${m.failures ? `  ${m.failures} FAILED` : ''}`,
      );
    }
  }

  const rateOf = (name: string) => median(results.get(name)!.map((m) => m.reqPerSec));
  // Each page against bare Node sending its own bytes; the baselines against themselves, Hono's static route against the feed's.
  const bareOf = (name: string) =>
    rateOf(targets.find((t) => t.name === name)?.bare ?? (name.startsWith('bare') ? name : targets[0]!.name));
  const rows = targets.map((t) => {
    const ms = results.get(t.name)!;
    const rates = ms.map((m) => m.reqPerSec);
    return [
      t.name,
      t.path.length > 40 ? t.path.slice(0, 39) + '…' : t.path,
      (t.bytes / 1024).toFixed(1),
      Math.round(median(rates)),
      `${Math.round(Math.min(...rates))}-${Math.round(Math.max(...rates))}`,
      median(ms.map((m) => m.p50)).toFixed(1),
      median(ms.map((m) => m.p99)).toFixed(1),
      (median(rates) / bareOf(t.name)).toFixed(2),
      ms.reduce((n, m) => n + m.failures, 0),
    ];
  });
  console.log(`\nFeed page under load (medians of ${rounds} rounds)\n`);
  printTable(['target', 'path', 'KB', 'req/s', 'req/s range', 'p50 ms', 'p99 ms', 'ratio to bare Node (same bytes)', 'failed'], rows);
  const verdict = (ratio: number, target: number) =>
    `${ratio.toFixed(2)} (target ≥ ${target.toFixed(2)}: ${ratio >= target ? 'met' : 'NOT met'})`;
  console.log('');
  for (const name of ['feed page', 'paper page', 'JSON API'].filter((x) => results.has(x))) {
    console.log(`${name}, anonymous / bare Node with its bytes: ${verdict(rateOf(name) / bareOf(name), CACHED_TARGET)}`);
  }
  for (const name of ['feed page', 'paper page', 'trending page', 'collection page'].filter(
    (x) => results.has(x) && results.has(`${x}, logged in`),
  )) {
    console.log(`${name}, logged in / anonymous: ${verdict(rateOf(`${name}, logged in`) / rateOf(name), LOGGED_IN_TARGET)}`);
  }
} finally {
  await server?.stop();
  await db.stop();
}
