// A mutex between the dailypapers processes of one data folder, held only while one of them decides to start or
// stop the embedded PostgreSQL (and while initdb runs). On Linux it is a listening socket in the abstract
// namespace: the kernel frees it the moment its holder exits, even by kill -9, so there is no stale lock to guess
// about. Elsewhere it is a lock file naming its holder's pid, taken over when that process is gone.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

// Long enough for another process to run initdb and start the server, or stop it (pg_ctl waits up to 60 s).
const WAIT_MS = 180_000;
const RETRY_MS = 50;

export class ClusterLockTimeout extends Error {
  override name = 'ClusterLockTimeout';
}

/** Runs `work` while holding the data folder's cluster lock, waiting for another holder to finish first. */
export async function withClusterLock<T>(dataDir: string, work: () => Promise<T>): Promise<T> {
  const release = await acquire(await fs.realpath(dataDir));
  try {
    return await work();
  } finally {
    await release();
  }
}

async function acquire(dir: string): Promise<() => Promise<void>> {
  const deadline = Date.now() + WAIT_MS;
  const tryOnce = process.platform === 'linux' ? () => tryAbstractSocket(dir) : () => tryLockFile(dir);
  for (;;) {
    const release = await tryOnce();
    if (release) return release;
    if (Date.now() > deadline) {
      throw new ClusterLockTimeout(
        `Another dailypapers process has been starting or stopping the database in ${dir} for ${WAIT_MS / 1000} s; is it stuck?`,
      );
    }
    await sleep(RETRY_MS);
  }
}

function tryAbstractSocket(dir: string): Promise<(() => Promise<void>) | null> {
  const name = '\0dailypapers-cluster-' + createHash('sha256').update(dir).digest('hex').slice(0, 40);
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve(null) : reject(err)));
    server.listen({ path: name }, () => {
      // The lock must not keep the process alive on its own.
      server.unref();
      resolve(() => new Promise<void>((done) => server.close(() => done())));
    });
  });
}

async function tryLockFile(dir: string): Promise<(() => Promise<void>) | null> {
  const file = path.join(dir, 'cluster.lock');
  try {
    await fs.writeFile(file, String(process.pid), { flag: 'wx' });
    return () => fs.rm(file, { force: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const holder = Number(await fs.readFile(file, 'utf8').catch(() => ''));
  if (holder > 0 && !processExists(holder)) await fs.rm(file, { force: true });
  return null;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
