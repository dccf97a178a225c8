// GET/POST /forgot and /reset/:token. The answer to /forgot is the same whether or not the address
// has an account; a reset link works once, for an hour, and logs out every other session. The browser that
// used it is the owner's: it is marked as one that logs in to the account (src/web/known-device.ts), so
// strangers throttled on the account do not hold up the log-in that follows.
import type { Context } from 'hono';
import { hashPassword, passwordProblem } from '../../../auth/password.ts';
import { randomToken, sha256 } from '../../../auth/tokens.ts';
import { resetMail } from '../../../mail/account-mails.ts';
import { consumeEmailToken, createEmailToken, isEmailTokenLive } from '../../../store/email-tokens.ts';
import { deleteUserSessions } from '../../../store/sessions.ts';
import { findUserByEmail, markEmailVerified, setPasswordHash } from '../../../store/users.ts';
import type { DeliveryOutcome } from '../../../mail/outbox.ts';
import type { AppDeps } from '../../deps.ts';
import { formFields } from '../../http/form.ts';
import { deliverQueued, likelyOutcome, MAIL_QUEUED_TEXT, queueMail } from '../../outgoing-mail.ts';
import { rememberBrowser } from '../../http/known-device.ts';
import { enforceIpLimit } from '../../http/rate-limit.ts';
import { renderPage, csrfToken } from '../../render-page.tsx';
import { CsrfField, Field, Notice } from '../../views/forms.tsx';

const RESET_TTL_MINUTES = 60;

/** GET /forgot, and the answer to POST /forgot (`sentTo`, with what became of the mail). */
export async function forgotPage(c: Context, deps: AppDeps, sentTo: string | null = null, outcome: Exclude<DeliveryOutcome, 'failed'> = 'sent'): Promise<Response> {
  const token = await csrfToken(c, deps);
  return renderPage(c, deps, { title: 'Reset your password', anonymousForms: true }, (
    <section class="form-page">
      <h1>Reset your password</h1>
      {sentTo && outcome === 'sent' ? (
        <Notice kind="ok">
          If an account uses <strong>{sentTo}</strong>, we sent it a link to choose a new password. It is valid for an hour.
        </Notice>
      ) : null}
      {sentTo && outcome === 'queued' ? (
        <Notice kind="info">
          If an account uses <strong>{sentTo}</strong>, we will send it a link to choose a new password. {MAIL_QUEUED_TEXT} The link
          is valid for an hour from now.
        </Notice>
      ) : null}
      <form method="post" action="/forgot">
        <CsrfField token={token} />
        <Field name="email" label="Email" type="email" value={sentTo ?? ''} autocomplete="email" required />
        <button type="submit" class="primary">Send the link</button>
      </form>
    </section>
  ));
}

export async function forgotSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const field = await formFields(c);
  const email = field('email').trim();
  await enforceIpLimit(c, deps, 'mailPerIp');
  const user = email ? await findUserByEmail(deps.sql, email) : null;
  // Without an account nothing is sent, and the page says what a mail would meet now; so it tells nobody which
  // addresses have accounts. For the same reason a mail refused for good (5xx) reads like one sent.
  let outcome: DeliveryOutcome = await likelyOutcome(deps);
  if (user) {
    const token = randomToken();
    const mailId = await deps.sql.begin(async (tx) => {
      await createEmailToken(tx, { tokenHash: sha256(token), userId: user.id, purpose: 'reset', ttlMinutes: RESET_TTL_MINUTES });
      return queueMail(tx, deps, 'reset', resetMail(deps.config.siteName, user.email, `${deps.config.baseUrl}/reset/${token}`));
    });
    outcome = await deliverQueued(deps, [mailId]);
  }
  return forgotPage(c, deps, email || '(no address)', outcome === 'queued' ? 'queued' : 'sent');
}

async function resetForm(c: Context, deps: AppDeps, token: string, error: string | null) {
  const csrf = await csrfToken(c, deps);
  return renderPage(c, deps, { title: 'Choose a new password', anonymousForms: true, status: error ? 422 : 200 }, (
    <section class="form-page">
      <h1>Choose a new password</h1>
      <form method="post" action={`/reset/${encodeURIComponent(token)}`}>
        <CsrfField token={csrf} />
        <Field name="password" label="New password" type="password" error={error ?? undefined} autocomplete="new-password" required minlength={10} hint="At least 10 characters." />
        <button type="submit" class="primary">Save the new password</button>
      </form>
    </section>
  ));
}

function expired(c: Context, deps: AppDeps) {
  return renderPage(c, deps, { title: 'Link expired', status: 400 }, (
    <section class="form-page">
      <h1>This link does not work any more</h1>
      <p>
        It was used already, or it expired. <a href="/forgot">Ask for a new one</a>.
      </p>
    </section>
  ));
}

export async function resetPage(c: Context, deps: AppDeps): Promise<Response> {
  const token = c.req.param('token') ?? '';
  if (!(await isEmailTokenLive(deps.sql, sha256(token), 'reset'))) return expired(c, deps);
  return resetForm(c, deps, token, null);
}

export async function resetSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const token = c.req.param('token') ?? '';
  const field = await formFields(c);
  const password = field('password');
  const problem = passwordProblem(password);
  if (problem) {
    if (!(await isEmailTokenLive(deps.sql, sha256(token), 'reset'))) return expired(c, deps);
    return resetForm(c, deps, token, problem);
  }
  const hash = await hashPassword(password);
  const userId = await deps.sql.begin(async (tx) => {
    const t = await consumeEmailToken(tx, sha256(token), 'reset');
    if (!t) return null;
    await setPasswordHash(tx, t.userId, hash);
    await markEmailVerified(tx, t.userId); // the link reached the inbox, which proves the address
    return t.userId;
  });
  if (userId === null) return expired(c, deps);
  await deleteUserSessions(deps.sql, userId);
  await rememberBrowser(c, deps, userId);
  return c.redirect('/login?notice=password-reset', 303);
}
