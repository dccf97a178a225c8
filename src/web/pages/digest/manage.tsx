// Changing digest preferences: through the signed link in every digest (/subscription?t=…, no account
// needed) or, for a logged-in user, at /settings/digest.
import type { Context } from 'hono';
import { DEFAULT_PREFERENCES } from '../../../digest/preferences.ts';
import { subscriptionToken, verifySubscriptionToken } from '../../../digest/tokens.ts';
import {
  findSubscriptionForUser,
  getSubscription,
  requestSubscription,
  type Preferences,
  type Subscription,
} from '../../../store/subscriptions.ts';
import { siteSecret } from '../../http/csrf.ts';
import type { AppDeps } from '../../deps.ts';
import { deliverQueued, queueMail } from '../../../mail/mail-queue.ts';
import { MAIL_QUEUED_TEXT } from '../../outgoing-mail.ts';
import { loginUrlFor, requireUser } from '../../http/guards.ts';
import { csrfToken, renderPage } from '../../render-page.tsx';
import { PreferencesForm } from '../../views/digest-forms.tsx';
import { Notice } from '../../views/forms.tsx';
import { readPreferences } from './preferences-form.ts';

const STATUS_TEXT: Record<Subscription['status'], string> = {
  pending: 'waiting for you to confirm the address (see the mail we sent)',
  active: 'active',
  unsubscribed: 'unsubscribed: saving subscribes this address again',
  paused: 'paused after mail to this address bounced: saving resumes it',
};

async function preferencesPage(
  c: Context,
  deps: AppDeps,
  o: {
    action: string;
    sub: Subscription | null;
    prefs: Preferences;
    errors?: Record<string, string>;
    saved?: boolean;
    mail?: string | undefined;
    unsubscribeUrl?: string | null;
    anonymous: boolean;
  },
) {
  return renderPage(
    c,
    deps,
    { title: 'Digest preferences', anonymousForms: o.anonymous, status: o.errors ? 422 : 200 },
    <section class="form-page">
      <h1>Digest preferences</h1>
      {o.saved ? <Notice kind="ok">Saved.</Notice> : null}
      {o.mail === 'queued' ? <Notice kind="info">{`We are mailing a link to confirm this address. ${MAIL_QUEUED_TEXT}`}</Notice> : null}
      {o.mail === 'failed' ? <Notice kind="error">Our mail server refused to deliver the confirmation link to this address.</Notice> : null}
      {o.sub ? (
        <p>
          {o.sub.email}: {STATUS_TEXT[o.sub.status]}.
        </p>
      ) : (
        <p>You are not subscribed yet.</p>
      )}
      <PreferencesForm
        action={o.action}
        csrf={await csrfToken(c, deps)}
        prefs={o.prefs}
        siteCategories={deps.config.arxivCategories}
        errors={o.errors ?? {}}
        submitLabel={o.sub?.status === 'active' ? 'Save' : 'Subscribe'}
      />
      {o.unsubscribeUrl && o.sub?.status === 'active' ? (
        <p>
          <a href={o.unsubscribeUrl}>Unsubscribe</a>
        </p>
      ) : null}
      <p>
        <a href="/digest/preview">Preview the next digest</a>
      </p>
    </section>,
  );
}

async function linkedSubscription(c: Context, deps: AppDeps): Promise<{ sub: Subscription; secret: string } | null> {
  const secret = await siteSecret(deps);
  const id = verifySubscriptionToken(secret, 'manage', c.req.query('t') ?? '');
  const sub = id === null ? null : await getSubscription(deps.sql, id);
  return sub ? { sub, secret } : null;
}

function badLink(c: Context, deps: AppDeps) {
  return renderPage(
    c,
    deps,
    { title: 'Link not valid', status: 400 },
    <section class="form-page">
      <h1>This link is not valid</h1>
      <p>
        Use the link at the bottom of a digest, or <a href="/subscribe">subscribe again</a>.
      </p>
    </section>,
  );
}

export async function manageByLinkPage(c: Context, deps: AppDeps): Promise<Response> {
  const linked = await linkedSubscription(c, deps);
  if (!linked) return badLink(c, deps);
  const t = c.req.query('t') ?? '';
  return preferencesPage(c, deps, {
    action: `/subscription?t=${encodeURIComponent(t)}`,
    sub: linked.sub,
    prefs: linked.sub,
    saved: c.req.query('saved') === '1',
    unsubscribeUrl: `/unsubscribe?t=${subscriptionToken(linked.secret, 'unsubscribe', linked.sub.id)}`,
    anonymous: true,
  });
}

export async function manageByLinkSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const linked = await linkedSubscription(c, deps);
  if (!linked) return badLink(c, deps);
  const t = c.req.query('t') ?? '';
  const parsed = await readPreferences(c);
  if (!parsed.ok)
    return preferencesPage(c, deps, {
      action: `/subscription?t=${encodeURIComponent(t)}`,
      sub: linked.sub,
      prefs: linked.sub,
      errors: parsed.errors,
      anonymous: true,
    });
  // The link came by mail to this address: that proves it, so saving (re)activates without another confirmation.
  await requestSubscription(deps.sql, linked.sub.email, parsed.prefs, linked.sub.userId, true);
  return c.redirect(`/subscription?t=${encodeURIComponent(t)}&saved=1`, 303);
}

export async function digestSettingsPage(c: Context, deps: AppDeps): Promise<Response> {
  const user = c.get('viewer').user;
  if (!user) return c.redirect(loginUrlFor(c), 303);
  const sub = await findSubscriptionForUser(deps.sql, user.id, user.email);
  const secret = await siteSecret(deps);
  return preferencesPage(c, deps, {
    action: '/settings/digest',
    sub,
    prefs: sub ?? DEFAULT_PREFERENCES,
    saved: c.req.query('saved') === '1',
    mail: c.req.query('mail'),
    unsubscribeUrl: sub ? `/unsubscribe?t=${subscriptionToken(secret, 'unsubscribe', sub.id)}` : null,
    anonymous: false,
  });
}

export async function digestSettingsSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const user = requireUser(c);
  const parsed = await readPreferences(c);
  const sub = await findSubscriptionForUser(deps.sql, user.id, user.email);
  if (!parsed.ok)
    return preferencesPage(c, deps, {
      action: '/settings/digest',
      sub,
      prefs: sub ?? DEFAULT_PREFERENCES,
      errors: parsed.errors,
      anonymous: false,
    });
  // A verified account has proved its address; an unverified one confirms through the account's own link first.
  const secret = await siteSecret(deps);
  const mailId = await deps.sql.begin(async (tx) => {
    const saved = await requestSubscription(tx, sub?.email ?? user.email, parsed.prefs, user.id, user.emailVerified);
    if (saved.status !== 'pending') return null;
    return queueMail(tx, deps, 'subscription', {
      to: saved.email,
      subject: `Confirm your ${deps.config.siteName} subscription`,
      text: `Confirm the ${deps.config.siteName} digest for this address:\n\n${deps.config.baseUrl}/subscribe/confirm?t=${subscriptionToken(secret, 'confirm', saved.id)}\n`,
    });
  });
  const outcome = mailId === null ? 'sent' : await deliverQueued(deps, [mailId]);
  return c.redirect(outcome === 'sent' ? '/settings/digest?saved=1' : `/settings/digest?saved=1&mail=${outcome}`, 303);
}
