// The fast path of the page cache: a cached page for an anonymous visitor is written straight to Node's response,
// before Hono, the middleware and the handler run. A page the cache holds was stored by `cached()` after the whole
// stack ran for the same path and query (input checks passed, headers set, no cookie set), so what runs here is
// only what differs per request: is this visitor anonymous, and do they already hold the page (304).
// Measured in bench/feed.ts: through Hono a cache hit cost ~17x what Node needs to send the same bytes.
//
// A logged-in viewer of a personal page (personal-page.tsx) is answered here too when everything their page needs is
// in this process's memory already: the shared page, their session (not due for extension), its CSRF token, their
// upvotes (unchanged since the page was rendered), their claims if the page shows them, and the headers the stack sent for this page logged in. Anything
// missing, and the request goes through the stack, which fills those in for the next one.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sha256 } from '../../auth/tokens.ts';
import type { Config } from '../../config.ts';
import { fillForLoggedIn } from '../logged-in-fill.tsx';
import type { ViewerCaches } from '../viewer-caches.ts';
import { wantsMarkdown } from './content-negotiation.ts';
import { knownSessionToken } from './csrf.ts';
import { type CachedPage, notModifiedHeaders, type PageCache } from './page-cache.ts';
import { fixedSessionCookieName, isDueForExtension, SESSION_COOKIE } from './viewer.ts';

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

/** What answering logged-in viewers here takes: the one name of the session cookie, and the viewer caches. */
export interface LoggedInFastPath {
  cookieName: string;
  viewerCaches: ViewerCaches;
}

/** The logged-in fast path for this site, or null where the cookie's name depends on the request (see viewer.ts). */
export function loggedInFastPath(
  config: Pick<Config, 'baseUrl' | 'trustProxy'>,
  viewerCaches: ViewerCaches | null,
): LoggedInFastPath | null {
  const cookieName = fixedSessionCookieName(config);
  return cookieName && viewerCaches ? { cookieName, viewerCaches } : null;
}

// Our tokens are base64url; a value in any other form (quoted, percent-encoded) is left to Hono's cookie parser.
const PLAIN_TOKEN = /^[A-Za-z0-9_-]+$/;

/** The first `name` cookie's value in a Cookie header, as Hono's getCookie reads it, when it is a plain token. */
function cookieValue(header: string, name: string): string | undefined {
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq === -1 || pair.slice(0, eq).trim() !== name) continue;
    const value = pair.slice(eq + 1).trim();
    return PLAIN_TOKEN.test(value) ? value : undefined;
  }
  return undefined;
}

// Buffers for filled pages, used again once sent: writing a fresh 100 KB allocation to the socket cost twice what
// writing memory already touched does (bench/feed.ts, profiled), as much as filling the page.
const freeBuffers: Buffer[] = [];
const MAX_FREE_BUFFERS = 64;

function takeBuffer(length: number): Buffer {
  const i = freeBuffers.findIndex((b) => b.length >= length);
  if (i !== -1) return freeBuffers.splice(i, 1)[0]!;
  // Rounded up, so a page a few bytes longer next time fits too.
  return Buffer.allocUnsafeSlow(Math.ceil((length * 1.25) / 4096) * 4096);
}

function giveBuffer(buffer: Buffer): void {
  if (freeBuffers.length < MAX_FREE_BUFFERS) freeBuffers.push(buffer);
}

/** Answers a logged-in GET of a personal page from memory; false when something it needs is not there. */
function answerLoggedIn(req: IncomingMessage, res: ServerResponse, cache: PageCache, fast: LoggedInFastPath): boolean {
  const page = cache.get(req.url!);
  const template = page?.template;
  const headers = page?.loggedInHeaders;
  if (!template || !headers) return false;
  const token = cookieValue(req.headers.cookie!, fast.cookieName);
  if (!token) return false;
  const hash = sha256(token);
  const session = fast.viewerCaches.sessions.peek(hash);
  if (!session || isDueForExtension(session) || template.notFor === session.user.id) return false;
  const csrf = knownSessionToken(hash);
  const { upvotes } = fast.viewerCaches;
  if (!csrf || upvotes.changedSince(session.user.id, template.renderedAt)) return false;
  const voted = upvotes.peek(session.user.id);
  const claims = template.needsClaims ? fast.viewerCaches.claims.peek(session.user.id) : null;
  if (!voted || claims === undefined) return false;
  let held: Buffer | undefined;
  const body = fillForLoggedIn(template, { user: session.user, csrf, claims }, voted, undefined, (length) => {
    held = takeBuffer(length);
    return held.subarray(0, length);
  });
  res.writeHead(200, { ...headers, 'content-length': String(body.length) });
  // Given back once Node has handed the bytes to the kernel ('finish'); a response that never finishes keeps it.
  res.end(body, () => giveBuffer(held!));
  return true;
}

/**
 * Answers GETs of cached pages itself (anonymous, and with `loggedIn` logged-in ones of personal pages) and hands
 * every other request to `next` (Hono).
 */
export function cachedPagesFirst(cache: PageCache, next: Listener, loggedIn: LoggedInFastPath | null = null): Listener {
  return (req, res) => {
    if (req.method !== 'GET' || req.url === undefined || wantsMarkdown(req.headers.accept)) return next(req, res);
    if (req.headers.cookie?.includes(SESSION_MARK)) {
      if (!loggedIn || !answerLoggedIn(req, res, cache, loggedIn)) next(req, res);
      return;
    }
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
