// Days, ISO weeks and months as the strings our URLs use ('2025-01-31', '2025-W05', '2025-01'); all UTC.

/** An inclusive range of days, each 'YYYY-MM-DD'. */
export interface DayRange {
  start: string;
  end: string;
}

/** A calendar date with a 1-based month. */
export interface Day {
  y: number;
  m: number;
  d: number;
}

const DAY_MS = 86_400_000;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// RFC 2822 obsolete zones that still show up in old feeds.
const ZONES: Record<string, string> = {
  GMT: 'Z',
  UT: 'Z',
  UTC: 'Z',
  Z: 'Z',
  EST: '-05:00',
  EDT: '-04:00',
  CST: '-06:00',
  CDT: '-05:00',
  MST: '-07:00',
  MDT: '-06:00',
  PST: '-08:00',
  PDT: '-07:00',
};
const ISO_DATETIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const RFC_2822 =
  /^(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})(?:\s+(\d{2}):(\d{2})(?::(\d{2}))?)?(?:\s+([A-Za-z]{1,3}|[+-]\d{4}))?$/;

// Date.UTC maps years 0-99 to 1900-1999, so set the full year explicitly.
function utc(y: number, m: number, d: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return date;
}

function daysInMonth(y: number, m: number): number {
  return utc(y, m + 1, 0).getUTCDate();
}

/** Parses ISO dates and times, RFC 2822 dates and bare years as UTC; returns null for anything else. */
export function parseLooseDate(s: string): Date | null {
  const t = s.trim();
  if (/^\d{4}$/.test(t)) return utc(Number(t), 1, 1);
  const day = parseDay(t);
  if (day) return utc(day.y, day.m, day.d);
  const iso = ISO_DATETIME.exec(t);
  if (iso) {
    const [, date, hh, mi, ss = '00', frac = '', zone = 'Z'] = iso;
    if (!parseDay(date!) || !validTime(hh!, mi!, ss)) return null;
    // Without a zone JavaScript would read the time as local; our data is UTC.
    const z = zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
    return finite(new Date(`${date}T${hh}:${mi}:${ss}${frac.slice(0, 4)}${z}`));
  }
  const rfc = RFC_2822.exec(t);
  if (rfc) {
    const [, d, mon, y, hh = '00', mi = '00', ss = '00', zone = 'GMT'] = rfc;
    const m = MONTHS.indexOf(mon!.toLowerCase()) + 1;
    const z = /^[+-]/.test(zone) ? `${zone.slice(0, 3)}:${zone.slice(3)}` : ZONES[zone.toUpperCase()];
    if (m === 0 || z === undefined || !validTime(hh, mi, ss)) return null;
    const date = `${y}-${String(m).padStart(2, '0')}-${d!.padStart(2, '0')}`;
    if (!parseDay(date)) return null;
    return finite(new Date(`${date}T${hh}:${mi}:${ss}${z}`));
  }
  return null;
}

function validTime(hh: string, mi: string, ss: string): boolean {
  return Number(hh) <= 23 && Number(mi) <= 59 && Number(ss) <= 60;
}

function finite(date: Date): Date | null {
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Parses 'YYYY-MM-DD' into its parts, or null unless it names a real calendar day. */
export function parseDay(s: string): Day | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return { y, m: mo, d };
}

/** Formats a Date as its UTC day, 'YYYY-MM-DD'. */
export function formatDay(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('formatDay: invalid Date');
  const y = String(date.getUTCFullYear()).padStart(4, '0');
  return `${y}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
}

// The helpers below take already-validated strings (from parseDay, parseIsoWeek, parseMonth or our own output).
function dayToDate(day: string): Date {
  const p = parseDay(day);
  if (!p) throw new RangeError(`not a day: ${day}`);
  return utc(p.y, p.m, p.d);
}

/** Returns the day n days after (or before, if negative) the given 'YYYY-MM-DD'. */
export function addDays(day: string, n: number): string {
  return formatDay(new Date(dayToDate(day).getTime() + n * DAY_MS));
}

// ISO 8601: week 1 is the week with the year's first Thursday, so its Monday is the Monday on or before 4 January.
function week1Monday(year: number): Date {
  const jan4 = utc(year, 1, 4);
  return new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * DAY_MS);
}

function isoWeeksInYear(year: number): number {
  return (week1Monday(year + 1).getTime() - week1Monday(year).getTime()) / (7 * DAY_MS);
}

/** Parses '2025-W02' into its Monday-to-Sunday range, or null (W53 only in years that have one). */
export function parseIsoWeek(s: string): DayRange | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(s);
  if (!m) return null;
  const [year, week] = [Number(m[1]), Number(m[2])];
  if (week < 1 || week > isoWeeksInYear(year)) return null;
  const start = formatDay(new Date(week1Monday(year).getTime() + (week - 1) * 7 * DAY_MS));
  return { start, end: addDays(start, 6) };
}

/** Returns the ISO week ('2025-W02') containing a 'YYYY-MM-DD' day. */
export function isoWeekOf(day: string): string {
  const date = dayToDate(day);
  const thursday = new Date(date.getTime() + (3 - ((date.getUTCDay() + 6) % 7)) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.round((thursday.getTime() - week1Monday(year).getTime() - 3 * DAY_MS) / (7 * DAY_MS));
  return `${String(year).padStart(4, '0')}-W${String(week).padStart(2, '0')}`;
}

/** Returns the ISO week before '2025-W02'. */
export function previousWeek(week: string): string {
  return isoWeekOf(addDays(weekStart(week), -7));
}

/** Returns the ISO week after '2025-W02'. */
export function nextWeek(week: string): string {
  return isoWeekOf(addDays(weekStart(week), 7));
}

function weekStart(week: string): string {
  const range = parseIsoWeek(week);
  if (!range) throw new RangeError(`not an ISO week: ${week}`);
  return range.start;
}

/** Parses '2025-01' into the range of its days, or null. */
export function parseMonth(s: string): DayRange | null {
  const m = /^(\d{4})-(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo] = [Number(m[1]), Number(m[2])];
  if (mo < 1 || mo > 12) return null;
  return { start: `${m[1]}-${m[2]}-01`, end: `${m[1]}-${m[2]}-${String(daysInMonth(y, mo)).padStart(2, '0')}` };
}

/** Returns the month before '2025-01' ('2024-12'). */
export function previousMonth(month: string): string {
  return shiftMonth(month, -1);
}

/** Returns the month after '2025-01' ('2025-02'). */
export function nextMonth(month: string): string {
  return shiftMonth(month, 1);
}

function shiftMonth(month: string, delta: number): string {
  const range = parseMonth(month);
  if (!range) throw new RangeError(`not a month: ${month}`);
  return formatDay(utc(Number(month.slice(0, 4)), Number(month.slice(5, 7)) + delta, 1)).slice(0, 7);
}

const longDayFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC',
  weekday: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
});

/** "Monday, May 27, 2024" for a YYYY-MM-DD day. */
export function longDay(day: string): string {
  return longDayFormat.format(new Date(`${day}T00:00:00Z`));
}
