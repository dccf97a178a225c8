// The parsers of config.ts's settings: each turns an environment variable's text into its value, or throws a
// message saying what was expected (loadConfig gathers them into one ConfigError).
import { isIP } from 'node:net';

/** Reverse proxies in front of the app: how many (hops), or their addresses; null: none, use the socket's peer. */
export type TrustProxy = { hops: number } | { addresses: string[] } | null;

export type Parser<T> = (raw: string) => T;

export const integer =
  (min: number, max: number): Parser<number> =>
  (raw) => {
    if (!/^\d+$/.test(raw)) throw new Error(`expected a whole number, got "${raw}"`);
    const n = Number(raw);
    if (n < min || n > max) throw new Error(`expected a number from ${min} to ${max}, got ${n}`);
    return n;
  };

export const oneOf =
  <T extends string>(...values: T[]): Parser<T> =>
  (raw) => {
    const v = raw.toLowerCase() as T;
    if (!values.includes(v)) throw new Error(`expected one of ${values.join(', ')}, got "${raw}"`);
    return v;
  };

export const text: Parser<string> = (raw) => raw;

export const trustProxy: Parser<TrustProxy> = (raw) => {
  const v = raw.trim().toLowerCase();
  if (v === 'off' || v === 'false' || v === '0' || v === '') return null;
  // "on" keeps its old meaning for the common case: one proxy (nginx) on the same machine.
  if (v === 'on' || v === 'true') return { hops: 1 };
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops > 10) throw new Error(`expected at most 10 proxies, got ${hops}`);
    return { hops };
  }
  const addresses = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const a of addresses) {
    const [address, bits, extra] = a.split('/');
    const family = isIP(address ?? '');
    const max = family === 6 ? 128 : 32;
    if (family === 0 || extra !== undefined || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= max))) {
      throw new Error(
        `expected off, a number of proxies (1, 2, ...) or proxy addresses like 127.0.0.1,10.0.0.0/8; "${a}" is none of these`,
      );
    }
  }
  return { addresses };
};

export const onOff: Parser<boolean> = (raw) => {
  const v = raw.toLowerCase();
  if (['on', 'true', '1', 'yes'].includes(v)) return true;
  if (['off', 'false', '0', 'no'].includes(v)) return false;
  throw new Error(`expected on or off, got "${raw}"`);
};

// arXiv category names: cs.AI, stat.ML, astro-ph, astro-ph.GA, hep-th, q-bio.NC, math-ph.
const CATEGORY = /^[a-z]+(-[a-z]+)?(\.[A-Za-z]{2,})?$/;
export const categories: Parser<string[]> = (raw) => {
  const list = raw.split(/[\s,]+/).filter(Boolean);
  if (list.length === 0) throw new Error('expected at least one arXiv category, like cs.CL');
  const bad = list.filter((c) => !CATEGORY.test(c));
  if (bad.length > 0) throw new Error(`not arXiv categories: ${bad.join(', ')} (expected names like cs.AI, stat.ML, astro-ph.GA)`);
  return [...new Set(list)];
};

export const smtpUrl: Parser<string | null> = (raw) => {
  if (raw === '') return null;
  try {
    const u = new URL(raw);
    if (u.protocol === 'smtp:' || u.protocol === 'smtps:') return raw;
  } catch {
    // fall through to the message
  }
  throw new Error('expected a URL like smtp://user:password@host:587 or smtps://user:password@host:465');
};

export const mailFrom: Parser<string> = (raw) => {
  if (/[\r\n]/.test(raw) || !/@/.test(raw)) throw new Error(`expected an address like "Daily Papers <papers@example.org>", got "${raw}"`);
  return raw;
};

export const email: Parser<string> = (raw) => {
  if (raw !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw)) throw new Error(`expected an email address, got "${raw}"`);
  return raw;
};

export const postgresUrl: Parser<string | null> = (raw) => {
  if (raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('expected a URL like postgres://user:password@host:5432/dbname');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(`expected a postgres:// or postgresql:// URL, got "${url.protocol}//..."`);
  }
  return raw;
};

export const httpUrl: Parser<string> = (raw) => {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('bad protocol');
    return raw.replace(/\/+$/, '');
  } catch {
    throw new Error(`expected an http(s) URL like https://papers.example.org, got "${raw}"`);
  }
};
