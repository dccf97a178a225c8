// Vectors from any server that speaks OpenAI's POST /v1/embeddings (OpenAI, Ollama, TEI, vLLM): texts go out
// in batches, unit-length vectors come back in input order. Overload and network failures are retried with
// backoff (honouring Retry-After); a refused key, an unknown model or an answer of the wrong shape fails at
// once, with a message that names the endpoint and what was wrong.
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
import { EmbeddingError, normalize, paperPassage, type EmbeddingProvider, type PaperText } from './provider.ts';

export interface OpenAiEmbeddingOptions extends EndpointClientOptions {
  /** Base URL (http://localhost:11434/v1, https://api.openai.com/v1); one that already ends in /embeddings works too. */
  url: string;
  model: string;
  /** Sent as `dimensions` (OpenAI's text-embedding-3 models shorten their vectors); null: learnt from the first answer. */
  dimensions: number | null;
  /** Put before every query: instruction-tuned models (nomic, e5) expect one, e.g. "search_query: ". Default ''. */
  queryPrefix?: string;
  /** Put before every paper's passage, e.g. "search_document: ". Default ''. */
  documentPrefix?: string;
  /** Inputs per request; default 64. */
  batchSize?: number;
}

/**
 * Four attempts, starting a second apart: a user waits through a query's retries, so they stay short. A
 * Retry-After beyond a minute is not waited out; the error is retryable and the embedding worker comes back later.
 */
export const EMBEDDING_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 };

// Models read a limited number of tokens (OpenAI 8191, nomic 8192, BERT-style 512) and OpenAI and vLLM reject a
// longer input instead of truncating it. 8000 characters are about 2000 tokens of English: under every server's
// limit, and more than a title and abstract (arXiv caps abstracts at 1920 characters) ever need.
const MAX_INPUT_CHARS = 8000;

export class OpenAiEmbeddingProvider implements EmbeddingProvider {
  readonly key: string;
  readonly batchSize: number;
  readonly #model: string;
  readonly #configuredDimensions: number | null;
  readonly #queryPrefix: string;
  readonly #documentPrefix: string;
  #dimensions: number | null;

  readonly #transport: EndpointTransport;

  constructor(opts: OpenAiEmbeddingOptions) {
    const { base, endpoint } = endpointOf(opts.url, 'embeddings', { what: 'embeddings', keySetting: 'EMBEDDINGS_API_KEY' }, fail);
    if (!opts.model.trim()) throw new EmbeddingError(`No embedding model named for ${endpoint}`, false);
    if (opts.dimensions !== null && !isPositiveInteger(opts.dimensions)) {
      throw new EmbeddingError(`Embedding dimensions must be a positive whole number, not ${opts.dimensions}`, false);
    }
    // The document prefix changes every stored vector, so it is part of the key; the query prefix changes none.
    this.key = `openai:${opts.model}:${opts.dimensions ?? 'auto'}@${base}${opts.documentPrefix ? ` doc=${JSON.stringify(opts.documentPrefix)}` : ''}`;
    this.batchSize = opts.batchSize ?? 64;
    if (!isPositiveInteger(this.batchSize))
      throw new EmbeddingError(`Embedding batch size must be a positive whole number, not ${this.batchSize}`, false);
    this.#transport = transportOf(endpoint, opts, EMBEDDING_RETRY);
    this.#model = opts.model;
    this.#configuredDimensions = opts.dimensions;
    this.#dimensions = opts.dimensions;
    this.#queryPrefix = opts.queryPrefix ?? '';
    this.#documentPrefix = opts.documentPrefix ?? '';
  }

  /** The configured vector length, or the one the endpoint answered with (null before its first answer). */
  get dimensions(): number | null {
    return this.#dimensions;
  }

