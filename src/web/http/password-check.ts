// Every check of a password the site makes (log-in, and each settings form that asks for the current password)
// goes through checkPassword, under the password limits of src/web/rate-limit.ts:
// - a browser that logged in to the account before (src/web/known-device.ts) counts only against itself: 5
//   failures, then a backoff (1 minute, doubling up to 15);
// - any other browser counts against its network (30 failures in 15 minutes), the account on its network
//   (as the browser above) and the account from all such browsers together (8, then the same backoff).
// Strangers can therefore slow each other down, but never the owner's own browsers. Addresses without an
// account are counted exactly like those with one, so the limits do not tell which addresses are registered.
import type { Context } from 'hono';
import { verifyAgainstNothing, verifyPassword } from '../../auth/password.ts';
import type { AppDeps } from '../deps.ts';
import { knownBrowserId } from './known-device.ts';
import { clientNetwork, enforceLimits, forgetEvents, type LimitCheck } from './rate-limit.ts';

/** Whose password is checked: the address (typed at log-in, or the account's), its id and hash; null when no account has it. */
export interface PasswordHolder {
  email: string;
  userId: number | null;
  passwordHash: string | null;
}

/** An address as the limits count it: "Ada@Example.org " and "ada@example.org" are one account. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Whether `password` is the holder's. Throws a 429 instead of checking when a limit allows no attempt now (its
 * Retry-After is the exact wait). Each attempt counts as a failure before the hash is checked, so parallel
 * guesses cannot get ahead of the count; a right password takes its count back and forgives this browser's failures.
 */
export async function checkPassword(c: Context, deps: AppDeps, holder: PasswordHolder, password: string): Promise<boolean> {
  const email = normalizeEmail(holder.email);
  const browserId = holder.userId === null ? null : await knownBrowserId(c, deps, holder.userId);
  const network = clientNetwork(c, deps);
  const own: LimitCheck = {
    name: 'passwordFailuresPerClient',
    subject: `${email} ${browserId ? `browser:${browserId}` : `network:${network}`}`,
  };
  const checks: LimitCheck[] = browserId
    ? [own]
    : [{ name: 'passwordFailuresPerIp', subject: network }, { name: 'passwordFailuresPerAccount', subject: email }, own];
  const counted = await enforceLimits(deps, checks);
  const ok = holder.passwordHash === null ? await verifyAgainstNothing(password) : await verifyPassword(holder.passwordHash, password);
  if (ok) await forgetEvents(deps, counted, [own]);
  return ok;
}
