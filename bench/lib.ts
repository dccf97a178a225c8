// Shared helpers for benchmarks: a throwaway embedded PostgreSQL, timing, and table printing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPool, ensureDatabase, type Sql } from '../src/db/connect.ts';
import { openEmbeddedPostgres, type EmbeddedServer } from '../src/db/embedded.ts';
import { migrate } from '../src/db/migrate.ts';
import { createLogger } from '../src/log.ts';

export const SHARED = path.resolve(import.meta.dirname, '..', '..', 'shared');

/** Returns the path of a file under ../shared, or exits with a clear reason when it is absent. */
export function sharedFileOrExit(rel: string): string {
  const p = path.join(SHARED, rel);
  if (!fs.existsSync(p)) {
    console.log(`skipped: ${p} is not present (the benchmark needs the real data in ../shared)`);
    process.exit(0);
  }
  return p;
}

export interface BenchDb {
  server: EmbeddedServer | null;
  adminUrl: string;
  /** Creates a fresh database (migrated unless `bare`) and returns a pool for it. */
  freshDatabase(name: string, options?: { bare?: boolean; max?: number }): Promise<Sql>;
  stop(): Promise<void>;
}

/** Starts a throwaway embedded PostgreSQL (or uses BENCH_DATABASE_URL) for a benchmark. */
export async function startBenchDb(): Promise<BenchDb> {
  const log = createLogger();
  const external = process.env.BENCH_DATABASE_URL;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-bench-'));
  fs.chmodSync(dir, 0o755);
  const server = external ? null : await openEmbeddedPostgres({ dataDir: dir, port: 55000 + (process.pid % 1000), log });
  const adminUrl = external ?? server!.adminUrl;
  const pools: Sql[] = [];
  return {
    server,
    adminUrl,
    async freshDatabase(name, options = {}) {
      const admin = createPool(adminUrl, { max: 1 });
      await admin.unsafe(`DROP DATABASE IF EXISTS "${name}"`);
      await admin.end();
      const url = await ensureDatabase(adminUrl, name);
      const sql = createPool(url, { max: options.max ?? 10 });
      if (!options.bare) await migrate(sql, log);
      pools.push(sql);
      return sql;
    },
    async stop() {
      await Promise.all(pools.map((p) => p.end({ timeout: 5 })));
      await server?.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Returns the median of `xs`. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Prints rows as an aligned text table. */
export function printTable(headers: string[], rows: (string | number)[][]): void {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells.slice(1)) console.log(line(r));
}

/**
 * Starts a bench helper script in its own process (so a load generator and a server do not share an event
 * loop) and waits for the one JSON line it prints when ready. It ends when its stdin closes (stop()).
 */
export async function startChild<T>(
  script: string,
  opts: { env?: Record<string, string>; nodeArgs?: string[] } = {},
): Promise<T & { stop(): Promise<void> }> {
  const { spawn } = await import('node:child_process');
  const readline = await import('node:readline');
  const name = path.relative(path.resolve(import.meta.dirname, '..'), script);
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', script], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: { ...process.env, ...opts.env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    child.stdin!.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const lines = readline.createInterface({ input: child.stdout! });
  const first = await Promise.race([
    new Promise<string>((resolve) => lines.once('line', resolve)),
    exited.then((code) => Promise.reject(new Error(`${name} exited with code ${code} before it was ready`))),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${name} was not ready within 60 s`)), 60_000).unref()),
  ]).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  return { ...(JSON.parse(first) as T), stop };
}