  /** Unit-length vectors for `papers`, in order, in requests of at most `batchSize` papers. */
  async embedDocuments(papers: PaperText[], signal?: AbortSignal): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let i = 0; i < papers.length; i += this.batchSize) {
      const batch = papers.slice(i, i + this.batchSize);
      vectors.push(
        ...(await this.#embed(
          batch.map((p) => this.#documentPrefix + paperPassage(p)),
          signal,
        )),
      );
    }
    return vectors;
  }

  /** A unit-length vector for a query. */
  async embedQuery(text: string, signal?: AbortSignal): Promise<Float32Array> {
    const [vector] = await this.#embed([this.#queryPrefix + text], signal);
    return vector!;
  }

  async #embed(texts: string[], signal: AbortSignal | undefined): Promise<Float32Array[]> {
    const body = JSON.stringify({
      model: this.#model,
      input: texts.map(inputOf),
      encoding_format: 'float',
      // Only a configured length is sent: servers whose model cannot shorten its vectors reject the field.
      ...(this.#configuredDimensions !== null ? { dimensions: this.#configuredDimensions } : {}),
    });
    const answer = await postJsonWithRetries({
      ...this.#transport,
      body,
      fail,
      refusal: (status, text) => this.#refusal(status, text),
      signal,
    });
    return this.#vectorsIn(answer, texts.length);
  }

  #refusal(status: number, body: string): EmbeddingError {
    if (status === 401 || status === 403) {
      const why = this.#transport.headers.Authorization ? 'the API key was refused' : 'it wants an API key and none is set';
      return new EmbeddingError(`${this.#transport.endpoint} answered ${status}: ${why} (EMBEDDINGS_API_KEY): ${excerptOf(body)}`, false);
    }
    return new EmbeddingError(`${this.#transport.endpoint} answered ${status}: ${excerptOf(body)}`, false);
  }

  #vectorsIn(body: string, count: number): Float32Array[] {
    const answer = parseAnswer(body, count);
    if ('problem' in answer) throw new EmbeddingError(`${this.#transport.endpoint} answered with ${answer.problem}`, false);
    const length = answer.vectors[0]!.length;
    if (this.#dimensions !== null && length !== this.#dimensions) {
      // A length that changes between answers means another model is behind the URL: its vectors would not compare.
      const expected =
        this.#configuredDimensions !== null ? 'the configured dimensions' : 'the length of its earlier answers; did the model change?';
      throw new EmbeddingError(
        `${this.#transport.endpoint} answered with vectors of length ${length}, not ${this.#dimensions} (${expected})`,
        false,
      );
    }
    this.#dimensions = length;
    return answer.vectors.map(normalize);
  }
}

const fail: FailureFactory = (message, retryable) => new EmbeddingError(message, retryable);

function isPositiveInteger(n: number): boolean {
  return Number.isInteger(n) && n > 0;
}

/** The string sent for one text: cut to MAX_INPUT_CHARS, and never empty (some servers reject ""). */
function inputOf(text: string): string {
  let s = text.slice(0, MAX_INPUT_CHARS);
  // A cut between the halves of a surrogate pair leaves a lone half, which strict JSON parsers (TEI's) reject.
  const last = s.charCodeAt(s.length - 1);
  if (text.length > MAX_INPUT_CHARS && last >= 0xd800 && last <= 0xdbff) s = s.slice(0, -1);
  return s === '' ? ' ' : s;
}

/** The vectors of an answer in input order (not yet normalized), or what is wrong with it. */
function parseAnswer(body: string, count: number): { vectors: Float32Array[] } | { problem: string } {
  const parsed = parseJsonBody(body);
  if ('problem' in parsed) return parsed;
  const { json } = parsed;
  const data = isRecord(json) ? json.data : undefined;
  if (!Array.isArray(data)) return { problem: `no "data" array: ${excerptOf(body)}` };
  if (data.length !== count) return { problem: `${data.length} embeddings for ${count} inputs` };
  const vectors: (Float32Array | undefined)[] = new Array(count);
  for (const [position, item] of data.entries()) {
    const embedding = isRecord(item) ? item.embedding : undefined;
    if (!Array.isArray(embedding)) return { problem: `no "embedding" array in data[${position}]` };
    if (!embedding.every((x) => typeof x === 'number' && Number.isFinite(x)))
      return { problem: `a value that is not a finite number in data[${position}]` };
    // Servers may answer out of order; index says which input a vector belongs to.
    const index = isRecord(item) && item.index !== undefined ? item.index : position;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= count || vectors[index]) {
      return { problem: `index ${JSON.stringify(index)} in data[${position}], out of range or repeated` };
    }
    vectors[index] = Float32Array.from(embedding as number[]);
  }
  const lengths = new Set(vectors.map((v) => v!.length));
  if (lengths.has(0)) return { problem: 'an empty embedding' };
  if (lengths.size > 1) return { problem: `vectors of different lengths (${[...lengths].join(', ')})` };
  return { vectors: vectors as Float32Array[] };
}
