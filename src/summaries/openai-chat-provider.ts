// Summaries from any server that speaks OpenAI's POST /v1/chat/completions (OpenAI, Ollama, vLLM, llama.cpp): one
// request a paper, asking for one sentence. Retries, refusals and failure messages are the embeddings provider's
// (http/json-endpoint.ts); an answer without a usable sentence is an error, so the caller falls back to extractive.
import {
  endpointOf,
  excerptOf,
  isRecord,
  parseJsonBody,
  postJsonWithRetries,
  transportOf,
  type EndpointClientOptions,
  type EndpointTransport,
  type FailureFactory,
} from '../http/json-endpoint.ts';
import type { RetryPolicy } from '../http/retry.ts';
import { type PaperToSummarize, type Summary, SummaryError, type SummaryProvider } from './provider.ts';
import { splitSentences } from './sentences.ts';

export interface OpenAiChatOptions extends EndpointClientOptions {
  /** Base URL (http://localhost:11434/v1, https://api.openai.com/v1); one ending in /chat/completions works too. */
  url: string;
  model: string;
}

/**
 * Four attempts, a second apart and doubling: no one waits on a background summary, but a paper that cannot be
 * summarized now is better summarized offline than held up for minutes. A Retry-After beyond a minute is not waited.
 */
export const SUMMARY_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 };

// Hugging Face's summaries are one sentence of 20-40 words; a longer answer is cut to its first sentence.
const INSTRUCTIONS =
  'You summarize research papers for a daily list of new papers. Given a title and abstract, answer with exactly one ' +
  'plain sentence of at most 40 words saying what the paper does and finds. No preamble, no markdown, no quotes.';
const MAX_SUMMARY_CHARS = 400;
// Abstracts are capped by arXiv at 1,920 characters; more is a broken record, not worth sending whole.
const MAX_ABSTRACT_CHARS = 4000;

const fail: FailureFactory = (message, retryable) => new SummaryError(message, retryable);

export class OpenAiChatSummaryProvider implements SummaryProvider {
  readonly model: string;

  readonly #transport: EndpointTransport;

  constructor(opts: OpenAiChatOptions) {
    const { endpoint } = endpointOf(opts.url, 'chat/completions', { what: 'summary', keySetting: 'SUMMARY_API_KEY' }, fail);
    if (!opts.model.trim()) throw new SummaryError(`No summary model named for ${endpoint}`, false);
    this.model = opts.model.trim();
    this.#transport = transportOf(endpoint, opts, SUMMARY_RETRY);
  }

  /** The endpoint's one-sentence summary; null without an abstract (nothing to summarize, nothing sent). */
  async summarize(paper: PaperToSummarize, _corpus: unknown, signal?: AbortSignal): Promise<Summary | null> {
    if (paper.abstract.trim() === '') return null;
    const body = JSON.stringify({
      model: this.model,
      messages: [
        { role: 'system', content: INSTRUCTIONS },
        { role: 'user', content: `Title: ${paper.title.trim()}\n\nAbstract: ${paper.abstract.trim().slice(0, MAX_ABSTRACT_CHARS)}` },
      ],
      temperature: 0,
      max_tokens: 200,
    });
    const answer = await postJsonWithRetries({
      ...this.#transport,
      body,
      fail,
      refusal: (status, text) => this.#refusal(status, text),
      signal,
    });
    const text = sentenceIn(answer);
    if ('problem' in text) throw new SummaryError(`${this.#transport.endpoint} answered with ${text.problem}`, false);
    return { text: text.sentence, model: this.model };
  }

  #refusal(status: number, body: string): SummaryError {
    if (status === 401 || status === 403) {
      const why = this.#transport.headers.Authorization ? 'the API key was refused' : 'it wants an API key and none is set';
      return new SummaryError(`${this.#transport.endpoint} answered ${status}: ${why} (SUMMARY_API_KEY): ${excerptOf(body)}`, false);
    }
    return new SummaryError(`${this.#transport.endpoint} answered ${status}: ${excerptOf(body)}`, false);
  }
}

/** The summary sentence of a chat completion's body, cleaned, or what is wrong with the body. */
export function sentenceIn(body: string): { sentence: string } | { problem: string } {
  const parsed = parseJsonBody(body);
  if ('problem' in parsed) return parsed;
  const { json } = parsed;
  const choices = isRecord(json) ? json.choices : undefined;
  const first = Array.isArray(choices) ? choices[0] : undefined;
  const message = isRecord(first) ? first.message : undefined;
  const content = isRecord(message) ? message.content : undefined;
  if (typeof content !== 'string') return { problem: `no choices[0].message.content string: ${excerptOf(body)}` };
  // Reasoning models may answer with their thoughts first; some wrap the sentence in quotes or a label.
  let text = content
    .replace(/<think>[\s\S]*?<\/think>/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:summary|tl;?dr)\s*:\s*/i, '')
    .replace(/^["“'*]+|["”'*]+$/g, '')
    .trim();
  if (text.length > MAX_SUMMARY_CHARS) text = splitSentences(text)[0] ?? text;
  if (text.length > MAX_SUMMARY_CHARS) text = `${text.slice(0, MAX_SUMMARY_CHARS).replace(/\s+\S*$/, '')}…`;
  if (text === '') return { problem: 'an empty summary' };
  return { sentence: text };
}
