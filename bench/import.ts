// Import benchmark: all papers of ../shared/data/arxiv-papers.jsonl.gz into an empty database,
// against a plain COPY of the same rows into a bare table (no indexes, no merging) in the same run.
// Also samples the importer's memory to show it stays flat as input grows.
//   npx tsx bench/import.ts [--runs N] [--limit LINES]
import fs from 'node:fs';
import readline from 'node:readline';
import { createGunzip } from 'node:zlib';
import { importSource } from '../src/import/importer.ts';
import { openInput, type InputSource } from '../src/import/reader.ts';
import { copyRows, type CopyValue } from '../src/store/copy.ts';
import { median, printTable, sharedFileOrExit, startBenchDb } from './lib.ts';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 1) || 1;
const limit = args.includes('--limit') ? Number(args[args.indexOf('--limit') + 1]) : Infinity;
const file = sharedFileOrExit('data/arxiv-papers.jsonl.gz');

async function* rawLines(max: number): AsyncGenerator<string> {
  const rl = readline.createInterface({ input: fs.createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    if (n++ >= max) break;
    yield line;
  }
}

/** An InputSource over the first `max` lines, so memory can be compared across input sizes. */
async function limitedSource(max: number): Promise<InputSource> {
  const src = await openInput(file);
  return {
    ...src,
    lines: () =>
      (async function* () {
        let n = 0;
        for await (const l of src.lines()) {
          if (n++ >= max) break;
          yield l;
        }
      })(),
  };
}

interface Sample {
  peakRssMb: number;
  peakHeapMb: number;
}

function sampleMemory(): () => Sample {
  let peakRss = 0;
  let peakHeap = 0;
  const t = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 100);
  return () => {
    clearInterval(t);
    return { peakRssMb: Math.round(peakRss / 2 ** 20), peakHeapMb: Math.round(peakHeap / 2 ** 20) };
  };
}

const db = await startBenchDb();
try {
  const copyRates: number[] = [];
  const importRates: number[] = [];
  let papers = 0;
  const memory: [string, Sample][] = [];
  for (let run = 0; run < runs; run++) {
    // Baseline: the same rows, minimally extracted, COPYed into a bare table.
    const bare = await db.freshDatabase(`bench_copy_${run}`, { bare: true });
    await bare`CREATE TABLE bare_papers (id text, title text, abstract text, authors text[], categories text[], date text)`;
    let started = performance.now();
    let batch: CopyValue[][] = [];
    let n = 0;
    for await (const line of rawLines(limit)) {
      const o = JSON.parse(line) as {
        arxiv_id: string;
        title: string;
        abstract: string;
        authors: string[] | null;
        categories: string[] | null;
        date: string;
      };
      batch.push([o.arxiv_id, o.title, o.abstract, o.authors ?? [], o.categories ?? [], o.date]);
      n++;
      if (batch.length === 5000) {
        await copyRows(bare, 'bare_papers', ['id', 'title', 'abstract', 'authors', 'categories', 'date'], batch);
        batch = [];
      }
    }
    await copyRows(bare, 'bare_papers', ['id', 'title', 'abstract', 'authors', 'categories', 'date'], batch);
    copyRates.push(n / ((performance.now() - started) / 1000));

    const sql = await db.freshDatabase(`bench_import_${run}`);
    const stop = sampleMemory();
    started = performance.now();
    const stats = await importSource(sql, await limitedSource(limit));
    importRates.push(stats.records / ((performance.now() - started) / 1000));
    if (run === 0) memory.push([`${stats.records} papers`, stop()]);
    else stop();
    papers = stats.records;
  }
  // Memory with a fifth of the input, to compare with the full run.
  const small = await db.freshDatabase('bench_import_small');
  const stop = sampleMemory();
  const smallStats = await importSource(small, await limitedSource(Math.min(limit, papers) / 5));
  memory.unshift([`${smallStats.records} papers`, stop()]);

  console.log(`\nImport of ${papers.toLocaleString('en-US')} papers (${runs} run${runs > 1 ? 's' : ''}, medians)\n`);
  printTable(
    ['method', 'papers/s', 'ratio to COPY'],
    [
      ['plain COPY into a bare table', Math.round(median(copyRates)), '1.00'],
      ['dailypapers import', Math.round(median(importRates)), (median(importRates) / median(copyRates)).toFixed(2)],
    ],
  );
  console.log('\nImporter memory by input size\n');
  printTable(
    ['input', 'peak RSS MB', 'peak heap MB'],
    memory.map(([k, s]) => [k, s.peakRssMb, s.peakHeapMb]),
  );
} finally {
  await db.stop();
}
