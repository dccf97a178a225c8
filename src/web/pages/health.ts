// GET /healthz: 200 when the database answers, 503 when it does not (for load balancers and monitors).
import type { Context } from 'hono';
import type { AppDeps } from '../deps.ts';

/** Reports whether the app can reach its database. */
export async function healthz(c: Context, deps: AppDeps): Promise<Response> {
  const started = performance.now();
  try {
    await deps.sql`SELECT 1`;
    return c.json({ status: 'ok', database: 'ok', dbLatencyMs: Math.round((performance.now() - started) * 10) / 10 });
  } catch (err) {
    deps.log.warn('health check failed', { err });
    return c.json({ status: 'error', database: 'unreachable' }, 503);
  }
}
