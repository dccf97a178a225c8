// The server half of bench/feed.ts, run as a child process so the load generator has its own event loop.
// Serves the real app on one port, as `dailypapers serve` does (src/web/server.ts: the page cache answers before
// Hono), the same app without the page cache on another, and from the same process the feed page's HTML bytes two
// ways: bare Node `http` writing one Buffer (the ceiling) and a Hono route on @hono/node-server.
// Prints one JSON line {"appPort", "uncachedPort", "noViewerCachesPort", "staticPort", "barePort"} when all listen; exits when stdin closes or on SIGTERM.
//   BENCH_FEED_DB_URL=postgres://... BENCH_FEED_HTML=bench/out/feed.html [BENCH_FEED_POOL=10] node --import tsx bench/feed-server.ts
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { loadConfig } from '../src/config.ts';
import { createPool } from '../src/db/connect.ts';
import { createLogger } from '../src/log.ts';
import { createApp } from '../src/web/app.ts';
import { loggedInFastPath } from '../src/web/http/cached-pages-listener.ts';
import { startWebCaches } from '../src/web/web-caches.ts';
import { createWebServer } from '../src/web/server.ts';

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
// As `dailypapers serve` runs it (page and viewer caches on); the same app without the viewer caches (a logged-in
// page asks the database for the session and the votes, as before issue #11 had them in memory); without any cache.
const caches = await startWebCaches(sql, config.pageCacheSeconds);
const { pageCache, viewerCaches } = caches;
const app = createApp({ config, sql, log, pageCache, viewerCaches });
const noViewerCachesApp = createApp({ config, sql, log, pageCache, viewerCaches: null });
const uncachedApp = createApp({ config, sql, log, pageCache: null });

// Read once: a static file server keeps hot files in the page cache; this is the in-process equivalent.
const html = fs.readFileSync(htmlPath);
const staticApp = new Hono();
staticApp.get('/static-baseline.html', (c) => c.body(html, 200, { 'Content-Type': 'text/html; charset=UTF-8' }));

// The ceiling: what Node's http needs to send a target's bytes from one Buffer, nothing else. The bodies are files
// in BENCH_FEED_BARE_DIR, read on first request (the parent writes them once it has fetched them from the app).
const bareDir = process.env.BENCH_FEED_BARE_DIR ?? '';
const bareBodies = new Map<string, Buffer>();
const bareServer = http.createServer((req, res) => {
  const name = (req.url ?? '/').slice(1);
  let body = bareBodies.get(name);
  if (!body) {
    body = fs.readFileSync(`${bareDir}/${name.replace(/[^a-z.]/g, '')}`);
    bareBodies.set(name, body);
  }
  res.writeHead(200, {
    'content-type': name.endsWith('.json') ? 'application/json' : 'text/html; charset=UTF-8',
    'content-length': body.length,
  });
  res.end(body);
});

function listen(server: ServerType): Promise<ServerType> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const appServer = await listen(createWebServer(app.fetch, pageCache, undefined, loggedInFastPath(config, viewerCaches)));
const noViewerCachesServer = await listen(createWebServer(noViewerCachesApp.fetch, pageCache));
const uncachedServer = await listen(createWebServer(uncachedApp.fetch, null));
const staticServer = await listen(createAdaptorServer({ fetch: staticApp.fetch }));
const bare = await listen(bareServer);
const portOf = (s: ServerType) => (s.address() as AddressInfo).port;
process.stdout.write(
  JSON.stringify({
    appPort: portOf(appServer),
    uncachedPort: portOf(uncachedServer),
    noViewerCachesPort: portOf(noViewerCachesServer),
    staticPort: portOf(staticServer),
    barePort: portOf(bare),
  }) + '\n',
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
  await Promise.all([close(appServer), close(noViewerCachesServer), close(uncachedServer), close(staticServer), close(bare)]);
  await caches.stop();
  await sql.end({ timeout: 5 });
  // A normal exit, so --cpu-prof gets to write its profile.
  process.exit(0);
}

// The parent holds our stdin open; it closing (even by the parent crashing) means the benchmark is over.
process.stdin.on('end', () => void stop());
process.stdin.resume();
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
