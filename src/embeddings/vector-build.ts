// Building a whole vector index (the first start, a provider switch, a corpus refit) in a worker thread. Inserting
// 3M vectors holds whatever thread does it for minutes; in slices on the main thread (vector-sync.ts
// insertInSlices) the graph got batches of a few dozen vectors, spread over the cores in tiny parallel steps,
// and every request waited behind them. In a thread of its own each batch of thousands goes in at once at the
// graph's full speed, and the main thread only reads rows from PostgreSQL and passes them on.
import { Worker } from 'node:worker_threads';
import { VectorIndex } from './vector-index.ts';

export type BuildRequest = { kind: 'batch'; ids: string[]; vectors: Float32Array } | { kind: 'save' };
export type BuildReply = { kind: 'ack' } | { kind: 'saved'; size: number } | { kind: 'failed'; message: string };

/** A batch of vectors in the order they were stored: ids and their vectors, one after another in `vectors`. */
export interface VectorBatch {
  ids: string[];
  vectors: Float32Array;
}

// Batches handed to the thread before waiting for it: one being inserted while the next is read.
const IN_FLIGHT = 2;

/**
 * Builds an index of `dimensions` from `batches` in a worker thread, saves it to `file` (and `file`.usearch) and
 * loads it here. `stopped` is asked between batches: when it says so, the thread is ended and null returned.
 */
export async function buildVectorIndexInThread(
  dimensions: number,
  file: string,
  batches: AsyncIterable<VectorBatch>,
  stopped: () => boolean = () => false,
): Promise<VectorIndex | null> {
  const worker = new Worker(new URL('./vector-build-thread.mjs', import.meta.url), { workerData: { dimensions, file } });
  // Replies arrive in order; each waiter takes the next one.
  const waiting: { resolve: (r: BuildReply) => void; reject: (e: Error) => void }[] = [];
  let failure: Error | null = null;
  const fail = (err: Error) => {
    failure ??= err;
    for (const w of waiting.splice(0)) w.reject(failure);
  };
  worker.on('message', (r: BuildReply) => {
    if (r.kind === 'failed') fail(new Error(`vector index build: ${r.message}`));
    else waiting.shift()?.resolve(r);
  });
  worker.once('error', fail);
  worker.once('exit', (code) => fail(new Error(`the vector build thread stopped with code ${code}`)));
  const reply = () =>
    new Promise<BuildReply>((resolve, reject) => {
      if (failure) reject(failure);
      else waiting.push({ resolve, reject });
    });
  try {
    const acks: Promise<BuildReply>[] = [];
    for await (const b of batches) {
      if (stopped()) return null;
      worker.postMessage({ kind: 'batch', ids: b.ids, vectors: b.vectors } satisfies BuildRequest, [b.vectors.buffer as ArrayBuffer]);
      acks.push(reply());
      if (acks.length >= IN_FLIGHT) await acks.shift();
    }
    await Promise.all(acks);
    if (stopped()) return null;
    worker.postMessage({ kind: 'save' } satisfies BuildRequest);
    await reply();
    return await VectorIndex.load(file);
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}
