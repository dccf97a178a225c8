// Load generator for benches that need one in another process: autocannon against argv[2] with
// argv[3] connections until stdin closes, then one JSON line {p50, p99, rps} (latencies in ms).
import { createRequire } from 'node:module';
import type { EventEmitter } from 'node:events';

interface Result {
  latency: { p50: number; p99: number };
  requests: { average: number };
}
type Instance = EventEmitter & { stop(): void };
const autocannon = createRequire(import.meta.url)('autocannon') as (
  opts: { url: string; connections: number; duration: number },
  cb: (err: Error | null, r: Result) => void,
) => Instance;

const url = process.argv[2]!;
const connections = Number(process.argv[3] ?? 10);
const instance = autocannon({ url, connections, duration: 3600 }, (err, r) => {
  if (err) throw err;
  process.stdout.write(JSON.stringify({ p50: r.latency.p50, p99: r.latency.p99, rps: r.requests.average }) + '\n');
  process.exit(0);
});
process.stdin.on('end', () => instance.stop());
process.stdin.resume();
