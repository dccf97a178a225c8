// arXiv's announcement rhythm: listing days, the 14:00 ET deadline, holidays, DST, harvest times, catch-up.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEFAULT_ARXIV_HOLIDAYS,
  etDayOf,
  harvestTimeOf,
  isMailingDay,
  lastMailingDayOnOrBefore,
  mailingDayOfSubmission,
  missedMailingDays,
  nextHarvest,
  parseHolidays,
} from '../../src/core/arxiv-calendar.ts';

// The built-in calendar: Thanksgiving Thu 2026-11-26, MLK Mon 2026-01-19, Juneteenth Fri 2026-06-19,
// winter break Fri 2026-12-25, Tue 12-29, Thu 12-31, Fri 2027-01-01.
const ARXIV = new Set(DEFAULT_ARXIV_HOLIDAYS);
const NONE = new Set<string>();

test('isMailingDay: weekdays whose freeze (the weekday before) was not an arXiv holiday', () => {
  const cases: [string, ReadonlySet<string>, boolean][] = [
    ['2026-11-23', ARXIV, true], // Monday
    ['2026-11-24', ARXIV, true], // Tuesday
    ['2026-11-21', ARXIV, false], // Saturday
    ['2026-11-22', ARXIV, false], // Sunday
    ['2026-11-26', ARXIV, true], // Thanksgiving itself: Wednesday's papers are listed
    ['2026-11-27', ARXIV, false], // no freeze on Thanksgiving, so no Friday listing
    ['2026-11-27', NONE, true],
    ['2026-11-30', ARXIV, true],
    ['2026-01-19', ARXIV, true], // MLK Day (a Monday): Friday's papers are listed
    ['2026-01-20', ARXIV, false], // ... and Tuesday has nothing
    ['2026-06-19', ARXIV, true], // Juneteenth (a Friday): Thursday's papers are listed
    ['2026-06-22', ARXIV, false], // ... and no Sunday announcement, so no Monday listing
    ['2026-06-23', ARXIV, true],
    ['2026-12-25', ARXIV, true],
    ['2026-12-28', ARXIV, false],
    ['2026-12-29', ARXIV, true],
    ['2026-12-30', ARXIV, false],
    ['2026-12-31', ARXIV, true],
    ['2027-01-01', ARXIV, false],
    ['2027-01-04', ARXIV, false],
    ['2027-01-05', ARXIV, true],
  ];
  for (const [day, holidays, expected] of cases) assert.equal(isMailingDay(day, holidays), expected, day);
  assert.throws(() => isMailingDay('2026-02-30', NONE), RangeError);
});

test('lastMailingDayOnOrBefore', () => {
  const cases: [string, ReadonlySet<string>, string][] = [
    ['2026-11-30', ARXIV, '2026-11-30'],
    ['2026-11-27', ARXIV, '2026-11-26'],
    ['2026-11-29', ARXIV, '2026-11-26'],
    ['2026-11-29', NONE, '2026-11-27'],
    ['2027-01-04', ARXIV, '2026-12-31'],
  ];
  for (const [day, holidays, expected] of cases) assert.equal(lastMailingDayOnOrBefore(day, holidays), expected, day);
});

