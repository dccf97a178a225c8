// Delivering the rows of the mail outbox (src/store/mail-outbox.ts): claim a row, send it with its own
// Message-ID, record what the mail server said. A page that has just queued a mail calls deliverNow to try it
// at once and to say truthfully whether it went. The background worker (outbox-worker.ts) uses the same
// delivery for everything still due; createImmediateOutbox is the delivery alone, without the worker.
import type { Config } from '../config.ts';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Sql } from '../db/connect.ts';
import type { Logger } from '../log.ts';
import { claimMail, mailDeliveryState, markMailFailed, markMailRetry, markMailSent, type ClaimedMail } from '../store/mail-outbox.ts';
import type { MailMessage, Mailer } from './mailer.ts';

/** What became of a queued mail: the mail server took it, refused it for good, or it is still to be sent. */
export type DeliveryOutcome = 'sent' | 'queued' | 'failed';

export interface MailOutbox {
  /** Tries to send queued mail `id` now and says within `timeoutMs` what became of it; never throws. */
  deliverNow(id: number, timeoutMs: number): Promise<DeliveryOutcome>;
}

export interface DeliveryOptions {
  sql: Sql;
  mailer: Mailer;
  log: Logger;
  /** Attempts before a temporary failure is given up (default 5, as the digest sender). */
  maxAttempts?: number;
  /** Wait before retrying after failed attempt n (1-based), in ms (default min(3600, 60·2^(n-1)) s, as the digest sender). */
  retryDelayMs?: (attempt: number) => number;
  /** How long a claimed row is reserved for its sender (default 5 min); an unfinished send is taken over after it. */
  leaseMs?: number;
}

/** MAIL_MAX_ATTEMPTS, and MAIL_RETRY_SECONDS doubling after each failed attempt up to an hour. */
export function deliveryRetries(
  config: Pick<Config, 'mailMaxAttempts' | 'mailRetrySeconds'>,
): Pick<DeliveryOptions, 'maxAttempts' | 'retryDelayMs'> {
  return {
    maxAttempts: config.mailMaxAttempts,
    retryDelayMs: (n) => Math.min(3600, config.mailRetrySeconds * 2 ** (n - 1)) * 1000,
  };
}

export const DELIVERY_DEFAULTS = {
  maxAttempts: 5,
  retryDelayMs: (n: number) => Math.min(3600, 60 * 2 ** (n - 1)) * 1000,
  leaseMs: 5 * 60_000,
};

/** How often deliverNow looks again at a row another process is sending. */
const WATCH_OTHER_SENDER_MS = 25;
const MAX_ERROR_CHARS = 1000;

/** A fresh Message-ID in the site's domain, given to a row when it is queued. */
export function newMessageId(baseUrl: string): string {
  return `<${randomUUID()}@${new URL(baseUrl).hostname}>`;
}

/** SMTP's own verdict: 5xx is permanent (the address or the content is refused), anything else may pass later. */
function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: number } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.slice(0, MAX_ERROR_CHARS);
}

function messageOf(row: ClaimedMail): MailMessage {
  return {
    to: row.to,
    subject: row.subject,
    text: row.text,
    ...(row.html !== null ? { html: row.html } : {}),
    headers: { ...row.headers, 'Message-ID': row.messageId },
  };
}

/** Resolves with `work`'s outcome, or 'queued' once `ms` have passed (work goes on in the background). */
async function within(work: Promise<DeliveryOutcome>, ms: number): Promise<DeliveryOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<DeliveryOutcome>((resolve) => {
    timer = setTimeout(() => resolve('queued'), Math.max(0, ms));
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The delivery shared by the worker and createImmediateOutbox. `stopping` ends deliverNow's waiting; once
 * `closed`, nothing touches the database (a send still in flight then goes unrecorded, and its row is sent
 * again after its lease: the Message-ID makes the copy show once).
 */
export function createDelivery(options: DeliveryOptions) {
  const o = {
    ...options,
    maxAttempts: options.maxAttempts ?? DELIVERY_DEFAULTS.maxAttempts,
    retryDelayMs: options.retryDelayMs ?? DELIVERY_DEFAULTS.retryDelayMs,
    leaseMs: options.leaseMs ?? DELIVERY_DEFAULTS.leaseMs,
  };
  const inFlight = new Map<number, Promise<DeliveryOutcome>>();
  const flags = { stopping: false, closed: false };

  async function sendClaimed(row: ClaimedMail): Promise<DeliveryOutcome> {
    try {
      await o.mailer.send(messageOf(row));
    } catch (err) {
      const reason = errorText(err);
      const permanent = isPermanent(err);
      const gaveUp = permanent || row.attempts >= o.maxAttempts;
      o.log.warn('mail not delivered', { id: row.id, kind: row.kind, to: row.to, attempts: row.attempts, permanent, gaveUp, reason });
      if (flags.closed) return gaveUp ? 'failed' : 'queued';
      if (gaveUp)
        await markMailFailed(o.sql, row.id, row.attempts, permanent ? reason : `gave up after ${row.attempts} attempts: ${reason}`);
      else await markMailRetry(o.sql, row.id, row.attempts, reason, o.retryDelayMs(row.attempts));
      return gaveUp ? 'failed' : 'queued';
    }
    if (!flags.closed) {
      // Sent is sent, whatever happens to this update: if it is lost, the row goes again after its lease.
      await markMailSent(o.sql, row.id).catch((err: unknown) => o.log.warn('mail sent but not recorded', { id: row.id, err }));
    }
    return 'sent';
  }

  /** Sends a row this process has claimed; deliverNow of the same id waits for this send. */
  function send(row: ClaimedMail): Promise<DeliveryOutcome> {
    const outcome = sendClaimed(row)
      .catch((err: unknown): DeliveryOutcome => {
        o.log.warn('mail outbox: could not record a delivery attempt', { id: row.id, err });
        return 'queued';
      })
      .finally(() => inFlight.delete(row.id));
    inFlight.set(row.id, outcome);
    return outcome;
  }

  async function settle(id: number, deadline: number): Promise<DeliveryOutcome> {
    while (!flags.stopping) {
      const running = inFlight.get(id);
      if (running) return running;
      const row = await claimMail(o.sql, id, o.leaseMs);
      if (row) return send(row);
      const s = await mailDeliveryState(o.sql, id);
      if (!s || s.state === 'failed') return 'failed';
      if (s.state === 'sent') return 'sent';
      // Waiting for its next attempt: nothing to see before the deadline.
      if (!s.leased && !s.due) return 'queued';
      // Another process is sending it (or claiming it right now): watch for its outcome.
      if (Date.now() >= deadline) return 'queued';
      await sleep(WATCH_OTHER_SENDER_MS);
    }
    return 'queued';
  }

  return {
    flags,
    inFlight,
    send,
    async deliverNow(id: number, timeoutMs: number): Promise<DeliveryOutcome> {
      if (flags.stopping) return 'queued';
      const deadline = Date.now() + timeoutMs;
      const work = settle(id, deadline).catch((err: unknown): DeliveryOutcome => {
        o.log.warn('mail outbox: could not try a queued mail', { id, err });
        return 'queued';
      });
      return within(work, timeoutMs);
    },
  };
}

/**
 * An outbox that sends each mail when the page asks (deliverNow) and nothing in the background: no timers,
 * no listening connection. What it could not send stays queued for a worker. createApp's default.
 */
export function createImmediateOutbox(options: DeliveryOptions): MailOutbox {
  const delivery = createDelivery(options);
  return { deliverNow: delivery.deliverNow };
}
