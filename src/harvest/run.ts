// Runs one harvest as a recorded run: under the lock of its kind, logged in harvest_runs with live
// counters, finished as ok or failed. A failure keeps everything stored before it (each page is its
// own transaction, with its cursor), so the next run resumes where this one stopped.
import { finishRun, startRun, updateRun, withHarvestLock, type RunCounts, type RunKind, type RunTrigger } from '../store/harvest.ts';
import { HarvestFailed } from '../http/polite-fetch.ts';
import { createContext, newCounts, type HarvestContext, type HarvestDeps } from './context.ts';

export type RunOutcome =
  | { status: 'ok'; counts: RunCounts; runId: number }
  | { status: 'failed'; counts: RunCounts; runId: number; error: string }
  | { status: 'busy' }; // another process is running this kind of harvest

// Saving progress on every page would double the writes of a fast mirror; twice a second is plenty.
const PROGRESS_SAVE_MS = 500;

export async function runRecorded(
  deps: HarvestDeps,
  kind: RunKind,
  trigger: RunTrigger,
  work: (ctx: HarvestContext) => Promise<void>,
  onProgress?: (line: string, counts: RunCounts) => void,
): Promise<RunOutcome> {
  const locked = await withHarvestLock(deps.sql, kind, async (): Promise<RunOutcome> => {
    const runId = await startRun(deps.sql, kind, trigger);
    const counts = newCounts();
    let lastSaved = 0;
    let saving: Promise<void> = Promise.resolve();
    const ctx = createContext(deps, counts, (line) => {
      onProgress?.(line, counts);
      const now = Date.now();
      if (now - lastSaved < PROGRESS_SAVE_MS) return;
      lastSaved = now;
      saving = saving
        .then(() => updateRun(deps.sql, runId, counts, line))
        .catch((err: unknown) => deps.log.warn('could not save harvest progress', { err }));
    });
    deps.log.info('harvest started', { kind, trigger, runId });
    let error: string | null = null;
    try {
      await work(ctx);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      // A bug gets its stack; arXiv being down or answering nonsense does not need one.
      deps.log.error('harvest failed', { kind, runId, error, ...(err instanceof HarvestFailed ? {} : { err }) });
    }
    await saving;
    await finishRun(deps.sql, runId, counts, error);
    if (!error) deps.log.info('harvest finished', { kind, runId, ...counts });
    return error ? { status: 'failed', counts, runId, error } : { status: 'ok', counts, runId };
  });
  return locked ? locked.value : { status: 'busy' };
}
