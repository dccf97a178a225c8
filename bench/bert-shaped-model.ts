// A BERT encoder of a real model's shape with random weights, as an ONNX file: what EMBEDDINGS=auto's model costs
// to run (bench/embedding-throughput.ts) without downloading it. Embeddings (word, position, type) and layer norm,
// then `layers` blocks of multi-head self-attention (masked) and a GELU feed-forward, each with its residual and
// layer norm; the output is last_hidden_state, as sentence-transformers exports give it. Opset 17 (LayerNormalization).
import { seededRandom } from '../src/embeddings/linear-algebra.ts';
import {
  DATA_TYPE_FLOAT,
  DATA_TYPE_INT64,
  dimParam,
  dimValue,
  floatAttribute,
  GRAPH_INPUT,
  GRAPH_NAME,
  GRAPH_OUTPUT,
  intAttribute,
  intsAttribute,
  modelBytes,
  node,
  stringField,
  tensor,
  valueInfo,
} from '../test/helpers/onnx-proto.ts';

export interface BertShape {
  layers: number;
  hidden: number;
  heads: number;
  intermediate: number;
  vocabulary: number;
  positions: number;
}

/** all-MiniLM-L6-v2's shape (its config.json). */
export const MINILM_L6: BertShape = { layers: 6, hidden: 384, heads: 12, intermediate: 1536, vocabulary: 30_522, positions: 512 };

export function bertShapedModel(shape: BertShape, seed = 1): Uint8Array {
  const random = seededRandom(seed);
  const weights = (n: number, scale = 0.02) => Float32Array.from({ length: n }, () => (random() * 2 - 1) * scale);
  const ones = (n: number) => new Float32Array(n).fill(1);
  const zeros = (n: number) => new Float32Array(n);
  const H = shape.hidden;
  const parts: Uint8Array[] = [stringField(GRAPH_NAME, 'bert_shaped_random')];
  const init = (name: string, dims: number[], values: Float32Array | BigInt64Array, type = DATA_TYPE_FLOAT) =>
    parts.push(tensor(name, type, dims, values));
  const op = (type: string, inputs: string[], output: string, ...attrs: Uint8Array[]) => {
    parts.push(node(type, inputs, [output], ...attrs));
    return output;
  };
  const i64 = (name: string, values: number[]) => init(name, [values.length], BigInt64Array.from(values.map(BigInt)), DATA_TYPE_INT64);
  const scalar = (name: string, v: number) => init(name, [], Float32Array.of(v));

  init('word_embeddings', [shape.vocabulary, H], weights(shape.vocabulary * H));
  init('position_embeddings', [shape.positions, H], weights(shape.positions * H));
  init('type_embeddings', [2, H], weights(2 * H));
  i64('zero1', [0]);
  i64('axes12', [1, 2]);
  i64('heads_shape', [0, 0, shape.heads, H / shape.heads]);
  i64('hidden_shape', [0, 0, H]);
  init('one_index', [], BigInt64Array.of(1n), DATA_TYPE_INT64);
  scalar('one', 1);
  scalar('half', 0.5);
  scalar('sqrt2', Math.SQRT2);
  scalar('mask_fill', -10_000);
  scalar('attention_scale', 1 / Math.sqrt(H / shape.heads));

  const norm = (x: string, name: string) => {
    init(`${name}_g`, [H], ones(H));
    init(`${name}_b`, [H], zeros(H));
    return op(
      'LayerNormalization',
      [x, `${name}_g`, `${name}_b`],
      `${name}_out`,
      intAttribute('axis', -1),
      floatAttribute('epsilon', 1e-12),
    );
  };
  const dense = (x: string, name: string, from: number, to: number) => {
    init(`${name}_w`, [from, to], weights(from * to));
    init(`${name}_bias`, [to], zeros(to));
    return op('Add', [op('MatMul', [x, `${name}_w`], `${name}_mm`), `${name}_bias`], `${name}_out`);
  };

  // Embeddings: words + the first S positions + token types, normalised.
  const length = op('Unsqueeze', [op('Gather', [op('Shape', ['input_ids'], 'ids_shape'), 'one_index'], 'seq_len'), 'zero1'], 'seq_len_1d');
  const positions = op('Slice', ['position_embeddings', 'zero1', length, 'zero1'], 'positions');
  const words = op('Gather', ['word_embeddings', 'input_ids'], 'words');
  const types = op('Gather', ['type_embeddings', 'token_type_ids'], 'types');
  let x = norm(op('Add', [op('Add', [words, types], 'words_types'), positions], 'embedded'), 'embeddings_norm');
  // Padding is masked out of attention: -10,000 added to its scores.
  const mask = op('Unsqueeze', [op('Cast', ['attention_mask'], 'mask_float', intAttribute('to', DATA_TYPE_FLOAT)), 'axes12'], 'mask_4d');
  const bias = op('Mul', [op('Sub', ['one', mask], 'mask_inverse'), 'mask_fill'], 'mask_bias');

  for (let l = 0; l < shape.layers; l++) {
    const p = `layer${l}`;
    const split = (t: string, perm: number[]) =>
      op('Transpose', [op('Reshape', [t, 'heads_shape'], `${t}_heads`)], `${t}_t`, intsAttribute('perm', perm));
    const q = split(dense(x, `${p}_q`, H, H), [0, 2, 1, 3]);
    const k = split(dense(x, `${p}_k`, H, H), [0, 2, 3, 1]);
    const v = split(dense(x, `${p}_v`, H, H), [0, 2, 1, 3]);
    const scores = op('Add', [op('Mul', [op('MatMul', [q, k], `${p}_qk`), 'attention_scale'], `${p}_scaled`), bias], `${p}_masked`);
    const weightsOf = op('Softmax', [scores], `${p}_attention`, intAttribute('axis', -1));
    const context = op(
      'Reshape',
      [
        op('Transpose', [op('MatMul', [weightsOf, v], `${p}_context`)], `${p}_context_t`, intsAttribute('perm', [0, 2, 1, 3])),
        'hidden_shape',
      ],
      `${p}_context_h`,
    );
    x = norm(op('Add', [dense(context, `${p}_o`, H, H), x], `${p}_residual1`), `${p}_norm1`);
    const up = dense(x, `${p}_up`, H, shape.intermediate);
    // GELU as BERT computes it: x * (1 + erf(x / sqrt 2)) / 2.
    const gelu = op(
      'Mul',
      [op('Mul', [up, op('Add', [op('Erf', [op('Div', [up, 'sqrt2'], `${p}_div`)], `${p}_erf`), 'one'], `${p}_erf1`)], `${p}_gx`), 'half'],
      `${p}_gelu`,
    );
    x = norm(op('Add', [dense(gelu, `${p}_down`, shape.intermediate, H), x], `${p}_residual2`), `${p}_norm2`);
  }
  op('Identity', [x], 'last_hidden_state');
  const bySequence = [dimParam('batch'), dimParam('sequence')];
  parts.push(
    valueInfo(GRAPH_INPUT, 'input_ids', DATA_TYPE_INT64, bySequence),
    valueInfo(GRAPH_INPUT, 'attention_mask', DATA_TYPE_INT64, bySequence),
    valueInfo(GRAPH_INPUT, 'token_type_ids', DATA_TYPE_INT64, bySequence),
    valueInfo(GRAPH_OUTPUT, 'last_hidden_state', DATA_TYPE_FLOAT, [...bySequence, dimValue(H)]),
  );
  return modelBytes(parts, 17, 'dailypapers-bench');
}
