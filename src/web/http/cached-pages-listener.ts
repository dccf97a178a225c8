// The fast path of the page cache: a cached page for an anonymous visitor is written straight to Node's response,
// before Hono, the middleware and the handler run. A page the cache holds was stored by `cached()` after the whole
// stack ran for the same path and query (input checks passed, headers set, no cookie set), so what runs here is
// only what differs per request: is this visitor anonymous, and do they already hold the page (304).
// Measured in bench/feed.ts: through Hono a cache hit cost ~17x what Node needs to send the same bytes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CachedPage, notModifiedHeaders, type PageCache } from './page-cache.ts';
import { SESSION_COOKIE } from './viewer.ts';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

// Both session cookie names end in this (dp_session, __Host-dp_session): with one, the request goes through the
// stack, which knows whether the session is still valid (an expired one is answered from the cache there).
const SESSION_MARK = `${SESSION_COOKIE}=`;

/** The same rule as conditional-get.ts's isNotModified, on the raw headers. */
function notModified(req: IncomingMessage, page: CachedPage): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) return inm.split(/\s*,\s*/).includes(page.etag);
  const ims = req.headers['if-modified-since'];
  return Boolean(ims && page.lastModified && Date.parse(ims) >= Date.parse(page.lastModified));
}

/** Answers anonymous GETs of cached pages itself and hands every other request to `next` (Hono). */
export function cachedPagesFirst(cache: PageCache, next: Listener): Listener {
  return (req, res) => {
    if (req.method !== 'GET' || req.url === undefined || req.headers.cookie?.includes(SESSION_MARK)) return next(req, res);
    const page = cache.get(req.url);
    if (!page) return next(req, res);
    if (notModified(req, page)) {
      res.writeHead(304, notModifiedHeaders(page));
      res.end();
      return;
    }
    res.writeHead(200, page.headers);
    res.end(page.body);
  };
}
