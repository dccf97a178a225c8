// Runs in a keyword index build thread: indexes each batch of papers it is sent (the analysis, most of a build's
// time, happens here), and on 'finish' compacts and hands its state back, its arrays moved rather than copied.
import { parentPort } from 'node:worker_threads';
import type { KeywordBuildReply, KeywordBuildRequest } from './parallel-build.ts';
import { KeywordIndex } from './keyword-index.ts';

const index = new KeywordIndex();
const port = parentPort!;

port.on('message', (msg: KeywordBuildRequest) => {
  try {
    if (msg.kind === 'docs') {
      for (const d of msg.docs) index.upsert(d);
      // Folding the appended lists into the base as it goes bounds the memory a build needs.
      if (index.needsCompaction()) index.compact();
      port.postMessage({ kind: 'ack' } satisfies KeywordBuildReply);
      return;
    }
    const state = index.exportState();
    const c = state.docs;
    const arrays = [
      c.lengths,
      c.published,
      c.daily,
      c.upvotes,
      c.flags,
      c.modified,
      c.textHash,
      state.baseStart,
      state.baseFreqs,
      state.packed.termBlocks,
      state.packed.blockFirst,
      state.packed.blockOffset,
      state.packed.bytes,
      state.bounds!.maxFreq,
      state.bounds!.minLength,
    ];
    port.postMessage(
      { kind: 'state', state } satisfies KeywordBuildReply,
      arrays.map((a) => a.buffer as ArrayBuffer),
    );
  } catch (err) {
    port.postMessage({ kind: 'failed', message: err instanceof Error ? err.message : String(err) } satisfies KeywordBuildReply);
  }
});
