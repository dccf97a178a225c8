// A local HTTP server that stands in for arXiv and Hugging Face: it answers scripted responses
// (real or hand-written bodies) over real HTTP, and can misbehave on cue: a status with Retry-After,
// a connection reset halfway through a body, a hang until the test lets go.
import http from 'node:http';
import { listenLocally } from './local-server.ts';

export interface Step {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Sends this many bytes of the body, then destroys the socket (a reset mid-body). */
  resetAfterBytes?: number;
  /** Called when the request arrives; the response waits for the promise (a slow or hung server). */
  hold?: () => Promise<void>;
}

type Matcher = (url: URL) => boolean;

interface Route {
  match: Matcher;
  /** Steps are used in order; the last one repeats. */
  steps: Step[];
}

export interface ReplayServer {
  url: string;
  /** Every request's path and query, in order. */
  requests: string[];
  userAgents: string[];
  /** Adds a route; routes added later take precedence. */
  route(match: Matcher | string, ...steps: Step[]): void;
  close(): Promise<void>;
}

/** Matches a path, plus the given query parameters (other parameters may be present). */
export function pathWith(path: string, params: Record<string, string> = {}): Matcher {
  return (u) => u.pathname === path && Object.entries(params).every(([k, v]) => u.searchParams.get(k) === v);
}

/** Starts a replay server on 127.0.0.1 (closed after the test file unless closed before). */
export async function startReplayServer(): Promise<ReplayServer> {
  const routes: Route[] = [];
  const requests: string[] = [];
  const userAgents: string[] = [];
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://replay');
    requests.push(url.pathname + url.search);
    userAgents.push(req.headers['user-agent'] ?? '');
    const route = routes.find((r) => r.match(url));
    if (!route) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`no route for ${url.pathname}${url.search}`);
      return;
    }
    const step = route.steps.length > 1 ? route.steps.shift()! : route.steps[0]!;
    if (step.hold) await step.hold();
    const body = Buffer.from(step.body ?? '');
    res.writeHead(step.status ?? 200, {
      'Content-Type': 'application/xml; charset=utf-8',
      'Content-Length': String(body.length),
      ...step.headers,
    });
    if (step.resetAfterBytes !== undefined) {
      res.write(body.subarray(0, step.resetAfterBytes), () => req.socket.destroy());
      return;
    }
    res.end(body);
  });
  const { url, close } = await listenLocally(server);
  return {
    url,
    requests,
    userAgents,
    route(match, ...steps) {
      routes.unshift({ match: typeof match === 'string' ? pathWith(match) : match, steps });
    },
    close,
  };
}
