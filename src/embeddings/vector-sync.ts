// Keeps this instance's vector index equal to the serving model's vectors in PostgreSQL: loads the saved index
// (or reads every vector), then follows embeddings_changed by `seq`. When another model is promoted (a provider
// switch or a corpus refit), a new index is read in the background and swapped in; until then the old one serves.
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { Sql } from '../db/connect.ts';
import type { Logger } from '../log.ts';
import {
  countEmbeddings,
  EMBEDDINGS_CHANNEL,
  servingModel,
  vectorBatchSince,
  vectorsSince,
  type EmbeddingModelRow,
} from '../store/embeddings.ts';
import { ChangeFollower } from '../store/follow-changes.ts';
import { searchDatabaseId } from '../store/search-papers.ts';
import { providerForModel, type ProviderChoice } from './embedding-worker.ts';
import type { EmbeddingProvider } from './provider.ts';
import { buildVectorIndexInThread, type VectorBatch } from './vector-build.ts';
import { VectorIndex } from './vector-index.ts';

// Vectors read per query.
const BATCH = 5000;
// The embedding worker notifies once per batch of vectors it stores, several a second while it embeds: waiting
// this long reads a few batches in one go.
const DEBOUNCE_MS = 200;
// Catches up even without notifications, in case one was lost with a dropped connection.
const POLL_MS = 60_000;
// The index is saved after this many new vectors, so a restart reads few of them again.
const SAVE_AFTER_CHANGES = 10_000;
// Adding to the graph holds this thread until done (usearch inserts a batch on every core and returns): ~0.8 ms a
// vector at 1M papers on 2 cores, so one read batch of 5,000 held every request of the process for ~4 s. Vectors go
// in slices sized to take about this long each, with requests let in between (bench/vector-insert.ts).
const SLICE_TARGET_MS = 40;
const MIN_SLICE = 16;
// From this many stored vectors a whole index is built in a worker thread (vector-build.ts), in batches of
// THREAD_BATCH; below, starting the thread (~0.3 s) costs more than the slices here.
const BUILD_IN_THREAD_FROM = 20_000;
const THREAD_BATCH = 10_000;

/**
 * Adds `items` to `index` in slices of about SLICE_TARGET_MS each, yielding to the event loop between them; `slice`
 * carries the size that last met the target from one call to the next.
 */
export async function insertInSlices(
  index: VectorIndex,
  items: { id: string; vector: Float32Array }[],
  slice: { size: number } = { size: 64 },
  stopped: () => boolean = () => false,
): Promise<void> {
  for (let at = 0; at < items.length; ) {
    const part = items.slice(at, at + slice.size);
    const started = performance.now();
    index.upsertMany(part);
    const ms = performance.now() - started;
    at += part.length;
    // Grow or shrink toward the target (by at most 2x a step, so one slow slice does not swing it).
    if (part.length === slice.size) {
      const scaled = (slice.size * SLICE_TARGET_MS) / Math.max(ms, 0.1);
      slice.size = Math.round(Math.max(MIN_SLICE, Math.min(BATCH, slice.size * 2, Math.max(slice.size / 2, scaled))));
    }
    await new Promise((r) => setImmediate(r));
    if (stopped()) return;
  }
}

/** What semantic search needs at one moment: the index and the provider that embeds queries into its space. */
export interface SemanticState {
  modelId: number;
  index: VectorIndex;
  provider: EmbeddingProvider;
}

interface SavedInfo {
  databaseId: string;
  modelId: number;
  seq: number;
}

export class VectorSync {
  state: SemanticState | null = null;
  readonly #sql: Sql;
  readonly #log: Logger;
  readonly #dir: string | null;
  readonly #choice: () => ProviderChoice;
  #seq = 0;

  /** The last vector read: it moves whenever semantic search can answer differently. */
  get seq(): number {
    return this.#seq;
  }
  #databaseId = '';
  readonly #changes: ChangeFollower;
  #unsaved = 0;
  #stopped = false;
  /** How many vectors one slice of an insert takes (insertInSlices adapts it). */
  readonly #slice = { size: 64 };

