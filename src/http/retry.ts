// When to try a failed request again: pure functions, so the policy is testable without a network.

export interface RetryPolicy {
  maxAttempts: number;
  /** First backoff; doubles with each attempt. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited out: the run fails and the next one resumes. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 5_000, maxDelayMs: 120_000, maxRetryAfterMs: 600_000 };

/** Parses a Retry-After header (seconds, or an HTTP date) into milliseconds from `now`; null if absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // An HTTP date names a weekday and month; Date.parse alone would also take "-5" as a year.
  const at = /[a-z]{3}/i.test(v) ? Date.parse(v) : NaN;
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Which responses are worth another try: overload and gateway errors, not client errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

// No route to the host (offline, DNS down, nothing listening): rarely fixed within a minute, so a
// first start without network says so quickly instead of backing off for minutes.
const UNREACHABLE_ATTEMPTS = 2;

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

/**
 * Decides whether attempt number `attempt` (1-based) that just failed is tried again, and after how long.
 * A server's Retry-After is honoured as given (it knows its load); otherwise exponential backoff with
 * jitter (`random` in [0, 1)) so that many clients do not come back in step.
 */
export function nextRetry(
  attempt: number,
  retryAfterMs: number | null,
  policy: RetryPolicy,
  random: number,
  unreachable = false,
): RetryDecision {
  const max = unreachable ? Math.min(UNREACHABLE_ATTEMPTS, policy.maxAttempts) : policy.maxAttempts;
  if (attempt >= max) return { retry: false, reason: `gave up after ${attempt} attempts` };
  if (retryAfterMs !== null) {
    if (retryAfterMs > policy.maxRetryAfterMs) {
      return {
        retry: false,
        reason: `the server asked to wait ${Math.round(retryAfterMs / 1000)} s (Retry-After), longer than ${Math.round(policy.maxRetryAfterMs / 1000)} s`,
      };
    }
    return { retry: true, delayMs: retryAfterMs };
  }
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return { retry: true, delayMs: Math.round(exp / 2 + (exp / 2) * random) };
}
