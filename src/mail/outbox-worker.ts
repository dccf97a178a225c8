// The background sender of the mail outbox: follows the outbox channel like every follower of changes
// (store/follow-changes.ts), so it wakes when a mail is queued, when the next retry falls due, and every `pollMs`
// in case a notification was missed; sends what is due, retries
// temporary failures with backoff and records permanent ones. Several workers on one database share the rows
// (leases, SKIP LOCKED); each row's Message-ID makes the rare resend after a crash show once.
import { setTimeout as sleep } from 'node:timers/promises';
import { ChangeFollower } from '../store/follow-changes.ts';
import { claimDueMail, msUntilNextMail, OUTBOX_CHANNEL, purgeSentMail } from '../store/mail-outbox.ts';
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

  // Sends everything due, batch after batch, then sets a timer for the next retry falling due. The follower runs
  // it on every enqueue notification (one at a time, a notification during a round makes one more round), on
  // every (re)connect of the listening connection, every pollMs, and errorPauseMs after a database error.
  let dueTimer: NodeJS.Timeout | null = null;
  let purgedAt = 0;
  async function sendDue(): Promise<void> {
    if (flags.stopping) return;
    if (Date.now() - purgedAt > PURGE_EVERY_MS) {
      await purgeSentMail(o.sql, o.keepSentDays);
      purgedAt = Date.now();
    }
    for (;;) {
      if (flags.stopping) return;
      const batch = await claimDueMail(o.sql, o.batchSize, o.leaseMs);
      if (batch.length === 0) break;
      await Promise.all(batch.map((row) => delivery.send(row)));
    }
    const untilDue = await msUntilNextMail(o.sql);
    if (dueTimer) clearTimeout(dueTimer);
    dueTimer = null;
    if (untilDue === null || untilDue >= o.pollMs || flags.stopping) return;
    // A few ms late rather than early: waking before the row is due would find nothing and spin.
    dueTimer = setTimeout(() => {
      dueTimer = null;
      follower.catchUp().catch(() => {}); // reported by onError
    }, untilDue + 5);
    dueTimer.unref();
  }

  const follower = new ChangeFollower({
    catchUp: sendDue,
    onError: (err) => {
      if (!flags.stopping) log.warn('mail outbox: database error; trying again', { err, pauseMs: o.errorPauseMs });
    },
    debounceMs: 0,
    retryMs: o.errorPauseMs,
  });
  const listening = follower.listen(o.sql, [OUTBOX_CHANNEL], { pollMs: o.pollMs }).catch((err: unknown) => {
    log.warn('cannot listen for queued mail; polling only', { err, pollMs: o.pollMs });
    return follower.listen(o.sql, [], { pollMs: o.pollMs });
  });
  follower.catchUp().catch(() => {}); // reported by onError

  let stopped: Promise<void> | null = null;
  return {
    deliverNow: delivery.deliverNow,
    stop() {
      stopped ??= (async () => {
        flags.stopping = true;
        if (dueTimer) clearTimeout(dueTimer);
        const finish = (async () => {
          await listening;
          await follower.stop();
          await Promise.allSettled([...delivery.inFlight.values()]);
        })();
        await Promise.race([finish, sleep(o.stopTimeoutMs, undefined, { ref: false })]);
        flags.closed = true;
      })();
      return stopped;
    },
  };
}
