// Serving a feed: the format from the URL's suffix (.rss, .atom, .json), conditional GET
// (ETag and Last-Modified → 304), caching headers, and the <link rel="alternate"> tags for pages.
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { renderAtom } from '../feeds/atom.ts';
import type { Feed, FeedFormat } from '../feeds/feed-model.ts';
import { renderJsonFeed } from '../feeds/json-feed.ts';
import { renderRss } from '../feeds/rss.ts';
import { isNotModified } from './http/conditional-get.ts';

export const FEED_FORMATS: readonly FeedFormat[] = ['rss', 'atom', 'json'];

const TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

const RENDER: Record<FeedFormat, (f: Feed) => string> = { rss: renderRss, atom: renderAtom, json: renderJsonFeed };

// Feed readers poll; ten minutes is fresher than arXiv's daily rhythm needs and spares the server.
const MAX_AGE_SECONDS = 600;

/** Splits "2024-05-27.rss" into the key and the format; format null for a plain page. */
export function splitFeedSuffix(key: string): { key: string; format: FeedFormat | null } {
  const m = /^(.*)\.(rss|atom|json)$/.exec(key);
  return m ? { key: m[1]!, format: m[2] as FeedFormat } : { key, format: null };
}

/** Answers `feed` in `format`, or 304 when the reader already has it. `personal` feeds are not stored by shared caches. */
export function feedResponse(c: Context, feed: Feed, format: FeedFormat, opts: { personal?: boolean } = {}): Response {
  const body = RENDER[format](feed);
  const etag = `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
  // HTTP dates have whole seconds; an empty feed has no date to offer.
  const lastModified = feed.updated.getTime() > 0 ? new Date(Math.floor(feed.updated.getTime() / 1000) * 1000) : null;
  const headers: Record<string, string> = {
    'Content-Type': TYPES[format],
    ETag: etag,
    'Cache-Control': `${opts.personal ? 'private' : 'public'}, max-age=${MAX_AGE_SECONDS}`,
    ...(lastModified ? { 'Last-Modified': lastModified.toUTCString() } : {}),
  };
  if (isNotModified(c, etag, lastModified?.toUTCString())) return c.body(null, 304, headers);
  return c.body(body, 200, headers);
}

export interface FeedLink {
  type: string;
  href: string;
  title: string;
}

/** The autodiscovery links of a page whose feeds live at its path plus a suffix. */
export function feedLinksFor(path: string, title: string): FeedLink[] {
  const base = path.replace(/\?.*$/, '');
  const query = path.includes('?') ? path.slice(path.indexOf('?')) : '';
  return [
    { type: 'application/rss+xml', href: `${base}.rss${query}`, title: `${title} (RSS)` },
    { type: 'application/atom+xml', href: `${base}.atom${query}`, title: `${title} (Atom)` },
    { type: 'application/feed+json', href: `${base}.json${query}`, title: `${title} (JSON Feed)` },
  ];
}
