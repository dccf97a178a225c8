// GET/POST /signup: email, username and password. The answer never tells whether an address already
// has an account: that address gets a mail saying so instead, and the page says "check your inbox" either way.
import type { Context } from 'hono';
import { checkDisplayName, checkEmail, checkUsername } from '../../../core/account-input.ts';
import { hashPassword, passwordProblem } from '../../../auth/password.ts';
import { alreadyRegisteredMail } from '../../../mail/account-mails.ts';
import { createUser, isEmailTaken, isUsernameTaken } from '../../../store/users.ts';
import type { AppDeps } from '../../deps.ts';
import { formFields } from '../../form.ts';
import { safeNext } from '../../guards.ts';
import { enforceIpLimit } from '../../rate-limit.ts';
import { renderPage, csrfToken } from '../../render-page.tsx';
import { CsrfField, Field, Notice } from '../../views/forms.tsx';
import { startSession } from '../../viewer.ts';
import { sendVerification } from './verify.tsx';

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
  const base = deps.config.baseUrl;
  if (await isEmailTaken(deps.sql, email.value)) {
    await deps.mailer.send(alreadyRegisteredMail(deps.config.siteName, email.value, `${base}/login`, `${base}/forgot`));
    return checkInbox(c, deps, email.value);
  }
  const user = await createUser(deps.sql, { email: email.value, username: username.value, displayName: display.value, passwordHash: await hashPassword(password) });
  if (!user) {
    // Lost a race for the username or the address: say what we can say safely.
    if (await isUsernameTaken(deps.sql, username.value)) return signupForm(c, deps, values, { username: 'That username is taken; choose another.' }, 422);
    return checkInbox(c, deps, email.value);
  }
  await sendVerification(deps, user.id, user.email);
  await startSession(c, deps, user.id);
  return checkInbox(c, deps, email.value);
}

function checkInbox(c: Context, deps: AppDeps, email: string) {
  return renderPage(c, deps, { title: 'Check your inbox' }, (
    <section class="form-page">
      <h1>Check your inbox</h1>
      <p>
        We sent a mail to <strong>{email}</strong>. Open the link in it to confirm your address; until then you can read and
        browse, but not vote, comment or submit.
      </p>
      <p>
        <a href="/papers">Go to today's papers</a>
      </p>
    </section>
  ));
}
