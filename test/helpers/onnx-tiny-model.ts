// A tiny BERT-shaped sentence-embedding model folder, written at test time: model.onnx (a lookup table of word
// vectors, no layers), a WordPiece tokenizer.json with a few dozen words, and config.json. It has the inputs and
// output of a real export (input_ids, attention_mask, token_type_ids → last_hidden_state), so the ONNX provider
// runs it exactly as it runs all-MiniLM-L6-v2, in milliseconds and from a few kilobytes.
// The ONNX file is protobuf, written by the small encoder below (field numbers from onnx.proto).
import fs from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../../src/embeddings/linear-algebra.ts';

export const TINY_DIMENSIONS = 32;

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const WORDS = [
  'the',
  'a',
  'of',
  'for',
  'and',
  'in',
  'on',
  'with',
  'we',
  'to',
  'neural',
  'network',
  'language',
  'model',
  'transformer',
  'attention',
  'training',
  'deep',
  'learning',
  'token',
  'graph',
  'protein',
  'folding',
  'molecule',
  'structure',
  'galaxy',
  'star',
  'dark',
  'matter',
  'cosmic',
  'quantum',
  'spin',
  'lattice',
  'robot',
  'policy',
  'reward',
  'image',
  'vision',
  'speech',
  'audio',
  'text',
  'data',
  'benchmark',
  'method',
  'gene',
  'cell',
  'fast',
  'large',
  'small',
  'survey',
  '##s',
  '##ing',
  '##ed',
  '##er',
];
/** The tokenizer's vocabulary, id order: special tokens, then words and WordPiece continuations. */
export const TINY_VOCABULARY = [...SPECIAL_TOKENS, ...WORDS];

export interface TinyModelOptions {
  /** Where model.onnx goes: the folder itself, or onnx/ inside it as Hugging Face ONNX exports lay it out. */
  layout?: 'root' | 'onnx-subfolder';
  /** config.json's max_position_embeddings (the provider truncates to it); default 512. */
  maxPositions?: number;
}

/** Writes the tiny model folder into `folder` (created if missing) and returns the path of its model.onnx. */
export function writeTinyModelFolder(folder: string, opts: TinyModelOptions = {}): string {
  const modelDir = opts.layout === 'onnx-subfolder' ? path.join(folder, 'onnx') : folder;
  fs.mkdirSync(modelDir, { recursive: true });
  const modelPath = path.join(modelDir, 'model.onnx');
  fs.writeFileSync(modelPath, tinyModelBytes());
  fs.writeFileSync(path.join(folder, 'tokenizer.json'), JSON.stringify(tinyTokenizerJson()));
  const config = { model_type: 'bert', hidden_size: TINY_DIMENSIONS, max_position_embeddings: opts.maxPositions ?? 512, pad_token_id: 0 };
  fs.writeFileSync(path.join(folder, 'config.json'), JSON.stringify(config));
  return modelPath;
}

/** A Hugging Face tokenizer.json for an uncased BERT WordPiece tokenizer over TINY_VOCABULARY. */
export function tinyTokenizerJson(): object {
  const special = (content: string, id: number) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map(special),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(TINY_VOCABULARY.map((t, i) => [t, i])),
    },
  };
}

/**
 * The ONNX graph: last_hidden_state = (word_embeddings[input_ids] + type_embeddings[token_type_ids]) * attention_mask.
 * Word vectors are seeded pseudo-random, so texts that share words get close vectors; padding comes out as zeros.
 */