test('mailingDayOfSubmission: the 14:00 ET deadline, weekends, holidays and DST', () => {
  // [submitted at (UTC), holidays, listing day, why]
  const cases: [string, ReadonlySet<string>, string, string][] = [
    ['2026-11-16T18:59:00Z', NONE, '2026-11-17', 'Mon 13:59 EST'],
    ['2026-11-16T19:00:00Z', NONE, '2026-11-18', 'Mon 14:00 EST is already the next window'],
    ['2026-11-17T18:59:59.999Z', NONE, '2026-11-18', 'Tue 13:59:59 EST: Mon 14:00 - Tue 14:00 is listed Wednesday'],
    ['2026-11-19T19:00:00Z', NONE, '2026-11-23', 'Thu 14:00 EST: announced Sunday, listed Monday'],
    ['2026-11-20T18:59:00Z', NONE, '2026-11-23', 'Fri 13:59 EST'],
    ['2026-11-20T19:00:00Z', NONE, '2026-11-24', 'Fri 14:00 EST: announced Monday, listed Tuesday'],
    ['2026-11-21T12:00:00Z', NONE, '2026-11-24', 'Saturday'],
    ['2026-11-23T04:00:00Z', NONE, '2026-11-24', 'Sun 23:00 EST, already Monday in UTC'],
    // DST starts Sunday 2026-03-08: the deadline is 19:00 UTC before it and 18:00 UTC after it.
    ['2026-03-06T18:30:00Z', NONE, '2026-03-09', 'Fri 13:30 EST'],
    ['2026-03-08T12:00:00Z', NONE, '2026-03-10', 'Sunday of the switch'],
    ['2026-03-09T17:59:00Z', NONE, '2026-03-10', 'Mon 13:59 EDT'],
    ['2026-03-09T18:00:00Z', NONE, '2026-03-11', 'Mon 14:00 EDT'],
    ['2026-03-09T18:30:00Z', NONE, '2026-03-11', 'Mon 14:30 EDT (13:30 had it been EST)'],
    // DST ends Sunday 2026-11-01 (01:00-02:00 happens twice).
    ['2026-10-30T18:30:00Z', NONE, '2026-11-03', 'Fri 14:30 EDT'],
    ['2026-11-01T05:30:00Z', NONE, '2026-11-03', 'Sun 01:30 EDT'],
    ['2026-11-01T06:30:00Z', NONE, '2026-11-03', 'Sun 01:30 EST'],
    ['2026-11-02T18:30:00Z', NONE, '2026-11-03', 'Mon 13:30 EST'],
    // Holidays: the papers wait for the next freeze.
    ['2026-11-25T18:00:00Z', ARXIV, '2026-11-26', 'Wed 13:00 before Thanksgiving'],
    ['2026-11-25T20:00:00Z', ARXIV, '2026-11-30', 'Wed 15:00 before Thanksgiving: frozen Friday'],
    ['2026-11-26T18:00:00Z', ARXIV, '2026-11-30', 'Thanksgiving 13:00'],
    ['2026-01-16T18:00:00Z', ARXIV, '2026-01-19', 'Fri 13:00 before MLK Day'],
    ['2026-01-16T20:00:00Z', ARXIV, '2026-01-21', 'Fri 15:00 before MLK Day (Monday): frozen Tuesday'],
    ['2026-06-18T17:00:00Z', ARXIV, '2026-06-19', 'Thu 13:00 EDT before Juneteenth'],
    ['2026-06-18T19:00:00Z', ARXIV, '2026-06-23', 'Thu 15:00 EDT before Juneteenth (Friday): frozen Monday'],
    ['2026-12-24T20:00:00Z', ARXIV, '2026-12-29', 'Christmas Eve 15:00: frozen Monday 12-28'],
    // Before 2017-01-02 the deadline was 16:00.
    ['2016-05-02T19:00:00Z', NONE, '2016-05-03', 'Mon 15:00 EDT, 2016'],
    ['2016-05-02T20:00:00Z', NONE, '2016-05-04', 'Mon 16:00 EDT, 2016'],
  ];
  for (const [at, holidays, expected, why] of cases) assert.equal(mailingDayOfSubmission(new Date(at), holidays), expected, why);
  assert.throws(() => mailingDayOfSubmission(new Date(Number.NaN), NONE), RangeError);
});

test('etDayOf: the calendar day in New York', () => {
  const cases: [string, string][] = [
    ['2026-11-17T04:59:59Z', '2026-11-16'],
    ['2026-11-17T05:00:00Z', '2026-11-17'],
    ['2026-07-15T03:59:59Z', '2026-07-14'],
    ['2026-07-15T04:00:00Z', '2026-07-15'],
    ['2026-03-08T04:59:59Z', '2026-03-07'],
    ['2026-03-08T06:59:59Z', '2026-03-08'],
    ['2026-11-01T05:30:00Z', '2026-11-01'],
    ['2026-12-31T23:30:00Z', '2026-12-31'],
    ['2027-01-01T05:00:00Z', '2027-01-01'],
  ];
  for (const [at, expected] of cases) assert.equal(etDayOf(new Date(at)), expected, at);
});

