// The mail outbox (0009_mail_outbox.sql): mail is queued in the transaction that causes it and sent by
// src/mail/outbox-worker.ts. A sender claims a row under a lease (SKIP LOCKED), so two processes never send
// the same row at once and a crashed sender's row is taken over when its lease ends. Updates after a send
// name the attempt they belong to, so a sender whose lease ran out cannot overwrite the outcome of the next.
import type { Sql, Tx } from '../db/connect.ts';

export type OutboxKind = 'verification' | 'account-notice' | 'reset' | 'email-change' | 'subscription' | 'notification';
export type OutboxState = 'pending' | 'sent' | 'failed';

/** Notified by every committed enqueue (a trigger-free NOTIFY in the enqueuing transaction). */
export const OUTBOX_CHANNEL = 'mail_outbox';

export interface OutboxMail {
  kind: OutboxKind;
  to: string;
  subject: string;
  text: string;
  html?: string | undefined;
  headers?: Record<string, string> | undefined;
  messageId: string;
}

/** A row a sender holds: what to send, and which attempt this is (1 for the first). */
export interface ClaimedMail {
  id: number;
  kind: OutboxKind;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  headers: Record<string, string>;
  messageId: string;
  attempts: number;
}

// Of the row `m` just claimed.
const CLAIMED_COLUMNS = (sql: Sql) => sql`
  m.id::int, m.kind, m.recipient AS "to", m.subject, m.text, m.html, m.headers, m.message_id AS "messageId", m.attempts`;

/** Queues a mail and returns its id; pass the transaction of the write that causes it, so both commit or neither. */
export async function enqueueMail(sql: Sql | Tx, mail: OutboxMail): Promise<number> {
  const rows = await sql<{ id: number }[]>`
    INSERT INTO mail_outbox (kind, recipient, subject, text, html, headers, message_id)
    VALUES (${mail.kind}, ${mail.to}, ${mail.subject}, ${mail.text}, ${mail.html ?? null}, ${sql.json(mail.headers ?? {})}, ${mail.messageId})
    RETURNING id::int`;
  return rows[0]!.id;
}

/** Claims up to `limit` due rows for `leaseMs`, oldest due first; rows another sender holds are skipped. */
export async function claimDueMail(sql: Sql, limit: number, leaseMs: number): Promise<ClaimedMail[]> {
  return sql<ClaimedMail[]>`
    WITH due AS (
      SELECT id FROM mail_outbox
      WHERE state = 'pending' AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
      ORDER BY next_attempt_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    UPDATE mail_outbox m SET attempts = m.attempts + 1, last_attempt_at = now(), lease_until = now() + make_interval(secs => ${leaseMs / 1000})
    FROM due WHERE m.id = due.id
    RETURNING ${CLAIMED_COLUMNS(sql)}`;
}

/** Claims row `id` if it is due and nobody holds it; null otherwise. */
export async function claimMail(sql: Sql, id: number, leaseMs: number): Promise<ClaimedMail | null> {
  const rows = await sql<ClaimedMail[]>`
    WITH due AS (
      SELECT id FROM mail_outbox
      WHERE id = ${id} AND state = 'pending' AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
      FOR UPDATE SKIP LOCKED)
    UPDATE mail_outbox m SET attempts = m.attempts + 1, last_attempt_at = now(), lease_until = now() + make_interval(secs => ${leaseMs / 1000})
    FROM due WHERE m.id = due.id
    RETURNING ${CLAIMED_COLUMNS(sql)}`;
  return rows[0] ?? null;
}

/** Records that the mail server took the mail; its text goes (the links in it are credentials). */
export async function markMailSent(sql: Sql, id: number): Promise<void> {
  await sql`
    UPDATE mail_outbox SET state = 'sent', sent_at = now(), lease_until = NULL, last_error = NULL, text = '', html = NULL
    WHERE id = ${id} AND state <> 'sent'`;
}

/** A temporary failure of attempt `attempt`: the row is due again after `delayMs`. */
export async function markMailRetry(sql: Sql, id: number, attempt: number, error: string, delayMs: number): Promise<void> {
  await sql`
    UPDATE mail_outbox SET lease_until = NULL, last_error = ${error}, next_attempt_at = now() + make_interval(secs => ${delayMs / 1000})
    WHERE id = ${id} AND state = 'pending' AND attempts = ${attempt}`;
}

