// The embedded PostgreSQL is shared by every process on a data folder: the first starts it, the others join, the
// last to leave stops it, a server whose processes died is reused, and a busy port is explained.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import postgres from 'postgres';
import { EmbeddedPostgresError, openEmbeddedPostgres } from '../../src/db/embedded.ts';
import { createLogger } from '../../src/log.ts';
import { freePort, postmasterPid, tempDataDir } from '../helpers/processes.ts';

const log = createLogger();

test('processes on one folder share one server; it stops when the last one leaves', async () => {
  const dir = tempDataDir();
  const port = await freePort();
  try {
    // Three at once on a folder without a cluster: one initdb, one start, the others join.
    const opened = await Promise.all([1, 2, 3].map(() => openEmbeddedPostgres({ dataDir: dir, port, log, ephemeral: true })));
    assert.equal(opened.filter((s) => s.started).length, 1, 'exactly one of them started the server');
    assert.deepEqual(
      fs.readdirSync(dir).filter((f) => f.includes('.init-')),
      [],
      'no second initdb folder',
    );
    const [a, b, c] = opened as [(typeof opened)[0], (typeof opened)[0], (typeof opened)[0]];
    assert.equal((await a.users()).length, 2);
    const client = postgres(b.adminUrl, { max: 1, onnotice: () => {} });
    await client`CREATE TABLE kept (x int)`;
    await a.stop();
    await c.stop();
    // b still uses it: the server must still answer.
    await client`INSERT INTO kept VALUES (1)`;
    await client.end();
    assert.ok(postmasterPid(dir), 'running while one user is left');
    await b.stop();
    assert.equal(postmasterPid(dir), null, 'stopped once the last user left');
    assert.ok(!fs.existsSync(path.join(dir, 'pg', 'postmaster.pid')), 'a clean stop leaves no pid file');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a server whose only user was killed (-9) is reused with its data, then stopped by the last user', async () => {
  const dir = tempDataDir();
  const port = await freePort();
  try {
    const script = `
      import { openEmbeddedPostgres } from ${JSON.stringify(path.resolve(import.meta.dirname, '../../src/db/embedded.ts'))};
      import { createLogger } from ${JSON.stringify(path.resolve(import.meta.dirname, '../../src/log.ts'))};
      import postgres from 'postgres';
      const s = await openEmbeddedPostgres({ dataDir: ${JSON.stringify(dir)}, port: ${port}, log: createLogger(), ephemeral: true });
      const c = postgres(s.adminUrl, { max: 1, onnotice: () => {} });
      await c\`CREATE TABLE kept (x int)\`;
      await c\`INSERT INTO kept VALUES (42)\`;
      console.log('ready');
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      child.on('exit', (code) => reject(new Error(`child exited ${code}`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const orphan = postmasterPid(dir);
    assert.ok(orphan, 'the killed process left its server running');

    const next = await openEmbeddedPostgres({ dataDir: dir, port, log, ephemeral: true });
    assert.equal(next.started, false, 'the orphan is reused, not restarted');
    assert.equal(postmasterPid(dir), orphan);
    assert.deepEqual(await next.users(), [], 'the killed process no longer counts as a user');
    const c = postgres(next.adminUrl, { max: 1, onnotice: () => {} });
    assert.deepEqual(
      (await c`SELECT x FROM kept`).map((r) => r.x),
      [42],
    );
    await c.end();
    await next.stop();
    assert.equal(postmasterPid(dir), null, 'nothing left running once every process has stopped');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a port taken by another program gives a clear error', async () => {
  const dir = tempDataDir();
  const blocker = net.createServer();
  const port = await new Promise<number>((resolve) =>
    blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)),
  );
  try {
    await assert.rejects(openEmbeddedPostgres({ dataDir: dir, port, log, ephemeral: true }), (err: unknown) => {
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
