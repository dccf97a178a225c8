// Search across processes: with several web workers the indexes are held once, by the primary, and each worker asks
// it over the cluster's IPC channel (structured clone: Maps, Dates and typed arrays arrive as they left). A call
// is a message with an id; its reply carries a value or the error to throw again (an AppError keeps its status, so
// "the index is being built" is still a 503 in the worker). The primary also sends its search status to every
// worker twice a second, which is what status() answers there without a round trip.
import type { Worker } from 'node:cluster';
import { AppError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { SearchAccess, SearchStatus } from '../search/access.ts';

type Method = 'search' | 'similar' | 'forYouPicks';
const METHODS: readonly Method[] = ['search', 'similar', 'forYouPicks'];

interface Call {
  type: 'search-call';
  id: number;
  method: Method;
  args: unknown[];
}
interface Reply {
  type: 'search-reply';
  id: number;
  value?: unknown;
  error?: { status: AppError['status']; message: string; code: string; retryAfterSeconds: number | null };
}
interface StatusReport {
  type: 'search-status';
  status: SearchStatus;
}

// A call unanswered this long (the primary stuck or gone) fails the request rather than hanging it.
const CALL_TIMEOUT_MS = 30_000;
const STATUS_EVERY_MS = 500;

function isCall(m: unknown): m is Call {
  return typeof m === 'object' && m !== null && (m as Call).type === 'search-call' && METHODS.includes((m as Call).method);
}

/** Primary: answers `worker`'s search calls from `access`, and its requests for the status. */
export function answerSearchCalls(worker: Worker, access: SearchAccess, log: Logger): void {
  worker.on('message', (m: unknown) => {
    if ((m as { type?: string } | null)?.type === 'search-status-request') reportStatusTo(worker, access);
    if (!isCall(m)) return;
    const fn = access[m.method] as (...args: unknown[]) => Promise<unknown>;
    fn.apply(access, m.args).then(
      (value) => send(worker, { type: 'search-reply', id: m.id, value }),
      (err: unknown) => {
        if (!(err instanceof AppError)) log.error('search call failed', { err, method: m.method });
        const e = err instanceof AppError ? err : new AppError(500, 'Search failed.', 'search_failed');
        send(worker, {
          type: 'search-reply',
          id: m.id,
          error: { status: e.status, message: e.message, code: e.code, retryAfterSeconds: e.retryAfterSeconds },
        });
      },
    );
  });
}

function send(worker: Worker, m: Reply | StatusReport): void {
  // A worker that exits meanwhile drops its replies; its requests went with it.
  if (worker.isConnected()) worker.send(m, undefined, () => {});
}

/** Primary: reports `access.status()` to every worker of `workers()` now and twice a second until stopped. */
export function reportSearchStatus(workers: () => Iterable<Worker>, access: SearchAccess): { stop(): void } {
  const report = () => {
    const status = access.status();
    for (const w of workers()) send(w, { type: 'search-status', status });
  };
  const timer = setInterval(report, STATUS_EVERY_MS);
  timer.unref();
  return {
    stop: () => clearInterval(timer),
  };
}

/** Primary: sends the status to one worker at once (it asked, starting). */
function reportStatusTo(worker: Worker, access: SearchAccess): void {
  send(worker, { type: 'search-status', status: access.status() });
}

/**
 * Worker: the search of the primary process, over IPC. `statusKnown` resolves once the primary has said how its
 * search is (asked at once): a worker listens only after that, so /readyz never answers from a guess.
 */
export function remoteSearchAccess(): SearchAccess & { statusKnown: Promise<void> } {
  let known!: () => void;
  const statusKnown = new Promise<void>((resolve) => {
    known = resolve;
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void; timer: NodeJS.Timeout }>();
  // Until the first report: building, so /readyz says not ready and search answers 503 rather than nothing.
  let status: SearchStatus = { building: { done: 0, total: 0 }, semanticReady: false, version: 'unknown' };
  process.on('message', (m: unknown) => {
    if (typeof m !== 'object' || m === null) return;
    const msg = m as Reply | StatusReport;
    if (msg.type === 'search-status') {
      status = msg.status;
      known();
    }
    if (msg.type !== 'search-reply') return;
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    clearTimeout(p.timer);
    if (msg.error) p.reject(new AppError(msg.error.status, msg.error.message, msg.error.code, msg.error.retryAfterSeconds));
    else p.resolve(msg.value);
  });
  const call = <T>(method: Method, args: unknown[]): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (!process.send || !process.connected) {
        reject(new AppError(503, 'Search is not available right now; try again in a moment.', 'unavailable', 5));
        return;
      }
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new AppError(503, 'Search did not answer in time; try again in a moment.', 'unavailable', 5));
      }, CALL_TIMEOUT_MS);
      timer.unref();
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      process.send({ type: 'search-call', id, method, args } satisfies Call);
    });
  process.send?.({ type: 'search-status-request' });
  return {
    statusKnown,
    search: (req, mode) => call('search', [req, mode]),
    similar: (paper, k, minScore) => call('similar', [paper, k, minScore]),
    forYouPicks: (signals, limit, among) => call('forYouPicks', [signals, limit, among]),
    status: () => status,
  };
}
