// Builds the web app in-process against a test database; requests go through app.request (no socket).
import type { Hono } from 'hono';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Sql } from '../../src/db/connect.ts';
import { createLogger } from '../../src/log.ts';
import { MemoryMailer } from '../../src/mail/mailer.ts';
import { createApp } from '../../src/web/app.ts';

/** Returns the app wired to `sql` with default settings (overridable); mail goes to `mailer`. */
export function createTestApp(sql: Sql, overrides: Partial<Config> = {}, mailer: MemoryMailer = new MemoryMailer()): Hono {
  const config = { ...loadConfig({}), ...overrides };
  return createApp({ config, sql, log: createLogger(), mailer });
}
