// Keeps paper_embeddings complete for the configured provider. One worker per database (an advisory lock; other
// instances stand by and retry), run by `dailypapers serve` in the background and by `dailypapers embed`.
//   - No model for the configured provider yet (first start, or the operator switched provider): create one
//     (the corpus model is fitted first, off the main thread), embed every paper into it while the previous
//     model keeps serving, then promote it (the old vectors are dropped).
//   - The corpus model is refitted the same way once the corpus has grown by half since its fit, so new
//     vocabulary gets a place; between refits new papers are folded into the current model.
//   - Otherwise: embed papers that are new or whose text changed (a vote changes a paper, not its text).
import type { Sql } from '../db/connect.ts';
import { WakeableSleep } from '../core/wakeable-sleep.ts';
import type { Logger } from '../log.ts';
import { PAPERS_CHANNEL } from '../store/changes.ts';
import {
  changedPapersToEmbed,
  createModel,
  dropModel,
  listModels,
  modelParams,
  papersForFit,
  papersToEmbed,
  promoteModel,
  saveEmbeddings,
  setModelDimensions,
  withEmbeddingLock,
  type EmbeddingModelRow,
  type EmbeddingWrite,
  type PaperToEmbed,
} from '../store/embeddings.ts';
import { followChanges } from '../store/follow-changes.ts';
import { changeFence, countIndexablePapers } from '../store/search-papers.ts';
import { CorpusModel, DEFAULT_CORPUS_OPTIONS } from './corpus-model.ts';
import { CorpusEmbeddingProvider, corpusProviderKey, fitInThread } from './corpus-provider.ts';
import type { DownloadProgress } from './model-download.ts';
import { EmbeddingError, paperTextHash, type EmbeddingProvider } from './provider.ts';

/**
 * EMBEDDINGS=auto before its model is here: how to fetch and open it. The embedding worker runs it in the
 * background while the corpus model serves, then switches provider (every paper embedded anew, then promoted).
 */
export interface AutoUpgrade {
  /** What is downloaded, for the log. */
  name: string;
  open(signal: AbortSignal, onProgress: (p: DownloadProgress) => void): Promise<EmbeddingProvider>;
}

/** What the operator configured: the corpus model of some size, or an external provider. */
export type ProviderChoice =
  | {
      kind: 'corpus';
      dimensions: number;
      fitSample: number;
      /** EMBEDDINGS=auto: the model to fetch and switch to. */
      upgrade?: AutoUpgrade;
      /** EMBEDDINGS=auto: why the downloaded model is not used (said once, in the log). */
      unavailable?: string;
    }
  | { kind: 'external'; provider: EmbeddingProvider };

export function choiceKey(choice: ProviderChoice): string {
  return choice.kind === 'corpus' ? corpusProviderKey(choice.dimensions) : choice.provider.key;
}

export interface EmbeddingProgress {
  modelId: number;
  done: number;
  total: number;
}

// A round does more than an index's catch-up (it reads the changed texts and may call an external provider), so it
// waits longer after a notification than the indexes do, gathering more of an import's batches into one round.
const DEBOUNCE_MS = 500;
// Works even without notifications, in case one was lost; also how often a standing-by instance tries the lock.
const POLL_MS = 60_000;
// After a failure (endpoint down), wait this long before trying again.
const RETRY_MS = 60_000;
// A corpus model is refitted when the corpus has grown by this factor since its fit (and by REFIT_MIN papers).
const REFIT_GROWTH = 1.5;
const REFIT_MIN = 200;
// Fewer papers than this teach the corpus model nothing: semantic search waits for the first harvest.
const MIN_FIT_PAPERS = 20;

/** Loads the provider that embeds for `model`: the corpus model from its stored parameters, or the configured one. */
export async function providerForModel(sql: Sql, model: EmbeddingModelRow, choice: ProviderChoice): Promise<EmbeddingProvider | null> {
  if (model.providerKey.startsWith('corpus:')) {
    const params = await modelParams(sql, model.id);
    return params ? new CorpusEmbeddingProvider(CorpusModel.deserialize(params)) : null;
  }
  return choice.kind === 'external' && choice.provider.key === model.providerKey ? choice.provider : null;
}

export class EmbeddingWorker {
  readonly #sql: Sql;
  readonly #log: Logger;
  #choice: ProviderChoice;
  #upgrading = false;
  #providers = new Map<number, EmbeddingProvider>();
  #watermark: string | null = null;
  #watermarkModel = 0;
  #stopped = false;
  #abort = new AbortController();
  readonly #pause = new WakeableSleep();
  #loop: Promise<void> | null = null;
  progress: EmbeddingProgress | null = null;

  constructor(opts: { sql: Sql; log: Logger; choice: ProviderChoice }) {
    this.#sql = opts.sql;
    this.#log = opts.log.child({ component: 'embeddings' });
    this.#choice = opts.choice;
  }

