// GET/POST /signup: email, username and password. The answer never tells whether an address already
// has an account: that address gets a mail saying so instead, and the page says "check your inbox" either way
// (or, with the mail server down, that the mail will follow: true in both cases). Both cases do the same work
// (a password hash, one transaction, one mail) and set no cookie: nobody is logged in at sign-up, since only a
// new account could be. The confirmation link logs the new account in (verify.tsx).
import type { Context } from 'hono';
import { checkDisplayName, checkEmail, checkUsername } from '../../../core/account-input.ts';
import { hashPassword, passwordProblem } from '../../../auth/password.ts';
import { alreadyRegisteredMail } from '../../../mail/account-mails.ts';
import type { DeliveryOutcome } from '../../../mail/outbox.ts';
import { createUser, isEmailTaken, isUsernameTaken } from '../../../store/users.ts';
import type { AppDeps } from '../../deps.ts';
import { formFields } from '../../http/form.ts';
import { deliverQueued, queueMail } from '../../outgoing-mail.ts';
import { MailOutcome } from '../../views/mail-outcome.tsx';
import { safeNext } from '../../http/guards.ts';
import { enforceIpLimit } from '../../http/rate-limit.ts';
import { renderPage, csrfToken } from '../../render-page.tsx';
import { CsrfField, Field, Notice } from '../../views/forms.tsx';
import { queueVerification } from './verify.tsx';

interface SignupValues {
  email: string;
  username: string;
  displayName: string;
}

async function signupForm(c: Context, deps: AppDeps, values: SignupValues, errors: Partial<Record<keyof SignupValues | 'password', string>>, status: 200 | 422 = 200) {
  const token = await csrfToken(c, deps);
  return renderPage(c, deps, { title: 'Sign up', anonymousForms: true, status }, (
    <section class="form-page">
      <h1>Create an account</h1>
      <p>Upvote papers, submit new ones, join the discussion and keep reading lists.</p>
      {Object.keys(errors).length > 0 ? <Notice kind="error">Please fix the fields marked below.</Notice> : null}
      <form method="post" action="/signup" novalidate>
        <CsrfField token={token} />
        <Field name="email" label="Email" type="email" value={values.email} error={errors.email} autocomplete="email" required maxlength={254} />
        <Field name="username" label="Username" value={values.username} error={errors.username} autocomplete="username" required maxlength={30} hint="Shown on your comments and in your profile's address." />
        <Field name="display_name" label="Display name (optional)" value={values.displayName} error={errors.displayName} autocomplete="name" maxlength={50} />
        <Field name="password" label="Password" type="password" error={errors.password} autocomplete="new-password" required minlength={10} hint="At least 10 characters." />
        <button type="submit" class="primary">Sign up</button>
      </form>
      <p>
        Already have an account? <a href="/login">Log in</a>
      </p>
    </section>
  ));
}

export function signupPage(c: Context, deps: AppDeps): Promise<Response> {
  if (c.get('viewer').user) return Promise.resolve(c.redirect(safeNext(c.req.query('next')), 303));
  return signupForm(c, deps, { email: '', username: '', displayName: '' }, {});
}

export async function signupSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const field = await formFields(c);
  const values = { email: field('email'), username: field('username'), displayName: field('display_name') };
  const errors: Partial<Record<keyof SignupValues | 'password', string>> = {};
  const email = checkEmail(values.email);
  const username = checkUsername(values.username);
  const password = field('password');
  const pwProblem = passwordProblem(password);
  if (!email.ok) errors.email = email.error;
  if (!username.ok) errors.username = username.error;
  if (pwProblem) errors.password = pwProblem;
  const display = checkDisplayName(values.displayName, username.ok ? username.value : '');
  if (!display.ok) errors.displayName = display.error;
  if (username.ok && (await isUsernameTaken(deps.sql, username.value))) errors.username = 'That username is taken; choose another.';
  if (Object.keys(errors).length > 0 || !email.ok || !username.ok || !display.ok) return signupForm(c, deps, values, errors, 422);

  await enforceIpLimit(c, deps, 'signupPerIp');
  const passwordHash = await hashPassword(password);
  const base = deps.config.baseUrl;
  // The account, its confirmation link and the mail carrying it commit together, or not at all. An address that has
  // an account is told so by mail instead, and the page is the one a new account gets.
  const mailId = await deps.sql.begin(async (tx) => {
    const user = await createUser(tx, { email: email.value, username: username.value, displayName: display.value, passwordHash });
    if (user) return queueVerification(tx, deps, user.id, user.email);
    if (!(await isEmailTaken(tx, email.value))) return null; // lost a race for the username
    return queueMail(tx, deps, 'account-notice', alreadyRegisteredMail(deps.config.siteName, email.value, `${base}/login`, `${base}/forgot`));
  });
  if (mailId === null) return signupForm(c, deps, values, { username: 'That username is taken; choose another.' }, 422);
  return checkInbox(c, deps, email.value, await deliverQueued(deps, [mailId]));
}

function checkInbox(c: Context, deps: AppDeps, email: string, outcome: DeliveryOutcome) {
  // True for a new account (its confirmation link logs it in) and for a registered address (its mail links to log-in).
  const openIt = 'Open the link in it to confirm your address and log in.';
  return renderPage(c, deps, { title: outcome === 'failed' ? 'Mail refused' : 'Check your inbox' }, (
    <section class="form-page">
      <MailOutcome outcome={outcome} email={email} openIt={openIt} refused={<>, so no confirmation link went out. Check the address for a typo; you can change it in your settings after logging in.</>} />
      <p>
        <a href="/papers">Go to today's papers</a>
      </p>
    </section>
  ));
}
