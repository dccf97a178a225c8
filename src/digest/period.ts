// Digest periods: a listing day (2026-11-27) for the daily digest, an ISO week (2026-W48) for the weekly.
import { addDays, formatDay, isoWeekOf, longDay, parseIsoWeek } from '../core/dates.ts';
import type { Sql } from '../db/connect.ts';
import { latestFeedDay } from '../store/papers.ts';
import type { Frequency } from '../store/subscriptions.ts';

/** The days a period covers, and how it reads in a subject line. */
export function periodRange(frequency: Frequency, period: string): { start: string; end: string; label: string } {
  if (frequency === 'weekly') {
    const r = parseIsoWeek(period);
    if (!r) throw new Error(`"${period}" is not an ISO week like 2026-W48`);
    return { ...r, label: `the week of ${longDay(r.start)}` };
  }
  if (!/^\d{4}-\d\d-\d\d$/.test(period)) throw new Error(`"${period}" is not a day like 2026-11-27`);
  return { start: period, end: period, label: longDay(period) };
}

/** The period a digest covers by default: the latest listing day, or the last complete ISO week. */
export async function defaultPeriod(sql: Sql, frequency: Frequency, now = new Date()): Promise<string> {
  const today = formatDay(now);
  if (frequency === 'weekly') return isoWeekOf(addDays(today, -7));
  return (await latestFeedDay(sql, today)) ?? today;
}
