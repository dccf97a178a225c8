// Every setting in one table: env name, default, parser, and what it is for.
// `loadConfig` validates them all at once and throws one ConfigError listing every bad value,
// so a misconfigured start fails fast with a message that says how to fix it.
import path from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  embeddedPgPort: number;
  logLevel: LogLevel;
  logFormat: 'auto' | 'json' | 'pretty';
  siteName: string;
  baseUrl: string;
  feedPageSize: number;
  shutdownTimeoutMs: number;
  pageCacheSeconds: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Parser<T> = (raw: string) => T;

interface Setting<K extends keyof Config> {
  key: K;
  env: string;
  default: string | null;
  parse: Parser<Config[K]>;
  doc: string;
}

const integer =
  (min: number, max: number): Parser<number> =>
  (raw) => {
    if (!/^\d+$/.test(raw)) throw new Error(`expected a whole number, got "${raw}"`);
    const n = Number(raw);
    if (n < min || n > max) throw new Error(`expected a number from ${min} to ${max}, got ${n}`);
    return n;
  };

const oneOf =
  <T extends string>(...values: T[]): Parser<T> =>
  (raw) => {
    const v = raw.toLowerCase() as T;
    if (!values.includes(v)) throw new Error(`expected one of ${values.join(', ')}, got "${raw}"`);
    return v;
  };

const text: Parser<string> = (raw) => raw;

const postgresUrl: Parser<string | null> = (raw) => {
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

const httpUrl: Parser<string> = (raw) => {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('bad protocol');
    return raw.replace(/\/+$/, '');
  } catch {
    throw new Error(`expected an http(s) URL like https://papers.example.org, got "${raw}"`);
  }
};

const settings = [
  { key: 'port', env: 'PORT', default: '3000', parse: integer(0, 65535), doc: 'HTTP port of the web server' },
  { key: 'host', env: 'HOST', default: '127.0.0.1', parse: text, doc: 'address the web server listens on (0.0.0.0 for all)' },
  { key: 'dataDir', env: 'DATA_DIR', default: './data', parse: (raw: string) => path.resolve(raw), doc: 'folder for the embedded PostgreSQL cluster and other state' },
  { key: 'databaseUrl', env: 'DATABASE_URL', default: '', parse: postgresUrl, doc: 'use this PostgreSQL 15+ server instead of the embedded one' },
  { key: 'embeddedPgPort', env: 'EMBEDDED_PG_PORT', default: '54329', parse: integer(1024, 65535), doc: 'loopback port of the embedded PostgreSQL server' },
  { key: 'logLevel', env: 'LOG_LEVEL', default: 'info', parse: oneOf<LogLevel>('debug', 'info', 'warn', 'error'), doc: 'least severe log level printed' },
  { key: 'logFormat', env: 'LOG_FORMAT', default: 'auto', parse: oneOf('auto', 'json', 'pretty'), doc: 'json (one object a line), pretty, or auto: pretty on a terminal, else json' },
  { key: 'siteName', env: 'SITE_NAME', default: 'Daily Papers', parse: text, doc: 'name shown in the header and page titles' },
  { key: 'baseUrl', env: 'BASE_URL', default: 'http://localhost:3000', parse: httpUrl, doc: 'public URL of the site, used in absolute links' },
  { key: 'feedPageSize', env: 'FEED_PAGE_SIZE', default: '50', parse: integer(1, 100), doc: 'paper cards per feed page' },
  { key: 'shutdownTimeoutMs', env: 'SHUTDOWN_TIMEOUT_MS', default: '10000', parse: integer(0, 600000), doc: 'how long in-flight requests may finish on shutdown' },
  { key: 'pageCacheSeconds', env: 'PAGE_CACHE_SECONDS', default: '60', parse: integer(0, 86400), doc: 'how long feed pages and API listings are served from memory at most (emptied on every data change; 0 turns it off)' },
] as const satisfies readonly Setting<keyof Config>[];

/** Returns the documented settings (env name, default, description) for `dailypapers config` and the README. */
export function describeSettings(): { env: string; default: string | null; doc: string }[] {
  return settings.map((s) => ({ env: s.env, default: s.default, doc: s.doc }));
}

/** Parses every setting from `env`, throwing one ConfigError that lists all invalid values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const out: Partial<Record<keyof Config, unknown>> = {};
  for (const s of settings) {
    const raw = env[s.env] ?? s.default ?? '';
    try {
      out[s.key] = (s.parse as Parser<unknown>)(raw.trim());
    } catch (err) {
      problems.push(`  ${s.env}: ${(err as Error).message} (${s.doc}; default ${s.default === '' ? 'unset' : s.default})`);
    }
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}\nFix the environment variables above and start again.`);
  }
  return out as Config;
}
