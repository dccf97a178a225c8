// GET /healthz (liveness: the process answers and so does its database) and GET /readyz (readiness: send traffic
// here: migrations applied, the search index loaded, not shutting down). For load balancers, monitors and scripts.
import type { Context } from 'hono';
import type { AppDeps } from '../deps.ts';
import { pendingMigrations } from '../../db/migrate.ts';

/** Reports whether the app can reach its database. */
export async function healthz(c: Context, deps: AppDeps): Promise<Response> {
  const started = performance.now();
  try {
    await deps.sql`SELECT 1`;
    // pid: which process answered (with WEB_CONCURRENCY, one of the web workers).
    return c.json({ status: 'ok', database: 'ok', dbLatencyMs: Math.round((performance.now() - started) * 10) / 10, pid: process.pid });
  } catch (err) {
    deps.log.warn('health check failed', { err });
    return c.json({ status: 'error', database: 'unreachable' }, 503);
  }
}

/** 200 when this instance should get traffic, else 503 with the checks that failed. */
export async function readyz(c: Context, deps: AppDeps): Promise<Response> {
  const checks: Record<string, string> = {};
  if (deps.stopping?.aborted) checks.shutdown = 'shutting down';
  try {
    const pending = await pendingMigrations(deps.sql);
    checks.migrations = pending.length === 0 ? 'ok' : `pending: ${pending.join(', ')}`;
  } catch {
    checks.database = 'unreachable';
  }
  const building = deps.search?.status().building;
  if (!deps.search) checks.search = 'off';
  else if (building) checks.search = `building (${building.done} of ${building.total} papers)`;
  else checks.search = 'ok';
  const ready = !checks.shutdown && !checks.database && checks.migrations === 'ok' && checks.search !== 'off' && !building;
  c.header('Cache-Control', 'no-store');
  return c.json({ status: ready ? 'ready' : 'not ready', ...checks }, ready ? 200 : 503);
}
