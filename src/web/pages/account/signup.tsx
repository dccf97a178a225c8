// GET/POST /signup: email, username and password. The answer never tells whether an address already
// has an account: that address gets a mail saying so instead, and the page says "check your inbox" either way
// (or, with the mail server down, that the mail will follow: true in both cases). Both cases do the same work
// (a password hash, one transaction, one mail) and set no cookie: nobody is logged in at sign-up, since only a
// new account could be. The confirmation link logs the new account in (verify.tsx).
import type { Context } from 'hono';
import * as v from 'valibot';
import { checkDisplayName, checkEmail, checkUsername } from '../../../core/account-input.ts';
import { hashPassword, passwordProblem } from '../../../auth/password.ts';
import { alreadyRegisteredMail } from '../../../mail/account-mails.ts';
import type { DeliveryOutcome } from '../../../mail/outbox.ts';
import { createUser, isEmailTaken, isUsernameTaken } from '../../../store/users.ts';
import type { AppDeps } from '../../deps.ts';
import { deliverQueued, queueMail } from '../../../mail/mail-queue.ts';
import { mailOutcomePage } from '../../mail-outcome-page.tsx';
import { safeNext } from '../../http/guards.ts';
import { enforceIpLimit } from '../../http/rate-limit.ts';
import { renderPage, csrfToken } from '../../render-page.tsx';
import { checked, readForm, withoutProblem } from '../../http/schema.ts';
import { CsrfField, Field, Notice } from '../../views/forms.tsx';
import { queueVerification } from '../../../mail/account-links.ts';

const SIGNUP_FORM = v.pipe(
  v.object({
    email: checked(checkEmail),
    username: checked(checkUsername),
    // '' when left empty: the username stands in (below).
    display_name: checked((raw) => checkDisplayName(raw, '')),
    password: withoutProblem(passwordProblem),
  }),
  v.transform(({ display_name, ...rest }) => ({ ...rest, displayName: display_name || rest.username })),
);

type SignupErrors = Partial<Record<'email' | 'username' | 'display_name' | 'password', string>>;

/** What was typed, shown again beside the messages. */
interface SignupValues {
  email: string;
  username: string;
  displayName: string;
}

async function signupForm(c: Context, deps: AppDeps, values: SignupValues, errors: SignupErrors, status: 200 | 422 = 200) {
  const token = await csrfToken(c, deps);
  return renderPage(
    c,
    deps,
    { title: 'Sign up', anonymousForms: true, status },
    <section class="form-page">
      <h1>Create an account</h1>
      <p>Upvote papers, submit new ones, join the discussion and keep reading lists.</p>
      {Object.keys(errors).length > 0 ? <Notice kind="error">Please fix the fields marked below.</Notice> : null}
      <form method="post" action="/signup" novalidate>
        <CsrfField token={token} />
        <Field
          name="email"
          label="Email"
          type="email"
          value={values.email}
          error={errors.email}
          autocomplete="email"
          required
          maxlength={254}
        />
        <Field
          name="username"
          label="Username"
          value={values.username}
          error={errors.username}
          autocomplete="username"
          required
          maxlength={30}
          hint="Shown on your comments and in your profile's address."
        />
        <Field
          name="display_name"
          label="Display name (optional)"
          value={values.displayName}
          error={errors.display_name}
          autocomplete="name"
          maxlength={50}
        />
        <Field
          name="password"
          label="Password"
          type="password"
          error={errors.password}
          autocomplete="new-password"
          required
          minlength={10}
          hint="At least 10 characters."
        />
        <button type="submit" class="primary">
          Sign up
        </button>
      </form>
      <p>
        Already have an account? <a href="/login">Log in</a>
      </p>
    </section>,
  );
}

export function signupPage(c: Context, deps: AppDeps): Promise<Response> {
  if (c.get('viewer').user) return Promise.resolve(c.redirect(safeNext(c.req.query('next')), 303));
  return signupForm(c, deps, { email: '', username: '', displayName: '' }, {});
}

export async function signupSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const form = await readForm(c, SIGNUP_FORM);
  const values = { email: form.raw('email'), username: form.raw('username'), displayName: form.raw('display_name') };
  const errors: SignupErrors = form.ok ? {} : { ...form.errors };
  // A username that passes its check may still be taken: the form says so beside the other fields' messages.
  const wanted = checkUsername(values.username);
  if (wanted.ok && (await isUsernameTaken(deps.sql, wanted.value))) errors.username = 'That username is taken; choose another.';
  if (!form.ok || Object.keys(errors).length > 0) return signupForm(c, deps, values, errors, 422);
  const { email, username, displayName, password } = form.value;

  await enforceIpLimit(c, deps, 'signupPerIp');
  const passwordHash = await hashPassword(password);
  const base = deps.config.baseUrl;
  // The account, its confirmation link and the mail carrying it commit together, or not at all. An address that has
  // an account is told so by mail instead, and the page is the one a new account gets.
  const mailId = await deps.sql.begin(async (tx) => {
    const user = await createUser(tx, { email, username, displayName, passwordHash });
    if (user) return queueVerification(tx, deps, user.id, user.email);
    if (!(await isEmailTaken(tx, email))) return null; // lost a race for the username
    return queueMail(tx, deps, 'account-notice', alreadyRegisteredMail(deps.config.siteName, email, `${base}/login`, `${base}/forgot`));
  });
  if (mailId === null) return signupForm(c, deps, values, { username: 'That username is taken; choose another.' }, 422);
  return checkInbox(c, deps, email, await deliverQueued(deps, [mailId]));
}

function checkInbox(c: Context, deps: AppDeps, email: string, outcome: DeliveryOutcome) {
  // True for a new account (its confirmation link logs it in) and for a registered address (its mail links to log-in).
  const openIt = 'Open the link in it to confirm your address and log in.';
  return mailOutcomePage(c, deps, {
    outcome,
    email,
    openIt,
    refused: <>, so no confirmation link went out. Check the address for a typo; you can change it in your settings after logging in.</>,
    after: (
      <p>
        <a href="/papers">Go to today's papers</a>
      </p>
    ),
  });
}
