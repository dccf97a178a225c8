// Who may do what: the checks handlers call before acting, each failing with a message a person can act on.
import type { Context } from 'hono';
import { Forbidden, Unauthorized } from '../../errors.ts';
import type { User } from '../../store/users.ts';

/** The logged-in user, or a 401 (forms) telling them to log in. */
export function requireUser(c: Context): User {
  const user = c.get('viewer').user;
  if (!user) throw Unauthorized('Log in to do this.');
  return user;
}

/** Why `user` may not post, vote or submit (suspended, email not confirmed), or null when they may. */
export function whyInactive(user: User): string | null {
  if (user.suspended) return `Your account is suspended${user.suspendedReason ? `: ${user.suspendedReason}` : ''}.`;
  if (!user.emailVerified) return 'Confirm your email address first: follow the link we sent you (your settings page can send it again).';
  return null;
}

/** A user allowed to post, vote and submit: logged in, email verified, not suspended. */
export function requireActiveUser(c: Context): User {
  const user = requireUser(c);
  const why = whyInactive(user);
  if (why) throw Forbidden(why);
  return user;
}

export function isModerator(user: User | null): boolean {
  return user?.role === 'moderator' || user?.role === 'admin';
}

export function requireModerator(c: Context): User {
  const user = requireActiveUser(c);
  if (!isModerator(user)) throw Forbidden('Only moderators can do this.');
  return user;
}

export function requireAdmin(c: Context): User {
  const user = requireActiveUser(c);
  if (user.role !== 'admin') throw Forbidden('Only administrators can do this.');
  return user;
}

/** Where to go after logging in: a local path only (never another site). */
export function safeNext(next: string | undefined): string {
  // A local path of printable ASCII only: browsers drop tabs and newlines, so "/\t/evil.example" would become "//evil.example".
  return next && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : '/papers';
}

/** For GET pages that need a login: the login URL that comes back here. */
export function loginUrlFor(c: Context): string {
  return `/login?next=${encodeURIComponent(c.req.path + (new URL(c.req.url).search || ''))}`;
}
