// A full keyword index build spread over threads. Analysing text (tokenizing, stemming, counting) is most of a
// build: at 1M papers 283 s on one thread, of which 41% analysis and 15% garbage collection. Here the main thread
// only reads papers from PostgreSQL and deals the batches out; each thread indexes its share into an index of its
// own, and the compacted parts are merged (merge-states.ts) into one that answers as a single build would.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { IndexDoc, IndexState } from './index-types.ts';
import { KeywordIndex } from './keyword-index.ts';
import { mergeStates } from './merge-states.ts';

export type KeywordBuildRequest = { kind: 'docs'; docs: IndexDoc[] } | { kind: 'finish' };
export type KeywordBuildReply = { kind: 'ack' } | { kind: 'state'; state: IndexState } | { kind: 'failed'; message: string };

/** Reads every paper, a batch at a time (forEachPaperForIndex's shape). */
export type PaperReader = (onBatch: (docs: IndexDoc[]) => void | Promise<void>) => Promise<void>;

// Batches handed to a thread before waiting for it: one being indexed while the next is on its way.
const IN_FLIGHT = 2;

/** Build threads for this machine: one per core (the main thread mostly waits on PostgreSQL), at most 4. */
export function buildThreads(): number {
  return Math.max(1, Math.min(4, os.availableParallelism()));
}

interface Builder {
  worker: Worker;
  waiting: { resolve: (r: KeywordBuildReply) => void; reject: (e: Error) => void }[];
  inFlight: Promise<KeywordBuildReply>[];
  failure: Error | null;
}

function startBuilder(): Builder {
  const b: Builder = {
    worker: new Worker(new URL('./keyword-build-thread.mjs', import.meta.url)),
    waiting: [],
    inFlight: [],
    failure: null,
  };
  const fail = (err: Error) => {
    b.failure ??= err;
    for (const w of b.waiting.splice(0)) w.reject(b.failure);
  };
  b.worker.on('message', (r: KeywordBuildReply) => {
    if (r.kind === 'failed') fail(new Error(`keyword index build: ${r.message}`));
    else b.waiting.shift()?.resolve(r);
  });
  b.worker.once('error', fail);
  b.worker.once('exit', (code) => fail(new Error(`a keyword build thread stopped with code ${code}`)));
  return b;
}

function request(b: Builder, msg: KeywordBuildRequest): Promise<KeywordBuildReply> {
  return new Promise((resolve, reject) => {
    if (b.failure) return reject(b.failure);
    b.waiting.push({ resolve, reject });
    b.worker.postMessage(msg);
  });
}

/**
 * Builds an index of every paper `read` gives in `threads` threads; `onBatch` hears of each batch read (throw
 * from it to stop the build: the threads are ended and the error passed on).
 */
export async function buildInThreads(
  read: PaperReader,
  threads: number,
  onBatch: (docs: number) => void = () => {},
): Promise<KeywordIndex> {
  const builders = Array.from({ length: threads }, startBuilder);
  try {
    let next = 0;
    await read(async (docs) => {
      onBatch(docs.length);
      const b = builders[next++ % builders.length]!;
      b.inFlight.push(request(b, { kind: 'docs', docs }));
      if (b.inFlight.length >= IN_FLIGHT) await b.inFlight.shift();
    });
    const states = await Promise.all(
      builders.map(async (b) => {
        await Promise.all(b.inFlight);
        const r = await request(b, { kind: 'finish' });
        if (r.kind !== 'state') throw new Error('a keyword build thread gave no index');
        return r.state;
      }),
    );
    return new KeywordIndex(mergeStates(states));
  } finally {
    for (const b of builders) {
      b.worker.removeAllListeners('exit');
      await b.worker.terminate();
    }
  }
}
