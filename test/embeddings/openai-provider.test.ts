// The OpenAI-compatible embedding provider against a local server that plays /v1/embeddings: what it sends,
// how it reads answers (out of order, wrong shape), and how it retries. Waits between attempts go through a
// recording sleep, so the tests check the delays asked for without waiting them out.
import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import { OpenAiEmbeddingProvider, type OpenAiEmbeddingOptions } from '../../src/embeddings/openai-provider.ts';
import { EmbeddingError, normalize, paperPassage, type PaperText } from '../../src/embeddings/provider.ts';
import { listenLocally } from '../helpers/local-server.ts';

interface EmbeddingRequest {
  model: string;
  input: string[];
  encoding_format: string;
  dimensions?: number;
}

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: EmbeddingRequest;
}

interface Answer {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** Sends this many bytes of the body, then destroys the socket (a reset mid-body). */
  resetAfterBytes?: number;
  /** Never answers (a hung server); the socket is destroyed when the test file ends. */
  hang?: boolean;
}

/** What a server would compute for `text`: distinct per input length, and not unit length, so normalizing shows. */
function fakeVector(text: string, dims: number): number[] {
  return Array.from({ length: dims }, (_, i) => text.length + i);
}

/** The answer of a well-behaved server with vectors of `dims` (or the requested dimensions, or 3). */
function echo(req: EmbeddingRequest, dims = req.dimensions ?? 3): Answer {
  return {
    body: {
      object: 'list',
      model: req.model,
      data: req.input.map((t, index) => ({ object: 'embedding', index, embedding: fakeVector(t, dims) })),
    },
  };
}

/** Starts a server on 127.0.0.1 that answers the n-th request (0-based) as `script` says; closed after the file. */
async function startEmbeddingServer(script: (req: EmbeddingRequest, n: number) => Answer = (req) => echo(req)) {
  const requests: Received[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as EmbeddingRequest;
    requests.push({ path: req.url ?? '', headers: req.headers, body });
    const answer = script(body, requests.length - 1);
    if (answer.hang) return;
    const bytes = Buffer.from(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {}));
    res.writeHead(answer.status ?? 200, { 'Content-Type': 'application/json', 'Content-Length': String(bytes.length), ...answer.headers });
    if (answer.resetAfterBytes !== undefined) {
      res.write(bytes.subarray(0, answer.resetAfterBytes), () => req.socket.destroy());
      return;
    }
    res.end(bytes);
  });
  const { url, close } = await listenLocally(server);
  return { url, requests, close };
}

function provider(url: string, opts: Partial<OpenAiEmbeddingOptions> = {}, sleeps: number[] = []) {
  return new OpenAiEmbeddingProvider({
    url: `${url}/v1`,
    model: 'nomic-embed-text',
    apiKey: null,
    dimensions: null,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    ...opts,
  });
}

function paper(i: number): PaperText {
  return { title: `Paper ${i}`, abstract: 'We study things. '.repeat(i), authors: ['A. Author'], categories: ['cs.LG'] };
}

function norm(v: Float32Array): number {
  return Math.sqrt(v.reduce((s, x) => s + x * x, 0));
}

function assertClose(actual: Float32Array, expected: Float32Array) {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) assert.ok(Math.abs(actual[i]! - expected[i]!) < 1e-6, `${[...actual]} vs ${[...expected]}`);
}

const embeddingError = (retryable: boolean, message: RegExp) => (err: unknown) => {
  assert.ok(err instanceof EmbeddingError, String(err));
  assert.equal(err.retryable, retryable, err.message);
  assert.match(err.message, message);
  return true;
};

test('posts the model, the inputs, the key and the configured dimensions to /embeddings under the base URL', async () => {
  const server = await startEmbeddingServer();
  const p = provider(server.url, {
    url: `${server.url}/v1/`,
    apiKey: 'sk-secret',
    dimensions: 4,
    userAgent: 'dailypapers/0.1 (+https://papers.example.org)',
  });
  assert.equal(p.key, `openai:nomic-embed-text:4@${server.url}/v1`);
  assert.equal(p.dimensions, 4);
  assert.equal(p.batchSize, 64);
  assert.equal((await p.embedQuery('graph neural networks')).length, 4);
  const [req] = server.requests;
  assert.equal(req!.path, '/v1/embeddings');
  assert.equal(req!.headers.authorization, 'Bearer sk-secret');
  assert.equal(req!.headers['content-type'], 'application/json');
  assert.equal(req!.headers['user-agent'], 'dailypapers/0.1 (+https://papers.example.org)');
  assert.deepEqual(req!.body, { model: 'nomic-embed-text', input: ['graph neural networks'], encoding_format: 'float', dimensions: 4 });
  // A URL that already names the endpoint is the same endpoint, with the same key.
  const full = provider(server.url, { url: `${server.url}/v1/embeddings`, dimensions: 4 });
  assert.equal(full.key, p.key);
  await full.embedQuery('x');
  assert.equal(server.requests[1]!.path, '/v1/embeddings');
  assert.throws(() => provider(server.url, { url: 'http://user:sk-secret@127.0.0.1/v1' }), embeddingError(false, /EMBEDDINGS_API_KEY/));
});

