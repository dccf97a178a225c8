// The chat-completions summary provider against a local server that plays /v1/chat/completions: what it sends, how
// it reads answers, how it retries (429 with Retry-After, 500 then success, a timeout), what a malformed answer is,
// and the fallback to the extractive summary when the endpoint fails for good. Waits between attempts go through a
// recording sleep, so the delays asked for are checked without waiting them out. Never the network.
import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import { createLogger, type Logger } from '../../src/log.ts';
import { DocFreqSketch } from '../../src/summaries/doc-freq.ts';
import { ENDPOINT_PAUSE_MS, FallbackSummaryProvider } from '../../src/summaries/fallback-provider.ts';
import { OpenAiChatSummaryProvider, type OpenAiChatOptions, sentenceIn } from '../../src/summaries/openai-chat-provider.ts';
import { ExtractiveSummaryProvider, SummaryError } from '../../src/summaries/provider.ts';
import { listenLocally } from '../helpers/local-server.ts';
import { AGENTS, SPECULATIVE } from './papers.ts';

interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
}

interface Answer {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** Never answers (a hung server). */
  hang?: boolean;
}

const completion = (content: string) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
});

async function startChatServer(script: (req: ChatRequest, n: number) => Answer) {
  const requests: { path: string; headers: http.IncomingHttpHeaders; body: ChatRequest }[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
    requests.push({ path: req.url ?? '', headers: req.headers, body });
    const answer = script(body, requests.length - 1);
    if (answer.hang) return;
    res.writeHead(answer.status ?? 200, { 'Content-Type': 'application/json', ...answer.headers });
    res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {}));
  });
  const { url } = await listenLocally(server);
  return { url: `${url}/v1`, requests };
}

function provider(url: string, extra: Partial<OpenAiChatOptions> = {}) {
  const sleeps: number[] = [];
  const p = new OpenAiChatSummaryProvider({
    url,
    model: 'tiny-chat',
    apiKey: 'sk-test',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...extra,
  });
  return { p, sleeps };
}

const corpus = new DocFreqSketch(1 << 16);

test('success: posts the title and abstract to /chat/completions and labels the sentence with the model', async () => {
  const server = await startChatServer(() => ({ body: completion(' "Tree drafts make speculative decoding 2.7x faster."\n') }));
  const { p } = provider(server.url);
  const summary = await p.summarize(SPECULATIVE, corpus);
  assert.deepEqual(summary, { text: 'Tree drafts make speculative decoding 2.7x faster.', model: 'tiny-chat' });
  const [req] = server.requests;
  assert.equal(req!.path, '/v1/chat/completions');
  assert.equal(req!.headers.authorization, 'Bearer sk-test');
  assert.equal(req!.body.model, 'tiny-chat');
  assert.match(req!.body.messages.at(-1)!.content, /^Title: Tree Drafts for Speculative Decoding/);
  assert.match(req!.body.messages.at(-1)!.content, /Abstract: Large language models/);
});

test('a paper without an abstract is not sent', async () => {
  const server = await startChatServer(() => ({ body: completion('unused') }));
  const { p } = provider(server.url);
  assert.equal(await p.summarize({ id: 'x', title: 'A title', abstract: ' ' }, corpus), null);
  assert.equal(server.requests.length, 0);
});

test('429 with Retry-After: waits what the server asked, then succeeds', async () => {
  const server = await startChatServer((_r, n) =>
    n === 0 ? { status: 429, headers: { 'Retry-After': '7' }, body: { error: { message: 'slow down' } } } : { body: completion('Fine.') },
  );
  const { p, sleeps } = provider(server.url);
  assert.equal((await p.summarize(AGENTS, corpus))!.text, 'Fine.');
  assert.deepEqual(sleeps, [7000]);
});

test('500 then success: retried after a backoff', async () => {
  const server = await startChatServer((_r, n) =>
    n === 0 ? { status: 500, body: 'Internal Server Error' } : { body: completion('Recovered.') },
  );
  const { p, sleeps } = provider(server.url);
  assert.equal((await p.summarize(AGENTS, corpus))!.text, 'Recovered.');
  assert.equal(sleeps.length, 1);
  assert.ok(sleeps[0]! >= 500 && sleeps[0]! <= 1000, `backoff ${sleeps[0]}`);
});

test('500 every time: gives up after four attempts with a retryable error naming the endpoint', async () => {
  const server = await startChatServer(() => ({ status: 503, body: { error: 'overloaded' } }));
  const { p } = provider(server.url);
  await assert.rejects(p.summarize(AGENTS, corpus), (err: unknown) => {
    assert.ok(err instanceof SummaryError);
    assert.equal(err.retryable, true);
    assert.match(err.message, /\/v1\/chat\/completions answered 503: overloaded; gave up after 4 attempts/);
    return true;
  });
  assert.equal(server.requests.length, 4);
});

