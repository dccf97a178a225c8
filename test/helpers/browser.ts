// Browser tests: the app on a real socket and Debian's Chromium driven by playwright-core (never a
// downloaded browser), both closed when the test file ends. Skipped with a message without Chromium.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { after } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = '/tmp/dp-screens';
export const SKIP: string | false = fs.existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} not found: browser tests skipped (apt-get install chromium)`;

/** Serves `app` on 127.0.0.1 and launches headless Chromium; returns the site's base URL and the browser. */
export async function serveInBrowser(app: Hono): Promise<{ base: string; browser: Browser }> {
  let server: ServerType | null = null;
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  after(async () => {
    await browser.close();
    await new Promise((resolve) => server!.close(resolve));
  });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return { base: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, browser };
}
