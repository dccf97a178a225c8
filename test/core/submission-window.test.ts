import { test } from 'node:test';
import assert from 'node:assert/strict';
import { submissionWindowProblem } from '../../src/core/submission-window.ts';

test('submissionWindowProblem: papers published within the window are in, by day', () => {
  const cases: [published: string | null, today: string, days: number, ok: boolean][] = [
    ['2026-03-10T12:00:00Z', '2026-03-10', 14, true],
    ['2026-02-24T00:00:00Z', '2026-03-10', 14, true],
    ['2026-02-24T23:59:59Z', '2026-03-10', 14, true],
    ['2026-02-23T23:59:59Z', '2026-03-10', 14, false],
    ['2026-03-09T08:00:00Z', '2026-03-10', 1, true],
    ['2026-03-08T08:00:00Z', '2026-03-10', 1, false],
    ['2024-12-31T20:00:00Z', '2025-01-14', 14, true],
    ['2024-12-30T20:00:00Z', '2025-01-14', 14, false],
    ['2024-02-29T10:00:00Z', '2024-03-14', 14, true],
    // A clock a little behind arXiv's: published "tomorrow" is recent, not refused.
    ['2026-03-11T01:00:00Z', '2026-03-10', 14, true],
    ['1999-01-04T00:00:00Z', '2026-03-10', 3650, false],
    [null, '2026-03-10', 14, false],
  ];
  for (const [published, today, days, ok] of cases) {
    const problem = submissionWindowProblem(published === null ? null : new Date(published), today, days);
    assert.equal(problem === null, ok, `${published} on ${today} within ${days}: ${problem}`);
  }
});

test('submissionWindowProblem says when the paper was published and what the window is', () => {
  assert.equal(
    submissionWindowProblem(new Date('2026-01-05T10:00:00Z'), '2026-03-10', 14),
    'arXiv published this paper on Jan 5, 2026; only papers published in the last 14 days (since Feb 24, 2026) can be submitted.',
  );
  assert.match(submissionWindowProblem(null, '2026-03-10', 14)!, /no publication date/);
});
