// The client address behind trusted proxies (TRUST_PROXY), as a table: what each set-up believes of X-Forwarded-For.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Hono } from 'hono';
import { ConfigError, loadConfig, type TrustProxy } from '../../src/config.ts';
import { clientIp, requestOrigin } from '../../src/web/http/client-ip.ts';

function ask(trust: TrustProxy, peer: string, headers: Record<string, string>): Promise<{ ip: string; origin: string }> {
  const app = new Hono();
  app.get('/', (c) => c.json({ ip: clientIp(c, trust), origin: requestOrigin(c, trust) }));
  return Promise.resolve(app.request('http://127.0.0.1:3000/', { headers }, { incoming: { socket: { remoteAddress: peer } } })).then(
    (r) => r.json() as Promise<{ ip: string; origin: string }>,
  );
}

const cases: { name: string; trust: TrustProxy; peer: string; xff?: string; ip: string }[] = [
  { name: 'no proxy: the header is ignored', trust: null, peer: '203.0.113.9', xff: '1.2.3.4', ip: '203.0.113.9' },
  { name: 'one proxy: its appended entry', trust: { hops: 1 }, peer: '127.0.0.1', xff: '198.51.100.7', ip: '198.51.100.7' },
  {
    name: 'one proxy: a spoofed leftmost entry is not believed',
    trust: { hops: 1 },
    peer: '127.0.0.1',
    xff: '6.6.6.6, 198.51.100.7',
    ip: '198.51.100.7',
  },
  {
    name: 'two proxies: second from the right',
    trust: { hops: 2 },
    peer: '127.0.0.1',
    xff: '6.6.6.6, 198.51.100.7, 10.0.0.2',
    ip: '198.51.100.7',
  },
  { name: 'one proxy, no header: the peer', trust: { hops: 1 }, peer: '127.0.0.1', ip: '127.0.0.1' },
  {
    name: 'addresses: skip every trusted one from the right',
    trust: { addresses: ['127.0.0.1', '10.0.0.0/8'] },
    peer: '127.0.0.1',
    xff: '6.6.6.6, 198.51.100.7, 10.1.2.3',
    ip: '198.51.100.7',
  },
  {
    name: 'addresses: a peer that is not a proxy is the client',
    trust: { addresses: ['10.0.0.0/8'] },
    peer: '203.0.113.9',
    xff: '6.6.6.6',
    ip: '203.0.113.9',
  },
  {
    name: 'IPv4-mapped peer matches an IPv4 proxy',
    trust: { addresses: ['127.0.0.1'] },
    peer: '::ffff:127.0.0.1',
    xff: '198.51.100.7',
    ip: '198.51.100.7',
  },
  { name: 'IPv6 proxy subnet', trust: { addresses: ['fd00::/8'] }, peer: 'fd00::5', xff: '2001:db8::1', ip: '2001:db8::1' },
];

for (const c of cases) {
  test(`client address: ${c.name}`, async () => {
    const { ip } = await ask(c.trust, c.peer, c.xff ? { 'x-forwarded-for': c.xff } : {});
    assert.equal(ip, c.ip);
  });
}

test('X-Forwarded-Proto/Host are believed only from a trusted proxy', async () => {
  const headers = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'papers.example.org' };
  assert.equal((await ask({ hops: 1 }, '127.0.0.1', headers)).origin, 'https://papers.example.org');
  assert.equal((await ask(null, '127.0.0.1', headers)).origin, 'http://127.0.0.1:3000');
  assert.equal((await ask({ addresses: ['10.0.0.1'] }, '203.0.113.9', headers)).origin, 'http://127.0.0.1:3000');
});

test('TRUST_PROXY accepts off, on, a count or addresses, and names a bad value', () => {
  assert.equal(loadConfig({ TRUST_PROXY: 'off' }).trustProxy, null);
  assert.deepEqual(loadConfig({ TRUST_PROXY: 'on' }).trustProxy, { hops: 1 });
  assert.deepEqual(loadConfig({ TRUST_PROXY: '2' }).trustProxy, { hops: 2 });
  assert.deepEqual(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).trustProxy, { addresses: ['127.0.0.1', '10.0.0.0/8', '::1'] });
  for (const bad of ['nginx', '10.0.0.0/40', '1.2.3.4/8/9', '99']) {
    assert.throws(
      () => loadConfig({ TRUST_PROXY: bad }),
      (err: unknown) => err instanceof ConfigError && /TRUST_PROXY/.test(err.message),
    );
  }
});
