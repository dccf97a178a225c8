// The semantic half of bench/search.ts (see its header): the default corpus model's embeddings, the vector index,
// hybrid search and similar papers on the database the keyword half measured, against the same run's baselines.
import path from 'node:path';
import type { Sql } from '../src/db/connect.ts';
import type { VectorIndex } from '../src/embeddings/vector-index.ts';
import { EmbeddingWorker } from '../src/embeddings/embedding-worker.ts';
import { VectorSync } from '../src/embeddings/vector-sync.ts';
import { countEmbeddings, servingModel } from '../src/store/embeddings.ts';
import type { LogFields, Logger } from '../src/log.ts';
import { startSearch, type SearchService } from '../src/search/service.ts';
import { median, printTable, startChild } from './lib.ts';
import { PARAPHRASES, type Paraphrase } from './search-paraphrases.ts';

const corpusChoice = { kind: 'corpus', dimensions: 128, fitSample: 60_000 } as const;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
const gc = () => (globalThis as { gc?: () => void }).gc?.();

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/** `base` / `ours` as "12x" (one decimal below 10, where "0x" would hide a slowdown). */
export function ratio(base: number, ours: number): string {
  const r = base / ours;
  return `${r < 10 ? r.toFixed(1) : r.toFixed(0)}x`;
}

/** `base`, noting when each info message was last logged (the embedding worker logs its steps). */
function recordingLogger(base: Logger, seen: Map<string, { at: number; fields?: LogFields }>): Logger {
  return {
    debug: (msg, fields) => base.debug(msg, fields),
    info: (msg, fields) => {
      seen.set(msg, { at: performance.now(), fields });
      base.info(msg, fields);
    },
    warn: (msg, fields) => base.warn(msg, fields),
    error: (msg, fields) => base.error(msg, fields),
    child: (fields) => recordingLogger(base.child(fields), seen),
  };
}

/** The `k` papers nearest to `id` by an exact scan of every vector (cosine: the vectors are unit length). */
function exactNeighbours(index: VectorIndex, id: string, k: number): string[] {
  const q = index.vectorOf(id)!;
  const best: { id: string; score: number }[] = [];
  index.forEach((other, v) => {
    if (other === id) return;
    let s = 0;
    for (let j = 0; j < v.length; j++) s += q[j]! * v[j]!;
    if (best.length === k && s <= best[k - 1]!.score) return;
    let i = best.length === k ? k - 1 : best.length;
    while (i > 0 && best[i - 1]!.score < s) {
      best[i] = best[i - 1]!;
      i--;
    }
    best[i] = { id: other, score: s };
  });
  return best.map((b) => b.id);
}

export interface SemanticBenchInput {
  sql: Sql;
  /** The database's URL, for the memory child. */
  url: string;
  log: Logger;
  /** DATA_DIR of the keyword half: its saved keyword index is loaded again here. */
  dataDir: string;
  papers: number;
  rounds: number;
  /** The keyword half's query classes, and its latencies (sorted ms) per class, ours and PostgreSQL's. */
  queries: Record<string, string[]>;
  keywordMs: Map<string, number[]>;
  pgMs: Map<string, number[]>;
  /** The PostgreSQL ts_rank query for a search box query. */
  pgQuery: (q: string) => { text: string; params: string[] };
  /** RSS of the process holding the keyword index only, for comparison. */
  keywordOnlyRss: number;
  /** Keep the vectors a --prepare run (or an earlier run) stored, instead of embedding every paper again. */
  reuseEmbeddings?: boolean;
}

/** Fits the corpus model and stores every paper's vector (what --prepare does; no index is built). */
export async function embedEveryPaper(sql: Sql, log: Logger): Promise<void> {
  await sql`TRUNCATE embedding_models CASCADE`;
  await new EmbeddingWorker({ sql, log, choice: corpusChoice }).runOnce();
}

/** Whether the serving model has a vector for every paper (so --reuse-embeddings can skip embedding). */
async function everyPaperEmbedded(sql: Sql, papers: number): Promise<boolean> {
  const model = await servingModel(sql);
  return model !== null && (await countEmbeddings(sql, model.id)) >= papers * 0.99;
}

