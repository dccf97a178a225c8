// dailypapers admin: bootstrapping an administrator from the command line, and changing roles.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { createTestDatabase } from './helpers/db.ts';
import { createTestApp } from './helpers/app.ts';
import { Browser } from './helpers/users.ts';

const { sql, url } = await createTestDatabase();
const CLI = path.resolve(import.meta.dirname, '..', 'src', 'cli.ts');

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

test('admin create makes a verified administrator who can log in with the printed password', async () => {
  const created = await run(['admin', 'create', 'Boss@Example.org']);
  assert.equal(created.code, 0, created.stderr);
  const password = /Password: (\S+)/.exec(created.stdout)?.[1];
  assert.ok(password);
  const [row] = await sql<
    { username: string; role: string; verified: boolean }[]
  >`SELECT username, role, email_verified_at IS NOT NULL AS verified FROM users`;
  assert.deepEqual(row, { username: 'boss', role: 'admin', verified: true });
  const b = new Browser(createTestApp(sql));
  assert.equal((await b.login('boss@example.org', password)).status, 303);
  assert.equal((await b.get('/admin')).status, 200);

  const again = await run(['admin', 'create', 'boss@example.org']);
  assert.equal(again.code, 0);
  assert.match(again.stdout, /is an administrator/);
  const demoted = await run(['admin', 'role', 'boss@example.org', 'moderator']);
  assert.match(demoted.stdout, /boss is now moderator/);
  const bad = await run(['admin', 'role', 'boss@example.org', 'king']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /Usage: dailypapers admin/);
  const missing = await run(['admin', 'role', 'ghost@example.org', 'admin']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /No account uses ghost@example.org/);
});
