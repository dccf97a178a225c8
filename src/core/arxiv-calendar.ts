// arXiv's announcement rhythm as pure functions: which days have a listing, which listing a new
// submission lands in, and when the harvest of a listing should run. All days are 'YYYY-MM-DD'.
//
// arXiv freezes submissions at 14:00 US Eastern on each workday and announces them at 20:00 the
// same evening (a Friday freeze is announced on Sunday); the listing of an announcement, and the
// RSS feed rebuilt at the following midnight, are dated the next day, the "mailing day" (Mon-Fri).
// An arXiv holiday is a weekday without a freeze, as arXiv's own calendar defines it
// (arxiv-base, arxiv/submission/arxiv_localtime.py) and as info.arxiv.org/help/availability lists
// it: its papers wait for the next freeze, and the listing of the next weekday does not appear.
// So a Thanksgiving Thursday holiday removes Friday's listing, and a Friday holiday Monday's.
import { addDays, parseDay } from './dates.ts';

/**
 * arXiv holidays (weekdays without a freeze) for 2025-2027, as published on arXiv's availability
 * page. Best effort: arXiv announces its calendar year by year and adds ad hoc days, so operators
 * extend this list with the ARXIV_HOLIDAYS setting, copying the dates from that page.
 */
export const DEFAULT_ARXIV_HOLIDAYS: readonly string[] = Object.freeze([
  // 2025 as published. The page lists "Sun 6 July" for Independence Day (a Friday): the skipped
  // Sunday announcement; in freeze terms that is the Friday. December 2025 was never captured
  // here; Christmas Day is on every year's list, so it is kept.
  '2025-01-01',
  '2025-01-20',
  '2025-06-19',
  '2025-07-04',
  '2025-09-01',
  '2025-11-27',
  '2025-12-25',
  // 2026 as published: New Year, MLK Day, Juneteenth, Independence Day (observed), Labor Day,
  // Thanksgiving, and three winter-break days.
  '2026-01-01',
  '2026-01-19',
  '2026-06-19',
  '2026-07-03',
  '2026-09-07',
  '2026-11-26',
  '2026-12-25',
  '2026-12-29',
  '2026-12-31',
  // 2027 is not published yet: only the holidays on every year's list that fall on a fixed
  // weekday (New Year's Day, MLK Day, Labor Day, Thanksgiving). Juneteenth, July 4 and Christmas
  // fall on a weekend in 2027, and which weekday arXiv takes off instead is a guess: left out.
  '2027-01-01',
  '2027-01-18',
  '2027-09-06',
  '2027-11-25',
]);

const ZONE = 'America/New_York';
const MINUTE_MS = 60_000;
// From 2017-01-02 the deadline moved from 16:00 to 14:00 ET (arXiv's freeze_hour_policy); backfills
// reach older submissions.
const DEADLINE_CHANGE_DAY = '2017-01-02';
const DEADLINE_MINUTES = 14 * 60;
const OLD_DEADLINE_MINUTES = 16 * 60;
// A year without a single listing means the holiday list is wrong, not that arXiv stopped: fail
// instead of walking the calendar forever.
const MAX_SCAN_DAYS = 366;
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const wallClockFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface WallClock {
  day: string;
  minutes: number;
  /** The wall-clock time read as if it were UTC, to measure the zone's offset. */
  asUtcMs: number;
}

function wallClock(instant: Date): WallClock {
  if (Number.isNaN(instant.getTime())) throw new RangeError('invalid Date');
  const parts: Record<string, string> = {};
  for (const p of wallClockFormat.formatToParts(instant)) parts[p.type] = p.value;
  const [y, mo, d, h, mi, s] = ['year', 'month', 'day', 'hour', 'minute', 'second'].map((k) => Number(parts[k]));
  return {
    day: `${String(y).padStart(4, '0')}-${parts.month}-${parts.day}`,
    minutes: h! * 60 + mi!,
    asUtcMs: Date.UTC(y!, mo! - 1, d!, h, mi, s),
  };
}

function weekdayOf(day: string): number {
  const p = parseDay(day);
  if (!p) throw new RangeError(`not a day: ${day}`);
  return new Date(Date.UTC(p.y, p.m - 1, p.d)).getUTCDay();
}

function isWeekend(day: string): boolean {
  const wd = weekdayOf(day);
  return wd === 0 || wd === 6;
}

function previousWeekday(day: string): string {
  let d = addDays(day, -1);
  while (isWeekend(d)) d = addDays(d, -1);
  return d;
}

function nextWeekday(day: string): string {
  let d = addDays(day, 1);
  while (isWeekend(d)) d = addDays(d, 1);
  return d;
}

/** Walks from `day` by `step` days until `accept` holds, failing after a year. */
function walk(day: string, step: 1 | -1, accept: (d: string) => boolean): string {
  let d = day;
  for (let i = 0; i < MAX_SCAN_DAYS; i++, d = addDays(d, step)) if (accept(d)) return d;
  throw new Error(`no arXiv listing within a year ${step > 0 ? 'after' : 'before'} ${day}: check the holiday list`);
}

function checkDelay(delayMinutes: number): void {
  if (!Number.isFinite(delayMinutes) || delayMinutes < 0) {
    throw new RangeError(`delayMinutes must be a number of minutes from 0, got ${delayMinutes}`);
  }
}

