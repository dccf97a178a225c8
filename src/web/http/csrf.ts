// CSRF protection for every state-changing request. A logged-in form carries an HMAC of the session
// (nothing to store; it changes with each login); an anonymous form (log in, sign up, reset) carries
// the value of a random HttpOnly cookie (double submit). JavaScript sends the same token in
// X-CSRF-Token. As a second wall, a cross-site Origin header is refused outright.
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { AppError } from '../../errors.ts';
import { hmac, randomToken, safeEqual } from '../../auth/tokens.ts';
import { Lru } from '../../core/lru.ts';
import { getOrCreateSecret } from '../../store/secrets.ts';
import type { AppDeps } from '../deps.ts';
import { isSecure } from './viewer.ts';
import { requestOrigin } from './client-ip.ts';

const ANON_COOKIE = 'dp_csrf';
const FIELD = '_csrf';
const HEADER = 'x-csrf-token';

const secrets = new WeakMap<object, Promise<string>>();
// A session's token is an HMAC of its hash, the same on every page it sees: computed once per session and secret.
const sessionTokens = new Lru<{ secret: string; token: string }>(10_000);

function sessionToken(secret: string, sessionHash: string): string {
  const known = sessionTokens.get(sessionHash);
  if (known?.secret === secret) return known.token;
  const token = hmac(secret, `csrf:${sessionHash}`);
  sessionTokens.set(sessionHash, { secret, token });
  return token;
}
const issuedThisRequest = new WeakMap<Context, string>();

/** The site's signing secret (created on first use, shared by all instances through the database). */
export function siteSecret(deps: Pick<AppDeps, 'sql'> & Partial<AppDeps>): Promise<string> {
  let s = secrets.get(deps.sql);
  if (!s) {
    s = getOrCreateSecret(deps.sql, 'signing', randomToken);
    s.catch(() => secrets.delete(deps.sql));
    secrets.set(deps.sql, s);
  }
  return s;
}

/** The token of the session with `sessionHash` if this process has computed it already (the fast path). */
export function knownSessionToken(sessionHash: string): string | undefined {
  return sessionTokens.get(sessionHash)?.token;
}

/** The token the forms on this page must carry. Anonymous: sets the cookie if missing (so such pages are never cached). */
export async function csrfToken(c: Context, deps: AppDeps): Promise<string> {
  const { sessionHash } = c.get('viewer');
  if (sessionHash) return sessionToken(await siteSecret(deps), sessionHash);
  let anon = issuedThisRequest.get(c) ?? getCookie(c, ANON_COOKIE);
  if (!anon || anon.length < 40) {
    anon = randomToken();
    setCookie(c, ANON_COOKIE, anon, { path: '/', httpOnly: true, sameSite: 'Lax', secure: isSecure(c, deps) });
    issuedThisRequest.set(c, anon); // a page asks more than once; one cookie per response
  }
  return anon;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// One-click unsubscribe (RFC 8058): mail clients POST to the link in the List-Unsubscribe header with no
// cookies and no token of ours; the signed token in its URL is the proof, checked by the handler.
const TOKEN_IN_URL_PATHS = new Set(['/unsubscribe']);

const Forbidden = () =>
  new AppError(403, 'This form has expired or was sent from another site. Go back, reload the page and try again.', 'csrf');

/** Refuses state-changing requests without a valid token or from another origin. */
export function csrfMiddleware(deps: AppDeps): MiddlewareHandler {
  const siteOrigin = new URL(deps.config.baseUrl).origin;
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method) || TOKEN_IN_URL_PATHS.has(c.req.path)) return next();
    const origin = c.req.header('origin');
    if (origin && origin !== 'null' && origin !== siteOrigin && origin !== requestOrigin(c, deps.config.trustProxy)) throw Forbidden();
    let sent = c.req.header(HEADER);
    if (!sent && /^(application\/x-www-form-urlencoded|multipart\/form-data)/.test(c.req.header('content-type') ?? '')) {
      const body = await c.req.parseBody(); // Hono caches it: handlers read it again for free
      const v = body[FIELD];
      sent = typeof v === 'string' ? v : undefined;
    }
    const { sessionHash } = c.get('viewer');
    const expected = sessionHash ? sessionToken(await siteSecret(deps), sessionHash) : getCookie(c, ANON_COOKIE);
    if (!sent || !expected || !safeEqual(sent, expected)) throw Forbidden();
    await next();
  };
}
