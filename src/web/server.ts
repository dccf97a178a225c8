// The HTTP server around the app, as `dailypapers serve` (and bench/feed.ts) run it: @hono/node-server's request
// listener, with cached pages for anonymous visitors answered before it (http/cached-pages-listener.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config.ts';
import { UsageError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { getRequestListener } from '@hono/node-server';
import { cachedPagesFirst, type LoggedInFastPath } from './http/cached-pages-listener.ts';
import type { PageCache } from './http/page-cache.ts';

type Fetch = Parameters<typeof getRequestListener>[0];

/**
 * A server (not yet listening) that runs `fetch` for every request the page cache does not answer (`loggedIn`: it
 * answers logged-in viewers of personal pages too, see cached-pages-listener.ts).
 */
export function createWebServer(
  fetch: Fetch,
  pageCache: PageCache | null,
  hostname?: string,
  loggedIn: LoggedInFastPath | null = null,
): Server {
  const hono = getRequestListener(fetch, { hostname });
  const listener = (req: IncomingMessage, res: ServerResponse) => void hono(req, res);
  return createServer(pageCache ? cachedPagesFirst(pageCache, listener, loggedIn) : listener);
}

/** Listens on PORT and HOST; a port in use is a UsageError (exit 1) that says what to do. */
export function listen(server: Server, config: Pick<Config, 'port' | 'host'>): Promise<Server> {
  server.listen(config.port, config.host);
  return new Promise((resolve, reject) => {
    server.once('listening', () => resolve(server));
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new UsageError(
              `Port ${config.port} on ${config.host} is already in use (is another dailypapers running?). Set PORT to another port.`,
              1,
            )
          : err,
      );
    });
  });
}

/** The port `server` listens on. */
export function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}

/** Stops accepting and lets requests finish within `timeoutMs`; then closes the connections still open. */
export async function drain(server: Server, timeoutMs: number, log: Logger): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const drained = await Promise.race([closed.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), timeoutMs).unref())]);
  if (!drained) {
    log.warn('requests still running at SHUTDOWN_TIMEOUT_MS; closing their connections', { timeoutMs });
    server.closeAllConnections();
  }
}
