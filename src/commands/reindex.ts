// dailypapers reindex: rebuilds the keyword search index from PostgreSQL and saves it under DATA_DIR, with a
// progress bar. Servers load the saved index when they start; a running server keeps its own copy up to date.
import fs from 'node:fs';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/connect.ts';
import { formatDuration } from '../import/progress.ts';
import { log } from '../log.ts';
import { KeywordIndexSync, type BuildProgress } from '../search/index-sync.ts';
import { keywordSnapshotFile } from '../search/service.ts';

/** Returns the progress line of a build after `elapsedMs`. */
export function reindexProgressLine(p: BuildProgress, elapsedMs: number): string {
  const fraction = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
  const width = 24;
  const filled = Math.round(fraction * width);
  const rate = p.done / Math.max(elapsedMs / 1000, 0.001);
  const eta = fraction > 0 ? (elapsedMs / 1000) * (1 / fraction - 1) : NaN;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ` +
    `${p.done.toLocaleString('en-US')} / ${p.total.toLocaleString('en-US')} papers, ${Math.round(rate).toLocaleString('en-US')}/s, ETA ${formatDuration(eta)}`;
}

/** Rebuilds and saves the index; returns 0. */
export async function runReindex(config: Config): Promise<number> {
  const db = await openDatabase(config, log, { max: 2 });
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
    return 0;
  } finally {
    await db.close();
  }
}
