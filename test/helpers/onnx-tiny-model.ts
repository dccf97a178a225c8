// A tiny BERT-shaped sentence-embedding model folder, written at test time: model.onnx (a lookup table of word
// vectors, no layers), a WordPiece tokenizer.json with a few dozen words, and config.json. It has the inputs and
// output of a real export (input_ids, attention_mask, token_type_ids → last_hidden_state), so the ONNX provider
// runs it exactly as it runs all-MiniLM-L6-v2, in milliseconds and from a few kilobytes.
// The ONNX file is protobuf, written by onnx-proto.ts.
import fs from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../../src/embeddings/linear-algebra.ts';
import {
  concat,
  DATA_TYPE_FLOAT,
  DATA_TYPE_INT64,
  dimParam,
  dimValue,
  GRAPH_INPUT,
  GRAPH_NAME,
  GRAPH_OUTPUT,
  intAttribute,
  modelBytes,
  node,
  stringField,
  tensor,
  valueInfo,
} from './onnx-proto.ts';

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
  return modelBytes([graph], 13, 'dailypapers-test');
}
