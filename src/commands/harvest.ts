// dailypapers harvest [--from DAY [--until DAY]] and dailypapers import-hf [--since DAY] [--until DAY]:
// the server's scheduled harvests, run by hand. Exit codes: 0 done (with or without new papers),
// 1 failed (what was fetched before the failure is kept; the next run resumes), 3 another harvest is running.
import type { Config } from '../config.ts';
import { formatDay, parseDay } from '../core/dates.ts';
import { openDatabase } from '../db/connect.ts';
import { UsageError } from '../errors.ts';
import { runBackfill, runDailyHarvest, runHfMirror } from '../jobs/harvest-jobs.ts';
import type { RunOutcome } from '../harvest/run.ts';
import { formatDuration } from '../import/progress.ts';
import { log } from '../log.ts';
import type { RunCounts } from '../store/harvest.ts';

const EXIT_FAILED = 1;
const EXIT_BUSY = 3;

/** Parses `--name value` options; anything else is a usage error that shows `usage`. */
function parseOptions(args: string[], names: readonly string[], usage: string): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const name = flag.replace(/^--/, '');
    if (!flag.startsWith('--') || !names.includes(name)) throw new UsageError(`unknown option "${a}"\n${usage}`);
    const value = inline ?? args[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value\n${usage}`);
    out.set(name, value);
  }
  return out;
}

function dayOption(opts: Map<string, string>, name: string, usage: string): string | null {
  const v = opts.get(name);
  if (v === undefined) return null;
  if (!parseDay(v)) throw new UsageError(`--${name} ${v}: expected a day like 2024-01-31\n${usage}`);
  return v;
}

/** A one-line progress display on a terminal; nothing when output is piped. */
function terminalProgress(): ((line: string, counts: RunCounts) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (line, counts) => {
    const text = `${line} | ${counts.requests} requests, ${counts.inserted} new, ${counts.updated} updated`;
    process.stderr.write(`\r${text.slice(0, (process.stderr.columns || 120) - 1)}\x1b[K`);
  };
}

function report(what: string, outcome: RunOutcome, started: number): number {
  if (process.stderr.isTTY) process.stderr.write('\n');
  if (outcome.status === 'busy') {
    process.stderr.write(
      `dailypapers ${what}: another harvest of this kind is running (a server or another terminal); try again when it ends\n`,
    );
    return EXIT_BUSY;
  }
  const c = outcome.counts;
  const summary = `${c.records} papers (${c.inserted} new, ${c.updated} updated), ${c.skipped} skipped, ${c.requests} requests, in ${formatDuration((Date.now() - started) / 1000)}`;
  if (outcome.status === 'failed') {
    process.stderr.write(
      `dailypapers ${what} failed after ${summary}:\n  ${outcome.error}\nWhat was fetched is kept; run it again to resume.\n`,
    );
    return EXIT_FAILED;
  }
  process.stdout.write(`${what}: ${summary}\n`);
  return 0;
}

const HARVEST_USAGE = `Usage: dailypapers harvest                     today's arXiv listing of ARXIV_CATEGORIES (and missed days)
       dailypapers harvest --from DAY [--until DAY]   backfill through OAI-PMH (days as YYYY-MM-DD)`;

export async function runHarvest(config: Config, args: string[]): Promise<number> {
  const opts = parseOptions(args, ['from', 'until'], HARVEST_USAGE);
  const from = dayOption(opts, 'from', HARVEST_USAGE);
  const until = dayOption(opts, 'until', HARVEST_USAGE);
  if (until && !from) throw new UsageError(`--until needs --from\n${HARVEST_USAGE}`);
  if (from && until && until < from) throw new UsageError(`--until ${until} is before --from ${from}`);
  if (from && from > formatDay(new Date())) throw new UsageError(`--from ${from} is in the future`);
  const db = await openDatabase(config, log, { max: 3 });
  try {
    const started = Date.now();
    const deps = { sql: db.sql, config, log };
    const outcome = from
      ? await runBackfill(deps, 'cli', { from, until }, terminalProgress())
      : await runDailyHarvest(deps, 'cli', new Date(), terminalProgress());
    return report(from ? 'harvest --from' : 'harvest', outcome, started);
  } finally {
    await db.close();
  }
}

const HF_USAGE =
  'Usage: dailypapers import-hf [--since DAY] [--until DAY]   (default: a few days before the last mirrored day, or the last week)';

export async function runImportHf(config: Config, args: string[]): Promise<number> {
  const opts = parseOptions(args, ['since', 'until'], HF_USAGE);
  const since = dayOption(opts, 'since', HF_USAGE);
  const until = dayOption(opts, 'until', HF_USAGE);
  if (since && until && until < since) throw new UsageError(`--until ${until} is before --since ${since}`);
  const db = await openDatabase(config, log, { max: 3 });
  try {
    const started = Date.now();
    const now = until ? new Date(`${until}T12:00:00Z`) : new Date();
    const outcome = await runHfMirror({ sql: db.sql, config, log }, 'cli', now, since, terminalProgress());
    return report('import-hf', outcome, started);
  } finally {
    await db.close();
  }
}
