// The retry policy as pure functions: Retry-After parsing, which statuses are retried, backoff bounds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRetryableStatus, nextRetry, parseRetryAfter, type RetryPolicy } from '../../src/http/retry.ts';

const NOW = Date.parse('2026-03-03T12:00:00Z');
const POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 8000, maxRetryAfterMs: 60_000 };

test('parseRetryAfter: seconds, HTTP dates, and nonsense', () => {
  const cases: [string | null, number | null][] = [
    [null, null],
    ['5', 5000],
    [' 120 ', 120_000],
    ['0', 0],
    ['Tue, 03 Mar 2026 12:00:30 GMT', 30_000],
    ['Tue, 03 Mar 2026 11:00:00 GMT', 0], // in the past: now
    ['soon', null],
    ['-5', null],
  ];
  for (const [value, expected] of cases) assert.equal(parseRetryAfter(value, NOW), expected, String(value));
});

test('isRetryableStatus: overload and gateway errors only', () => {
  for (const s of [429, 500, 502, 503, 504]) assert.equal(isRetryableStatus(s), true, String(s));
  for (const s of [200, 301, 400, 403, 404, 410]) assert.equal(isRetryableStatus(s), false, String(s));
});

test('nextRetry: exponential backoff with jitter, capped; Retry-After honoured up to a limit; attempts bounded', () => {
  const cases: {
    attempt: number;
    retryAfter: number | null;
    random: number;
    unreachable?: boolean;
    expected: ReturnType<typeof nextRetry>;
  }[] = [
    { attempt: 1, retryAfter: null, random: 0, expected: { retry: true, delayMs: 500 } },
    { attempt: 1, retryAfter: null, random: 0.999, expected: { retry: true, delayMs: 1000 } },
    { attempt: 3, retryAfter: null, random: 0, expected: { retry: true, delayMs: 2000 } },
    { attempt: 4, retryAfter: null, random: 0.5, expected: { retry: true, delayMs: 6000 } },
    { attempt: 2, retryAfter: 30_000, random: 0.5, expected: { retry: true, delayMs: 30_000 } },
    { attempt: 2, retryAfter: 0, random: 0.5, expected: { retry: true, delayMs: 0 } },
    { attempt: 5, retryAfter: null, random: 0.5, expected: { retry: false, reason: 'gave up after 5 attempts' } },
    { attempt: 1, retryAfter: null, random: 0, unreachable: true, expected: { retry: true, delayMs: 500 } },
    { attempt: 2, retryAfter: null, random: 0, unreachable: true, expected: { retry: false, reason: 'gave up after 2 attempts' } },
  ];
  for (const c of cases)
    assert.deepEqual(nextRetry(c.attempt, c.retryAfter, POLICY, c.random, c.unreachable), c.expected, JSON.stringify(c));
  const tooLong = nextRetry(1, 3_600_000, POLICY, 0.5);
  assert.equal(tooLong.retry, false);
  assert.match(tooLong.retry ? '' : tooLong.reason, /asked to wait 3600 s/);
});