export function tinyModelBytes(): Uint8Array {
  const random = seededRandom(20240611); // the same model bytes on every run
  const wordTable = new Float32Array(TINY_VOCABULARY.length * TINY_DIMENSIONS).map(() => random() * 2 - 1);
  wordTable.fill(0, 0, TINY_DIMENSIONS); // [PAD]
  // [CLS] and [SEP] are in every text: kept short so that the words, not the frame, decide what is close.
  for (let i = TINY_DIMENSIONS; i < SPECIAL_TOKENS.length * TINY_DIMENSIONS; i++) wordTable[i]! *= 0.1;
  const typeTable = new Float32Array(2 * TINY_DIMENSIONS).map(() => (random() * 2 - 1) * 0.05);
  const batchBySequence = [dimParam('batch'), dimParam('sequence')];
  const graph = concat(
    node('Gather', ['word_embeddings', 'input_ids'], ['words']),
    node('Gather', ['type_embeddings', 'token_type_ids'], ['types']),
    node('Add', ['words', 'types'], ['summed']),
    node('Cast', ['attention_mask'], ['mask'], intAttribute('to', DATA_TYPE_FLOAT)),
    node('Unsqueeze', ['mask', 'last_axis'], ['mask_3d']),
    node('Mul', ['summed', 'mask_3d'], ['last_hidden_state']),
    stringField(GRAPH_NAME, 'tiny_sentence_embedder'),
    tensor('word_embeddings', DATA_TYPE_FLOAT, [TINY_VOCABULARY.length, TINY_DIMENSIONS], wordTable),
    tensor('type_embeddings', DATA_TYPE_FLOAT, [2, TINY_DIMENSIONS], typeTable),
    tensor('last_axis', DATA_TYPE_INT64, [1], new BigInt64Array([2n])),
    valueInfo(GRAPH_INPUT, 'input_ids', DATA_TYPE_INT64, batchBySequence),
    valueInfo(GRAPH_INPUT, 'attention_mask', DATA_TYPE_INT64, batchBySequence),
    valueInfo(GRAPH_INPUT, 'token_type_ids', DATA_TYPE_INT64, batchBySequence),
    valueInfo(GRAPH_OUTPUT, 'last_hidden_state', DATA_TYPE_FLOAT, [...batchBySequence, dimValue(TINY_DIMENSIONS)]),
  );
  return concat(
    varintField(MODEL_IR_VERSION, 8),
    stringField(MODEL_PRODUCER_NAME, 'dailypapers-test'),
    lengthDelimited(MODEL_GRAPH, graph),
    lengthDelimited(MODEL_OPSET_IMPORT, concat(stringField(1, ''), varintField(2, 13))),
  );
}

// Field numbers of onnx.proto. ModelProto:
const MODEL_IR_VERSION = 1;
const MODEL_PRODUCER_NAME = 2;
const MODEL_GRAPH = 7;
const MODEL_OPSET_IMPORT = 8;
// GraphProto:
const GRAPH_NODE = 1;
const GRAPH_NAME = 2;
const GRAPH_INITIALIZER = 5;
const GRAPH_INPUT = 11;
const GRAPH_OUTPUT = 12;
// TensorProto.DataType:
const DATA_TYPE_FLOAT = 1;
const DATA_TYPE_INT64 = 7;
const ATTRIBUTE_TYPE_INT = 2;

function node(opType: string, inputs: string[], outputs: string[], ...attributes: Uint8Array[]): Uint8Array {
  return lengthDelimited(
    GRAPH_NODE,
    concat(
      ...inputs.map((name) => stringField(1, name)),
      ...outputs.map((name) => stringField(2, name)),
      stringField(3, `${opType}_${outputs[0]}`),
      stringField(4, opType),
      ...attributes.map((a) => lengthDelimited(5, a)),
    ),
  );
}

/** AttributeProto: name = 1, i = 3, type = 20. */
function intAttribute(name: string, value: number): Uint8Array {
  return concat(stringField(1, name), varintField(3, value), varintField(20, ATTRIBUTE_TYPE_INT));
}

/** An initializer (TensorProto: dims = 1, data_type = 2, name = 8, raw_data = 9, little-endian). */
function tensor(name: string, dataType: number, dims: number[], values: Float32Array | BigInt64Array): Uint8Array {
  const raw = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  return lengthDelimited(
    GRAPH_INITIALIZER,
    concat(...dims.map((d) => varintField(1, d)), varintField(2, dataType), stringField(8, name), lengthDelimited(9, raw)),
  );
}

/** ValueInfoProto (name = 1, type = 2) → TypeProto.tensor_type = 1 → elem_type = 1, shape = 2 → dim = 1. */
function valueInfo(field: number, name: string, elemType: number, dims: Uint8Array[]): Uint8Array {
  const shape = concat(...dims.map((d) => lengthDelimited(1, d)));
  const tensorType = concat(varintField(1, elemType), lengthDelimited(2, shape));
  return lengthDelimited(field, concat(stringField(1, name), lengthDelimited(2, lengthDelimited(1, tensorType))));
}

/** TensorShapeProto.Dimension: dim_value = 1, dim_param = 2. */
function dimValue(n: number): Uint8Array {
  return varintField(1, n);
}
function dimParam(name: string): Uint8Array {
  return stringField(2, name);
}

// Protobuf wire format: a key (field number << 3 | wire type), then a varint or a length and bytes.

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
}

function varintField(field: number, value: number): Uint8Array {
  return Uint8Array.from([...varint(field * 8), ...varint(value)]);
}

function lengthDelimited(field: number, bytes: Uint8Array): Uint8Array {
  return concat(Uint8Array.from([...varint(field * 8 + 2), ...varint(bytes.length)]), bytes);
}

function stringField(field: number, s: string): Uint8Array {
  return lengthDelimited(field, new TextEncoder().encode(s));
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
