// Whole-response cache for the read-mostly pages (feeds, JSON listings) as anonymous visitors see them.
// A feed page costs a few database queries and 50 cards of rendering; the same bytes are asked for
// again and again between two changes of the data. Entries are dropped when papers change (the
// server listens for the database's `papers_changed` notification, sent by every writer, in this
// process or another) and after a short time-to-live, which also covers "today" moving at midnight.
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { Sql } from '../../db/connect.ts';
import { HIDDEN_CHANNEL, PAPERS_CHANNEL } from '../../store/changes.ts';
import { followChanges } from '../../store/follow-changes.ts';
import { Lru } from '../../core/lru.ts';
import { isNotModified } from './conditional-get.ts';
import { wantsMarkdown } from './content-negotiation.ts';
import type { AppDeps } from '../deps.ts';
import { fillForViewer } from '../logged-in-fill.tsx';
import { fillAnonymously, parseTemplate, type PersonalTemplate } from '../personal-page.tsx';

/** A stored response: its bytes encoded once, and every header it is sent with (Content-Length and ETag too). */
export interface CachedPage {
  body: Uint8Array<ArrayBuffer>;
  headers: Record<string, string>;
  etag: string;
  lastModified: string | undefined;
  /** For a page rendered for every viewer: the page split at its per-viewer slots (personal-page.tsx). */
  template?: PersonalTemplate;
  /**
   * The headers the stack sent with this page filled for a logged-in viewer (the same for every one of them), once
   * it has: what cached-pages-listener.ts answers logged-in viewers with (and Content-Length).
   */
  loggedInHeaders?: Record<string, string>;
}

interface Entry extends CachedPage {
  bytes: number;
  expires: number;
}

export interface PageCacheOptions {
  ttlMs: number;
  /** Budget for the bodies held; least recently used entries go first. */
  maxBytes: number;
  now?: () => number;
}

export class PageCache {
  readonly #entries: Lru<Entry>;
  readonly #ttlMs: number;
  readonly #maxBytes: number;
  readonly #now: () => number;
  /** Bumped on every clear, so a response computed before a change is not stored after it. */
  #generation = 0;

  constructor(opts: PageCacheOptions) {
    this.#ttlMs = opts.ttlMs;
    this.#maxBytes = opts.maxBytes;
    this.#entries = new Lru<Entry>(opts.maxBytes, (e) => e.bytes);
    this.#now = opts.now ?? Date.now;
  }

