// How a write sends mail: queue it in the transaction of the write that causes it (so a mail is never promised
// for something that was not saved, nor lost for something that was), then give the outbox a moment to send it,
// so the caller can say truthfully whether it went.
import type { Config } from '../config.ts';
import type { Sql, Tx } from '../db/connect.ts';
import { enqueueMail, isMailDeliveryStalled, type OutboxKind } from '../store/mail-outbox.ts';
import type { MailMessage } from './mailer.ts';
import { newMessageId, type DeliveryOutcome, type MailOutbox } from './outbox.ts';

/** How long a caller waits for the mail server before answering that the mail will follow. */
export const MAIL_WAIT_MS = 2_000;

/** Queues `message` inside `tx` and returns its outbox id. */
export function queueMail(
  tx: Sql | Tx,
  deps: { config: Pick<Config, 'baseUrl'> },
  kind: OutboxKind,
  message: MailMessage,
): Promise<number> {
  return enqueueMail(tx, { kind, ...message, messageId: newMessageId(deps.config.baseUrl) });
}

/** Tries the queued mails now (after their transaction committed): 'sent' if all went, 'failed' if one was refused for good. */
export async function deliverQueued(deps: { outbox: MailOutbox }, ids: number[]): Promise<DeliveryOutcome> {
  const outcomes = await Promise.all(ids.map((id) => deps.outbox.deliverNow(id, MAIL_WAIT_MS)));
  if (outcomes.includes('failed')) return 'failed';
  return outcomes.every((o) => o === 'sent') ? 'sent' : 'queued';
}

/**
 * The outcome to show when nothing is sent although it might have been (an address without an account): what
 * a mail would meet now, so the answer does not tell the two cases apart.
 */
export async function likelyOutcome(deps: { sql: Sql }): Promise<DeliveryOutcome> {
  return (await isMailDeliveryStalled(deps.sql)) ? 'queued' : 'sent';
}