test('without a key or dimensions: no Authorization, no dimensions field, and the length is learnt from the first answer', async () => {
  let dims = 3;
  const server = await startEmbeddingServer((req) => echo(req, dims));
  const p = provider(server.url);
  assert.equal(p.key, `openai:nomic-embed-text:auto@${server.url}/v1`);
  assert.equal(p.dimensions, null);
  assert.equal((await p.embedQuery('a')).length, 3);
  assert.equal(p.dimensions, 3);
  assert.equal(server.requests[0]!.headers.authorization, undefined);
  assert.equal('dimensions' in server.requests[0]!.body, false);
  // Another model behind the same URL: its vectors would not compare with the stored ones.
  dims = 5;
  await assert.rejects(p.embedQuery('b'), embeddingError(false, /vectors of length 5, not 3 .*did the model change/));
});

test('papers go in batches and come back in input order as unit vectors, even when the server answers out of order', async () => {
  const server = await startEmbeddingServer((req) => {
    const answer = echo(req) as { body: { data: unknown[] } };
    answer.body.data.reverse();
    return answer;
  });
  const p = provider(server.url, { batchSize: 2 });
  const papers = [1, 2, 3, 4, 5].map(paper);
  const vectors = await p.embedDocuments(papers);
  assert.deepEqual(
    server.requests.map((r) => r.body.input.length),
    [2, 2, 1],
  );
  assert.equal(vectors.length, 5);
  for (const [i, v] of vectors.entries()) {
    assert.ok(v instanceof Float32Array);
    assert.ok(Math.abs(norm(v) - 1) < 1e-6);
    assertClose(v, normalize(Float32Array.from(fakeVector(paperPassage(papers[i]!), 3))));
  }
  assert.deepEqual(await p.embedDocuments([]), []);
  assert.equal(server.requests.length, 3);
});

test('documents and queries get their own prefixes; long inputs are cut and empty ones sent as a space', async () => {
  const server = await startEmbeddingServer();
  const p = provider(server.url, { queryPrefix: 'search_query: ', documentPrefix: 'search_document: ' });
  await p.embedDocuments([{ title: ' Attention ', abstract: 'Is all you need.\n', authors: [], categories: [] }]);
  await p.embedQuery('transformers');
  await p.embedQuery('y'.repeat(20_000));
  await provider(server.url).embedQuery('');
  const inputs = server.requests.map((r) => r.body.input[0]!);
  assert.equal(inputs[0], 'search_document: Attention\n\nIs all you need.');
  assert.equal(inputs[1], 'search_query: transformers');
  assert.equal(inputs[2]!.length, 8000);
  assert.ok(inputs[2]!.startsWith('search_query: yyy'));
  assert.equal(inputs[3], ' ');
});

test('a 503 is retried after the Retry-After it names', async () => {
  const server = await startEmbeddingServer((req, n) =>
    n === 0 ? { status: 503, headers: { 'Retry-After': '2' }, body: 'Service Unavailable' } : echo(req),
  );
  const sleeps: number[] = [];
  const v = await provider(server.url, {}, sleeps).embedQuery('q');
  assert.equal(v.length, 3);
  assert.deepEqual(sleeps, [2000]);
  assert.equal(server.requests.length, 2);
});

test('a connection reset halfway through the answer is retried', async () => {
  const server = await startEmbeddingServer((req, n) => (n === 0 ? { ...echo(req, 500), resetAfterBytes: 100 } : echo(req)));
  const sleeps: number[] = [];
  assert.equal((await provider(server.url, {}, sleeps).embedQuery('q')).length, 3);
  assert.equal(server.requests.length, 2);
  assert.deepEqual(sleeps, [750]); // first backoff of a second, with the jitter at its middle
});

test('429 on every attempt gives up after four, with backoff between them and a retryable error', async () => {
  const server = await startEmbeddingServer(() => ({
    status: 429,
    body: { error: { message: 'Rate limit reached for requests', type: 'requests' } },
  }));
  const sleeps: number[] = [];
  await assert.rejects(
    provider(server.url, {}, sleeps).embedQuery('q'),
    embeddingError(true, /\/v1\/embeddings answered 429: Rate limit reached for requests; gave up after 4 attempts/),
  );
  assert.equal(server.requests.length, 4);
  assert.deepEqual(sleeps, [750, 1500, 3000]);
});

