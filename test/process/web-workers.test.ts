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

/** A form POST on a new connection, as a browser without JavaScript sends it. */
function post(url: string, cookie: string, fields: Record<string, string>): Promise<{ status: number; body: string; setCookie: string }> {
  const body = new URLSearchParams(fields).toString();
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          connection: 'close',
          cookie,
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, setCookie: String(res.headers['set-cookie'] ?? '') }));
      },
    );
    req.on('error', reject);
    req.end(body);
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

      // Logged in: a vote through one worker is on the pages both serve at once (the voting worker forgets the
      // voter's upvotes itself, the other hears it from the database), a role changed by `dailypapers admin` beside
      // them applies on both, and a session ended through one is gone on both.
      const made = await runCli(['admin', 'create', 'editor@example.org'], env);
      assert.equal(made.code, 0, made.stderr);
      const password = /Password: (\S+)/.exec(made.stdout)![1]!;
      const anon = 'a'.repeat(43);
      const login = await post(`${server.url}/login`, `dp_csrf=${anon}`, { _csrf: anon, email: 'editor@example.org', password, next: '/' });
      assert.equal(login.status, 303, login.body.slice(0, 300));
      const token = /dp_session=([^;]+)/.exec(login.setCookie)![1]!;
      const cookie = { cookie: `dp_session=${token}` };
      const page = await get(feed, cookie);
      assert.match(page.body, /Log out/);
      const csrf = /<meta name="csrf-token" content="([^"]+)"/.exec(page.body)![1]!;
      for (let i = 0; i < 4; i++) assert.equal((await get(feed, cookie)).status, 200); // both hold the session and page
      const paper = /action="\/papers\/([^/"]+)\/vote"/.exec(page.body)![1]!;
      const votedButton = new RegExp(
        `action="/papers/${paper.replace('.', '\\.')}/vote"[^>]*>\\s*<input[^>]*>\\s*<input type="hidden" name="vote" value="remove"`,
      );
      assert.doesNotMatch(page.body, votedButton);
      const vote = await post(`${server.url}/papers/${paper}/vote`, cookie.cookie, { _csrf: csrf, vote: 'up' });
      assert.equal(vote.status, 303, vote.body.slice(0, 300));
      const votedAt = Date.now();
      await eventually(
        async () => (await Promise.all([get(feed, cookie), get(feed, cookie)])).every((p) => votedButton.test(p.body)),
        "the vote on both workers' pages",
        1_000,
      );
      console.log(`# a vote through one worker showed on both workers' pages after ${Date.now() - votedAt} ms`);

      assert.equal((await get(`${server.url}/admin`, cookie)).status, 200);
      const demoted = await runCli(['admin', 'role', 'editor@example.org', 'user'], env);
      assert.equal(demoted.code, 0, demoted.stderr);
      const demotedAt = Date.now();
      await eventually(
        async () =>
          (await Promise.all([get(`${server.url}/admin`, cookie), get(`${server.url}/admin`, cookie)])).every((p) => p.status === 403),
        'the demotion on both workers',
        1_000,
      );
      console.log(`# a role changed by \`dailypapers admin\` applied on both workers after ${Date.now() - demotedAt} ms`);

      const logout = await post(`${server.url}/logout`, cookie.cookie, { _csrf: csrf });
      assert.equal(logout.status, 303, logout.body.slice(0, 300));
      await eventually(
        async () =>
          (await Promise.all([get(feed, cookie), get(feed, cookie)])).every((p) => /Log in/.test(p.body) && !/Log out/.test(p.body)),
        'the ended session refused by both workers',
        1_000,
      );

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