test('harvestTimeOf: midnight US Eastern plus the delay, in winter and summer', () => {
  const cases: [string, number, string][] = [
    ['2026-01-15', 0, '2026-01-15T05:00:00.000Z'], // EST
    ['2026-07-15', 0, '2026-07-15T04:00:00.000Z'], // EDT
    ['2026-07-15', 30, '2026-07-15T04:30:00.000Z'],
    ['2026-03-08', 0, '2026-03-08T05:00:00.000Z'], // the switch happens at 02:00, after midnight
    ['2026-03-09', 0, '2026-03-09T04:00:00.000Z'],
    ['2026-03-08', 180, '2026-03-08T08:00:00.000Z'], // three elapsed hours: 04:00 EDT
    ['2026-11-01', 0, '2026-11-01T04:00:00.000Z'],
    ['2026-11-02', 0, '2026-11-02T05:00:00.000Z'],
    ['2026-12-31', 1380, '2027-01-01T04:00:00.000Z'],
  ];
  for (const [day, delay, expected] of cases) assert.equal(harvestTimeOf(day, delay).toISOString(), expected, `${day} +${delay}`);
  assert.throws(() => harvestTimeOf('2026-02-30', 0), RangeError);
  assert.throws(() => harvestTimeOf('2026-01-15', -1), RangeError);
  assert.throws(() => harvestTimeOf('2026-01-15', Number.NaN), RangeError);
});

test('nextHarvest: the first mailing day whose harvest is still ahead', () => {
  // [now, delay, day, at, why]
  const cases: [string, number, string, string, string][] = [
    ['2026-11-17T05:29:59Z', 30, '2026-11-17', '2026-11-17T05:30:00.000Z', 'just before'],
    ['2026-11-17T05:30:00Z', 30, '2026-11-18', '2026-11-18T05:30:00.000Z', 'exactly at: strictly after'],
    ['2026-11-17T05:31:00Z', 30, '2026-11-18', '2026-11-18T05:30:00.000Z', 'just after'],
    ['2026-11-21T04:00:00Z', 30, '2026-11-23', '2026-11-23T05:30:00.000Z', 'Friday 23:00 EST'],
    ['2026-11-22T12:00:00Z', 30, '2026-11-23', '2026-11-23T05:30:00.000Z', 'Sunday'],
    ['2026-11-26T17:00:00Z', 30, '2026-11-30', '2026-11-30T05:30:00.000Z', 'Thanksgiving: no Friday listing'],
    ['2026-06-18T12:00:00Z', 30, '2026-06-19', '2026-06-19T04:30:00.000Z', 'Thursday before Juneteenth'],
    ['2026-06-19T12:00:00Z', 30, '2026-06-23', '2026-06-23T04:30:00.000Z', 'Juneteenth (Friday): no Monday listing'],
    ['2026-03-07T12:00:00Z', 0, '2026-03-09', '2026-03-09T04:00:00.000Z', 'over the spring switch'],
    ['2026-10-31T12:00:00Z', 0, '2026-11-02', '2026-11-02T05:00:00.000Z', 'over the autumn switch'],
    ['2026-11-17T12:00:00Z', 1380, '2026-11-17', '2026-11-18T04:00:00.000Z', 'a 23-hour delay: today is still ahead'],
  ];
  for (const [now, delayMinutes, day, at, why] of cases) {
    const next = nextHarvest(new Date(now), { holidays: ARXIV, delayMinutes });
    assert.deepEqual({ day: next.day, at: next.at.toISOString() }, { day, at }, why);
  }
});

