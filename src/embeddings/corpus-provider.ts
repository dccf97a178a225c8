// The corpus model (corpus-model.ts) as an embedding provider, and its fitting off the main thread: a fit on
// 60,000 papers is tens of seconds of arithmetic that must not freeze the web server meanwhile.
import { Worker } from 'node:worker_threads';
import { type CorpusModel, DEFAULT_CORPUS_OPTIONS, type CorpusModelOptions } from './corpus-model.ts';
import type { EmbeddingProvider, PaperText } from './provider.ts';

/** The provider key of corpus models of `dimensions` (a refit keeps the key: same kind of vectors, new version). */
export function corpusProviderKey(dimensions: number): string {
  // Named for the training too: a site whose stored model predates pair training fits and embeds anew.
  return `corpus:lsa+pairs:${dimensions}`;
}

export class CorpusEmbeddingProvider implements EmbeddingProvider {
  readonly key: string;
  readonly dimensions: number;
  readonly batchSize = 500;
  readonly model: CorpusModel;

  constructor(model: CorpusModel) {
    this.model = model;
    this.dimensions = model.dimensions;
    this.key = corpusProviderKey(model.dimensions);
  }

  async embedDocuments(papers: PaperText[]): Promise<Float32Array[]> {
    return papers.map((p) => this.model.embedPaper(p));
  }

  async embedQuery(text: string): Promise<Float32Array> {
    return this.model.embedQuery(text);
  }

  termsNearest(paper: PaperText, query: Float32Array, max: number): string[] {
    return this.model.termsNearest(paper, query, max);
  }
}

/** Fits a corpus model in a worker thread; resolves with its serialized bytes. `signal` stops the fit (shutdown). */
export function fitInThread(
  papers: PaperText[],
  opts: CorpusModelOptions = DEFAULT_CORPUS_OPTIONS,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const worker = new Worker(new URL('./fit-thread.mjs', import.meta.url), { workerData: { papers, opts } });
    signal?.addEventListener(
      'abort',
      () => {
        reject(signal.reason);
        void worker.terminate();
      },
      { once: true },
    );
    worker.once('message', (bytes: Uint8Array) => {
      resolve(bytes);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the corpus model fit stopped with code ${code}`));
    });
  });
}
