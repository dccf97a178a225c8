// A chat endpoint with the extractive summary behind it: a paper the endpoint cannot summarize (down past its
// retries, a refusal, an answer without a sentence) gets the abstract's central sentence instead, labelled as such.
// An outage is logged once, not once a paper, and the endpoint is left alone for a while after it failed for good,
// so a backlog is not held up by every paper's retries.
import type { Logger } from '../log.ts';
import type { DocFreqs } from './doc-freq.ts';
import { type PaperToSummarize, type Summary, SummaryError, type SummaryProvider } from './provider.ts';

// After the endpoint failed for good, papers go straight to the fallback this long.
export const ENDPOINT_PAUSE_MS = 5 * 60_000;

export class FallbackSummaryProvider implements SummaryProvider {
  readonly model: string;
  readonly #primary: SummaryProvider;
  readonly #fallback: SummaryProvider;
  readonly #log: Logger;
  readonly #now: () => number;
  #failing = false;
  #pausedUntil = 0;
  /** Papers summarized by the fallback since the endpoint last failed. */
  fallbacks = 0;

  constructor(primary: SummaryProvider, fallback: SummaryProvider, log: Logger, now: () => number = Date.now) {
    this.model = primary.model;
    this.#primary = primary;
    this.#fallback = fallback;
    this.#log = log;
    this.#now = now;
  }

  async summarize(paper: PaperToSummarize, corpus: DocFreqs, signal?: AbortSignal): Promise<Summary | null> {
    if (this.#now() >= this.#pausedUntil) {
      try {
        const summary = await this.#primary.summarize(paper, corpus, signal);
        if (this.#failing) {
          this.#log.info('the summary endpoint answers again', { model: this.model, summarizedOffline: this.fallbacks });
          this.#failing = false;
        }
        return summary;
      } catch (err) {
        if (signal?.aborted || !(err instanceof SummaryError)) throw err;
        if (!this.#failing) {
          this.#log.warn('the summary endpoint failed; summarizing from the abstract instead until it answers', {
            model: this.model,
            paper: paper.id,
            err,
            retryInMinutes: ENDPOINT_PAUSE_MS / 60_000,
          });
          this.#failing = true;
          this.fallbacks = 0;
        }
        // A refusal of one paper (too long, filtered) says nothing of the next; an outage does.
        if (err.retryable) this.#pausedUntil = this.#now() + ENDPOINT_PAUSE_MS;
      }
    }
    this.fallbacks++;
    return this.#fallback.summarize(paper, corpus, signal);
  }
}
