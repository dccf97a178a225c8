// `dailypapers serve` behind a real nginx terminating TLS, configured as the README shows (X-Forwarded-For with
// $proxy_add_x_forwarded_for, X-Forwarded-Proto, Host), with TRUST_PROXY=1. What broke before: the leftmost
// X-Forwarded-For entry was taken as the client, so anyone escaped the per-address limits by sending their own.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { baseEnv, eventually, freePort, startServe, tempDataDir, type Proc } from '../helpers/processes.ts';

const nginxMissing = spawnSync('nginx', ['-v']).error !== undefined;
const opensslMissing = spawnSync('openssl', ['version']).error !== undefined;
const skip = nginxMissing
  ? 'nginx is not installed (apt-get install nginx-light; .ci/run does)'
  : opensslMissing
    ? 'openssl is not installed'
    : false;
if (skip) console.log(`# skipping the proxy tests: ${skip}`);

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request to the proxy's TLS port (its certificate is self-signed, made for this run). */
function viaTls(port: number, method: string, pathname: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, method, path: pathname, headers, rejectUnauthorized: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function cookies(a: Answer): string[] {
  const v = a.headers['set-cookie'];
  return Array.isArray(v) ? v : v ? [v] : [];
}

describe('behind nginx with TLS', { skip, timeout: 300_000 }, () => {
  let server: Proc & { url: string };
  let nginx: ChildProcess;
  let tlsPort = 0;
  const dir = tempDataDir();

  before(async () => {
    const serverPort = await freePort();
    tlsPort = await freePort();
    const ngx = path.join(dir, 'nginx');
    fs.mkdirSync(path.join(ngx, 'logs'), { recursive: true });
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-keyout',
        path.join(ngx, 'key.pem'),
        '-out',
        path.join(ngx, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    fs.writeFileSync(
      path.join(ngx, 'nginx.conf'),
      `daemon off;
master_process off;
pid ${ngx}/nginx.pid;
error_log ${ngx}/logs/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${ngx}/body;
  proxy_temp_path ${ngx}/proxy;
  fastcgi_temp_path ${ngx}/fastcgi;
  uwsgi_temp_path ${ngx}/uwsgi;
  scgi_temp_path ${ngx}/scgi;
  server {
    listen 127.0.0.1:${tlsPort} ssl;
    ssl_certificate ${ngx}/cert.pem;
    ssl_certificate_key ${ngx}/key.pem;
    location / {
      proxy_pass http://127.0.0.1:${serverPort};
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
  }
}
`,
    );
    nginx = spawn('nginx', ['-p', ngx, '-c', path.join(ngx, 'nginx.conf')], { stdio: 'ignore' });
    server = await startServe(baseEnv(dir, await freePort(), { TRUST_PROXY: '1' }), serverPort);
    await eventually(
      async () => {
        try {
          return (await viaTls(tlsPort, 'GET', '/healthz')).status === 200;
        } catch {
          return false;
        }
      },
      'nginx to answer',
      30_000,
    );
  });

  after(async () => {
    nginx?.kill('SIGTERM');
    if (server) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  test('pages come through the proxy; cookies are Secure over TLS, not over plain HTTP to the server', async () => {
    const login = await viaTls(tlsPort, 'GET', '/login');
    assert.equal(login.status, 200);
    const csrf = cookies(login).find((c) => c.startsWith('dp_csrf='));
    assert.ok(csrf, 'the log-in form sets its CSRF cookie');
    assert.match(csrf, /;\s*Secure/i);

    const direct = await fetch(`${server.url}/login`);
    await direct.text();
    const plain = (direct.headers.getSetCookie?.() ?? []).find((c) => c.startsWith('dp_csrf='));
    assert.ok(plain);
    assert.doesNotMatch(plain, /;\s*Secure/i, 'plain HTTP from a client that is not behind the proxy');
  });

  test('a form posted from the proxied https origin is accepted; another origin is refused', async () => {
    const token = 'x'.repeat(43);
    const form = (origin: string) =>
      viaTls(
        tlsPort,
        'POST',
        '/subscribe',
        {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: `dp_csrf=${token}`,
          origin,
        },
        new URLSearchParams({ _csrf: token, email: 'not-an-address' }).toString(),
      );
    const ours = await form(`https://127.0.0.1:${tlsPort}`);
    assert.equal(ours.status, 422, 'past the origin check: the bad address is what is wrong');
    const theirs = await form('https://evil.example');
    assert.equal(theirs.status, 403);
  });

  test('a client that sends its own X-Forwarded-For still hits the per-address log-in limit', async () => {
    const token = 'y'.repeat(43);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const res = await viaTls(
        tlsPort,
        'POST',
        '/login',
        {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: `dp_csrf=${token}`,
          origin: `https://127.0.0.1:${tlsPort}`,
          // A different made-up address each time: nginx appends the real one, which is what counts.
          'x-forwarded-for': `203.0.113.${i + 1}`,
        },
        new URLSearchParams({ _csrf: token, email: `nobody${i}@example.org`, password: 'wrong password' }).toString(),
      );
      statuses.push(res.status);
    }
    assert.ok(
      statuses.slice(0, 30).every((s) => s === 401 || s === 422 || s === 200),
      `the first 30 are answered: ${statuses.join(' ')}`,
    );
    assert.equal(statuses[30], 429, `the 31st is limited: ${statuses.join(' ')}`);
  });
});
