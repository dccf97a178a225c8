// Shared helpers for benchmarks: a throwaway embedded PostgreSQL, timing, and table printing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPool, ensureDatabase, type Sql } from '../src/db/connect.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from '../src/db/embedded.ts';
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
  const server = external ? null : await startEmbeddedPostgres({ dataDir: dir, port: 55000 + (process.pid % 1000), log });
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
