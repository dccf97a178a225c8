// Conditional GET: whether the client already holds the response, so it gets a 304 instead of the body.
// Not hono/etag: it reads the finished body after the handler (a copy of every response on @hono/node-server)
// and ignores If-Modified-Since, which feed readers send; the feeds, static files and cached pages know their
// validators before they build the body.
import type { Context } from 'hono';

/**
 * True when the request's If-None-Match lists `etag`, or, without If-None-Match (which wins, RFC 9110 §13.2.2),
 * when its If-Modified-Since is not before `lastModified` (an HTTP date).
 */
export function isNotModified(c: Context, etag: string, lastModified?: string | null): boolean {
  const inm = c.req.header('if-none-match');
  if (inm !== undefined) return inm.split(/\s*,\s*/).includes(etag);
  const ims = c.req.header('if-modified-since');
  return Boolean(ims && lastModified && Date.parse(ims) >= Date.parse(lastModified));
}
