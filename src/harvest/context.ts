// What every harvester works with: the database, settings, the two polite HTTP clients, and the
// counters of the run in progress (saved to harvest_runs as it goes, for status and the progress display).
import type { Config } from '../config.ts';
import type { Sql } from '../db/connect.ts';
import type { Logger } from '../log.ts';
import type { PaperRecord } from '../model/paper-record.ts';
import type { RunCounts } from '../store/harvest.ts';
import { PoliteFetcher, userAgentOf } from '../http/polite-fetch.ts';
import type { RetryPolicy } from '../http/retry.ts';

export interface HarvestContext {
  sql: Sql;
  config: Config;
  log: Logger;
  arxiv: PoliteFetcher;
  hf: PoliteFetcher;
  counts: RunCounts;
  /** Reports what the run is doing now ("set cs: 2,000 of 5,321 records"). */
  progress(line: string): void;
}

export interface HarvestDeps {
  sql: Sql;
  config: Config;
  log: Logger;
  /** Tests shorten the waits; production uses the defaults. */
  retry?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
  signal?: AbortSignal;
}

// Hugging Face has no published crawl delay; one request a second is gentle (or less when the
// arXiv interval is set lower, as tests and mirrors do).
const HF_INTERVAL_MS = 1000;

export function newCounts(): RunCounts {
  return { requests: 0, records: 0, inserted: 0, updated: 0, skipped: 0 };
}

/** Builds a context whose HTTP clients count their requests into `counts`. */
export function createContext(deps: HarvestDeps, counts: RunCounts, progress: (line: string) => void): HarvestContext {
  const userAgent = userAgentOf(deps.config.baseUrl, deps.config.contactEmail);
  const common = {
    userAgent,
    log: deps.log,
    onRequest: () => void counts.requests++,
    ...(deps.retry ? { retry: deps.retry } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
  };
  return {
    sql: deps.sql,
    config: deps.config,
    log: deps.log,
    arxiv: new PoliteFetcher({ ...common, minIntervalMs: deps.config.arxivRequestIntervalMs }),
    hf: new PoliteFetcher({ ...common, minIntervalMs: Math.min(HF_INTERVAL_MS, deps.config.arxivRequestIntervalMs) }),
    counts,
    progress,
  };
}

/** One record per paper, the later one winning (a write batch must not touch a row twice). */
export function uniqueById(records: PaperRecord[]): PaperRecord[] {
  return [...new Map(records.map((r) => [r.id, r])).values()];
}

/** Whether a paper belongs to the configured categories (OAI sets and API queries are broader). */
export function inCategories(record: PaperRecord, categories: readonly string[]): boolean {
  return record.categories.some((c) => categories.includes(c) || categories.includes(c.split('.')[0]!));
}
