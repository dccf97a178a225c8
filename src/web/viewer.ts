// Who is asking: the session cookie resolved to a user (or nobody), for every request. Sessions last
// SESSION_DAYS and slide forward while used; the cookie is HttpOnly, SameSite=Lax and Secure on HTTPS.
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { randomToken, sha256 } from '../auth/tokens.ts';
import { createSession, deleteSession, extendSession, findSession } from '../store/sessions.ts';
import type { User } from '../store/users.ts';
import { clientIp, isHttpsRequest } from './client-ip.ts';
import type { AppDeps } from './deps.ts';

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
const SESSION_DAYS = 30;
// Extending on every request would be a write per page view; once an hour is plenty for a 30-day session.
const EXTEND_AFTER_MS = 60 * 60 * 1000;

const expiry = () => new Date(Date.now() + SESSION_DAYS * 86_400_000);

/** Whether cookies must be Secure: the site is https (BASE_URL), or a trusted proxy says this request came over TLS. */
export function isSecure(c: Context, deps: AppDeps): boolean {
  return deps.config.baseUrl.startsWith('https:') || isHttpsRequest(c, deps.config.trustProxy);
}

/** Resolves the session cookie into c.var.viewer. A suspended user stays logged in but cannot act (see requireUser). */
export function viewerMiddleware(deps: AppDeps): MiddlewareHandler {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    let viewer: Viewer = { user: null, sessionHash: null };
    if (token) {
      const hash = sha256(token);
      const session = await findSession(deps.sql, hash);
      if (session) {
        viewer = { user: session.user, sessionHash: hash };
        if (Date.now() - session.lastSeenAt.getTime() > EXTEND_AFTER_MS) {
          const until = expiry();
          await extendSession(deps.sql, hash, until);
          setSessionCookie(c, deps, token, until);
        }
      } else {
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
      }
    }
    c.set('viewer', viewer);
    await next();
  };
}

function setSessionCookie(c: Context, deps: AppDeps, token: string, expires: Date): void {
  setCookie(c, SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'Lax', secure: isSecure(c, deps), expires });
}

/** Logs `userId` in on this response: a new session (a fresh token, so a planted cookie is worthless). */
export async function startSession(c: Context, deps: AppDeps, userId: number): Promise<void> {
  const token = randomToken();
  const until = expiry();
  await createSession(deps.sql, { tokenHash: sha256(token), userId, expiresAt: until, userAgent: c.req.header('user-agent')?.slice(0, 300) ?? null, ip: clientIp(c, deps.config.trustProxy) });
  setSessionCookie(c, deps, token, until);
}

export async function endSession(c: Context, deps: AppDeps): Promise<void> {
  const hash = c.get('viewer').sessionHash;
  if (hash) await deleteSession(deps.sql, hash);
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}
