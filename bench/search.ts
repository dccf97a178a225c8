// Search benchmark on a large corpus, every figure next to a plain PostgreSQL full-text query (ts_rank over a
// GIN-indexed, stored tsvector of title, abstract and authors) on the same papers, in the same run.
//  1. Keyword search: the in-process index (BM25 with MaxScore top-k pruning). Index build time, snapshot
//     save/load, memory, p50/p95/p99 latency per query class (rare terms, broad terms, phrases, author names,
//     typos). Targets: p95 < 50 ms, and >= 10x PostgreSQL on broad terms.
//  2. Semantic search (bench/search-semantic.ts), the default corpus model (LSA, 128 dimensions, fitted on a
//     60,000-paper sample): embedding every paper into PostgreSQL (search.embedNow(): time, papers/s), building the
//     vector index from the stored vectors, restart from the saved indexes, memory of a fresh process holding both
//     indexes (bench/search-memory-child.ts), p50/p95/p99 of hybrid search over the same query mix plus natural-
//     language paraphrases of real papers (bench/search-paraphrases.ts, with where each engine ranks the paper),
//     and of similar papers (search.similar(id, 10), 200 random papers) against an exact scan of every vector
//     (with the graph's recall of the exact 10). Targets: hybrid p95 < 50 ms, similar p95 < 20 ms.
//   node --expose-gc --import tsx bench/search.ts [--papers N] [--rounds R] [--reuse]   (or npx tsx bench/search.ts)
// --papers N: above the real papers' count, generated variants of the real papers are added up to N in all
//   (1000000 for the corpus): each keeps a real paper's topic and vocabulary, with shuffled sentences, some
//   words swapped for words of other papers, other authors and a shifted date, so term statistics stay those of
//   real abstracts. Below it, only the first N records of the arXiv file are imported (a quick end-to-end run).
// --reuse keeps the database (papers and the ts_rank index, not the embeddings) in $TMPDIR/dp-bench-search between
//   runs (per --papers). --prepare only imports and embeds every paper (for 3M papers, an hour once); then
//   --reuse --reuse-embeddings measures the indexes from those vectors instead of embedding again.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import readline from 'node:readline';
import { createPool, ensureDatabase, type Sql } from '../src/db/connect.ts';
import { openEmbeddedPostgres } from '../src/db/embedded.ts';
import { migrate } from '../src/db/migrate.ts';
import { importSource } from '../src/import/importer.ts';
import { openInput } from '../src/import/reader.ts';
import { createLogger } from '../src/log.ts';
import type { InputSource } from '../src/import/reader.ts';
import { startSearch } from '../src/search/service.ts';
import { median, printTable, sharedFileOrExit } from './lib.ts';
import { benchSemanticSearch, embedEveryPaper, ratio } from './search-semantic.ts';

const args = process.argv.slice(2);
const numberArg = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) || fallback : fallback);
const targetPapers = numberArg('--papers', 0);
const rounds = numberArg('--rounds', 5);
const reuse = args.includes('--reuse');
const arxivFile = sharedFileOrExit('data/arxiv-papers.jsonl.gz');
const hfFile = sharedFileOrExit('data/hf-daily-papers.jsonl.gz');
const log = createLogger({ bench: 'search' });
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
// Run with --expose-gc for memory figures without garbage still around.
const gc = () => (globalThis as { gc?: () => void }).gc?.();

// ---------------------------------------------------------------------------------------------------------------
// Database

const dir = reuse ? path.join(os.tmpdir(), 'dp-bench-search') : fs.mkdtempSync(path.join(os.tmpdir(), 'dp-bench-search-'));
fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
fs.chmodSync(dir, 0o755);
const external = process.env.BENCH_DATABASE_URL;
const server = external ? null : await openEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: 56000 + (process.pid % 1000), log });
const dbName = `bench_search_${targetPapers || 'real'}`;
const url = await ensureDatabase(external ?? server!.adminUrl, dbName);
const sql: Sql = createPool(url, { max: 6 });
await migrate(sql, log);

async function stamp(): Promise<string | null> {
  const [row] = await sql<
    { stamp: string | null }[]
  >`SELECT shobj_description(oid, 'pg_database') AS stamp FROM pg_database WHERE datname = ${dbName}`;
  return row?.stamp ?? null;
}