test('a refused key or an unknown model fails at once, with what the server said', async () => {
  const cases: { answer: Answer; apiKey: string | null; message: RegExp }[] = [
    {
      answer: { status: 401, body: { error: { message: 'Incorrect API key provided: sk-te***' } } },
      apiKey: 'sk-test',
      message: /answered 401: the API key was refused \(EMBEDDINGS_API_KEY\): Incorrect API key provided/,
    },
    {
      answer: { status: 403, body: 'Forbidden' },
      apiKey: null,
      message: /answered 403: it wants an API key and none is set \(EMBEDDINGS_API_KEY\)/,
    },
    {
      answer: { status: 404, body: { error: 'model "foo" not found, try pulling it first' } },
      apiKey: null,
      message: /^http:\/\/127\.0\.0\.1:\d+\/v1\/embeddings answered 404: model "foo" not found, try pulling it first$/,
    },
    {
      answer: { status: 400, body: { object: 'error', message: 'This model does not support dimensions' } },
      apiKey: null,
      message: /answered 400: This model does not support dimensions$/,
    },
  ];
  for (const c of cases) {
    const server = await startEmbeddingServer(() => c.answer);
    await assert.rejects(provider(server.url, { apiKey: c.apiKey }).embedQuery('q'), embeddingError(false, c.message));
    assert.equal(server.requests.length, 1);
    await server.close();
  }
});

test('answers of the wrong shape fail with a message saying what is wrong', async () => {
  const vector = [0.1, 0.2, 0.3];
  const cases: { body: unknown; message: RegExp }[] = [
    { body: '<html>Bad gateway page', message: /answered with a body that is not JSON: <html>Bad gateway page/ },
    { body: { embeddings: [vector, vector] }, message: /no "data" array/ },
    { body: { data: [{ index: 0, embedding: vector }] }, message: /1 embeddings for 2 inputs/ },
    {
      body: {
        data: [
          { index: 0, embedding: vector },
          { index: 1, embedding: [0.1, null, 0.3] },
        ],
      },
      message: /not a finite number in data\[1\]/,
    },
    {
      body: {
        data: [
          { index: 0, embedding: vector },
          { index: 1, embedding: 'AAAA' },
        ],
      },
      message: /no "embedding" array in data\[1\]/,
    },
    {
      body: {
        data: [
          { index: 0, embedding: vector },
          { index: 0, embedding: vector },
        ],
      },
      message: /index 0 in data\[1\], out of range or repeated/,
    },
    {
      body: {
        data: [
          { index: 0, embedding: vector },
          { index: 1, embedding: [0.1, 0.2] },
        ],
      },
      message: /different lengths \(3, 2\)/,
    },
    {
      body: {
        data: [
          { index: 0, embedding: [1, 2] },
          { index: 1, embedding: [3, 4] },
        ],
      },
      message: /vectors of length 2, not 3 \(the configured dimensions\)/,
    },
  ];
  for (const c of cases) {
    const server = await startEmbeddingServer(() => ({ body: c.body }));
    await assert.rejects(provider(server.url, { dimensions: 3 }).embedDocuments([paper(1), paper(2)]), embeddingError(false, c.message));
    assert.equal(server.requests.length, 1);
    await server.close();
  }
});

test('an abort stops the request in flight and the wait between attempts', async () => {
  let arrived!: () => void;
  const arrival = new Promise<void>((resolve) => (arrived = resolve));
  const hung = await startEmbeddingServer(() => {
    arrived();
    return { hang: true };
  });
  const inFlight = new AbortController();
  const pending = provider(hung.url).embedQuery('q', inFlight.signal);
  await arrival;
  inFlight.abort();
  await assert.rejects(pending, { name: 'AbortError' });

  const busy = await startEmbeddingServer(() => ({ status: 503, headers: { 'Retry-After': '30' } }));
  const waiting = new AbortController();
  const p = provider(busy.url, { sleep: async () => waiting.abort() }); // aborted while it waits out the Retry-After
  await assert.rejects(p.embedQuery('q', waiting.signal), { name: 'AbortError' });
  assert.equal(busy.requests.length, 1);
});

test('a server slower than the timeout is tried again', async () => {
  const server = await startEmbeddingServer((req, n) => (n === 0 ? { hang: true } : echo(req)));
  const sleeps: number[] = [];
  assert.equal((await provider(server.url, { timeoutMs: 300 }, sleeps).embedQuery('q')).length, 3);
  assert.equal(server.requests.length, 2);
  assert.equal(sleeps.length, 1);
});

test('an endpoint with nothing listening gives up after two attempts, with a retryable error', async () => {
  const server = await startEmbeddingServer();
  await server.close();
  await assert.rejects(
    provider(server.url).embedQuery('q'),
    embeddingError(true, /\/v1\/embeddings: connection refused; gave up after 2 attempts/),
  );
});
