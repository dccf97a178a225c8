// Logged-in viewers' sessions and upvotes, kept in memory by each web process, so that a logged-in page served from a
// shared template (personal-page.tsx) needs no database round trip: with two queries per request (the session, the
// vote states) a logged-in feed ran at 1/10 of an anonymous one, the database's round trips being the whole cost.
//
// Correctness comes from PostgreSQL, not from the writers: triggers (migration 0011) notify every process of each
// ended session, changed user and changed vote, whoever wrote it (another worker, `dailypapers admin`, a cascade), and
// a process forgets what they name. A read that a notification overtook is not stored (a generation per cache, as in
// the page cache); a reconnect of the listening connection, after which lost notifications are possible, forgets
// everything; and entries also expire, as a last safety net.
import { performance } from 'node:perf_hooks';
import type { Sql } from '../db/connect.ts';
import { Lru } from '../core/lru.ts';
import type { OwnClaim } from '../store/author-claims.ts';
import { CLAIMS_CHANNEL, SESSIONS_CHANNEL, VOTES_CHANNEL, watchChannel } from '../store/changes.ts';
import type { SessionRow } from '../store/sessions.ts';

// Enough for every session active on a large community at once; a miss costs one indexed query.
const MAX_SESSIONS = 50_000;
// Sessions are re-read at least this often even without a notification (e.g. one lost in a reconnect race).
const SESSION_TTL_MS = 60_000;
// Paper ids held for all viewers together (~100 bytes each with the Set's overhead: ~50 MB per process at most).
const MAX_UPVOTE_IDS = 500_000;
// Claims are few per user (an author's own papers).
const MAX_CLAIMS = 100_000;
const USER_TTL_MS = 5 * 60_000;
// How long a user's "votes changed at" is remembered: a shared page rendered before a change is gone from the page
// cache at most its clear interval (1 s) after the change's notification, so older changes cannot concern it.
const CHANGE_MEMORY_MS = 10_000;

type Clock = () => number;
/** The clock of both caches, and of the render times `changedSince` is asked about (personal-page.tsx). */
export const monotonic: Clock = () => performance.now();

interface CachedSession {
  session: SessionRow;
  until: number;
}

/** The live sessions by token hash, as findSession returns them. */
export class SessionCache {
  readonly #entries = new Lru<CachedSession>(MAX_SESSIONS);
  readonly #now: Clock;
  #generation = 0;

  constructor(now: Clock = monotonic) {
    this.#now = now;
  }

  /** The session `load` would return for `hash` (from memory when known and still live). */
  async find(hash: string, load: (hash: string) => Promise<SessionRow | null>): Promise<SessionRow | null> {
    const hit = this.peek(hash);
    if (hit) return hit;
    const generation = this.#generation;
    const session = await load(hash);
    if (!session) {
      this.#entries.delete(hash);
      return null;
    }
    // Shared by every request of this viewer from now on: a handler must not change it.
    Object.freeze(session.user);
    if (generation === this.#generation) this.#entries.set(hash, { session, until: this.#now() + SESSION_TTL_MS });
    return session;
  }

  /** The live session for `hash` if this process holds it, without asking the database (the fast path). */
  peek(hash: string): SessionRow | undefined {
    const hit = this.#entries.get(hash);
    return hit && hit.until > this.#now() && hit.session.expiresAt.getTime() > Date.now() ? hit.session : undefined;
  }

  /** The session was extended (its row updated here): so this process does not extend it again at once. */
  extended(hash: string, lastSeenAt: Date, expiresAt: Date): void {
    const hit = this.#entries.get(hash);
    if (hit) this.#entries.set(hash, { session: { ...hit.session, lastSeenAt, expiresAt }, until: hit.until });
  }

  /** Forgets every session (one ended or a user changed: rare enough that forgetting only theirs is not worth a map). */
  forgetAll(): void {
    this.#entries.clear();
    this.#generation++;
  }
}

interface UserEntry<T> {
  value: T;
  until: number;
}

/**
 * Something of each viewer's own, read whole (which papers they upvoted, their authorship claims), and when it last
 * changed. Sized by the number of items held (`size`), for all viewers together.
 */
export class UserCache<T extends { readonly size: number }> {
  readonly #entries: Lru<UserEntry<T>>;
  readonly #loading = new Map<number, { result?: Promise<T> }>();
  readonly #changedAt = new Map<number, number>();
  #allChangedAt = Number.NEGATIVE_INFINITY;
  readonly #now: Clock;
  readonly #onChange: () => void;

  readonly #maxItems: number;

