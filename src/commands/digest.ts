// dailypapers digest send [--weekly] [--period P] [--dry-run]: sends (or resumes) a digest run.
// Exit codes: 0 sent (some may wait for a retry; run it again later), 1 failed, 2 bad options.
import type { Config } from '../config.ts';
import { openDatabase } from '../db/connect.ts';
import { defaultPeriod } from '../digest/period.ts';
import { digestSections } from '../digest/content.ts';
import { loadCandidates, periodRange, sendDigest } from '../digest/sender.ts';
import { UsageError } from '../errors.ts';
import { randomToken } from '../auth/tokens.ts';
import { log } from '../log.ts';
import { createMailer } from '../mail/mailer.ts';
import { activeSubscriptions } from '../store/digests.ts';
import { getOrCreateSecret } from '../store/secrets.ts';
import type { Frequency } from '../store/subscriptions.ts';
import type { Sql } from '../db/connect.ts';
import { providerChoice } from '../embeddings/choose-provider.ts';
import { digestForYou } from '../recommend/for-you.ts';
import { startSearch, type SearchService } from '../search/service.ts';

/** Loads the search indexes when some subscriber of `frequency` asked for For you picks (they need the vectors). */
async function forYouSearch(config: Config, sql: Sql, frequency: Frequency): Promise<SearchService | null> {
  const subs = await activeSubscriptions(sql, frequency);
  const choice = subs.some((s) => s.forYou && s.userId !== null) ? await providerChoice(config) : null;
  return choice ? startSearch({ sql, log, dataDir: config.dataDir, follow: false, waitUntilReady: true, embeddings: choice }) : null;
}

const USAGE = 'Usage: dailypapers digest send [--weekly] [--period 2026-11-27|2026-W48] [--dry-run]';

export async function runDigest(config: Config, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'send') throw new UsageError(USAGE);
  let frequency: Frequency = 'daily';
  let period: string | null = null;
  let dryRun = false;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--weekly') frequency = 'weekly';
    else if (rest[i] === '--dry-run') dryRun = true;
    else if (rest[i] === '--period' && rest[i + 1]) period = rest[++i]!;
    else throw new UsageError(`unknown option "${rest[i]}"\n${USAGE}`);
  }
  const db = await openDatabase(config, log, { max: 4 });
  let search: SearchService | null = null;
  try {
    period ??= await defaultPeriod(db.sql, frequency);
    let range: ReturnType<typeof periodRange>;
    try {
      range = periodRange(frequency, period);
    } catch (err) {
      throw new UsageError(`${(err as Error).message}\n${USAGE}`);
    }
    if (dryRun) {
      const candidates = await loadCandidates(db.sql, range);
      const subs = await activeSubscriptions(db.sql, frequency);
      search = await forYouSearch(config, db.sql, frequency);
      const forYou = search ? digestForYou(search, db.sql) : null;
      const ids = new Set(candidates.map((p) => p.id));
      process.stdout.write(
        `${frequency} digest for ${range.label}: ${candidates.length} papers in the period, ${subs.length} active subscribers\n`,
      );
      for (const s of subs) {
        const sections = digestSections(candidates, s, forYou && s.forYou && s.userId !== null ? await forYou(s.userId, ids) : []);
        const n = sections.reduce((k, x) => k + x.papers.length, 0);
        process.stdout.write(
          `  ${s.email}: ${n === 0 ? 'nothing (no mail)' : `${n} papers: ${sections.map((x) => `${x.title} (${x.papers.length})`).join(', ')}`}\n`,
        );
      }
      return 0;
    }
    const mailer = createMailer(config.smtpUrl, config.mailFrom, log);
    try {
      const secret = await getOrCreateSecret(db.sql, 'signing', randomToken);
      const tty = process.stderr.isTTY;
      search = await forYouSearch(config, db.sql, frequency);
      const forYou = search ? digestForYou(search, db.sql) : undefined;
      const stats = await sendDigest(
        { sql: db.sql, mailer, log, siteName: config.siteName, baseUrl: config.baseUrl, secret, forYou },
        frequency,
        period,
        {
          onBatch: (sent) => void (tty && process.stderr.write(`\rsent ${sent}\x1b[K`)),
        },
      );
      if (tty) process.stderr.write('\n');
      process.stdout.write(
        `${frequency} digest ${period}: ${stats.sent} sent, ${stats.empty} with nothing to send, ${stats.bounced} refused by the server, ` +
          `${stats.failed} failed${stats.remaining > 0 ? `; ${stats.remaining} wait for a retry (run this again later)` : ''}\n`,
      );
      return 0;
    } finally {
      await mailer.close();
    }
  } finally {
    await search?.stop();
    await db.close();
  }
}
