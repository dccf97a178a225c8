// Keeps the in-memory keyword index equal to the papers table: loads the saved snapshot (or builds from
// PostgreSQL), then follows changes. Every writer notifies papers_changed; on it (and on a slow timer, should a
// notification be lost) the index reads what changed since its watermark: papers whose modified_at is newer than
// what it holds, and deletions. Each app instance does this on its own against the same table, so they agree.
import type { Sql } from '../db/connect.ts';
import type { Logger } from '../log.ts';
import { PAPERS_CHANNEL } from '../store/changes.ts';
import { ChangeFollower } from '../store/follow-changes.ts';
import {
  changeFence,
  countIndexablePapers,
  forEachPaperForIndex,
  paperDeletionsSince,
  papersForIndex,
  paperStampsSince,
  searchDatabaseId,
} from '../store/search-papers.ts';
import { readSnapshot, writeSnapshot } from './index-snapshot.ts';
import type { IndexDoc } from './index-types.ts';
import { KeywordIndex } from './keyword-index.ts';
import { buildInThreads, buildThreads } from './parallel-build.ts';

export interface SyncOptions {
  sql: Sql;
  log: Logger;
  /** Where the snapshot is kept; null keeps nothing on disk (tests). */
  snapshotFile: string | null;
}

export interface BuildProgress {
  done: number;
  total: number;
}

// Papers read per query while building or catching up.
const BATCH = 2000;
// From this many papers a full build runs in threads (parallel-build.ts); below, starting them (~0.5 s with the
// TypeScript loader) costs more than they save.
const BUILD_IN_THREADS_FROM = 50_000;
// A burst of notifications (an import commits a batch every few hundred milliseconds) is read in one go.
const DEBOUNCE_MS = 100;
// Catches up even without notifications, in case one was lost with a dropped connection.
const POLL_MS = 60_000;
// The snapshot is rewritten after this many changed papers, or after this long with any change.
const SNAPSHOT_AFTER_CHANGES = 20_000;
const SNAPSHOT_AFTER_MS = 10 * 60_000;

/** Thrown inside a build when the server stops meanwhile: the half-built index is dropped. */
class BuildStopped extends Error {}

export class KeywordIndexSync {
  index = new KeywordIndex();
  /** Set while the first build runs (search answers 503 meanwhile). */
  building: BuildProgress | null = null;
  ready = false;
  readonly #sql: Sql;
  readonly #log: Logger;
  readonly #file: string | null;
  #databaseId = '';
  #watermark: string | null = null;

  /** Up to where the index has read the papers' changes: it moves whenever what search can answer does. */
  get watermark(): string | null {
    return this.#watermark;
  }
  readonly #changes: ChangeFollower;
  #changesSinceSnapshot = 0;
  #lastSnapshot = Date.now();
  #saving: Promise<void> | null = null;
  #stopped = false;