  /** `onChange` runs at every change, before anything reads after it (the page cache stops storing older renders). */
  constructor(opts: { maxItems?: number; onChange?: () => void; now?: Clock } = {}) {
    this.#maxItems = opts.maxItems ?? MAX_UPVOTE_IDS;
    this.#entries = new Lru<UserEntry<T>>(this.#maxItems, (e) => e.value.size + 1);
    this.#now = opts.now ?? monotonic;
    this.#onChange = opts.onChange ?? (() => {});
  }

  /** `userId`'s value if this process holds it, without asking the database (the fast path). */
  peek(userId: number): T | undefined {
    const hit = this.#entries.get(String(userId));
    return hit && hit.until > this.#now() ? hit.value : undefined;
  }

  /** `userId`'s value, from memory when known (`load` reads it whole). */
  of(userId: number, load: () => Promise<T>): Promise<T> {
    const key = String(userId);
    const hit = this.peek(userId);
    if (hit) return Promise.resolve(hit);
    const running = this.#loading.get(userId);
    if (running?.result) return running.result;
    // Registered before `load` starts: a change that comes in while it reads (even at once) drops it.
    const token: { result?: Promise<T> } = {};
    this.#loading.set(userId, token);
    const current = () => this.#loading.get(userId) === token;
    token.result = load().then(
      (value) => {
        if (current()) {
          this.#loading.delete(userId);
          if (value.size <= this.#maxItems / 4) this.#entries.set(key, { value, until: this.#now() + USER_TTL_MS });
        }
        return value;
      },
      (err: unknown) => {
        if (current()) this.#loading.delete(userId);
        throw err;
      },
    );
    return token.result;
  }

  /** Whether `userId`'s value changed at or after `time` (this cache's clock): a page rendered then may be stale. */
  changedSince(userId: number, time: number): boolean {
    return this.#allChangedAt >= time || (this.#changedAt.get(userId) ?? Number.NEGATIVE_INFINITY) >= time;
  }

  /** `userId`'s value changed (null: anyone's may have). */
  changed(userId: number | null): void {
    const now = this.#now();
    this.#onChange();
    if (userId === null) {
      this.#entries.clear();
      this.#loading.clear();
      this.#changedAt.clear();
      this.#allChangedAt = now;
      return;
    }
    this.#entries.delete(String(userId));
    this.#loading.delete(userId);
    this.#changedAt.delete(userId); // re-inserted last: the map stays in time order, pruned from the front
    this.#changedAt.set(userId, now);
    for (const [id, at] of this.#changedAt) {
      if (at > now - CHANGE_MEMORY_MS) break;
      this.#changedAt.delete(id);
    }
  }
}

export interface ViewerCaches {
  sessions: SessionCache;
  /** The ids of the papers each viewer upvoted. */
  upvotes: UserCache<ReadonlySet<string>>;
  /** Each viewer's authorship claims, by paper id. */
  claims: UserCache<ReadonlyMap<string, OwnClaim>>;
}

/** A notification's payload as the user it names, or null for "every user" ('' from a TRUNCATE, or a reconnect). */
function userOf(payload: string | null): number | null {
  const id = payload ? Number(payload) : Number.NaN;
  return Number.isSafeInteger(id) ? id : null;
}

/**
 * Starts both caches, following the triggers' notifications; resolves once listening. `onVotesChanged` runs at
 * every vote change (the page cache then stores no render begun before it).
 */
export async function startViewerCaches(
  sql: Sql,
  opts: { onVotesChanged?: () => void } = {},
): Promise<ViewerCaches & { stop(): Promise<void> }> {
  const sessions = new SessionCache();
  const upvotes = new UserCache<ReadonlySet<string>>(opts.onVotesChanged ? { onChange: opts.onVotesChanged } : {});
  const claims = new UserCache<ReadonlyMap<string, OwnClaim>>({ maxItems: MAX_CLAIMS });
  const watches: { stop(): Promise<void> }[] = [];
  try {
    watches.push(await watchChannel(sql, SESSIONS_CHANNEL, () => sessions.forgetAll()));
    watches.push(await watchChannel(sql, VOTES_CHANNEL, (payload) => upvotes.changed(userOf(payload))));
    watches.push(await watchChannel(sql, CLAIMS_CHANNEL, (payload) => claims.changed(userOf(payload))));
  } catch (err) {
    await Promise.all(watches.map((w) => w.stop().catch(() => {})));
    throw err;
  }
  return {
    sessions,
    upvotes,
    claims,
    async stop() {
      await Promise.all(watches.map((w) => w.stop().catch(() => {})));
    },
  };
}
