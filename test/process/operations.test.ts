// The deployment as an operator runs it: `dailypapers serve` and the other commands as real processes on one data
// folder, started the way the README starts them (bin/dailypapers.js), with signals and kill -9. What broke before:
// a command run beside the server stopped the server's embedded PostgreSQL, SIGTERM during start-up work left it
// running (or the process alive), a failed start stayed alive without a socket.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  baseEnv,
  eventually,
  freePort,
  keepRequesting,
  postmasterPid,
  runCli,
  spawnCli,
  startServe,
  tempDataDir,
} from '../helpers/processes.ts';

/** `n` papers in the arxiv-papers JSONL format (the format of ../shared/data/arxiv-papers.jsonl.gz), ids 2611.<from+i>. */
function papersFile(dir: string, name: string, n: number, from = 0): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `2611.${String(from + i).padStart(5, '0')}`;
    lines.push(
      JSON.stringify({
        arxiv_id: id,
        title: `Synthetic paper ${from + i} on sparse attention for long context models`,
        authors: [`Author ${i % 97}`, `Second Author ${i % 13}`],
        abstract: `We study problem ${from + i} of sparse attention and speculative decoding, with $O(n \\log n)$ cost.`,
        categories: 'cs.CL cs.LG',
        date: `2026-11-${String(2 + (i % 20)).padStart(2, '0')}`,
      }),
    );
  }
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

async function paperCount(env: Record<string, string>): Promise<number> {
  const r = await runCli(['status'], env);
  assert.equal(r.code, 0, r.stderr);
  const m = /^([\d,]+) papers;/m.exec(r.stdout);
  assert.ok(m, r.stdout);
  return Number(m[1]!.replace(/,/g, ''));
}

async function status(url: string): Promise<number> {
  const res = await fetch(url, { redirect: 'manual' });
  await res.arrayBuffer();
  return res.status;
}

