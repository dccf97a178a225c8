// Entry of a keyword index build thread (see parallel-build.ts). Plain JS because a worker does not inherit tsx's
// loader from the main thread: it registers it, then runs the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./keyword-build-thread-main.ts');
