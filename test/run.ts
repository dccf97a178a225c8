// `npm test`: starts one throwaway embedded PostgreSQL for the whole run (or uses DATABASE_URL /
// TEST_DATABASE_URL when set), then runs every test file with node's test runner against it.
// Each test file creates its own database on that server, so files never see each other's data.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEmbeddedPostgres } from '../src/db/embedded.ts';
import { configureLogging, createLogger } from '../src/log.ts';
import { freePort } from './helpers/ports.ts';

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' || e.name === 'helpers' ? [] : testFiles(p);
    return /\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

const root = path.dirname(new URL(import.meta.url).pathname);
const filter = process.argv.slice(2);
const files = testFiles(root)
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort();
// Only problems from the test database: the test runner's summary must be the last lines printed.
configureLogging('warn', 'pretty');
const log = createLogger({ component: 'test-db' });

let adminUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || '';
let stop = async () => {};
if (!adminUrl) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dailypapers-test-'));
  fs.chmodSync(dir, 0o755);
  const server = await openEmbeddedPostgres({ dataDir: dir, port: await freePort(), log, ephemeral: true });
  adminUrl = server.adminUrl;
  stop = async () => {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
} else {
  console.log('tests use the PostgreSQL server from TEST_DATABASE_URL / DATABASE_URL');
}

const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
  stdio: 'inherit',
  env: { ...process.env, TEST_PG_ADMIN_URL: adminUrl, DATABASE_URL: '', LOG_LEVEL: process.env.LOG_LEVEL ?? 'error' },
});
const code = await new Promise<number>((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
await stop();
process.exit(code);
