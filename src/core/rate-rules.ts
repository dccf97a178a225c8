// When a rate limit allows its next event, from the times of the events it counted (pure).
// A rule is a sliding window: at most `max` events in any `windowSeconds`. With `backoff`, the window holds
// `max` events freely and then one more each time a delay has passed since the latest: `firstSeconds`,
// doubling with each further event, up to `maxSeconds` (a slowdown rather than a lock for the window).

export interface RateRule {
  max: number;
  windowSeconds: number;
  backoff?: { firstSeconds: number; maxSeconds: number };
}

function delayMs(rule: RateRule, count: number): number {
  if (!rule.backoff) return Infinity;
  const { firstSeconds, maxSeconds } = rule.backoff;
  return Math.min(firstSeconds * 2 ** (count - rule.max), maxSeconds) * 1000;
}

/**
 * The earliest time (ms) not before `now` at which one more event is allowed, given the times (ms, any order)
 * of the events of the key; `now` itself when it is allowed at once. Exact: events leave the window as time passes,
 * and the answer is the first moment at which what is left allows one more.
 */
export function nextAllowedAt(eventTimes: readonly number[], now: number, rule: RateRule): number {
  const windowMs = rule.windowSeconds * 1000;
  const live = eventTimes.filter((t) => t > now - windowMs).sort((a, b) => a - b);
  const latest = live.at(-1) ?? 0;
  // Between the k-th and the (k+1)-th oldest event's expiry, n - k events are in the window.
  for (let k = 0; k <= live.length; k++) {
    const from = k === 0 ? now : live[k - 1]! + windowMs;
    const until = k < live.length ? live[k]! + windowMs : Infinity;
    const count = live.length - k;
    if (count < rule.max) return from;
    const at = Math.max(from, latest + delayMs(rule, count));
    if (at < until) return at;
  }
  return Infinity; // only a rule with max 0 gets here: it never allows an event
}

/** Whole seconds until `at` (at least 1), as Retry-After states them: waiting that long is always enough. */
export function secondsUntil(at: number, now: number): number {
  return Math.max(1, Math.ceil((at - now) / 1000));
}

const unit = (n: number, name: string) => `${n} ${name}${n === 1 ? '' : 's'}`;

/** "1 minute", "58 minutes 30 seconds", "2 hours 5 minutes": exactly `seconds`, for a page that says how long to wait. */
export function waitText(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const parts = [h ? unit(h, 'hour') : '', m ? unit(m, 'minute') : '', s || (!h && !m) ? unit(s, 'second') : ''];
  return parts.filter(Boolean).join(' ');
}

/**
 * The network a client address counts for in per-network limits: an IPv4 address itself, and for IPv6 its /64
 * (one subscriber's LAN gets a whole /64, so counting single addresses would give an attacker 2^64 fresh starts).
 */
export function networkOf(address: string): string {
  if (!address.includes(':')) return address;
  const halves = address.split('%')[0]!.toLowerCase().split('::');
  if (halves.length > 2) return address;
  const groups = (half: string | undefined) => (half ? half.split(':') : []);
  const left = groups(halves[0]);
  const right = groups(halves[1]);
  const width = (gs: string[]) => gs.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const missing = 8 - width(left) - width(right);
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return address;
  const full = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  const prefix = full.slice(0, 4).map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16).toString(16) : null));
  return prefix.includes(null) ? address : `${prefix.join(':')}::/64`;
}