/** A permanent failure of attempt `attempt` (refused with a 5xx, or the last attempt): never sent; its text goes. */
export async function markMailFailed(sql: Sql, id: number, attempt: number, error: string): Promise<void> {
  await sql`
    UPDATE mail_outbox SET state = 'failed', lease_until = NULL, last_error = ${error}, text = '', html = NULL
    WHERE id = ${id} AND state = 'pending' AND attempts = ${attempt}`;
}

export interface MailDeliveryState {
  state: OutboxState;
  /** A sender holds the row right now. */
  leased: boolean;
  /** Pending and due: a sender may claim it now. */
  due: boolean;
}

/** Where row `id` stands, or null when there is no such row. */
export async function mailDeliveryState(sql: Sql, id: number): Promise<MailDeliveryState | null> {
  const rows = await sql<MailDeliveryState[]>`
    SELECT state, (lease_until IS NOT NULL AND lease_until >= now()) AS leased,
      (state = 'pending' AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())) AS due
    FROM mail_outbox WHERE id = ${id}`;
  return rows[0] ?? null;
}

/** Milliseconds until a pending row can next be claimed (0 when one is due now); null when nothing is pending. */
export async function msUntilNextMail(sql: Sql): Promise<number | null> {
  const rows = await sql<{ ms: number | null }[]>`
    SELECT greatest(0, extract(epoch FROM min(greatest(next_attempt_at, COALESCE(lease_until, next_attempt_at))) - now()) * 1000)::float8 AS ms
    FROM mail_outbox WHERE state = 'pending'`;
  return rows[0]?.ms ?? null;
}

/**
 * Whether the latest attempt to send anything failed and will be retried, with no delivery since: the mail
 * server is down or refusing for now. Pages that send nothing (an unknown address) answer as if they had.
 */
export async function isMailDeliveryStalled(sql: Sql): Promise<boolean> {
  const rows = await sql<{ stalled: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM mail_outbox
      WHERE state = 'pending' AND last_error IS NOT NULL
        AND last_attempt_at > COALESCE((SELECT max(sent_at) FROM mail_outbox WHERE state = 'sent'), '-infinity')) AS stalled`;
  return rows[0]?.stalled ?? false;
}

export interface OutboxCounts {
  pending: number;
  /** Pending rows whose earlier attempts failed. */
  retrying: number;
  failed: number;
  sentLastDay: number;
  oldestPendingAt: Date | null;
  nextAttemptAt: Date | null;
}

/** The outbox at a glance, for `dailypapers status`. */
export async function outboxCounts(sql: Sql): Promise<OutboxCounts> {
  const rows = await sql<OutboxCounts[]>`
    SELECT count(*) FILTER (WHERE state = 'pending')::int AS pending,
      count(*) FILTER (WHERE state = 'pending' AND attempts > 0 AND last_error IS NOT NULL)::int AS retrying,
      count(*) FILTER (WHERE state = 'failed')::int AS failed,
      count(*) FILTER (WHERE state = 'sent')::int AS "sentLastDay",
      min(created_at) FILTER (WHERE state = 'pending') AS "oldestPendingAt",
      min(next_attempt_at) FILTER (WHERE state = 'pending') AS "nextAttemptAt"
    FROM mail_outbox
    WHERE state IN ('pending', 'failed') OR (state = 'sent' AND sent_at > now() - interval '1 day')`;
  return rows[0]!;
}

export interface MailFailure {
  id: number;
  kind: OutboxKind;
  to: string;
  subject: string;
  attempts: number;
  lastError: string | null;
  lastAttemptAt: Date | null;
}

/** The latest mails given up on, newest first. */
export async function recentMailFailures(sql: Sql, limit: number): Promise<MailFailure[]> {
  return sql<MailFailure[]>`
    SELECT id::int, kind, recipient AS "to", subject, attempts, last_error AS "lastError", last_attempt_at AS "lastAttemptAt"
    FROM mail_outbox WHERE state = 'failed' ORDER BY last_attempt_at DESC NULLS LAST, id DESC LIMIT ${limit}`;
}

/** Deletes the records of mail sent more than `days` days ago; returns how many. */
export async function purgeSentMail(sql: Sql, days: number): Promise<number> {
  const result = await sql`DELETE FROM mail_outbox WHERE state = 'sent' AND sent_at < now() - make_interval(days => ${days})`;
  return result.count;
}
