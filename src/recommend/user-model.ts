// A user's taste as a linear model. arxiv-sanity trains a linear SVM per user on TF-IDF rows of the whole corpus at
// every visit; here L2-regularised logistic regression is trained on the user's own examples against a sample of
// other recent papers: a few hundred examples, tens of milliseconds, so it is trained fresh on each visit and never
// goes stale, and the corpus is never retrained for it. Features are the papers' sparse TF-IDF rows under the corpus
// model's vocabulary (measured better than its 128-dimensional LSA vectors, bench/for-you.ts), or, with an external
// embedding provider (no vocabulary), the papers' vectors.

/** A paper's features: a sparse row (column ids and values); a dense vector is the row over columns 0 .. d-1. */
export interface FeatureRow {
  cols: Uint32Array | Int32Array;
  vals: Float32Array;
}

export interface Example {
  row: FeatureRow;
  label: 1 | 0;
  weight: number;
}

export interface LinearModel {
  w: Float64Array;
  b: number;
}

const EPOCHS = 60;
// Full-batch gradient descent on unit-length rows converges slowly at small steps: 0.5 left the model undertrained
// (precision@10 0.59 against arxiv-sanity's 0.72 on bench/for-you.ts); 4 reaches it within the 60 epochs.
const LEARNING_RATE = 4;
const L2 = 1e-3;

export function denseRow(v: Float32Array): FeatureRow {
  return { cols: Uint32Array.from({ length: v.length }, (_, j) => j), vals: v };
}

export function score(model: LinearModel, r: FeatureRow): number {
  let z = model.b;
  for (let k = 0; k < r.cols.length; k++) z += model.w[r.cols[k]!]! * r.vals[k]!;
  return z;
}

/** Trains the model by full-batch gradient descent (deterministic: same examples, same model). */
export function trainUserModel(examples: Example[], dimensions: number): LinearModel {
  const model: LinearModel = { w: new Float64Array(dimensions), b: 0 };
  const totalWeight = examples.reduce((s, e) => s + e.weight, 0) || 1;
  const grad = new Float64Array(dimensions);
  // Only columns some example uses ever move (the L2 pull on the others stays at zero).
  const used = [...new Set(examples.flatMap((e) => [...e.row.cols]))];
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (const j of used) grad[j] = 0;
    let gb = 0;
    for (const e of examples) {
      const g = (1 / (1 + Math.exp(-score(model, e.row))) - e.label) * e.weight;
      for (let k = 0; k < e.row.cols.length; k++) grad[e.row.cols[k]!]! += g * e.row.vals[k]!;
      gb += g;
    }
    for (const j of used) model.w[j]! -= LEARNING_RATE * (grad[j]! / totalWeight + L2 * model.w[j]!);
    model.b -= (LEARNING_RATE * gb) / totalWeight;
  }
  return model;
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}
