// Votes and trending benchmark, on a database holding every paper of ../shared/data plus 20,000 synthetic
// users and 100,000 votes on the last weeks' papers.
//  1. Votes per second through HTTP (a real server socket, autocannon) from 100 concurrent logged-in users,
//     each toggling its votes on the 1,000 hottest papers (every request changes a vote: the worst case),
//     with the p99 latency of a vote; compared in the same run with bare `UPDATE papers SET upvotes =
//     upvotes ± 1` through the same driver and pool size (also without waiting for the disk, as votes commit),
//     and with the vote transaction alone (no HTTP).
//     Afterwards every paper's counter must equal its count of votes rows.
//  2. The trending page against the daily page: requests per second, anonymous (page cache, as served),
//     without the cache (what a request costs after a change) and logged in (the viewer's votes added).
// The server runs in a child process (bench/votes-server.ts) so autocannon, here, has its own event loop.
//   npx tsx bench/votes.ts [--duration S] [--warmup S] [--rounds N] [--users N] [--page-connections N] [--pool N] [--reuse]
// --reuse keeps the seeded database in $TMPDIR/dp-bench-votes for the next --reuse run (imported again when the
// data files, the migrations or the seeding change).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hmac, randomToken, sha256 } from '../src/auth/tokens.ts';
import { formatDay } from '../src/core/dates.ts';
import { createPool, ensureDatabase, type Sql } from '../src/db/connect.ts';
import { openEmbeddedPostgres } from '../src/db/embedded.ts';
import { migrate } from '../src/db/migrate.ts';
import { importSource } from '../src/import/importer.ts';
import { openInput } from '../src/import/reader.ts';
import { createLogger } from '../src/log.ts';
import { getOrCreateSecret } from '../src/store/secrets.ts';
import { listFeed } from '../src/store/papers.ts';
import { listTrending, trendingWindow } from '../src/store/trending.ts';
import { setVote } from '../src/store/votes.ts';
import { median, printTable, sharedFileOrExit, startBenchDb, startChild } from './lib.ts';
import { type AutocannonOptions, loadWithAutocannon, quantile } from './load.ts';

const args = process.argv.slice(2);
const numberArg = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) || fallback : fallback);
const durationS = numberArg('--duration', 10);
const warmupS = numberArg('--warmup', 2);
const rounds = numberArg('--rounds', 3);
const voters = numberArg('--users', 100);
const pageConnections = numberArg('--page-connections', 20);
const poolSize = numberArg('--pool', 10);
const reuse = args.includes('--reuse');

const ROOT = path.resolve(import.meta.dirname, '..');
const DB_NAME = 'bench_votes';
const REUSE_DIR = path.join(os.tmpdir(), 'dp-bench-votes');
const SYNTHETIC_USERS = 20_000;
const SYNTHETIC_VOTES = 100_000;
const HOT_PAPERS = 1_000;
const arxivFile = sharedFileOrExit('data/arxiv-papers.jsonl.gz');
const hfFile = sharedFileOrExit('data/hf-daily-papers.jsonl.gz');
const log = createLogger({ bench: 'votes' });

// What the seeded database is made of: the data files, the schema and this seeding. A change means a new import.
const migrationsDir = path.join(ROOT, 'src', 'db', 'migrations');
const stamp = createHash('sha1')
  .update([arxivFile, hfFile].map((f) => `${path.basename(f)}:${fs.statSync(f).size}:${fs.statSync(f).mtimeMs}`).join(' '))
  .update(
    fs
      .readdirSync(migrationsDir)
      .sort()
      .map((f) => fs.readFileSync(path.join(migrationsDir, f), 'utf8'))
      .join('\n'),
  )
  .update(`users=${SYNTHETIC_USERS} votes=${SYNTHETIC_VOTES} v1`)
  .digest('hex');

interface BenchDatabase {
  url: string;
  sql: Sql;
  seeded: boolean;
  markSeeded(): Promise<void>;
  stop(): Promise<void>;
}