/** Returns the America/New_York calendar day of an instant. */
export function etDayOf(instant: Date): string {
  return wallClock(instant).day;
}

/** True if arXiv publishes a listing dated `day`: a weekday whose freeze (the weekday before) was not a holiday. */
export function isMailingDay(day: string, holidays: ReadonlySet<string>): boolean {
  return !isWeekend(day) && !holidays.has(previousWeekday(day));
}

/** Returns `day` if it is a mailing day, else the latest mailing day before it. */
export function lastMailingDayOnOrBefore(day: string, holidays: ReadonlySet<string>): string {
  return walk(day, -1, (d) => isMailingDay(d, holidays));
}

/** Returns the listing day a new submission made at `submittedAt` first appears in. */
export function mailingDayOfSubmission(submittedAt: Date, holidays: ReadonlySet<string>): string {
  const { day, minutes } = wallClock(submittedAt);
  const deadline = day < DEADLINE_CHANGE_DAY ? OLD_DEADLINE_MINUTES : DEADLINE_MINUTES;
  // The deadline itself already belongs to the next freeze (arXiv compares hour >= 14).
  const first = minutes < deadline ? day : addDays(day, 1);
  const freeze = walk(first, 1, (d) => !isWeekend(d) && !holidays.has(d));
  return nextWeekday(freeze);
}

/** Returns when the harvest of mailing day `day` runs: midnight US Eastern starting `day`, plus `delayMinutes` elapsed. */
export function harvestTimeOf(day: string, delayMinutes: number): Date {
  checkDelay(delayMinutes);
  const p = parseDay(day);
  if (!p) throw new RangeError(`not a day: ${day}`);
  // Read midnight as UTC, then correct by the zone's offset; a second pass uses the offset in force
  // at the corrected instant. US clocks change at 02:00, so local midnight always exists once.
  const asUtc = Date.UTC(p.y, p.m - 1, p.d);
  const offsetAt = (ms: number) => wallClock(new Date(ms)).asUtcMs - ms;
  const midnight = asUtc - offsetAt(asUtc - offsetAt(asUtc));
  return new Date(midnight + delayMinutes * MINUTE_MS);
}

/** Returns the first mailing day whose harvest time is strictly after `now`, with that time. */
export function nextHarvest(now: Date, opts: { holidays: ReadonlySet<string>; delayMinutes: number }): { day: string; at: Date } {
  checkDelay(opts.delayMinutes);
  // A delay of a day or more puts earlier days' harvests after `now`, so start that far back.
  const start = addDays(etDayOf(now), -Math.ceil(opts.delayMinutes / 1440) - 1);
  const day = walk(start, 1, (d) => isMailingDay(d, opts.holidays) && harvestTimeOf(d, opts.delayMinutes) > now);
  return { day, at: harvestTimeOf(day, opts.delayMinutes) };
}

/**
 * Returns the mailing days after `lastHarvestedDay` whose harvest time is at or before `now`, oldest
 * first and at most the last `maxDays` of them; with no last day, only the most recent due one.
 */
export function missedMailingDays(
  lastHarvestedDay: string | null,
  now: Date,
  opts: { holidays: ReadonlySet<string>; delayMinutes: number; maxDays: number },
): string[] {
  const { holidays, delayMinutes, maxDays } = opts;
  checkDelay(delayMinutes);
  if (!Number.isInteger(maxDays) || maxDays < 0) throw new RangeError(`maxDays must be a whole number from 0, got ${maxDays}`);
  if (lastHarvestedDay !== null && !parseDay(lastHarvestedDay)) throw new RangeError(`not a day: ${lastHarvestedDay}`);
  const limit = lastHarvestedDay === null ? Math.min(1, maxDays) : maxDays;
  // No later day can be due: its harvest is at or after its own midnight, which is after `now`.
  const latestDue = walk(etDayOf(now), -1, (d) => isMailingDay(d, holidays) && harvestTimeOf(d, delayMinutes) <= now);
  const due: string[] = [];
  // Walk back from the latest due day so a long downtime costs maxDays steps, not its length.
  let d = latestDue;
  while (due.length < limit && (lastHarvestedDay === null || d > lastHarvestedDay)) {
    due.push(d);
    if (due.length < limit) d = lastMailingDayOnOrBefore(addDays(d, -1), holidays);
  }
  return due.reverse();
}

/** Parses a list of arXiv holidays ("2026-12-24, 2026-12-25"), sorted and without repeats; throws naming a bad value. */
export function parseHolidays(raw: string): string[] {
  const days = raw.split(/[\s,]+/).filter(Boolean);
  for (const day of days) {
    if (!parseDay(day)) throw new Error(`"${day}" is not a calendar day; write arXiv holidays as YYYY-MM-DD, like 2026-12-24`);
    if (isWeekend(day)) {
      // arXiv's page sometimes names the skipped Sunday announcement; its freeze is the Friday.
      const friday = addDays(day, weekdayOf(day) === 0 ? -2 : -1);
      throw new Error(
        `${day} is a ${WEEKDAY_NAMES[weekdayOf(day)]}; arXiv holidays are weekdays without the 14:00 deadline` +
          ` (for a skipped Sunday announcement give the Friday before, ${friday})`,
      );
    }
  }
  return [...new Set(days)].sort();
}
