// dailypapers import FILE...: stream papers from files or stdin into the database.
import fs from 'node:fs';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/connect.ts';
import { UsageError } from '../errors.ts';
import { FormatError } from '../import/formats.ts';
import { importSource, type ImportStats } from '../import/importer.ts';
import { formatDuration, terminalProgress } from '../import/progress.ts';
import { openInput } from '../import/reader.ts';
import { log } from '../log.ts';

// Enough skip messages to diagnose a bad file without drowning the terminal.
const MAX_SKIP_MESSAGES = 20;

/** Imports every file named in `args`; returns 0, or 1 when a file could not be imported. */
export async function runImport(config: Config, args: string[]): Promise<number> {
  const files = args.filter((a) => a !== '--');
  if (files.length === 0) throw new UsageError('Usage: dailypapers import FILE... ("-" reads stdin)');
  for (const f of files) {
    if (f !== '-' && !fs.existsSync(f)) throw new UsageError(`${f}: no such file`);
  }
  const db = await openDatabase(config, log, { max: 2 });
  let failed = 0;
  const total = { records: 0, inserted: 0, updated: 0, skipped: 0 };
  try {
    for (const file of files) {
      const started = Date.now();
      let shownSkips = 0;
      let stats: ImportStats;
      try {
        const source = await openInput(file);
        stats = await importSource(db.sql, source, {
          onProgress: terminalProgress(started),
          onSkip: (where, reason) => {
            if (shownSkips++ < MAX_SKIP_MESSAGES) process.stderr.write(`\rskipped ${where}: ${reason}\x1b[K\n`);
          },
        });
      } catch (err) {
        if (process.stderr.isTTY) process.stderr.write('\n');
        if (err instanceof FormatError || (err as NodeJS.ErrnoException).code !== undefined) {
          process.stderr.write(`dailypapers import: ${(err as Error).message}\n`);
          failed++;
          continue;
        }
        throw err;
      }
      if (process.stderr.isTTY) process.stderr.write('\n');
      const secs = (Date.now() - started) / 1000;
      if (shownSkips > MAX_SKIP_MESSAGES) process.stderr.write(`... and ${shownSkips - MAX_SKIP_MESSAGES} more skipped\n`);
      process.stdout.write(
        `${file === '-' ? 'stdin' : file}: ${stats.format ?? 'empty'}: ${stats.records} papers (${stats.inserted} new, ${stats.updated} updated), ` +
          `${stats.skipped} skipped, in ${formatDuration(secs)} (${Math.round(stats.records / Math.max(secs, 0.001))}/s)\n`,
      );
      total.records += stats.records;
      total.inserted += stats.inserted;
      total.updated += stats.updated;
      total.skipped += stats.skipped;
    }
    if (files.length > 1) {
      process.stdout.write(`total: ${total.records} papers (${total.inserted} new, ${total.updated} updated), ${total.skipped} skipped\n`);
    }
  } finally {
    await db.close();
  }
  return failed > 0 ? 1 : 0;
}
