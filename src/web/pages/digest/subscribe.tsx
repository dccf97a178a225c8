// GET/POST /subscribe (email only, no account needed) and GET /subscribe/confirm: double opt-in.
// Nothing is sent to an address before it follows the confirmation link; the answer never reveals
// whether an address is already subscribed (it gets a mail with its manage link instead).
import type { Context } from 'hono';
import { DEFAULT_PREFERENCES } from '../../../digest/preferences.ts';
import { subscriptionToken, verifySubscriptionToken } from '../../../digest/tokens.ts';
import { confirmSubscription, findSubscriptionByEmail, requestSubscription } from '../../../store/subscriptions.ts';
import { siteSecret } from '../../http/csrf.ts';
import type { AppDeps } from '../../deps.ts';
import { deliverQueued, queueMail } from '../../../mail/mail-queue.ts';
import { mailOutcomePage } from '../../mail-outcome-page.tsx';
import { enforceIpLimit, enforceLimit } from '../../http/rate-limit.ts';
import { csrfToken, renderPage } from '../../render-page.tsx';
import { PreferencesForm } from '../../views/digest-forms.tsx';
import { readSubscribeForm } from './preferences-form.ts';

export async function subscribePage(c: Context, deps: AppDeps): Promise<Response> {
  if (c.get('viewer').user) return c.redirect('/settings/digest', 303);
  const email = (c.req.query('email') ?? '').trim().slice(0, 254);
  return renderPage(
    c,
    deps,
    { title: 'Subscribe to the digest', anonymousForms: true },
    <section class="form-page">
      <h1>Papers in your inbox</h1>
      <p>Trending papers and the new papers of your topics, daily or weekly. One click unsubscribes.</p>
      <PreferencesForm
        action="/subscribe"
        csrf={await csrfToken(c, deps)}
        prefs={DEFAULT_PREFERENCES}
        siteCategories={deps.config.arxivCategories}
        email={email}
        submitLabel="Subscribe"
      />
    </section>,
  );
}

export async function subscribeSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const form = await readSubscribeForm(c);
  if (!form.ok) {
    const { errors } = form;
    const prefs = form.prefs ?? DEFAULT_PREFERENCES;
    return renderPage(
      c,
      deps,
      { title: 'Subscribe to the digest', anonymousForms: true, status: 422 },
      <section class="form-page">
        <h1>Papers in your inbox</h1>
        <PreferencesForm
          action="/subscribe"
          csrf={await csrfToken(c, deps)}
          prefs={prefs}
          siteCategories={deps.config.arxivCategories}
          email={form.typedEmail}
          errors={errors}
          submitLabel="Subscribe"
        />
      </section>,
    );
  }
  const { email, prefs } = form;
  await enforceIpLimit(c, deps, 'mailPerIp');
  await enforceLimit(deps, 'mailPerIp', `subscribe:${email.toLowerCase()}`);
  const secret = await siteSecret(deps);
  const base = deps.config.baseUrl;
  // The subscription and its confirmation mail commit together: no pending row waits for a mail never queued.
  const mailId = await deps.sql.begin(async (tx) => {
    const existing = await findSubscriptionByEmail(tx, email);
    if (existing?.status === 'active') {
      return queueMail(tx, deps, 'subscription', {
        to: existing.email,
        subject: `You are already subscribed to ${deps.config.siteName}`,
        text: `Someone (perhaps you) asked to subscribe this address, which already receives the ${deps.config.siteName} digest.\n\nChange what you receive: ${base}/subscription?t=${subscriptionToken(secret, 'manage', existing.id)}\n`,
      });
    }
    const sub = await requestSubscription(tx, email, prefs, null);
    return queueMail(tx, deps, 'subscription', {
      to: sub.email,
      subject: `Confirm your ${deps.config.siteName} subscription`,
      text: `Confirm that this address should receive the ${deps.config.siteName} digest (${sub.frequency}) by opening this link within 7 days:\n\n${base}/subscribe/confirm?t=${subscriptionToken(secret, 'confirm', sub.id)}\n\nIf you did not ask for this, ignore this mail: nothing will be sent.\n`,
    });
  });
  const outcome = await deliverQueued(deps, [mailId]);
  return mailOutcomePage(c, deps, {
    outcome,
    email,
    openIt: 'Open the link in it to confirm; the digest starts after that.',
    refused: (
      <>
        . Check the address for a typo and <a href="/subscribe">subscribe again</a>.
      </>
    ),
  });
}

export async function confirmSubscriptionPage(c: Context, deps: AppDeps): Promise<Response> {
  const secret = await siteSecret(deps);
  const id = verifySubscriptionToken(secret, 'confirm', c.req.query('t') ?? '');
  const ok = id !== null && (await confirmSubscription(deps.sql, id));
  return renderPage(
    c,
    deps,
    { title: ok ? 'Subscribed' : 'Link expired', status: ok ? 200 : 400 },
    <section class="form-page">
      <h1>{ok ? 'You are subscribed' : 'This link does not work'}</h1>
      {ok ? (
        <p>
          The first digest comes with the next arXiv announcement.{' '}
          <a href={`/subscription?t=${subscriptionToken(secret, 'manage', id!)}`}>Change what you receive</a>
        </p>
      ) : (
        <p>
          It is older than 7 days or was changed. <a href="/subscribe">Subscribe again</a>.
        </p>
      )}
    </section>,
  );
}
