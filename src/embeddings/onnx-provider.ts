// Vectors from a sentence-embedding model that runs in-process: a folder the operator supplies, exported to ONNX
// as on Hugging Face (model.onnx or onnx/model.onnx, tokenizer.json, config.json; e.g. all-MiniLM-L6-v2). Nothing
// is downloaded: the tokenizer (WordPiece, BPE, Unigram) is read from tokenizer.json by @huggingface/tokenizers,
// the model runs on onnxruntime-node's CPU build, and its token vectors are mean-pooled over the attention mask
// (or the [CLS] vector taken, when the folder's 1_Pooling/config.json says so) and scaled to unit length.
// onnxruntime-node is an optional dependency of ~300 MB, imported only when such a provider is opened, so the
// app starts without it and a failed install shows up as an EmbeddingError here.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { EmbeddingError, normalize, paperPassage, type EmbeddingProvider, type PaperText } from './provider.ts';

type OnnxRuntime = typeof import('onnxruntime-node');

export interface OnnxEmbeddingOptions {
  /** Put before every query: instruction-tuned models (e5, nomic) expect one, e.g. "query: ". Default ''. */
  queryPrefix?: string;
  /** Put before every paper's passage, e.g. "passage: ". Default ''. */
  documentPrefix?: string;
  /** Texts per model run; default 32. */
  batchSize?: number;
  /** Longest input in tokens, special tokens included; default: what the folder's configs say, else 512. */
  maxTokens?: number;
  /** The model file inside the folder when it is not model.onnx or onnx/model.onnx (e.g. onnx/model_quantized.onnx). */
  modelFile?: string;
  /** Threads one model run may use; default: onnxruntime's choice (one per core). */
  threads?: number;
  /** Imports the runtime; tests replace it to see what an app without onnxruntime-node reports. */
  importRuntime?: () => Promise<OnnxRuntime>;
}

const MODEL_FILES = ['model.onnx', path.join('onnx', 'model.onnx')];
const EXPECTED = 'expected a folder with model.onnx (or onnx/model.onnx) and tokenizer.json, as exported for sentence-transformers models';
// BERT-style models have 512 positions; a folder that says nothing is assumed to be one of them.
const DEFAULT_MAX_TOKENS = 512;
// Output names, best first: an export with pooling built in gives sentence_embedding; the rest give token vectors.
const OUTPUT_NAMES = ['sentence_embedding', 'last_hidden_state', 'token_embeddings'];
const KNOWN_INPUTS = new Set(['input_ids', 'attention_mask', 'token_type_ids']);

export class OnnxEmbeddingProvider implements EmbeddingProvider {
  readonly key: string;
  readonly dimensions: number;
  readonly batchSize: number;
  readonly #model: LoadedModel;

  private constructor(model: LoadedModel, key: string, dimensions: number, batchSize: number) {
    this.#model = model;
    this.key = key;
    this.dimensions = dimensions;
    this.batchSize = batchSize;
  }