describe('one data folder, the server and every command', { timeout: 600_000 }, () => {
  test('commands run beside a serving server never stop its database; the server answers throughout', async () => {
    const dir = tempDataDir();
    const env = baseEnv(dir, await freePort());
    const server = await startServe(env, await freePort());
    const pgPid = postmasterPid(dir);
    assert.ok(pgPid, 'serve started the embedded PostgreSQL');
    const load = keepRequesting(server.url, ['/', '/healthz', '/api/daily_papers', '/search?q=attention', '/papers/trending']);

    const file = papersFile(dir, 'papers.jsonl', 300);
    const imp = await runCli(['import', file], env);
    assert.equal(imp.code, 0, imp.stderr);
    assert.match(imp.stdout, /300 papers \(300 new/);
    const admin = await runCli(['admin', 'create', 'ops@example.org'], env);
    assert.equal(admin.code, 0, admin.stderr);
    assert.match(admin.stdout, /Created administrator/);
    for (const args of [['status'], ['migrate'], ['reindex'], ['config']]) {
      const r = await runCli(args, env);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr + r.stdout, /still running|stopping it/, `${args.join(' ')} must not touch the shared server`);
    }

    assert.equal(postmasterPid(dir), pgPid, 'the same PostgreSQL still runs');
    assert.equal(await status(`${server.url}/api/papers/2611.00042`), 200, 'the server sees the imported papers');
    const { ok, failed } = await load.stop();
    console.log(`# requests while import, admin create, status, migrate, reindex, config ran: ${ok} answered, ${failed.length} failed`);
    assert.deepEqual(failed, [], 'no request failed while the commands ran');
    assert.ok(ok > 10, `requests were answered (${ok})`);

    server.child.kill('SIGTERM');
    const exit = await server.exited;
    console.log(`# SIGTERM of the serving server: exit ${exit.code} after ${exit.ms} ms`);
    assert.equal(exit.code, 0, server.stderr());
    assert.equal(postmasterPid(dir), null, 'the last user stopped PostgreSQL');
  });

  test('two servers on one data folder: stopping either leaves the other serving; the last one stops PostgreSQL', async () => {
    const dir = tempDataDir();
    const env = baseEnv(dir, await freePort());
    const [a, b] = await Promise.all([startServe(env, await freePort()), startServe(env, await freePort())]);
    const started = [a, b].filter((s) => /\(started here\)/.test(s.stdout() + s.stderr())).length;
    assert.equal(started, 1, 'exactly one of them started the cluster');
    const pgPid = postmasterPid(dir);
    assert.ok(pgPid);

    const load = keepRequesting(b.url, ['/', '/healthz', '/readyz']);
    a.child.kill('SIGTERM');
    assert.equal((await a.exited).code, 0, a.stderr());
    await new Promise((r) => setTimeout(r, 500));
    const { failed } = await load.stop();
    assert.deepEqual(failed, [], 'the second server kept answering');
    assert.equal(postmasterPid(dir), pgPid, 'PostgreSQL stays while a user remains');

    b.child.kill('SIGTERM');
    assert.equal((await b.exited).code, 0, b.stderr());
    assert.equal(postmasterPid(dir), null);
  });

  test('kill -9 of an import: nothing half written, the cluster is reused, a re-import gives the exact count', async () => {
    const dir = tempDataDir();
    const env = baseEnv(dir, await freePort());
    const file = papersFile(dir, 'big.jsonl', 20_000);
    const imp = spawnCli(['import', file], env);
    await eventually(
      async () => {
        if (imp.child.exitCode !== null) return true;
        if (!postmasterPid(dir)) return false;
        try {
          return (await paperCount(env)) > 0;
        } catch {
          return false;
        }
      },
      'the import to commit its first batch',
      120_000,
    );
    imp.child.kill('SIGKILL');
    await imp.exited;

    const before = await paperCount(env);
    assert.ok(before >= 0 && before <= 20_000);
    const again = await runCli(['import', file], env);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(await paperCount(env), 20_000, 'every paper once');
    // status and import were the cluster's only users; both left cleanly, so it stopped.
    await eventually(() => postmasterPid(dir) === null, 'the last user to stop PostgreSQL');
  });

  test('kill -9 of the server: the next start reuses the orphaned PostgreSQL with its data', async () => {
    const dir = tempDataDir();
    const env = baseEnv(dir, await freePort());
    assert.equal((await runCli(['import', papersFile(dir, 'p.jsonl', 50)], env)).code, 0);
    const first = await startServe(env, await freePort());
    const pgPid = postmasterPid(dir);
    // Mid-request: a client is reading pages when the server dies.
    const load = keepRequesting(first.url, ['/', '/api/daily_papers', '/search?q=sparse']);
    await new Promise((r) => setTimeout(r, 300));
    first.child.kill('SIGKILL');
    await load.stop();
    await first.exited;
    assert.equal(postmasterPid(dir), pgPid, 'kill -9 leaves the postmaster behind');

    const second = await startServe(env, await freePort());
    assert.match(second.stdout() + second.stderr(), /reusing|\(shared\)/);
    assert.equal(await status(`${second.url}/api/papers/2611.00007`), 200, 'the data survived');
    second.child.kill('SIGTERM');
    assert.equal((await second.exited).code, 0, second.stderr());
    assert.equal(postmasterPid(dir), null, 'a clean stop by the last user stops the reused cluster');
  });
});

