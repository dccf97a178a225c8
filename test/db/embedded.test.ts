// The embedded PostgreSQL recovers from a server left running by a killed run, and explains a busy port.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import postgres from 'postgres';
import { EmbeddedPostgresError, startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { createLogger } from '../../src/log.ts';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

test('a server orphaned by a killed app is stopped and the cluster starts again with its data', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-embedded-test-'));
  fs.chmodSync(dir, 0o755);
  const log = createLogger();
  const port = await freePort();
  try {
    // The first "run" never calls stop(): as if the app had been killed with -9.
    const first = await startEmbeddedPostgres({ dataDir: dir, port, log, ephemeral: true });
    const c1 = postgres(first.adminUrl, { max: 1, onnotice: () => {} });
    await c1`CREATE TABLE kept (x int)`;
    await c1`INSERT INTO kept VALUES (42)`;
    await c1.end();
    const second = await startEmbeddedPostgres({ dataDir: dir, port, log, ephemeral: true });
    const c2 = postgres(second.adminUrl, { max: 1, onnotice: () => {} });
    assert.deepEqual((await c2`SELECT x FROM kept`).map((r) => r.x), [42]);
    await c2.end();
    await second.stop();
    assert.ok(!fs.existsSync(path.join(dir, 'pg', 'postmaster.pid')), 'a clean stop leaves no pid file');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a port taken by another program gives a clear error', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-embedded-test-'));
  fs.chmodSync(dir, 0o755);
  const blocker = net.createServer();
  const port = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)));
  try {
    await assert.rejects(startEmbeddedPostgres({ dataDir: dir, port, log: createLogger(), ephemeral: true }), (err: unknown) => {
      assert.ok(err instanceof EmbeddedPostgresError);
      assert.match(err.message, new RegExp(`Port ${port} on 127.0.0.1 is in use by another program`));
      assert.match(err.message, /EMBEDDED_PG_PORT/);
      return true;
    });
  } finally {
    blocker.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
