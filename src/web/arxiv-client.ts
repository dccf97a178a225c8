// The web app's one arXiv client (submissions look papers up by id). One per process, shared by every
// request, so arXiv's 3 s between requests holds however many people submit at once; a person is
// waiting, so failures are retried briefly rather than with the harvester's minutes of backoff.
import type { Config } from '../config.ts';
import { PoliteFetcher, userAgentOf } from '../http/polite-fetch.ts';
import type { RetryPolicy } from '../http/retry.ts';
import type { Logger } from '../log.ts';

/** One retry after a couple of seconds; a Retry-After longer than 10 s is not waited out. */
export const WEB_ARXIV_RETRY: RetryPolicy = { maxAttempts: 2, baseDelayMs: 2_000, maxDelayMs: 4_000, maxRetryAfterMs: 10_000 };
// Long enough for arXiv's API on a slow day, short enough that the browser is still waiting.
const WEB_ARXIV_TIMEOUT_MS = 20_000;

/** Returns the polite arXiv client the web app shares between requests. */
export function createWebArxivFetcher(
  config: Config,
  log: Logger,
  opts: { retry?: RetryPolicy; sleep?: (ms: number) => Promise<void> } = {},
): PoliteFetcher {
  return new PoliteFetcher({
    userAgent: userAgentOf(config.baseUrl, config.contactEmail),
    minIntervalMs: config.arxivRequestIntervalMs,
    timeoutMs: WEB_ARXIV_TIMEOUT_MS,
    retry: opts.retry ?? WEB_ARXIV_RETRY,
    log: log.child({ component: 'arxiv-web' }),
    ...(opts.sleep ? { sleep: opts.sleep } : {}),
  });
}
