// `dailypapers harvest` as a process: killed mid-run (kill -9) and started again, it resumes at the
// page it had not stored and ends with exactly the papers of a run that was never interrupted.
// Also its exit codes and messages, and `dailypapers status`.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { oaiError, oaiPage } from '../helpers/arxiv-bodies.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { harvestEnv, paper, unreachableUrl } from '../helpers/harvest.ts';
import { pathWith, startReplayServer } from '../helpers/replay-server.ts';

const { sql, url } = await createTestDatabase();
const CLI = path.resolve(import.meta.dirname, '..', '..', 'src', 'cli.ts');

function start(
  args: string[],
  env: Record<string, string>,
): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}

test('harvest --from, killed mid-run and started again, resumes and stores every paper once', async () => {
  const server = await startReplayServer();
  const pages = [
    [1, 2, 3],
    [4, 5, 6],
    [7, 8],
  ].map((ns) => ns.map((n) => paper(n)));
  let arrived!: () => void;
  const secondPageAsked = new Promise<void>((r) => (arrived = r));
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  server.route(pathWith('/oai2', { set: 'cs', from: '2026-03-01' }), {
    body: oaiPage(pages[0]!, { token: 'k|2', cursor: 0, completeListSize: 8 }),
  });
  server.route(
    pathWith('/oai2', { resumptionToken: 'k|2' }),
    {
      hold: () => {
        arrived();
        return released;
      },
      body: 'never read',
    },
    { body: oaiPage(pages[1]!, { token: 'k|3', cursor: 3, completeListSize: 8 }) },
  );
  server.route(pathWith('/oai2', { resumptionToken: 'k|3' }), {
    body: oaiPage(pages[2]!, { token: null, cursor: 6, completeListSize: 8 }),
  });
  const env = harvestEnv(server);

  const first = start(['harvest', '--from', '2026-03-01'], env);
  await secondPageAsked;
  first.child.kill('SIGKILL');
  await first.done;
  release();
  const stored = await sql<{ id: string }[]>`SELECT id FROM papers ORDER BY id`;
  assert.deepEqual(
    stored.map((r) => r.id),
    pages[0]!.map((p) => p.id),
    'the first page was stored before the kill',
  );

  const before = server.requests.length;
  const second = start(['harvest', '--from', '2026-03-01'], env);
  const result = await second.done;
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /harvest --from: 5 papers \(5 new, 0 updated\)/);
  assert.match(server.requests[before]!, /resumptionToken=k%7C2/, 'resumed at the page it had not stored');
  const all = await sql<{ id: string }[]>`SELECT id FROM papers ORDER BY id`;
  assert.deepEqual(
    all.map((r) => r.id),
    pages.flat().map((p) => p.id),
  );
  const runs = await sql<{ status: string }[]>`SELECT status FROM harvest_runs ORDER BY id`;
  assert.deepEqual(
    runs.map((r) => r.status),
    ['interrupted', 'ok'],
  );

  const status = start(['status'], env);
  const shown = await status.done;
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /8 papers/);
  assert.match(shown.stdout, /backfill\s+last run .*\(cli\): ok/);
  assert.match(shown.stdout, /oai:cs/);
});

test('harvest exit codes: 1 with the reason when arXiv fails, 2 on bad options', async () => {
  const server = await startReplayServer();
  server.route(pathWith('/oai2', { from: '2026-03-01' }), { body: oaiError('badArgument', 'Illegal set') });
  const failed = await start(['harvest', '--from', '2026-03-01'], harvestEnv(server)).done;
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /harvest --from failed after .*\n\s+OAI-PMH badArgument for set cs: Illegal set/);
  assert.doesNotMatch(failed.stderr, /\n\s+at /);

  const unreachable = await start(['harvest', '--from', '2026-03-01'], harvestEnv(server, { ARXIV_OAI_URL: await unreachableUrl('/oai2') }))
    .done;
  assert.equal(unreachable.code, 1);
  assert.match(unreachable.stderr, /connection refused/);

  const bad = await start(['harvest', '--from', '2026-02-30'], harvestEnv(server)).done;
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--from 2026-02-30: expected a day like/);
  const unknown = await start(['harvest', '--since', '2026-02-01'], harvestEnv(server)).done;
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown option "--since"/);
});