describe('signals and failed starts', { timeout: 600_000 }, () => {
  test('SIGTERM during start-up work: the process exits 0 within the timeout and stops PostgreSQL', async () => {
    const dir = tempDataDir();
    const env = baseEnv(dir, await freePort());
    assert.equal((await runCli(['import', papersFile(dir, 'p.jsonl', 5_000)], env)).code, 0);
    const p = spawnCli(['serve'], { ...env, PORT: String(await freePort()) });
    // The search index build (and the corpus model after it) is the long start-up work the old server ignored.
    await p.waitFor(/"msg":"(listening|building the search index|search index built)/, 120_000);
    p.child.kill('SIGTERM');
    const exit = await p.exited;
    assert.equal(exit.code, 0, p.stderr().slice(-2000));
    assert.ok(exit.ms < 3_000 + 10_000, `exited ${exit.ms} ms after SIGTERM`);
    console.log(`# SIGTERM during the search index build: exit ${exit.code} after ${exit.ms} ms`);
    assert.equal(postmasterPid(dir), null, 'no PostgreSQL left behind');
  });

  test('SIGTERM while the embedded PostgreSQL starts: exits, nothing left running, the next start works', async () => {
    const dir = tempDataDir();
    const env = baseEnv(dir, await freePort());
    const p = spawnCli(['serve'], { ...env, PORT: String(await freePort()) });
    await eventually(() => fs.existsSync(path.join(dir, 'pg')), 'the cluster folder to appear', 60_000);
    p.child.kill('SIGTERM');
    const exit = await p.exited;
    assert.ok(exit.code === 0 || exit.code === 130, `exit ${exit.code}: ${p.stderr().slice(-2000)}`);
    await eventually(() => postmasterPid(dir) === null, 'PostgreSQL to be stopped', 15_000);
    const again = await startServe(env, await freePort());
    again.child.kill('SIGTERM');
    assert.equal((await again.exited).code, 0);
  });

  test('SIGTERM while the corpus model is fitted in its worker thread: exits 0 in time, nothing logged after "stopped"', async () => {
    const dir = tempDataDir();
    const env = baseEnv(dir, await freePort());
    assert.equal((await runCli(['import', papersFile(dir, 'p.jsonl', 20_000)], env)).code, 0);
    const p = spawnCli(['serve'], { ...env, PORT: String(await freePort()) });
    await p.waitFor(/"msg":"fitting the corpus model"/, 180_000);
    p.child.kill('SIGTERM');
    const exit = await p.exited;
    assert.equal(exit.code, 0, p.stderr().slice(-2000));
    assert.ok(exit.ms < 3_000 + 10_000, `exited ${exit.ms} ms after SIGTERM`);
    console.log(`# SIGTERM during the corpus model fit: exit ${exit.code} after ${exit.ms} ms`);
    assert.equal(postmasterPid(dir), null);
    const lines = (p.stdout() + p.stderr()).trim().split('\n');
    const stoppedAt = lines.findIndex((l) => l.includes('"msg":"stopped"'));
    assert.ok(stoppedAt >= 0, 'it logged "stopped"');
    const after = lines.slice(stoppedAt + 1).filter((l) => !/embedded PostgreSQL|leaving the database|presence/.test(l));
    assert.deepEqual(after, [], 'no background job was still at work after the stop');
    assert.doesNotMatch(p.stderr() + p.stdout(), /"level":"error"/);
  });

  test('a second signal ends the process at once', async () => {
    const dir = tempDataDir();
    const env = baseEnv(dir, await freePort());
    assert.equal((await runCli(['import', papersFile(dir, 'p.jsonl', 5_000)], env)).code, 0);
    const p = await startServe(env, await freePort());
    p.child.kill('SIGTERM');
    p.child.kill('SIGINT');
    const exit = await p.exited;
    assert.ok(exit.code === 0 || exit.code === 130, `exit ${exit.code}`);
    assert.ok(exit.ms < 5_000, `exited ${exit.ms} ms after the second signal`);
    console.log(`# SIGTERM then SIGINT: exit ${exit.code} after ${exit.ms} ms`);
    // An abandoned cluster is an orphan: the next process reuses it.
    const r = await runCli(['status'], env);
    assert.equal(r.code, 0, r.stderr);
    await eventually(() => postmasterPid(dir) === null, 'status, the last user, to stop it');
  });

  test('a port in use: serve says so and exits non-zero within seconds, leaving no PostgreSQL', async () => {
    const dir = tempDataDir();
    const env = baseEnv(dir, await freePort());
    const port = await freePort();
    const { createServer } = await import('node:net');
    const squatter = createServer().listen(port, '0.0.0.0');
    await new Promise((r) => squatter.once('listening', r));
    try {
      const p = spawnCli(['serve'], { ...env, PORT: String(port) });
      const exit = await p.exited;
      assert.notEqual(exit.code, 0);
      console.log(`# web port in use: exit ${exit.code} after ${exit.ms} ms from start`);
      assert.match(p.stderr() + p.stdout(), /in use|EADDRINUSE/);
      assert.equal(postmasterPid(dir), null);
    } finally {
      squatter.close();
    }
  });

  test('the embedded PostgreSQL port in use by another program: a clear message and a prompt exit', async () => {
    const dir = tempDataDir();
    const pgPort = await freePort();
    const { createServer } = await import('node:net');
    const squatter = createServer().listen(pgPort, '127.0.0.1');
    await new Promise((r) => squatter.once('listening', r));
    try {
      const p = spawnCli(['serve'], { ...baseEnv(dir, pgPort), PORT: String(await freePort()) });
      const timer = setTimeout(() => p.child.kill('SIGKILL'), 60_000);
      const exit = await p.exited;
      clearTimeout(timer);
      assert.notEqual(exit.signal, 'SIGKILL', 'it exited by itself');
      assert.notEqual(exit.code, 0);
      assert.match(p.stderr() + p.stdout(), /in use/);
    } finally {
      squatter.close();
    }
  });
});
