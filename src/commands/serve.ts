// dailypapers serve: database, migrations, web server and background jobs. SIGINT/SIGTERM at any point (during the
// start-up work too) stops accepting, lets requests finish within SHUTDOWN_TIMEOUT_MS, stops every job at a safe
// point, leaves the shared embedded PostgreSQL (stopping it if this was its last user) and exits 0.
// With WEB_CONCURRENCY > 1 this process is the primary: it keeps the search indexes and the background jobs and
// forks that many web workers (serve-worker.ts), which serve the pages and ask it for search.
import cluster from 'node:cluster';
import type { Server } from 'node:http';
import path from 'node:path';
import type { Config } from '../config.ts';
import { openDatabase, type Database, type Sql } from '../db/connect.ts';
import { stopping, stopsItself } from '../lifecycle.ts';
import { log } from '../log.ts';
import { createApp } from '../web/app.ts';
import { createWebServer, drain, listen, portOf } from '../web/server.ts';
import { startWebWorkers, type WebWorkers } from '../workers/web-workers.ts';
import { localSearchAccess } from '../workers/search-access.ts';
import { runWebWorker } from './serve-worker.ts';
import { loggedInFastPath } from '../web/http/cached-pages-listener.ts';
import { startWebCaches } from '../web/web-caches.ts';
import { startScheduler } from '../jobs/scheduler.ts';
import { createMailer } from '../mail/mailer.ts';
import { deliveryRetries } from '../mail/outbox.ts';
import { startOutboxWorker } from '../mail/outbox-worker.ts';
import { startSearch, type SearchService } from '../search/service.ts';
import { providerChoice } from '../embeddings/choose-provider.ts';
import { digestForYou, warmForYou } from '../recommend/for-you.ts';
import { featureRowCache } from '../recommend/feature-rows.ts';
import { countPapers } from '../store/papers.ts';
import { startPaperSummaries } from '../jobs/paper-summaries.ts';
import { summaryProvider } from '../summaries/choose-provider.ts';

// Jobs get this long after the requests have drained to reach a safe point; past it the process exits anyway (the
// CLI's exit guard), since every job writes in transactions that a cut connection rolls back.
const JOBS_STOP_GRACE_MS = 5_000;

/** What has been started so far, stopped in reverse order of dependence (whatever the start got to). */
interface Running {
  db?: Database;
  server?: Server;
  workers?: WebWorkers;
  stops: (() => Promise<void>)[];
}

/** Runs the server until SIGINT/SIGTERM; returns the exit code. */
export async function runServe(config: Config): Promise<number> {
  if (cluster.isWorker) return runWebWorker(config);
  stopsItself();
  const running: Running = { stops: [] };
  try {
    const started = await start(config, running);
    if (started) {
      await new Promise<void>((resolve) =>
        stopping.aborted ? resolve() : stopping.addEventListener('abort', () => resolve(), { once: true }),
      );
    }
  } catch (err) {
    await shutDown(config, running);
    throw err;
  }
  await shutDown(config, running);
  log.info('stopped');
  return 0;
}