  /** Opens the model folder, runs the model once to learn its vector length, and returns the provider. */
  static async open(folder: string, opts: OnnxEmbeddingOptions = {}): Promise<OnnxEmbeddingProvider> {
    const batchSize = opts.batchSize ?? 32;
    if (!isPositiveInteger(batchSize))
      throw new EmbeddingError(`Embedding batch size must be a positive whole number, not ${batchSize}`, false);
    if (opts.maxTokens !== undefined && !isPositiveInteger(opts.maxTokens)) {
      throw new EmbeddingError(`The ONNX model's maxTokens must be a positive whole number, not ${opts.maxTokens}`, false);
    }
    const files = locateFiles(path.resolve(folder), opts.modelFile);
    const tokenizer = readTokenizer(files);
    const ort = await importRuntime(opts.importRuntime);
    let session: InferenceSession;
    try {
      session = await ort.InferenceSession.create(files.model, {
        logSeverityLevel: 3,
        ...(opts.threads ? { intraOpNumThreads: opts.threads } : {}),
      });
    } catch (err) {
      throw new EmbeddingError(`onnxruntime could not load ${files.model}: ${messageOf(err)}`, false, { cause: err });
    }
    try {
      const model: LoadedModel = {
        ort,
        session,
        tokenizer,
        ...modelShape(session, files.model),
        prefixes: { query: opts.queryPrefix ?? '', document: opts.documentPrefix ?? '' },
        maxTokens: opts.maxTokens ?? maxTokensOf(files),
        padId: padIdOf(files, tokenizer),
        pooling: poolingOf(files.folder),
        specialTokens: tokenizer.post_processor ? tokenizer.post_processor([], null, true).tokens.length : 0,
      };
      const [probe] = await embedTexts(model, ['dimension probe']);
      const stat = fs.statSync(files.model);
      // Vectors change with the model file and with everything below; a copied or replaced model.onnx gets a new mtime.
      const hash = createHash('sha256')
        .update(JSON.stringify([files.model, stat.size, stat.mtimeMs, model.maxTokens, model.pooling, model.prefixes]))
        .digest('hex')
        .slice(0, 12);
      return new OnnxEmbeddingProvider(model, `onnx:${files.folder}:${probe!.length}:${hash}`, probe!.length, batchSize);
    } catch (err) {
      await session.release(); // a model that is not a text encoder must not hold its memory
      throw err;
    }
  }

  /** Unit-length vectors for `papers`, in order, in model runs of at most `batchSize` papers. */
  async embedDocuments(papers: PaperText[], signal?: AbortSignal): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let i = 0; i < papers.length; i += this.batchSize) {
      signal?.throwIfAborted();
      const batch = papers.slice(i, i + this.batchSize);
      vectors.push(
        ...(await embedTexts(
          this.#model,
          batch.map((p) => this.#model.prefixes.document + paperPassage(p)),
        )),
      );
    }
    return vectors;
  }

  /** A unit-length vector for a query. */
  async embedQuery(text: string, signal?: AbortSignal): Promise<Float32Array> {
    signal?.throwIfAborted();
    const [vector] = await embedTexts(this.#model, [this.#model.prefixes.query + text]);
    return vector!;
  }

  /** Frees the model's memory; the provider cannot embed afterwards. */
  async close(): Promise<void> {
    await this.#model.session.release();
  }
}

/** An opened model and what it takes to run it. */
interface LoadedModel {
  ort: OnnxRuntime;
  session: InferenceSession;
  tokenizer: Tokenizer;
  path: string;
  /** The output read: pooled vectors ([batch, dims]) or token vectors ([batch, tokens, dims]). */
  output: string;
  wantsTokenTypes: boolean;
  prefixes: { query: string; document: string };
  maxTokens: number;
  padId: number;
  pooling: 'mean' | 'cls';
  /** How many tokens the tokenizer adds around a text ([CLS] and [SEP]: 2). */
  specialTokens: number;
}

/** One model run over `texts`, padded to the longest; unit-length vectors in order. */
async function embedTexts(model: LoadedModel, texts: string[]): Promise<Float32Array[]> {
  const sequences = texts.map((t) => tokenIds(model, t));
  const batch = sequences.length;
  const width = Math.max(...sequences.map((s) => s.length));
  const ids = new BigInt64Array(batch * width).fill(BigInt(model.padId));
  const mask = new BigInt64Array(batch * width);
  sequences.forEach((s, b) => {
    s.forEach((id, j) => {
      ids[b * width + j] = BigInt(id);
      mask[b * width + j] = 1n;
    });
  });
  const { Tensor } = model.ort;
  const feeds: Record<string, Tensor> = {
    input_ids: new Tensor('int64', ids, [batch, width]),
    attention_mask: new Tensor('int64', mask, [batch, width]),
  };
  if (model.wantsTokenTypes) feeds.token_type_ids = new Tensor('int64', new BigInt64Array(batch * width), [batch, width]);
  let output: Tensor;
  try {
    output = (await model.session.run(feeds, [model.output]))[model.output]!;
  } catch (err) {
    throw new EmbeddingError(`The ONNX model ${model.path} failed on a batch of ${batch}: ${messageOf(err)}`, false, { cause: err });
  }
  if (output.type !== 'float32')
    throw new EmbeddingError(`The ONNX model ${model.path} answers ${output.type} vectors; use a float32 export`, false);
  const data = output.data as Float32Array;
  const [rows, second, third] = output.dims;
  if (output.dims.length === 2 && rows === batch) return sequences.map((_, b) => normalize(data.slice(b * second!, (b + 1) * second!)));
  if (output.dims.length !== 3 || rows !== batch || second !== width) {
    throw new EmbeddingError(
      `The ONNX model ${model.path} answered ${model.output} of shape [${output.dims.join(', ')}], not [batch, tokens, dimensions]`,
      false,
    );
  }
  const dims = third!;
  return sequences.map((s, b) =>
    normalize(model.pooling === 'cls' ? data.slice(b * width * dims, (b * width + 1) * dims) : meanOf(data, b, s.length, width, dims)),
  );
}

