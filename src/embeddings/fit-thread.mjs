// Entry of the worker thread that fits the corpus model (see corpus-provider.ts). Plain JS because a worker
// does not inherit tsx's loader from the main thread: it registers it, then runs the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./fit-thread-main.ts');