/** Starts everything; returns false when a signal came during the start (what started is in `running`). */
async function start(config: Config, running: Running): Promise<boolean> {
  // An unusable embedding or summary setup (an ONNX folder that is not one) stops the start here, before anything runs.
  const embeddings = await providerChoice(config);
  const summaries = summaryProvider(config, log);
  const db = await openDatabase(config, log);
  running.db = db;
  if (stopping.aborted) return false;
  const workers = config.webConcurrency > 1 ? config.webConcurrency : 0;
  // The workers keep their own caches; the primary serves nothing itself.
  const caches = workers ? null : await startWebCaches(db.sql, config.pageCacheSeconds);
  if (caches) running.stops.push(() => caches.stop());
  const mailer = createMailer(config.smtpUrl, config.mailFrom, log);
  running.stops.push(() => mailer.close());
  // Mail the pages queue is sent (and retried while the mail server is down) by this worker; several servers on one
  // database share the queue without sending a mail twice.
  const outbox = startOutboxWorker({
    sql: db.sql,
    mailer,
    log,
    ...deliveryRetries(config),
  });
  running.stops.push(() => outbox.stop());
  // Loads the saved search indexes (or builds them in the background: search answers 503 until the keyword index is
  // ready, and keyword-only until the vectors are); one instance per database embeds new papers.
  const search = await startSearch({
    sql: db.sql,
    log,
    dataDir: config.dataDir,
    follow: true,
    waitUntilReady: false,
    embeddings,
    embedInBackground: true,
    mode: config.searchMode,
  });
  running.stops.push(() => search.stop());
  if (stopping.aborted) return false;
  let port: number;
  if (workers) {
    running.workers = startWebWorkers({ count: workers, search: localSearchAccess(search, db.sql), log });
    port = await running.workers.listening;
  } else {
    const { pageCache, viewerCaches } = caches!;
    const app = createApp({ config, sql: db.sql, log, outbox, pageCache, viewerCaches, search, stopping });
    running.server = await listen(createWebServer(app.fetch, pageCache, config.host, loggedInFastPath(config, viewerCaches)), config);
    port = portOf(running.server);
  }
  if (stopping.aborted) return false;
  // Harvests run in the background; the site serves whatever is there meanwhile.
  const warm = warmForYouWhenReady(search, db.sql);
  running.stops.push(async () => warm.cancel());
  const scheduler = startScheduler({ sql: db.sql, config, log, mailer, forYou: digestForYou(search, db.sql) });
  running.stops.push(() => scheduler.stop());
  // AI summaries and keywords for the papers Hugging Face has not summarized, now and after every harvest or import.
  const summaryJob = startPaperSummaries({ sql: db.sql, log, provider: summaries, statsDir: path.join(config.dataDir, 'summaries') });
  running.stops.push(() => summaryJob.stop());
  log.info('listening', {
    url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/`,
    baseUrl: config.baseUrl,
    dataDir: config.dataDir,
    database: db.embedded
      ? `embedded PostgreSQL on 127.0.0.1:${db.embedded.port} (${db.embedded.started ? 'started here' : 'shared'})`
      : 'DATABASE_URL',
    webWorkers: workers || 'this process',
    embeddings: embeddings ? (embeddings.kind === 'corpus' ? 'corpus model' : embeddings.provider.key) : 'off',
    papers: await countPapers(db.sql),
    indexed: search.building() ? 'building' : search.stats().papers,
  });
  return true;
}

/** Drains requests (bounded), stops the jobs at a safe point, then closes the database. */
async function shutDown(config: Config, running: Running): Promise<void> {
  if (running.server) await drain(running.server, config.shutdownTimeoutMs, log);
  // Each worker drains its own requests within SHUTDOWN_TIMEOUT_MS; past that and a grace, they are killed.
  await running.workers?.stop(config.shutdownTimeoutMs + JOBS_STOP_GRACE_MS);
  // In reverse order of start: the jobs before the mailer they send through, the mailer before the database.
  const jobs = (async () => {
    for (const stop of running.stops.reverse()) await stop().catch((err: unknown) => log.warn('a background job failed to stop', { err }));
  })();
  const stoppedInTime = await Promise.race([jobs.then(() => true), timeout(JOBS_STOP_GRACE_MS).then(() => false)]);
  if (!stoppedInTime) log.warn('a background job did not stop in time; closing the database under it');
  await running.db?.close();
}

function timeout(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Prepares For you's features in the background once the vectors are there (checked every 30 s until then). */
function warmForYouWhenReady(search: SearchService, sql: Sql): { cancel(): void } {
  let timer: NodeJS.Timeout | null = null;
  let cancelled = false;
  const attempt = () => {
    if (cancelled) return;
    warmForYou(search, featureRowCache(sql))
      .then((done) => {
        if (!done && !cancelled) timer = setTimeout(attempt, 30_000).unref();
      })
      .catch((err: unknown) => {
        if (!cancelled) log.warn('could not prepare For you', { err });
      });
  };
  timer = setTimeout(attempt, 5_000).unref();
  return {
    cancel() {
      cancelled = true;
      if (timer) clearTimeout(timer);
    },
  };
}
