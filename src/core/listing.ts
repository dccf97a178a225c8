// Which days a feed covers: one day, an ISO week or a month, parsed from URLs and API parameters.
import {
  addDays,
  isoWeekOf,
  nextMonth,
  nextWeek,
  parseDay,
  parseIsoWeek,
  parseMonth,
  previousMonth,
  previousWeek,
  type DayRange,
} from './dates.ts';

export type ListingKind = 'day' | 'week' | 'month';

export interface Listing {
  kind: ListingKind;
  key: string; // 2024-05-27, 2024-W22 or 2024-05
  range: DayRange;
}

/** Returns the listing for `kind` and `key`, or an error message a user can act on. */
export function parseListing(kind: ListingKind, key: string): Listing | { error: string } {
  switch (kind) {
    case 'day':
      return parseDay(key)
        ? { kind, key, range: { start: key, end: key } }
        : { error: `"${key}" is not a date: use YYYY-MM-DD, e.g. 2024-05-27` };
    case 'week': {
      const range = parseIsoWeek(key);
      return range ? { kind, key, range } : { error: `"${key}" is not an ISO week: use YYYY-Www, e.g. 2024-W22` };
    }
    case 'month': {
      const range = parseMonth(key);
      return range ? { kind, key, range } : { error: `"${key}" is not a month: use YYYY-MM, e.g. 2024-05` };
    }
  }
}

/** Returns the listing of the same kind just before or after `l` (by calendar, not by content). */
export function adjacentListing(l: Listing, direction: -1 | 1): string {
  switch (l.kind) {
    case 'day':
      return addDays(l.key, direction);
    case 'week':
      return direction < 0 ? previousWeek(l.key) : nextWeek(l.key);
    case 'month':
      return direction < 0 ? previousMonth(l.key) : nextMonth(l.key);
  }
}

/** Returns the URL path of a listing. */
export function listingPath(kind: ListingKind, key: string): string {
  return `/papers/${kind === 'day' ? 'date' : kind}/${key}`;
}

/** Returns the week and month that contain `day`. */
export function enclosingListings(day: string): { week: string; month: string } {
  return { week: isoWeekOf(day), month: day.slice(0, 7) };
}
