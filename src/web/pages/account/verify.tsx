// Email confirmation: following the link (its mail is src/mail/account-links.ts), which logs the
// account in (sign-up does not, so that its answer is the same for addresses that already have an account).
import type { Context } from 'hono';
import { sha256 } from '../../../auth/tokens.ts';
import { changeEmailByLink, confirmEmailByLink } from '../../../store/email-links.ts';
import type { AppDeps } from '../../deps.ts';
import { rememberBrowser } from '../../http/known-device.ts';
import { renderPage } from '../../render-page.tsx';
import { startSession } from '../../http/viewer.ts';

function linkResult(c: Context, deps: AppDeps, ok: boolean, okText: string) {
  return renderPage(
    c,
    deps,
    { title: ok ? 'Email confirmed' : 'Link expired', status: ok ? 200 : 400 },
    <section class="form-page">
      <h1>{ok ? 'Email confirmed' : 'This link does not work any more'}</h1>
      <p>{ok ? okText : 'It was used already, or it expired. Ask for a new one from your settings page.'}</p>
      <p>
        <a href={ok ? '/papers' : '/settings'}>{ok ? "Go to today's papers" : 'Settings'}</a>
      </p>
    </section>,
  );
}

/**
 * GET /verify?token=…: confirms the address of an account and logs it in; a browser logged in to another account
 * stays so (a link someone forwarded must not switch accounts under you).
 */
export async function verifyEmailPage(c: Context, deps: AppDeps): Promise<Response> {
  const token = c.req.query('token') ?? '';
  const userId = await confirmEmailByLink(deps.sql, sha256(token));
  const viewer = c.get('viewer').user;
  if (userId !== null && !viewer) {
    await startSession(c, deps, userId);
    await rememberBrowser(c, deps, userId);
  }
  const otherAccount = userId !== null && viewer !== null && viewer.id !== userId;
  return linkResult(
    c,
    deps,
    userId !== null,
    otherAccount
      ? 'The address is confirmed. You are logged in to another account: log out and log in with this address to use it.'
      : 'Thank you. You can now vote, comment and submit papers.',
  );
}

/** GET /confirm-email?token=…: moves an account to the new address it was sent to. */
export async function confirmEmailChangePage(c: Context, deps: AppDeps): Promise<Response> {
  const token = c.req.query('token') ?? '';
  const ok = await changeEmailByLink(deps.sql, sha256(token));
  return linkResult(c, deps, ok, 'Your account now uses this address.');
}