/** Token ids of `text` with the tokenizer's special tokens, the text cut to fit maxTokens. */
function tokenIds(model: LoadedModel, text: string): number[] {
  const { tokenizer } = model;
  const room = Math.max(1, model.maxTokens - model.specialTokens);
  const tokens = tokenizer.tokenize(text).slice(0, room);
  const withSpecials: string[] = tokenizer.post_processor ? tokenizer.post_processor(tokens, null, true).tokens : tokens;
  const unknown = tokenizer.model?.unk_token_id ?? model.padId;
  const ids = withSpecials.map((t) => tokenizer.token_to_id(t) ?? unknown);
  return ids.length > 0 ? ids : [unknown];
}

interface ModelFiles {
  folder: string;
  model: string;
  tokenizerJson: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown>;
  /** config.json: the model's architecture (max_position_embeddings, pad_token_id); {} when absent. */
  config: Record<string, unknown>;
}

/** The model file and tokenizer of `folder`, or an EmbeddingError naming the folder and the files it should hold. */
function locateFiles(folder: string, modelFile: string | undefined): ModelFiles {
  if (!fs.existsSync(folder)) throw new EmbeddingError(`ONNX model folder ${folder} does not exist; ${EXPECTED}`, false);
  if (!fs.statSync(folder).isDirectory()) throw new EmbeddingError(`ONNX model folder ${folder} is not a folder; ${EXPECTED}`, false);
  const candidates = modelFile ? [modelFile] : MODEL_FILES;
  const model = candidates.map((f) => path.resolve(folder, f)).find((f) => fs.existsSync(f));
  if (!model) throw new EmbeddingError(`ONNX model folder ${folder} has no ${candidates.join(' or ')}; ${EXPECTED}`, false);
  const tokenizerJson = readJson(path.join(folder, 'tokenizer.json'));
  if (!tokenizerJson) throw new EmbeddingError(`ONNX model folder ${folder} has no tokenizer.json; ${EXPECTED}`, false);
  const tokenizerConfig = readJson(path.join(folder, 'tokenizer_config.json')) ?? {};
  return { folder, model, tokenizerJson, tokenizerConfig, config: readJson(path.join(folder, 'config.json')) ?? {} };
}

function readTokenizer(files: ModelFiles): Tokenizer {
  try {
    return new Tokenizer(files.tokenizerJson, files.tokenizerConfig);
  } catch (err) {
    throw new EmbeddingError(
      `${path.join(files.folder, 'tokenizer.json')} is not a tokenizer this app can read: ${messageOf(err)}`,
      false,
      { cause: err },
    );
  }
}

async function importRuntime(load: (() => Promise<OnnxRuntime>) | undefined): Promise<OnnxRuntime> {
  try {
    return await (load ?? (() => import('onnxruntime-node')))();
  } catch (err) {
    throw new EmbeddingError(
      `ONNX embeddings need the optional package onnxruntime-node, which could not be loaded (${messageOf(err)}); ` +
        'reinstall with optional dependencies (npm ci), or configure another embedding provider',
      false,
      { cause: err },
    );
  }
}

