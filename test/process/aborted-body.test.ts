// A client that drops the connection in the middle of a request body, against a real `dailypapers serve`. Before,
// reading the body failed with ECONNRESET, which the error handler took for the database: a 503 and an error-level
// "database unavailable" line, so any anonymous client could fake outage alerts. An aborted upload is the client's
// problem: a 4xx at debug level, nothing at warn or error, and the server keeps serving.
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { baseEnv, eventually, freePort, startServe, tempDataDir } from '../helpers/processes.ts';

/** Sends `head` and the first part of a body shorter than its Content-Length, then destroys the socket. */
function sendAndDrop(port: number, head: string, partialBody: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(head + partialBody, () =>
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 100),
      );
    });
    socket.on('error', reject);
  });
}

interface LogLine {
  level?: string;
  msg?: string;
  method?: string;
  path?: string;
  status?: number;
}

function logLines(stderr: string): LogLine[] {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);
}

test('a client that drops mid-body gets no 5xx and no error-level log; the server keeps serving', { timeout: 180_000 }, async () => {
  const dir = tempDataDir();
  // EMBEDDINGS=auto would warn once that the model download is offline: not what this test is about.
  const env = baseEnv(dir, await freePort(), { LOG_LEVEL: 'debug', EMBEDDINGS: 'corpus' });
  const port = await freePort();
  const server = await startServe(env, port);
  try {
    const form = 'email=reader%40example.org&password=';
    await sendAndDrop(
      port,
      `POST /login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000\r\nCookie: dp_csrf=${'a'.repeat(43)}\r\n\r\n`,
      form,
    );
    const multipart = '--B\r\nContent-Disposition: form-data; name="body"\r\n\r\nhalf a comm';
    await sendAndDrop(
      port,
      `POST /comments/preview HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: multipart/form-data; boundary=B\r\nContent-Length: 40000\r\n\r\n`,
      multipart,
    );
    await sendAndDrop(
      port,
      `POST /signup HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n`,
      '10\r\nemail=a%40b.org&',
    );

    // Each dropped request is answered (to nobody) and logged as a request line once its handler gives up.
    const answered = () => logLines(server.stderr()).filter((l) => l.msg === 'request' && l.method === 'POST');
    await eventually(() => answered().length >= 3, 'the three dropped requests to be logged', 30_000);
    for (const line of answered()) {
      assert.ok(line.status! >= 400 && line.status! < 500, `a dropped request is a 4xx, got ${JSON.stringify(line)}`);
      assert.equal(line.level, 'debug', JSON.stringify(line));
    }

    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 200);
    const page = await fetch(`${server.url}/login`);
    assert.equal(page.status, 200);

    const lines = logLines(server.stderr());
    const loud = lines.filter((l) => l.level === 'error' || l.level === 'warn');
    assert.deepEqual(loud, [], 'no warn or error line for a client that went away');
    assert.doesNotMatch(server.stderr(), /database unavailable/);
    // Nothing outside the structured log either (@hono/node-server prints unhandled response errors with console.error).
    const unstructured = server
      .stderr()
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('{'));
    assert.deepEqual(unstructured, []);
  } finally {
    server.child.kill('SIGTERM');
    assert.equal((await server.exited).code, 0, server.stderr().slice(-3000));
  }
});