  constructor(opts: SyncOptions) {
    this.#sql = opts.sql;
    this.#log = opts.log.child({ component: 'search-index' });
    this.#file = opts.snapshotFile;
    this.#changes = new ChangeFollower({
      catchUp: () => this.#catchUpOnce(),
      onError: (err) => this.#log.error('search index catch-up failed', { err }),
      debounceMs: DEBOUNCE_MS,
    });
  }

  /**
   * Loads the snapshot and catches up, or builds the index from PostgreSQL; with `follow`, then listens for changes.
   * Resolves when the index is ready.
   */
  async start(opts: { follow: boolean }): Promise<void> {
    this.#databaseId = await searchDatabaseId(this.#sql);
    const loaded = this.#file ? await readSnapshot(this.#file, this.#databaseId) : { missing: 'no snapshot file configured' };
    if ('index' in loaded) {
      this.index = loaded.index;
      this.#watermark = loaded.info.watermark;
      this.#log.info('search index loaded', { papers: this.index.size, watermark: this.#watermark });
    } else {
      this.#log.info('building the search index', { reason: loaded.missing });
      try {
        await this.rebuild();
      } catch (err) {
        if (err instanceof BuildStopped) return;
        throw err;
      }
    }
    if (opts.follow && !this.#stopped) {
      // Listening starts after the build: a change made meanwhile is read by the catch-up below, from the fence.
      await this.#changes.listen(this.#sql, [PAPERS_CHANNEL], { pollMs: POLL_MS });
    }
    await this.catchUp();
    this.ready = true;
  }

  /** Builds a new index from every paper, swaps it in and saves it; `onProgress` hears of each batch. */
  async rebuild(onProgress?: (p: BuildProgress) => void): Promise<void> {
    const started = performance.now();
    if (!this.#databaseId) this.#databaseId = await searchDatabaseId(this.#sql);
    const fence = await changeFence(this.#sql);
    const progress: BuildProgress = { done: 0, total: await countIndexablePapers(this.#sql) };
    if (!this.ready) this.building = progress;
    const read = (onBatch: (docs: IndexDoc[]) => void | Promise<void>) => forEachPaperForIndex(this.#sql, BATCH, onBatch);
    const counted = (n: number) => {
      if (this.#stopped) throw new BuildStopped();
      progress.done += n;
      onProgress?.(progress);
    };
    const threads = buildThreads();
    let fresh: KeywordIndex;
    if (progress.total >= BUILD_IN_THREADS_FROM && threads > 1) {
      fresh = await buildInThreads(read, threads, counted);
    } else {
      fresh = new KeywordIndex();
      await read((docs) => {
        counted(docs.length);
        for (const d of docs) fresh.upsert(d);
        // Folding the appended lists into the base as it goes bounds the memory a build needs.
        if (fresh.needsCompaction()) fresh.compact();
      });
      fresh.compact();
    }
    // Changes made during the build are read by the next catch-up, from the fence taken before it.
    await this.#changes.idle();
    this.index = fresh;
    this.#watermark = fence;
    this.building = null;
    this.#log.info('search index built', {
      papers: fresh.size,
      terms: fresh.termCount,
      postings: fresh.postingCount,
      ms: Math.round(performance.now() - started),
    });
    await this.save();
  }

  /** Applies every change committed so far; resolves when the index reflects them. */
  catchUp(): Promise<void> {
    return this.#changes.catchUp();
  }

  async #catchUpOnce(): Promise<void> {
    const fence = await changeFence(this.#sql);
    let changed = 0;
    if (this.#watermark !== null) {
      const deletions = await paperDeletionsSince(this.#sql, this.#watermark);
      if (deletions.truncated) {
        // Everything was deleted at some point since the watermark: start from an empty index.
        this.index = new KeywordIndex();
        this.#watermark = null;
      } else {
        for (const id of deletions.ids) if (this.index.remove(id)) changed++;
      }
    }
    const stamps = await paperStampsSince(this.#sql, this.#watermark);
    const stale = stamps.filter((s) => this.index.modifiedOf(s.id) !== s.modifiedUs).map((s) => s.id);
    for (let i = 0; i < stale.length; i += BATCH) {
      const docs = await papersForIndex(this.#sql, stale.slice(i, i + BATCH));
      for (const d of docs) if (this.index.upsert(d) !== 'unchanged') changed++;
    }
    this.#watermark = fence;
    if (this.index.needsCompaction()) this.index.compact();
    if (changed > 0) {
      this.#changesSinceSnapshot += changed;
      this.#log.debug('search index caught up', { changed, papers: this.index.size });
    }
    const due =
      this.#changesSinceSnapshot >= SNAPSHOT_AFTER_CHANGES ||
      (this.#changesSinceSnapshot > 0 && Date.now() - this.#lastSnapshot > SNAPSHOT_AFTER_MS);
    if (due) void this.save();
  }

  /** Writes the snapshot (when a file is configured); one write at a time. */
  async save(): Promise<void> {
    if (!this.#file) return;
    if (this.#saving) await this.#saving;
    const file = this.#file;
    this.#changesSinceSnapshot = 0;
    this.#lastSnapshot = Date.now();
    this.#saving = writeSnapshot(file, this.index, { databaseId: this.#databaseId, watermark: this.#watermark })
      .catch((err: unknown) => this.#log.error('could not save the search index', { err, file }))
      .finally(() => {
        this.#saving = null;
      });
    await this.#saving;
  }

  /** Stops following changes and saves the index if it changed. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#changes.stop();
    if (this.ready && this.#changesSinceSnapshot > 0) await this.save();
    else if (this.#saving) await this.#saving;
  }
}
