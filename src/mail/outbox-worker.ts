// The background sender of the mail outbox: wakes when a mail is queued (LISTEN mail_outbox), when the next
// retry falls due, and every `pollMs` in case a notification was missed; sends what is due, retries
// temporary failures with backoff and records permanent ones. Several workers on one database share the rows
// (leases, SKIP LOCKED); each row's Message-ID makes the rare resend after a crash show once.
import { setTimeout as sleep } from 'node:timers/promises';
import { claimDueMail, msUntilNextMail, purgeSentMail, watchOutbox } from '../store/mail-outbox.ts';
import { createDelivery, DELIVERY_DEFAULTS, type DeliveryOptions, type MailOutbox } from './outbox.ts';

export interface OutboxWorkerOptions extends DeliveryOptions {
  /** Rows claimed and sent together (default 10). */
  batchSize?: number;
  /** Longest sleep without a notification (default 60 s). */
  pollMs?: number;
  /** Wait after a database error before trying again (default 5 s). */
  errorPauseMs?: number;
  /** How long stop() lets sends in flight finish and be recorded (default 3 s). */
  stopTimeoutMs?: number;
  /** Records of sent mail are deleted after this many days (default 30). */
  keepSentDays?: number;
}

export interface OutboxWorker extends MailOutbox {
  /** Stops at a safe point: no new claims, in-flight sends get stopTimeoutMs to finish; no database access after it resolves. */
  stop(): Promise<void>;
}

const WORKER_DEFAULTS = { batchSize: 10, pollMs: 60_000, errorPauseMs: 5_000, stopTimeoutMs: 3_000, keepSentDays: 30 };
const PURGE_EVERY_MS = 60 * 60_000;

/** Starts the worker; it runs until stop(). Its deliverNow is what the web pages call after queueing a mail. */
export function startOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const o = {
    ...options,
    leaseMs: options.leaseMs ?? DELIVERY_DEFAULTS.leaseMs,
    batchSize: options.batchSize ?? WORKER_DEFAULTS.batchSize,
    pollMs: options.pollMs ?? WORKER_DEFAULTS.pollMs,
    errorPauseMs: options.errorPauseMs ?? WORKER_DEFAULTS.errorPauseMs,
    stopTimeoutMs: options.stopTimeoutMs ?? WORKER_DEFAULTS.stopTimeoutMs,
    keepSentDays: options.keepSentDays ?? WORKER_DEFAULTS.keepSentDays,
  };
  const log = o.log.child({ component: 'mail-outbox' });
  const delivery = createDelivery({ ...o, log });
  const { flags } = delivery;

  // A wake-up that arrives while the loop is busy is kept for its next nap, so no notification is lost.
  let woken = false;
  let endNap: (() => void) | null = null;
  const wake = () => {
    woken = true;
    endNap?.();
  };
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken || flags.stopping) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        endNap = null;
        resolve();
      }
      endNap = done;
    });

  const listening = watchOutbox(o.sql, wake).catch((err: unknown) => {
    log.warn('cannot listen for queued mail; polling only', { err, pollMs: o.pollMs });
    return null;
  });

  async function run(): Promise<void> {
    let purgedAt = 0;
    while (!flags.stopping) {
      woken = false;
      try {
        if (Date.now() - purgedAt > PURGE_EVERY_MS) {
          await purgeSentMail(o.sql, o.keepSentDays);
          purgedAt = Date.now();
        }
        const batch = await claimDueMail(o.sql, o.batchSize, o.leaseMs);
        if (batch.length > 0) {
          await Promise.all(batch.map((row) => delivery.send(row)));
          continue;
        }
        const untilDue = await msUntilNextMail(o.sql);
        // A few ms late rather than early: waking before the row is due would find nothing and spin.
        await nap(untilDue === null ? o.pollMs : Math.min(o.pollMs, untilDue + 5));
      } catch (err) {
        if (flags.stopping) break;
        log.warn('mail outbox: database error; trying again', { err, pauseMs: o.errorPauseMs });
        await nap(o.errorPauseMs);
      }
    }
  }
  const running = run();

  let stopped: Promise<void> | null = null;
  return {
    deliverNow: delivery.deliverNow,
    stop() {
      stopped ??= (async () => {
        flags.stopping = true;
        wake();
        const finish = (async () => {
          await (await listening)?.stop().catch(() => {});
          await Promise.allSettled([running, ...delivery.inFlight.values()]);
        })();
        await Promise.race([finish, sleep(o.stopTimeoutMs, undefined, { ref: false })]);
        flags.closed = true;
      })();
      return stopped;
    },
  };
}
