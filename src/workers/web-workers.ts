// The primary's side of WEB_CONCURRENCY: forks the web workers (node:cluster; they share the listening port, the
// primary hands each new connection to the next worker), answers their search calls from the indexes it holds,
// replaces a worker that dies, and stops them first when the server stops (each drains its requests).
import cluster, { type Worker } from 'node:cluster';
import { UsageError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { SearchAccess } from '../search/access.ts';
import { answerSearchCalls, reportSearchStatus } from './search-rpc.ts';

/** What a worker tells its primary about its start. */
export type WorkerReport = { type: 'worker-listening'; port: number } | { type: 'worker-failed'; message: string; exitCode: number };

export interface WebWorkers {
  /** Resolves with the port once every worker listens; rejects with the first worker's start failure. */
  listening: Promise<number>;
  /** Tells every worker to stop (they drain their requests) and resolves when all have exited, or after `ms`. */
  stop(ms: number): Promise<void>;
}

// A worker that dies this soon after its start is not replaced at once again and again: the start itself fails.
const RESTART_DELAY_MS = 1_000;

export function startWebWorkers(opts: { count: number; search: SearchAccess; log: Logger }): WebWorkers {
  const log = opts.log.child({ component: 'web-workers' });
  // Structured clone on the IPC channel: search results and For you picks cross as they are.
  cluster.setupPrimary({ serialization: 'advanced' });
  const live = new Set<Worker>();
  // Workers that have listened take "stop" over IPC (they drain their requests); one still starting may not have its
  // message handler yet (an IPC message nobody listens for is lost), so it gets SIGTERM, which it handles from the
  // CLI's first line (or dies of, before that, having served nothing).
  const listenedWorkers = new WeakSet<Worker>();
  const tellToStop = (w: Worker) => {
    if (listenedWorkers.has(w) && w.isConnected()) w.send({ type: 'stop' }, undefined, () => {});
    else if (!w.isDead()) w.process.kill('SIGTERM');
  };
  let stopping = false;
  let started = 0;
  let resolveListening!: (port: number) => void;
  let rejectListening!: (err: Error) => void;
  const listening = new Promise<number>((resolve, reject) => {
    resolveListening = resolve;
    rejectListening = reject;
  });
  listening.catch(() => {}); // the caller awaits it; a failure after a stop has nobody to tell
  const status = reportSearchStatus(() => live, opts.search);

  const fork = () => {
    const worker = cluster.fork();
    live.add(worker);
    // The worker asks for the search status as it starts (it listens only once it has it).
    answerSearchCalls(worker, opts.search, log);
    worker.on('message', (m: WorkerReport) => {
      if (m?.type === 'worker-listening') {
        listenedWorkers.add(worker);
        // Started while the server was stopping: it missed the word.
        if (stopping) tellToStop(worker);
        if (++started === opts.count) resolveListening(m.port);
      } else if (m?.type === 'worker-failed') {
        rejectListening(new UsageError(m.message, m.exitCode));
      }
    });
    worker.on('exit', (code, signal) => {
      live.delete(worker);
      if (stopping) return;
      if (!listenedWorkers.has(worker)) {
        rejectListening(new Error(`a web worker exited before it listened (code ${code ?? signal})`));
        return;
      }
      log.error('a web worker died; starting another', { pid: worker.process.pid, code, signal });
      setTimeout(() => {
        if (!stopping) fork();
      }, RESTART_DELAY_MS).unref();
    });
  };
  for (let i = 0; i < opts.count; i++) fork();

  return {
    listening,
    async stop(ms) {
      stopping = true;
      status.stop();
      const exited = [...live].map((w) => new Promise<void>((resolve) => (w.isDead() ? resolve() : w.once('exit', () => resolve()))));
      for (const w of live) tellToStop(w);
      const all = Promise.all(exited).then(() => true);
      const inTime = await Promise.race([all, new Promise<false>((r) => setTimeout(() => r(false), ms).unref())]);
      if (!inTime) {
        log.warn('web workers still running after the shutdown timeout; killing them');
        for (const w of live) w.process.kill('SIGKILL');
        await all;
      }
    },
  };
}
