// Builds the Hono application: request logging, security headers, routes, and error rendering.
import { Hono } from 'hono';
import { NotFound } from '../errors.ts';
import type { AppDeps } from './deps.ts';
import { renderError } from './render-error.tsx';
import { registerRoutes } from './routes.ts';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' https: data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** Returns the web application for `deps`. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono({ strict: false });
  const log = deps.log.child({ component: 'http' });
  app.use(async (c, next) => {
    const started = performance.now();
    // Set before the handler runs, so they go into the response it builds. Setting them afterwards
    // makes @hono/node-server copy its lightweight response into a full Response on every request.
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'strict-origin-when-cross-origin');
    // No inline scripts anywhere: scripts only from this origin; KaTeX needs inline styles.
    // Harmless on JSON, CSS and images, so it goes on every response.
    c.header('Content-Security-Policy', CSP);
    await next();
    const ms = Math.round((performance.now() - started) * 10) / 10;
    if (c.res.status >= 500) log.warn('request', { method: c.req.method, path: c.req.path, status: c.res.status, ms });
    else log.debug('request', { method: c.req.method, path: c.req.path, status: c.res.status, ms });
  });
  registerRoutes(app, deps);
  app.notFound((c) => renderError(NotFound('There is no page at this address.'), c, deps.log, deps.config.siteName));
  app.onError((err, c) => renderError(err, c, deps.log, deps.config.siteName));
  return app;
}
