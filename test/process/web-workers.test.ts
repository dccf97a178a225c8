// `dailypapers serve` with WEB_CONCURRENCY=2, as an operator runs it on a 2-core machine: two web workers share
// the port and ask the primary for search; both answer the same query alike; a vote through one shows on pages the
// other serves within a second; a worker killed with -9 is replaced while the other keeps serving; SIGTERM of the
// primary stops all of them cleanly; a primary killed with -9 does not leave its workers behind.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, test } from 'node:test';
import { baseEnv, eventually, freePort, postmasterPid, runCli, startServe, tempDataDir } from '../helpers/processes.ts';

function papersFile(dir: string, n: number): string {
  const lines = Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      arxiv_id: `2611.${String(i).padStart(5, '0')}`,
      title: `Paper ${i} on ${i % 2 ? 'speculative decoding' : 'sparse attention'} for long context models`,
      authors: ['Ada Lovelace', `Author ${i % 7}`],
      abstract: `We study ${i % 2 ? 'speculative decoding with draft trees' : 'sparse attention kernels'}, case ${i}.`,
      categories: 'cs.CL cs.LG',
      date: '2026-11-02',
    }),
  );
  const file = path.join(dir, 'papers.jsonl');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** GET on a new connection each time, so the cluster hands it to the next worker. */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, headers: { connection: 'close', ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer in 10 s: ${url}`)));
  });
}

/** The pids of `parent`'s child processes (its web workers). */
function childrenOf(parent: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(parent)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('two web workers on one data folder', { timeout: 600_000 }, () => {
  test('same answers from both, writes seen by both, a dead worker replaced, clean stops', async () => {
    const dir = tempDataDir();
    const env = baseEnv(dir, await freePort(), { WEB_CONCURRENCY: '2', PAGE_CACHE_SECONDS: '60' });
    const imported = await runCli(['import', papersFile(dir, 60)], env);
    assert.equal(imported.code, 0, imported.stderr);
    const server = await startServe(env, await freePort());
    try {
      assert.match(server.stderr(), /"msg":"listening".*"webWorkers":2/);
      const primary = server.child.pid!;
      const workers = childrenOf(primary);
      assert.equal(workers.length, 2, `two workers (${workers})`);

      // Both workers answer (the cluster hands each new connection to the next one), and alike: search is asked of
      // the primary's index, whatever worker takes the request.
      const pids = new Set<number>();
      const answers = new Set<string>();
      const ask = async () => {
        const search = await get(`${server.url}/api/papers/search?q=speculative%20decoding`);
        assert.equal(search.status, 200);
        answers.add(search.body);
      };
      // Three connections a round: with two workers taking turns, each round's search goes to the other worker.
      for (let i = 0; i < 6; i++) {
        for (let j = 0; j < 2; j++) pids.add((JSON.parse((await get(`${server.url}/healthz`)).body) as { pid: number }).pid);
        await ask();
      }
      assert.deepEqual([...pids].sort(), [...workers].sort(), 'both workers answered');
      assert.equal(answers.size, 1, 'every answer to the same query is the same');
      assert.ok((JSON.parse([...answers][0]!) as unknown[]).length > 0);

      // A write beside them (an import: another process) is on the pages of both within a second (their caches follow
      // the database's notifications).
      const feed = `${server.url}/papers/date/2026-11-02`;
      for (let i = 0; i < 4; i++) assert.equal((await get(feed)).status, 200); // both caches hold the page
      const more = path.join(dir, 'more.jsonl');
      fs.writeFileSync(
        more,
        `${JSON.stringify({ arxiv_id: '2611.09999', title: 'A late paper on draft trees', authors: ['B. Late'], abstract: 'Late.', categories: 'cs.CL', date: '2026-11-02' })}\n`,
      );
      const late = await runCli(['import', more], env);
      assert.equal(late.code, 0, late.stderr);
      const importedAt = Date.now();
      await eventually(
        async () => {
          const pages = await Promise.all([get(feed), get(feed), get(feed), get(feed)]);
          return pages.every((p) => p.body.includes('A late paper on draft trees'));
        },
        "the new paper on both workers' pages",
        10_000,
      );
      console.log(`# a paper imported beside the server showed on both workers after ${Date.now() - importedAt} ms`);

      // kill -9 of one worker: the other keeps answering, and a new one takes its place.
      process.kill(workers[0]!, 'SIGKILL');
      // A connection the primary handed over at the instant of the kill is lost with the worker (node:cluster keeps
      // no copy); from when the primary has seen the exit, every new one goes to a live worker.
      await eventually(async () => !childrenOf(primary).includes(workers[0]!), 'the primary to see the worker gone', 10_000);
      for (let i = 0; i < 6; i++) assert.equal((await get(`${server.url}/papers`)).status, 200);
      // Now only the other worker (and soon the replacement) answers: the same search results as before.
      for (let i = 0; i < 4; i++) await ask();
      assert.equal(answers.size, 1, 'the other worker answers the query alike');
      await eventually(async () => childrenOf(primary).filter((p) => p !== workers[0]).length === 2, 'a replacement worker', 20_000);

      // SIGTERM of the primary: every process ends, and the database with the last of them.
      const now = childrenOf(primary);
      server.child.kill('SIGTERM');
      const exit = await server.exited;
      assert.equal(exit.code, 0, server.stderr().slice(-2000));
      console.log(`# SIGTERM with two workers: exit 0 after ${exit.ms} ms`);
      await eventually(async () => now.every((p) => !alive(p)), 'the workers to exit', 10_000);
      await eventually(async () => postmasterPid(dir) === null, 'PostgreSQL to stop', 10_000);
    } finally {
      server.child.kill('SIGKILL');
    }
  });

  test('a primary killed with -9 takes its workers with it', async () => {
    const dir = tempDataDir();
    const env = baseEnv(dir, await freePort(), { WEB_CONCURRENCY: '2' });
    const server = await startServe(env, await freePort());
    const workers = childrenOf(server.child.pid!);
    assert.equal(workers.length, 2);
    server.child.kill('SIGKILL');
    await server.exited;
    await eventually(async () => workers.every((p) => !alive(p)), 'the orphaned workers to stop', 15_000);
    // The next start reuses the database the workers left (an orphan, as after any kill -9).
    const again = await startServe(env, await freePort());
    assert.equal((await get(`${again.url}/papers`)).status, 200);
    again.child.kill('SIGTERM');
    assert.equal((await again.exited).code, 0);
  });
});