test('malformed bodies: not JSON, no choices, an empty sentence are errors, not summaries', async () => {
  for (const body of ['<html>oops</html>', { choices: [] }, completion('   '), { choices: [{ message: { content: 42 } }] }]) {
    const server = await startChatServer(() => ({ body }));
    const { p } = provider(server.url);
    await assert.rejects(p.summarize(AGENTS, corpus), (err: unknown) => err instanceof SummaryError && !err.retryable);
  }
});

test('a refused key fails at once, saying which setting to fix', async () => {
  const server = await startChatServer(() => ({ status: 401, body: { error: { message: 'bad key' } } }));
  const { p } = provider(server.url);
  await assert.rejects(p.summarize(AGENTS, corpus), /401: the API key was refused \(SUMMARY_API_KEY\): bad key/);
  assert.equal(server.requests.length, 1);
});

test('a server that never answers times out, and each timeout is retried', async () => {
  const server = await startChatServer(() => ({ hang: true }));
  const { p } = provider(server.url, { timeoutMs: 100, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 } });
  await assert.rejects(p.summarize(AGENTS, corpus), /timed out after 100 ms; gave up after 2 attempts/);
  assert.equal(server.requests.length, 2);
});

test('answers are cleaned: thoughts, labels and quotes dropped; an essay cut to its first sentence', () => {
  assert.deepEqual(sentenceIn(JSON.stringify(completion('<think>hmm</think>Summary: "It works."'))), { sentence: 'It works.' });
  const long = `${'A first sentence that goes on and on about the method. '.repeat(3)}${'More words here. '.repeat(30)}`;
  const cut = sentenceIn(JSON.stringify(completion(long)));
  assert.ok('sentence' in cut && cut.sentence.length <= 401, JSON.stringify(cut));
});

function recordingLog(): { log: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const base = createLogger();
  const log: Logger = { ...base, warn: (msg) => warnings.push(msg), info: () => {}, child: () => log };
  return { log, warnings };
}

test('fallback: when the endpoint fails for good a paper gets the extractive summary, and the outage is logged once', async () => {
  const server = await startChatServer(() => ({ status: 503, body: 'down' }));
  const { p } = provider(server.url, { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 } });
  const { log, warnings } = recordingLog();
  let now = 0;
  const fallback = new FallbackSummaryProvider(p, new ExtractiveSummaryProvider(), log, () => now);
  const first = await fallback.summarize(SPECULATIVE, corpus);
  assert.equal(first!.model, 'extractive');
  assert.match(first!.text, /^We introduce tree drafts/);
  const second = await fallback.summarize(AGENTS, corpus);
  assert.equal(second!.model, 'extractive');
  assert.equal(warnings.length, 1, 'logged once');
  assert.equal(server.requests.length, 2, 'the second paper did not wait through the retries again');
  now += ENDPOINT_PAUSE_MS;
  await fallback.summarize(AGENTS, corpus);
  assert.equal(server.requests.length, 4, 'tried again after the pause');
  assert.equal(warnings.length, 1, 'still one warning for one outage');
});

test('fallback: an endpoint that answers is used, and a malformed answer falls back for that paper only', async () => {
  const server = await startChatServer((_r, n) => ({ body: n === 0 ? { nope: true } : completion('From the model.') }));
  const { p } = provider(server.url);
  const fallback = new FallbackSummaryProvider(p, new ExtractiveSummaryProvider(), recordingLog().log);
  assert.equal((await fallback.summarize(AGENTS, corpus))!.model, 'extractive');
  assert.deepEqual(await fallback.summarize(AGENTS, corpus), { text: 'From the model.', model: 'tiny-chat' });
});

test('SUMMARY_PROVIDER=openai needs SUMMARY_URL and SUMMARY_MODEL', async () => {
  const { loadConfig } = await import('../../src/config.ts');
  assert.throws(() => loadConfig({ SUMMARY_PROVIDER: 'openai' }), /SUMMARY_PROVIDER=openai needs SUMMARY_URL and SUMMARY_MODEL/);
  const c = loadConfig({ SUMMARY_PROVIDER: 'openai', SUMMARY_URL: 'http://localhost:11434/v1', SUMMARY_MODEL: 'llama3.2' });
  assert.equal(c.summaryProvider, 'openai');
  assert.equal(loadConfig({}).summaryProvider, 'extractive');
});
