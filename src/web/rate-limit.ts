// Every rate limit of the site in one table, counted in PostgreSQL (shared by all instances).
// New accounts get tighter limits until they have some standing (Lobsters does the same).
import type { Context } from 'hono';
import { TooManyRequests } from '../errors.ts';
import { countEvent } from '../store/rate-limits.ts';
import type { User } from '../store/users.ts';
import { clientIp } from './client-ip.ts';
import type { AppDeps } from './deps.ts';

interface Limit {
  max: number;
  windowSeconds: number;
  /** Lower limit for accounts younger than NEW_ACCOUNT_DAYS. */
  newAccountMax?: number;
  what: string;
}

export const LIMITS = {
  signupPerIp: { max: 5, windowSeconds: 3600, what: 'sign-ups from your network' },
  loginPerIp: { max: 30, windowSeconds: 900, what: 'log-in attempts from your network' },
  loginFailuresPerEmail: { max: 8, windowSeconds: 900, what: 'failed log-ins for this account' },
  mailPerIp: { max: 5, windowSeconds: 3600, what: 'emails requested from your network' },
  submitPerUser: { max: 20, newAccountMax: 3, windowSeconds: 86_400, what: 'paper submissions' },
  commentPerUser: { max: 60, newAccountMax: 10, windowSeconds: 3600, what: 'comments' },
  // Previews cost a render each and are asked for as people type; generous, but not a free renderer.
  commentPreviewPerUser: { max: 300, windowSeconds: 3600, what: 'comment previews' },
  votePerUser: { max: 600, newAccountMax: 200, windowSeconds: 3600, what: 'votes' },
  collectionEditPerUser: { max: 300, windowSeconds: 3600, what: 'collection changes' },
  // Each claim costs an administrator's time to check.
  claimPerUser: { max: 30, newAccountMax: 5, windowSeconds: 86_400, what: 'authorship claims' },
} as const satisfies Record<string, Limit>;

export type LimitName = keyof typeof LIMITS;

export const NEW_ACCOUNT_DAYS = 3;

export function isNewAccount(user: User): boolean {
  return Date.now() - user.createdAt.getTime() < NEW_ACCOUNT_DAYS * 86_400_000;
}

function waitText(seconds: number): string {
  return seconds >= 3600 ? `${Math.ceil(seconds / 3600)} hours` : seconds >= 60 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`;
}

/** Counts one event of `name` for `subject` (a user id, an email) and throws a 429 once over the limit. */
export async function enforceLimit(deps: AppDeps, name: LimitName, subject: string, user?: User | null): Promise<void> {
  const limit: Limit = LIMITS[name];
  const max = user && isNewAccount(user) && limit.newAccountMax !== undefined ? limit.newAccountMax : limit.max;
  const { count, resetInSeconds } = await countEvent(deps.sql, `${name}:${subject}`, limit.windowSeconds);
  if (count > max) {
    throw TooManyRequests(`Too many ${limit.what}. Try again in ${waitText(resetInSeconds)}.`, resetInSeconds);
  }
}

/** The same, keyed by the client's address. */
export function enforceIpLimit(c: Context, deps: AppDeps, name: LimitName): Promise<void> {
  return enforceLimit(deps, name, clientIp(c, deps.config.trustProxy));
}
