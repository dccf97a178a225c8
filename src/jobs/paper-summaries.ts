// Fills every paper's AI summary and keywords where neither Hugging Face nor this site has made them: at start, then
// whenever papers change (a harvest, an import, an HF mirror run all notify papers_changed). One writer per database
// (an advisory lock; other instances stand by), papers in id order in small batches, with the event loop let go
// every few milliseconds so requests are never held up. Hugging Face's are never replaced (store/paper-summaries.ts
// writes only where nothing is), and a paper already done is not looked at again: a second round writes nothing.
// Run by `dailypapers serve` in the primary process and by `dailypapers reindex`.
import type { Sql } from '../db/connect.ts';
import { WakeableSleep } from '../core/wakeable-sleep.ts';
import type { Logger } from '../log.ts';
import { PAPERS_CHANNEL } from '../store/changes.ts';
import { followChanges } from '../store/follow-changes.ts';
import {
  countPapersLackingSummaries,
  papersLackingSummaries,
  type SummaryWrite,
  saveSummaries,
  withSummaryLock,
} from '../store/paper-summaries.ts';
import { CorpusStats } from '../summaries/corpus-stats.ts';
import { extractKeywords } from '../summaries/keywords.ts';
import { EXTRACTIVE_MODEL, type SummaryProvider } from '../summaries/provider.ts';

// An import commits a batch every few hundred milliseconds: a round after it has settled reads them all at once.
const DEBOUNCE_MS = 2_000;
// Works without notifications too, in case one was lost; also how often a standing-by instance tries the lock.
const POLL_MS = 60_000;
const RETRY_MS = 60_000;
// Papers per read and write. Offline a batch takes ~40 ms of work; a chat endpoint takes a second or more a paper,
// so its batches are small enough that what is done is stored and shown soon.
const OFFLINE_BATCH = 200;
const CHAT_BATCH = 8;
// The longest stretch of summarizing before the event loop is let go.
const SLICE_MS = 10;

export interface SummaryProgress {
  done: number;
  total: number;
}

export interface PaperSummariesOptions {
  sql: Sql;
  log: Logger;
  provider: SummaryProvider;
  /** Where the corpus statistics are saved (DATA_DIR/summaries); null keeps them in memory (tests). */
  statsDir: string | null;
}

export class PaperSummaryJob {
  readonly #sql: Sql;
  readonly #log: Logger;
  readonly #provider: SummaryProvider;
  readonly stats: CorpusStats;
  readonly #abort = new AbortController();
  #loop: Promise<void> | null = null;
  readonly #pause = new WakeableSleep();

  constructor(opts: PaperSummariesOptions) {
    this.#sql = opts.sql;
    this.#log = opts.log.child({ component: 'summaries' });
    this.#provider = opts.provider;
    this.stats = new CorpusStats({ sql: opts.sql, log: this.#log, dir: opts.statsDir });
  }

  /** Runs in the background until stop(): takes the lock when free, then fills papers whenever they change. */
  start(): void {
    this.#loop = this.#run();
  }

  /** Stops at the next paper (a chat request in flight is aborted); resolves when the job has let go. */
  async stop(): Promise<void> {
    this.#abort.abort(new Error('stopped'));
    this.#pause.wake();
    await this.#loop?.catch(() => {});
  }

  async #run(): Promise<void> {
    while (!this.#abort.signal.aborted) {
      const held = await withSummaryLock(this.#sql, () => this.#workWhileHeld()).catch((err: unknown) => {
        if (!this.#abort.signal.aborted) this.#log.error('the summary job lost its connection', { err });
        return null;
      });
      if (!held && !this.#abort.signal.aborted) await this.#pause.sleep(POLL_MS);
    }
  }

  async #workWhileHeld(): Promise<void> {
    const changes = await followChanges(this.#sql, {
      channels: [PAPERS_CHANNEL],
      catchUp: async () => {
        const { written } = await this.runOnce();
        if (written > 0) this.#log.info('summarized papers', { papers: written, provider: this.#provider.model });
      },
      onError: (err) => {
        if (!this.#abort.signal.aborted) this.#log.error('summarizing papers failed', { err, retryInSeconds: RETRY_MS / 1000 });
      },
      debounceMs: DEBOUNCE_MS,
      pollMs: POLL_MS,
      retryMs: RETRY_MS,
    });
    try {
      changes.catchUp().catch(() => {}); // reported by onError
      while (!this.#abort.signal.aborted) await this.#pause.sleep(POLL_MS);
    } finally {
      await changes.stop();
    }
  }

  /** One round: fills every paper that lacks a summary or keywords now; returns how many papers it wrote. */
  async runOnce(onProgress?: (p: SummaryProgress) => void): Promise<{ written: number }> {
    const signal = this.#abort.signal;
    const corpus = await this.stats.current(signal);
    const batchSize = this.#provider.model === EXTRACTIVE_MODEL ? OFFLINE_BATCH : CHAT_BATCH;
    const progress = { done: 0, total: onProgress ? await countPapersLackingSummaries(this.#sql) : 0 };
    let written = 0;
    let after = '';
    let sliceStart = performance.now();
    for (;;) {
      signal.throwIfAborted();
      const batch = await papersLackingSummaries(this.#sql, after, batchSize);
      if (batch.length === 0) break;
      const writes: SummaryWrite[] = [];
      for (const p of batch) {
        const keywords = p.needsKeywords ? extractKeywords(p.title, p.abstract, corpus) : null;
        const summary = p.needsSummary ? await this.#provider.summarize(p, corpus, signal) : null;
        writes.push({ id: p.id, modifiedAt: p.modifiedAt, summary: summary?.text ?? null, model: summary?.model ?? null, keywords });
        if (performance.now() - sliceStart > SLICE_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
        }
      }
      written += await saveSummaries(this.#sql, writes);
      after = batch[batch.length - 1]!.id;
      progress.done += batch.length;
      onProgress?.(progress);
    }
    return { written };
  }
}

/** Starts the job in the background (see PaperSummaryJob); stop() ends it at the next paper. */
export function startPaperSummaries(opts: PaperSummariesOptions): { stop(): Promise<void> } {
  const job = new PaperSummaryJob(opts);
  job.start();
  return { stop: () => job.stop() };
}
