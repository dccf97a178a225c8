// A small writer of ONNX files (protobuf, field numbers from onnx.proto), for the tiny test model and the
// benchmark's random-weight model of a real model's shape: nodes, attributes, initializers, inputs and outputs.

// Field numbers of onnx.proto. ModelProto:
export const MODEL_IR_VERSION = 1;
export const MODEL_PRODUCER_NAME = 2;
export const MODEL_GRAPH = 7;
export const MODEL_OPSET_IMPORT = 8;
// GraphProto:
export const GRAPH_NODE = 1;
export const GRAPH_NAME = 2;
export const GRAPH_INITIALIZER = 5;
export const GRAPH_INPUT = 11;
export const GRAPH_OUTPUT = 12;
// TensorProto.DataType:
export const DATA_TYPE_FLOAT = 1;
export const DATA_TYPE_INT64 = 7;
export const ATTRIBUTE_TYPE_INT = 2;

export function node(opType: string, inputs: string[], outputs: string[], ...attributes: Uint8Array[]): Uint8Array {
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
export function intAttribute(name: string, value: number): Uint8Array {
  return concat(stringField(1, name), varintField(3, value), varintField(20, ATTRIBUTE_TYPE_INT));
}

/** An initializer (TensorProto: dims = 1, data_type = 2, name = 8, raw_data = 9, little-endian). */
export function tensor(name: string, dataType: number, dims: number[], values: Float32Array | BigInt64Array): Uint8Array {
  const raw = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  return lengthDelimited(
    GRAPH_INITIALIZER,
    concat(...dims.map((d) => varintField(1, d)), varintField(2, dataType), stringField(8, name), lengthDelimited(9, raw)),
  );
}

/** ValueInfoProto (name = 1, type = 2) → TypeProto.tensor_type = 1 → elem_type = 1, shape = 2 → dim = 1. */
export function valueInfo(field: number, name: string, elemType: number, dims: Uint8Array[]): Uint8Array {
  const shape = concat(...dims.map((d) => lengthDelimited(1, d)));
  const tensorType = concat(varintField(1, elemType), lengthDelimited(2, shape));
  return lengthDelimited(field, concat(stringField(1, name), lengthDelimited(2, lengthDelimited(1, tensorType))));
}

/** TensorShapeProto.Dimension: dim_value = 1, dim_param = 2. */
export function dimValue(n: number): Uint8Array {
  return varintField(1, n);
}
export function dimParam(name: string): Uint8Array {
  return stringField(2, name);
}

// Protobuf wire format: a key (field number << 3 | wire type), then a varint or a length and bytes.

function varint(n: number): number[] {
  const out: number[] = [];
  if (n < 0) {
    // A negative int64 (axis -1) is its two's complement: ten bytes.
    let b = BigInt.asUintN(64, BigInt(n));
    while (b > 0x7fn) {
      out.push(Number(b & 0x7fn) | 0x80);
      b >>= 7n;
    }
    out.push(Number(b));
    return out;
  }
  while (n > 0x7f) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
}

export function varintField(field: number, value: number): Uint8Array {
  return Uint8Array.from([...varint(field * 8), ...varint(value)]);
}

export function lengthDelimited(field: number, bytes: Uint8Array): Uint8Array {
  return concat(Uint8Array.from([...varint(field * 8 + 2), ...varint(bytes.length)]), bytes);
}

export function stringField(field: number, s: string): Uint8Array {
  return lengthDelimited(field, new TextEncoder().encode(s));
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A float attribute (AttributeProto: f = 2, type FLOAT = 1). */
export function floatAttribute(name: string, value: number): Uint8Array {
  const f = new Uint8Array(new Float32Array([value]).buffer);
  return concat(stringField(1, name), Uint8Array.from([2 * 8 + 5]), f, varintField(20, 1));
}

/** An ints attribute (AttributeProto: ints = 8, type INTS = 7). */
export function intsAttribute(name: string, values: number[]): Uint8Array {
  return concat(stringField(1, name), ...values.map((v) => varintField(8, v)), varintField(20, 7));
}

/** A whole model: the graph's parts, with the default opset `opset`. */
export function modelBytes(graph: Uint8Array[], opset: number, producer: string): Uint8Array {
  return concat(
    varintField(MODEL_IR_VERSION, 8),
    stringField(MODEL_PRODUCER_NAME, producer),
    lengthDelimited(MODEL_GRAPH, concat(...graph)),
    lengthDelimited(MODEL_OPSET_IMPORT, concat(stringField(1, ''), varintField(2, opset))),
  );
}
