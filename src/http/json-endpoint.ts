// POSTing JSON to an OpenAI-compatible endpoint (embeddings, chat completions): one request per attempt with a
// timeout, overload and network failures retried with backoff (honouring Retry-After, src/http/retry.ts), refusals
// and the caller's abort passed through at once, and every failure described in a few words that name the endpoint.
// The callers own their error type (`fail`), what a refusal means and what a good answer looks like.
import { abortable } from './polite-fetch.ts';
import { isRetryableStatus, nextRetry, parseRetryAfter, type RetryPolicy } from './retry.ts';

const EXCERPT_CHARS = 200;

/** Makes the caller's error: `retryable` says whether the same request may succeed later (network, overload). */
export type FailureFactory = (message: string, retryable: boolean) => Error;

export interface JsonPost {
  endpoint: string;
  headers: Record<string, string>;
  body: string;
  /** Per attempt, including reading the answer. */
  timeoutMs: number;
  fetch: typeof fetch;
  retry: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  random: () => number;
  fail: FailureFactory;
  /** The error for an answer that is not worth retrying (401, 404, 422, ...). */
  refusal: (status: number, body: string) => Error;
  signal?: AbortSignal | undefined;
}

/** A parsed JSON value as an object, or false (an answer's fields are read from objects only). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An answer's body parsed, or the problem to report ("a body that is not JSON: ..."). */
export function parseJsonBody(body: string): { json: unknown } | { problem: string } {
  try {
    return { json: JSON.parse(body) };
  } catch {
    return { problem: `a body that is not JSON: ${excerptOf(body)}` };
  }
}

/** How a provider reaches its endpoint, besides the endpoint's own settings (model, batch size, ...). */
export interface EndpointClientOptions {
  apiKey: string | null;
  /** Per attempt, including reading the answer; default 60 000. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  userAgent?: string;
  retry?: RetryPolicy;
  /** Waits between attempts (tests record them instead of waiting). */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
}

/** The parts of every POST to one endpoint that do not change between requests. */
export type EndpointTransport = Omit<JsonPost, 'body' | 'fail' | 'refusal' | 'signal'>;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The transport to `endpoint` with `opts`, each unset option at its default (`retry` the caller's policy). */
export function transportOf(endpoint: string, opts: EndpointClientOptions, retry: RetryPolicy): EndpointTransport {
  return {
    endpoint,
    headers: jsonHeaders(opts.apiKey, opts.userAgent),
    timeoutMs: opts.timeoutMs ?? 60_000,
    fetch: opts.fetch ?? fetch,
    retry: opts.retry ?? retry,
    sleep: opts.sleep ?? defaultSleep,
    random: opts.random ?? Math.random,
  };
}

/**
 * Returns the body of the first 2xx answer. Throws `refusal(...)` for a status not worth retrying, `fail(..., true)`
 * when the retries are used up, and the caller's abort reason when `signal` aborts.
 */
export async function postJsonWithRetries(req: JsonPost): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    req.signal?.throwIfAborted();
    let failure: string;
    let retryAfterMs: number | null = null;
    let unreachable = false;
    let refused: Error | null = null;
    try {
      const res = await post(req);
      if (res.status >= 200 && res.status < 300) return res.body;
      if (!isRetryableStatus(res.status)) refused = req.refusal(res.status, res.body);
      failure = ` answered ${res.status}: ${excerptOf(res.body)}`;
      retryAfterMs = parseRetryAfter(res.retryAfter, Date.now());
    } catch (err) {
      req.signal?.throwIfAborted(); // the caller's abort is not a failure to retry or report
      const what = describeFailure(err, req.timeoutMs);
      failure = `: ${what}`;
      unreachable = UNREACHABLE.has(what);
    }
    if (refused) throw refused;
    const decision = nextRetry(attempt, retryAfterMs, req.retry, req.random(), unreachable);
    if (!decision.retry) throw req.fail(`${req.endpoint}${failure}; ${decision.reason}`, true);
    await abortable(req.sleep, req.signal)(decision.delayMs);
  }
}

async function post(req: JsonPost): Promise<{ status: number; body: string; retryAfter: string | null }> {
  const timeout = AbortSignal.timeout(req.timeoutMs);
  const res = await req.fetch(req.endpoint, {
    method: 'POST',
    headers: req.headers,
    body: req.body,
    signal: req.signal ? AbortSignal.any([req.signal, timeout]) : timeout,
  });
  const text = await res.text(); // inside the timeout and the caller's try: a reset mid-body is a retry
  return { status: res.status, body: text, retryAfter: res.headers.get('retry-after') };
}

/**
 * The base URL that names the endpoint (no trailing slash or `/suffix`) and the URL to POST to, from what the
 * operator configured (a base like http://localhost:11434/v1, or the full endpoint). `what` names the service in
 * messages ("embeddings"), `keySetting` the variable a key belongs in.
 */
export function endpointOf(
  url: string,
  suffix: string,
  names: { what: string; keySetting: string },
  fail: FailureFactory,
): { base: string; endpoint: string } {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    throw fail(`"${url}" is not a URL; give the ${names.what} base URL, e.g. http://localhost:11434/v1`, false);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw fail(`${url}: the ${names.what} URL must start with http:// or https://`, false);
  // Keys are stored and messages logged: neither may carry a secret, and fetch refuses such URLs anyway.
  if (u.username || u.password)
    throw fail(`The ${names.what} URL has a user name or password in it; put the key in ${names.keySetting}`, false);
  const path = u.pathname.replace(/\/+$/, '');
  const trimmed = path.endsWith(`/${suffix}`) ? path.slice(0, -suffix.length - 1) : path;
  return { base: `${u.origin}${trimmed}${u.search}`, endpoint: `${u.origin}${trimmed}/${suffix}${u.search}` };
}

/** The headers of a JSON request, with the key as a Bearer token when there is one. */
export function jsonHeaders(apiKey: string | null, userAgent?: string): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    Accept: 'application/json',
    ...(apiKey ? { Authorization: `Bearer ${apiKey}` } : {}),
    ...(userAgent ? { 'User-Agent': userAgent } : {}),
  };
}

/** What an error body says, short: OpenAI puts it in error.message, vLLM in message, Ollama and TEI in error. */
export function excerptOf(body: string): string {
  let text = body;
  try {
    const json: unknown = JSON.parse(body);
    if (isRecord(json)) {
      const said = isRecord(json.error) ? json.error.message : (json.error ?? json.message ?? json.detail);
      if (typeof said === 'string') text = said;
    }
  } catch {
    // not JSON: the raw text is the message (a proxy's HTML page, a plain "Not Found")
  }
  text = text.replace(/\s+/g, ' ').trim();
  if (!text) return '(empty body)';
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
}

// Nothing listening or no such host: rarely fixed within seconds, so nextRetry gives up after two attempts.
const UNREACHABLE = new Set(['connection refused', 'host not found (offline?)']);

/** Describes a failed request in a few words ("connection reset", "timed out after 60 s"). */
export function describeFailure(err: unknown, timeoutMs: number): string {
  const e: { name?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } } =
    typeof err === 'object' && err !== null ? err : {};
  if (e.name === 'TimeoutError' || e.name === 'AbortError')
    return `timed out after ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}`;
  const code = e.cause?.code;
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || e.message === 'terminated') return 'connection reset';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found (offline?)';
  const said = typeof code === 'string' ? code : (e.cause?.message ?? e.message);
  return typeof said === 'string' ? said : String(err);
}
