// One way to follow changes in PostgreSQL: listen on notification channels, coalesce a burst of notifications
// into one catch-up, run catch-ups one at a time with at most one more waiting (an import commits a batch every few
// hundred milliseconds: that costs one read of what changed, not one per notification), catch up again whenever the
// listening connection (re)connects (notifications sent while it was down are lost), poll as a safety net, and
// stop cleanly. The keyword index, the vector index, the embedding worker and the page cache all follow this way.
import type { Sql } from '../db/connect.ts';
import { watchChannel } from './changes.ts';

/**
 * How notifications close together become one catch-up:
 *   - 'trailing': the first notification starts a `debounceMs` wait, later ones join it, then one catch-up runs
 *     (indexes: more changes usually follow the first).
 *   - 'leading': the first notification catches up at once; later ones within `debounceMs` of that catch-up's start
 *     become one more catch-up at the end of the interval (caches: show a change now, but not a clear per vote).
 */
export type Coalescing = 'trailing' | 'leading';

export interface ChangeFollowerOptions {
  /** Reads what changed and applies it. Never runs twice at once. */
  catchUp: () => void | Promise<void>;
  /** Hears of every failed catch-up that no caller of catchUp() awaits. */
  onError: (err: unknown) => void;
  debounceMs: number;
  coalescing?: Coalescing;
  /** After a failed catch-up, catch up again this much later (absent: at the next notification or poll). */
  retryMs?: number;
  /** Called at once on every notification, before coalescing (a cache stops storing responses computed before it). */
  onNotification?: () => void;
}

export interface FollowChangesOptions extends ChangeFollowerOptions {
  /** Channels whose notifications mean "catch up"; empty: catch up only when asked. */
  channels: readonly string[];
  /** Also catch up this often without a notification, in case one was lost (absent: never). */
  pollMs?: number;
}

/** Runs one follower's catch-ups: on notifications once listening, on polls, and when asked. */
export class ChangeFollower {
  readonly #opts: ChangeFollowerOptions;
  readonly #coalescing: Coalescing;
  #chain: Promise<void> = Promise.resolve();
  #queued: Promise<void> | null = null;
  #timer: NodeJS.Timeout | null = null;
  #retry: NodeJS.Timeout | null = null;
  #poll: NodeJS.Timeout | null = null;
  #lastStart = -Infinity;
  #watches: { stop(): Promise<void> }[] = [];
  #stopped = false;

  constructor(opts: ChangeFollowerOptions) {
    this.#opts = opts;
    this.#coalescing = opts.coalescing ?? 'trailing';
  }

  /** Listens on `channels` (and polls every `pollMs`); resolves once listening. */
  async listen(sql: Sql, channels: readonly string[], opts: { pollMs?: number } = {}): Promise<void> {
    for (const channel of channels) {
      const watch = await watchChannel(sql, channel, () => this.#notified());
      if (this.#stopped) await watch.stop().catch(() => {});
      else this.#watches.push(watch);
    }
    if (opts.pollMs !== undefined && !this.#stopped && !this.#poll) {
      this.#poll = setInterval(() => this.#schedule(), opts.pollMs);
      this.#poll.unref();
    }
  }

  /** Catches up after the running catch-up (joining one already waiting); rejects if this one fails. */
  catchUp(): Promise<void> {
    if (this.#stopped) return this.#chain;
    // The waiting catch-up reads everything committed before it starts, so a coalesced one is moot.
    this.#clearTimer();
    if (this.#queued) return this.#queued;
    const run = this.#chain.then(() => {
      this.#queued = null;
      this.#lastStart = Date.now();
      return this.#opts.catchUp();
    });
    this.#queued = run;
    this.#chain = run.catch((err: unknown) => {
      this.#opts.onError(err);
      this.#retryLater();
    });
    return run;
  }

  /** Resolves when no catch-up is running or waiting (failures were reported already). */
  idle(): Promise<void> {
    return this.#chain;
  }

  /** Stops listening, polling and scheduling; resolves when the running catch-up is done. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#clearTimer();
    if (this.#retry) clearTimeout(this.#retry);
    if (this.#poll) clearInterval(this.#poll);
    const watches = this.#watches.splice(0);
    await Promise.all(watches.map((w) => w.stop().catch(() => {})));
    await this.#chain;
  }

  #notified(): void {
    if (this.#stopped) return;
    this.#opts.onNotification?.();
    this.#schedule();
  }

  #schedule(): void {
    if (this.#stopped || this.#timer) return;
    const wait = this.#coalescing === 'leading' ? this.#lastStart + this.#opts.debounceMs - Date.now() : this.#opts.debounceMs;
    if (wait <= 0) {
      this.catchUp().catch(() => {}); // reported by onError
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.catchUp().catch(() => {}); // reported by onError
    }, wait);
    this.#timer.unref();
  }

  #retryLater(): void {
    if (this.#opts.retryMs === undefined || this.#stopped || this.#retry) return;
    this.#retry = setTimeout(() => {
      this.#retry = null;
      this.#schedule();
    }, this.#opts.retryMs);
    this.#retry.unref();
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

/** Follows `channels` with `catchUp` (see ChangeFollower); resolves once listening. */
export async function followChanges(sql: Sql, opts: FollowChangesOptions): Promise<ChangeFollower> {
  const follower = new ChangeFollower(opts);
  try {
    await follower.listen(sql, opts.channels, { pollMs: opts.pollMs });
  } catch (err) {
    await follower.stop();
    throw err;
  }
  return follower;
}
