import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addDays,
  formatDay,
  isoWeekOf,
  nextMonth,
  nextWeek,
  parseDay,
  parseIsoWeek,
  parseLooseDate,
  parseMonth,
  previousMonth,
  previousWeek,
} from '../../src/core/dates.ts';

test('parseLooseDate', () => {
  const cases: [string, string | null][] = [
    ['2024-05-23', '2024-05-23T00:00:00.000Z'],
    ['2024-05-27T03:50:58.348Z', '2024-05-27T03:50:58.348Z'],
    ['2024-05-27T03:50:58', '2024-05-27T03:50:58.000Z'],
    ['2024-05-27 03:50', '2024-05-27T03:50:00.000Z'],
    ['2024-05-27T03:50:58+02:00', '2024-05-27T01:50:58.000Z'],
    ['2024-05-27T03:50:58.123456-0500', '2024-05-27T08:50:58.123Z'],
    ['Mon, 2 Apr 2007 19:18:42 GMT', '2007-04-02T19:18:42.000Z'],
    ['Tue, 21 May 2024 00:00:00 -0400', '2024-05-21T04:00:00.000Z'],
    ['21 May 2024 10:00:00 EST', '2024-05-21T15:00:00.000Z'],
    ['2 Apr 2007', '2007-04-02T00:00:00.000Z'],
    ['2019', '2019-01-01T00:00:00.000Z'],
    [' 2019 ', '2019-01-01T00:00:00.000Z'],
    ['0099', '0099-01-01T00:00:00.000Z'],
    ['', null],
    ['garbage', null],
    ['2023-02-29', null],
    ['2024-13-01', null],
    ['2024-05-27T25:00:00Z', null],
    ['31 Feb 2024 10:00:00 GMT', null],
    ['2 Foo 2007', null],
    ['2 Apr 2007 10:00 XYZ', null],
    ['May 2024', null],
    ['12345', null],
  ];
  for (const [input, expected] of cases) assert.equal(parseLooseDate(input)?.toISOString() ?? null, expected, input);
});

test('parseDay and formatDay', () => {
  const cases: [string, { y: number; m: number; d: number } | null][] = [
    ['2024-05-27', { y: 2024, m: 5, d: 27 }],
    ['2024-02-29', { y: 2024, m: 2, d: 29 }],
    ['2023-02-29', null],
    ['1900-02-29', null],
    ['2000-02-29', { y: 2000, m: 2, d: 29 }],
    ['2024-04-31', null],
    ['2024-00-10', null],
    ['2024-5-27', null],
    ['2024-05-27T00:00:00Z', null],
    ['', null],
  ];
  for (const [input, expected] of cases) assert.deepEqual(parseDay(input), expected, input);
  assert.equal(formatDay(new Date('2024-05-27T23:59:59Z')), '2024-05-27');
  assert.equal(formatDay(new Date('0099-01-02T00:00:00Z')), '0099-01-02');
  assert.throws(() => formatDay(new Date(Number.NaN)), RangeError);
});

test('addDays', () => {
  const cases: [string, number, string][] = [
    ['2024-05-27', 1, '2024-05-28'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-12-31', 1, '2024-01-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2024-05-27', 0, '2024-05-27'],
    ['2024-03-30', 7, '2024-04-06'],
  ];
  for (const [day, n, expected] of cases) assert.equal(addDays(day, n), expected, `${day} ${n}`);
  assert.throws(() => addDays('2024-02-30', 1), RangeError);
});

test('ISO weeks', () => {
  const cases: [string, { start: string; end: string } | null][] = [
    ['2025-W01', { start: '2024-12-30', end: '2025-01-05' }],
    ['2025-W02', { start: '2025-01-06', end: '2025-01-12' }],
    ['2020-W53', { start: '2020-12-28', end: '2021-01-03' }],
    ['2026-W53', { start: '2026-12-28', end: '2027-01-03' }],
    ['2015-W53', { start: '2015-12-28', end: '2016-01-03' }],
    ['2024-W53', null],
    ['2025-W53', null],
    ['2025-W00', null],
    ['2025-W2', null],
    ['2025W02', null],
  ];
  for (const [input, expected] of cases) assert.deepEqual(parseIsoWeek(input), expected, input);

  const weeks: [string, string][] = [
    ['2025-01-06', '2025-W02'],
    ['2024-12-30', '2025-W01'],
    ['2025-01-01', '2025-W01'],
    ['2021-01-03', '2020-W53'],
    ['2027-01-01', '2026-W53'],
    ['2024-05-27', '2024-W22'],
    ['2024-12-29', '2024-W52'],
  ];
  for (const [day, expected] of weeks) assert.equal(isoWeekOf(day), expected, day);

  assert.equal(previousWeek('2025-W02'), '2025-W01');
  assert.equal(previousWeek('2025-W01'), '2024-W52');
  assert.equal(previousWeek('2021-W01'), '2020-W53');
  assert.equal(nextWeek('2020-W53'), '2021-W01');
  assert.equal(nextWeek('2024-W52'), '2025-W01');
  assert.throws(() => nextWeek('2024-W53'), RangeError);
});

test('months', () => {
  const cases: [string, { start: string; end: string } | null][] = [
    ['2025-01', { start: '2025-01-01', end: '2025-01-31' }],
    ['2024-02', { start: '2024-02-01', end: '2024-02-29' }],
    ['2023-02', { start: '2023-02-01', end: '2023-02-28' }],
    ['2025-04', { start: '2025-04-01', end: '2025-04-30' }],
    ['2025-13', null],
    ['2025-00', null],
    ['2025-1', null],
    ['2025-01-01', null],
  ];
  for (const [input, expected] of cases) assert.deepEqual(parseMonth(input), expected, input);
  assert.equal(previousMonth('2025-01'), '2024-12');
  assert.equal(previousMonth('2025-03'), '2025-02');
  assert.equal(nextMonth('2024-12'), '2025-01');
  assert.equal(nextMonth('2025-01'), '2025-02');
  assert.throws(() => nextMonth('2025-13'), RangeError);
});
