// dailypapers reindex: rebuilds the keyword search index from PostgreSQL and saves it under DATA_DIR, with a
// progress bar; counts the corpus statistics of AI summaries and keywords again and fills the papers lacking them
// (unless a running server is doing it); then embeds the papers that lack a vector (unless a running server is already doing it) and
// rebuilds the vector index from the stored vectors. Servers load the saved indexes when they start; a running
// server keeps its own copies up to date.
import fs from 'node:fs';
import path from 'node:path';
import { providerChoice } from '../embeddings/choose-provider.ts';
import { EmbeddingWorker } from '../embeddings/embedding-worker.ts';
import { VectorSync } from '../embeddings/vector-sync.ts';
import { withEmbeddingLock } from '../store/embeddings.ts';
import type { Config } from '../config.ts';
import { openDatabase, type Sql } from '../db/connect.ts';
import { formatDuration } from '../import/progress.ts';
import { log } from '../log.ts';
import { KeywordIndexSync, type BuildProgress } from '../search/index-sync.ts';
import { keywordSnapshotFile } from '../search/service.ts';
import { PaperSummaryJob } from '../jobs/paper-summaries.ts';
import { withSummaryLock } from '../store/paper-summaries.ts';
import { summaryProvider } from '../summaries/choose-provider.ts';

/** Returns the progress line of a build after `elapsedMs`. */
export function reindexProgressLine(p: BuildProgress, elapsedMs: number): string {
  const fraction = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
  const width = 24;
  const filled = Math.round(fraction * width);
  const rate = p.done / Math.max(elapsedMs / 1000, 0.001);
  const eta = fraction > 0 ? (elapsedMs / 1000) * (1 / fraction - 1) : NaN;
  return (
    `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ` +
    `${p.done.toLocaleString('en-US')} / ${p.total.toLocaleString('en-US')} papers, ${Math.round(rate).toLocaleString('en-US')}/s, ETA ${formatDuration(eta)}`
  );
}

/** Rebuilds and saves the index; returns 0. */
export async function runReindex(config: Config): Promise<number> {
  const choice = await providerChoice(config);
  const db = await openDatabase(config, log, { max: 4 });
  try {
    const file = keywordSnapshotFile(config.dataDir);
    const sync = new KeywordIndexSync({ sql: db.sql, log, snapshotFile: file });
    const started = Date.now();
    let lastDraw = 0;
    await sync.rebuild((p) => {
      if (!process.stderr.isTTY || Date.now() - lastDraw < 100) return;
      lastDraw = Date.now();
      process.stderr.write(`\r${reindexProgressLine(p, Date.now() - started).slice(0, (process.stderr.columns || 120) - 1)}\x1b[K`);
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    const { size, termCount, postingCount } = sync.index;
    const mb = (fs.statSync(file).size / 1e6).toFixed(1);
    process.stdout.write(
      `search index: ${size.toLocaleString('en-US')} papers, ${termCount.toLocaleString('en-US')} terms, ${postingCount.toLocaleString('en-US')} postings ` +
        `in ${formatDuration((Date.now() - started) / 1000)}; saved to ${file} (${mb} MB)\n`,
    );
    await fillSummaries(config, db.sql);
    if (!choice) return 0;
    const embedStarted = Date.now();
    const worker = new EmbeddingWorker({ sql: db.sql, log, choice });
    const held = await withEmbeddingLock(db.sql, () =>
      worker.runOnce((p) => {
        if (!process.stderr.isTTY || Date.now() - lastDraw < 100) return;
        lastDraw = Date.now();
        const line = reindexProgressLine(p, Date.now() - embedStarted).replace('papers', 'papers embedded');
        process.stderr.write(`\r${line.slice(0, (process.stderr.columns || 120) - 1)}\x1b[K`);
      }),
    );
    if (process.stderr.isTTY) process.stderr.write('\n');
    if (!held)
      process.stdout.write(
        'embeddings: another process (a running server) is embedding papers now; the vector index holds what is stored so far\n',
      );
    const dir = path.join(config.dataDir, 'search');
    for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) if (f.startsWith('vectors-')) fs.rmSync(path.join(dir, f));
    const vectors = new VectorSync({ sql: db.sql, log, dir, choice: () => choice });
    await vectors.start({ follow: false });
    await vectors.stop();
    const v = vectors.state;
    process.stdout.write(
      v
        ? `vector index: ${v.index.size.toLocaleString('en-US')} papers (${v.provider.key}) in ${formatDuration((Date.now() - embedStarted) / 1000)}; saved to ${dir}\n`
        : 'vector index: no embedding model is ready yet\n',
    );
    return 0;
  } finally {
    await db.close();
  }
}

/** Counts the summaries' corpus statistics again and fills the papers lacking a summary or keywords, with progress. */
async function fillSummaries(config: Config, sql: Sql): Promise<void> {
  const started = Date.now();
  const job = new PaperSummaryJob({ sql, log, provider: summaryProvider(config, log), statsDir: path.join(config.dataDir, 'summaries') });
  let lastDraw = 0;
  const draw = (line: string) => {
    if (!process.stderr.isTTY || Date.now() - lastDraw < 100) return;
    lastDraw = Date.now();
    process.stderr.write(`\r${line.slice(0, (process.stderr.columns || 120) - 1)}\x1b[K`);
  };
  const held = await withSummaryLock(sql, async () => {
    const stats = await job.stats.recount({
      onProgress: (p) => draw(reindexProgressLine(p, Date.now() - started).replace('papers', 'papers counted')),
    });
    const filled = await job.runOnce((p) => draw(reindexProgressLine(p, Date.now() - started).replace('papers', 'papers summarized')));
    return { stats, filled };
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  process.stdout.write(
    held
      ? `summaries and keywords: corpus statistics of ${held.value.stats.docs.toLocaleString('en-US')} papers (${(held.value.stats.bytes / 1e6).toFixed(1)} MB), ${held.value.filled.written.toLocaleString('en-US')} papers filled in ${formatDuration((Date.now() - started) / 1000)}\n`
      : 'summaries and keywords: another process (a running server) is filling them now\n',
  );
}
