// HTTP load for the benchmarks: wrk when the machine has it (apt-get install wrk; C, several threads, so the load
// generator is not what limits a fast server), else autocannon (Node, one thread: it saturates near 4,500 req/s of
// 90 KB pages on this 2-core machine, hiding any difference above that). The table says which one ran.
import { execFile } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

export interface Measurement {
  reqPerSec: number;
  /** Latency quantiles in milliseconds. */
  p50: number;
  p99: number;
  failures: number;
}

export interface LoadOptions {
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
}

const WRK = ['/usr/bin/wrk', '/usr/local/bin/wrk'].find((p) => fs.existsSync(p)) ?? null;

/** Which load generator runs, for the benchmark's heading. */
export const loadGenerator = WRK ? 'wrk -t2' : 'autocannon (install wrk for figures above ~4,500 req/s)';

/** Loads `url` for `seconds` with `connections` connections. */
export function load(url: string, o: LoadOptions): Promise<Measurement> {
  return WRK
    ? loadWithWrk(WRK, url, o)
    : loadWithAutocannon({ url, connections: o.connections, duration: o.seconds, headers: o.headers ?? {} });
}

const run = promisify(execFile);

function toMs(value: string, unit: string): number {
  const n = Number(value);
  return unit === 'us' ? n / 1000 : unit === 's' ? n * 1000 : unit === 'm' ? n * 60_000 : n;
}

async function loadWithWrk(wrk: string, url: string, o: LoadOptions): Promise<Measurement> {
  const headerArgs = Object.entries(o.headers ?? {}).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
  const threads = Math.min(2, o.connections);
  const { stdout } = await run(wrk, [`-t${threads}`, `-c${o.connections}`, `-d${o.seconds}s`, '--latency', ...headerArgs, url], {
    maxBuffer: 1 << 20,
  });
  const quantileMs = (q: string) => {
    const m = new RegExp(`^\\s*${q}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(stdout);
    return m ? toMs(m[1]!, m[2]!) : NaN;
  };
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const socketErrors = socket ? socket.slice(1).reduce((n, x) => n + Number(x), 0) : 0;
  if (!rate) throw new Error(`wrk printed no rate:\n${stdout}`);
  // wrk counts every response in Requests/sec; failures are reported beside it.
  return { reqPerSec: Number(rate[1]), p50: quantileMs('50'), p99: quantileMs('99'), failures: Number(non2xx?.[1] ?? 0) + socketErrors };
}

// autocannon ships no types; this is the part of its programmatic API we use.
interface AutocannonResult {
  duration: number; // seconds
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
}
export interface AutocannonClient {
  setRequests(requests: { method?: string; path?: string; headers?: Record<string, string>; body?: string }[]): void;
}
export interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
  setupClient?: (client: AutocannonClient) => void;
}
type AutocannonRun = EventEmitter & PromiseLike<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as (opts: AutocannonOptions) => AutocannonRun;

export function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/** Runs autocannon (for loads wrk cannot script, like per-connection requests); latencies at full precision. */
export async function loadWithAutocannon(opts: AutocannonOptions): Promise<Measurement> {
  const latencies: number[] = [];
  const r0 = autocannon(opts);
  r0.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const r = await r0;
  latencies.sort((a, b) => a - b);
  return {
    reqPerSec: r['2xx'] / r.duration,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    failures: r.errors + r.timeouts + r.non2xx,
  };
}