test('missedMailingDays: catch-up after downtime', () => {
  const opts = { holidays: ARXIV, delayMinutes: 30, maxDays: 30 };
  // [last harvested day, now, maxDays, expected, why]
  const cases: [string | null, string, number, string[], string][] = [
    ['2026-11-16', '2026-11-17T06:00:00Z', 30, ['2026-11-17'], 'the usual run'],
    ['2026-11-17', '2026-11-17T06:00:00Z', 30, [], 'already harvested'],
    ['2026-11-16', '2026-11-17T05:29:59Z', 30, [], 'before the harvest time'],
    ['2026-11-16', '2026-11-17T05:30:00Z', 30, ['2026-11-17'], 'at the harvest time'],
    [null, '2026-11-17T06:00:00Z', 30, ['2026-11-17'], 'first start'],
    [null, '2026-11-21T12:00:00Z', 30, ['2026-11-20'], 'first start on a Saturday'],
    [null, '2026-11-17T06:00:00Z', 0, [], 'first start, no catch-up'],
    ['2026-11-26', '2026-11-27T14:34:00Z', 30, [], 'the day after Thanksgiving has no listing'],
    [
      '2026-11-13',
      '2026-11-30T06:00:00Z',
      30,
      [
        '2026-11-16',
        '2026-11-17',
        '2026-11-18',
        '2026-11-19',
        '2026-11-20',
        '2026-11-23',
        '2026-11-24',
        '2026-11-25',
        '2026-11-26',
        '2026-11-30',
      ],
      'two weeks down',
    ],
    ['2026-11-13', '2026-11-30T06:00:00Z', 3, ['2026-11-25', '2026-11-26', '2026-11-30'], 'capped to the latest 3'],
    ['2026-12-24', '2027-01-06T06:00:00Z', 30, ['2026-12-25', '2026-12-29', '2026-12-31', '2027-01-05', '2027-01-06'], 'winter break'],
    ['2025-01-01', '2026-11-17T06:00:00Z', 2, ['2026-11-16', '2026-11-17'], 'years down: cheap, capped'],
    ['2026-12-01', '2026-11-17T06:00:00Z', 30, [], 'last day in the future'],
  ];
  for (const [last, now, maxDays, expected, why] of cases) {
    assert.deepEqual(missedMailingDays(last, new Date(now), { ...opts, maxDays }), expected, why);
  }
  assert.throws(() => missedMailingDays(null, new Date(), { ...opts, maxDays: -1 }), RangeError);
  assert.throws(() => missedMailingDays(null, new Date(), { ...opts, maxDays: 1.5 }), RangeError);
  assert.throws(() => missedMailingDays('yesterday', new Date(), opts), RangeError);
});

test('parseHolidays', () => {
  const cases: [string, string[]][] = [
    ['', []],
    ['2026-12-24,2026-12-25', ['2026-12-24', '2026-12-25']],
    [' 2026-12-25 , 2026-12-24\n2026-12-24 ', ['2026-12-24', '2026-12-25']],
    ['2026-12-24 2026-12-25', ['2026-12-24', '2026-12-25']],
  ];
  for (const [raw, expected] of cases) assert.deepEqual(parseHolidays(raw), expected, raw);
  const errors: [string, RegExp][] = [
    ['2026-12-24,2026-13-01', /"2026-13-01" is not a calendar day.*YYYY-MM-DD/],
    ['2026-02-29', /"2026-02-29" is not a calendar day/],
    ['24/12/2026', /"24\/12\/2026" is not a calendar day/],
    ['2026-12-24;2026-12-25', /"2026-12-24;2026-12-25" is not a calendar day/],
    ['2025-07-06', /2025-07-06 is a Sunday.*Friday before, 2025-07-04/],
    ['2026-12-26', /2026-12-26 is a Saturday.*2026-12-25/],
  ];
  for (const [raw, message] of errors) assert.throws(() => parseHolidays(raw), message, raw);
});

test('the built-in holidays are valid, sorted weekdays and cannot be changed', () => {
  assert.deepEqual(parseHolidays(DEFAULT_ARXIV_HOLIDAYS.join(',')), [...DEFAULT_ARXIV_HOLIDAYS]);
  assert.ok(Object.isFrozen(DEFAULT_ARXIV_HOLIDAYS));
});
