// Entry of the worker thread that builds a vector index (see vector-build.ts). Plain JS because a worker does not
// inherit tsx's loader from the main thread: it registers it, then runs the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./vector-build-thread-main.ts');