  get generation(): number {
    return this.#generation;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): CachedPage | undefined {
    const e = this.#entries.get(key);
    if (!e) return undefined;
    if (e.expires <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return e;
  }

  /** Stores a response computed while the cache was at `generation`; dropped if a change came in between. */
  set(key: string, generation: number, page: CachedPage): void {
    if (generation !== this.#generation) return;
    // A personal page keeps its template too (the page again, split at its slots): counted, so the budget holds.
    const bytes = page.body.length + (page.template?.bytes ?? 0) + 200;
    if (bytes > this.#maxBytes / 4) return;
    this.#entries.set(key, { ...page, bytes, expires: this.#now() + this.#ttlMs });
  }

  clear(): void {
    this.#entries.clear();
    this.#generation++;
  }

  /** Stops responses being computed now from being stored (their data may predate a change), keeping the entries. */
  invalidateInFlight(): void {
    this.#generation++;
  }
}

/**
 * The key of a request in the cache: its path and query exactly as sent (the Host is not part of it: pages are the
 * same for every host name, and links in them use BASE_URL). Served by @hono/node-server the raw request line is at
 * hand, and it is what cached-pages-listener.ts looks up before Hono runs; elsewhere (app.request in tests) the
 * parsed URL's path and query stand in.
 */
function keyOf(c: Context): string {
  const incoming = (c.env as { incoming?: { url?: string } } | undefined)?.incoming;
  if (incoming?.url) return incoming.url;
  const u = new URL(c.req.url);
  return u.pathname + u.search;
}

const CACHEABLE_TYPE = /^(text\/html|application\/(json|feed\+json|rss\+xml|atom\+xml))/;

/** Whether `res` is a 200 everyone may share (not an error, no cookie, not no-store). */
function isShareable(res: Response): boolean {
  return (
    res.status === 200 &&
    CACHEABLE_TYPE.test(res.headers.get('content-type') ?? '') &&
    !/no-store/.test(res.headers.get('cache-control') ?? '') &&
    !res.headers.has('set-cookie')
  );
}

/** Reads a shareable response into its stored form (which is what is then sent). */
async function pageOf(res: Response, template?: PersonalTemplate, text?: string): Promise<CachedPage> {
  const body = text !== undefined ? new TextEncoder().encode(text) : new Uint8Array(await res.arrayBuffer());
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    headers[k] = v;
  });
  const etag = `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
  headers.etag = etag;
  headers['content-length'] = String(body.length);
  return { body, headers, etag, lastModified: headers['last-modified'], ...(template ? { template } : {}) };
}

/**
 * Runs a personal route's handler for everyone: with slots where each viewer's parts go, then filled for nobody.
 * Returns the anonymous response and, when there were slots, the template to keep.
 */
async function renderShared(c: Context, handler: Handler): Promise<{ res: Response; template?: PersonalTemplate; html?: string }> {
  c.set('renderSlots', true);
  let res: Response;
  try {
    res = await handler(c);
  } finally {
    c.set('renderSlots', false);
  }
  if (!/^text\/html/.test(res.headers.get('content-type') ?? '')) return { res };
  const text = await res.text();
  const template = parseTemplate(text, c.get('viewerParts') ?? [], c.get('notForUser') ?? null);
  // As vote-state.ts writes it for the vote links' log-in.
  const html = template ? fillAnonymously(template, c.req.path + (new URL(c.req.url).search || '')) : text;
  const headers = new Headers(res.headers);
  headers.delete('content-length'); // the slots' fillings are not the markers' length
  const filled = new Response(html, { status: res.status, headers });
  // The filled page's text goes along, so storing it does not read the response back.
  return template ? { res: filled, template, html } : { res: filled };
}

type Handler = (c: Context) => Response | Promise<Response>;

/** What a personal route needs to fill a shared page for one viewer, and to have it rendered for everyone. */
export interface PersonalPages {
  deps: AppDeps;
  /** Answers the same request as an anonymous visitor (through the whole app, which stores the shared page). */
  renderAnonymously: (c: Context) => Promise<Response>;
}

/** The headers of a 304 for `page`: its validators only. */
export function notModifiedHeaders(page: CachedPage): Record<string, string> {
  return page.lastModified ? { etag: page.etag, 'last-modified': page.lastModified } : { etag: page.etag };
}

/**
 * Wraps a GET handler: answers from `cache` when it can (304 on a matching ETag), else runs it and stores a 200.
 * With `variant`, entries are kept per version of what else the page depends on (the search index).
 * With `personal`, the page is rendered once for every viewer with slots for their own parts, and a logged-in
 * viewer gets the stored page with those filled for them (personal-page.tsx); without, logged-in viewers always
 * get the handler's own answer.
 */
export function cached(cache: PageCache, handler: Handler, personal?: PersonalPages, variant?: () => string) {
  return async (c: Context): Promise<Response> => {
    // Pages are keyed by URL; the Markdown variant of one is answered by its handler, uncached.
    if (c.req.method !== 'GET' || wantsMarkdown(c.req.header('accept'))) return handler(c);
    // A page that also depends on something besides the database (search results on the index) is keyed by its
    // version too; such keys are never the raw path, so the fast path before Hono does not answer them.
    const key = variant ? `${keyOf(c)}#${variant()}` : keyOf(c);
    if (c.get('viewer')?.user) {
      if (!personal) return handler(c);
      let shared = cache.get(key);
      if (!shared) {
        await personal.renderAnonymously(c);
        shared = cache.get(key);
      }
      // Not stored (an error page, a cookie, a change came in between), or not for them: this viewer's own render.
      if (!shared?.template || shared.template.notFor === c.get('viewer').user!.id) return handler(c);
      // Bytes, not a string: a string body is checked character by character (USVString) and encoded again.
      const body = await fillForViewer(c, personal.deps, shared.template);
      const res = c.body(new Uint8Array(body.buffer, body.byteOffset, body.length) as Uint8Array<ArrayBuffer>, 200, {
        'content-type': 'text/html; charset=UTF-8',
      });
      // Every header but a renewed session's cookie is the same for every logged-in viewer of this page.
      if (!shared.loggedInHeaders && !res.headers.has('set-cookie')) shared.loggedInHeaders = Object.fromEntries(res.headers);
      return res;
    }
    let hit = cache.get(key);
    if (!hit) {
      const generation = cache.generation;
      const { res, template, html } = personal ? await renderShared(c, handler) : { res: await handler(c) };
      if (!isShareable(res)) return res;
      // Reading the body for storing uses the response up: what is sent is built from the stored bytes.
      const page = await pageOf(res, template, html);
      cache.set(key, generation, page);
      hit = page;
    }
    if (isNotModified(c, hit.etag, hit.lastModified)) return c.body(null, 304, notModifiedHeaders(hit));
    return c.body(hit.body, 200, hit.headers);
  };
}

// Votes change papers many times a second on a busy site; emptying the cache on each would leave
// anonymous pages uncached. Clears are coalesced to at most one per CLEAR_INTERVAL_MS (the first at
// once, the rest at the end of the interval), so a change shows within that time.
const CLEAR_INTERVAL_MS = 1000;

/** Returns a cache that empties itself whenever papers change in the database, or null when `ttlSeconds` is 0. */
export async function startPageCache(sql: Sql, ttlSeconds: number): Promise<{ cache: PageCache; stop(): Promise<void> } | null> {
  if (ttlSeconds <= 0) return null;
  const cache = new PageCache({ ttlMs: ttlSeconds * 1000, maxBytes: 64 * 1024 * 1024 });
  const onError = () => {}; // clearing a Map does not fail
  const papers = await followChanges(sql, {
    channels: [PAPERS_CHANNEL],
    catchUp: () => cache.clear(),
    onError,
    debounceMs: CLEAR_INTERVAL_MS,
    coalescing: 'leading',
    // A render that started before this change must not be stored, even while its clear waits: the generation moves now.
    onNotification: () => cache.invalidateInFlight(),
  });
  // Hidden, private or deleted: not coalesced, since it must stop showing now (a clear waiting for the interval is
  // then moot, and catchUp() drops it). No poll either way: the time-to-live bounds what a lost notification costs.
  const hidden = await followChanges(sql, {
    channels: [HIDDEN_CHANNEL],
    catchUp: () => papers.catchUp(),
    onError,
    debounceMs: 0,
    coalescing: 'leading',
  }).catch(async (err: unknown) => {
    await papers.stop();
    throw err;
  });
  return {
    cache,
    async stop() {
      await Promise.all([papers.stop(), hidden.stop()]);
    },
  };
}
