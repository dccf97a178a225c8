// The one place errors become responses: JSON for /api/*, an HTML page elsewhere. Unexpected
// errors are logged with their stack and shown as a plain 500 without internals.
import type { Context } from 'hono';
import { AppError } from '../errors.ts';
import { csrfToken } from './http/csrf.ts';
import type { AppDeps } from './deps.ts';
import { wantsJson } from './http/form.ts';
import type { Viewer } from './http/viewer.ts';
import { ErrorView } from './views/error-view.tsx';
import { Layout } from './views/layout.tsx';

function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return (
    typeof code === 'string' &&
    ['ECONNREFUSED', 'ECONNRESET', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', '57P01', '57P03'].includes(code)
  );
}

/** Where a log-in should return: this page for a GET, else the page the form was on. */
function backTo(c: Context): string {
  if (c.req.method === 'GET') return c.req.path;
  try {
    return new URL(c.req.header('referer') ?? '/papers', 'http://relative.invalid').pathname;
  } catch {
    return '/papers';
  }
}

/** Turns any thrown value into a response with the right status. */
export async function renderError(err: unknown, c: Context, deps: AppDeps): Promise<Response> {
  const log = deps.log;
  let status: number;
  let message: string;
  if (err instanceof AppError) {
    status = err.status;
    message = err.message;
  } else if (isConnectionError(err)) {
    status = 503;
    message = 'The database is not reachable right now. Try again in a minute.';
    log.error('database unavailable', { err, path: c.req.path });
  } else {
    status = 500;
    message = 'An unexpected error occurred; it has been logged.';
    log.error('unhandled error', { err, method: c.req.method, path: c.req.path });
  }
  c.status(status as 400);
  if (err instanceof AppError && err.retryAfterSeconds !== null) c.header('Retry-After', String(err.retryAfterSeconds));
  if (c.req.path.startsWith('/api/') || wantsJson(c)) return c.json({ error: message, status });
  // The viewer's menu when it is known and the database answers; a bare page otherwise.
  const user = (c.get('viewer') as Viewer | undefined)?.user ?? null;
  let csrf: string | null = null;
  if (user && status !== 503) csrf = await csrfToken(c, deps).catch(() => null);
  return c.html(
    <Layout title={`Error ${status}`} siteName={deps.config.siteName} viewer={{ user, csrf }}>
      <ErrorView status={status} message={message} loginLink={status === 401 ? `/login?next=${encodeURIComponent(backTo(c))}` : null} />
    </Layout>,
  ) as Response;
}
