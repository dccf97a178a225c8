// Sends one period's digest to every active subscriber of a frequency. Each send row is claimed under
// a lease, rendered from the shared candidates, sent, and recorded; so a crash or restart resumes with
// the rows not yet recorded, and several senders can share a run. Every message of a (run, subscriber)
// has the same Message-ID: in the one case a resend can happen (killed between the SMTP server's "250 OK"
// and the database recording it), mail clients show it once.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Sql } from '../db/connect.ts';
import type { Logger } from '../log.ts';
import type { Mailer } from '../mail/mailer.ts';
import { claimSends, markBounced, markFailed, markSent, prepareRun, runProgress, withRunLock } from '../store/digests.ts';
import { digestCandidates } from '../store/digest-papers.ts';
import type { Frequency } from '../store/subscriptions.ts';
import { digestSections, foldText, type DigestPaper } from './content.ts';
import { DIGEST_ABSTRACT_CHARS, renderDigest, type RenderedDigest } from './render.ts';
import { plainTextOf, truncateWords } from '../core/math.ts';
import { subscriptionToken } from './tokens.ts';
import { periodRange } from './period.ts';

export { periodRange };

export interface DigestDeps {
  sql: Sql;
  mailer: Mailer;
  log: Logger;
  siteName: string;
  baseUrl: string;
  secret: string;
  /** Ranks `among` (the period's papers) for a user's For you section, best first; absent: no For you sections. */
  forYou?: ((userId: number, among: ReadonlySet<string>) => Promise<string[]>) | undefined;
}

export interface SendOptions {
  batchSize?: number;
  leaseSeconds?: number;
  maxAttempts?: number;
  /** Backoff before retry n (1-based), in seconds. */
  retryDelaySeconds?: (attempt: number) => number;
  pauseAfterBounces?: number;
  /** Called after each batch (progress display, tests that stop the sender midway). */
  onBatch?: (sent: number) => void | Promise<void>;
}

export interface SendStats {
  runId: number;
  sent: number;
  empty: number;
  failed: number;
  bounced: number;
  remaining: number;
}

const DEFAULTS = {
  batchSize: 50,
  leaseSeconds: 300,
  maxAttempts: 5,
  pauseAfterBounces: 3,
  retryDelaySeconds: (n: number) => Math.min(3600, 60 * 2 ** (n - 1)),
};

/** Loads the period's papers once, ready for per-subscriber selection. */
export async function loadCandidates(sql: Sql, range: { start: string; end: string }): Promise<DigestPaper[]> {
  const rows = await digestCandidates(sql, range);
  // Text conversion is the costly part of rendering; done here once, not once per subscriber.
  return rows.map((r, i) => ({
    ...r,
    trendingRank: i,
    searchText: foldText(`${r.title} ${r.abstract}`),
    plainTitle: plainTextOf(r.title),
    plainAbstract: truncateWords(plainTextOf(r.abstract), DIGEST_ABSTRACT_CHARS),
  }));
}

export function linksFor(
  deps: Pick<DigestDeps, 'siteName' | 'baseUrl' | 'secret'>,
  subscriptionId: number,
  runId: number | null,
  periodLabel: string,
) {
  const t = (use: 'unsubscribe' | 'manage' | 'view') => subscriptionToken(deps.secret, use, subscriptionId);
  return {
    siteName: deps.siteName,
    baseUrl: deps.baseUrl,
    periodLabel,
    viewUrl: runId === null ? `${deps.baseUrl}/digest/preview` : `${deps.baseUrl}/digest/view?run=${runId}&t=${t('view')}`,
    unsubscribeUrl: `${deps.baseUrl}/unsubscribe?t=${t('unsubscribe')}`,
    preferencesUrl: `${deps.baseUrl}/subscription?t=${t('manage')}`,
  };
}

function hostOf(baseUrl: string): string {
  return new URL(baseUrl).hostname;
}

/** The mail for one subscriber, with the one-click unsubscribe headers of RFC 8058. */
export function digestMessage(
  deps: DigestDeps,
  runId: number,
  subscriptionId: number,
  email: string,
  digest: RenderedDigest,
  unsubscribeUrl: string,
) {
  return {
    to: email,
    subject: digest.subject,
    text: digest.text,
    html: digest.html,
    headers: {
      'Message-ID': `<digest-${runId}-${subscriptionId}@${hostOf(deps.baseUrl)}>`,
      'List-Unsubscribe': `<${unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'List-Id': `${deps.siteName} digest <digest.${hostOf(deps.baseUrl)}>`,
      'Auto-Submitted': 'auto-generated',
      Precedence: 'bulk',
    },
  };
}

/** SMTP's own verdict: 5xx is permanent (the address or the content is refused), anything else may pass later. */
function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** Sends (or resumes) the digest of `period`; returns when nothing is due now. */
export async function sendDigest(deps: DigestDeps, frequency: Frequency, period: string, options: SendOptions = {}): Promise<SendStats> {
  const o = { ...DEFAULTS, ...options };
  const range = periodRange(frequency, period);
  const run = await prepareRun(deps.sql, frequency, period);
  const locked = await withRunLock(deps.sql, run.id, () => sendRun(deps, run.id, range.label, range, o));
  if (!locked) throw new Error(`another process is sending the ${frequency} digest ${period}`);
  return locked.value;
}

async function sendRun(
  deps: DigestDeps,
  runId: number,
  label: string,
  range: { start: string; end: string },
  o: typeof DEFAULTS & SendOptions,
): Promise<SendStats> {
  const run = { id: runId };
  const candidates = await loadCandidates(deps.sql, range);
  const candidateIds = new Set(candidates.map((p) => p.id));
  const stats: SendStats = { runId, sent: 0, empty: 0, failed: 0, bounced: 0, remaining: 0 };
  for (;;) {
    const batch = await claimSends(deps.sql, run.id, o.batchSize, o.leaseSeconds);
    if (batch.length === 0) break;
    await Promise.all(
      batch.map(async ({ subscription: s, attempts }) => {
        const forYou = s.forYou && s.userId !== null && deps.forYou ? await deps.forYou(s.userId, candidateIds).catch(() => []) : [];
        const sections = digestSections(candidates, s, forYou);
        if (sections.length === 0) {
          // Nothing matched this subscriber's preferences in the period: no mail beats an empty one.
          await markSent(deps.sql, run.id, s.id, { empty: true });
          stats.empty++;
          return;
        }
        const links = linksFor(deps, s.id, run.id, label);
        const message = digestMessage(deps, run.id, s.id, s.email, renderDigest(sections, links), links.unsubscribeUrl);
        try {
          await deps.mailer.send(message);
          await markSent(deps.sql, run.id, s.id, { resetBounces: s.bounces > 0 });
          stats.sent++;
        } catch (err) {
          const reason = (err as Error).message ?? String(err);
          if (isPermanent(err)) {
            await markBounced(deps.sql, run.id, s.id, reason, o.pauseAfterBounces);
            stats.bounced++;
          } else {
            await markFailed(deps.sql, run.id, s.id, reason, attempts >= o.maxAttempts ? null : o.retryDelaySeconds(attempts));
            stats.failed++;
          }
          deps.log.warn('digest not delivered', { email: s.email, permanent: isPermanent(err), attempts, reason });
        }
      }),
    );
    await o.onBatch?.(stats.sent);
    // Rendering is CPU work: let the web server answer its requests between batches.
    await yieldToEventLoop();
  }
  stats.remaining = (await runProgress(deps.sql, run.id)).remaining;
  return stats;
}
