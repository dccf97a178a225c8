// The mail server down while people sign up and subscribe, against a real `dailypapers serve`: before, POST
// /subscribe answered 500 and the confirmation was never retried. Now the page says the mail will follow, the
// outbox worker retries, and each mail arrives exactly once when the mail server comes up.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { baseEnv, eventually, freePort, startServe, tempDataDir } from '../helpers/processes.ts';
import { startSmtp } from '../helpers/smtp.ts';

/** Posts an anonymous form the way a browser does: the double-submit CSRF cookie and the same value in the form. */
async function postForm(url: string, fields: Record<string, string>): Promise<{ status: number; body: string }> {
  const token = randomBytes(32).toString('base64url');
  const res = await fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `dp_csrf=${token}` },
    body: new URLSearchParams({ _csrf: token, ...fields }).toString(),
  });
  return { status: res.status, body: await res.text() };
}

test('with the mail server down, sign-up and subscribe answer 200 saying the mail will follow; it arrives once when the server is back', {
  timeout: 300_000,
}, async () => {
  const dir = tempDataDir();
  const smtpPort = await freePort();
  const env = baseEnv(dir, await freePort(), { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, MAIL_RETRY_SECONDS: '1' });
  const server = await startServe(env, await freePort());
  try {
    const signup = await postForm(`${server.url}/signup`, {
      email: 'reader@example.org',
      username: 'reader',
      password: 'correct horse battery',
    });
    assert.equal(signup.status, 200, signup.body.slice(0, 500));
    assert.match(signup.body, /We could not send the mail yet; we will keep trying/);

    const subscribe = await postForm(`${server.url}/subscribe`, { email: 'digest@example.org', frequency: 'weekly', trending: 'on' });
    assert.equal(subscribe.status, 200, subscribe.body.slice(0, 500));
    assert.match(subscribe.body, /We could not send the mail yet; we will keep trying/);

    const smtp = await startSmtp(smtpPort);
    try {
      await eventually(() => smtp.received.length >= 2, 'both mails to arrive once the mail server answers', 60_000);
      // Several more retry periods: nothing is sent twice.
      await new Promise((r) => setTimeout(r, 3_000));
      const to = smtp.received.map((m) => m.to).sort();
      assert.deepEqual(to, ['digest@example.org', 'reader@example.org']);
      const confirm = smtp.received.find((m) => m.to === 'digest@example.org')!;
      const link = /(http\S+\/subscribe\/confirm\?t=\S+)/.exec(confirm.text)?.[1];
      assert.ok(link, confirm.text);
      const page = await fetch(link.replace(/^https?:\/\/[^/]+/, server.url), { redirect: 'manual' });
      assert.ok(page.status < 400, `the confirmation link works (${page.status})`);
    } finally {
      await smtp.close();
    }
  } finally {
    server.child.kill('SIGTERM');
    assert.equal((await server.exited).code, 0, server.stderr());
  }
});
