// The server's own harvesting: on an empty database, the last few days at once (in the background);
// then the daily harvest after each arXiv announcement, retried while it fails; missed days are
// caught up at start. The timing rules are pure functions in schedule.ts.
import { addDays, formatDay } from '../core/dates.ts';
import { getCursor } from '../store/harvest.ts';
import { hasPapers } from '../store/papers.ts';
import type { HarvestDeps } from '../harvest/context.ts';
import type { Mailer } from '../mail/mailer.ts';
import { sendDueDigests } from '../digest/scheduled.ts';
import type { DigestDeps } from '../digest/sender.ts';
import { runBackfill, runDailyHarvest, runHfMirror } from './harvest-jobs.ts';
import { missedMailingDays, nextHarvest } from '../core/arxiv-calendar.ts';

// A failed daily harvest is tried again this often, this many times (then the next day's run catches up).
const RETRY_AFTER_MS = 30 * 60_000;
const MAX_RETRIES = 6;
// Long timers are cut into pieces so a suspended laptop or a changed clock cannot push a run back by hours.
const MAX_TIMER_MS = 15 * 60_000;

export interface Scheduler {
  /** Stops timers and the running harvest (its stored pages stay), and waits for it to end. */
  stop(): Promise<void>;
  /** The current background job, for tests. */
  idle(): Promise<void>;
}

export function startScheduler(
  deps: Omit<HarvestDeps, 'signal'> & { mailer?: Mailer; forYou?: DigestDeps['forYou'] },
  now: () => Date = () => new Date(),
): Scheduler {
  const abort = new AbortController();
  const jobDeps: HarvestDeps = { ...deps, signal: abort.signal };
  const { config, log } = deps;
  const holidays = new Set(config.arxivHolidays);
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<void> = Promise.resolve();

  // Ends early when the scheduler stops: stop() awaits the loop, which must not wait for a timer it cleared.
  const sleepUntil = (at: Date) =>
    new Promise<void>((resolve) => {
      abort.signal.addEventListener('abort', () => resolve(), { once: true });
      const step = () => {
        if (abort.signal.aborted) return resolve();
        const left = at.getTime() - now().getTime();
        if (left <= 0) return resolve();
        timer = setTimeout(step, Math.min(left, MAX_TIMER_MS));
      };
      step();
    });

  const mirrorHfIfOn = async () => {
    if (config.hfMirror && !abort.signal.aborted) await runHfMirror(jobDeps, 'schedule', now(), null);
  };

  const daily = async (trigger: 'schedule' | 'catch-up') => {
    for (let attempt = 0; attempt <= MAX_RETRIES && !abort.signal.aborted; attempt++) {
      const outcome = await runDailyHarvest(jobDeps, trigger, now());
      if (outcome.status === 'ok' && deps.mailer && !abort.signal.aborted) {
        await sendDueDigests(
          { sql: deps.sql, mailer: deps.mailer, log, siteName: config.siteName, baseUrl: config.baseUrl, forYou: deps.forYou },
          now(),
        );
      }
      if (outcome.status !== 'failed') break;
      if (attempt < MAX_RETRIES) {
        log.warn('daily harvest failed; trying again later', { inMinutes: RETRY_AFTER_MS / 60_000, error: outcome.error });
        await sleepUntil(new Date(now().getTime() + RETRY_AFTER_MS));
      }
    }
    await mirrorHfIfOn();
  };

  const loop = async () => {
    if (config.firstStartDays > 0 && !(await hasPapers(deps.sql))) {
      const today = formatDay(now());
      // Hugging Face first: a request a day, and the new site shows the community's picks (with their upvotes,
      // summaries and organizations) within seconds; arXiv's announcements, at 3 s a request, fill in behind them.
      if (config.hfMirror) {
        log.info("empty database: mirroring Hugging Face's daily papers first", { days: config.firstStartDays });
        const mirrored = await runHfMirror(jobDeps, 'first-start', now(), addDays(today, -config.firstStartDays));
        if (mirrored.status === 'failed') log.warn('could not mirror Hugging Face; going on with arXiv', { error: mirrored.error });
      }
      log.info('empty database: harvesting the last days from arXiv in the background', {
        days: config.firstStartDays,
        categories: config.arxivCategories.join(','),
      });
      const outcome = await runBackfill(jobDeps, 'first-start', { from: addDays(today, -config.firstStartDays), until: null });
      if (outcome.status === 'failed') {
        log.warn('could not harvest from arXiv; the site keeps serving. Import papers with `dailypapers import FILE`', {
          error: outcome.error,
        });
      }
      if (!config.harvestSchedule) return;
      if (outcome.status === 'ok') await daily('catch-up');
    }
    if (!config.harvestSchedule) return;
    const cursor = await getCursor<{ lastDay: string }>(deps.sql, 'daily');
    const missed = missedMailingDays(cursor?.lastDay ?? null, now(), { holidays, delayMinutes: config.harvestDelayMinutes, maxDays: 30 });
    if (cursor && missed.length > 0) await daily('catch-up');
    while (!abort.signal.aborted) {
      const next = nextHarvest(now(), { holidays, delayMinutes: config.harvestDelayMinutes });
      log.info('next harvest', { day: next.day, at: next.at.toISOString() });
      await sleepUntil(next.at);
      if (abort.signal.aborted) break;
      await daily('schedule');
    }
  };

  current = loop().catch((err: unknown) => log.error('harvest scheduler stopped', { err }));
  return {
    async stop() {
      abort.abort(new Error('stopped'));
      if (timer) clearTimeout(timer);
      await current;
    },
    idle: () => current,
  };
}
