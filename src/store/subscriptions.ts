// Digest subscriptions: one per address, created pending, active once the address confirms.
import type { Sql, Tx } from '../db/connect.ts';

export type Frequency = 'daily' | 'weekly';
export type SubscriptionStatus = 'pending' | 'active' | 'unsubscribed' | 'paused';

export interface Preferences {
  frequency: Frequency;
  includeTrending: boolean;
  categories: string[];
  keywords: string[];
  authors: string[];
  forYou: boolean;
}

export interface Subscription extends Preferences {
  id: number;
  email: string;
  userId: number | null;
  status: SubscriptionStatus;
  bounces: number;
  confirmedAt: Date | null;
}

const COLUMNS = (sql: Sql | Tx) => sql`
  id::int, email, user_id::int AS "userId", status, frequency, include_trending AS "includeTrending", categories, keywords,
  authors, for_you AS "forYou", bounces, confirmed_at AS "confirmedAt"`;

export async function getSubscription(sql: Sql, id: number): Promise<Subscription | null> {
  const rows = await sql<Subscription[]>`SELECT ${COLUMNS(sql)} FROM subscriptions WHERE id = ${id}`;
  return rows[0] ?? null;
}

export async function findSubscriptionByEmail(sql: Sql | Tx, email: string): Promise<Subscription | null> {
  const rows = await sql<Subscription[]>`SELECT ${COLUMNS(sql)} FROM subscriptions WHERE lower(email) = lower(${email})`;
  return rows[0] ?? null;
}

/** The subscription of an account: linked to it, or under its address. */
export async function findSubscriptionForUser(sql: Sql, userId: number, email: string): Promise<Subscription | null> {
  const rows = await sql<Subscription[]>`
    SELECT ${COLUMNS(sql)} FROM subscriptions WHERE user_id = ${userId} OR lower(email) = lower(${email})
    ORDER BY (user_id = ${userId}) DESC NULLS LAST LIMIT 1`;
  return rows[0] ?? null;
}

/**
 * Records a request to subscribe with these preferences. A new or not-yet-active address stays (or
 * becomes) pending until confirmed; an active one keeps its status. Returns the row as it is now.
 */
export async function requestSubscription(
  sql: Sql | Tx,
  email: string,
  prefs: Preferences,
  userId: number | null,
  confirmed = false,
): Promise<Subscription> {
  const status = confirmed ? 'active' : 'pending';
  const rows = await sql<Subscription[]>`
    INSERT INTO subscriptions (email, user_id, status, frequency, include_trending, categories, keywords, authors, for_you, confirmed_at)
    VALUES (${email}, ${userId}, ${status}, ${prefs.frequency}, ${prefs.includeTrending}, ${prefs.categories}, ${prefs.keywords},
            ${prefs.authors}, ${prefs.forYou}, ${confirmed ? sql`now()` : null})
    ON CONFLICT (lower(email)) DO UPDATE SET
      user_id = COALESCE(subscriptions.user_id, EXCLUDED.user_id),
      -- Preferences of an active subscription change only through its signed link or the account;
      -- a stranger typing the address in the box must not rewrite them.
      frequency = CASE WHEN subscriptions.status = 'active' AND NOT ${confirmed} THEN subscriptions.frequency ELSE EXCLUDED.frequency END,
      include_trending = CASE WHEN subscriptions.status = 'active' AND NOT ${confirmed} THEN subscriptions.include_trending ELSE EXCLUDED.include_trending END,
      categories = CASE WHEN subscriptions.status = 'active' AND NOT ${confirmed} THEN subscriptions.categories ELSE EXCLUDED.categories END,
      keywords = CASE WHEN subscriptions.status = 'active' AND NOT ${confirmed} THEN subscriptions.keywords ELSE EXCLUDED.keywords END,
      authors = CASE WHEN subscriptions.status = 'active' AND NOT ${confirmed} THEN subscriptions.authors ELSE EXCLUDED.authors END,
      for_you = CASE WHEN subscriptions.status = 'active' AND NOT ${confirmed} THEN subscriptions.for_you ELSE EXCLUDED.for_you END,
      status = CASE WHEN subscriptions.status = 'active' OR ${confirmed} THEN 'active' ELSE 'pending' END,
      confirmed_at = CASE WHEN ${confirmed} THEN COALESCE(subscriptions.confirmed_at, now()) ELSE subscriptions.confirmed_at END,
      bounces = CASE WHEN ${confirmed} THEN 0 ELSE subscriptions.bounces END
    RETURNING ${COLUMNS(sql)}`;
  return rows[0]!;
}

/** Confirms a pending (or re-subscribing) address; false when there is nothing to confirm. */
export async function confirmSubscription(sql: Sql, id: number): Promise<boolean> {
  const rows = await sql`
    UPDATE subscriptions SET status = 'active', confirmed_at = now(), unsubscribed_at = NULL, bounces = 0
    WHERE id = ${id} AND status <> 'active' RETURNING id`;
  return rows.length > 0 || (await getSubscription(sql, id))?.status === 'active';
}

export async function unsubscribe(sql: Sql, id: number): Promise<boolean> {
  const rows = await sql`
    UPDATE subscriptions SET status = 'unsubscribed', unsubscribed_at = now() WHERE id = ${id} AND status <> 'unsubscribed' RETURNING id`;
  return rows.length > 0;
}

export async function updatePreferences(sql: Sql, id: number, prefs: Preferences): Promise<void> {
  await sql`
    UPDATE subscriptions SET frequency = ${prefs.frequency}, include_trending = ${prefs.includeTrending},
      categories = ${prefs.categories}, keywords = ${prefs.keywords}, authors = ${prefs.authors}, for_you = ${prefs.forYou}
    WHERE id = ${id}`;
}
