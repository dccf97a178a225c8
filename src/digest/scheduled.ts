// The digests the server sends by itself, after each daily harvest: the daily digest of the listing
// just harvested, and on Mondays the weekly digest of the week before. Each is a resumable run, so
// calling this again (after a restart, or a later harvest the same day) only finishes what is left.
import { randomToken } from '../auth/tokens.ts';
import { defaultPeriod } from './period.ts';
import { getOrCreateSecret } from '../store/secrets.ts';
import { etDayOf } from '../core/arxiv-calendar.ts';
import { sendDigest, type DigestDeps } from './sender.ts';

export async function sendDueDigests(deps: Omit<DigestDeps, 'secret'>, now: Date): Promise<void> {
  const secret = await getOrCreateSecret(deps.sql, 'signing', randomToken);
  const d = { ...deps, secret };
  const isMonday = new Date(`${etDayOf(now)}T12:00:00Z`).getUTCDay() === 1;
  for (const frequency of isMonday ? (['daily', 'weekly'] as const) : (['daily'] as const)) {
    const period = await defaultPeriod(deps.sql, frequency, now);
    try {
      const stats = await sendDigest(d, frequency, period);
      deps.log.info('digest sent', { frequency, period, ...stats });
    } catch (err) {
      deps.log.error('digest run failed; it resumes with the next harvest', { frequency, period, err });
    }
  }
}