async function openDatabase(): Promise<BenchDatabase> {
  if (!reuse) {
    const db = await startBenchDb();
    const sql = await db.freshDatabase(DB_NAME, { max: poolSize });
    return { url: await ensureDatabase(db.adminUrl, DB_NAME), sql, seeded: false, markSeeded: async () => {}, stop: () => db.stop() };
  }
  fs.mkdirSync(REUSE_DIR, { recursive: true, mode: 0o755 });
  fs.chmodSync(REUSE_DIR, 0o755);
  const external = process.env.BENCH_DATABASE_URL;
  const server = external ? null : await openEmbeddedPostgres({ dataDir: REUSE_DIR, port: 56000 + (process.pid % 1000), log });
  const adminUrl = external ?? server!.adminUrl;
  const admin = createPool(adminUrl, { max: 1 });
  const [row] = await admin<{ stamp: string | null }[]>`
    SELECT shobj_description(oid, 'pg_database') AS stamp FROM pg_database WHERE datname = ${DB_NAME}`;
  const seeded = row?.stamp === stamp;
  // Anything else (another schema, an interrupted seeding) starts again from an empty database.
  if (!seeded) await admin.unsafe(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
  await admin.end();
  const url = await ensureDatabase(adminUrl, DB_NAME);
  const sql = createPool(url, { max: poolSize });
  await migrate(sql, log);
  return {
    url,
    sql,
    seeded,
    markSeeded: async () => void (await sql.unsafe(`COMMENT ON DATABASE "${DB_NAME}" IS '${stamp}'`)),
    async stop() {
      await sql.end({ timeout: 5 });
      await server?.stop();
    },
  };
}

/** Imports the papers and adds the synthetic community, unless a --reuse run did already. */
async function seed(db: BenchDatabase): Promise<void> {
  if (db.seeded) {
    console.log(`reusing the database seeded earlier in ${REUSE_DIR}`);
    return;
  }
  const { sql } = db;
  for (const file of [arxivFile, hfFile]) {
    const started = performance.now();
    const stats = await importSource(sql, await openInput(file));
    console.log(
      `imported ${stats.records.toLocaleString('en-US')} records of ${path.basename(file)} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  const started = performance.now();
  await sql`
    INSERT INTO users (email, username, display_name, password_hash, email_verified_at, created_at)
    SELECT 'reader' || i || '@example.org', 'reader' || i, 'Reader ' || i, 'not-a-hash', now(), now() - interval '90 days'
    FROM generate_series(1, ${SYNTHETIC_USERS}) i`;
  // Votes on the papers of the last 60 days of the data, skewed (a few papers get most votes), and at most
  // one per user and paper; then the counters, as the vote transactions would have left them.
  const window = await trendingWindow(sql, formatDay(new Date()));
  await sql`
    WITH recent AS (
      SELECT id, row_number() OVER (ORDER BY md5(id)) AS k FROM papers
      WHERE daily_date BETWEEN (${window.end}::date - 59) AND ${window.end}),
    n AS (SELECT count(*) AS n FROM recent),
    readers AS (SELECT id, row_number() OVER (ORDER BY id) AS u FROM users WHERE username LIKE 'reader%'),
    pairs AS (
      SELECT DISTINCT (1 + floor(random() * ${SYNTHETIC_USERS}))::int AS u, (1 + floor(power(random(), 2) * (SELECT n FROM n)))::int AS k
      FROM generate_series(1, ${Math.round(SYNTHETIC_VOTES * 1.5)}))
    INSERT INTO votes (user_id, paper_id, created_at)
    SELECT readers.id, recent.id, now() - random() * interval '30 days'
    FROM (SELECT * FROM pairs LIMIT ${SYNTHETIC_VOTES}) p JOIN recent ON recent.k = p.k JOIN readers ON readers.u = p.u`;
  await sql`
    UPDATE papers p SET upvotes = c.n
    FROM (SELECT paper_id, count(*)::int AS n FROM votes GROUP BY 1) c WHERE p.id = c.paper_id`;
  const [counts] = await sql<
    { votes: number; papers: number }[]
  >`SELECT count(*)::int AS votes, count(DISTINCT paper_id)::int AS papers FROM votes`;
  if (counts?.votes !== SYNTHETIC_VOTES) throw new Error(`seeded ${counts?.votes} votes instead of ${SYNTHETIC_VOTES}`);
  console.log(
    `seeded ${SYNTHETIC_USERS.toLocaleString('en-US')} users and ${counts.votes.toLocaleString('en-US')} votes on ${counts.papers.toLocaleString('en-US')} papers in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  for (const table of ['papers', 'paper_links', 'organizations', 'users', 'votes']) await sql.unsafe(`VACUUM (ANALYZE) ${table}`);
  await db.markSeeded();
}

interface Voter {
  id: number;
  cookie: string;
  csrf: string;
}

/** Logged-in benchmark users: fresh sessions (the cookie and CSRF token a browser would hold), no votes yet. */
async function createVoters(sql: Sql): Promise<Voter[]> {
  await sql`
    INSERT INTO users (email, username, display_name, password_hash, email_verified_at, created_at)
    SELECT 'voter' || i || '@example.org', 'voter' || i, 'Voter ' || i, 'not-a-hash', now(), now() - interval '90 days'
    FROM generate_series(1, ${voters}) i
    ON CONFLICT DO NOTHING`;
  const users = await sql<{ id: number }[]>`SELECT id::int FROM users WHERE username LIKE 'voter%' ORDER BY id LIMIT ${voters}`;
  const ids = users.map((u) => u.id);
  await resetVoters(sql, ids);
  await sql`DELETE FROM sessions WHERE user_id = ANY(${ids})`;
  const secret = await getOrCreateSecret(sql, 'signing', randomToken);
  const result: Voter[] = [];
  for (const id of ids) {
    const token = randomToken();
    const hash = sha256(token);
    await sql`INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (${hash}, ${id}, now() + interval '1 day')`;
    result.push({ id, cookie: `dp_session=${token}`, csrf: hmac(secret, `csrf:${hash}`) });
  }
  return result;
}

/** Takes back the benchmark users' votes, as account deletion does: the counters go down with them. */
async function resetVoters(sql: Sql, ids: number[]): Promise<void> {
  await sql`
    WITH gone AS (DELETE FROM votes WHERE user_id = ANY(${ids}) RETURNING paper_id),
    c AS (SELECT paper_id, count(*)::int AS n FROM gone GROUP BY 1)
    UPDATE papers p SET upvotes = p.upvotes - c.n FROM c WHERE p.id = c.paper_id`;
}

interface ServerChild {
  appPort: number;
  uncachedPort: number;
  stop(): Promise<void>;
}

function startServerChild(dbUrl: string): Promise<ServerChild> {
  return startChild<Omit<ServerChild, 'stop'>>(path.join(import.meta.dirname, 'votes-server.ts'), {
    env: { BENCH_VOTES_DB_URL: dbUrl, BENCH_VOTES_POOL: String(poolSize) },
  });
}

interface Measurement {
  perSec: number;
  p50: number;
  p99: number;
  failures: number;
}

async function load(opts: AutocannonOptions): Promise<Measurement> {
  const { reqPerSec, ...rest } = await loadWithAutocannon(opts);
  return { perSec: reqPerSec, ...rest };
}

/** Each connection is one user toggling votes: up then remove on each of a shuffled list of hot papers. */
function voteLoad(url: string, users: Voter[], papers: string[], seconds: number): Promise<Measurement> {
  let next = 0;
  return load({
    url,
    connections: users.length,
    duration: seconds,
    setupClient(client) {
      const user = users[next++ % users.length]!;
      const headers = {
        cookie: user.cookie,
        'x-csrf-token': user.csrf,
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
      };
      const mine = [...papers].sort(() => Math.random() - 0.5).slice(0, 200);
      client.setRequests(
        mine.flatMap((id) =>
          ['up', 'remove'].map((vote) => ({ method: 'POST', path: `/papers/${id}/vote`, headers, body: `vote=${vote}` })),
        ),
      );
    },
  });
}

/** `workers` concurrent loops calling `op` for `seconds`, each finishing its current pair of calls. */
async function driverLoad(workers: number, seconds: number, op: (worker: number, step: number) => Promise<unknown>): Promise<Measurement> {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let failures = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let step = 0; performance.now() < deadline || step % 2 === 1; step++) {
        const t = performance.now();
        try {
          await op(w, step);
          latencies.push(performance.now() - t);
        } catch {
          failures++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSec: latencies.length / elapsed, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), failures };
}

/** Median time of `fn` over `n` runs, in milliseconds. */
async function timeQuery(n: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

const db = await openDatabase();
let server: ServerChild | null = null;
try {
  await seed(db);
  const { sql } = db;
  const today = formatDay(new Date());
  const window = await trendingWindow(sql, today);
  const [stats] = await sql<{ papers: number; votes: number; inWindow: number }[]>`
    SELECT (SELECT count(*)::int FROM papers) AS papers, (SELECT count(*)::int FROM votes) AS votes,
           (SELECT count(*)::int FROM papers WHERE daily_date BETWEEN ${window.start} AND ${window.end} AND hidden_at IS NULL) AS "inWindow"`;
  const hot = (await listTrending(sql, window, { limit: HOT_PAPERS, offset: 0 })).papers.map((p) => p.id);
  const users = await createVoters(sql);
  const userIds = users.map((u) => u.id);
  server = await startServerChild(db.url);
  const base = `http://127.0.0.1:${server.appPort}`;
  const uncached = `http://127.0.0.1:${server.uncachedPort}`;
  console.log(
    `\n${stats!.papers.toLocaleString('en-US')} papers, ${stats!.votes.toLocaleString('en-US')} votes; trending window ${window.start} to ${window.end} ` +
      `(${stats!.inWindow.toLocaleString('en-US')} papers). ${rounds} rounds of ${durationS} s per target after ${warmupS} s warm-up, ` +
      `server pool max ${poolSize}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}.`,
  );

  // 1. Votes. A check first: one vote through the server answers what the client expects.
  const probe = await fetch(`${base}/papers/${hot[0]}/vote`, {
    method: 'POST',
    headers: {
      cookie: users[0]!.cookie,
      'x-csrf-token': users[0]!.csrf,
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'vote=up',
  });
  const probeBody = (await probe.json()) as { upvoted?: boolean };
  if (probe.status !== 200 || probeBody.upvoted !== true) throw new Error(`a vote answered ${probe.status} ${JSON.stringify(probeBody)}`);
  await resetVoters(sql, userIds);

  const voteTargets: { name: string; run: (seconds: number) => Promise<Measurement> }[] = [
    { name: 'vote through HTTP', run: (s) => voteLoad(base, users, hot, s) },
    {
      name: 'vote transaction, no HTTP',
      run: (s) =>
        driverLoad(users.length, s, (w, step) =>
          setVote(sql, userIds[w]!, hot[(w * 7 + Math.floor(step / 2)) % hot.length]!, step % 2 === 0),
        ),
    },
    {
      // The same counter update without waiting for the disk, as the vote transaction commits.
      name: 'bare UPDATE, async commit',
      run: (s) =>
        driverLoad(users.length, s, (w, step) =>
          sql.begin((tx) => [
            tx`SET LOCAL synchronous_commit = off`,
            tx`UPDATE papers SET upvotes = upvotes + ${step % 2 === 0 ? 1 : -1} WHERE id = ${hot[(w * 7 + Math.floor(step / 2)) % hot.length]!}`,
          ]),
        ),
    },
    {
      name: 'bare UPDATE upvotes ± 1',
      run: (s) =>
        driverLoad(
          users.length,
          s,
          (w, step) =>
            sql`UPDATE papers SET upvotes = upvotes + ${step % 2 === 0 ? 1 : -1} WHERE id = ${hot[(w * 7 + Math.floor(step / 2)) % hot.length]!}`,
        ),
    },
  ];
  const voteResults = new Map<string, Measurement[]>(voteTargets.map((t) => [t.name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = voteTargets.map((_, i) => voteTargets[(i + round) % voteTargets.length]!);
    for (const t of order) {
      await t.run(warmupS);
      const m = await t.run(durationS);
      voteResults.get(t.name)!.push(m);
      console.log(
        `  round ${round + 1}: ${t.name.padEnd(26)} ${Math.round(m.perSec).toString().padStart(6)}/s  p50 ${m.p50.toFixed(1)} ms  p99 ${m.p99.toFixed(1)} ms${m.failures ? `  ${m.failures} FAILED` : ''}`,
      );
    }
  }
  // Exactness after hundreds of thousands of concurrent votes: every counter equals its rows.
  const [drift] = await sql<{ n: number; votes: number }[]>`
    SELECT count(*)::int AS n, (SELECT count(*)::int FROM votes WHERE user_id = ANY(${userIds})) AS votes FROM papers p
    WHERE p.id = ANY(${hot}) AND p.upvotes <> (SELECT count(*) FROM votes v WHERE v.paper_id = p.id)`;
  await resetVoters(sql, userIds);
  // As autovacuum would soon after such a burst: the votes left hundreds of thousands of dead row versions.
  await sql`VACUUM (ANALYZE) papers`;
  await sql`VACUUM (ANALYZE) votes`;

  // 2. Pages: trending against the daily page, as anonymous visitors (cached and not) and logged in.
  const pageSize = 50;
  const trendingPath = '/papers/trending';
  // The busiest day, so that both pages show a full page of cards (the latest day may have fewer).
  const [busiest] = await sql<{ day: string }[]>`
    SELECT daily_date AS day FROM papers WHERE daily_date IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 DESC LIMIT 1`;
  // Its whole announcement (view=all): a full page of cards, as before the daily list became the picks.
  const dailyPath = `/papers/date/${busiest!.day}?view=all`;
  const loggedIn = { cookie: users[0]!.cookie };
  for (const [p, url] of [
    [trendingPath, base],
    [dailyPath, base],
    [trendingPath, uncached],
  ] as const) {
    const html = await (await fetch(url + p, { headers: loggedIn })).text();
    const cards = html.split('<article class="card"').length - 1;
    const forms = html.split('class="vote-form"').length - 1;
    if (cards === 0 || forms !== cards) throw new Error(`${p} shows ${cards} cards and ${forms} vote forms to a logged-in user`);
  }
  const count = async (url: string) => (await (await fetch(url)).text()).split('<article class="card"').length - 1;
  const pageTargets = [
    { name: 'trending page', url: base + trendingPath },
    { name: 'daily page', url: base + dailyPath },
    { name: 'trending page, no cache', url: uncached + trendingPath },
    { name: 'daily page, no cache', url: uncached + dailyPath },
    { name: 'trending page, logged in', url: base + trendingPath, headers: loggedIn },
    { name: 'daily page, logged in', url: base + dailyPath, headers: loggedIn },
    { name: 'API sort=trending, no cache', url: `${uncached}/api/daily_papers?sort=trending&limit=${pageSize}` },
    { name: 'API date=day, no cache', url: `${uncached}/api/daily_papers?date=${busiest!.day}&limit=${pageSize}` },
  ];
  const cardCounts = new Map<string, number>();
  for (const t of pageTargets) if (!t.url.includes('/api/')) cardCounts.set(t.name, await count(t.url));
  const pageResults = new Map<string, Measurement[]>(pageTargets.map((t) => [t.name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = pageTargets.map((_, i) => pageTargets[(i + round) % pageTargets.length]!);
    for (const t of order) {
      const opts = { url: t.url, connections: pageConnections, ...(t.headers ? { headers: t.headers } : {}) };
      await load({ ...opts, duration: warmupS });
      const m = await load({ ...opts, duration: durationS });
      pageResults.get(t.name)!.push(m);
      console.log(
        `  round ${round + 1}: ${t.name.padEnd(28)} ${Math.round(m.perSec).toString().padStart(6)} req/s  p50 ${m.p50.toFixed(1)} ms  p99 ${m.p99.toFixed(1)} ms${m.failures ? `  ${m.failures} FAILED` : ''}`,
      );
    }
  }
  // The two listings' queries alone, as the uncached pages run them.
  const latestDay = busiest!.day;
  const trendingQueryMs = await timeQuery(50, () => listTrending(sql, window, { limit: pageSize, offset: 0 }));
  const trendingDeepMs = await timeQuery(20, () => listTrending(sql, window, { limit: pageSize, offset: 20 * pageSize }));
  const dailyQueryMs = await timeQuery(50, () =>
    listFeed(sql, { start: latestDay, end: latestDay }, { limit: pageSize, offset: 0, sort: 'upvotes' }),
  );
  const dailyTrendingQueryMs = await timeQuery(50, () =>
    listFeed(sql, { start: latestDay, end: latestDay }, { limit: pageSize, offset: 0, sort: 'trending' }),
  );

  const summarize = (ms: Measurement[]) => {
    const rates = ms.map((m) => m.perSec);
    return {
      rate: median(rates),
      range: `${Math.round(Math.min(...rates))}-${Math.round(Math.max(...rates))}`,
      p50: median(ms.map((m) => m.p50)),
      p99: median(ms.map((m) => m.p99)),
      failed: ms.reduce((n, m) => n + m.failures, 0),
    };
  };
  const bareRate = summarize(voteResults.get('bare UPDATE upvotes ± 1')!).rate;
  console.log(
    `\nVotes: ${users.length} concurrent users on the ${hot.length.toLocaleString('en-US')} hottest papers (medians of ${rounds} rounds)\n`,
  );
  printTable(
    ['what', 'per second', 'range', 'p50 ms', 'p99 ms', 'ratio to bare UPDATE', 'failed'],
    voteTargets.map((t) => {
      const s = summarize(voteResults.get(t.name)!);
      return [t.name, Math.round(s.rate), s.range, s.p50.toFixed(1), s.p99.toFixed(1), (s.rate / bareRate).toFixed(2), s.failed];
    }),
  );
  console.log(
    `\nafter the runs: ${drift!.n} of ${hot.length} papers with a counter different from their count of votes (${drift!.votes.toLocaleString('en-US')} benchmark votes standing)`,
  );

  const dailyRate = summarize(pageResults.get('daily page')!).rate;
  console.log(
    `\nPages: ${pageConnections} connections (medians of ${rounds} rounds); ratios against the anonymous daily page (${latestDay}, the busiest day)\n`,
  );
  printTable(
    ['target', 'cards', 'req/s', 'range', 'p50 ms', 'p99 ms', 'ratio to daily', 'failed'],
    pageTargets.map((t) => {
      const s = summarize(pageResults.get(t.name)!);
      return [
        t.name,
        cardCounts.get(t.name) ?? pageSize,
        Math.round(s.rate),
        s.range,
        s.p50.toFixed(1),
        s.p99.toFixed(1),
        (s.rate / dailyRate).toFixed(2),
        s.failed,
      ];
    }),
  );
  const pair = (a: string, b: string) => (summarize(pageResults.get(a)!).rate / summarize(pageResults.get(b)!).rate).toFixed(2);
  console.log(
    `\ntrending/daily: cached ${pair('trending page', 'daily page')}, no cache ${pair('trending page, no cache', 'daily page, no cache')}, logged in ${pair('trending page, logged in', 'daily page, logged in')}, API ${pair('API sort=trending, no cache', 'API date=day, no cache')}`,
  );
  console.log(
    `load average at the end: ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} (other processes on this machine skew absolute figures; ratios are within one run)`,
  );
  console.log(
    `queries alone (median): trending page 1 ${trendingQueryMs.toFixed(2)} ms, page 21 ${trendingDeepMs.toFixed(2)} ms; ` +
      `daily by upvotes ${dailyQueryMs.toFixed(2)} ms, daily by trending ${dailyTrendingQueryMs.toFixed(2)} ms`,
  );
} finally {
  await server?.stop();
  await db.stop();
}
