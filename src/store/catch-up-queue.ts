// Runs an index's catch-up one at a time, with at most one more waiting: a burst of change notifications (an
// import commits a batch every few hundred milliseconds) costs one read of what changed, not one per notification.
// Shared by the keyword index and the vector index, which each follow PostgreSQL this way.
export class CatchUpQueue {
  readonly #run: () => Promise<void>;
  readonly #onError: (err: unknown) => void;
  readonly #debounceMs: number;
  #chain: Promise<void> = Promise.resolve();
  #queued: Promise<void> | null = null;
  #debounce: NodeJS.Timeout | null = null;
  #stopped = false;

  constructor(run: () => Promise<void>, onError: (err: unknown) => void, debounceMs: number) {
    this.#run = run;
    this.#onError = onError;
    this.#debounceMs = debounceMs;
  }

  /** Catches up after the running catch-up (joining one already waiting); rejects if this one fails. */
  run(): Promise<void> {
    if (this.#queued) return this.#queued;
    const run = this.#chain.then(() => {
      this.#queued = null;
      return this.#run();
    });
    this.#queued = run;
    this.#chain = run.catch(this.#onError);
    return run;
  }

  /** Catches up a little later (a notification arrived; more may follow). */
  schedule(): void {
    if (this.#stopped || this.#debounce) return;
    this.#debounce = setTimeout(() => {
      this.#debounce = null;
      this.run().catch(() => {}); // reported by onError
    }, this.#debounceMs);
    this.#debounce.unref();
  }

  /** Resolves when no catch-up is running (failures were reported already). */
  idle(): Promise<void> {
    return this.#chain;
  }

  /** Schedules nothing more; resolves when the running catch-up is done. */
  stop(): Promise<void> {
    this.#stopped = true;
    if (this.#debounce) clearTimeout(this.#debounce);
    return this.#chain;
  }
}
