// Serves the site's CSS/JS and KaTeX's stylesheet and fonts from memory, with long-lived caching:
// URLs carry a content hash, so a new deploy never serves stale assets.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

function collect(dir: string, prefix: string, into: Map<string, Asset>, filter: (name: string) => boolean): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      collect(full, `${prefix}${entry.name}/`, into, filter);
      continue;
    }
    const type = TYPES[path.extname(entry.name)];
    if (!type || !filter(entry.name)) continue;
    const body = fs.readFileSync(full);
    into.set(prefix + entry.name, { body, type, etag: `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"` });
  }
}

function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  collect(path.join(path.dirname(fileURLToPath(import.meta.url)), 'static'), '', assets, () => true);
  const katexDist = path.dirname(createRequire(import.meta.url).resolve('katex/dist/katex.min.css'));
  // Only woff2 fonts: every browser that runs KaTeX's CSS supports them.
  collect(katexDist, 'katex/', assets, (name) => name === 'katex.min.css' || name.endsWith('.woff2'));
  return assets;
}

const assets = loadAssets();

/** Returns the asset at `name` (relative to /static/), or undefined. */
export function getAsset(name: string): Asset | undefined {
  return assets.get(name);
}

/** Returns the cache-busting URL of a static asset. */
export function assetUrl(name: string): string {
  const a = assets.get(name);
  return `/static/${name}${a ? `?v=${a.etag.slice(1, 9)}` : ''}`;
}
