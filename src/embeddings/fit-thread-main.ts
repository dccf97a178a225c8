// Runs in the fit worker thread: fits the model on the papers it was handed and posts the serialized bytes back.
import { parentPort, workerData } from 'node:worker_threads';
import { CorpusModel, type CorpusModelOptions } from './corpus-model.ts';
import type { PaperText } from './provider.ts';

const { papers, opts } = workerData as { papers: PaperText[]; opts: CorpusModelOptions };
const bytes = CorpusModel.fit(papers, opts).serialize();
parentPort!.postMessage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
