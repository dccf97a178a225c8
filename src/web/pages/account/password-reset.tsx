// GET/POST /forgot and /reset/:token. The answer to /forgot is the same whether or not the address
// has an account; a reset link works once, for an hour, and logs out every other session. The browser that
// used it is the owner's: it is marked as one that logs in to the account (src/web/known-device.ts), so
// strangers throttled on the account do not hold up the log-in that follows.
import type { Context } from 'hono';
import * as v from 'valibot';
import { hashPassword, passwordProblem } from '../../../auth/password.ts';
import { sha256 } from '../../../auth/tokens.ts';
import { sendPasswordReset } from '../../../mail/account-links.ts';
import type { DeliveryOutcome } from '../../../mail/outbox.ts';
import { resetPasswordAndEndSessions } from '../../../store/email-links.ts';
import { isEmailTokenLive } from '../../../store/email-tokens.ts';
import type { AppDeps } from '../../deps.ts';
import { MAIL_QUEUED_TEXT } from '../../outgoing-mail.ts';
import { rememberBrowser } from '../../http/known-device.ts';
import { enforceIpLimit } from '../../http/rate-limit.ts';
import { renderPage, csrfToken } from '../../render-page.tsx';
import { formValues, readForm, text, withoutProblem } from '../../http/schema.ts';
import { CsrfField, Field, Notice } from '../../views/forms.tsx';

// Nothing here is refused: the answer is the same for any address, even a malformed one.
const FORGOT_FORM = v.object({ email: v.pipe(text(), v.trim()) });

// The new password, refused with passwordProblem's message beside the field.
const RESET_FORM = v.object({ password: withoutProblem(passwordProblem) });

/** GET /forgot, and the answer to POST /forgot (`sentTo`, with what became of the mail). */
export async function forgotPage(
  c: Context,
  deps: AppDeps,
  sentTo: string | null = null,
  outcome: Exclude<DeliveryOutcome, 'failed'> = 'sent',
): Promise<Response> {
  const token = await csrfToken(c, deps);
  return renderPage(
    c,
    deps,
    { title: 'Reset your password', anonymousForms: true },
    <section class="form-page">
      <h1>Reset your password</h1>
      {sentTo && outcome === 'sent' ? (
        <Notice kind="ok">
          If an account uses <strong>{sentTo}</strong>, we sent it a link to choose a new password. It is valid for an hour.
        </Notice>
      ) : null}
      {sentTo && outcome === 'queued' ? (
        <Notice kind="info">
          If an account uses <strong>{sentTo}</strong>, we will send it a link to choose a new password. {MAIL_QUEUED_TEXT} The link is
          valid for an hour from now.
        </Notice>
      ) : null}
      <form method="post" action="/forgot">
        <CsrfField token={token} />
        <Field name="email" label="Email" type="email" value={sentTo ?? ''} autocomplete="email" required />
        <button type="submit" class="primary">
          Send the link
        </button>
      </form>
    </section>,
  );
}

export async function forgotSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const { email } = await formValues(c, FORGOT_FORM);
  await enforceIpLimit(c, deps, 'mailPerIp');
  // The same answer whether or not the address has an account; a mail refused for good (5xx) reads like one sent.
  const outcome = await sendPasswordReset(deps, email);
  return forgotPage(c, deps, email || '(no address)', outcome === 'queued' ? 'queued' : 'sent');
}

async function resetForm(c: Context, deps: AppDeps, token: string, error: string | null) {
  const csrf = await csrfToken(c, deps);
  return renderPage(
    c,
    deps,
    { title: 'Choose a new password', anonymousForms: true, status: error ? 422 : 200 },
    <section class="form-page">
      <h1>Choose a new password</h1>
      <form method="post" action={`/reset/${encodeURIComponent(token)}`}>
        <CsrfField token={csrf} />
        <Field
          name="password"
          label="New password"
          type="password"
          error={error ?? undefined}
          autocomplete="new-password"
          required
          minlength={10}
          hint="At least 10 characters."
        />
        <button type="submit" class="primary">
          Save the new password
        </button>
      </form>
    </section>,
  );
}

function expired(c: Context, deps: AppDeps) {
  return renderPage(
    c,
    deps,
    { title: 'Link expired', status: 400 },
    <section class="form-page">
      <h1>This link does not work any more</h1>
      <p>
        It was used already, or it expired. <a href="/forgot">Ask for a new one</a>.
      </p>
    </section>,
  );
}

export async function resetPage(c: Context, deps: AppDeps): Promise<Response> {
  const token = c.req.param('token') ?? '';
  if (!(await isEmailTokenLive(deps.sql, sha256(token), 'reset'))) return expired(c, deps);
  return resetForm(c, deps, token, null);
}

export async function resetSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const token = c.req.param('token') ?? '';
  const form = await readForm(c, RESET_FORM);
  if (!form.ok) {
    if (!(await isEmailTokenLive(deps.sql, sha256(token), 'reset'))) return expired(c, deps);
    return resetForm(c, deps, token, form.errors.password ?? null);
  }
  const hash = await hashPassword(form.value.password);
  const userId = await resetPasswordAndEndSessions(deps.sql, sha256(token), hash);
  if (userId === null) return expired(c, deps);
  await rememberBrowser(c, deps, userId);
  return c.redirect('/login?notice=password-reset', 303);
}
