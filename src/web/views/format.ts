// Display formatting shared by the views.
export { longDay } from '../../core/dates.ts';
const dayFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' });
const monthFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', year: 'numeric', month: 'long' });

/** "May 27, 2024" for a Date or a YYYY-MM-DD day. */
export function shortDate(d: Date | string): string {
  return dayFormat.format(typeof d === 'string' ? new Date(`${d}T00:00:00Z`) : d);
}

/** "May 2024" for a YYYY-MM month. */
export function monthName(month: string): string {
  return monthFormat.format(new Date(`${month}-01T00:00:00Z`));
}

/** "1 paper" / "3 papers". */
export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/** "Ada Lovelace, Alan Turing, Grace Hopper et al." for a card. */
export function authorSummary(authors: string[], shown = 3): string {
  if (authors.length <= shown) return authors.join(', ');
  return `${authors.slice(0, shown).join(', ')} et al.`;
}

/** The host and path of a URL without the scheme, for link labels. */
export function shortUrl(url: string): string {
  return url.replace(/^https?:\/\/(www\.)?/, '').replace(/\/$/, '');
}
