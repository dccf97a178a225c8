// GET/POST /login and POST /logout. Wrong email and wrong password get the same answer in the same
// time; failures are throttled as every password check is (src/web/password-check.ts), and attempts per
// network, except from a browser that logged in to the account before.
import type { Context } from 'hono';
import * as v from 'valibot';
import { findUserByEmail } from '../../../store/users.ts';
import type { AppDeps } from '../../deps.ts';
import { safeNext } from '../../http/guards.ts';
import { knownBrowserId, rememberBrowser } from '../../http/known-device.ts';
import { checkPassword } from '../../http/password-check.ts';
import { enforceIpLimit } from '../../http/rate-limit.ts';
import { renderPage, csrfToken } from '../../render-page.tsx';
import { formValues, text } from '../../http/schema.ts';
import { CsrfField, Field, Notice } from '../../views/forms.tsx';
import { endSession, startSession } from '../../http/viewer.ts';

// Nothing here is refused: a malformed address is just one no account has, and gets the same answer.
const LOGIN_FORM = v.object({
  email: v.pipe(text(), v.trim()),
  password: text(),
  next: v.pipe(
    text(),
    v.transform((raw) => safeNext(raw)),
  ),
});

async function loginForm(c: Context, deps: AppDeps, email: string, next: string, error: string | null, status: 200 | 401 = 200) {
  const token = await csrfToken(c, deps);
  const notice = c.req.query('notice');
  return renderPage(
    c,
    deps,
    { title: 'Log in', anonymousForms: true, status },
    <section class="form-page">
      <h1>Log in</h1>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {notice === 'password-reset' ? <Notice kind="ok">Your password was changed. Log in with the new one.</Notice> : null}
      <form method="post" action="/login">
        <CsrfField token={token} />
        <input type="hidden" name="next" value={next} />
        <Field name="email" label="Email" type="email" value={email} autocomplete="email" required />
        <Field name="password" label="Password" type="password" autocomplete="current-password" required />
        <button type="submit" class="primary">
          Log in
        </button>
      </form>
      <p>
        <a href="/forgot">Forgot your password?</a> · New here? <a href="/signup">Create an account</a>
      </p>
    </section>,
  );
}

export function loginPage(c: Context, deps: AppDeps): Promise<Response> {
  const next = safeNext(c.req.query('next'));
  if (c.get('viewer').user) return Promise.resolve(c.redirect(next, 303));
  return loginForm(c, deps, '', next, null);
}

export async function loginSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const { email, password, next } = await formValues(c, LOGIN_FORM);
  const user = email ? await findUserByEmail(deps.sql, email) : null;
  // The owner's own browser is not held up by a crowded (or hostile) network.
  if (!user || !(await knownBrowserId(c, deps, user.id))) await enforceIpLimit(c, deps, 'loginPerIp');
  const ok = await checkPassword(c, deps, { email, userId: user?.id ?? null, passwordHash: user?.passwordHash ?? null }, password);
  if (!user || !ok) return loginForm(c, deps, email, next, 'Wrong email or password.', 401);
  // A session that existed before logging in (another account on this browser) ends here.
  await endSession(c, deps);
  await startSession(c, deps, user.id);
  await rememberBrowser(c, deps, user.id);
  return c.redirect(next, 303);
}

export async function logoutSubmit(c: Context, deps: AppDeps): Promise<Response> {
  await endSession(c, deps);
  return c.redirect('/papers', 303);
}