/** Embeds every paper, builds and reloads the vector index, and prints the semantic tables. */
export async function benchSemanticSearch(input: SemanticBenchInput): Promise<void> {
  const hybrid = await measureIndexing(input);
  const state = hybrid.semantic();
  if (!state) throw new Error('the restarted search service has no vector index');
  const present = new Set(
    (await input.sql<{ id: string }[]>`SELECT id FROM papers WHERE id = ANY(${PARAPHRASES.map((p) => p.id)}::text[])`).map((r) => r.id),
  );
  const paraphrases = PARAPHRASES.filter((p) => present.has(p.id));

  console.log();
  console.log(
    `hybrid search latency in ms, ${input.rounds} rounds per query; keyword and PostgreSQL from this run (paraphrases measured here);`,
  );
  console.log('ratio = PostgreSQL median / hybrid median. Target: hybrid p95 < 50 ms.');
  printTable(['queries', 'n', 'p50', 'p95', 'p99', 'kw p50', 'pg p50', 'pg p95', 'ratio'], await hybridLatency(hybrid, input, paraphrases));

  console.log();
  const found = await paraphraseRanks(hybrid, input, paraphrases);
  const n = paraphrases.length;
  console.log(`paraphrases (${n} of ${PARAPHRASES.length} papers in this corpus): rank of the paper described in the first 20, or -`);
  console.log(
    `in the top 10: keyword ${found.top10.keyword}/${n}, semantic ${found.top10.semantic}/${n}, hybrid ${found.top10.hybrid}/${n}, PostgreSQL ${found.top10.pg}/${n}`,
  );
  printTable(['paper', 'keyword', 'semantic', 'hybrid', 'pg', 'query'], found.rows);

  console.log();
  const similar = await similarLatency(hybrid, state.index, input.sql);
  console.log(`similar papers (search.similar(id, 10)), ${similar.papers} random papers, latency in ms; exact = scan of every vector`);
  printTable(['method', 'p50', 'p95', 'p99', 'recall@10 of exact'], similar.rows);
  console.log('Target: similar p95 < 20 ms.');
  await hybrid.stop();
}

/**
 * Embeds every paper (embedNow), builds the vector index from PostgreSQL, measures a fresh process holding both
 * indexes, prints the table, and returns the search service restarted from the saved indexes.
 */