  /** The provider this worker embeds with now (EMBEDDINGS=auto changes it once its model is downloaded). */
  get choice(): ProviderChoice {
    return this.#choice;
  }

  /** Runs in the background until stop(): takes the lock when free, then works whenever papers change. */
  start(): void {
    this.#loop = this.#run();
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      const held = await withEmbeddingLock(this.#sql, () => this.#workWhileHeld()).catch((err: unknown) => {
        this.#log.error('embedding worker lost its connection', { err });
        return null;
      });
      // Another instance is the worker (or the connection failed): stand by and check again now and then.
      if (!held && !this.#stopped) await this.#pause.sleep(POLL_MS);
    }
  }

  /** Holding the lock: a round at once, then one whenever papers change, until stop(). */
  async #workWhileHeld(): Promise<void> {
    const changes = await followChanges(this.#sql, {
      channels: [PAPERS_CHANNEL],
      catchUp: () => this.runOnce(),
      onError: (err) => {
        if (this.#stopped) return;
        const retryable = !(err instanceof EmbeddingError) || err.retryable;
        this.#log.error('embedding failed', { err, retryInSeconds: RETRY_MS / 1000, retryable });
      },
      debounceMs: DEBOUNCE_MS,
      pollMs: POLL_MS,
      retryMs: RETRY_MS,
    });
    try {
      changes.catchUp().catch(() => {}); // reported by onError
      this.#upgrade(() => changes.catchUp().catch(() => {}));
      while (!this.#stopped) await this.#pause.sleep(POLL_MS);
    } finally {
      await changes.stop();
    }
  }

  /**
   * EMBEDDINGS=auto, once per process and only in the worker holding the lock: fetch the model in the background;
   * when it opens, embed with it (`round` starts a round at once). Offline or on any failure the corpus model
   * stays, and the log says why, once.
   */
  #upgrade(round: () => void): void {
    const choice = this.#choice;
    if (choice.kind !== 'corpus' || this.#upgrading) return;
    this.#upgrading = true;
    if (choice.unavailable) this.#log.warn('EMBEDDINGS=auto: keeping the corpus model', { reason: choice.unavailable });
    const upgrade = choice.upgrade;
    if (!upgrade) return;
    let shown = -1;
    this.#log.info('downloading the embedding model; the corpus model serves meanwhile', { model: upgrade.name });
    upgrade
      .open(this.#abort.signal, (p) => {
        // The log gets a line every tenth of the way (download.json, read by dailypapers status, every second).
        const tenth = p.total ? Math.floor((10 * p.bytes) / p.total) : -1;
        if (tenth > shown && p.state === 'downloading') {
          shown = tenth;
          this.#log.info('embedding model download', { model: upgrade.name, bytes: p.bytes, total: p.total });
        }
      })
      .then((provider) => {
        if (this.#stopped) return;
        this.#choice = { kind: 'external', provider };
        this.#log.info('embedding model downloaded; embedding every paper with it, the corpus model serves until done', {
          model: upgrade.name,
          provider: provider.key,
        });
        round();
      })
      .catch((err: unknown) => {
        if (this.#stopped) return;
        this.#log.warn('EMBEDDINGS=auto: keeping the corpus model', {
          model: upgrade.name,
          reason: err instanceof Error ? err.message : String(err),
        });
      });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort();
    this.#pause.wake();
    await this.#loop?.catch(() => {});
  }

  /** One round: makes sure a model for the configured provider exists and is complete, then embeds what changed. */
  async runOnce(onProgress?: (p: EmbeddingProgress) => void): Promise<void> {
    const key = choiceKey(this.#choice);
    const models = await listModels(this.#sql);
    for (const m of models) {
      if (m.state === 'building' && m.providerKey !== key) {
        this.#log.info('dropping an unfinished embedding model of a provider no longer configured', {
          model: m.id,
          provider: m.providerKey,
        });
        await dropModel(this.#sql, m.id);
      }
    }
    let serving = models.find((m) => m.state === 'ready' && m.providerKey === key) ?? null;
    let building = models.find((m) => m.state === 'building' && m.providerKey === key) ?? null;
    if (!building && (!serving || (await this.#needsRefit(serving)))) {
      if (this.#choice.kind === 'corpus' && (await countIndexablePapers(this.#sql)) < MIN_FIT_PAPERS) return;
      building = await this.#createModel(key, serving);
    }
    if (building) {
      // Papers changed after this fence are embedded again below; the rest were just embedded. (Without it the
      // pass below rechecked every paper's vector: at 3M papers minutes of reading and rewriting checked_at.)
      const fence = await changeFence(this.#sql);
      await this.#embedAll(building, onProgress);
      await promoteModel(this.#sql, building.id);
      this.#log.info('embedding model ready', { model: building.id, provider: building.providerKey });
      serving = building;
      this.#watermark = fence;
      this.#watermarkModel = building.id;
    }
    if (serving) await this.#embedChanged(serving, onProgress);
  }

  async #needsRefit(model: EmbeddingModelRow): Promise<boolean> {
    if (this.#choice.kind !== 'corpus' || model.fittedOn === null) return false;
    const papers = await countIndexablePapers(this.#sql);
    return papers >= model.fittedOn * REFIT_GROWTH && papers - model.fittedOn >= REFIT_MIN;
  }

  async #createModel(key: string, previous: EmbeddingModelRow | null): Promise<EmbeddingModelRow> {
    if (this.#choice.kind === 'corpus') {
      const papers = await countIndexablePapers(this.#sql);
      const sample = await papersForFit(this.#sql, this.#choice.fitSample);
      this.#log.info(previous ? 'refitting the corpus model' : 'fitting the corpus model', { papers, sample: sample.length });
      const started = performance.now();
      const params = await fitInThread(sample, { ...DEFAULT_CORPUS_OPTIONS, dimensions: this.#choice.dimensions }, this.#abort.signal);
      this.#log.info(previous ? 'corpus model refitted' : 'corpus model fitted', {
        papers,
        sample: sample.length,
        ms: Math.round(performance.now() - started),
      });
      const id = await createModel(this.#sql, { providerKey: key, dimensions: this.#choice.dimensions, params, fittedOn: papers });
      return {
        id,
        providerKey: key,
        dimensions: this.#choice.dimensions,
        state: 'building',
        fittedOn: papers,
        createdAt: new Date(),
        readyAt: null,
      };
    }
    const id = await createModel(this.#sql, {
      providerKey: key,
      dimensions: this.#choice.provider.dimensions,
      params: null,
      fittedOn: null,
    });
    this.#log.info('embedding every paper with a new provider', { model: id, provider: key });
    return {
      id,
      providerKey: key,
      dimensions: this.#choice.provider.dimensions,
      state: 'building',
      fittedOn: null,
      createdAt: new Date(),
      readyAt: null,
    };
  }

  async #provider(model: EmbeddingModelRow): Promise<EmbeddingProvider> {
    let p = this.#providers.get(model.id);
    if (!p) {
      p = (await providerForModel(this.#sql, model, this.#choice)) ?? undefined;
      if (!p) throw new EmbeddingError(`no provider can embed for model ${model.id} (${model.providerKey})`, false);
      this.#providers.set(model.id, p);
    }
    return p;
  }

  /** Embeds every paper lacking a current vector in `model`, in id order (resumable: done papers are skipped). */
  async #embedAll(model: EmbeddingModelRow, onProgress?: (p: EmbeddingProgress) => void): Promise<void> {
    const provider = await this.#provider(model);
    const total = await countIndexablePapers(this.#sql);
    const progress: EmbeddingProgress = { modelId: model.id, done: 0, total };
    this.progress = progress;
    let after = '';
    for (;;) {
      if (this.#stopped) throw new EmbeddingError('stopped', true);
      const batch = await papersToEmbed(this.#sql, model.id, after, provider.batchSize);
      if (batch.length === 0) break;
      await this.#embedBatch(model, provider, batch);
      after = batch[batch.length - 1]!.id;
      progress.done += batch.length;
      onProgress?.(progress);
    }
    this.progress = null;
  }

  /** Embeds papers changed since the last round (all stale ones on the first round). */
  async #embedChanged(model: EmbeddingModelRow, onProgress?: (p: EmbeddingProgress) => void): Promise<void> {
    const fence = await changeFence(this.#sql);
    if (this.#watermark === null || this.#watermarkModel !== model.id) {
      await this.#embedAll(model, onProgress);
    } else {
      const provider = await this.#provider(model);
      for (;;) {
        const batch = await changedPapersToEmbed(this.#sql, model.id, this.#watermark, provider.batchSize);
        if (batch.length === 0) break;
        await this.#embedBatch(model, provider, batch);
        if (batch.length < provider.batchSize) break;
      }
    }
    this.#watermark = fence;
    this.#watermarkModel = model.id;
  }

  async #embedBatch(model: EmbeddingModelRow, provider: EmbeddingProvider, batch: PaperToEmbed[]): Promise<void> {
    const hashes = batch.map((p) => paperTextHash(p));
    const stale = batch.filter((p, i) => p.embeddedHash !== hashes[i]);
    const vectors = stale.length > 0 ? await provider.embedDocuments(stale, this.#abort.signal) : [];
    const byId = new Map(stale.map((p, i) => [p.id, vectors[i]!]));
    if (model.dimensions === null && vectors.length > 0) {
      await setModelDimensions(this.#sql, model.id, vectors[0]!.length);
      model.dimensions = vectors[0]!.length;
    }
    const writes: EmbeddingWrite[] = batch.map((p, i) => ({
      paperId: p.id,
      textHash: hashes[i]!,
      checkedAt: p.modifiedAt,
      vector: byId.get(p.id) ?? null,
    }));
    await saveEmbeddings(this.#sql, model.id, writes);
  }
}
