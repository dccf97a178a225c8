// GET /unsubscribe?t=… shows a button (link scanners must not unsubscribe anyone); POST /unsubscribe?t=…
// unsubscribes: the button, and RFC 8058 one-click POSTs from mail clients ("List-Unsubscribe=One-Click").
// The signed token is the proof, so this is the one POST without a CSRF token (see csrf.ts).
import type { Context } from 'hono';
import { subscriptionToken, verifySubscriptionToken } from '../../../digest/tokens.ts';
import { getSubscription, unsubscribe } from '../../../store/subscriptions.ts';
import { siteSecret } from '../../http/csrf.ts';
import type { AppDeps } from '../../deps.ts';
import { renderPage } from '../../render-page.tsx';

async function subscriptionOf(c: Context, deps: AppDeps) {
  const id = verifySubscriptionToken(await siteSecret(deps), 'unsubscribe', c.req.query('t') ?? '');
  return id === null ? null : getSubscription(deps.sql, id);
}

function badLink(c: Context, deps: AppDeps) {
  return renderPage(
    c,
    deps,
    { title: 'Link not valid', status: 400 },
    <section class="form-page">
      <h1>This unsubscribe link is not valid</h1>
      <p>Use the link at the bottom of the latest digest, or write to the site's operators.</p>
    </section>,
  );
}

export async function unsubscribePage(c: Context, deps: AppDeps): Promise<Response> {
  const sub = await subscriptionOf(c, deps);
  if (!sub) return badLink(c, deps);
  const t = c.req.query('t') ?? '';
  return renderPage(
    c,
    deps,
    { title: 'Unsubscribe' },
    <section class="form-page">
      <h1>Unsubscribe {sub.email}?</h1>
      {sub.status === 'unsubscribed' ? (
        <p>This address is already unsubscribed.</p>
      ) : (
        <form method="post" action={`/unsubscribe?t=${encodeURIComponent(t)}`}>
          <button type="submit" class="primary">
            Unsubscribe
          </button>
        </form>
      )}
    </section>,
  );
}

export async function unsubscribeSubmit(c: Context, deps: AppDeps): Promise<Response> {
  const sub = await subscriptionOf(c, deps);
  if (!sub) return badLink(c, deps);
  await unsubscribe(deps.sql, sub.id);
  const secret = await siteSecret(deps);
  return renderPage(
    c,
    deps,
    { title: 'Unsubscribed' },
    <section class="form-page">
      <h1>You are unsubscribed</h1>
      <p>
        {sub.email} will not receive the digest any more. Changed your mind?{' '}
        <a href={`/subscription?t=${subscriptionToken(secret, 'manage', sub.id)}`}>Subscribe again with your preferences</a>.
      </p>
    </section>,
  );
}
