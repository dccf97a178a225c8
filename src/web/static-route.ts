// GET /static/*: the in-memory assets, with ETag revalidation and a year of caching (URLs are versioned).
import type { Context } from 'hono';
import { isNotModified } from './http/conditional-get.ts';
import { getAsset } from './static-files.ts';

/** Serves one static asset or 404. */
export function staticAsset(c: Context, fixedName?: string): Response {
  const name = fixedName ?? c.req.path.replace(/^\/static\//, '');
  const asset = getAsset(name);
  if (!asset) return c.text('Not found', 404);
  const headers = { 'Content-Type': asset.type, ETag: asset.etag, 'Cache-Control': 'public, max-age=31536000, immutable' };
  if (isNotModified(c, asset.etag)) return c.body(null, 304, headers);
  return c.body(new Uint8Array(asset.body), 200, headers);
}
