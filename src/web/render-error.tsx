// The one place errors become responses: JSON for /api/*, an HTML page elsewhere. Unexpected
// errors are logged with their stack and shown as a plain 500 without internals.
import type { Context } from 'hono';
import { AppError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { ErrorView } from './views/error-view.tsx';
import { Layout } from './views/layout.tsx';

function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', '57P01', '57P03'].includes(code);
}

/** Turns any thrown value into a response with the right status. */
export function renderError(err: unknown, c: Context, log: Logger, siteName: string): Response {
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
  if (c.req.path.startsWith('/api/')) return c.json({ error: message, status });
  return c.html(
    <Layout title={`Error ${status}`} siteName={siteName}>
      <ErrorView status={status} message={message} />
    </Layout>,
  ) as Response;
}