/** Which output to read and which inputs to feed; an EmbeddingError when the model is not a text encoder. */
function modelShape(session: InferenceSession, modelPath: string): Pick<LoadedModel, 'path' | 'output' | 'wantsTokenTypes'> {
  const unknown = session.inputNames.filter((n) => !KNOWN_INPUTS.has(n));
  if (unknown.length > 0 || !session.inputNames.includes('input_ids') || !session.inputNames.includes('attention_mask')) {
    throw new EmbeddingError(
      `The ONNX model ${modelPath} takes inputs ${session.inputNames.join(', ')}; a sentence-embedding export takes input_ids, attention_mask and optionally token_type_ids`,
      false,
    );
  }
  const output = OUTPUT_NAMES.find((n) => session.outputNames.includes(n)) ?? session.outputNames[0];
  if (!output) throw new EmbeddingError(`The ONNX model ${modelPath} has no outputs`, false);
  return { path: modelPath, output, wantsTokenTypes: session.inputNames.includes('token_type_ids') };
}

/** The longest input the folder's configs allow, most specific first (sentence-transformers cuts MiniLM at 256). */
function maxTokensOf(files: ModelFiles): number {
  const truncation = files.tokenizerJson.truncation as { max_length?: unknown } | null | undefined;
  const positions = files.config.max_position_embeddings;
  const tokenizerLimit = files.tokenizerConfig.model_max_length;
  const candidates = [
    readJson(path.join(files.folder, 'sentence_bert_config.json'))?.max_seq_length,
    truncation?.max_length,
    // Hugging Face writes a huge sentinel here when the tokenizer has no limit of its own.
    typeof tokenizerLimit === 'number' && tokenizerLimit < 100_000 ? tokenizerLimit : undefined,
    // RoBERTa counts two extra positions (514); models with thousands of positions get 512 unless told otherwise.
    typeof positions === 'number' ? Math.min(positions, DEFAULT_MAX_TOKENS) : undefined,
  ];
  const found = candidates.find((n): n is number => typeof n === 'number' && isPositiveInteger(n));
  return found ?? DEFAULT_MAX_TOKENS;
}

/** The id that fills padded positions (RoBERTa-style models number positions by skipping it, so it matters). */
function padIdOf(files: ModelFiles, tokenizer: Tokenizer): number {
  const padding = files.tokenizerJson.padding as { pad_id?: unknown } | null | undefined;
  const candidates = [padding?.pad_id, files.config.pad_token_id, tokenizer.token_to_id('[PAD]'), tokenizer.token_to_id('<pad>')];
  return candidates.find((n): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0) ?? 0;
}

/** 'cls' when the folder's sentence-transformers pooling config says so (BGE, GTE); otherwise mean pooling. */
function poolingOf(folder: string): 'mean' | 'cls' {
  return readJson(path.join(folder, '1_Pooling', 'config.json'))?.pooling_mode_cls_token === true ? 'cls' : 'mean';
}

/** Mean of the first `length` token vectors of sequence `b` in a [batch, width, dims] tensor. */
function meanOf(data: Float32Array, b: number, length: number, width: number, dims: number): Float32Array {
  const v = new Float32Array(dims);
  for (let j = 0; j < length; j++) {
    const at = (b * width + j) * dims;
    for (let d = 0; d < dims; d++) v[d]! += data[at + d]!;
  }
  for (let d = 0; d < dims; d++) v[d]! /= length;
  return v;
}

/** The JSON object in `file`, null when the file is absent; an EmbeddingError when it is not a JSON object. */
function readJson(file: string): Record<string, unknown> | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new EmbeddingError(`Cannot read ${file}: ${messageOf(err)}`, false, { cause: err });
  }
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json === 'object' && json !== null && !Array.isArray(json)) return json as Record<string, unknown>;
  } catch {
    // reported below with the file's name
  }
  throw new EmbeddingError(`${file} is not a JSON object`, false);
}

function isPositiveInteger(n: number): boolean {
  return Number.isInteger(n) && n > 0;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
