// The server half of bench/votes.ts, run as a child process so the load generator has its own event loop.
// Serves the app as `dailypapers serve` runs it (page cache on) and the same app without the cache.
// The vote rate limit is lifted (the benchmark's 100 users vote thousands of times a second): 600 a second
// instead of an hour, so its query still runs on every vote over as many rows as a user at the real limit has,
// and the cost measured is the real one.
// Prints one JSON line {"appPort", "uncachedPort"} when both listen; exits when stdin closes or on SIGTERM.
//   BENCH_VOTES_DB_URL=postgres://... [BENCH_VOTES_POOL=10] node --import tsx bench/votes-server.ts
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { loadConfig } from '../src/config.ts';
import { createPool } from '../src/db/connect.ts';
import { createLogger } from '../src/log.ts';
import { createApp } from '../src/web/app.ts';
import { startPageCache } from '../src/web/http/page-cache.ts';
import { LIMITS } from '../src/web/http/rate-limit.ts';

const dbUrl = process.env.BENCH_VOTES_DB_URL;
if (!dbUrl) {
  console.error('votes-server: set BENCH_VOTES_DB_URL (bench/votes.ts does)');
  process.exit(2);
}
const poolSize = Number(process.env.BENCH_VOTES_POOL ?? 10) || 10;
Object.assign(LIMITS.votePerUser as { max: number; newAccountMax: number; windowSeconds: number }, {
  max: 600,
  newAccountMax: 600,
  windowSeconds: 1,
});

const sql = createPool(dbUrl, { max: poolSize });
const config = loadConfig({});
const log = createLogger({ bench: 'votes-server' });
const pageCache = await startPageCache(sql, config.pageCacheSeconds);
const app = createApp({ config, sql, log, pageCache: pageCache?.cache ?? null });
const uncachedApp = createApp({ config, sql, log, pageCache: null });

function listen(fetch: (req: Request) => Response | Promise<Response>): Promise<ServerType> {
  return new Promise((resolve) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(server));
  });
}

const appServer = await listen(app.fetch);
const uncachedServer = await listen(uncachedApp.fetch);
const portOf = (s: ServerType) => (s.address() as AddressInfo).port;
process.stdout.write(JSON.stringify({ appPort: portOf(appServer), uncachedPort: portOf(uncachedServer) }) + '\n');

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  const close = (s: ServerType) =>
    new Promise<void>((resolve) => {
      s.close(() => resolve());
      (s as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    });
  await Promise.all([close(appServer), close(uncachedServer)]);
  await pageCache?.stop();
  await sql.end({ timeout: 5 });
  process.exit(0);
}

process.stdin.on('end', () => void stop());
process.stdin.resume();
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
