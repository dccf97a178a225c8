// Runs in the vector build thread: inserts each batch it is sent into a new index (the graph spreads a whole batch
// over every core), saves the index to the file it was given and says so. The main thread then loads that file.
import { parentPort, workerData } from 'node:worker_threads';
import type { BuildRequest, BuildReply } from './vector-build.ts';
import { VectorIndex } from './vector-index.ts';

const { dimensions, file } = workerData as { dimensions: number; file: string };
const index = new VectorIndex(dimensions);
const port = parentPort!;

port.on('message', (msg: BuildRequest) => {
  void (async () => {
    if (msg.kind === 'batch') {
      const d = dimensions;
      index.upsertMany(msg.ids.map((id, i) => ({ id, vector: msg.vectors.subarray(i * d, (i + 1) * d) })));
      port.postMessage({ kind: 'ack' } satisfies BuildReply);
    } else {
      await index.save(file);
      port.postMessage({ kind: 'saved', size: index.size } satisfies BuildReply);
    }
  })().catch((err: unknown) =>
    port.postMessage({ kind: 'failed', message: err instanceof Error ? err.message : String(err) } satisfies BuildReply),
  );
});
