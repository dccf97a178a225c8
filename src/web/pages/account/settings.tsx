// GET /settings and its forms: profile and notifications, email (confirmed at the new address),
// password (logs out the other sessions), resend the confirmation, delete the account.
import type { Context } from 'hono';
import * as v from 'valibot';
import { checkDisplayName, checkEmail } from '../../../core/account-input.ts';
import { hashPassword, passwordProblem } from '../../../auth/password.ts';
import { deleteUserSessions } from '../../../store/sessions.ts';
import { deleteUser, getPasswordHash, isEmailTaken, setPasswordHash, updateProfile, type User } from '../../../store/users.ts';
import type { AppDeps } from '../../deps.ts';
import { deliverQueued, likelyOutcome } from '../../../mail/mail-queue.ts';
import { MAIL_QUEUED_TEXT } from '../../outgoing-mail.ts';
import { loginUrlFor, requireUser } from '../../http/guards.ts';
import { checkPassword } from '../../http/password-check.ts';
import { enforceLimit } from '../../http/rate-limit.ts';
import { renderPage, csrfToken } from '../../render-page.tsx';
import { checked, formValues, readForm, text, withoutProblem } from '../../http/schema.ts';
import { CsrfField, Field, Notice } from '../../views/forms.tsx';
import { endSession } from '../../http/viewer.ts';
import { queueEmailChange, queueVerification } from '../../../mail/account-links.ts';

// A checkbox sends "on" when ticked and nothing when not.
const box = () =>
  v.pipe(
    text(),
    v.transform((raw) => raw === 'on'),
  );

const PROFILE_FORM = v.object({
  // '' when left empty: the username stands in.
  display_name: checked((raw) => checkDisplayName(raw, '')),
  upvotes_public: box(),
  notify_replies: box(),
  notify_activity: box(),
});

// The current password is checked against the account (passwordMatches), not here.
const EMAIL_FORM = v.object({ email: checked(checkEmail), password: text() });
const PASSWORD_FORM = v.object({ current: text(), password: withoutProblem(passwordProblem) });
const DELETE_FORM = v.object({ password: text() });

type Section = 'profile' | 'email' | 'password' | 'verify' | 'delete';

interface SettingsState {
  ok?: { section: Section; text: string };
  errors?: Partial<Record<string, string>>;
  status?: 200 | 422 | 401;
}

const NOTICES: Record<string, { section: Section; text: string }> = {
  profile: { section: 'profile', text: 'Saved.' },
  password: { section: 'password', text: 'Your password was changed; your other sessions were logged out.' },
  verify: { section: 'verify', text: 'We sent the confirmation link again.' },
  'verify-queued': { section: 'verify', text: `We made a new confirmation link. ${MAIL_QUEUED_TEXT}` },
  'verify-failed': {
    section: 'verify',
    text: 'Our mail server refused to deliver the confirmation link to this address. Check it, and change it below if it is wrong.',
  },
};

async function settingsPage(c: Context, deps: AppDeps, user: User, state: SettingsState = {}) {
  const csrf = await csrfToken(c, deps);
  const ok = state.ok ?? NOTICES[c.req.query('saved') ?? ''];
  const e = state.errors ?? {};
  const here = (s: Section) => (ok?.section === s ? <Notice kind="ok">{ok.text}</Notice> : null);
  const check = (name: string, label: string, checked: boolean) => (
    <label class="check">
      <input type="checkbox" name={name} value="on" checked={checked} /> {label}
    </label>
  );
  return renderPage(
    c,
    deps,
    { title: 'Settings', status: state.status ?? 200 },
    <section class="settings">
      <h1>Settings</h1>
      {!user.emailVerified ? (
        <section class="settings-block" aria-labelledby="verify-h">
          <h2 id="verify-h">Confirm your email</h2>
          {here('verify')}
          <p>
            Until <strong>{user.email}</strong> is confirmed you cannot vote, comment or submit papers.
          </p>
          <form method="post" action="/settings/verify">
            <CsrfField token={csrf} />
            <button type="submit">Send the link again</button>
          </form>
        </section>
      ) : null}
      <section class="settings-block" aria-labelledby="profile-h">
        <h2 id="profile-h">Profile and notifications</h2>
        {here('profile')}
        <form method="post" action="/settings/profile">
          <CsrfField token={csrf} />
          <p>
            Username: <strong>{user.username}</strong> · <a href={`/users/${user.username}`}>your profile</a>
          </p>
          <Field name="display_name" label="Display name" value={user.displayName} error={e.displayName} maxlength={50} />
          {check('upvotes_public', 'Show the papers I upvoted on my profile', user.upvotesPublic)}
          {check('notify_replies', 'Email me when someone replies to my comments', user.notifyReplies)}
          {check('notify_activity', 'Email me about comments on papers I submitted', user.notifyActivity)}
          <button type="submit">Save</button>
        </form>
        <p>
          <a href="/settings/digest">Email digest</a>: trending papers and your topics, daily or weekly.
        </p>
      </section>
      <section class="settings-block" aria-labelledby="email-h">
        <h2 id="email-h">Email address</h2>
        {here('email')}
        <form method="post" action="/settings/email">
          <CsrfField token={csrf} />
          <p>Now: {user.email}. The new address takes effect once you open the link we send to it.</p>
          <Field name="email" label="New email" type="email" error={e.email} autocomplete="email" required />
          <Field
            name="password"
            label="Current password"
            type="password"
            error={e.emailPassword}
            autocomplete="current-password"
            required
          />
          <button type="submit">Change email</button>
        </form>
      </section>
      <section class="settings-block" aria-labelledby="password-h">
        <h2 id="password-h">Password</h2>
        {here('password')}
        <form method="post" action="/settings/password">
          <CsrfField token={csrf} />
          <Field name="current" label="Current password" type="password" error={e.current} autocomplete="current-password" required />
          <Field
            name="password"
            label="New password"
            type="password"
            error={e.password}
            autocomplete="new-password"
            required
            minlength={10}
            hint="At least 10 characters."
          />
          <button type="submit">Change password</button>
        </form>
      </section>
      <section class="settings-block danger" aria-labelledby="delete-h">
        <h2 id="delete-h">Delete your account</h2>
        <p>Your votes, collections and sessions are deleted; your comments stay, shown without your name.</p>
        <form method="post" action="/settings/delete">
          <CsrfField token={csrf} />
          <Field
            name="password"
            label="Current password"
            type="password"
            error={e.deletePassword}
            autocomplete="current-password"
            required
          />
          <button type="submit" class="danger">
            Delete my account
          </button>
        </form>
      </section>
    </section>,
  );
}

