// The one way harvesters talk to arXiv and Hugging Face: one request at a time, a minimum interval
// between requests (arXiv asks for 3 s), a User-Agent with a contact address, a timeout, and retries
// with backoff on resets, timeouts and overload (honouring Retry-After). A body is returned only
// when it was read whole, so a connection reset mid-body is a retry, never half a page.
import type { Logger } from '../log.ts';
import { DEFAULT_RETRY, isRetryableStatus, nextRetry, parseRetryAfter, type RetryPolicy } from './retry.ts';

export interface FetchedPage {
  url: string;
  status: number;
  body: string;
}

/** A harvest that cannot go on for a reason outside this program (arXiv's answer, the network): logged without a stack. */
export class HarvestFailed extends Error {
  override name = 'HarvestFailed';
}

/** A request that could not be completed, after the retries the policy allows. */
export class FetchFailed extends HarvestFailed {
  override name = 'FetchFailed';
  constructor(
    readonly url: string,
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

export interface PoliteFetchOptions {
  userAgent: string;
  minIntervalMs: number;
  timeoutMs?: number;
  retry?: RetryPolicy;
  log: Logger;
  /** Counts every HTTP request sent (for run statistics). */
  onRequest?: () => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Aborted when the server shuts down: waits end and requests stop at once. */
  signal?: AbortSignal;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `sleep`, cut short (rejecting with the abort reason) when `signal` aborts. */
export function abortable(sleep: (ms: number) => Promise<void>, signal: AbortSignal | undefined): (ms: number) => Promise<void> {
  if (!signal) return sleep;
  return (ms) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      sleep(ms).then(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, reject);
    });
}

const UNREACHABLE = new Set(['connection refused', 'host not found (offline?)']);

/** Describes a fetch failure in a sentence ("connection reset", "timed out after 60 s"). */
function describe(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `timed out after ${Math.round(timeoutMs / 1000)} s`;
  const code = e.cause?.code;
  if (code === 'ECONNRESET' || e.message === 'terminated') return 'connection reset';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found (offline?)';
  return code ?? e.cause?.message ?? e.message ?? String(err);
}

export class PoliteFetcher {
  readonly #opts: Required<Omit<PoliteFetchOptions, 'onRequest' | 'signal'>> & Pick<PoliteFetchOptions, 'onRequest' | 'signal'>;
  #queue: Promise<unknown> = Promise.resolve();
  #lastRequestEnd = 0;

  constructor(opts: PoliteFetchOptions) {
    const withDefaults = { timeoutMs: 60_000, retry: DEFAULT_RETRY, sleep: defaultSleep, random: Math.random, ...opts };
    this.#opts = { ...withDefaults, sleep: abortable(withDefaults.sleep, opts.signal) };
  }

  /**
   * GETs `url`, retrying as the policy says. Resolves with any non-retryable response (including 4xx:
   * arXiv answers a malformed id with 400 and an Atom body worth reading); throws FetchFailed otherwise.
   */
  get(url: string): Promise<FetchedPage> {
    const run = this.#queue.then(() => this.#attempts(url));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #attempts(url: string): Promise<FetchedPage> {
    const { retry, random, log } = this.#opts;
    for (let attempt = 1; ; attempt++) {
      let failure: string;
      let unreachable = false;
      let retryAfterMs: number | null = null;
      let status: number | null = null;
      try {
        const page = await this.#once(url);
        if (!isRetryableStatus(page.status)) return page;
        status = page.status;
        retryAfterMs = page.retryAfterMs;
        failure = `HTTP ${page.status}`;
      } catch (err) {
        if (this.#opts.signal?.aborted) throw new FetchFailed(url, `${url}: stopped (the server is shutting down)`, null);
        failure = describe(err, this.#opts.timeoutMs);
        unreachable = UNREACHABLE.has(failure);
      }
      const decision = nextRetry(attempt, retryAfterMs, retry, random(), unreachable);
      if (!decision.retry) throw new FetchFailed(url, `${url}: ${failure}; ${decision.reason}`, status);
      log.warn('request failed, retrying', { url, failure, attempt, retryInMs: decision.delayMs });
      await this.#opts.sleep(decision.delayMs);
    }
  }

  async #once(url: string): Promise<FetchedPage & { retryAfterMs: number | null }> {
    const wait = this.#lastRequestEnd + this.#opts.minIntervalMs - Date.now();
    if (wait > 0) await this.#opts.sleep(wait);
    this.#opts.onRequest?.();
    try {
      const res = await fetch(url, {
        headers: { 'User-Agent': this.#opts.userAgent, Accept: 'application/atom+xml, application/xml, application/json;q=0.9, */*;q=0.5' },
        signal: this.#opts.signal
          ? AbortSignal.any([AbortSignal.timeout(this.#opts.timeoutMs), this.#opts.signal])
          : AbortSignal.timeout(this.#opts.timeoutMs),
        redirect: 'follow',
      });
      const body = await res.text(); // inside the timeout and the try: a reset mid-body lands in catch
      return { url, status: res.status, body, retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), Date.now()) };
    } finally {
      this.#lastRequestEnd = Date.now();
    }
  }
}

/** The User-Agent arXiv asks harvesters to send: the software, where it runs, and whom to contact. */
export function userAgentOf(baseUrl: string, contactEmail: string): string {
  return `dailypapers/0.1 (+${baseUrl}${contactEmail ? `; mailto:${contactEmail}` : ''})`;
}
