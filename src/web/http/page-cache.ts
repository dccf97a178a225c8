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

interface Entry {
  status: number;
  body: string;
  headers: Record<string, string>;
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

  get(key: string): Entry | undefined {
    const e = this.#entries.get(key);
    if (!e) return undefined;
    if (e.expires <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return e;
  }

  /** Stores a response computed while the cache was at `generation`; dropped if a change came in between. */
  set(key: string, generation: number, value: { status: number; body: string; headers: Record<string, string> }): void {
    if (generation !== this.#generation) return;
    const bytes = value.body.length * 2 + 200;
    if (bytes > this.#maxBytes / 4) return;
    this.#entries.set(key, { ...value, bytes, expires: this.#now() + this.#ttlMs });
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

// Only responses everyone gets alike are shared: GETs by visitors who are not logged in
// (a logged-in page shows their votes and menu).
function isSharedRequest(c: Context): boolean {
  return c.req.method === 'GET' && !c.get('viewer')?.user;
}

/** Wraps a GET handler: answers from `cache` when it can (304 on a matching ETag), else runs it and stores a 200. */
export function cached(cache: PageCache, handler: (c: Context) => Response | Promise<Response>) {
  return async (c: Context): Promise<Response> => {
    if (!isSharedRequest(c)) return handler(c);
    const key = c.req.url;
    let hit = cache.get(key);
    if (!hit) {
      const generation = cache.generation;
      const res = await handler(c);
      const type = res.headers.get('content-type') ?? '';
      if (
        res.status !== 200 ||
        !/^(text\/html|application\/(json|feed\+json|rss\+xml|atom\+xml))/.test(type) ||
        /no-store/.test(res.headers.get('cache-control') ?? '') ||
        res.headers.has('set-cookie')
      )
        return res;
      const body = await res.text();
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => {
        headers[k] = v;
      });
      headers.etag = `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
      cache.set(key, generation, { status: res.status, body, headers });
      hit = { status: res.status, body, headers, bytes: 0, expires: 0 };
    }
    const lastModified = hit.headers['last-modified'];
    if (isNotModified(c, hit.headers.etag!, lastModified))
      return c.body(null, 304, { etag: hit.headers.etag!, ...(lastModified ? { 'last-modified': lastModified } : {}) });
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
