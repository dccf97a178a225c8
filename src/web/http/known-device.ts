// "This browser logged in to this account before": a signed cookie a browser gets with each log-in (and a
// password reset), naming the account and a random id for the browser. A password check from such a browser
// is throttled on its own (src/web/password-check.ts), so strangers who exhaust an account's limit never lock
// its owner out of the browsers the owner uses. The signature (the site's secret) makes the mark unforgeable.
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { hmac, randomToken, safeEqual } from '../../auth/tokens.ts';
import { siteSecret } from './csrf.ts';
import type { AppDeps } from '../deps.ts';
import { isSecure } from './viewer.ts';

const COOKIE = 'dp_device';
// As the session cookie: on https only the __Host- one counts, which nobody but this host can set.
const SECURE_COOKIE = '__Host-dp_device';
const KEEP_DAYS = 365;
/** Accounts one browser is remembered for (the most recent). */
const KEEP_ACCOUNTS = 5;

interface Mark {
  userId: number;
  browserId: string;
}

const cookieName = (c: Context, deps: AppDeps) => (isSecure(c, deps) ? SECURE_COOKIE : COOKIE);

async function signature(deps: AppDeps, mark: Mark): Promise<string> {
  return hmac(await siteSecret(deps), `known-device:${mark.userId}:${mark.browserId}`);
}

/** The cookie's marks whose signature checks out. */
async function validMarks(c: Context, deps: AppDeps): Promise<Mark[]> {
  const marks: Mark[] = [];
  for (const entry of (getCookie(c, cookieName(c, deps)) ?? '').split('~').slice(0, KEEP_ACCOUNTS)) {
    const [id, browserId, sig] = entry.split('.');
    if (!id || !/^\d{1,15}$/.test(id) || !browserId || !sig) continue;
    const mark = { userId: Number(id), browserId };
    if (safeEqual(sig, await signature(deps, mark))) marks.push(mark);
  }
  return marks;
}

/** This browser's id for account `userId` when it logged in to that account before, else null. */
export async function knownBrowserId(c: Context, deps: AppDeps, userId: number): Promise<string | null> {
  return (await validMarks(c, deps)).find((m) => m.userId === userId)?.browserId ?? null;
}

/** Marks this browser as one that logged in to `userId` (keeping its id if it had one), for a year. */
export async function rememberBrowser(c: Context, deps: AppDeps, userId: number): Promise<void> {
  const marks = await validMarks(c, deps);
  const mark = marks.find((m) => m.userId === userId) ?? { userId, browserId: randomToken().slice(0, 22) };
  const kept = [mark, ...marks.filter((m) => m.userId !== userId)].slice(0, KEEP_ACCOUNTS);
  const value = (await Promise.all(kept.map(async (m) => `${m.userId}.${m.browserId}.${await signature(deps, m)}`))).join('~');
  const name = cookieName(c, deps);
  setCookie(c, name, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: name === SECURE_COOKIE,
    expires: new Date(Date.now() + KEEP_DAYS * 86_400_000),
  });
}