/** Writes `count` variants of the real papers as arXiv JSON lines (gzip) and returns the file. */
async function writeVariants(count: number): Promise<string> {
  const real: { title: string; abstract: string; authors: string[]; categories: string[]; date: string }[] = [];
  const lines = readline.createInterface({ input: fs.createReadStream(arxivFile).pipe(zlib.createGunzip()) });
  for await (const line of lines) {
    const r = JSON.parse(line);
    if (r.title && r.abstract)
      real.push({
        title: r.title,
        abstract: r.abstract,
        authors: r.authors ?? [],
        categories: r.categories ?? [],
        date: r.date ?? '2024-01-01',
      });
  }
  let seed = 42;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const wordOf = () => {
    const words = pick(real).abstract.split(/\s+/);
    return pick(words);
  };
  // Ids 9001.10000 onwards: valid new-style ids (years 90-99, months 01-12: up to 10,800,000 variants) no real
  // paper has. The first 1,080,000 are the ids earlier runs generated (9001-9012).
  if (count > 120 * 90000) throw new Error(`at most ${120 * 90000} variants`);
  const prefixOf = (i: number) => {
    const p = Math.floor(i / 90000);
    return `${90 + Math.floor(p / 12)}${String((p % 12) + 1).padStart(2, '0')}`;
  };
  const file = path.join(dir, `variants-${count}.jsonl.gz`);
  const gz = zlib.createGzip({ level: 1 });
  const out = fs.createWriteStream(file);
  gz.pipe(out);
  for (let i = 0; i < count; i++) {
    const base = real[i % real.length]!;
    const sentences = base.abstract.split(/(?<=\.)\s+/);
    for (let j = sentences.length - 1; j > 0; j--) {
      const k = Math.floor(rand() * (j + 1));
      [sentences[j], sentences[k]] = [sentences[k]!, sentences[j]!];
    }
    const abstract = sentences
      .join(' ')
      .split(' ')
      .map((w) => (rand() < 0.1 ? wordOf() : w))
      .join(' ');
    const title = base.title
      .split(' ')
      .map((w) => (rand() < 0.15 ? wordOf() : w))
      .join(' ');
    const shifted = new Date(Date.parse(base.date) || Date.UTC(2024, 0, 1));
    shifted.setUTCDate(shifted.getUTCDate() + Math.floor(rand() * 1400) - 700);
    const rec = {
      arxiv_id: `${prefixOf(i)}.${String(10000 + (i % 90000)).padStart(5, '0')}`,
      title,
      abstract,
      authors: pick(real).authors,
      categories: base.categories,
      date: shifted.toISOString().slice(0, 10),
      source: 'bench-variant',
    };
    if (!gz.write(JSON.stringify(rec) + '\n')) await new Promise<void>((r) => gz.once('drain', () => r()));
  }
  gz.end();
  await new Promise<void>((r) => out.once('finish', () => r()));
  return file;
}

/** `source` cut after its first `limit` lines; `cut` says afterwards whether any were left out. */
function headOf(source: InputSource, limit: number): { input: InputSource; cut: () => boolean } {
  let cut = false;
  const input: InputSource = {
    ...source,
    async *lines() {
      let n = 0;
      for await (const line of source.lines()) {
        if (n++ >= limit) {
          cut = true;
          return;
        }
        yield line;
      }
    },
  };
  return { input, cut: () => cut };
}

