// One web worker of `dailypapers serve` (WEB_CONCURRENCY > 1): serves the pages from its own page cache and its own
// database pool, asks the primary for search (workers/search-rpc.ts) and sends the mail its pages queue at once
// (the primary's outbox worker retries what could not go). It stops as the primary tells it, at its own first
// SIGINT/SIGTERM (Ctrl-C reaches the whole process group), or when the primary is gone; it drains its requests
// within SHUTDOWN_TIMEOUT_MS and leaves the database.
import type { Server } from 'node:http';
import type { Config } from '../config.ts';
import { openDatabase, type Database } from '../db/connect.ts';
import { UsageError } from '../errors.ts';
import { requestStop, stopping, stopsItself } from '../lifecycle.ts';
import { log } from '../log.ts';
import { createMailer } from '../mail/mailer.ts';
import { createImmediateOutbox, deliveryRetries } from '../mail/outbox.ts';
import { createApp } from '../web/app.ts';
import { loggedInFastPath } from '../web/http/cached-pages-listener.ts';
import { startWebCaches } from '../web/web-caches.ts';
import { createWebServer, drain, listen, portOf } from '../web/server.ts';
import { remoteSearchAccess } from '../workers/search-rpc.ts';
import type { WorkerReport } from '../workers/web-workers.ts';

function report(m: WorkerReport): void {
  if (process.connected) process.send?.(m);
}

/** Runs this worker until it is told to stop; returns the exit code. */
export async function runWebWorker(config: Config): Promise<number> {
  stopsItself();
  process.on('message', (m: { type?: string }) => {
    if (m?.type === 'stop') requestStop('stopped by the primary');
  });
  process.on('disconnect', () => requestStop('the primary process is gone'));
  let db: Database | null = null;
  let server: Server | null = null;
  const stops: (() => Promise<void>)[] = [];
  try {
    // The primary applied the migrations before it forked; here they are found applied.
    db = await openDatabase(config, log);
    if (stopping.aborted) return 0;
    const caches = await startWebCaches(db.sql, config.pageCacheSeconds);
    stops.push(() => caches.stop());
    const mailer = createMailer(config.smtpUrl, config.mailFrom, log);
    stops.push(() => mailer.close());
    const outbox = createImmediateOutbox({
      sql: db.sql,
      mailer,
      log,
      ...deliveryRetries(config),
    });
    const search = remoteSearchAccess();
    const stopped = new Promise<void>((resolve) =>
      stopping.aborted ? resolve() : stopping.addEventListener('abort', () => resolve(), { once: true }),
    );
    await Promise.race([search.statusKnown, stopped]);
    if (stopping.aborted) return 0;
    const app = createApp({
      config,
      sql: db.sql,
      log,
      outbox,
      pageCache: caches.pageCache,
      viewerCaches: caches.viewerCaches,
      search,
      stopping,
    });
    server = await listen(createWebServer(app.fetch, caches.pageCache, config.host, loggedInFastPath(config, caches.viewerCaches)), config);
    report({ type: 'worker-listening', port: portOf(server) });
    await new Promise<void>((resolve) =>
      stopping.aborted ? resolve() : stopping.addEventListener('abort', () => resolve(), { once: true }),
    );
    return 0;
  } catch (err) {
    report({
      type: 'worker-failed',
      message: err instanceof Error ? err.message : String(err),
      exitCode: err instanceof UsageError ? err.exitCode : 1,
    });
    throw err;
  } finally {
    if (server) await drain(server, config.shutdownTimeoutMs, log);
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => log.warn('could not stop', { err }));
    await db?.close();
    // The IPC channel would keep this process alive until the CLI's exit guard; nothing more goes through it.
    if (process.connected) process.disconnect();
  }
}