  constructor(opts: { sql: Sql; log: Logger; dir: string | null; choice: () => ProviderChoice }) {
    this.#sql = opts.sql;
    this.#log = opts.log.child({ component: 'vector-index' });
    this.#dir = opts.dir;
    this.#choice = opts.choice;
    this.#changes = new ChangeFollower({
      catchUp: () => this.#catchUpOnce(),
      onError: (err) => this.#log.error('vector index catch-up failed', { err }),
      debounceMs: DEBOUNCE_MS,
    });
  }

  async start(opts: { follow: boolean }): Promise<void> {
    this.#databaseId = await searchDatabaseId(this.#sql);
    if (opts.follow) await this.#changes.listen(this.#sql, [EMBEDDINGS_CHANNEL], { pollMs: POLL_MS });
    await this.catchUp();
  }

  /** Applies every vector stored so far (and switches to a newly promoted model). */
  catchUp(): Promise<void> {
    return this.#changes.catchUp();
  }

  async #catchUpOnce(): Promise<void> {
    const model = await servingModel(this.#sql);
    if (!model || model.dimensions === null) return;
    if (!this.state || this.state.modelId !== model.id) {
      const provider = await providerForModel(this.#sql, model, this.#choice());
      if (!provider) {
        this.#log.warn('the serving embedding model was made by a provider not configured here; semantic search is off', {
          provider: model.providerKey,
        });
        this.state = null;
        return;
      }
      const loaded = (await this.#load(model)) ?? (await this.#buildInThread(model));
      if (this.#stopped) return;
      const index = loaded?.index ?? new VectorIndex(model.dimensions);
      this.#seq = loaded?.seq ?? 0;
      await this.#follow(model.id, index);
      this.state = { modelId: model.id, index, provider };
      this.#log.info('vector index ready', { model: model.id, papers: index.size, loaded: loaded !== null });
      // A thread's build is saved already (all but what #follow read after it, which a restart reads again).
      if (!loaded) await this.save();
      else if ('built' in loaded) await this.#saveInfo(loaded.seq);
      return;
    }
    await this.#follow(model.id, this.state.index);
    if (this.#unsaved >= SAVE_AFTER_CHANGES) await this.save();
  }

  async #follow(modelId: number, index: VectorIndex): Promise<void> {
    for (;;) {
      const rows = await vectorsSince(this.#sql, modelId, this.#seq, BATCH);
      if (rows.length === 0) return;
      await insertInSlices(
        index,
        rows.map((r) => ({ id: r.paperId, vector: r.vector })),
        this.#slice,
        () => this.#stopped,
      );
      if (this.#stopped) return;
      this.#seq = rows[rows.length - 1]!.seq;
      this.#unsaved += rows.length;
    }
  }

  /** A whole index built in a worker thread from every stored vector, or null when there are few (or we stopped). */
  async #buildInThread(model: EmbeddingModelRow): Promise<{ index: VectorIndex; seq: number; built: true } | null> {
    const dimensions = model.dimensions!;
    if ((await countEmbeddings(this.#sql, model.id)) < BUILD_IN_THREAD_FROM) return null;
    const started = performance.now();
    const own = this.#file(model.id);
    const tmp = own ? null : await mkdtemp(path.join(os.tmpdir(), 'dailypapers-vectors-'));
    const file = own ?? path.join(tmp!, 'vectors.bin');
    // What says which vectors the saved file holds goes first: a build cut short leaves no saved index behind.
    if (own) await rm(`${own}.json`, { force: true });
    let seq = 0;
    const sql = this.#sql;
    async function* batches(): AsyncGenerator<VectorBatch> {
      for (;;) {
        const b = await vectorBatchSince(sql, model.id, dimensions, seq, THREAD_BATCH);
        if (b.lastSeq === null) return;
        seq = b.lastSeq;
        yield b;
      }
    }
    try {
      const index = await buildVectorIndexInThread(dimensions, file, batches(), () => this.#stopped);
      if (!index) return null;
      this.#log.info('vector index built', { model: model.id, papers: index.size, ms: Math.round(performance.now() - started) });
      return { index, seq, built: true };
    } finally {
      if (tmp) await rm(tmp, { recursive: true, force: true });
    }
  }

  #file(modelId: number): string | null {
    return this.#dir ? path.join(this.#dir, `vectors-${modelId}.bin`) : null;
  }

  async #load(model: EmbeddingModelRow): Promise<{ index: VectorIndex; seq: number } | null> {
    const file = this.#file(model.id);
    if (!file) return null;
    try {
      const info = JSON.parse(await readFile(`${file}.json`, 'utf8')) as SavedInfo;
      if (info.databaseId !== this.#databaseId || info.modelId !== model.id) return null;
      return { index: await VectorIndex.load(file), seq: info.seq };
    } catch {
      return null;
    }
  }

  /** Saves the index with the seq it has read up to, so a restart reads only what came after. */
  async save(): Promise<void> {
    const s = this.state;
    const file = s ? this.#file(s.modelId) : null;
    if (!s || !file) return;
    const info: SavedInfo = { databaseId: this.#databaseId, modelId: s.modelId, seq: this.#seq };
    this.#unsaved = 0;
    try {
      await s.index.save(file);
      await writeFile(`${file}.json`, JSON.stringify(info));
    } catch (err) {
      this.#log.error('could not save the vector index', { err, file });
    }
  }

  /** Records that the saved index file holds the vectors up to `seq`. */
  async #saveInfo(seq: number): Promise<void> {
    const s = this.state;
    const file = s ? this.#file(s.modelId) : null;
    if (!s || !file) return;
    const info: SavedInfo = { databaseId: this.#databaseId, modelId: s.modelId, seq };
    await writeFile(`${file}.json`, JSON.stringify(info));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#changes.stop();
    if (this.#unsaved > 0) await this.save();
  }
}