async function measureIndexing(input: SemanticBenchInput): Promise<SearchService> {
  const { sql, url, log, dataDir, papers, keywordOnlyRss } = input;
  // Embeddings are computed again, so their time is measured, unless asked to reuse the stored ones.
  const reused = input.reuseEmbeddings === true && (await everyPaperEmbedded(sql, papers));
  let sampleMs = Number.NaN;
  let fitMs = Number.NaN;
  let embedMs = Number.NaN;
  let afterPromoteMs = Number.NaN;
  let embedNowMs = Number.NaN;
  let embedded = 0;
  let t0 = performance.now();
  if (!reused) {
    await sql`TRUNCATE embedding_models CASCADE`;
    const logged = new Map<string, { at: number; fields?: LogFields }>();
    const embedder = await startSearch({
      sql,
      log: recordingLogger(log, logged),
      dataDir,
      follow: false,
      waitUntilReady: true,
      embeddings: corpusChoice,
    });
    await embedder.embedNow((p) => (embedded = p.done));
    embedNowMs = performance.now() - t0;
    await embedder.stop(); // the vector index it built is saved in dataDir: the restart below loads it
    const fitted = logged.get('corpus model fitted');
    const promoted = logged.get('embedding model ready');
    if (!fitted || !promoted) throw new Error('embedNow() did not fit and promote a corpus model (see the log above)');
    fitMs = Number(fitted.fields?.ms);
    sampleMs = fitted.at - t0 - fitMs;
    embedMs = promoted.at - fitted.at;
    afterPromoteMs = t0 + embedNowMs - promoted.at;
  }
  const tableBytes = (await sql<{ n: number }[]>`SELECT pg_total_relation_size('paper_embeddings')::float8 AS n`)[0]!.n;
  gc();

  // The vector index alone, as a server builds it when it has no saved one: every stored vector read and inserted.
  // (With reused vectors nothing saved an index yet: this build saves it, for the restart below.)
  const rebuild = new VectorSync({ sql, log, dir: reused ? path.join(dataDir, 'search') : null, choice: () => corpusChoice });
  t0 = performance.now();
  await rebuild.start({ follow: false });
  const vectorBuildMs = performance.now() - t0;
  const vectorsBuilt = rebuild.state?.index.size ?? 0;
  await rebuild.stop();
  gc();

  // What a freshly started server holds: both indexes loaded from their snapshots, in a process of its own.
  const fresh = await startChild<{ loadMs: number; rssBefore: number; rss: number; heapUsed: number; arrayBuffers: number }>(
    path.join(import.meta.dirname, 'search-memory-child.ts'),
    {
      env: { BENCH_SEARCH_DB_URL: url, BENCH_SEARCH_DATA_DIR: dataDir },
      nodeArgs: ['--expose-gc'],
    },
  );
  await fresh.stop();

  const memBefore = process.memoryUsage();
  t0 = performance.now();
  const hybrid = await startSearch({ sql, log, dataDir, follow: false, waitUntilReady: true, embeddings: corpusChoice });
  const restartMs = performance.now() - t0;
  gc();
  const memAfter = process.memoryUsage();
  const stats = hybrid.stats();

  console.log();
  console.log(
    `semantic search: corpus model, ${corpusChoice.dimensions} dimensions; ${stats.vectors.toLocaleString('en-US')} papers with a vector of ${papers.toLocaleString('en-US')}`,
  );
  printTable(
    ['step', 'value'],
    [
      [
        `embedNow(): read ${corpusChoice.fitSample.toLocaleString('en-US')}-paper sample, then fit (worker thread)`,
        `${(sampleMs / 1000).toFixed(1)} s + ${(fitMs / 1000).toFixed(1)} s`,
      ],
      [
        'embedNow(): embed every paper and store in PostgreSQL',
        `${(embedMs / 1000).toFixed(1)} s, ${Math.round(embedded / (embedMs / 1000)).toLocaleString('en-US')} papers/s`,
      ],
      ['embedNow(): recheck, then read vectors into the index and save it', `${(afterPromoteMs / 1000).toFixed(1)} s`],
      ['embedNow() in all', `${(embedNowMs / 1000).toFixed(1)} s`],
      ['paper_embeddings on disk (table + indexes)', mb(tableBytes)],
      [
        `vector index build from PostgreSQL (${vectorsBuilt.toLocaleString('en-US')} vectors: read, HNSW insert)`,
        `${(vectorBuildMs / 1000).toFixed(1)} s`,
      ],
      ['restart: load keyword + vector snapshots (this process)', `${(restartMs / 1000).toFixed(2)} s`],
      ['vector index memory (stats().vectorBytes)', mb(stats.vectorBytes)],
      ['keyword index memory (stats().bytes)', mb(stats.bytes)],
      ['fresh process: load both snapshots', `${(fresh.loadMs / 1000).toFixed(2)} s`],
      ['fresh process RSS before -> after (both indexes loaded)', `${mb(fresh.rssBefore)} -> ${mb(fresh.rss)}`],
      ['fresh process JS heap / array buffers', `${mb(fresh.heapUsed)} / ${mb(fresh.arrayBuffers)}`],
      ['this process RSS before -> after restart (after embedding)', `${mb(memBefore.rss)} -> ${mb(memAfter.rss)}`],
      ['keyword-only process RSS, for comparison (first table)', mb(keywordOnlyRss)],
    ],
  );
  return hybrid;
}

const request = (query: string) => ({ query, filters: {}, sort: 'relevance' as const, offset: 0, limit: 20 });

/**
 * Hybrid search latency per query class, next to keyword search and PostgreSQL: the keyword half's classes
 * (phrases and author: are exact syntax, which hybrid search leaves to keyword search) and the paraphrases. The
 * query vector is cached after the warm-up call, as instant search's repeated prefixes have it.
 */
