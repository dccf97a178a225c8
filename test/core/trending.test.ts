// The trending formula: its rules as a table of cases, and the stored SQL score agreeing with the TypeScript one
// (the same numbers, whatever the session's time zone, following every change of votes and comments).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMMENT_WEIGHT, featuredAt, HOTNESS_WINDOW_HOURS, pointsFactorForAge, trendingScore } from '../../src/core/trending.ts';
import { createTestDatabase } from '../helpers/db.ts';

const { sql } = await createTestDatabase();

const HOUR = 3600_000;
const now = new Date('2026-03-10T12:00:00Z');
const ago = (hours: number) => new Date(now.getTime() - hours * HOUR);
const score = (upvotes: number, comments: number, at: Date | null) => trendingScore({ upvotes, comments, featuredAt: at });

test('more points rank higher, newer ranks higher, and age trades against points at a fixed rate', () => {
  const cases: [what: string, higher: number | null, lower: number | null][] = [
    ['more upvotes, same time', score(10, 0, now), score(9, 0, now)],
    ['a comment adds something', score(0, 1, now), score(0, 0, now)],
    ['an upvote counts more than a comment', score(1, 0, now), score(0, 1, now)],
    ['same points, newer', score(5, 0, now), score(5, 0, ago(1))],
    ['a day of age outweighs a doubling of points', score(10, 0, now), score(21, 0, ago(24))],
    ['but not a fivefold lead', score(54, 0, ago(24)), score(10, 0, now)],
    ["a zero-point paper of today beats yesterday's single vote", score(0, 0, now), score(1, 0, ago(24))],
  ];
  for (const [what, higher, lower] of cases) {
    assert.ok(higher !== null && lower !== null && higher > lower, what);
  }
  // Ten times the points make up for exactly one window of age (log10 of 1 + points).
  assert.ok(Math.abs(score(99, 0, ago(HOTNESS_WINDOW_HOURS))! - score(9, 0, now)!) < 1e-9);
  assert.ok(Math.abs(score(0, 2 / COMMENT_WEIGHT, now)! - score(2, 0, now)!) < 1e-12, 'comments at COMMENT_WEIGHT');
  assert.equal(pointsFactorForAge(HOTNESS_WINDOW_HOURS), 10);
  assert.equal(score(5, 5, null), null, 'no date, no score');
});

test('a score never changes as time passes: the order of two papers is the same today and next month', () => {
  // Equivalent to decaying points by 10 per window: compare "now" and "later" views of the same two papers.
  const a = { upvotes: 40, comments: 3, featuredAt: ago(30) };
  const b = { upvotes: 8, comments: 0, featuredAt: ago(2) };
  const decayed = (p: typeof a, at: Date) =>
    (1 + p.upvotes + COMMENT_WEIGHT * p.comments) / pointsFactorForAge((at.getTime() - p.featuredAt.getTime()) / HOUR);
  const later = new Date(now.getTime() + 30 * 24 * HOUR);
  assert.equal(trendingScore(a)! > trendingScore(b)!, decayed(a, now) > decayed(b, now));
  assert.equal(decayed(a, now) > decayed(b, now), decayed(a, later) > decayed(b, later));
});

test('featured time: submitted to the daily page, else the day at midnight UTC, else published', () => {
  const submitted = new Date('2026-03-02T09:30:00Z');
  const published = new Date('2026-02-27T18:00:00Z');
  assert.deepEqual(featuredAt({ submittedAt: submitted, dailyDate: '2026-03-03', publishedAt: published }), submitted);
  assert.deepEqual(featuredAt({ submittedAt: null, dailyDate: '2026-03-03', publishedAt: published }), new Date('2026-03-03T00:00:00Z'));
  assert.deepEqual(featuredAt({ submittedAt: null, dailyDate: null, publishedAt: published }), published);
  assert.equal(featuredAt({ submittedAt: null, dailyDate: null, publishedAt: null }), null);
});

interface Row {
  id: string;
  upvotes: number;
  hf_upvotes: number | null;
  num_comments: number;
  hf_num_comments: number | null;
  submitted_at: Date | null;
  daily_date: string | null;
  published_at: Date | null;
  trending_score: number | null;
}

const tsScore = (r: Row) =>
  trendingScore({
    upvotes: r.upvotes + (r.hf_upvotes ?? 0),
    comments: r.num_comments + (r.hf_num_comments ?? 0),
    featuredAt: featuredAt({ submittedAt: r.submitted_at, dailyDate: r.daily_date, publishedAt: r.published_at }),
  });

