// The private For you feed URL: /for-you/feed/<user id>-<token>.rss, where the token is an HMAC of the user and
// the link's version under the site secret. Nothing secret is stored: revoking bumps the version.
import { hmac, safeEqual } from '../auth/tokens.ts';

const TOKEN_CHARS = 32;

export function forYouFeedToken(secret: string, userId: number, version: number): string {
  return hmac(secret, `for-you-feed:${userId}:${version}`).slice(0, TOKEN_CHARS);
}

/** The key of a feed URL path segment ("12-abc…"), without its format suffix. */
export function forYouFeedKey(secret: string, userId: number, version: number): string {
  return `${userId}-${forYouFeedToken(secret, userId, version)}`;
}

/** Splits a key into user id and token; null when it is not shaped like one. */
export function parseForYouFeedKey(key: string): { userId: number; token: string } | null {
  const m = /^(\d{1,15})-([A-Za-z0-9_-]{8,64})$/.exec(key);
  return m ? { userId: Number(m[1]), token: m[2]! } : null;
}

/** Whether `token` is the current token of the user's link (constant time). */
export function validForYouFeedToken(secret: string, userId: number, version: number | null, token: string): boolean {
  return version !== null && safeEqual(forYouFeedToken(secret, userId, version), token);
}
