// The command line as a user runs it: exit codes, one-line errors without stack traces, serve + Ctrl-C.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createTestDatabase } from './helpers/db.ts';
import { FIXTURES } from './helpers/paths.ts';

const { url } = await createTestDatabase();
const CLI = path.resolve(import.meta.dirname, '..', 'src', 'cli.ts');

function run(
  args: string[],
  options: { env?: Record<string, string>; stdin?: string } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(options.stdin ?? '');
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

test('import prints a summary and exits 0', async () => {
  const r = await run(['import', path.join(FIXTURES, 'arxiv-snapshot.jsonl')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /arxiv-snapshot: 3 papers \(\d+ new, \d+ updated\), 2 skipped/);
  assert.match(r.stderr, /skipped .*arxiv-snapshot.jsonl:4: invalid arXiv id "not-an-id"/);
});

test('import reads stdin with "-"', async () => {
  const r = await run(['import', '-'], { stdin: fs.readFileSync(path.join(FIXTURES, 'arxiv-papers.jsonl'), 'utf8') });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^stdin: arxiv-papers: 4 papers/);
});

test('a file in the wrong format is one clear error, not a stack trace', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-cli-'));
  const notes = path.join(dir, 'notes.txt');
  fs.writeFileSync(notes, 'just some notes\n');
  const r = await run(['import', notes]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /notes.txt:1: not JSON\. Accepted formats/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
});

test('usage errors: missing files, unknown commands, bad configuration', async () => {
  const missing = await run(['import', '/nonexistent/file.jsonl']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no such file/);
  const unknown = await run(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /Unknown command "frobnicate"/);
  const badEnv = await run(['migrate'], { env: { PORT: 'x' } });
  assert.equal(badEnv.code, 1);
  assert.match(badEnv.stderr, /Invalid configuration:\n\s+PORT/);
  assert.doesNotMatch(badEnv.stderr, /\n\s+at /);
});

test('serve answers, then Ctrl-C (SIGINT) shuts down cleanly with exit code 0', async () => {
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve'], {
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), LOG_LEVEL: 'info', HARVEST_SCHEDULE: 'off', FIRST_START_DAYS: '0' },
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  for (let i = 0; i < 100 && !stderr.includes('"listening"'); i++) await new Promise((r) => setTimeout(r, 100));
  const health = await fetch(`http://127.0.0.1:${port}/healthz`);
  assert.equal(health.status, 200);
  // A second server on the same port explains the conflict.
  const clash = await run(['serve'], { env: { PORT: String(port) } });
  assert.equal(clash.code, 1);
  assert.match(clash.stderr, new RegExp(`Port ${port} on 127.0.0.1 is already in use`));
  child.kill('SIGINT');
  assert.equal(await exited, 0, stderr);
  assert.match(stderr, /"msg":"shutting down"/);
  assert.match(stderr, /"msg":"stopped"/);
});

test('config prints every setting with secrets masked', async () => {
  const r = await run(['config'], {
    env: {
      DATABASE_URL: 'postgres://app:hunter2@db.example/papers',
      EMBEDDINGS_API_KEY: 'sk-embed-secret',
      SUMMARY_API_KEY: 'sk-summary-secret',
      SMTP_URL: 'smtps://mail:pa55@mail.example:465',
    },
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /DATABASE_URL\s+postgres:\/\/app:\*\*\*@db.example\/papers/);
  assert.match(r.stdout, /SMTP_URL\s+smtps:\/\/mail:\*\*\*@mail.example:465/);
  assert.match(r.stdout, /EMBEDDINGS_API_KEY\s+\*\*\*/);
  assert.match(r.stdout, /SUMMARY_API_KEY\s+\*\*\*/);
  assert.match(r.stdout, /HF_MIRROR\s+on/);
  for (const secret of ['hunter2', 'sk-embed-secret', 'sk-summary-secret', 'pa55']) assert.ok(!r.stdout.includes(secret), secret);
});
