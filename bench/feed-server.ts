// The server half of bench/feed.ts, run as a child process so the load generator has its own event loop.
// Serves the real app on one port and, from the same process and the same @hono/node-server stack,
// the feed page's HTML bytes as a static file on another, so the baseline is server against server.
// Prints one JSON line {"appPort", "uncachedPort", "staticPort"} when both listen; exits when stdin closes or on SIGTERM.
//   BENCH_FEED_DB_URL=postgres://... BENCH_FEED_HTML=bench/out/feed.html [BENCH_FEED_POOL=10] node --import tsx bench/feed-server.ts
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { loadConfig } from '../src/config.ts';
import { createPool } from '../src/db/connect.ts';
import { createLogger } from '../src/log.ts';
import { createApp } from '../src/web/app.ts';
import { startPageCache } from '../src/web/http/page-cache.ts';

const dbUrl = process.env.BENCH_FEED_DB_URL;
const htmlPath = process.env.BENCH_FEED_HTML;
if (!dbUrl || !htmlPath) {
  console.error('feed-server: set BENCH_FEED_DB_URL and BENCH_FEED_HTML (bench/feed.ts does)');
  process.exit(2);
}
const poolSize = Number(process.env.BENCH_FEED_POOL ?? 10) || 10;

const sql = createPool(dbUrl, { max: poolSize });
const config = loadConfig({});
const log = createLogger({ bench: 'feed-server' });
// As `dailypapers serve` runs it (page cache on), and the same app without the cache on another port.
const pageCache = await startPageCache(sql, config.pageCacheSeconds);
const app = createApp({ config, sql, log, pageCache: pageCache?.cache ?? null });
const uncachedApp = createApp({ config, sql, log, pageCache: null });

// Read once: a static file server keeps hot files in the page cache; this is the in-process equivalent.
const html = fs.readFileSync(htmlPath);
const staticApp = new Hono();
staticApp.get('/static-baseline.html', (c) => c.body(html, 200, { 'Content-Type': 'text/html; charset=UTF-8' }));

function listen(fetch: (req: Request) => Response | Promise<Response>): Promise<ServerType> {
  return new Promise((resolve) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(server));
  });
}

const appServer = await listen(app.fetch);
const uncachedServer = await listen(uncachedApp.fetch);
const staticServer = await listen(staticApp.fetch);
const portOf = (s: ServerType) => (s.address() as AddressInfo).port;
process.stdout.write(
  JSON.stringify({ appPort: portOf(appServer), uncachedPort: portOf(uncachedServer), staticPort: portOf(staticServer) }) + '\n',
);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  const close = (s: ServerType) =>
    new Promise<void>((resolve) => {
      s.close(() => resolve());
      // Idle keep-alive sockets of the load generator would otherwise hold close() open.
      (s as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    });
  await Promise.all([close(appServer), close(uncachedServer), close(staticServer)]);
  await pageCache?.stop();
  await sql.end({ timeout: 5 });
  // A normal exit, so --cpu-prof gets to write its profile.
  process.exit(0);
}

// The parent holds our stdin open; it closing (even by the parent crashing) means the benchmark is over.
process.stdin.on('end', () => void stop());
process.stdin.resume();
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