// v2: variant ids start at 9001 (9000.xxxxx is no valid id: the importer skipped the first 90,000 variants).
const wantedStamp = `papers=${targetPapers} ${fs.statSync(arxivFile).size} v2`;
if ((await stamp()) !== wantedStamp) {
  // The baseline's generated column and index would be computed row by row during the import: built afterwards.
  await sql.unsafe('ALTER TABLE papers DROP COLUMN IF EXISTS tsv');
  await sql`TRUNCATE papers, organizations, embedding_models CASCADE`;
  const t = performance.now();
  const arxiv = headOf(await openInput(arxivFile), targetPapers || Infinity);
  const s = await importSource(sql, arxiv.input);
  console.log(
    `imported ${s.records.toLocaleString('en-US')} records of ${path.basename(arxivFile)}${arxiv.cut() ? ' (its first lines only)' : ''} in ${((performance.now() - t) / 1000).toFixed(0)} s`,
  );
  if (!arxiv.cut()) {
    const t = performance.now();
    const s = await importSource(sql, await openInput(hfFile));
    console.log(
      `imported ${s.records.toLocaleString('en-US')} records of ${path.basename(hfFile)} in ${((performance.now() - t) / 1000).toFixed(0)} s`,
    );
    const n = (await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM papers`)[0]!.n;
    if (targetPapers > n) {
      const t = performance.now();
      const file = await writeVariants(targetPapers - n);
      const s = await importSource(sql, await openInput(file));
      fs.rmSync(file);
      console.log(
        `generated and imported ${s.records.toLocaleString('en-US')} variants in ${((performance.now() - t) / 1000).toFixed(0)} s`,
      );
      const total = (await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM papers`)[0]!.n;
      if (total !== targetPapers)
        console.log(`warning: ${total.toLocaleString('en-US')} papers, not the ${targetPapers.toLocaleString('en-US')} asked for`);
    }
  }
  await sql.unsafe(`COMMENT ON DATABASE "${dbName}" IS '${wantedStamp}'`);
} else {
  console.log(`reusing the papers imported earlier in ${dir}`);
}
const hasTsv = (await sql`SELECT 1 FROM information_schema.columns WHERE table_name = 'papers' AND column_name = 'tsv'`).length > 0;
if (!hasTsv) {
  // The PostgreSQL baseline: a stored tsvector (title A, abstract B, authors C) with a GIN index, the usual setup.
  const t = performance.now();
  await sql.unsafe(
    `CREATE OR REPLACE FUNCTION bench_names(text[]) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT array_to_string($1, ' ') $$`,
  );
  await sql.unsafe(`ALTER TABLE papers ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', abstract), 'B') ||
    setweight(to_tsvector('english', bench_names(author_names)), 'C')) STORED`);
  await sql.unsafe('CREATE INDEX papers_tsv_idx ON papers USING gin (tsv)');
  await sql`VACUUM (ANALYZE) papers`;
  console.log(`PostgreSQL tsvector column and GIN index built in ${((performance.now() - t) / 1000).toFixed(0)} s`);
}
const papers = (await sql<{ papers: number }[]>`SELECT count(*)::int AS papers FROM papers`)[0]!.papers;
if (args.includes('--prepare')) {
  // Only the data: papers, the baseline's index and every paper's vector, for runs with --reuse --reuse-embeddings.
  const t = performance.now();
  await embedEveryPaper(sql, log);
  console.log(
    `${papers.toLocaleString('en-US')} papers embedded in ${((performance.now() - t) / 1000).toFixed(0)} s; data ready in ${dir}`,
  );
  await sql.end({ timeout: 5 });
  await server?.stop();
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------------------------
// The index: built from PostgreSQL, saved, loaded again as a restart would.

const memBefore = process.memoryUsage();
const dataDir = path.join(dir, 'data');
fs.rmSync(dataDir, { recursive: true, force: true });
let t0 = performance.now();
let built: Awaited<ReturnType<typeof startSearch>> | null = await startSearch({ sql, log, dataDir, follow: false, waitUntilReady: true });
const buildMs = performance.now() - t0;
await built.stop(); // saves nothing new: the build saved the snapshot
built = null; // measured below: the restarted index alone
gc();
const snapshotBytes = fs.statSync(path.join(dataDir, 'search', 'keyword-index.bin')).size;
t0 = performance.now();
const search = await startSearch({ sql, log, dataDir, follow: false, waitUntilReady: true });
const loadMs = performance.now() - t0;
gc();
const memAfter = process.memoryUsage();
const stats = search.stats();

// ---------------------------------------------------------------------------------------------------------------
// Queries

async function sampleQueries() {
  // Rare title words: the rarest word (df 2-20) of sampled titles; typos: one letter of such a word swapped.
  const rows = await sql<{ title: string; author: string | null }[]>`
    SELECT title, author_names[1] AS author FROM papers WHERE id NOT LIKE '9%' ORDER BY md5(id) LIMIT 400`;
  const rare: string[] = [];
  const typos: string[] = [];
  for (const r of rows) {
    const words = r.title.toLowerCase().match(/[a-z]{7,}/g) ?? [];
    for (const w of words) {
      const n = (await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM papers WHERE tsv @@ plainto_tsquery('english', ${w})`)[0]!.n;
      if (n >= 2 && n <= 20 && rare.length < 20) {
        rare.push(w);
        if (typos.length < 15) typos.push(w.slice(0, 3) + w[4] + w[3] + w.slice(5));
        break;
      }
    }
    if (rare.length >= 20) break;
  }
  const authors = rows
    .map((r) => r.author)
    .filter((a): a is string => !!a && a.includes(' ') && !/["\\]/.test(a))
    .slice(0, 20);
  return {
    rare,
    broad: [
      'language model',
      'large language models',
      'neural network',
      'deep learning',
      'reinforcement learning',
      'diffusion model',
      'graph neural network',
      'image segmentation',
      'quantum',
      'transformer',
      'benchmark evaluation',
      'robust optimization',
    ],
    phrase: [
      '"language model"',
      '"in-context learning"',
      '"mixture of experts"',
      '"chain of thought"',
      '"vision transformer"',
      '"human feedback"',
      '"dark matter"',
      '"state of the art"',
      '"graph neural networks"',
      '"speculative decoding"',
    ],
    author: authors.map((a) => `author:"${a}"`),
    typo: typos,
  };
}

function pgQuery(q: string): { text: string; params: string[] } {
  const author = /^author:"(.*)"$/.exec(q);
  if (author)
    return {
      text: `SELECT id, ts_rank(tsv, q) AS r FROM papers, plainto_tsquery('english', $1) q WHERE tsv @@ q ORDER BY r DESC LIMIT 20`,
      params: [author[1]!],
    };
  const phrase = /^"(.*)"$/.exec(q);
  if (phrase)
    return {
      text: `SELECT id, ts_rank(tsv, q) AS r FROM papers, phraseto_tsquery('english', $1) q WHERE tsv @@ q ORDER BY r DESC LIMIT 20`,
      params: [phrase[1]!],
    };
  return {
    text: `SELECT id, ts_rank(tsv, q) AS r FROM papers, plainto_tsquery('english', $1) q WHERE tsv @@ q ORDER BY r DESC LIMIT 20`,
    params: [q],
  };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

const queries = await sampleQueries();
const rows: (string | number)[][] = [];
const all: { ours: number[]; pg: number[] } = { ours: [], pg: [] };
// Per query class, sorted: the baselines of the hybrid search below.
const keywordMs = new Map<string, number[]>();
const pgMs = new Map<string, number[]>();
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
for (const [klass, list] of Object.entries(queries)) {
  const ours: number[] = [];
  const pg: number[] = [];
  for (const q of list) {
    // Warm both once (the first ts_rank reads cold pages; our first call compiles code paths).
    await search.search({ query: q, filters: {}, sort: 'relevance', offset: 0, limit: 20 });
    await sql.unsafe(pgQuery(q).text, pgQuery(q).params);
    for (let r = 0; r < rounds; r++) {
      let t = performance.now();
      await search.search({ query: q, filters: {}, sort: 'relevance', offset: 0, limit: 20 });
      ours.push(performance.now() - t);
      if (r < Math.min(rounds, 3)) {
        const pq = pgQuery(q);
        t = performance.now();
        await sql.unsafe(pq.text, pq.params);
        pg.push(performance.now() - t);
      }
    }
  }
  ours.sort((a, b) => a - b);
  pg.sort((a, b) => a - b);
  keywordMs.set(klass, ours);
  pgMs.set(klass, pg);
  all.ours.push(...ours);
  all.pg.push(...pg);
  rows.push([
    klass,
    list.length,
    fmt(quantile(ours, 0.5)),
    fmt(quantile(ours, 0.95)),
    fmt(quantile(ours, 0.99)),
    fmt(quantile(pg, 0.5)),
    fmt(quantile(pg, 0.95)),
    fmt(quantile(pg, 0.99)),
    ratio(median(pg), median(ours)),
  ]);
}
all.ours.sort((a, b) => a - b);
all.pg.sort((a, b) => a - b);
rows.push([
  'all',
  Object.values(queries).flat().length,
  fmt(quantile(all.ours, 0.5)),
  fmt(quantile(all.ours, 0.95)),
  fmt(quantile(all.ours, 0.99)),
  fmt(quantile(all.pg, 0.5)),
  fmt(quantile(all.pg, 0.95)),
  fmt(quantile(all.pg, 0.99)),
  ratio(median(all.pg), median(all.ours)),
]);

console.log();
console.log(
  `${papers.toLocaleString('en-US')} papers; index: ${stats.terms.toLocaleString('en-US')} terms, ${stats.postings.toLocaleString('en-US')} postings`,
);
printTable(
  ['step', 'value'],
  [
    ['index build from PostgreSQL (read, analyze, compact, save)', `${(buildMs / 1000).toFixed(1)} s`],
    ['snapshot on disk', mb(snapshotBytes)],
    ['restart: load snapshot + catch up', `${(loadMs / 1000).toFixed(2)} s`],
    ['index memory (typed arrays + estimated strings)', mb(stats.bytes)],
    ['process RSS before -> after (index loaded)', `${mb(memBefore.rss)} -> ${mb(memAfter.rss)}`],
    ['JS heap used before -> after', `${mb(memBefore.heapUsed)} -> ${mb(memAfter.heapUsed)}`],
    ['array buffers after', mb(memAfter.arrayBuffers)],
  ],
);
console.log();
console.log(`latency in ms, ${rounds} rounds per query (PostgreSQL: up to 3); ratio = PostgreSQL median / ours`);
printTable(['queries', 'n', 'p50', 'p95', 'p99', 'pg p50', 'pg p95', 'pg p99', 'ratio'], rows);

await search.stop();
gc();
await benchSemanticSearch({
  sql,
  url,
  log,
  dataDir,
  papers,
  rounds,
  queries,
  keywordMs,
  pgMs,
  pgQuery,
  keywordOnlyRss: memAfter.rss,
  reuseEmbeddings: args.includes('--reuse-embeddings'),
});

await sql.end({ timeout: 5 });
await server?.stop();
if (!reuse) fs.rmSync(dir, { recursive: true, force: true });
