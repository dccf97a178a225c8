// Email confirmation: sending the link (at sign-up, again from settings) and following it.
import type { Context } from 'hono';
import { randomToken, sha256 } from '../../../auth/tokens.ts';
import { changeEmailMail, verificationMail } from '../../../mail/account-mails.ts';
import { consumeEmailToken, createEmailToken } from '../../../store/email-tokens.ts';
import { markEmailVerified, setEmail } from '../../../store/users.ts';
import type { AppDeps } from '../../deps.ts';
import { renderPage } from '../../render-page.tsx';

const VERIFY_TTL_MINUTES = 2 * 24 * 60;

export async function sendVerification(deps: AppDeps, userId: number, email: string): Promise<void> {
  const token = randomToken();
  await createEmailToken(deps.sql, { tokenHash: sha256(token), userId, purpose: 'verify', ttlMinutes: VERIFY_TTL_MINUTES });
  await deps.mailer.send(verificationMail(deps.config.siteName, email, `${deps.config.baseUrl}/verify?token=${token}`));
}

export async function sendEmailChange(deps: AppDeps, userId: number, newEmail: string): Promise<void> {
  const token = randomToken();
  await createEmailToken(deps.sql, { tokenHash: sha256(token), userId, purpose: 'change_email', newEmail, ttlMinutes: VERIFY_TTL_MINUTES });
  await deps.mailer.send(changeEmailMail(deps.config.siteName, newEmail, `${deps.config.baseUrl}/confirm-email?token=${token}`));
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

/** GET /verify?token=…: confirms the address of an account. */
export async function verifyEmailPage(c: Context, deps: AppDeps): Promise<Response> {
  const token = c.req.query('token') ?? '';
  const ok = await deps.sql.begin(async (tx) => {
    const t = await consumeEmailToken(tx, sha256(token), 'verify');
    if (t) await markEmailVerified(tx, t.userId);
    return t !== null;
  });
  return linkResult(c, deps, ok, 'Thank you. You can now vote, comment and submit papers.');
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
