// The single-use links account mails carry (confirm the address, move to a new one, reset the password): each
// link's token is stored by its hash (src/store/email-tokens.ts) in the transaction that queues its mail.
import { randomToken, sha256 } from '../auth/tokens.ts';
import type { Config } from '../config.ts';
import type { Sql, Tx } from '../db/connect.ts';
import { createEmailToken } from '../store/email-tokens.ts';
import { findUserByEmail } from '../store/users.ts';
import { changeEmailMail, resetMail, verificationMail } from './account-mails.ts';
import { deliverQueued, likelyOutcome, queueMail } from './mail-queue.ts';
import type { DeliveryOutcome, MailOutbox } from './outbox.ts';

type LinkDeps = { config: Pick<Config, 'siteName' | 'baseUrl'> };

const VERIFY_TTL_MINUTES = 2 * 24 * 60;
const RESET_TTL_MINUTES = 60;

/** Creates a confirmation link for the account's address and queues its mail in `tx`; returns the mail's outbox id. */
export async function queueVerification(tx: Tx, deps: LinkDeps, userId: number, email: string): Promise<number> {
  const token = randomToken();
  await createEmailToken(tx, { tokenHash: sha256(token), userId, purpose: 'verify', ttlMinutes: VERIFY_TTL_MINUTES });
  return queueMail(tx, deps, 'verification', verificationMail(deps.config.siteName, email, `${deps.config.baseUrl}/verify?token=${token}`));
}

/** Creates the link that moves the account to `newEmail` and queues its mail there in `tx`; returns the outbox id. */
export async function queueEmailChange(tx: Tx, deps: LinkDeps, userId: number, newEmail: string): Promise<number> {
  const token = randomToken();
  await createEmailToken(tx, { tokenHash: sha256(token), userId, purpose: 'change_email', newEmail, ttlMinutes: VERIFY_TTL_MINUTES });
  return queueMail(
    tx,
    deps,
    'email-change',
    changeEmailMail(deps.config.siteName, newEmail, `${deps.config.baseUrl}/confirm-email?token=${token}`),
  );
}

/**
 * Sends a password-reset link (valid an hour) to the account that uses `email`, if one does, and returns what
 * became of the mail. Without an account nothing is sent and the outcome is what a mail would meet now, so the
 * answer tells nobody which addresses have accounts.
 */
export async function sendPasswordReset(deps: LinkDeps & { sql: Sql; outbox: MailOutbox }, email: string): Promise<DeliveryOutcome> {
  const user = email ? await findUserByEmail(deps.sql, email) : null;
  if (!user) return likelyOutcome(deps);
  const token = randomToken();
  const mailId = await deps.sql.begin(async (tx) => {
    await createEmailToken(tx, { tokenHash: sha256(token), userId: user.id, purpose: 'reset', ttlMinutes: RESET_TTL_MINUTES });
    return queueMail(tx, deps, 'reset', resetMail(deps.config.siteName, user.email, `${deps.config.baseUrl}/reset/${token}`));
  });
  return deliverQueued(deps, [mailId]);
}
