// Real dailypapers processes for process-level tests: started the way the README starts them (bin/dailypapers.js,
// the `npx dailypapers` entry point), each with its own log, on a temporary data folder and free ports.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';

export const BIN = path.resolve(import.meta.dirname, '..', '..', 'bin', 'dailypapers.js');

export { freePort } from './ports.ts';

/** A data folder the `postgres` user can reach (the app runs PostgreSQL as that user under root), removed after the file. */
export function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-process-'));
  fs.chmodSync(dir, 0o755);
  return dir;
}

/** The settings every test process shares: no network (no first-start harvest, no schedule), JSON logs. */
export function baseEnv(dataDir: string, pgPort: number, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('TEST_') && k !== 'NODE_TEST_CONTEXT') env[k] = v;
  return {
    ...env,
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    EMBEDDED_PG_PORT: String(pgPort),
    HARVEST_SCHEDULE: 'off',
    FIRST_START_DAYS: '0',
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    SHUTDOWN_TIMEOUT_MS: '3000',
    ...extra,
  };
}

export interface Proc {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  /** Resolves once a line of its output matches `pattern`; rejects if it exits first or after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();
after(() => {
  for (const c of running) c.kill('SIGKILL');
});

/** Starts `node bin/dailypapers.js ...args` with `env`. */
export function spawnCli(args: string[], env: Record<string, string>, stdin?: string): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  running.add(child);
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    for (const l of listeners) l();
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    for (const l of listeners) l();
  });
  child.stdin!.end(stdin ?? '');
  const started = Date.now();
  let signalledAt = 0;
  const origKill = child.kill.bind(child);
  child.kill = (signal?: NodeJS.Signals | number) => {
    signalledAt ||= Date.now();
    return origKill(signal);
  };
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) =>
    child.on('exit', (code, signal) => {
      running.delete(child);
      for (const l of listeners) l();
      resolve({ code, signal, ms: Date.now() - (signalledAt || started) });
    }),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(out) || pattern.test(err)) {
            done();
            resolve();
          } else if (child.exitCode !== null || child.signalCode !== null) {
            done();
            reject(
              new Error(
                `process exited (${child.exitCode ?? child.signalCode}) before ${pattern}:\n${err.slice(-3000)}\n${out.slice(-2000)}`,
              ),
            );
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out waiting for ${pattern}:\n${err.slice(-3000)}\n${out.slice(-2000)}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** Runs a CLI command to its end. */
export async function runCli(
  args: string[],
  env: Record<string, string>,
  stdin?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = spawnCli(args, env, stdin);
  const { code } = await p.exited;
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

/** Starts `serve` on `port` and waits until it listens. */
export async function startServe(env: Record<string, string>, port: number): Promise<Proc & { url: string }> {
  const p = spawnCli(['serve'], { ...env, PORT: String(port) });
  await p.waitFor(/"msg":"listening"/, 120_000);
  return { ...p, url: `http://127.0.0.1:${port}` };
}

/** The pid of the cluster's running postmaster, or null when none runs (checked with kill 0, not just the file). */
export function postmasterPid(dataDir: string): number | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8');
  } catch {
    return null;
  }
  const pid = Number(text.split('\n')[0]);
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/** Waits until `check` is true (polling), or fails with `what`. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Requests `paths` of `baseUrl` in a loop (one at a time) until stopped; counts answers that are not 2xx/3xx and
 * connection failures, with the first few kept for the assertion message.
 */
export function keepRequesting(baseUrl: string, paths: string[]): { stop(): Promise<{ ok: number; failed: string[] }> } {
  let stopped = false;
  let ok = 0;
  const failed: string[] = [];
  const loop = (async () => {
    for (let i = 0; !stopped; i++) {
      const p = paths[i % paths.length]!;
      try {
        const res = await fetch(baseUrl + p, { redirect: 'manual', signal: AbortSignal.timeout(15_000) });
        await res.arrayBuffer();
        if (res.status < 400) ok++;
        else failed.push(`${p} → ${res.status}`);
      } catch (err) {
        failed.push(`${p} → ${(err as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { ok, failed };
    },
  };
}
