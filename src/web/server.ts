// The HTTP server around the app, as `dailypapers serve` (and bench/feed.ts) run it: @hono/node-server's request
// listener, with cached pages for anonymous visitors answered before it (http/cached-pages-listener.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { cachedPagesFirst } from './http/cached-pages-listener.ts';
import type { PageCache } from './http/page-cache.ts';

type Fetch = Parameters<typeof getRequestListener>[0];

/** A server (not yet listening) that runs `fetch` for every request the page cache does not answer. */
export function createWebServer(fetch: Fetch, pageCache: PageCache | null, hostname?: string): Server {
  const hono = getRequestListener(fetch, { hostname });
  const listener = (req: IncomingMessage, res: ServerResponse) => void hono(req, res);
  return createServer(pageCache ? cachedPagesFirst(pageCache, listener) : listener);
}
