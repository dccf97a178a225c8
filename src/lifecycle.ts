// How a dailypapers process ends on SIGINT/SIGTERM. The first signal aborts `stopping`: `serve` (which declares it
// stops itself) then drains and stops its jobs; any other command releases what it registered with onInterrupt
// (its database: the last process to leave the embedded PostgreSQL stops it) and exits 130. A second signal exits
// at once, whatever is still running.
import type { Logger } from './log.ts';

const controller = new AbortController();
const releasers = new Set<() => Promise<void>>();
let selfStopping = false;
let installed = false;

// An interrupted command gets this long to release its resources before it exits anyway.
const RELEASE_TIMEOUT_MS = 10_000;
/** The conventional exit code of a process ended by a signal it handled (128 + SIGINT). */
export const INTERRUPTED_EXIT_CODE = 130;

/** Aborted at the first SIGINT or SIGTERM. */
export const stopping: AbortSignal = controller.signal;

/** Begins the same clean stop as a first signal, without counting as one (a web worker told by its primary). */
export function requestStop(reason: string): void {
  if (!controller.signal.aborted) controller.abort(new Error(reason));
}

/** Declares that this command watches `stopping` and ends by itself (serve); otherwise a signal ends it. */
export function stopsItself(): void {
  selfStopping = true;
}

/** Registers `release` to run if the command is interrupted; returns the function that unregisters it. */
export function onInterrupt(release: () => Promise<void>): () => void {
  releasers.add(release);
  return () => releasers.delete(release);
}

/** Installs the SIGINT/SIGTERM handlers (once per process). */
export function installSignalHandlers(log: Logger): void {
  if (installed) return;
  installed = true;
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      log.warn('second signal: exiting at once', { signal });
      process.exit(INTERRUPTED_EXIT_CODE);
    }
    log.info('shutting down', { signal });
    controller.abort(new Error(`stopped by ${signal}`));
    if (selfStopping) return;
    const releaseAll = Promise.allSettled([...releasers].map((r) => r()));
    const timeout = new Promise((resolve) => setTimeout(resolve, RELEASE_TIMEOUT_MS).unref());
    void Promise.race([releaseAll, timeout]).then(() => process.exit(INTERRUPTED_EXIT_CODE));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
