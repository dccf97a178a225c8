// Who is asking, as seen through the reverse proxies the operator trusts (TRUST_PROXY). Each proxy appends the
// address it got the request from to X-Forwarded-For (nginx's $proxy_add_x_forwarded_for), so only the rightmost
// entries were written by our proxies; everything left of them came from the client and may be invented. The client
// is therefore the first address, walking from the socket's peer leftwards, that is not a trusted proxy.
// X-Forwarded-Proto and X-Forwarded-Host count only when the peer itself is a trusted proxy.
import net from 'node:net';
import type { Context } from 'hono';
import type { TrustProxy } from '../../config.ts';

function peerAddress(c: Context): string | undefined {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress;
}

// IPv4 clients of a dual-stack socket appear as ::ffff:a.b.c.d; they are the same address.
function plain(address: string): string {
  return address.startsWith('::ffff:') && net.isIPv4(address.slice(7)) ? address.slice(7) : address;
}

const blockLists = new WeakMap<object, net.BlockList>();

function trustedList(trust: { addresses: string[] }): net.BlockList {
  let list = blockLists.get(trust);
  if (!list) {
    list = new net.BlockList();
    for (const entry of trust.addresses) {
      const [address, bits] = entry.split('/') as [string, string | undefined];
      const type = net.isIPv6(address) ? 'ipv6' : 'ipv4';
      if (bits === undefined) list.addAddress(address, type);
      else list.addSubnet(address, Number(bits), type);
    }
    blockLists.set(trust, list);
  }
  return list;
}

function isTrusted(trust: TrustProxy, address: string | undefined, hop: number): boolean {
  if (!trust) return false;
  if ('hops' in trust) return hop < trust.hops;
  if (!address || net.isIP(address) === 0) return false;
  return trustedList(trust).check(address, net.isIPv6(address) ? 'ipv6' : 'ipv4');
}

/** The client's address for rate limits and session records: the peer, or behind trusted proxies the entry they vouch for. */
export function clientIp(c: Context, trust: TrustProxy): string {
  const peer = peerAddress(c);
  const chain: (string | undefined)[] = [peer === undefined ? undefined : plain(peer)];
  if (trust) {
    const forwarded = c.req.header('x-forwarded-for');
    if (forwarded)
      chain.push(
        ...forwarded
          .split(',')
          .map((s) => plain(s.trim()))
          .filter((s) => s !== '')
          .reverse(),
      );
  }
  for (let hop = 0; hop < chain.length; hop++) {
    if (!isTrusted(trust, chain[hop], hop)) return chain[hop] ?? 'local';
  }
  // Every address is a trusted proxy: the furthest one is the best we know.
  return chain[chain.length - 1] ?? 'local';
}

/** The origin the browser used (https://papers.example.org behind a TLS proxy), for same-origin checks. */
export function requestOrigin(c: Context, trust: TrustProxy): string {
  const own = new URL(c.req.url);
  if (!isTrusted(trust, peerAddress(c) === undefined ? undefined : plain(peerAddress(c)!), 0)) return own.origin;
  const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim() || own.host;
  return `${proto === 'https' || proto === 'http' ? proto : own.protocol.slice(0, -1)}://${host}`;
}

/** Whether the browser reached us over HTTPS (directly, or through a trusted proxy that says so). */
export function isHttpsRequest(c: Context, trust: TrustProxy): boolean {
  return requestOrigin(c, trust).startsWith('https:');
}
