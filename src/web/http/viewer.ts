// Who is asking: the session cookie resolved to a user (or nobody), for every request. Sessions last
// SESSION_DAYS and slide forward while used; the cookie is HttpOnly, SameSite=Lax and Secure on HTTPS.
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { randomToken, sha256 } from '../../auth/tokens.ts';
import { createSession, deleteSession, extendSession, findSession, type SessionRow } from '../../store/sessions.ts';
import type { User } from '../../store/users.ts';
import { clientIp, isHttpsRequest } from './client-ip.ts';
import type { AppDeps } from '../deps.ts';

export interface Viewer {
  user: User | null;
  /** SHA-256 of the session token (what the sessions table holds), or null when logged out. */
  sessionHash: string | null;
}

declare module 'hono' {
  interface ContextVariableMap {
    viewer: Viewer;
  }
}

export const SESSION_COOKIE = 'dp_session';
// On https the cookie is `__Host-` prefixed: browsers then accept it only Secure, for this host and path /, so
// neither a sibling subdomain nor a plain-http man in the middle can plant or overwrite a session.
export const SECURE_SESSION_COOKIE = '__Host-dp_session';
const SESSION_DAYS = 30;
// Extending on every request would be a write per page view; once an hour is plenty for a 30-day session.
const EXTEND_AFTER_MS = 60 * 60 * 1000;

/** Whether a request with `session` extends it (and sets its cookie again). */
export function isDueForExtension(session: SessionRow): boolean {
  return Date.now() - session.lastSeenAt.getTime() > EXTEND_AFTER_MS;
}

const expiry = () => new Date(Date.now() + SESSION_DAYS * 86_400_000);

/** Whether cookies must be Secure: the site is https (BASE_URL), or a trusted proxy says this request came over TLS. */
export function isSecure(c: Context, deps: AppDeps): boolean {
  return deps.config.baseUrl.startsWith('https:') || isHttpsRequest(c, deps.config.trustProxy);
}

/** Resolves the session cookie into c.var.viewer. A suspended user stays logged in but cannot act (see requireUser). */
export function viewerMiddleware(deps: AppDeps): MiddlewareHandler {
  return async (c, next) => {
    // Over https only the prefixed cookie counts: an unprefixed one may have been planted.
    const name = sessionCookieName(c, deps);
    const token = getCookie(c, name);
    let viewer: Viewer = { user: null, sessionHash: null };
    if (token) {
      const hash = sha256(token);
      const session = deps.viewerCaches
        ? await deps.viewerCaches.sessions.find(hash, (h) => findSession(deps.sql, h))
        : await findSession(deps.sql, hash);
      if (session) {
        viewer = { user: session.user, sessionHash: hash };
        if (isDueForExtension(session)) {
          const until = expiry();
          await extendSession(deps.sql, hash, until);
          deps.viewerCaches?.sessions.extended(hash, new Date(), until);
          setSessionCookie(c, deps, token, until);
        }
      } else {
        deleteCookie(c, name, { path: '/', secure: name === SECURE_SESSION_COOKIE });
      }
    }
    c.set('viewer', viewer);
    // Everything a logged-in person sees carries their name, votes or private lists: never kept by a shared cache
    // or the browser's back-forward history on a shared computer. Set before the handler (see app.ts); a
    // handler may still choose otherwise (private feeds with a token).
    if (viewer.user) c.header('Cache-Control', 'private, no-store');
    await next();
  };
}

/**
 * The session cookie's name when it is the same for every request: on an https site always the prefixed one, on an
 * http site that trusts no proxy never; null when a trusted proxy's X-Forwarded-Proto decides per request.
 */
export function fixedSessionCookieName(config: Pick<AppDeps['config'], 'baseUrl' | 'trustProxy'>): string | null {
  if (config.baseUrl.startsWith('https:')) return SECURE_SESSION_COOKIE;
  return config.trustProxy ? null : SESSION_COOKIE;
}

function sessionCookieName(c: Context, deps: AppDeps): string {
  return isSecure(c, deps) ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

function setSessionCookie(c: Context, deps: AppDeps, token: string, expires: Date): void {
  const name = sessionCookieName(c, deps);
  setCookie(c, name, token, { path: '/', httpOnly: true, sameSite: 'Lax', secure: name === SECURE_SESSION_COOKIE, expires });
}

/** Logs `userId` in on this response: a new session (a fresh token, so a planted cookie is worthless). */
export async function startSession(c: Context, deps: AppDeps, userId: number): Promise<void> {
  const token = randomToken();
  const until = expiry();
  await createSession(deps.sql, {
    tokenHash: sha256(token),
    userId,
    expiresAt: until,
    userAgent: c.req.header('user-agent')?.slice(0, 300) ?? null,
    ip: clientIp(c, deps.config.trustProxy),
  });
  setSessionCookie(c, deps, token, until);
  c.header('Cache-Control', 'private, no-store');
}

export async function endSession(c: Context, deps: AppDeps): Promise<void> {
  const hash = c.get('viewer').sessionHash;
  if (hash) {
    await deleteSession(deps.sql, hash);
    // Every process hears of it from the database; this one must not wait for that to answer the next request.
    deps.viewerCaches?.sessions.forgetAll();
  }
  const name = sessionCookieName(c, deps);
  deleteCookie(c, name, { path: '/', secure: name === SECURE_SESSION_COOKIE });
}
