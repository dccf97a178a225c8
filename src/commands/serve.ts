// dailypapers serve: database, migrations, web server; Ctrl-C drains requests, then stops the database.
import { serve } from '@hono/node-server';
import type { Config } from '../config.ts';
import { openDatabase, type Sql } from '../db/connect.ts';
import { UsageError } from '../errors.ts';
import { log } from '../log.ts';
import { createApp } from '../web/app.ts';
import { startPageCache } from '../web/page-cache.ts';
import { startScheduler } from '../harvest/scheduler.ts';
import { createMailer } from '../mail/mailer.ts';
import { startSearch, type SearchService } from '../search/service.ts';
import { providerChoice } from '../embeddings/choose-provider.ts';
import { digestForYou, warmForYou } from '../recommend/for-you.ts';
import { termRowCache } from '../recommend/term-rows.ts';

/** Runs the server until SIGINT/SIGTERM; returns the exit code. */
export async function runServe(config: Config): Promise<number> {
  // An unusable embedding setup (an ONNX folder that is not one) stops the start here, before anything runs.
  const embeddings = await providerChoice(config);
  const db = await openDatabase(config, log);
  const pageCache = await startPageCache(db.sql, config.pageCacheSeconds);
  const mailer = createMailer(config.smtpUrl, config.mailFrom, log);
  // Loads the saved search indexes (or builds them in the background: search answers 503 until the keyword index is
  // ready, and keyword-only until the vectors are); one instance per database embeds new papers.
  const search = await startSearch({ sql: db.sql, log, dataDir: config.dataDir, follow: true, waitUntilReady: false, embeddings, embedInBackground: true, mode: config.searchMode });
  const app = createApp({ config, sql: db.sql, log, mailer, pageCache: pageCache?.cache ?? null, search });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
  } catch (err) {
    await search.stop();
    await pageCache?.stop();
    await mailer.close();
    await db.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new UsageError(`Port ${config.port} on ${config.host} is already in use (is another dailypapers running?). Set PORT to another port.`, 1);
    }
    throw err;
  }
  // Harvests run in the background; the site serves whatever is there meanwhile.
  warmForYouWhenReady(search, db.sql);
  const scheduler = startScheduler({ sql: db.sql, config, log, mailer, forYou: digestForYou(search, db.sql) });
  log.info('listening', { url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}/` });

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info('shutting down', { signal });
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  // Stop accepting connections, let in-flight requests finish (bounded), then close the database.
  const closing = new Promise<void>((resolve) => server.close(() => resolve()));
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, config.shutdownTimeoutMs).unref());
  if ('closeIdleConnections' in server) (server as { closeIdleConnections(): void }).closeIdleConnections();
  await Promise.race([closing, timeout]);
  await scheduler.stop();
  await search.stop();
  await mailer.close();
  await pageCache?.stop();
  await db.close();
  log.info('stopped');
  return 0;
}

/** Prepares For you's features in the background once the vectors are there (checked every 30 s until then). */
function warmForYouWhenReady(search: SearchService, sql: Sql): void {
  const attempt = () => {
    warmForYou(search, termRowCache(sql))
      .then((done) => {
        if (!done) setTimeout(attempt, 30_000).unref();
      })
      .catch((err: unknown) => log.warn('could not prepare For you', { err }));
  };
  setTimeout(attempt, 5_000).unref();
}