async function storedRows(): Promise<Row[]> {
  return sql<Row[]>`
    SELECT id, upvotes, hf_upvotes, num_comments, hf_num_comments, submitted_at, daily_date, published_at, trending_score
    FROM papers ORDER BY trending_score DESC NULLS LAST, id DESC`;
}

function assertAgree(rows: Row[]): void {
  for (const r of rows) {
    const expected = tsScore(r);
    if (expected === null) {
      assert.equal(r.trending_score, null, r.id);
      continue;
    }
    assert.ok(r.trending_score !== null, r.id);
    // The same operations in the same order; at most the last bit of log10 may differ between libm and V8.
    assert.ok(Math.abs(r.trending_score - expected) <= 1e-12, `${r.id}: SQL ${r.trending_score} vs TS ${expected}`);
  }
}

test('the stored SQL score equals the TypeScript formula, in any time zone, and follows votes and comments', async () => {
  // Cases: every source of the date, HF counts or not, comments, large counts, sub-second times, old papers.
  const papers: [
    id: string,
    upvotes: number,
    hf: number | null,
    comments: number,
    hfComments: number | null,
    submitted: string | null,
    day: string | null,
    published: string | null,
  ][] = [
    ['2603.00001', 0, null, 0, null, null, '2026-03-03', '2026-03-02T10:00:00Z'],
    ['2603.00002', 3, 12, 1, 4, '2026-03-03T07:15:42.123Z', '2026-03-03', '2026-03-01T10:00:00Z'],
    ['2603.00003', 250, 1800, 40, 96, null, '2026-03-02', null],
    ['2603.00004', 1, null, 0, 0, null, null, '2026-02-27T23:59:59.999Z'],
    ['2603.00005', 0, 0, 7, null, '2026-03-04T00:00:00Z', null, null],
    ['2603.00006', 0, null, 0, null, null, null, null],
    ['hep-th/9901001', 12, null, 2, null, null, null, '1999-01-04T16:00:00Z'],
    ['2603.00008', 999_999, null, 0, null, null, '2026-03-01', null],
  ];
  await sql.begin(async (tx) => {
    await tx`SET LOCAL TimeZone = 'Pacific/Chatham'`; // +13:45: a day boundary read in local time would show
    for (const [id, upvotes, hf, comments, hfComments, submitted, day, published] of papers) {
      await tx`
        INSERT INTO papers (id, title, upvotes, hf_upvotes, num_comments, hf_num_comments, submitted_at, daily_date, published_at)
        VALUES (${id}, ${`Paper ${id}`}, ${upvotes}, ${hf}, ${comments}, ${hfComments}, ${submitted}, ${day}, ${published})`;
    }
  });
  const rows = await storedRows();
  assert.equal(rows.length, papers.length);
  assertAgree(rows);
  assert.equal(rows.find((r) => r.id === '2603.00006')!.trending_score, null);

  // Votes and comments change the stored score in the same statement; the order follows.
  await sql`UPDATE papers SET upvotes = upvotes + 500 WHERE id = '2603.00001'`;
  await sql`UPDATE papers SET num_comments = num_comments + 3, hf_num_comments = 9 WHERE id = '2603.00004'`;
  const after = await storedRows();
  assertAgree(after);
  const jsOrder = [...after]
    .sort((a, b) => (tsScore(b) ?? -Infinity) - (tsScore(a) ?? -Infinity) || (a.id < b.id ? 1 : -1))
    .map((r) => r.id);
  assert.deepEqual(
    after.map((r) => r.id),
    jsOrder,
    'the index order is the formula order',
  );
  assert.ok(after.find((r) => r.id === '2603.00001')!.trending_score! > rows.find((r) => r.id === '2603.00001')!.trending_score!);
});

test('the trending list reads the stored score from its index', async () => {
  await sql`ANALYZE papers`;
  const plan = await sql.begin(async (tx) => {
    await tx`SET LOCAL enable_seqscan = off`; // a handful of rows: ask whether the index can serve the order at all
    return tx.unsafe(`EXPLAIN SELECT id FROM papers WHERE hidden_at IS NULL ORDER BY trending_score DESC NULLS LAST, id DESC LIMIT 10`);
  });
  const text = plan.map((r) => Object.values(r)[0]).join('\n');
  assert.match(text, /Index (Only )?Scan using papers_trending_idx/);
  assert.doesNotMatch(text, /Sort/);
});
