// Which papers may be put on today's daily page by a submission: recent ones only, so the page stays a
// page of new research (Hugging Face's rule too) and nobody floods it with old favourites.
import { addDays, formatDay } from './dates.ts';

const dayFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' });
const readable = (day: string) => dayFormat.format(new Date(`${day}T00:00:00Z`));

/**
 * Returns why a paper arXiv published at `publishedAt` cannot be submitted on `today` (a UTC day) with a
 * window of `windowDays`, or null when it can. Days are compared, not instants: a paper published at any
 * time on the day `today - windowDays` is still in.
 */
export function submissionWindowProblem(publishedAt: Date | null, today: string, windowDays: number): string | null {
  if (publishedAt === null)
    return 'arXiv gives no publication date for this paper, so we cannot tell whether it is recent enough to submit.';
  const published = formatDay(publishedAt);
  const earliest = addDays(today, -windowDays);
  if (published >= earliest) return null;
  return `arXiv published this paper on ${readable(published)}; only papers published in the last ${windowDays} days (since ${readable(earliest)}) can be submitted.`;
}
