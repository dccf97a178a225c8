// Email confirmation: sending the link (at sign-up, again from settings) and following it, which logs the
// account in (sign-up does not, so that its answer is the same for addresses that already have an account).
import type { Context } from 'hono';
import { randomToken, sha256 } from '../../../auth/tokens.ts';
import type { Tx } from '../../../db/connect.ts';
import { changeEmailMail, verificationMail } from '../../../mail/account-mails.ts';
import { consumeEmailToken, createEmailToken } from '../../../store/email-tokens.ts';
import { markEmailVerified, setEmail } from '../../../store/users.ts';
import type { AppDeps } from '../../deps.ts';
import { rememberBrowser } from '../../http/known-device.ts';
import { queueMail } from '../../outgoing-mail.ts';
import { renderPage } from '../../render-page.tsx';
import { startSession } from '../../http/viewer.ts';

const VERIFY_TTL_MINUTES = 2 * 24 * 60;

/** Creates a confirmation link for the account's address and queues its mail in `tx`; returns the mail's outbox id. */
export async function queueVerification(tx: Tx, deps: AppDeps, userId: number, email: string): Promise<number> {
  const token = randomToken();
  await createEmailToken(tx, { tokenHash: sha256(token), userId, purpose: 'verify', ttlMinutes: VERIFY_TTL_MINUTES });
  return queueMail(tx, deps, 'verification', verificationMail(deps.config.siteName, email, `${deps.config.baseUrl}/verify?token=${token}`));
}

/** Creates the link that moves the account to `newEmail` and queues its mail there in `tx`; returns the outbox id. */
export async function queueEmailChange(tx: Tx, deps: AppDeps, userId: number, newEmail: string): Promise<number> {
  const token = randomToken();
  await createEmailToken(tx, { tokenHash: sha256(token), userId, purpose: 'change_email', newEmail, ttlMinutes: VERIFY_TTL_MINUTES });
  return queueMail(tx, deps, 'email-change', changeEmailMail(deps.config.siteName, newEmail, `${deps.config.baseUrl}/confirm-email?token=${token}`));
}

function linkResult(c: Context, deps: AppDeps, ok: boolean, okText: string) {
  return renderPage(c, deps, { title: ok ? 'Email confirmed' : 'Link expired', status: ok ? 200 : 400 }, (
    <section class="form-page">
      <h1>{ok ? 'Email confirmed' : 'This link does not work any more'}</h1>
      <p>{ok ? okText : 'It was used already, or it expired. Ask for a new one from your settings page.'}</p>
      <p>
        <a href={ok ? '/papers' : '/settings'}>{ok ? "Go to today's papers" : 'Settings'}</a>
      </p>
    </section>
  ));
}

/**
 * GET /verify?token=…: confirms the address of an account and logs it in; a browser logged in to another account
 * stays so (a link someone forwarded must not switch accounts under you).
 */
export async function verifyEmailPage(c: Context, deps: AppDeps): Promise<Response> {
  const token = c.req.query('token') ?? '';
  const userId = await deps.sql.begin(async (tx) => {
    const t = await consumeEmailToken(tx, sha256(token), 'verify');
    if (t) await markEmailVerified(tx, t.userId);
    return t?.userId ?? null;
  });
  const viewer = c.get('viewer').user;
  if (userId !== null && !viewer) {
    await startSession(c, deps, userId);
    await rememberBrowser(c, deps, userId);
  }
  const otherAccount = userId !== null && viewer !== null && viewer.id !== userId;
  return linkResult(c, deps, userId !== null, otherAccount ? 'The address is confirmed. You are logged in to another account: log out and log in with this address to use it.' : 'Thank you. You can now vote, comment and submit papers.');
}

/** GET /confirm-email?token=…: moves an account to the new address it was sent to. */
export async function confirmEmailChangePage(c: Context, deps: AppDeps): Promise<Response> {
  const token = c.req.query('token') ?? '';
  const ok = await deps.sql.begin(async (tx) => {
    const t = await consumeEmailToken(tx, sha256(token), 'change_email');
    return t?.newEmail ? setEmail(tx, t.userId, t.newEmail) : false;
  });
  return linkResult(c, deps, ok, 'Your account now uses this address.');
}
