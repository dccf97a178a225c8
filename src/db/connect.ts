// Opens the one database the app uses: the server at DATABASE_URL, or the embedded one under DATA_DIR.
import postgres from 'postgres';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded.ts';
import { migrate } from './migrate.ts';

export type Sql = postgres.Sql<Record<string, never>>;
/** A transaction handle (from sql.begin); it runs the same tagged queries as Sql. */
export type Tx = postgres.TransactionSql<Record<string, never>>;

export interface Database {
  sql: Sql;
  url: string;
  /** Closes the pool, then stops the embedded server if we started one. */
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
    if (rows.length === 0) await admin.unsafe(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
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
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log });
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
  return {
    sql,
    url,
    async close() {
      await sql.end({ timeout: 5 });
      await embedded?.stop();
    },
  };
}