async function hybridLatency(hybrid: SearchService, input: SemanticBenchInput, paraphrases: Paraphrase[]): Promise<(string | number)[][]> {
  const { sql, rounds, pgQuery } = input;
  const rows: (string | number)[][] = [];
  const all: { ours: number[]; keyword: number[]; pg: number[] } = { ours: [], keyword: [], pg: [] };
  const classes: [string, string[]][] = [...Object.entries(input.queries), ['paraphrase', paraphrases.map((p) => p.query)]];
  for (const [klass, list] of classes) {
    const ours: number[] = [];
    const keyword = input.keywordMs.get(klass) ?? [];
    const pg = input.pgMs.get(klass) ?? [];
    const baselinesHere = !input.keywordMs.has(klass);
    for (const q of list) {
      await hybrid.search(request(q), 'hybrid');
      if (baselinesHere) {
        await hybrid.search(request(q), 'keyword');
        await sql.unsafe(pgQuery(q).text, pgQuery(q).params);
      }
      for (let r = 0; r < rounds; r++) {
        let t = performance.now();
        await hybrid.search(request(q), 'hybrid');
        ours.push(performance.now() - t);
        if (!baselinesHere) continue;
        t = performance.now();
        await hybrid.search(request(q), 'keyword');
        keyword.push(performance.now() - t);
        if (r < Math.min(rounds, 3)) {
          t = performance.now();
          await sql.unsafe(pgQuery(q).text, pgQuery(q).params);
          pg.push(performance.now() - t);
        }
      }
    }
    for (const xs of [ours, keyword, pg]) xs.sort((a, b) => a - b);
    all.ours.push(...ours);
    all.keyword.push(...keyword);
    all.pg.push(...pg);
    rows.push([klass, list.length, ...latencyCells(ours, keyword, pg)]);
  }
  for (const xs of Object.values(all)) xs.sort((a, b) => a - b);
  rows.push(['all', classes.reduce((n, [, list]) => n + list.length, 0), ...latencyCells(all.ours, all.keyword, all.pg)]);
  return rows;
}

function latencyCells(ours: number[], keyword: number[], pg: number[]): string[] {
  return [
    fmt(quantile(ours, 0.5)),
    fmt(quantile(ours, 0.95)),
    fmt(quantile(ours, 0.99)),
    fmt(quantile(keyword, 0.5)),
    fmt(quantile(pg, 0.5)),
    fmt(quantile(pg, 0.95)),
    ratio(median(pg), median(ours)),
  ];
}

/** Where each engine ranks the paper a paraphrase describes (1-based, in its first 20, or '-'), and how often in the top 10. */
async function paraphraseRanks(hybrid: SearchService, input: SemanticBenchInput, paraphrases: Paraphrase[]) {
  const rows: (string | number)[][] = [];
  const top10 = { keyword: 0, semantic: 0, hybrid: 0, pg: 0 };
  for (const p of paraphrases) {
    const ranks: (string | number)[] = [];
    for (const mode of ['keyword', 'semantic', 'hybrid'] as const) {
      const i = (await hybrid.search(request(p.query), mode)).hits.findIndex((h) => h.id === p.id);
      if (i >= 0 && i < 10) top10[mode]++;
      ranks.push(i >= 0 ? i + 1 : '-');
    }
    const pq = input.pgQuery(p.query);
    const i = (await input.sql.unsafe<{ id: string }[]>(pq.text, pq.params)).findIndex((r) => r.id === p.id);
    if (i >= 0 && i < 10) top10.pg++;
    rows.push([p.id, ...ranks, i >= 0 ? i + 1 : '-', p.query.length > 70 ? `${p.query.slice(0, 67)}...` : p.query]);
  }
  return { rows, top10 };
}

/** Latency of similar papers for 200 random papers with a vector, against an exact scan, and the graph's recall of it. */
async function similarLatency(hybrid: SearchService, index: VectorIndex, sql: Sql) {
  const ids = (await sql<{ id: string }[]>`SELECT id FROM papers ORDER BY md5(id || 'similar') LIMIT 400`)
    .map((r) => r.id)
    .filter((id) => index.has(id))
    .slice(0, 200);
  const graphMs: number[] = [];
  const exactMs: number[] = [];
  let recall = 0;
  hybrid.similar(ids[0]!, 10);
  for (const id of ids) {
    let t = performance.now();
    const got = new Set(hybrid.similar(id, 10).map((h) => h.id));
    graphMs.push(performance.now() - t);
    t = performance.now();
    const exact = exactNeighbours(index, id, 10);
    exactMs.push(performance.now() - t);
    recall += exact.filter((x) => got.has(x)).length / Math.max(1, exact.length);
  }
  graphMs.sort((a, b) => a - b);
  exactMs.sort((a, b) => a - b);
  const cells = (xs: number[]) => [fmt(quantile(xs, 0.5)), fmt(quantile(xs, 0.95)), fmt(quantile(xs, 0.99))];
  return {
    papers: ids.length,
    rows: [
      ['similar (HNSW graph)', ...cells(graphMs), (recall / ids.length).toFixed(3)],
      ['exact scan', ...cells(exactMs), '1.000'],
      ['ratio exact / similar (p50)', ratio(median(exactMs), median(graphMs)), '', '', ''],
    ],
  };
}