export function settingsGet(c: Context, deps: AppDeps): Promise<Response> | Response {
  const user = c.get('viewer').user;
  if (!user) return c.redirect(loginUrlFor(c), 303);
  return settingsPage(c, deps, user);
}

export async function profileSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const user = requireUser(c);
  const form = await readForm(c, PROFILE_FORM);
  if (!form.ok) return settingsPage(c, deps, user, { errors: { displayName: form.errors.display_name }, status: 422 });
  const f = form.value;
  await updateProfile(deps.sql, user.id, {
    displayName: f.display_name || user.username,
    upvotesPublic: f.upvotes_public,
    notifyReplies: f.notify_replies,
    notifyActivity: f.notify_activity,
  });
  return c.redirect('/settings?saved=profile', 303);
}

// Throttled like a log-in (one count per account for every form), so a session is no licence to guess.
async function passwordMatches(c: Context, deps: AppDeps, user: User, password: string): Promise<boolean> {
  return checkPassword(c, deps, { email: user.email, userId: user.id, passwordHash: await getPasswordHash(deps.sql, user.id) }, password);
}

export async function emailSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const user = requireUser(c);
  const form = await readForm(c, EMAIL_FORM);
  if (!form.ok) return settingsPage(c, deps, user, { errors: { email: form.errors.email }, status: 422 });
  const { email, password } = form.value;
  if (!(await passwordMatches(c, deps, user, password)))
    return settingsPage(c, deps, user, { errors: { emailPassword: 'That is not your current password.' }, status: 422 });
  await enforceLimit(deps, 'mailPerIp', `user:${user.id}`);
  // Taken or not, the answer is the same; a taken address simply gets no link (and the page says what a
  // mail would meet now). For the same reason a mail refused for good reads like one sent.
  let outcome = await likelyOutcome(deps);
  if (!(await isEmailTaken(deps.sql, email))) {
    const mailId = await deps.sql.begin((tx) => queueEmailChange(tx, deps, user.id, email));
    outcome = await deliverQueued(deps, [mailId]);
  }
  const text =
    outcome === 'queued'
      ? `We will send a confirmation link to ${email}. ${MAIL_QUEUED_TEXT} Your address changes when you open it.`
      : `We sent a confirmation link to ${email}. Your address changes when you open it.`;
  return settingsPage(c, deps, user, { ok: { section: 'email', text } });
}

export async function passwordSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const user = requireUser(c);
  const form = await readForm(c, PASSWORD_FORM);
  if (!(await passwordMatches(c, deps, user, form.raw('current'))))
    return settingsPage(c, deps, user, { errors: { current: 'That is not your current password.' }, status: 422 });
  if (!form.ok) return settingsPage(c, deps, user, { errors: { password: form.errors.password }, status: 422 });
  await setPasswordHash(deps.sql, user.id, await hashPassword(form.value.password));
  await deleteUserSessions(deps.sql, user.id, c.get('viewer').sessionHash);
  return c.redirect('/settings?saved=password', 303);
}

export async function resendVerificationSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const user = requireUser(c);
  if (user.emailVerified) return c.redirect('/settings', 303);
  await enforceLimit(deps, 'mailPerIp', `user:${user.id}`);
  const mailId = await deps.sql.begin((tx) => queueVerification(tx, deps, user.id, user.email));
  const outcome = await deliverQueued(deps, [mailId]);
  return c.redirect(outcome === 'sent' ? '/settings?saved=verify' : `/settings?saved=verify-${outcome}`, 303);
}

export async function deleteAccountSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const user = requireUser(c);
  const { password } = await formValues(c, DELETE_FORM);
  if (!(await passwordMatches(c, deps, user, password)))
    return settingsPage(c, deps, user, { errors: { deletePassword: 'That is not your current password.' }, status: 422 });
  await endSession(c, deps);
  await deleteUser(deps.sql, user.id);
  return c.redirect('/papers', 303);
}
