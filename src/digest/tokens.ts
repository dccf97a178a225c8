// Signed tokens in digest links: unsubscribe and manage (no expiry: old mails must keep working) and
// confirm (expires). HMAC with the site's secret, so they cannot be forged or enumerated.
import { hmac, safeEqual } from '../auth/tokens.ts';

export type TokenUse = 'unsubscribe' | 'manage' | 'confirm' | 'view';

const CONFIRM_TTL_MS = 7 * 86_400_000;

function sign(secret: string, use: TokenUse, id: number, expires: number | null): string {
  return hmac(secret, `${use}:${id}:${expires ?? ''}`).slice(0, 32);
}

/** `id.signature` (or `id.expiry.signature` for confirm links). */
export function subscriptionToken(secret: string, use: TokenUse, id: number, now = Date.now()): string {
  if (use === 'confirm') {
    const expires = Math.floor((now + CONFIRM_TTL_MS) / 1000);
    return `${id}.${expires}.${sign(secret, use, id, expires)}`;
  }
  return `${id}.${sign(secret, use, id, null)}`;
}

/** The subscription id a token is for, or null when it is forged, malformed, for another use, or expired. */
export function verifySubscriptionToken(secret: string, use: TokenUse, token: string, now = Date.now()): number | null {
  const parts = token.split('.');
  const id = Number(parts[0]);
  if (!/^\d{1,15}$/.test(parts[0] ?? '') || !Number.isSafeInteger(id)) return null;
  if (use === 'confirm') {
    if (parts.length !== 3 || !/^\d{1,12}$/.test(parts[1]!)) return null;
    const expires = Number(parts[1]);
    if (expires * 1000 < now) return null;
    return safeEqual(parts[2]!, sign(secret, use, id, expires)) ? id : null;
  }
  if (parts.length !== 2) return null;
  return safeEqual(parts[1]!, sign(secret, use, id, null)) ? id : null;
}
