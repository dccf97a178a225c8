// Settings and sample papers shared by the harvest tests: every remote endpoint points at a replay server.
import { loadConfig, type Config } from '../../src/config.ts';
import type { RetryPolicy } from '../../src/http/retry.ts';
import type { FakePaper } from './arxiv-bodies.ts';
import type { ReplayServer } from './replay-server.ts';

/** Retries in milliseconds instead of seconds (Retry-After from the server is still honoured). */
export const FAST_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 5000 };

/** The environment that sends every harvester to `server`, with no wait between requests. */
export function harvestEnv(server: ReplayServer, env: Record<string, string> = {}): Record<string, string> {
  return {
    ARXIV_OAI_URL: `${server.url}/oai2`,
    ARXIV_API_URL: `${server.url}/api/query`,
    ARXIV_RSS_URL: server.url,
    HF_API_URL: server.url,
    ARXIV_REQUEST_INTERVAL_MS: '0',
    ARXIV_CATEGORIES: 'cs.LG,cs.AI',
    CONTACT_EMAIL: 'harvest-test@example.org',
    ...env,
  };
}

export function harvestConfig(server: ReplayServer, env: Record<string, string> = {}): Config {
  return loadConfig(harvestEnv(server, env));
}

/** Paper number `n` of a test: id 2603.0000n, math in the title, submitted Monday 2026-03-02 (listed Tuesday). */
export const paper = (n: number, extra: Partial<FakePaper> = {}): FakePaper => ({
  id: `2603.${String(n).padStart(5, '0')}`,
  title: `Paper number ${n} on $\\mathcal{O}(n^2)$ attention`,
  authors: ['Ada Lovelace', 'Alan Turing'],
  ...extra,
});

/** A local URL where nothing listens (connection refused), as when arXiv cannot be reached. */
export async function unreachableUrl(pathname: string): Promise<string> {
  const net = await import('node:net');
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as import('node:net').AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  return `http://127.0.0.1:${port}${pathname}`;
}
