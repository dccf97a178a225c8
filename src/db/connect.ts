// Opens the one database the app uses: the server at DATABASE_URL, or the embedded one under DATA_DIR.
import postgres from 'postgres';
import type { Config } from '../config.ts';
import { onInterrupt } from '../lifecycle.ts';
import type { Logger } from '../log.ts';
import { openEmbeddedPostgres, type EmbeddedServer } from './embedded.ts';
import { migrate } from './migrate.ts';

export type Sql = postgres.Sql<Record<string, never>>;
/** A transaction handle (from sql.begin); it runs the same tagged queries as Sql. */
export type Tx = postgres.TransactionSql<Record<string, never>>;

export interface Database {
  sql: Sql;
  url: string;
  /** The embedded server this process uses, or null with DATABASE_URL. */
  embedded: EmbeddedServer | null;
  /** Closes the pool, then leaves the embedded server (the last process to leave stops it). */
  close(): Promise<void>;
}

const EMBEDDED_DB_NAME = 'dailypapers';

/** Returns a postgres.js pool for `url` with the settings every part of the app shares. */
export function createPool(url: string, options: { max?: number } = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => {},
    // Dates stay strings ('YYYY-MM-DD') so a feed day never shifts with the server's time zone.
    types: { date: { to: 1082, from: [1082], serialize: (x: string) => x, parse: (x: string) => x } },
  }) as unknown as Sql;
}

/** Creates database `name` on the server at `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin`SELECT 1 FROM pg_database WHERE datname = ${name}`;
    if (rows.length === 0) {
      // Two processes starting at once may both see no database: the second CREATE fails, and that is fine.
      await admin.unsafe(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((err: { code?: string }) => {
        if (err.code !== '42P04' && err.code !== '23505') throw err;
      });
    }
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = '/' + name;
  return url.toString();
}

/** Connects (starting the embedded server when DATABASE_URL is unset) and applies pending migrations. */
export async function openDatabase(config: Config, log: Logger, options: { max?: number } = {}): Promise<Database> {
  let embedded: EmbeddedServer | null = null;
  let url: string;
  if (config.databaseUrl) {
    url = config.databaseUrl;
  } else {
    embedded = await openEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log });
    try {
      url = await ensureDatabase(embedded.adminUrl, EMBEDDED_DB_NAME);
    } catch (err) {
      await embedded.stop();
      throw err;
    }
  }
  const sql = createPool(url, options);
  try {
    await migrate(sql, log);
  } catch (err) {
    await sql.end({ timeout: 5 });
    await embedded?.stop();
    throw err;
  }
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      forget();
      await sql.end({ timeout: 5 });
      await embedded?.stop();
    })());
  // A command stopped by Ctrl-C still leaves the shared embedded server properly (and stops it if it was the last).
  const forget = onInterrupt(close);
  return { sql, url, embedded, close };
}
