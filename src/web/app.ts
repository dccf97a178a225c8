// Builds the Hono application: request logging, security headers, routes, and error rendering.
import type { SearchAccess } from '../search/access.ts';
import type { SearchService } from '../search/service.ts';
import { localSearchAccess } from '../workers/search-access.ts';
import { Hono } from 'hono';
import { NotFound } from '../errors.ts';
import type { AppDeps } from './deps.ts';
import { renderError } from './render-error.tsx';
import { registerRoutes } from './routes.ts';
import { createLogMailer, type Mailer } from '../mail/mailer.ts';
import { createImmediateOutbox, type MailOutbox } from '../mail/outbox.ts';
import { csrfMiddleware } from './http/csrf.ts';
import { requestInputMiddleware } from './http/request-input.ts';
import { viewerMiddleware } from './http/viewer.ts';
import type { PoliteFetcher } from '../http/polite-fetch.ts';
import { createWebArxivFetcher } from './arxiv-client.ts';

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' https: data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/**
 * Returns the web application for `input`. Queued mail goes through `outbox` (the server passes its worker);
 * without one, an in-process outbox sends each mail through `mailer` (only logged when absent) while the page
 * waits, and leaves what it could not send queued. One arXiv client unless given.
 */
export function createApp(
  input: Omit<AppDeps, 'outbox' | 'arxiv' | 'search'> & {
    outbox?: MailOutbox;
    mailer?: Mailer;
    arxiv?: PoliteFetcher;
    /** This process's search service, or (a web worker) the access to the primary's. */
    search?: SearchService | SearchAccess | null;
  },
): Hono {
  const { mailer, outbox, arxiv, search, ...rest } = input;
  const deps: AppDeps = {
    ...rest,
    search: search && 'keywordIndex' in search ? localSearchAccess(search, input.sql) : (search ?? null),
    outbox:
      outbox ??
      createImmediateOutbox({
        sql: input.sql,
        mailer: mailer ?? createLogMailer(input.log),
        log: input.log.child({ component: 'mail-outbox' }),
      }),
    arxiv: arxiv ?? createWebArxivFetcher(input.config, input.log),
  };
  const app = new Hono({ strict: false });
  const log = deps.log.child({ component: 'http' });
  const viewer = viewerMiddleware(deps);
  app.use(async (c, next) => {
    const started = performance.now();
    // Set before the handler runs, so they go into the response it builds. Setting them afterwards
    // makes @hono/node-server copy its lightweight response into a full Response on every request.
    // (So not hono/secure-headers: it sets its headers after next(), and adds a dozen more by default.)
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'strict-origin-when-cross-origin');
    // No inline scripts anywhere: scripts only from this origin; KaTeX needs inline styles.
    // Harmless on JSON, CSS and images, so it goes on every response.
    c.header('Content-Security-Policy', CSP);
    await next();
    const ms = Math.round((performance.now() - started) * 10) / 10;
    // /readyz answers 503 by design while the index builds; a load balancer polling it is not a failure.
    if (c.res.status >= 500 && c.req.path !== '/readyz')
      log.warn('request', { method: c.req.method, path: c.req.path, status: c.res.status, ms });
    else log.debug('request', { method: c.req.method, path: c.req.path, status: c.res.status, ms });
  });
  // Before anything reads the request: its text checked and its body read within the route's limit, once.
  app.use('*', requestInputMiddleware());
  // Static files and the health check need no session; everything else learns who is asking.
  app.use('*', async (c, next) =>
    c.req.path.startsWith('/static/') || c.req.path === '/healthz' || c.req.path === '/readyz' ? next() : viewer(c, next),
  );
  app.use('*', csrfMiddleware(deps));
  registerRoutes(app, deps);
  app.notFound((c) => renderError(NotFound('There is no page at this address.'), c, deps));
  app.onError((err, c) => renderError(err, c, deps));
  return app;
}
