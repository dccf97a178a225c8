// Crash safety of `dailypapers digest send`: killed (kill -9) in the middle of a run and started again,
// every confirmed subscriber has exactly one digest. A message whose "250 OK" arrived just before the
// kill can go out twice; it carries the same Message-ID, so mail clients show it once — counted here.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { importSource } from '../../src/import/importer.ts';
import { openInput } from '../../src/import/reader.ts';
import { requestSubscription } from '../../src/store/subscriptions.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { FIXTURES } from '../helpers/paths.ts';
import { startSmtp } from '../helpers/smtp.ts';

const { sql, url } = await createTestDatabase();
const CLI = path.resolve(import.meta.dirname, '..', '..', 'src', 'cli.ts');
await importSource(sql, await openInput(path.join(FIXTURES, 'hf-daily-papers.json')));

function send(smtpUrl: string, extra: string[] = []) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'digest', 'send', '--period', '2024-05-27', ...extra], {
    env: { ...process.env, DATABASE_URL: url, SMTP_URL: smtpUrl, LOG_LEVEL: 'warn' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}

test('a sender killed mid-run and started again leaves every subscriber with exactly one digest', async () => {
  const N = 120;
  for (let i = 0; i < N; i++) {
    await requestSubscription(
      sql,
      `reader${i}@example.org`,
      { frequency: 'daily', includeTrending: true, categories: [], keywords: [], authors: [], forYou: false },
      null,
      true,
    );
  }
  const pending = await requestSubscription(
    sql,
    'unconfirmed@example.org',
    { frequency: 'daily', includeTrending: true, categories: [], keywords: [], authors: [], forYou: false },
    null,
  );
  assert.equal(pending.status, 'pending');
  const smtp = await startSmtp();
  smtp.delayMs = 5;

  const dry = await send(smtp.url, ['--dry-run']).done;
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, new RegExp(`${N} active subscribers`));
  assert.match(dry.stdout, /reader0@example.org: \d+ papers: Trending/);
  assert.equal(smtp.received.length, 0, 'a dry run sends nothing');

  const first = send(smtp.url);
  await new Promise<void>((resolve) => {
    smtp.onMessage = () => {
      if (smtp.received.length === 40) resolve();
    };
  });
  first.child.kill('SIGKILL');
  await first.done;
  smtp.onMessage = null;
  const atKill = smtp.received.length;
  assert.ok(atKill < N, `killed before the end (${atKill} of ${N} delivered)`);

  const second = await send(smtp.url).done;
  assert.equal(second.code, 0, second.stderr);
  const ids = new Map<string, Set<string>>();
  const deliveries = new Map<string, number>();
  for (const m of smtp.received) {
    ids.set(m.to, (ids.get(m.to) ?? new Set()).add(m.messageId));
    deliveries.set(m.to, (deliveries.get(m.to) ?? 0) + 1);
  }
  for (let i = 0; i < N; i++) assert.equal(ids.get(`reader${i}@example.org`)?.size, 1, `reader${i} has exactly one digest`);
  assert.equal(ids.has('unconfirmed@example.org'), false, 'never an unconfirmed address');
  const resent = [...deliveries.values()].filter((n) => n > 1).length;
  // At most the messages in flight at the kill (4 pooled connections) can be delivered twice.
  assert.ok(resent <= 4, `${resent} delivered twice`);
  const [run] = await sql<{ finished: boolean }[]>`SELECT finished_at IS NOT NULL AS finished FROM digest_runs`;
  assert.equal(run?.finished, true);
  const statuses = await sql<{ status: string; n: number }[]>`SELECT status, count(*)::int AS n FROM digest_sends GROUP BY status`;
  assert.deepEqual([...statuses], [{ status: 'sent', n: N }]);
});
