// Every rate limit of the site in one table, counted in PostgreSQL (shared by all instances) as sliding
// windows: at most `max` events in any `windowSeconds`, never twice that around a window's end. A 429 says
// exactly when a retry is allowed. New accounts get tighter limits until they have some standing (Lobsters
// does the same).
import type { Context } from 'hono';
import { networkOf, nextAllowedAt, secondsUntil, waitText, type RateRule } from '../../core/rate-rules.ts';
import { TooManyRequests } from '../../errors.ts';
import { deleteEvents, pruneRateLimits, recordEventsUnlessRefused } from '../../store/rate-limits.ts';
import type { User } from '../../store/users.ts';
import { clientIp } from './client-ip.ts';
import type { AppDeps } from '../deps.ts';

interface Limit extends RateRule {
  /** Lower limit for accounts younger than NEW_ACCOUNT_DAYS. */
  newAccountMax?: number;
  what: string;
  /** What else the person can do, after "Try again in …". */
  advice?: string;
}

export const LIMITS = {
  signupPerIp: { max: 5, windowSeconds: 3600, what: 'sign-ups from your network' },
  loginPerIp: { max: 30, windowSeconds: 900, what: 'log-in attempts from your network' },
  // Wrong passwords, at log-in and in every settings form that asks for one (src/web/password-check.ts). A browser
  // that logged in to the account before counts only against itself (per account and browser); strangers count
  // per network, per account and network, and all together per account, which only strangers can exhaust.
  passwordFailuresPerIp: { max: 30, windowSeconds: 900, what: 'wrong passwords from your network' },
  passwordFailuresPerAccount: {
    max: 8,
    windowSeconds: 3600,
    backoff: { firstSeconds: 60, maxSeconds: 900 },
    what: 'failed log-ins for this account from browsers that never logged in to it',
    advice: 'or reset your password',
  },
  passwordFailuresPerClient: {
    max: 5,
    windowSeconds: 3600,
    backoff: { firstSeconds: 60, maxSeconds: 900 },
    what: 'wrong passwords for this account',
  },
  mailPerIp: { max: 5, windowSeconds: 3600, what: 'emails requested from your network' },
  submitPerUser: { max: 20, newAccountMax: 3, windowSeconds: 86_400, what: 'paper submissions' },
  commentPerUser: { max: 60, newAccountMax: 10, windowSeconds: 3600, what: 'comments' },
  // Previews cost a render each and are asked for as people type; generous, but not a free renderer.
  commentPreviewPerUser: { max: 300, windowSeconds: 3600, what: 'comment previews' },
  // Each edit renders the Markdown and math again and changes what readers already saw; fixing typos takes a few.
  commentEditPerUser: { max: 60, newAccountMax: 20, windowSeconds: 3600, what: 'comment edits' },
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

/** One limit to count an event against: which, for whom (a user id, an email, a network), and its max if not LIMITS'. */
export interface LimitCheck {
  name: LimitName;
  subject: string;
  max?: number;
}

const keyOf = (check: LimitCheck) => `${check.name}:${check.subject}`;
const now = (deps: AppDeps) => (deps.now ? deps.now() : new Date());

/**
 * Counts one event against every check, or, when any of them allows none now, counts nothing and throws a 429
 * whose Retry-After (and text) is the time until all of them allow one. Returns the counted events (see forgetEvents).
 */
export async function enforceLimits(deps: AppDeps, checks: LimitCheck[]): Promise<string[]> {
  const at = now(deps);
  const rules = checks.map((check): Limit => ({ ...LIMITS[check.name], max: check.max ?? LIMITS[check.name].max }));
  const windows = checks.map((check, i) => {
    const rule = rules[i]!;
    const since = new Date(at.getTime() - rule.windowSeconds * 1000);
    // A plain window needs only its max-th newest event, the one that must leave before one more is allowed (so a
    // vote never reads hundreds of rows). A backoff needs them all: past max, one gets through per firstSeconds at most.
    if (!rule.backoff) return { key: keyOf(check), since, skip: Math.max(0, rule.max - 1), take: 1 };
    return { key: keyOf(check), since, skip: 0, take: rule.max + Math.ceil(rule.windowSeconds / rule.backoff.firstSeconds) };
  });
  const result = await recordEventsUnlessRefused(deps.sql, windows, at, (times) => {
    let wait: { until: number; limit: Limit } | null = null;
    for (const [i, t] of times.entries()) {
      const rule = rules[i]!;
      // The max-th newest event alone decides a plain window, as a window of one.
      const until = nextAllowedAt(t, at.getTime(), rule.backoff ? rule : { max: 1, windowSeconds: rule.windowSeconds });
      if (until > at.getTime() && (!wait || until > wait.until)) wait = { until, limit: rule };
    }
    return wait;
  });
  if (result.refused) {
    const { until, limit } = result.refused;
    const seconds = secondsUntil(until, at.getTime());
    throw TooManyRequests(`Too many ${limit.what}. Try again in ${waitText(seconds)}${limit.advice ? `, ${limit.advice}` : ''}.`, seconds);
  }
  pruneNowAndThen(deps, at);
  return result.ids;
}

/** Counts one event of `name` for `subject` (a user id, an email) and throws a 429 once over the limit. */
export async function enforceLimit(deps: AppDeps, name: LimitName, subject: string, user?: User | null): Promise<void> {
  const limit: Limit = LIMITS[name];
  const max = user && isNewAccount(user) && limit.newAccountMax !== undefined ? limit.newAccountMax : limit.max;
  await enforceLimits(deps, [{ name, subject, max }]);
}

/** The client's network for per-network limits: its address, or its /64 for IPv6. */
export function clientNetwork(c: Context, deps: AppDeps): string {
  return networkOf(clientIp(c, deps.config.trustProxy));
}

/** The same as enforceLimit, keyed by the client's network. */
export function enforceIpLimit(c: Context, deps: AppDeps, name: LimitName): Promise<void> {
  return enforceLimit(deps, name, clientNetwork(c, deps));
}

/** Takes back counted events (an attempt that turned out not to count) and starts the count of `clear` again. */
export function forgetEvents(deps: AppDeps, ids: string[], clear: LimitCheck[] = []): Promise<void> {
  return deleteEvents(deps.sql, ids, clear.map(keyOf));
}

const LONGEST_WINDOW_MS = Math.max(...Object.values(LIMITS).map((l: Limit) => l.windowSeconds)) * 1000;
const PRUNE_EVERY_MS = 3_600_000;
const lastPrune = new WeakMap<object, number>();

// Events older than the longest window count for nothing; each process deletes them about once an hour.
function pruneNowAndThen(deps: AppDeps, at: Date): void {
  const last = lastPrune.get(deps.sql);
  if (last !== undefined && Math.abs(at.getTime() - last) < PRUNE_EVERY_MS) return;
  lastPrune.set(deps.sql, at.getTime());
  pruneRateLimits(deps.sql, new Date(at.getTime() - LONGEST_WINDOW_MS)).catch((err: unknown) =>
    deps.log.warn('could not prune rate-limit events', { err }),
  );
}
